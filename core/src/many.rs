//! Many inputs in one call, one digest each, written one after the other into one output.
//!
//! For small inputs the fixed cost of crossing from JavaScript into a binding (150-300 ns
//! into Node-API) is larger than the hash itself, so Merkle leaves, cache keys and records
//! to deduplicate are hashed a batch per crossing instead of one per input. A batch crosses
//! as its inputs packed end to end in one buffer, with their end offsets
//! ([`slices_from_ends`] checks them). The native binding spreads a large batch over
//! rayon's threads ([`hash_each_parallel`]); a wasm instance takes it through its staging
//! area a run at a time.

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

/// Checks that `out_len` bytes hold one digest of `spec` per input.
fn check_out(spec: &Spec, inputs: usize, out_len: usize) -> Result<(), Error> {
    match inputs.checked_mul(spec.output_len()) {
        Some(len) if len == out_len => Ok(()),
        _ => Err(invalid("the output does not hold one digest per input")),
    }
}

/// Hashes each input, writing digest `i` to `out[i * len..(i + 1) * len]` where `len` is
/// [`Spec::output_len`]; each digest equals [`hash_into`]'s for the same input.
///
/// ```
/// use hashmill_core::{hash_each_into, hash_vec, Algorithm, Spec};
/// let spec = Spec::plain(Algorithm::Xxh3);
/// let mut out = [0u8; 16];
/// hash_each_into(&spec, &[b"ab", b"cde"], &mut out).unwrap();
/// assert_eq!(out[..8], hash_vec(&spec, b"ab")[..]);
/// assert_eq!(out[8..], hash_vec(&spec, b"cde")[..]);
/// ```
pub fn hash_each_into(spec: &Spec, inputs: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    check_out(spec, inputs.len(), out.len())?;
    hash_run(spec, inputs, out);
    Ok(())
}

/// [`hash_each_into`] with the inputs spread over rayon's current pool when the batch is
/// large enough to be worth it.
#[cfg(feature = "rayon")]
pub fn hash_each_parallel(spec: &Spec, inputs: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    use rayon::prelude::*;
    check_out(spec, inputs.len(), out.len())?;
    let work: usize = inputs
        .iter()
        .map(|input| input.len() + COST_PER_INPUT)
        .sum();
    if work < PARALLEL_MIN_WORK || rayon::current_num_threads() < 2 {
        hash_run(spec, inputs, out);
    } else {
        inputs
            .par_chunks(INPUTS_PER_JOB)
            .zip(out.par_chunks_mut(INPUTS_PER_JOB * spec.output_len()))
            .for_each(|(inputs, out)| hash_run(spec, inputs, out));
    }
    Ok(())
}

/// Hashes a run of inputs into their digests (an output already checked).
fn hash_run(spec: &Spec, inputs: &[&[u8]], out: &mut [u8]) {
    for (input, digest) in inputs.iter().zip(out.chunks_exact_mut(spec.output_len())) {
        hash_into(spec, input, digest).expect("a spec's output length is valid for it");
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

    #[test]
    fn every_digest_equals_one_shot() {
        let (data, ends) = batch(5000);
        let inputs = slices_from_ends(&data, &ends).unwrap();
        for algorithm in [
            Algorithm::Xxh3,
            Algorithm::Sha256,
            Algorithm::Blake3,
            Algorithm::Crc32c,
        ] {
            let spec = Spec::plain(algorithm);
            let expected: Vec<u8> = inputs
                .iter()
                .flat_map(|input| hash_vec(&spec, input))
                .collect();
            let mut out = vec![0; expected.len()];
            hash_each_into(&spec, &inputs, &mut out).unwrap();
            assert_eq!(out, expected, "{algorithm:?}");
            #[cfg(feature = "rayon")]
            {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(3)
                    .build()
                    .unwrap();
                let mut parallel = vec![0; expected.len()];
                pool.install(|| hash_each_parallel(&spec, &inputs, &mut parallel))
                    .unwrap();
                assert_eq!(parallel, expected, "{algorithm:?} in parallel");
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
            hash_each_into(&spec, &[b"abc"], &mut out).is_err(),
            "output too long"
        );
        assert!(
            hash_each_into(&spec, &[], &mut []).is_ok(),
            "an empty batch"
        );
    }
}
