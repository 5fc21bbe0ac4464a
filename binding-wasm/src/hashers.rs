//! Streaming hashers of this instance, named by handles (the native addon's contract).
//!
//! `lib/` frees a hasher at `digest` and, for hashers dropped without one, from a
//! `FinalizationRegistry`, so a synchronous loop of hashers keeps its memory flat.

use crate::spec::decode;
use crate::staging::with_staged;
use hashmill_core::{Handles, Hasher};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

thread_local! {
    static HASHERS: RefCell<Handles<Hasher>> = const { RefCell::new(Handles::new()) };
    /// Bytes the live hashers hold (as the native addon tallies them).
    static HELD: Cell<usize> = const { Cell::new(0) };
}

fn stale() -> JsError {
    JsError::new("no such hasher (already digested or freed)")
}

/// Runs `f` on the hasher of `handle` (a JavaScript number below 2^53).
pub(crate) fn with_hasher<R>(handle: f64, f: impl FnOnce(&mut Hasher) -> R) -> Result<R, JsError> {
    HASHERS.with(|table| {
        table
            .borrow_mut()
            .get_mut(handle as u64)
            .map(f)
            .ok_or_else(stale)
    })
}

pub(crate) fn insert(hasher: Hasher) -> f64 {
    HELD.with(|held| held.set(held.get() + hasher.memory_size()));
    HASHERS.with(|table| table.borrow_mut().insert(hasher) as f64)
}

/// Takes the hasher of `handle` out of the table.
fn remove(handle: f64) -> Option<Hasher> {
    let hasher = HASHERS.with(|table| table.borrow_mut().remove(handle as u64))?;
    HELD.with(|held| held.set(held.get() - hasher.memory_size()));
    Some(hasher)
}

/// The bytes live hashers hold (for tests and diagnostics).
#[wasm_bindgen(js_name = hasherMemory)]
pub fn hasher_memory() -> f64 {
    HELD.with(|held| held.get() as f64)
}

/// A new hasher for `spec`; returns its handle.
#[wasm_bindgen(js_name = hasherNew)]
pub fn hasher_new(spec: &[u8]) -> Result<f64, JsError> {
    Ok(insert(Hasher::new(decode(spec)?)))
}

/// Feeds the first `len` bytes of the staging area.
#[wasm_bindgen(js_name = hasherUpdateStaged)]
pub fn hasher_update_staged(handle: f64, len: usize) -> Result<(), JsError> {
    with_hasher(handle, |h| with_staged(len, |data| h.update(data)))
}

/// The digest; the hasher is freed and its handle is no longer valid. A git blob ID fed
/// another length than it declared fails and stays (as on the native backend).
#[wasm_bindgen(js_name = hasherDigest)]
pub fn hasher_digest(handle: f64) -> Result<Vec<u8>, JsError> {
    let digest = with_hasher(handle, |h| h.try_finalize_vec())?
        .map_err(|e| crate::spec::core_error(e.into()))?;
    remove(handle);
    Ok(digest)
}

/// A new hasher with the same state; returns its handle.
#[wasm_bindgen(js_name = hasherCopy)]
pub fn hasher_copy(handle: f64) -> Result<f64, JsError> {
    let copy = with_hasher(handle, |h| h.clone())?;
    Ok(insert(copy))
}

/// Forgets all input, keeping the spec.
#[wasm_bindgen(js_name = hasherReset)]
pub fn hasher_reset(handle: f64) -> Result<(), JsError> {
    with_hasher(handle, Hasher::reset)
}

/// Frees a hasher (nothing if it is already gone).
#[wasm_bindgen(js_name = hasherFree)]
pub fn hasher_free(handle: f64) {
    remove(handle);
}
