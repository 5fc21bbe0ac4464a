//! Saving a streaming hasher's state and restoring it (the native addon's `state.rs`: the
//! same calls).

use crate::hashers::{insert, with_hasher};
use crate::spec::core_error;
use hashmill_core::Hasher;
use wasm_bindgen::prelude::*;

/// The state of the hasher of `handle`, as bytes `hasherRestore` continues from.
#[wasm_bindgen(js_name = hasherSave)]
pub fn hasher_save(handle: f64) -> Result<Vec<u8>, JsError> {
    with_hasher(handle, |h| h.save())
}

/// A new hasher continuing the saved `bytes`; returns its handle.
#[wasm_bindgen(js_name = hasherRestore)]
pub fn hasher_restore(bytes: &[u8]) -> Result<f64, JsError> {
    let hasher = Hasher::restore(bytes).map_err(|e| core_error(e.into()))?;
    Ok(insert(hasher))
}

/// The options that make the spec of the hasher of `handle`, as JSON.
#[wasm_bindgen(js_name = hasherOptions)]
pub fn hasher_options(handle: f64) -> Result<String, JsError> {
    with_hasher(handle, |h| h.spec().options_json())
}
