//! The algorithms hashmill offers, their names and what each one accepts.
//!
//! This is the single source of truth: the bindings export it to JavaScript (see
//! [`table`](crate::table)), where `lib/` validates user options and tunes where work runs
//! against it, so an algorithm added here is offered, validated and documented everywhere
//! at once.

/// One hash algorithm. The discriminant is the id the bindings pass across the FFI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Algorithm {
    /// BLAKE3: plain, keyed or derive-key, with any output length (XOF).
    Blake3 = 0,
    /// SHA-256 (FIPS 180-4).
    Sha256 = 1,
    /// SHA-384 (FIPS 180-4).
    Sha384 = 2,
    /// SHA-512 (FIPS 180-4).
    Sha512 = 3,
    /// SHA-1 (legacy, not collision resistant).
    Sha1 = 4,
    /// MD5 (legacy, not collision resistant).
    Md5 = 5,
    /// XXH3, 64-bit, with an optional 64-bit seed.
    Xxh3 = 6,
    /// XXH3, 128-bit, with an optional 64-bit seed.
    Xxh3_128 = 7,
    /// XXH64 with an optional 64-bit seed.
    Xxh64 = 8,
    /// XXH32 with an optional 32-bit seed.
    Xxh32 = 9,
    /// CRC-32/ISO-HDLC, the zlib / IEEE 802.3 CRC.
    Crc32 = 10,
    /// CRC-32/ISCSI (Castagnoli).
    Crc32c = 11,
    /// CRC-64/NVME: the CRC S3 and the AWS SDKs default to (reflected, polynomial
    /// 0xad93d23594c93659, init and xorout all ones).
    Crc64Nvme = 12,
    /// The git object ID of a blob under SHA-1 (`git hash-object`): SHA-1 of
    /// `blob <length>\0` and the bytes, so the length must be known before the bytes.
    GitSha1 = 13,
    /// The git object ID of a blob under SHA-256 (repositories with
    /// `extensions.objectFormat = sha256`).
    GitSha256 = 14,
}

/// How an algorithm's seed option is sized, if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedWidth {
    /// The algorithm takes no seed.
    None,
    /// A seed in `0..2^32`.
    Bits32,
    /// A seed in `0..2^64`.
    Bits64,
}

impl Algorithm {
    /// Every algorithm, in id order.
    pub const ALL: [Algorithm; 15] = [
        Algorithm::Blake3,
        Algorithm::Sha256,
        Algorithm::Sha384,
        Algorithm::Sha512,
        Algorithm::Sha1,
        Algorithm::Md5,
        Algorithm::Xxh3,
        Algorithm::Xxh3_128,
        Algorithm::Xxh64,
        Algorithm::Xxh32,
        Algorithm::Crc32,
        Algorithm::Crc32c,
        Algorithm::Crc64Nvme,
        Algorithm::GitSha1,
        Algorithm::GitSha256,
    ];

    /// The name users pass as `algorithm`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Blake3 => "blake3",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
            Algorithm::Sha1 => "sha1",
            Algorithm::Md5 => "md5",
            Algorithm::Xxh3 => "xxh3",
            Algorithm::Xxh3_128 => "xxh3-128",
            Algorithm::Xxh64 => "xxh64",
            Algorithm::Xxh32 => "xxh32",
            Algorithm::Crc32 => "crc32",
            Algorithm::Crc32c => "crc32c",
            Algorithm::Crc64Nvme => "crc64nvme",
            Algorithm::GitSha1 => "git-sha1",
            Algorithm::GitSha256 => "git-sha256",
        }
    }

    /// Looks an algorithm up by its [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Looks an algorithm up by its numeric id (its discriminant).
    pub fn from_id(id: u32) -> Option<Algorithm> {
        Self::ALL.get(usize::try_from(id).ok()?).copied()
    }

    /// The numeric id the bindings use.
    pub const fn id(self) -> u32 {
        self as u32
    }

    /// The digest length in bytes (the default output length for BLAKE3).
    pub const fn digest_len(self) -> usize {
        match self {
            Algorithm::Blake3 | Algorithm::Sha256 | Algorithm::GitSha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
            Algorithm::Sha1 | Algorithm::GitSha1 => 20,
            Algorithm::Md5 | Algorithm::Xxh3_128 => 16,
            Algorithm::Xxh3 | Algorithm::Xxh64 | Algorithm::Crc64Nvme => 8,
            Algorithm::Xxh32 | Algorithm::Crc32 | Algorithm::Crc32c => 4,
        }
    }

    /// Whether any output length may be asked for (extendable output).
    pub const fn is_xof(self) -> bool {
        matches!(self, Algorithm::Blake3)
    }

    /// Whether the algorithm has keyed and derive-key modes.
    pub const fn has_key_modes(self) -> bool {
        matches!(self, Algorithm::Blake3)
    }

    /// The seed this algorithm accepts.
    pub const fn seed_width(self) -> SeedWidth {
        match self {
            Algorithm::Xxh3 | Algorithm::Xxh3_128 | Algorithm::Xxh64 => SeedWidth::Bits64,
            Algorithm::Xxh32 => SeedWidth::Bits32,
            _ => SeedWidth::None,
        }
    }

    /// Whether hashing one input can use several threads through the algorithm's tree
    /// (BLAKE3's subtrees, which the wasm backend spreads over its workers).
    pub const fn is_parallel(self) -> bool {
        matches!(self, Algorithm::Blake3)
    }

    /// Whether this is one of the CRCs, whose digests of consecutive parts combine into the
    /// digest of the whole (see [`combine`](crate::combine)): so one input can also be
    /// hashed in pieces on several threads.
    pub const fn is_crc(self) -> bool {
        matches!(
            self,
            Algorithm::Crc32 | Algorithm::Crc32c | Algorithm::Crc64Nvme
        )
    }

    /// Whether the digest covers a header holding the input's length (git's blob IDs): a
    /// stream must be told the length first (see [`Spec::with_size`](crate::Spec::with_size)).
    pub const fn is_sized(self) -> bool {
        matches!(self, Algorithm::GitSha1 | Algorithm::GitSha256)
    }

    /// The name OpenSSL (and so node:crypto) knows the algorithm by, if it has it.
    pub const fn crypto_name(self) -> Option<&'static str> {
        match self {
            Algorithm::Sha256 => Some("sha256"),
            Algorithm::Sha384 => Some("sha384"),
            Algorithm::Sha512 => Some("sha512"),
            Algorithm::Sha1 => Some("sha1"),
            Algorithm::Md5 => Some("md5"),
            _ => None,
        }
    }

    /// How many bytes one thread of this build hashes per microsecond, measured with
    /// `npm run bench` on its 2-core Xeon (1 MiB inputs). `lib/` multiplies it by the cost
    /// of handing work to another thread to decide what is cheaper to hash in place.
    pub const fn speed(self) -> u32 {
        cfg_if::cfg_if! {
            if #[cfg(target_arch = "wasm32")] {
                match self {
                    Algorithm::Blake3 => 1000,
                    Algorithm::Sha256 => 380,
                    Algorithm::Sha384 => 530,
                    Algorithm::Sha512 => 550,
                    Algorithm::Sha1 => 850,
                    Algorithm::Md5 => 700,
                    Algorithm::Xxh3 | Algorithm::Xxh3_128 => 10000,
                    Algorithm::Xxh64 => 9600,
                    Algorithm::Xxh32 => 3700,
                    Algorithm::Crc32 | Algorithm::Crc32c => 2300,
                    Algorithm::Crc64Nvme => 2300,
                    Algorithm::GitSha1 => 850,
                    Algorithm::GitSha256 => 380,
                }
            } else {
                match self {
                    Algorithm::Blake3 => 3600,
                    Algorithm::Sha256 | Algorithm::Sha1 => 1100,
                    Algorithm::Sha384 => 390,
                    Algorithm::Sha512 | Algorithm::Md5 => 400,
                    Algorithm::Xxh3 | Algorithm::Xxh3_128 => 7000,
                    Algorithm::Xxh64 => 4800,
                    Algorithm::Xxh32 => 3700,
                    Algorithm::Crc32 => 9000,
                    Algorithm::Crc32c => 8500,
                    Algorithm::Crc64Nvme => 8500,
                    Algorithm::GitSha1 | Algorithm::GitSha256 => 1100,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_round_trip() {
        for (i, a) in Algorithm::ALL.into_iter().enumerate() {
            assert_eq!(a.id() as usize, i);
            assert_eq!(Algorithm::from_id(a.id()), Some(a));
            assert_eq!(Algorithm::from_name(a.name()), Some(a));
        }
        assert_eq!(Algorithm::from_id(15), None);
        assert_eq!(Algorithm::from_name("sha3-256"), None);
    }
}
