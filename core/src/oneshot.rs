//! Hashing a whole input in one call, through each crate's one-shot entry point.
//!
//! For small inputs per-call overhead is most of the cost, so this skips the streaming
//! state where a crate has a faster one-shot function. Results equal [`Hasher`]'s; the
//! tests in `tests/` check that for every algorithm and length.

use crate::algorithm::Algorithm;
use crate::crc_combine::crc_fast_algorithm;
use crate::hasher::{new_blake3, put_crc, seed32};
use crate::spec::{Blake3Mode, Spec, SpecError};
use crate::xxh3;
use sha2::Digest as _;
use twox_hash::XxHash32;

/// Hashes `data` according to `spec`, writing `out.len()` bytes of output (which need not be
/// the spec's own output length: any length the algorithm can produce).
///
/// ```
/// use hashmill_core::{hash_into, Algorithm, Spec};
/// let mut out = [0u8; 8];
/// hash_into(&Spec::plain(Algorithm::Xxh64), b"", &mut out).unwrap();
/// assert_eq!(out, 0xef46db3751d8e999u64.to_be_bytes());
/// ```
pub fn hash_into(spec: &Spec, data: &[u8], out: &mut [u8]) -> Result<(), SpecError> {
    spec.check_output_len(out.len())?;
    let seed = spec.seed();
    match spec.algorithm() {
        Algorithm::Blake3 => match spec.mode() {
            Blake3Mode::Hash if out.len() == blake3::OUT_LEN => {
                out.copy_from_slice(blake3::hash(data).as_bytes())
            }
            mode => {
                let mut h = new_blake3(mode);
                h.update(data);
                h.finalize_xof().fill(out);
            }
        },
        Algorithm::Xxh3 => out.copy_from_slice(&xxh3::oneshot_64(seed, data).to_be_bytes()),
        Algorithm::Xxh3_128 => out.copy_from_slice(&xxh3::oneshot_128(seed, data).to_be_bytes()),
        // xxhash-rust compiles to faster wasm (~1.4x twox-hash for 1 MiB in V8, the same
        // bytes); natively twox-hash is as fast.
        #[cfg(target_arch = "wasm32")]
        Algorithm::Xxh64 => {
            out.copy_from_slice(&xxhash_rust::xxh64::xxh64(data, seed).to_be_bytes())
        }
        #[cfg(not(target_arch = "wasm32"))]
        Algorithm::Xxh64 => {
            out.copy_from_slice(&twox_hash::XxHash64::oneshot(seed, data).to_be_bytes())
        }
        Algorithm::Xxh32 => {
            out.copy_from_slice(&XxHash32::oneshot(seed32(spec), data).to_be_bytes())
        }
        a @ (Algorithm::Crc32 | Algorithm::Crc32c | Algorithm::Crc64Nvme) => {
            put_crc(out, crate::crc::checksum(crc_fast_algorithm(a), data))
        }
        a @ (Algorithm::GitSha1 | Algorithm::GitSha256) => {
            let given = data.len() as u64;
            match spec.size() {
                Some(declared) if declared != given => {
                    return Err(SpecError::SizeMismatch { declared, given })
                }
                _ => crate::git_blob::object_id(a == Algorithm::GitSha256, "blob", data, out),
            }
        }
        // The crates' own one-shots: no Hasher (spec and state) around a single block.
        Algorithm::Sha256 => out.copy_from_slice(&sha2::Sha256::digest(data)),
        Algorithm::Sha384 => out.copy_from_slice(&sha2::Sha384::digest(data)),
        Algorithm::Sha512 => out.copy_from_slice(&sha2::Sha512::digest(data)),
        Algorithm::Sha1 => out.copy_from_slice(&sha1::Sha1::digest(data)),
        Algorithm::Md5 => out.copy_from_slice(&crate::md5::Md5::digest(data)),
    }
    Ok(())
}

/// The digest of `data`, [`Spec::output_len`] bytes long.
pub fn hash_vec(spec: &Spec, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0; spec.output_len()];
    hash_into(spec, data, &mut out).expect("a spec's output length is valid for it");
    out
}
