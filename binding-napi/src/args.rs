//! Turning JavaScript arguments into a checked `Spec`, and `SpecError` into a JS error.

use hashmill_core::{Algorithm, SeedWidth, Spec, SpecError};
use napi::bindgen_prelude::{BigInt, Uint8ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// One row of the algorithm table that `lib/options.js` validates against.
#[napi(object)]
pub struct AlgorithmInfo {
    pub id: u32,
    pub name: String,
    pub digest_length: u32,
    pub xof: bool,
    pub key_modes: bool,
    /// 0, 32 or 64.
    pub seed_bits: u32,
    pub parallel: bool,
}

/// The algorithms this build offers, from the core's table.
#[napi]
pub fn algorithm_table() -> Vec<AlgorithmInfo> {
    Algorithm::ALL
        .into_iter()
        .map(|a| AlgorithmInfo {
            id: a.id(),
            name: a.name().to_owned(),
            digest_length: a.digest_len() as u32,
            xof: a.is_xof(),
            key_modes: a.has_key_modes(),
            seed_bits: match a.seed_width() {
                SeedWidth::None => 0,
                SeedWidth::Bits32 => 32,
                SeedWidth::Bits64 => 64,
            },
            parallel: a.is_parallel(),
        })
        .collect()
}

/// A core error as a JS `Error` (`lib/` has validated already, so this is a last resort).
pub fn spec_error(e: SpecError) -> Error {
    Error::new(Status::InvalidArg, e.to_string())
}

fn seed_value(seed: Option<BigInt>) -> Result<Option<u64>> {
    seed.map(|s| match s.get_u64() {
        (false, value, true) => Ok(value),
        _ => Err(Error::new(Status::InvalidArg, "seed must fit in 64 bits")),
    })
    .transpose()
}

/// Builds the spec that every entry point takes.
pub fn spec(
    algorithm: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
) -> Result<Spec> {
    let algorithm = Algorithm::from_id(algorithm)
        .ok_or_else(|| spec_error(SpecError::UnknownAlgorithm(algorithm)))?;
    Spec::new(
        algorithm,
        key.as_deref(),
        context.as_deref(),
        seed_value(seed)?,
    )
    .map_err(spec_error)
}
