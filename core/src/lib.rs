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
//! let digest = hash_vec(&Spec::plain(Algorithm::Sha256), b"abc", 32).unwrap();
//! assert_eq!(digest[..4], [0xba, 0x78, 0x16, 0xbf]);
//! ```

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

mod algorithm;
#[cfg(feature = "fs")]
mod file;
mod hasher;
pub(crate) mod manifest;
mod oneshot;
#[cfg(all(feature = "fs", unix))]
mod sigbus;
mod size_check;
mod spec;
#[cfg(feature = "fs")]
mod std_fs;
mod subtree;
mod walk;
mod xxh3;

pub use algorithm::{Algorithm, SeedWidth};
pub use hasher::{Hasher, PARALLEL_MIN_LEN};
pub use oneshot::{hash_into, hash_vec};
pub use size_check::changed_size;
pub use spec::{Blake3Mode, Spec, SpecError, BLAKE3_KEY_LEN, MAX_OUTPUT_LEN};
pub use subtree::{merge as merge_subtrees, valid_piece_len, Cv, SubtreeHasher};
pub use walk::{walk, Entry, Fs, FsError, Kind, Stat, WalkError, WalkOptions, WalkedFile};

/// The coreutils-compatible tree manifest (see the module docs).
pub mod tree {
    pub use crate::manifest::{build, needs_escape, push_line, unescape};
}

#[cfg(feature = "fs")]
pub use file::{hash_file, FileDigest, FileError, FileOptions, Observer, MMAP_MIN_LEN};
#[cfg(feature = "fs")]
pub use std_fs::{bytes_to_path, error_code, StdFs};
