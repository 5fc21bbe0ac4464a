//! # hashmill wasm module
//!
//! The wasm-bindgen face of `hashmill-core`, with the same contract as the native addon:
//! the spec crosses as the bytes [`spec::spec_bytes`] made once per options object, and
//! streaming hashers are named by handles. Each wasm instance (one per pool worker, one on
//! the calling thread) is independent; JavaScript moves bytes into its staging area and
//! keeps all scheduling, cancellation and I/O, so this crate stays synchronous and small.

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

#[cfg(feature = "node")]
mod build_tools;
#[cfg(feature = "files")]
mod file_hash;
#[cfg(feature = "files")]
mod fs_bridge;
mod hashers;
mod many;
mod pieces;
#[cfg(feature = "files")]
mod replies;
mod s3;
mod spec;
mod staging;
mod state;
#[cfg(feature = "files")]
mod tree;
#[cfg(feature = "node")]
mod walk_cursor;

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs a panic hook that keeps the message, so a trap can be reported with its cause.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|m| *m.borrow_mut() = info.to_string());
    }));
}

/// The message of the last panic, read by JavaScript after a `RuntimeError` trap.
#[wasm_bindgen(js_name = lastPanicMessage)]
pub fn last_panic_message() -> String {
    LAST_PANIC.with(|m| m.borrow().clone())
}
