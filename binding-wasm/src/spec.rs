//! The spec as it crosses from JavaScript (see the native addon's `spec.rs`: the same calls).

use hashmill_core::{Algorithm, Spec, SpecError};
use wasm_bindgen::prelude::*;

/// The facts `lib/algorithms.js` reads: the core's table as JSON.
#[wasm_bindgen(js_name = tableJson)]
pub fn table_json() -> String {
    hashmill_core::table::json()
}

/// A core error as a thrown JavaScript error whose message is `CODE\nmessage` (see the
/// native addon's `errors.rs`).
pub fn core_error(e: hashmill_core::Error) -> JsError {
    JsError::new(&format!("{}\n{e}", e.code()))
}

/// The algorithm of `id`, or the core's error.
pub fn algorithm(id: u32) -> Result<Algorithm, JsError> {
    Algorithm::from_id(id).ok_or_else(|| core_error(SpecError::UnknownAlgorithm(id).into()))
}

/// Encodes a spec, checked by the core; `lib/` has validated the options already.
#[wasm_bindgen(js_name = specBytes)]
pub fn spec_bytes(
    algorithm: u32,
    output_length: u32,
    seed: Option<u64>,
    key: Option<Vec<u8>>,
    context: Option<String>,
    size: Option<u64>,
) -> Result<Vec<u8>, JsError> {
    Spec::new(
        self::algorithm(algorithm)?,
        key.as_deref(),
        context.as_deref(),
        seed,
    )
    .and_then(|spec| spec.with_output_len(output_length as usize))
    .and_then(|spec| match size {
        Some(size) => spec.with_size(size),
        None => Ok(spec),
    })
    .map(|spec| spec.to_bytes())
    .map_err(|e| core_error(e.into()))
}

/// The spec `bytes` encode.
pub fn decode(bytes: &[u8]) -> Result<Spec, JsError> {
    Spec::from_bytes(bytes).map_err(|e| core_error(e.into()))
}
