//! CRC combining and S3's upload rules (the native addon's `combine.rs` and `s3.rs`: the
//! same calls; the wasm backend hashes the parts in its workers).

use crate::spec::{algorithm, core_error};
use hashmill_core::s3::{checksum_type, object_digest, ChecksumType, Layout};
use hashmill_core::{combine_digests, parts_from_bytes, Algorithm};
use wasm_bindgen::prelude::*;

/// Parts crossing as their concatenated digests and little-endian u64 lengths.
fn parts<'a>(
    algorithm: Algorithm,
    digests: &'a [u8],
    lengths: &[u8],
) -> Result<Vec<(&'a [u8], u64)>, JsError> {
    parts_from_bytes(digests, lengths, algorithm.digest_len())
        .ok_or_else(|| JsError::new("digests and lengths do not match up"))
}

fn kind(name: &str) -> Result<ChecksumType, JsError> {
    ChecksumType::from_name(name).ok_or_else(|| JsError::new("no such checksum type"))
}

/// The digest of the concatenation of parts with these `digests` and `lengths`.
#[wasm_bindgen(js_name = combineCrcs)]
pub fn combine_crcs(id: u32, digests: &[u8], lengths: &[u8]) -> Result<Vec<u8>, JsError> {
    let algorithm = algorithm(id)?;
    combine_digests(algorithm, &parts(algorithm, digests, lengths)?)
        .ok_or_else(|| JsError::new("not a CRC, or digests of the wrong length"))
}

/// The number of parts of an upload of `size` bytes in parts of `part_size` (none: a
/// single PUT), or S3's refusal.
#[wasm_bindgen(js_name = s3Parts)]
pub fn s3_parts(size: f64, part_size: Option<f64>) -> Result<f64, JsError> {
    let layout =
        Layout::new(size as u64, part_size.map(|p| p as u64)).map_err(|e| core_error(e.into()))?;
    Ok(layout.parts as f64)
}

/// The checksum type of an upload with algorithm `id`: `wanted`, or S3's default, or S3's
/// refusal.
#[wasm_bindgen(js_name = s3ChecksumType)]
pub fn s3_checksum_type(
    id: u32,
    multipart: bool,
    wanted: Option<String>,
) -> Result<String, JsError> {
    let wanted = wanted.as_deref().map(kind).transpose()?;
    checksum_type(algorithm(id)?, multipart, wanted)
        .map(|kind| kind.name().to_owned())
        .map_err(|e| core_error(e.into()))
}

/// The object-level digest S3 derives from the parts' `digests` and `lengths`.
#[wasm_bindgen(js_name = s3ObjectDigest)]
pub fn s3_object_digest(
    id: u32,
    kind_name: &str,
    multipart: bool,
    digests: &[u8],
    lengths: &[u8],
) -> Result<Vec<u8>, JsError> {
    let algorithm = algorithm(id)?;
    object_digest(
        algorithm,
        kind(kind_name)?,
        multipart,
        &parts(algorithm, digests, lengths)?,
    )
    .ok_or_else(|| JsError::new("digests that do not make an object"))
}
