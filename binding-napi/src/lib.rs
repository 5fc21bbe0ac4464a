//! # hashmill native addon
//!
//! Argument conversion between Node-API and `hashmill-core`, plus the OS threads that
//! async calls run on. No algorithm lives here. The JavaScript layer (`lib/`) validates
//! user input and picks what to call; this crate trusts it only as far as `Spec::new`
//! checks again.

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

mod args;
mod cpu;
mod files;
mod hasher;
mod oneshot;
mod pool;
mod task;

pub use args::{algorithm_table, AlgorithmInfo};
pub use cpu::cpu_features;
pub use files::{
    build_manifest, hash_file_sync, hash_files, walk_directory, FileOutcome, FileProgress,
    WalkEntry, WalkOutcome,
};
pub use hasher::NativeHasher;
pub use oneshot::{hash_async, hash_sync, hash_sync_into};
pub use pool::{set_thread_count, thread_count};
pub use task::CancelFlag;
