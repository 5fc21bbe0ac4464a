//! # hashmill-core
//!
//! The algorithms, streaming state and one-shot hashing behind the hashmill npm package,
//! in pure Rust with no binding dependencies. Two thin bindings wrap it: a napi-rs addon
//! (`binding-napi`, with rayon threads) and a wasm-bindgen module (`binding-wasm`, run in
//! a pool of Node `worker_threads`). Everything users can observe about a digest is
//! decided here, so both backends give byte-identical results.
//!
//! SIMD is chosen at run time on native targets by the crates underneath (blake3:
//! SSE4.1/AVX2/AVX-512; sha2/sha1: SHA-NI; twox-hash: AVX2/NEON; crc-fast: PCLMULQDQ,
//! VPCLMULQDQ, PMULL), and at compile time (`+simd128`) on wasm32.
//!
//! ```
//! use hashmill_core::{hash_vec, Algorithm, Spec};
//! let digest = hash_vec(&Spec::plain(Algorithm::Sha256), b"abc");
//! assert_eq!(digest[..4], [0xba, 0x78, 0x16, 0xbf]);
//! ```

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

mod algorithm;
mod blake3_stream;
pub mod build_tools;
pub mod cache;
mod crc;
mod crc_combine;
mod error;
mod file;
pub mod git;
mod git_blob;
mod handles;
mod hasher;
mod host_fs;
mod manifest;
mod many;
mod md5;
mod oneshot;
mod parts;
mod pieces;
pub mod reply;
pub mod s3;
mod saved;
#[cfg(all(feature = "fs", unix))]
mod sigbus;
mod spec;
mod state;
#[cfg(feature = "fs")]
mod std_file;
#[cfg(feature = "fs")]
mod std_fs;
mod subtree;
pub mod table;
#[cfg(test)]
mod testing;
mod walk;
mod xxh3;
mod xxh3_stream;

pub use algorithm::{Algorithm, SeedWidth};
pub use crc_combine::{combine, combine_all, combine_digests, parts_from_bytes};
pub use error::{os_code, Error, ErrorKind};
pub use file::{hash_open_file, FileDigest, Observer, OpenFile, Sink, Unobserved};
pub use handles::Handles;
pub use hasher::{Hasher, CRC_PARALLEL_MIN_LEN, PARALLEL_MIN_LEN};
pub use host_fs::{HostFs, MaybeSync, Meta, Time};
pub use many::{hash_each_into, slices_from_ends, Written};
#[cfg(feature = "rayon")]
pub use many::{hash_each_parallel, worth_spreading};
pub use oneshot::{hash_into, hash_vec};
pub use parts::{hash_parts, PartHashers};
pub use pieces::{hash_file_range, merge_pieces, valid_layout, FileRange, PieceHasher, Split};
pub use spec::{Blake3Mode, Spec, SpecError, BLAKE3_KEY_LEN, MAX_OUTPUT_LEN};
pub use state::{StateError, STATE_VERSION};
pub use subtree::{merge as merge_subtrees, valid_piece_len, Cv, SubtreeHasher};
pub use walk::{sizes_of, walk, Entry, Fs, Kind, Spawner, Stat, WalkOptions, WalkedFile, Walker};

/// The error codes the core mints (everything else is an OS code).
pub mod codes {
    pub use crate::error::{CANCELLED, CHANGED, INVALID_STATE, PATTERN, SIZE_MISMATCH, SPEC};
}

/// Checksum lines and the coreutils-compatible tree manifest (see the module docs).
pub mod tree {
    pub use crate::manifest::{
        batch_lines, build, build_joined, escape, needs_escape, push_line, unescape, Layout,
        LineFormat,
    };
}

#[cfg(feature = "fs")]
pub use std_file::{hash_file, hash_file_in, hash_file_into, Directory, FileOptions, MMAP_MIN_LEN};
#[cfg(feature = "fs")]
pub use std_fs::{bytes_to_path, StdFs};
