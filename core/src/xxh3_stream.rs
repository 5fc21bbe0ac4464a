//! Streaming XXH3 (64- and 128-bit) whose state can be written out and read back.
//!
//! Neither twox-hash nor xxhash-rust exposes its streaming state (the accumulators), so
//! hashmill keeps it here, as the XXH3 specification defines the long-input loop: eight
//! 64-bit accumulators, stripes of 64 bytes accumulated against the secret, a scramble
//! after every block of 16 stripes, and at the end the last partial block and the input's
//! last 64 bytes accumulated before the accumulators are merged. A block is only processed
//! once more input follows it, so the last one is always at hand for the end. Inputs that
//! end within the first block go to the crates' one-shot functions, which also give the
//! short-input (≤ 240 bytes) results. The tests compare every split with those crates.
//!
//! The accumulate loop is plain Rust that the compiler vectorises (SSE2, AVX2 when the CPU
//! has it, NEON, wasm simd128).

use crate::xxh3;

const STRIPE: usize = 64;
const BLOCK: usize = 1024;
const SECRET_LEN: usize = 192;

const PRIME32_1: u64 = 0x9E37_79B1;
const PRIME32_2: u64 = 0x85EB_CA77;
const PRIME32_3: u64 = 0xC2B2_AE3D;
const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;
const PRIME64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PRIME64_3: u64 = 0x1656_67B1_9E37_79F9;
const PRIME64_4: u64 = 0x85EB_CA77_C2B2_AE63;
const PRIME64_5: u64 = 0x27D4_EB2F_1656_67C5;
const PRIME_MX1: u64 = 0x1656_6791_9E37_79F9;

const INITIAL_ACC: [u64; 8] = [
    PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1,
];

/// XXH3's default secret (`kSecret` in the specification).
#[rustfmt::skip]
const DEFAULT_SECRET: [u8; SECRET_LEN] = [
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
    0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
    0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
    0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
    0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
    0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
    0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
    0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
];

/// The secret of `seed`: the default one with the seed added to and subtracted from
/// alternate 64-bit words.
fn derive_secret(seed: u64) -> [u8; SECRET_LEN] {
    let mut secret = DEFAULT_SECRET;
    for (i, word) in secret.chunks_exact_mut(8).enumerate() {
        let value = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        let value = if i % 2 == 0 {
            value.wrapping_add(seed)
        } else {
            value.wrapping_sub(seed)
        };
        word.copy_from_slice(&value.to_le_bytes());
    }
    secret
}

fn word(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"))
}

#[inline(always)]
fn accumulate(acc: &mut [u64; 8], stripe: &[u8], secret: &[u8]) {
    for i in 0..8 {
        let data = word(stripe, i);
        let keyed = data ^ word(secret, i);
        acc[i ^ 1] = acc[i ^ 1].wrapping_add(data);
        acc[i] = acc[i].wrapping_add((keyed & 0xffff_ffff).wrapping_mul(keyed >> 32));
    }
}

#[inline(always)]
fn scramble(acc: &mut [u64; 8], secret: &[u8; SECRET_LEN]) {
    let key = &secret[SECRET_LEN - STRIPE..];
    for (i, a) in acc.iter_mut().enumerate() {
        *a = ((*a ^ (*a >> 47)) ^ word(key, i)).wrapping_mul(PRIME32_1);
    }
}

#[inline(always)]
fn blocks_portable(acc: &mut [u64; 8], blocks: &[u8], secret: &[u8; SECRET_LEN]) {
    for block in blocks.chunks_exact(BLOCK) {
        for (s, stripe) in block.chunks_exact(STRIPE).enumerate() {
            accumulate(acc, stripe, &secret[8 * s..]);
        }
        scramble(acc, secret);
    }
}

/// Accumulates and scrambles whole blocks (`blocks.len()` is a multiple of [`BLOCK`]).
fn process_blocks(acc: &mut [u64; 8], blocks: &[u8], secret: &[u8; SECRET_LEN]) {
    cfg_if::cfg_if! {
        if #[cfg(target_arch = "x86_64")] {
            #[target_feature(enable = "avx2")]
            fn blocks_avx2(acc: &mut [u64; 8], blocks: &[u8], secret: &[u8; SECRET_LEN]) {
                blocks_portable(acc, blocks, secret);
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has just been shown to support AVX2, the one target
                // feature `blocks_avx2` is compiled with; it touches only its arguments.
                return unsafe { blocks_avx2(acc, blocks, secret) };
            }
            blocks_portable(acc, blocks, secret);
        } else {
            blocks_portable(acc, blocks, secret);
        }
    }
}

fn avalanche(mut x: u64) -> u64 {
    x ^= x >> 37;
    x = x.wrapping_mul(PRIME_MX1);
    x ^ (x >> 32)
}

fn merge(acc: &[u64; 8], start: u64, secret: &[u8]) -> u64 {
    let mut result = start;
    for i in 0..4 {
        let product = u128::from(acc[2 * i] ^ word(secret, 2 * i))
            * u128::from(acc[2 * i + 1] ^ word(secret, 2 * i + 1));
        result = result.wrapping_add((product as u64) ^ ((product >> 64) as u64));
    }
    avalanche(result)
}

/// An XXH3 stream (the same state gives the 64- and the 128-bit digest).
#[derive(Clone)]
pub(crate) struct Xxh3Stream {
    seed: u64,
    secret: [u8; SECRET_LEN],
    acc: [u64; 8],
    /// Whole blocks accumulated and scrambled.
    blocks: u64,
    /// The last 64 bytes of the last processed block (the final stripe may reach into it).
    previous: [u8; STRIPE],
    /// The bytes after the processed blocks: at most one block, and at least one byte once
    /// a block is processed.
    pending: [u8; BLOCK],
    pending_len: usize,
}

/// The parts of a stream as [`state`](crate::state) writes them (the secret follows from
/// the seed).
pub(crate) struct Xxh3Parts<'a> {
    pub acc: [u64; 8],
    pub blocks: u64,
    pub previous: &'a [u8; STRIPE],
    pub pending: &'a [u8],
}

impl Xxh3Stream {
    pub fn new(seed: u64) -> Xxh3Stream {
        Xxh3Stream {
            seed,
            secret: derive_secret(seed),
            acc: INITIAL_ACC,
            blocks: 0,
            previous: [0; STRIPE],
            pending: [0; BLOCK],
            pending_len: 0,
        }
    }

    pub fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            if self.pending_len == BLOCK {
                // More input follows the buffered block: it is not the last one.
                process_blocks(&mut self.acc, &self.pending, &self.secret);
                self.previous
                    .copy_from_slice(&self.pending[BLOCK - STRIPE..]);
                self.blocks += 1;
                self.pending_len = 0;
            }
            if self.pending_len > 0 || data.len() <= BLOCK {
                let take = data.len().min(BLOCK - self.pending_len);
                self.pending[self.pending_len..self.pending_len + take]
                    .copy_from_slice(&data[..take]);
                self.pending_len += take;
                data = &data[take..];
                continue;
            }
            // Whole blocks straight from the input, keeping at least one byte back.
            let whole = (data.len() - 1) / BLOCK * BLOCK;
            let (blocks, rest) = data.split_at(whole);
            process_blocks(&mut self.acc, blocks, &self.secret);
            self.previous.copy_from_slice(&blocks[whole - STRIPE..]);
            self.blocks += (whole / BLOCK) as u64;
            data = rest;
        }
    }

    /// Bytes fed so far.
    pub fn len(&self) -> u64 {
        self.blocks * BLOCK as u64 + self.pending_len as u64
    }

    /// The accumulators once the last block and the last stripe are in.
    fn final_acc(&self) -> [u64; 8] {
        let mut acc = self.acc;
        let pending = &self.pending[..self.pending_len];
        for (s, stripe) in pending[..pending.len() - 1]
            .chunks_exact(STRIPE)
            .enumerate()
        {
            accumulate(&mut acc, stripe, &self.secret[8 * s..]);
        }
        let mut last = [0; STRIPE];
        let from_pending = pending.len().min(STRIPE);
        last[..STRIPE - from_pending].copy_from_slice(&self.previous[from_pending..]);
        last[STRIPE - from_pending..].copy_from_slice(&pending[pending.len() - from_pending..]);
        accumulate(&mut acc, &last, &self.secret[SECRET_LEN - STRIPE - 7..]);
        acc
    }

    pub fn digest_64(&self) -> u64 {
        if self.blocks == 0 {
            return xxh3::oneshot_64(self.seed, &self.pending[..self.pending_len]);
        }
        merge(
            &self.final_acc(),
            self.len().wrapping_mul(PRIME64_1),
            &self.secret[11..],
        )
    }

    pub fn digest_128(&self) -> u128 {
        if self.blocks == 0 {
            return xxh3::oneshot_128(self.seed, &self.pending[..self.pending_len]);
        }
        let acc = self.final_acc();
        let len = self.len();
        let low = merge(&acc, len.wrapping_mul(PRIME64_1), &self.secret[11..]);
        let high = merge(
            &acc,
            !len.wrapping_mul(PRIME64_2),
            &self.secret[SECRET_LEN - STRIPE - 11..],
        );
        (u128::from(high) << 64) | u128::from(low)
    }

    pub fn parts(&self) -> Xxh3Parts<'_> {
        Xxh3Parts {
            acc: self.acc,
            blocks: self.blocks,
            previous: &self.previous,
            pending: &self.pending[..self.pending_len],
        }
    }

    /// A stream in the state `parts` describe, if that is a state a stream can be in.
    pub fn from_parts(seed: u64, parts: &Xxh3Parts) -> Option<Xxh3Stream> {
        let valid = parts.pending.len() <= BLOCK
            && parts.blocks < 1 << 54
            && (parts.blocks == 0 || !parts.pending.is_empty())
            && (parts.blocks > 0 || (parts.acc == INITIAL_ACC && parts.previous == &[0; STRIPE]));
        if !valid {
            return None;
        }
        let mut stream = Xxh3Stream::new(seed);
        stream.acc = parts.acc;
        stream.blocks = parts.blocks;
        stream.previous = *parts.previous;
        stream.pending[..parts.pending.len()].copy_from_slice(parts.pending);
        stream.pending_len = parts.pending.len();
        Some(stream)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_secret_is_the_one_the_crates_use() {
        // A 241-byte input is the shortest that reads the secret's long-input words.
        let input: Vec<u8> = (0..241u32).map(|i| i as u8).collect();
        let mut stream = Xxh3Stream::new(0);
        stream.update(&input);
        assert_eq!(stream.digest_64(), xxh3::oneshot_64(0, &input));
    }

    #[test]
    fn every_split_equals_one_shot() {
        let data: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 7) as u8)
            .collect();
        for seed in [0, 1, 0x9e37_79b9_7f4a_7c15] {
            for len in [
                0, 1, 64, 240, 241, 1023, 1024, 1025, 1088, 2048, 2049, 2111, 4096, 5000,
            ] {
                let input = &data[..len];
                let (want64, want128) = (
                    xxh3::oneshot_64(seed, input),
                    xxh3::oneshot_128(seed, input),
                );
                for split in (0..=len).step_by(if len > 2100 { 61 } else { 1 }) {
                    let mut stream = Xxh3Stream::new(seed);
                    stream.update(&input[..split]);
                    stream.update(&input[split..]);
                    assert_eq!(
                        stream.digest_64(),
                        want64,
                        "seed {seed} len {len} split {split}"
                    );
                    assert_eq!(
                        stream.digest_128(),
                        want128,
                        "seed {seed} len {len} split {split}"
                    );
                }
            }
        }
    }

    #[test]
    fn parts_round_trip_and_refuse_impossible_states() {
        let data: Vec<u8> = (0..3000u32).map(|i| (i % 7) as u8).collect();
        let mut stream = Xxh3Stream::new(5);
        stream.update(&data[..2500]);
        let mut copy = Xxh3Stream::from_parts(5, &stream.parts()).unwrap();
        copy.update(&data[2500..]);
        assert_eq!(copy.digest_64(), xxh3::oneshot_64(5, &data));
        let previous = [0; STRIPE];
        let no_pending = Xxh3Parts {
            acc: INITIAL_ACC,
            blocks: 1,
            previous: &previous,
            pending: &[],
        };
        assert!(Xxh3Stream::from_parts(0, &no_pending).is_none());
        let changed_before_any_block = Xxh3Parts {
            acc: [1; 8],
            blocks: 0,
            previous: &previous,
            pending: &data[..5],
        };
        assert!(Xxh3Stream::from_parts(0, &changed_before_any_block).is_none());
    }
}
