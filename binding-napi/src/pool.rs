//! The rayon pool that async calls and multi-threaded BLAKE3 run on.
//!
//! One pool per process, built on first use with the size `lib/` passes in (from
//! `HASHMILL_THREADS` or `os.availableParallelism()`), so the addon starts no thread
//! until it has work.

use napi::{Error, Result, Status};
use napi_derive::napi;
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

static REQUESTED: AtomicUsize = AtomicUsize::new(0);
static POOL: OnceLock<ThreadPool> = OnceLock::new();

/// Sets the number of threads; only takes effect before the pool's first use.
#[napi]
pub fn set_thread_count(threads: u32) -> Result<()> {
    if threads == 0 {
        return Err(Error::new(Status::InvalidArg, "threads must be at least 1"));
    }
    REQUESTED.store(threads as usize, Ordering::Relaxed);
    Ok(())
}

/// The number of threads the pool has or will have.
#[napi]
pub fn thread_count() -> u32 {
    match POOL.get() {
        Some(pool) => pool.current_num_threads() as u32,
        None => requested() as u32,
    }
}

fn requested() -> usize {
    match REQUESTED.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The pool, built on first call.
pub fn pool() -> &'static ThreadPool {
    POOL.get_or_init(|| {
        ThreadPoolBuilder::new()
            .num_threads(requested())
            .thread_name(|i| format!("hashmill-{i}"))
            .build()
            .expect("the OS refused to start hashmill's worker threads")
    })
}
