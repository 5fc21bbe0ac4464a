//! # hashmill native addon
//!
//! Conversion between Node-API and `hashmill-core`, plus the OS threads async calls run
//! on. No algorithm and no rule lives here. Every call takes the spec as the bytes
//! [`spec_bytes`] made once per options object (`hashmill_core::Spec::to_bytes`), the same
//! contract the wasm binding offers, so `lib/` drives both backends alike.

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

mod build_tools;
mod combine;
mod cpu;
mod errors;
mod files_task;
mod hashers;
mod manifest;
mod many;
mod oneshot;
mod pool;
mod progress;
mod s3;
mod scratch;
mod spec;
mod state;
mod task;
mod tree_task;
mod walk_task;

pub use build_tools::{
    cache_end_run, git_directory_tree, git_work_tree, hash_files_with_cache, hash_tree_with_cache,
    BuildToolTask, GitEnvironment,
};
pub use combine::combine_crcs;
pub use cpu::cpu_features;
pub use files_task::{hash_file_sync, hash_files, hash_files_sync, FileFailure, FilesOutcome};
pub use hashers::{
    hasher_copy, hasher_digest, hasher_digest_into, hasher_free, hasher_memory, hasher_new,
    hasher_reset, hasher_update, hasher_update_async,
};
pub use manifest::{build_manifest, escape_name, format_lines, unescape_name};
pub use many::{hash_many_async, hash_many_sync, ManyTask};
pub use oneshot::{hash_async, hash_sync, hash_sync_into};
pub use pool::{set_thread_count, thread_count};
pub use progress::FileProgress;
pub use s3::{hash_file_parts, hash_parts, s3_checksum_type, s3_object_digest, s3_parts};
pub use spec::{spec_bytes, table_json};
pub use state::{hasher_options, hasher_restore, hasher_save};
pub use task::CancelFlag;
pub use tree_task::{TreeBatch, TreeCursor};
pub use walk_task::{walk_directory, WalkOutcome, WalkSettings};
