//! One BLAKE3 input hashed in pieces by separate workers, then merged.
//!
//! The wasm backend has no threads, only workers that each own an instance, so to use
//! several cores on one input it hashes power-of-two-sized, aligned pieces separately
//! ([`SubtreeHasher`], each a complete BLAKE3 subtree) and merges their chaining values
//! along BLAKE3's tree ([`merge`]). This uses the blake3 crate's `hazmat` module; the tests
//! compare the result with plain hashing for many lengths, piece sizes and all three modes.

use crate::spec::{Blake3Mode, Spec, SpecError};
use blake3::hazmat::{
    hash_derive_key_context, left_subtree_len, merge_subtrees_non_root, merge_subtrees_root_xof,
    ChainingValue, HasherExt, Mode,
};

/// A BLAKE3 chaining value.
pub type Cv = ChainingValue;

/// Hashes one piece that starts `input_offset` bytes into the whole input.
pub struct SubtreeHasher(blake3::Hasher);

impl SubtreeHasher {
    /// A hasher for the piece at `input_offset` (a multiple of the piece length).
    pub fn new(spec: &Spec, input_offset: u64) -> SubtreeHasher {
        let mut hasher = crate::hasher::new_blake3(spec.mode());
        hasher.set_input_offset(input_offset);
        SubtreeHasher(hasher)
    }

    /// Feeds more of the piece.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The piece's chaining value.
    pub fn finalize(&self) -> Cv {
        self.0.finalize_non_root()
    }
}

/// Whether `piece_len` can split an input: a power of two of at least one BLAKE3 chunk.
pub fn valid_piece_len(piece_len: u64) -> bool {
    piece_len.is_power_of_two() && piece_len >= blake3::CHUNK_LEN as u64
}

/// Merges the chaining values of consecutive pieces of `piece_len` bytes (the last one may
/// be shorter) covering `total_len` bytes, writing `out.len()` bytes of root output.
/// `total_len` must exceed `piece_len` (one piece is hashed the ordinary way).
pub fn merge(
    spec: &Spec,
    cvs: &[Cv],
    piece_len: u64,
    total_len: u64,
    out: &mut [u8],
) -> Result<(), SpecError> {
    spec.check_output_len(out.len())?;
    assert!(valid_piece_len(piece_len) && total_len > piece_len);
    assert_eq!(cvs.len() as u64, total_len.div_ceil(piece_len));
    let context_key;
    let mode = match spec.mode() {
        Blake3Mode::Hash => Mode::Hash,
        Blake3Mode::Keyed(key) => Mode::KeyedHash(key),
        Blake3Mode::DeriveKey(context) => {
            context_key = hash_derive_key_context(context);
            Mode::DeriveKeyMaterial(&context_key)
        }
    };
    // The chaining value of the subtree of `len` bytes at `start` (a multiple of piece_len).
    let subtree = |start: u64, len: u64| -> Cv {
        fn walk(cvs: &[Cv], mode: Mode, piece: u64, start: u64, len: u64) -> Cv {
            if len <= piece {
                return cvs[(start / piece) as usize];
            }
            let left = left_subtree_len(len);
            merge_subtrees_non_root(
                &walk(cvs, mode, piece, start, left),
                &walk(cvs, mode, piece, start + left, len - left),
                mode,
            )
        }
        walk(cvs, mode, piece_len, start, len)
    };
    let left = left_subtree_len(total_len);
    merge_subtrees_root_xof(&subtree(0, left), &subtree(left, total_len - left), mode).fill(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{hash_vec, Algorithm};

    fn pieces(spec: &Spec, data: &[u8], piece: usize, out_len: usize) -> Vec<u8> {
        let cvs: Vec<Cv> = data
            .chunks(piece)
            .enumerate()
            .map(|(i, chunk)| {
                let mut h = SubtreeHasher::new(spec, (i * piece) as u64);
                h.update(chunk);
                h.finalize()
            })
            .collect();
        let mut out = vec![0; out_len];
        merge(spec, &cvs, piece as u64, data.len() as u64, &mut out).unwrap();
        out
    }

    #[test]
    fn merged_pieces_equal_plain_hashing() {
        let data: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
        let specs = [
            Spec::plain(Algorithm::Blake3),
            Spec::new(Algorithm::Blake3, Some(&[7; 32]), None, None).unwrap(),
            Spec::new(Algorithm::Blake3, None, Some("ctx"), None).unwrap(),
        ];
        for spec in &specs {
            for piece in [1024, 2048, 4096, 16384] {
                for len in [
                    piece + 1,
                    2 * piece,
                    2 * piece + 1,
                    3 * piece - 1,
                    5 * piece + 17,
                    70_000,
                ] {
                    let input = &data[..len.min(data.len())];
                    if input.len() <= piece {
                        continue;
                    }
                    for out_len in [32, 131] {
                        assert_eq!(
                            pieces(spec, input, piece, out_len),
                            hash_vec(&spec.clone().with_output_len(out_len).unwrap(), input),
                            "piece {piece} len {len} out {out_len}"
                        );
                    }
                }
            }
        }
    }
}
