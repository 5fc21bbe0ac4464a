//! One pass over an input that hashes each of its fixed-size parts apart (the parts of an
//! S3 multipart upload), as a [`Sink`] for the file loop or over a slice in memory.
//!
//! Bytes are fed in order; the pieces of one call that fall in different parts are hashed
//! in parallel (with the `rayon` feature), and a part's own hasher may use several threads
//! too (BLAKE3, the CRCs). The digests come out concatenated in part order.

use crate::file::Sink;
use crate::hasher::Hasher;
use crate::spec::Spec;

/// A hasher per part of `part_size` bytes, created as the input reaches it.
pub struct PartHashers {
    spec: Spec,
    part_size: u64,
    done: Vec<Hasher>,
    current: Hasher,
}

impl PartHashers {
    /// Parts of `part_size` bytes (at least 1), each hashed with `spec`.
    pub fn new(spec: &Spec, part_size: u64) -> PartHashers {
        assert!(part_size > 0, "parts have at least one byte");
        PartHashers {
            spec: spec.clone(),
            part_size,
            done: Vec::new(),
            current: Hasher::new(spec.clone()),
        }
    }

    /// Splits `data` at part boundaries: the pieces of the current part and the parts it
    /// reaches, each with its hasher (a new one for each part started).
    fn pieces<'a>(&mut self, mut data: &'a [u8]) -> Vec<(usize, &'a [u8])> {
        let mut pieces = Vec::new();
        loop {
            let room = (self.part_size - self.current.len()).min(data.len() as u64) as usize;
            let (piece, rest) = data.split_at(room);
            if !piece.is_empty() {
                pieces.push((self.done.len(), piece));
            }
            data = rest;
            if data.is_empty() {
                return pieces;
            }
            // The current part is full and more follows: the next part starts.
            let full = std::mem::replace(&mut self.current, Hasher::new(self.spec.clone()));
            self.done.push(full);
        }
    }

    fn hasher(&mut self, index: usize) -> &mut Hasher {
        if index == self.done.len() {
            &mut self.current
        } else {
            &mut self.done[index]
        }
    }

    /// The parts' digests, concatenated in order (one empty part for no input).
    pub fn digests(&self) -> Vec<u8> {
        self.done
            .iter()
            .chain(std::iter::once(&self.current))
            .flat_map(Hasher::finalize_vec)
            .collect()
    }
}

impl Sink for PartHashers {
    fn update(&mut self, data: &[u8]) {
        for (index, piece) in self.pieces(data) {
            self.hasher(index).update(piece);
        }
    }

    #[cfg(feature = "rayon")]
    fn update_parallel(&mut self, data: &[u8]) {
        use rayon::prelude::*;
        let pieces = self.pieces(data);
        let Some(&(first, _)) = pieces.first() else {
            return;
        };
        if pieces.len() == 1 {
            return self.hasher(first).update_parallel(pieces[0].1);
        }
        // Hashers `first..` in one slice, each paired with its piece.
        let mut hashers: Vec<&mut Hasher> = self.done[first..].iter_mut().collect();
        hashers.push(&mut self.current);
        hashers
            .into_par_iter()
            .zip(pieces.into_par_iter())
            .for_each(|(hasher, (_, piece))| hasher.update_parallel(piece));
    }

    fn finish(&mut self) -> Vec<u8> {
        self.digests()
    }
}

/// The digests of each `part_size`-byte part of `data`, concatenated in order.
pub fn hash_parts(spec: &Spec, data: &[u8], part_size: u64, parallel: bool) -> Vec<u8> {
    let mut parts = PartHashers::new(spec, part_size);
    if parallel {
        parts.update_parallel(data);
    } else {
        parts.update(data);
    }
    parts.digests()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{hash_vec, Algorithm};

    #[test]
    fn parts_in_any_feeding_equal_each_part_hashed_alone() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 253) as u8).collect();
        for algorithm in [Algorithm::Crc64Nvme, Algorithm::Sha256, Algorithm::Blake3] {
            let spec = Spec::plain(algorithm);
            for part in [1, 999, 1000, 4096, 10_000, 20_000] {
                let want: Vec<u8> = data.chunks(part).flat_map(|c| hash_vec(&spec, c)).collect();
                for parallel in [false, true] {
                    assert_eq!(
                        hash_parts(&spec, &data, part as u64, parallel),
                        want,
                        "{part}"
                    );
                }
                let mut sink = PartHashers::new(&spec, part as u64);
                data.chunks(777).for_each(|c| sink.update_parallel(c));
                assert_eq!(sink.finish(), want, "{algorithm:?} part {part} fed in 777s");
            }
            assert_eq!(hash_parts(&spec, b"", 5, true), hash_vec(&spec, b""));
        }
    }
}
