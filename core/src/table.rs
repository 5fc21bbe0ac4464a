//! The facts JavaScript needs about this build, as one JSON document.
//!
//! Both bindings export [`json`] unchanged, and `lib/algorithms.js` reads it: the algorithms
//! with what each accepts (digest length, extendable output, key modes, seed width, whether
//! one input can use several threads, whether its digests of parts combine, its OpenSSL
//! name, its speed), the limits of the options, S3's upload rules, and the error codes the
//! core mints. Nothing here is restated in JavaScript.

use crate::algorithm::{Algorithm, SeedWidth};
use crate::error::{CANCELLED, CHANGED, INVALID_STATE, PATTERN, SIZE_MISMATCH, SPEC};
use crate::s3;
use crate::spec::{BLAKE3_KEY_LEN, MAX_OUTPUT_LEN};
use std::fmt::Write as _;

fn seed_bits(width: SeedWidth) -> u32 {
    match width {
        SeedWidth::None => 0,
        SeedWidth::Bits32 => 32,
        SeedWidth::Bits64 => 64,
    }
}

/// A JSON string literal of a name (names are plain ASCII; no escaping is needed).
fn quoted(name: Option<&str>) -> String {
    name.map_or_else(|| "null".to_owned(), |n| format!("\"{n}\""))
}

/// The table as JSON: `{ maxOutputLength, keyLength, errors: { changed, cancelled, pattern,
/// spec, state, sizeMismatch }, s3: { minPartSize, maxPartSize, maxParts, algorithms, types }, algorithms: [...] }`.
///
/// ```
/// let table = hashmill_core::table::json();
/// assert!(table.contains(r#""name":"blake3""#));
/// ```
pub fn json() -> String {
    let s3_algorithms: Vec<String> = s3::CHECKSUM_ALGORITHMS
        .iter()
        .map(|a| quoted(Some(a.name())))
        .collect();
    let mut out = format!(
        r#"{{"maxOutputLength":{MAX_OUTPUT_LEN},"keyLength":{BLAKE3_KEY_LEN},"errors":{{"changed":"{CHANGED}","cancelled":"{CANCELLED}","pattern":"{PATTERN}","spec":"{SPEC}","state":"{INVALID_STATE}","sizeMismatch":"{SIZE_MISMATCH}"}},"s3":{{"minPartSize":{},"maxPartSize":{},"maxParts":{},"algorithms":[{}],"types":["{}","{}"]}},"algorithms":["#,
        s3::MIN_PART_SIZE,
        s3::MAX_PART_SIZE,
        s3::MAX_PARTS,
        s3_algorithms.join(","),
        s3::ChecksumType::FullObject.name(),
        s3::ChecksumType::Composite.name(),
    );
    for (i, a) in Algorithm::ALL.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write!(
            out,
            r#"{{"id":{},"name":"{}","digestLength":{},"xof":{},"keyModes":{},"seedBits":{},"parallel":{},"combinable":{},"cryptoName":{},"speed":{},"sized":{}}}"#,
            a.id(),
            a.name(),
            a.digest_len(),
            a.is_xof(),
            a.has_key_modes(),
            seed_bits(a.seed_width()),
            a.is_parallel(),
            a.is_crc(),
            quoted(a.crypto_name()),
            a.speed(),
            a.is_sized(),
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_json_with_every_algorithm() {
        let table: serde_json::Value = serde_json::from_str(&super::json()).unwrap();
        let rows = table["algorithms"].as_array().unwrap();
        assert_eq!(rows.len(), crate::Algorithm::ALL.len());
        assert_eq!(rows[1]["name"], "sha256");
        assert_eq!(rows[1]["cryptoName"], "sha256");
        assert_eq!(rows[0]["cryptoName"], serde_json::Value::Null);
        assert_eq!(table["keyLength"], 32);
        assert_eq!(table["errors"]["changed"], "ECHANGED");
        assert_eq!(table["errors"]["state"], "ERR_HASHMILL_INVALID_STATE");
        assert_eq!(table["s3"]["maxParts"], 10_000);
        assert_eq!(table["s3"]["algorithms"][0], "crc64nvme");
        assert_eq!(rows[12]["combinable"], true);
    }
}
