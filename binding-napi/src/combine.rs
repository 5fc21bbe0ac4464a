//! The digest of a concatenation from its parts' CRC digests and lengths
//! (hashmill-core `combine_digests`), for `combine()`.

use crate::errors::core_error;
use hashmill_core::{combine_digests, parts_from_bytes, Algorithm, SpecError};
use napi::bindgen_prelude::{Buffer, Uint8ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// The algorithm of `id`, or the core's error.
pub fn algorithm(id: u32) -> Result<Algorithm> {
    Algorithm::from_id(id).ok_or_else(|| core_error(SpecError::UnknownAlgorithm(id).into()))
}

/// Parts crossing as their concatenated digests and little-endian u64 lengths.
pub fn parts<'a>(
    algorithm: Algorithm,
    digests: &'a [u8],
    lengths: &[u8],
) -> Result<Vec<(&'a [u8], u64)>> {
    parts_from_bytes(digests, lengths, algorithm.digest_len())
        .ok_or_else(|| Error::new(Status::InvalidArg, "digests and lengths do not match up"))
}

/// The digest of the concatenation of parts with these `digests` and `lengths`.
#[napi]
pub fn combine_crcs(id: u32, digests: Uint8ArraySlice, lengths: Uint8ArraySlice) -> Result<Buffer> {
    let algorithm = algorithm(id)?;
    combine_digests(algorithm, &parts(algorithm, &digests, &lengths)?)
        .map(Buffer::from)
        .ok_or_else(|| {
            Error::new(
                Status::InvalidArg,
                "not a CRC, or digests of the wrong length",
            )
        })
}
