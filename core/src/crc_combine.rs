//! The CRC of a concatenation from the CRCs and lengths of its parts, in O(log length).
//!
//! Appending `n` bytes to a message multiplies its CRC register by x^(8n) modulo the
//! polynomial; zlib's `crc32_combine` (Mark Adler's method since zlib 1.2.12) computes that
//! power by multiplying precomputed squares x^(2^k) mod P, one multiplication per set bit
//! of the length. This is that method for the three CRCs hashmill has, all of which are
//! reflected with init and xorout all ones, so that `crc(A‖B) = crc(A)·x^(8·|B|) ⊕ crc(B)`.
//! crc-fast's own `checksum_combine` squares a 64×64 bit matrix per length bit (~100 times
//! slower, which matters for the 10,000 parts of an S3 upload); the tests check both agree.
//!
//! The same combine lets [`Hasher::update_parallel`](crate::Hasher::update_parallel) hash
//! one large input in pieces on several threads.

use crate::algorithm::Algorithm;
use crc_fast::CrcAlgorithm;

/// A reflected CRC: its width in bits and its polynomial, bit-reversed (x^0 in the top bit).
#[derive(Clone, Copy)]
struct Reflected {
    width: u32,
    poly: u64,
    /// x^(2^k) mod P for k in 0..SQUARES.
    squares: [u64; SQUARES],
}

/// Enough squares for any length in bytes below 2^64: x^(8n) needs k up to 3 + 63.
const SQUARES: usize = 67;

impl Reflected {
    const fn new(width: u32, poly: u64) -> Reflected {
        let mut crc = Reflected {
            width,
            poly,
            squares: [0; SQUARES],
        };
        crc.squares[0] = crc.x_power(1);
        let mut k = 1;
        while k < SQUARES {
            crc.squares[k] = crc.multiply(crc.squares[k - 1], crc.squares[k - 1]);
            k += 1;
        }
        crc
    }

    /// x^power for power < width, in the reflected representation.
    const fn x_power(&self, power: u32) -> u64 {
        1 << (self.width - 1 - power)
    }

    /// a·b mod P.
    const fn multiply(&self, a: u64, mut b: u64) -> u64 {
        let mut m = self.x_power(0);
        let mut product = 0;
        loop {
            if a & m != 0 {
                product ^= b;
                if a & (m - 1) == 0 {
                    return product;
                }
            }
            m >>= 1;
            b = if b & 1 != 0 {
                (b >> 1) ^ self.poly
            } else {
                b >> 1
            };
        }
    }

    /// x^(8·bytes) mod P: the operator that appends `bytes` zero bytes.
    const fn append_operator(&self, mut bytes: u64) -> u64 {
        let mut k = 3;
        let mut power = self.x_power(0);
        while bytes != 0 {
            if bytes & 1 != 0 {
                power = self.multiply(self.squares[k], power);
            }
            bytes >>= 1;
            k += 1;
        }
        power
    }
}

const CRC32: Reflected = Reflected::new(32, 0xedb8_8320);
const CRC32C: Reflected = Reflected::new(32, 0x82f6_3b78);
const CRC64_NVME: Reflected = Reflected::new(64, 0x9a6c_9329_ac4b_c9b5);

fn reflected(algorithm: Algorithm) -> Option<&'static Reflected> {
    match algorithm {
        Algorithm::Crc32 => Some(&CRC32),
        Algorithm::Crc32c => Some(&CRC32C),
        Algorithm::Crc64Nvme => Some(&CRC64_NVME),
        _ => None,
    }
}

/// crc-fast's name for one of hashmill's CRCs.
pub(crate) fn crc_fast_algorithm(algorithm: Algorithm) -> CrcAlgorithm {
    match algorithm {
        Algorithm::Crc32c => CrcAlgorithm::Crc32Iscsi,
        Algorithm::Crc64Nvme => CrcAlgorithm::Crc64Nvme,
        _ => CrcAlgorithm::Crc32IsoHdlc,
    }
}

/// The CRC of `A‖B` from `crc(A)`, `crc(B)` and `|B|` (values as crc-fast returns them).
///
/// ```
/// use hashmill_core::{combine, Algorithm};
/// // crc32("1234") and crc32("56789") make crc32("123456789").
/// assert_eq!(combine(Algorithm::Crc32, 0x9be3e0a3, 0x131da070, 5), Some(0xcbf43926));
/// assert_eq!(combine(Algorithm::Sha256, 0, 0, 0), None);
/// ```
pub fn combine(algorithm: Algorithm, crc_a: u64, crc_b: u64, len_b: u64) -> Option<u64> {
    combine_all(algorithm, &[(crc_a, 0), (crc_b, len_b)])
}

/// The CRC of consecutive parts given as `(crc, length)`; an empty list is the CRC of no
/// bytes (0 for all three).
pub fn combine_all(algorithm: Algorithm, parts: &[(u64, u64)]) -> Option<u64> {
    let crc = reflected(algorithm)?;
    Some(parts.iter().fold(0, |whole, &(part, len)| {
        crc.multiply(crc.append_operator(len), whole) ^ part
    }))
}

/// All ones in the CRC's width: its init and xorout value.
fn ones(algorithm: Algorithm) -> u64 {
    u64::MAX >> (64 - 8 * algorithm.digest_len())
}

/// A running crc-fast digest that continues from the CRC value `crc` of what came before.
pub(crate) fn digest_continuing(algorithm: Algorithm, crc: u64) -> crate::crc::Digest {
    // The register holds the value before the final xor (all ones for all three).
    crate::crc::Digest::new_with_init_state(crc_fast_algorithm(algorithm), crc ^ ones(algorithm))
}

/// Feeds `data` to `digest` in pieces hashed on every thread of rayon's current pool, then
/// combined.
#[cfg(feature = "rayon")]
pub(crate) fn update_parallel(algorithm: Algorithm, digest: &mut crate::crc::Digest, data: &[u8]) {
    use rayon::prelude::*;
    let piece = data
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(crate::hasher::CRC_PARALLEL_MIN_LEN / 2);
    let crc = crc_fast_algorithm(algorithm);
    let parts: Vec<(u64, u64)> = data
        .par_chunks(piece)
        .map(|p| (crate::crc::checksum(crc, p), p.len() as u64))
        .collect();
    let before = [(digest.finalize(), 0)];
    let whole = combine_all(algorithm, &[&before[..], &parts].concat())
        .expect("update_parallel is only called for CRCs");
    *digest = digest_continuing(algorithm, whole);
}

/// The CRC digest (canonical big-endian bytes) of consecutive parts given as
/// `(digest, length)`; `None` when `algorithm` is not a CRC or a digest has the wrong length.
///
/// ```
/// use hashmill_core::{combine_digests, Algorithm};
/// let parts = [(&[0x9b, 0xe3, 0xe0, 0xa3][..], 4), (&[0x13, 0x1d, 0xa0, 0x70][..], 5)];
/// assert_eq!(combine_digests(Algorithm::Crc32, &parts), Some(vec![0xcb, 0xf4, 0x39, 0x26]));
/// ```
pub fn combine_digests(algorithm: Algorithm, parts: &[(&[u8], u64)]) -> Option<Vec<u8>> {
    let values: Vec<(u64, u64)> = parts
        .iter()
        .map(|&(digest, len)| Some((crc_value(algorithm, digest)?, len)))
        .collect::<Option<_>>()?;
    let whole = combine_all(algorithm, &values)?;
    Some(whole.to_be_bytes()[8 - algorithm.digest_len()..].to_vec())
}

/// Parts as they cross from JavaScript: their digests concatenated (`digest_len` bytes
/// each) and their lengths as little-endian u64s; `None` if the two do not match up.
pub fn parts_from_bytes<'a>(
    digests: &'a [u8],
    lengths: &[u8],
    digest_len: usize,
) -> Option<Vec<(&'a [u8], u64)>> {
    if digest_len == 0
        || !digests.len().is_multiple_of(digest_len)
        || !lengths.len().is_multiple_of(8)
        || digests.len() / digest_len != lengths.len() / 8
    {
        return None;
    }
    let lengths = lengths
        .chunks_exact(8)
        .map(|l| u64::from_le_bytes(l.try_into().expect("8 bytes")));
    Some(digests.chunks_exact(digest_len).zip(lengths).collect())
}

/// A CRC digest (canonical big-endian bytes) as its value; `None` when it has the wrong length.
fn crc_value(algorithm: Algorithm, digest: &[u8]) -> Option<u64> {
    if digest.len() != algorithm.digest_len() {
        return None;
    }
    Some(
        digest
            .iter()
            .fold(0, |value, &b| (value << 8) | u64::from(b)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRCS: [Algorithm; 3] = [Algorithm::Crc32, Algorithm::Crc32c, Algorithm::Crc64Nvme];

    fn crc(algorithm: Algorithm, data: &[u8]) -> u64 {
        crate::crc::checksum(crc_fast_algorithm(algorithm), data)
    }

    fn data(len: usize) -> Vec<u8> {
        (0..len as u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
            .collect()
    }

    #[test]
    fn every_split_combines_to_the_whole() {
        let input = data(3000);
        for algorithm in CRCS {
            for len in [0, 1, 2, 7, 64, 65, 1000, 3000] {
                let whole = crc(algorithm, &input[..len]);
                for split in 0..=len {
                    let (a, b) = input[..len].split_at(split);
                    let combined = combine(
                        algorithm,
                        crc(algorithm, a),
                        crc(algorithm, b),
                        b.len() as u64,
                    );
                    assert_eq!(
                        combined,
                        Some(whole),
                        "{algorithm:?} len {len} split {split}"
                    );
                }
            }
        }
    }

    #[test]
    fn agrees_with_crc_fast_for_huge_lengths() {
        for algorithm in CRCS {
            for len in [1u64 << 20, (1 << 32) + 5, 5 << 40, u64::MAX / 3, u64::MAX] {
                let (a, b) = (
                    0x1234_5678_9abc_def0 & mask(algorithm),
                    0x0fed_cba9 & mask(algorithm),
                );
                let reference =
                    crc_fast::checksum_combine(crc_fast_algorithm(algorithm), a, b, len);
                assert_eq!(
                    combine(algorithm, a, b, len),
                    Some(reference),
                    "{algorithm:?} {len}"
                );
            }
        }
    }

    fn mask(algorithm: Algorithm) -> u64 {
        u64::MAX >> (64 - 8 * algorithm.digest_len())
    }

    #[test]
    fn part_lists_with_empty_parts_combine() {
        let input = data(5000);
        for algorithm in CRCS {
            let cuts = [0, 0, 17, 17, 1024, 4000, 5000, 5000];
            let parts: Vec<(u64, u64)> = cuts
                .windows(2)
                .map(|w| (crc(algorithm, &input[w[0]..w[1]]), (w[1] - w[0]) as u64))
                .collect();
            assert_eq!(combine_all(algorithm, &parts), Some(crc(algorithm, &input)));
            assert_eq!(combine_all(algorithm, &[]), Some(crc(algorithm, b"")));
        }
        assert_eq!(combine_all(Algorithm::Md5, &[]), None);
    }

    #[test]
    fn digest_values_and_continuing_digests() {
        let nvme = 0xae8b14860a799888u64.to_be_bytes();
        assert_eq!(
            crc_value(Algorithm::Crc64Nvme, &nvme),
            Some(0xae8b14860a799888)
        );
        assert_eq!(crc_value(Algorithm::Crc32, &nvme), None);
        for algorithm in CRCS {
            let mut digest = digest_continuing(algorithm, crc(algorithm, b"1234"));
            digest.update(b"56789");
            assert_eq!(digest.finalize(), crc(algorithm, b"123456789"));
        }
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn parallel_updates_equal_serial_ones() {
        let input = data(5 << 20);
        for algorithm in CRCS {
            let mut digest = crc_fast::Digest::new(crc_fast_algorithm(algorithm));
            digest.update(&input[..100]);
            update_parallel(algorithm, &mut digest, &input[100..]);
            assert_eq!(digest.finalize(), crc(algorithm, &input));
        }
    }
}
