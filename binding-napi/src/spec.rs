//! The spec as it crosses from JavaScript: built once per options object by [`spec_bytes`],
//! then passed as those bytes to every call, and decoded here by the core.

use crate::errors::core_error;
use hashmill_core::{Algorithm, Spec, SpecError};
use napi::bindgen_prelude::{BigInt, Buffer, Uint8ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// The facts `lib/algorithms.js` reads: the core's table as JSON.
#[napi]
pub fn table_json() -> String {
    hashmill_core::table::json()
}

/// Encodes a spec, checked by the core; `lib/` has validated the options already.
#[napi]
pub fn spec_bytes(
    algorithm: u32,
    output_length: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
    size: Option<BigInt>,
) -> Result<Buffer> {
    let algorithm = Algorithm::from_id(algorithm)
        .ok_or_else(|| core_error(SpecError::UnknownAlgorithm(algorithm).into()))?;
    let seed = seed.map(|s| u64_of(s, "seed")).transpose()?;
    let size = size.map(|s| u64_of(s, "size")).transpose()?;
    Spec::new(algorithm, key.as_deref(), context.as_deref(), seed)
        .and_then(|spec| spec.with_output_len(output_length as usize))
        .and_then(|spec| match size {
            Some(size) => spec.with_size(size),
            None => Ok(spec),
        })
        .map(|spec| spec.to_bytes().into())
        .map_err(|e| core_error(e.into()))
}

/// A BigInt that fits in 64 bits unsigned.
fn u64_of(value: BigInt, name: &str) -> Result<u64> {
    match value.get_u64() {
        (false, value, true) => Ok(value),
        _ => Err(Error::new(
            Status::InvalidArg,
            format!("{name} must fit in 64 bits"),
        )),
    }
}

/// The spec `bytes` encode.
pub fn decode(bytes: &[u8]) -> Result<Spec> {
    Spec::from_bytes(bytes).map_err(|e| core_error(e.into()))
}
