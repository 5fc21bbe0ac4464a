//! Many inputs in one call, one digest each, written one after the other into one output.
//!
//! For small inputs the fixed cost of crossing from JavaScript into a binding (150-300 ns
//! into Node-API) is larger than the hash itself, so Merkle leaves, cache keys and records
//! to deduplicate are hashed a batch per crossing instead of one per input. A batch crosses
//! as its inputs packed end to end in one buffer, with their end offsets
//! ([`slices_from_ends`] checks them). The native binding spreads a large batch over
//! rayon's threads ([`hash_each_parallel`]); a wasm instance takes it through its staging
//! area a run at a time. Digests asked for as hex come back as hex text ([`Written::Hex`]),
//! encoded right after each hash (on the hashing threads), so that JavaScript only has to
//! read the text as Latin-1, several times faster than its own hex encoding of the bytes.

use crate::error::Error;
use crate::oneshot::hash_into;
use crate::spec::Spec;

/// Inputs per rayon job: enough that a job's hashing outweighs handing it to a thread.
#[cfg(feature = "rayon")]
const INPUTS_PER_JOB: usize = 1024;
/// Below this much work (input bytes plus a fixed cost per input) one thread is faster.
#[cfg(feature = "rayon")]
const PARALLEL_MIN_WORK: usize = 256 << 10;
/// What one input costs beyond its bytes, in bytes of hashing (a one-shot call's setup).
#[cfg(feature = "rayon")]
const COST_PER_INPUT: usize = 64;

/// How each digest is written into a batch's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The digest's bytes.
    Bytes,
    /// The digest as lowercase hex text (ASCII), twice as long.
    Hex,
}

impl Written {
    /// `Hex` when `hex` is set, else `Bytes` (the bindings' flag).
    pub fn hex_if(hex: bool) -> Self {
        if hex {
            Written::Hex
        } else {
            Written::Bytes
        }
    }

    /// How many output bytes one digest of `spec` takes.
    pub fn width(self, spec: &Spec) -> usize {
        match self {
            Written::Bytes => spec.output_len(),
            Written::Hex => 2 * spec.output_len(),
        }
    }
}

fn invalid(why: &str) -> Error {
    Error::os("EINVAL", format!("invalid batch: {why}"))
}

/// The inputs of a packed batch: `data[ends[i - 1]..ends[i]]`, the first from 0; or why
/// the offsets do not describe `data` (one going back, or past its end).
pub fn slices_from_ends<'a>(data: &'a [u8], ends: &[u32]) -> Result<Vec<&'a [u8]>, Error> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let end = end as usize;
            let input = data
                .get(start..end)
                .ok_or_else(|| invalid("an end offset goes back or past the data"))?;
            start = end;
            Ok(input)
        })
        .collect()
}

/// Checks that `out_len` bytes hold one digest of `spec`, written as `written`, per input.
fn check_out(spec: &Spec, written: Written, inputs: usize, out_len: usize) -> Result<(), Error> {
    match inputs.checked_mul(written.width(spec)) {
        Some(len) if len == out_len => Ok(()),
        _ => Err(invalid("the output does not hold one digest per input")),
    }
}

/// Hashes each input, writing digest `i` to `out[i * width..(i + 1) * width]` where
/// `width` is [`Written::width`]; each digest equals [`hash_into`]'s for the same input.
///
/// ```
/// use hashmill_core::{hash_each_into, hash_vec, Algorithm, Spec, Written};
/// let spec = Spec::plain(Algorithm::Xxh3);
/// let mut out = [0u8; 16];
/// hash_each_into(&spec, Written::Bytes, &[b"ab", b"cde"], &mut out).unwrap();
/// assert_eq!(out[..8], hash_vec(&spec, b"ab")[..]);
/// assert_eq!(out[8..], hash_vec(&spec, b"cde")[..]);
/// let mut hex = [0u8; 16];
/// hash_each_into(&spec, Written::Hex, &[b"ab"], &mut hex).unwrap();
/// let text: String = hash_vec(&spec, b"ab").iter().map(|b| format!("{b:02x}")).collect();
/// assert_eq!(hex, text.as_bytes());
/// ```
pub fn hash_each_into(
    spec: &Spec,
    written: Written,
    inputs: &[&[u8]],
    out: &mut [u8],
) -> Result<(), Error> {
    check_out(spec, written, inputs.len(), out.len())?;
    hash_run(spec, written, inputs, out);
    Ok(())
}

/// Whether a batch is large enough for spreading it over threads to beat hashing it on one
/// (a binding hashes a smaller one where it is, without handing it to its pool).
#[cfg(feature = "rayon")]
pub fn worth_spreading(inputs: &[&[u8]]) -> bool {
    let work: usize = inputs
        .iter()
        .map(|input| input.len() + COST_PER_INPUT)
        .sum();
    work >= PARALLEL_MIN_WORK
}

/// [`hash_each_into`] with the inputs spread over rayon's current pool when the batch is
/// large enough to be worth it ([`worth_spreading`]).
#[cfg(feature = "rayon")]
pub fn hash_each_parallel(
    spec: &Spec,
    written: Written,
    inputs: &[&[u8]],
    out: &mut [u8],
) -> Result<(), Error> {
    use rayon::prelude::*;
    check_out(spec, written, inputs.len(), out.len())?;
    if !worth_spreading(inputs) || rayon::current_num_threads() < 2 {
        hash_run(spec, written, inputs, out);
    } else {
        inputs
            .par_chunks(INPUTS_PER_JOB)
            .zip(out.par_chunks_mut(INPUTS_PER_JOB * written.width(spec)))
            .for_each(|(inputs, out)| hash_run(spec, written, inputs, out));
    }
    Ok(())
}

/// Hashes a run of inputs into their digests (an output already checked).
fn hash_run(spec: &Spec, written: Written, inputs: &[&[u8]], out: &mut [u8]) {
    let slots = inputs.iter().zip(out.chunks_exact_mut(written.width(spec)));
    match written {
        Written::Bytes => {
            for (input, digest) in slots {
                hash_into(spec, input, digest).expect("a spec's output length is valid for it");
            }
        }
        Written::Hex => {
            let mut digest = vec![0; spec.output_len()];
            for (input, text) in slots {
                hash_into(spec, input, &mut digest)
                    .expect("a spec's output length is valid for it");
                const_hex::encode_to_slice(&digest, text).expect("a hex slot is twice the digest");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;
    use crate::oneshot::hash_vec;

    /// Inputs of every length up to 300 (empty ones among them), packed, with their ends.
    fn batch(count: usize) -> (Vec<u8>, Vec<u32>) {
        let mut data = Vec::new();
        let mut ends = Vec::new();
        for i in 0..count {
            let len = (i * 7919) % 301;
            data.extend((0..len).map(|j| (i + j * 31) as u8));
            ends.push(data.len() as u32);
        }
        (data, ends)
    }

    /// The digests `written` expects, one-shot, one after the other.
    fn one_by_one(spec: &Spec, written: Written, inputs: &[&[u8]]) -> Vec<u8> {
        let digests = inputs.iter().map(|input| hash_vec(spec, input));
        match written {
            Written::Bytes => digests.flatten().collect(),
            Written::Hex => digests
                .flat_map(|digest| {
                    digest
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<Vec<_>>()
                })
                .collect::<String>()
                .into_bytes(),
        }
    }

    #[test]
    fn every_digest_equals_one_shot() {
        let (data, ends) = batch(5000);
        let inputs = slices_from_ends(&data, &ends).unwrap();
        let specs = [
            Spec::plain(Algorithm::Xxh3),
            Spec::plain(Algorithm::Sha256),
            Spec::plain(Algorithm::Blake3),
            Spec::plain(Algorithm::Blake3).with_output_len(100).unwrap(),
            Spec::plain(Algorithm::Crc32c),
        ];
        for spec in &specs {
            for written in [Written::Bytes, Written::Hex] {
                let what = format!("{:?} {} {written:?}", spec.algorithm(), spec.output_len());
                let expected = one_by_one(spec, written, &inputs);
                let mut out = vec![0; expected.len()];
                hash_each_into(spec, written, &inputs, &mut out).unwrap();
                assert_eq!(out, expected, "{what}");
                #[cfg(feature = "rayon")]
                {
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(3)
                        .build()
                        .unwrap();
                    let mut parallel = vec![0; expected.len()];
                    pool.install(|| hash_each_parallel(spec, written, &inputs, &mut parallel))
                        .unwrap();
                    assert_eq!(parallel, expected, "{what} in parallel");
                }
            }
        }
    }

    #[test]
    fn bad_layouts_are_refused() {
        let spec = Spec::plain(Algorithm::Xxh64);
        assert!(slices_from_ends(b"abc", &[2, 1]).is_err(), "ends go back");
        assert!(slices_from_ends(b"abc", &[2, 4]).is_err(), "past the data");
        let mut out = [0u8; 16];
        assert!(
            hash_each_into(&spec, Written::Bytes, &[b"abc"], &mut out).is_err(),
            "output too long"
        );
        assert!(
            hash_each_into(&spec, Written::Hex, &[b"abc"], &mut out[..8]).is_err(),
            "no room for the hex text"
        );
        assert!(
            hash_each_into(&spec, Written::Hex, &[b"abc"], &mut out).is_ok(),
            "hex text is twice as long"
        );
        assert!(
            hash_each_into(&spec, Written::Bytes, &[], &mut []).is_ok(),
            "an empty batch"
        );
    }
}
