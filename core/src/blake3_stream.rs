//! Streaming BLAKE3 whose state can be written out and read back.
//!
//! The blake3 crate keeps its `Hasher`'s chaining-value stack private, so hashmill keeps the
//! streaming state itself, in the form the BLAKE3 paper describes (section 5.1): the
//! chaining values of the complete subtrees hashed so far (one per set bit of their total
//! length in chunks, largest first) and the bytes of the last chunk, which is only
//! compressed once more input shows it is not the root. Input is hashed through the
//! crate's own code in the largest aligned power-of-two subtrees that fit (its SIMD and
//! multi-threaded paths do the work), and the chaining values are merged with its `hazmat`
//! module. The tests compare it with the crate's `Hasher` for every split of the official
//! vector inputs.

use crate::spec::Blake3Mode;
use crate::subtree::Cv;
use blake3::hazmat::{
    hash_derive_key_context, merge_subtrees_non_root, merge_subtrees_root_xof, ContextKey,
    HasherExt, Mode,
};
use blake3::CHUNK_LEN;

/// BLAKE3's mode, with a derive-key context already hashed to its key.
#[derive(Clone)]
enum Keying {
    Hash,
    Keyed([u8; blake3::KEY_LEN]),
    DeriveKey(ContextKey),
}

impl Keying {
    fn of(mode: &Blake3Mode) -> Keying {
        match mode {
            Blake3Mode::Hash => Keying::Hash,
            Blake3Mode::Keyed(key) => Keying::Keyed(*key),
            Blake3Mode::DeriveKey(context) => Keying::DeriveKey(hash_derive_key_context(context)),
        }
    }

    fn mode(&self) -> Mode<'_> {
        match self {
            Keying::Hash => Mode::Hash,
            Keying::Keyed(key) => Mode::KeyedHash(key),
            Keying::DeriveKey(key) => Mode::DeriveKeyMaterial(key),
        }
    }

    fn hasher(&self) -> blake3::Hasher {
        match self {
            Keying::Hash => blake3::Hasher::new(),
            Keying::Keyed(key) => blake3::Hasher::new_keyed(key),
            Keying::DeriveKey(key) => blake3::Hasher::new_from_context_key(key),
        }
    }
}

/// The bits of a chunk count below 2^54 (2^64 bytes): the stack holds one subtree per set
/// bit, and one more before a lazy merge.
pub(crate) const MAX_STACK: usize = 54;

/// A BLAKE3 stream: complete subtrees as chaining values, then the last chunk's bytes.
#[derive(Clone)]
pub(crate) struct Blake3Stream {
    keying: Keying,
    /// Chaining values of the complete subtrees hashed so far, merged lazily: those of
    /// the binary decomposition of the bytes before the last one pushed, then that one.
    stack: Vec<Cv>,
    /// Bytes covered by `stack` (a multiple of the chunk length).
    committed: u64,
    /// The bytes after `committed`: at most one chunk.
    pending: Box<[u8; CHUNK_LEN]>,
    pending_len: usize,
}

/// The parts of a stream as [`state`](crate::state) writes them.
pub(crate) struct Blake3Parts<'a> {
    pub committed: u64,
    pub stack: &'a [Cv],
    pub pending: &'a [u8],
}

impl Blake3Stream {
    pub fn new(mode: &Blake3Mode) -> Blake3Stream {
        let keying = Keying::of(mode);
        Blake3Stream {
            keying,
            stack: Vec::with_capacity(MAX_STACK + 1),
            committed: 0,
            pending: Box::new([0; CHUNK_LEN]),
            pending_len: 0,
        }
    }

    /// Feeds `data`; `parallel` hashes large subtrees on every thread of rayon's pool.
    pub fn update(&mut self, mut data: &[u8], parallel: bool) {
        while !data.is_empty() {
            if self.pending_len == CHUNK_LEN {
                // More input follows the buffered chunk: it is not the root.
                let chunk = *self.pending;
                self.pending_len = 0;
                self.commit(&chunk, false);
            }
            if let Some(len) = self.subtree_len(data.len()) {
                let (subtree, rest) = data.split_at(len);
                self.commit(subtree, parallel);
                data = rest;
                continue;
            }
            // Input after the subtrees: the stack's pending merges are safe now, and done, so
            // the last chunk merges straight into the stack at the end.
            self.merge_stack();
            let take = data.len().min(CHUNK_LEN - self.pending_len);
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
        }
    }

    /// How much of `available` bytes to hash straight from the input as one subtree: the
    /// largest aligned power of two of whole chunks that fits, if nothing is buffered. A
    /// subtree starting at 0 keeps a byte back, since it could be the whole input (the
    /// root, which is finalized differently); any later one can never be the root.
    fn subtree_len(&self, available: usize) -> Option<usize> {
        if self.pending_len > 0 || available < CHUNK_LEN {
            return None;
        }
        let len = if self.committed == 0 {
            prev_power_of_two(available as u64 - 1)
        } else {
            prev_power_of_two(available as u64).min(1 << self.committed.trailing_zeros())
        };
        (len >= CHUNK_LEN as u64).then_some(len as usize)
    }

    /// Hashes `subtree` (an aligned power-of-two number of chunks at `committed`) and pushes
    /// its chaining value. Merging is lazy, as in the crate: the subtrees completed so far
    /// are merged only now that more input (this subtree) follows them, so a merge never
    /// makes the root.
    fn commit(&mut self, subtree: &[u8], parallel: bool) {
        self.merge_stack();
        let mut hasher = self.keying.hasher();
        hasher.set_input_offset(self.committed);
        feed(&mut hasher, subtree, parallel);
        self.stack.push(hasher.finalize_non_root());
        self.committed += subtree.len() as u64;
    }

    /// Merges the stack down to one subtree per set bit of `committed`'s chunk count: only
    /// once more input is known to follow.
    fn merge_stack(&mut self) {
        let mode = self.keying.mode();
        while self.stack.len() > (self.committed / CHUNK_LEN as u64).count_ones() as usize {
            let right = self.stack.pop().expect("two subtrees to merge");
            let left = self.stack.pop().expect("two subtrees to merge");
            self.stack
                .push(merge_subtrees_non_root(&left, &right, mode));
        }
    }

    /// Fills `out` with the root output of everything fed; the stream is unchanged.
    pub fn finalize(&self, out: &mut [u8]) {
        let pending = &self.pending[..self.pending_len];
        if self.committed == 0 {
            let mut root = self.keying.hasher();
            root.update(pending);
            return root.finalize_xof().fill(out);
        }
        let mode = self.keying.mode();
        // The rightmost subtree: the last chunk if one is buffered, else the last pushed.
        let (right, rest) = if pending.is_empty() {
            let (last, rest) = self
                .stack
                .split_last()
                .expect("a later subtree follows the first");
            (*last, rest)
        } else {
            let mut last = self.keying.hasher();
            last.set_input_offset(self.committed);
            last.update(pending);
            (last.finalize_non_root(), &self.stack[..])
        };
        let (first, between) = rest.split_first().expect("the first subtree");
        let right = between.iter().rev().fold(right, |right, left| {
            merge_subtrees_non_root(left, &right, mode)
        });
        merge_subtrees_root_xof(first, &right, mode).fill(out);
    }

    pub fn parts(&self) -> Blake3Parts<'_> {
        Blake3Parts {
            committed: self.committed,
            stack: &self.stack,
            pending: &self.pending[..self.pending_len],
        }
    }

    /// A stream in the state `parts` describe, if that is a state a stream can be in.
    pub fn from_parts(mode: &Blake3Mode, parts: &Blake3Parts) -> Option<Blake3Stream> {
        let chunks = parts.committed / CHUNK_LEN as u64;
        // The stack of a stream that got here: none before any commit; the decomposition of
        // `committed` when bytes are buffered after it; else (the last subtree pushed is the
        // rightmost one, not merged yet) two at least and one more than that at most.
        let decomposition = chunks.count_ones() as usize;
        let valid = parts.committed.is_multiple_of(CHUNK_LEN as u64)
            && chunks < 1 << MAX_STACK
            && parts.pending.len() <= CHUNK_LEN
            && match (chunks, parts.pending.is_empty()) {
                (0, _) => parts.stack.is_empty(),
                (_, false) => parts.stack.len() == decomposition,
                (_, true) => (decomposition.max(2)..=MAX_STACK + 1).contains(&parts.stack.len()),
            };
        if !valid {
            return None;
        }
        let mut stream = Blake3Stream::new(mode);
        stream.stack.extend_from_slice(parts.stack);
        stream.committed = parts.committed;
        stream.pending[..parts.pending.len()].copy_from_slice(parts.pending);
        stream.pending_len = parts.pending.len();
        Some(stream)
    }

    /// Bytes fed so far.
    pub fn len(&self) -> u64 {
        self.committed + self.pending_len as u64
    }

    /// Heap bytes held beyond the struct itself.
    pub const HEAP_SIZE: usize = CHUNK_LEN + (MAX_STACK + 1) * 32;
}

/// The largest power of two at most `n`, or 0 for 0.
fn prev_power_of_two(n: u64) -> u64 {
    n.checked_ilog2().map_or(0, |bits| 1 << bits)
}

/// Feeds a subtree to the crate, on every thread for large ones when asked.
fn feed(hasher: &mut blake3::Hasher, data: &[u8], parallel: bool) {
    cfg_if::cfg_if! {
        if #[cfg(feature = "rayon")] {
            if parallel && data.len() >= crate::hasher::PARALLEL_MIN_LEN {
                hasher.update_rayon(data);
                return;
            }
        }
    }
    let _ = parallel;
    hasher.update(data);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(mode: &Blake3Mode, data: &[u8], out_len: usize) -> Vec<u8> {
        let mut h = crate::hasher::new_blake3(mode);
        h.update(data);
        let mut out = vec![0; out_len];
        h.finalize_xof().fill(&mut out);
        out
    }

    fn streamed(mode: &Blake3Mode, pieces: &[&[u8]], out_len: usize) -> Vec<u8> {
        let mut stream = Blake3Stream::new(mode);
        for piece in pieces {
            stream.update(piece, true);
        }
        let mut out = vec![0; out_len];
        stream.finalize(&mut out);
        out
    }

    #[test]
    fn equals_the_crate_for_splits_and_modes() {
        let data: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        let modes = [
            Blake3Mode::Hash,
            Blake3Mode::Keyed([3; 32]),
            Blake3Mode::DeriveKey("ctx".into()),
        ];
        for mode in &modes {
            for len in [
                0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 5000, 16384, 40_000,
            ] {
                let input = &data[..len];
                let want = reference(mode, input, 100);
                for split in [0, 1, 100, 1024, 1025, 3000, len / 2, len] {
                    let split = split.min(len);
                    let (a, b) = input.split_at(split);
                    assert_eq!(
                        streamed(mode, &[a, b], 100),
                        want,
                        "len {len} split {split}"
                    );
                }
                let small: Vec<&[u8]> = input.chunks(333).collect();
                assert_eq!(streamed(mode, &small, 100), want, "len {len} in 333s");
            }
        }
    }

    #[test]
    fn parts_round_trip_and_refuse_impossible_states() {
        let data: Vec<u8> = (0..9000u32).map(|i| (i % 13) as u8).collect();
        let mut stream = Blake3Stream::new(&Blake3Mode::Hash);
        stream.update(&data[..5000], false);
        let parts = stream.parts();
        let mut copy = Blake3Stream::from_parts(&Blake3Mode::Hash, &parts).unwrap();
        copy.update(&data[5000..], false);
        stream.update(&data[5000..], false);
        let (mut a, mut b) = ([0; 32], [0; 32]);
        copy.finalize(&mut a);
        stream.finalize(&mut b);
        assert_eq!(a, b);
        assert_eq!(a, *blake3::hash(&data).as_bytes());
        let cv = [[0u8; 32]; 3];
        let bad = [
            (1000, &cv[..0], &data[..1]),
            (3 * 1024, &cv[..1], &data[..1]),
            (1024, &cv[..1], &data[..0]),
            (1024, &cv[..1], &data[..1025]),
            (0, &cv[..1], &data[..1]),
        ];
        for (committed, stack, pending) in bad {
            let parts = Blake3Parts {
                committed,
                stack,
                pending,
            };
            assert!(Blake3Stream::from_parts(&Blake3Mode::Hash, &parts).is_none());
        }
    }
}
