//! What Amazon S3 computes for an upload: its part rules, which checksum types it allows
//! for which algorithm, and the object-level checksum and ETag it derives from the parts.
//!
//! A single PUT has one checksum, of the whole object (type FULL_OBJECT). A multipart
//! upload has one per part and an object-level value that is either FULL_OBJECT (the CRC
//! of the whole object, which for a CRC follows from the parts' CRCs by combining them) or
//! COMPOSITE (the algorithm over the concatenated raw part checksums, shown with `-<parts>`).
//! S3 allows FULL_OBJECT for the CRCs only, COMPOSITE for everything but CRC-64/NVME, and
//! defaults to FULL_OBJECT for CRC-64/NVME and COMPOSITE for the others. The ETag is the MD5
//! of the object, or for a multipart upload the MD5 of the concatenated part MD5s.
//! Parts are 5 MiB to 5 GiB, except that the last may be smaller, and at most 10,000.

use crate::algorithm::Algorithm;
use crate::crc_combine::combine_digests;
use crate::hash_vec;
use crate::spec::Spec;
use std::fmt;

/// The smallest part S3 accepts, except for the last one.
pub const MIN_PART_SIZE: u64 = 5 << 20;
/// The largest part S3 accepts.
pub const MAX_PART_SIZE: u64 = 5 << 30;
/// The most parts one upload may have.
pub const MAX_PARTS: u64 = 10_000;

/// The algorithms S3 offers for `x-amz-checksum-*`.
pub const CHECKSUM_ALGORITHMS: [Algorithm; 5] = [
    Algorithm::Crc64Nvme,
    Algorithm::Crc32,
    Algorithm::Crc32c,
    Algorithm::Sha1,
    Algorithm::Sha256,
];

/// How the object-level checksum is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecksumType {
    /// The checksum of the whole object.
    FullObject,
    /// The checksum of the concatenated part checksums, with `-<parts>`.
    Composite,
}

impl ChecksumType {
    /// The name S3 uses (`x-amz-checksum-type`).
    pub const fn name(self) -> &'static str {
        match self {
            ChecksumType::FullObject => "FULL_OBJECT",
            ChecksumType::Composite => "COMPOSITE",
        }
    }

    /// The type S3 calls `name`.
    pub fn from_name(name: &str) -> Option<ChecksumType> {
        [ChecksumType::FullObject, ChecksumType::Composite]
            .into_iter()
            .find(|t| t.name() == name)
    }
}

/// An upload S3 would refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Error {
    /// An algorithm S3 has no checksum header for.
    Algorithm(Algorithm),
    /// A part size outside [`MIN_PART_SIZE`]..=[`MAX_PART_SIZE`].
    PartSize(u64),
    /// More than [`MAX_PARTS`] parts.
    TooManyParts {
        /// The parts the size and part size make.
        parts: u64,
        /// The part size given.
        part_size: u64,
    },
    /// A checksum type S3 does not offer for this algorithm and kind of upload.
    ChecksumType {
        /// The algorithm.
        algorithm: Algorithm,
        /// The type asked for.
        wanted: ChecksumType,
        /// Whether the upload is multipart.
        multipart: bool,
    },
}

impl S3Error {
    /// The code JavaScript sees.
    pub const fn code(&self) -> &'static str {
        match self {
            S3Error::Algorithm(_) => "ERR_HASHMILL_S3_ALGORITHM",
            S3Error::PartSize(_) => "ERR_HASHMILL_S3_PART_SIZE",
            S3Error::TooManyParts { .. } => "ERR_HASHMILL_S3_TOO_MANY_PARTS",
            S3Error::ChecksumType { .. } => "ERR_HASHMILL_S3_CHECKSUM_TYPE",
        }
    }
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            S3Error::Algorithm(a) => write!(f, "S3 has no checksum for {}", a.name()),
            S3Error::PartSize(size) => write!(
                f,
                "a part size of {size} bytes; S3 takes {MIN_PART_SIZE} to {MAX_PART_SIZE}"
            ),
            S3Error::TooManyParts { parts, part_size } => write!(
                f,
                "{parts} parts of {part_size} bytes; S3 takes at most {MAX_PARTS}"
            ),
            S3Error::ChecksumType {
                algorithm,
                wanted,
                multipart,
            } => {
                let upload = if *multipart {
                    "a multipart"
                } else {
                    "a single-part"
                };
                write!(
                    f,
                    "S3 has no {} {} checksum for {upload} upload",
                    wanted.name(),
                    algorithm.name()
                )
            }
        }
    }
}

impl std::error::Error for S3Error {}

/// One upload as S3 would split it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The object's size in bytes.
    pub size: u64,
    /// The part size of a multipart upload; `None` for a single PUT.
    pub part_size: Option<u64>,
    /// How many parts (1 for a single PUT, and for an empty multipart upload).
    pub parts: u64,
}

impl Layout {
    /// The upload of `size` bytes in parts of `part_size` (none: a single PUT).
    pub fn new(size: u64, part_size: Option<u64>) -> Result<Layout, S3Error> {
        let Some(part_size) = part_size else {
            return Ok(Layout {
                size,
                part_size: None,
                parts: 1,
            });
        };
        if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&part_size) {
            return Err(S3Error::PartSize(part_size));
        }
        let parts = size.div_ceil(part_size).max(1);
        if parts > MAX_PARTS {
            return Err(S3Error::TooManyParts { parts, part_size });
        }
        Ok(Layout {
            size,
            part_size: Some(part_size),
            parts,
        })
    }

    /// Whether this is a multipart upload.
    pub fn is_multipart(&self) -> bool {
        self.part_size.is_some()
    }

    /// Where part `index` (from 0) starts and how long it is.
    pub fn part(&self, index: u64) -> (u64, u64) {
        let part_size = self.part_size.unwrap_or(self.size);
        let start = index * part_size;
        (start, part_size.min(self.size - start.min(self.size)))
    }
}

/// The checksum type of a (`multipart` or single-part) upload with `algorithm`: `wanted`,
/// or S3's default, if S3 offers it.
pub fn checksum_type(
    algorithm: Algorithm,
    multipart: bool,
    wanted: Option<ChecksumType>,
) -> Result<ChecksumType, S3Error> {
    if !CHECKSUM_ALGORITHMS.contains(&algorithm) {
        return Err(S3Error::Algorithm(algorithm));
    }
    let default = if !multipart || algorithm == Algorithm::Crc64Nvme {
        ChecksumType::FullObject
    } else {
        ChecksumType::Composite
    };
    let chosen = wanted.unwrap_or(default);
    let offered = match chosen {
        ChecksumType::FullObject => !multipart || algorithm.is_crc(),
        ChecksumType::Composite => multipart && algorithm != Algorithm::Crc64Nvme,
    };
    if offered {
        Ok(chosen)
    } else {
        Err(S3Error::ChecksumType {
            algorithm,
            wanted: chosen,
            multipart,
        })
    }
}

/// The object-level value (raw digest bytes) S3 derives from the parts' digests of
/// `algorithm` (given with their lengths): for a single PUT its one digest; FULL_OBJECT:
/// the CRCs combined; COMPOSITE: the algorithm over the concatenated digests. Digests of
/// the wrong length give `None`.
pub fn object_digest(
    algorithm: Algorithm,
    kind: ChecksumType,
    multipart: bool,
    parts: &[(&[u8], u64)],
) -> Option<Vec<u8>> {
    if parts.iter().any(|(d, _)| d.len() != algorithm.digest_len()) {
        return None;
    }
    match (multipart, kind) {
        (false, _) => match parts {
            [(digest, _)] => Some(digest.to_vec()),
            _ => None,
        },
        (true, ChecksumType::FullObject) => combine_digests(algorithm, parts),
        (true, ChecksumType::Composite) => {
            let joined: Vec<u8> = parts.iter().flat_map(|(d, _)| d.iter().copied()).collect();
            Some(hash_vec(&Spec::plain(algorithm), &joined))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    #[test]
    fn layouts_follow_the_part_rules() {
        assert_eq!(Layout::new(0, None).unwrap().parts, 1);
        let layout = Layout::new(20 * MIB + 1, Some(8 * MIB)).unwrap();
        assert_eq!(layout.parts, 3);
        assert_eq!(layout.part(0), (0, 8 * MIB));
        assert_eq!(layout.part(2), (16 * MIB, 4 * MIB + 1));
        assert_eq!(Layout::new(0, Some(5 * MIB)).unwrap().part(0), (0, 0));
        assert_eq!(Layout::new(7, None).unwrap().part(0), (0, 7));
        assert_eq!(
            Layout::new(1, Some(5 * MIB - 1)),
            Err(S3Error::PartSize(5 * MIB - 1))
        );
        assert_eq!(
            Layout::new(1, Some((5 << 30) + 1)),
            Err(S3Error::PartSize((5 << 30) + 1))
        );
        assert!(Layout::new(10_000 * 5 * MIB, Some(5 * MIB)).is_ok());
        assert_eq!(
            Layout::new(10_000 * 5 * MIB + 1, Some(5 * MIB)),
            Err(S3Error::TooManyParts {
                parts: 10_001,
                part_size: 5 * MIB
            })
        );
    }

    #[test]
    fn checksum_types_follow_what_s3_offers() {
        let (single, multi) = (false, true);
        use ChecksumType::*;
        for a in CHECKSUM_ALGORITHMS {
            assert_eq!(checksum_type(a, single, None), Ok(FullObject));
            assert!(checksum_type(a, single, Some(Composite)).is_err());
        }
        assert_eq!(
            checksum_type(Algorithm::Crc64Nvme, multi, None),
            Ok(FullObject)
        );
        assert!(checksum_type(Algorithm::Crc64Nvme, multi, Some(Composite)).is_err());
        for a in [Algorithm::Crc32, Algorithm::Crc32c] {
            assert_eq!(checksum_type(a, multi, None), Ok(Composite));
            assert_eq!(checksum_type(a, multi, Some(FullObject)), Ok(FullObject));
        }
        for a in [Algorithm::Sha1, Algorithm::Sha256] {
            assert_eq!(checksum_type(a, multi, None), Ok(Composite));
            assert!(checksum_type(a, multi, Some(FullObject)).is_err());
        }
        assert_eq!(
            checksum_type(Algorithm::Md5, single, None),
            Err(S3Error::Algorithm(Algorithm::Md5))
        );
        assert_eq!(ChecksumType::from_name("COMPOSITE"), Some(Composite));
        assert_eq!(ChecksumType::from_name("composite"), None);
    }

    #[test]
    fn object_digests_from_parts() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i % 255) as u8).collect();
        let (a, b) = data.split_at(600);
        for algorithm in [Algorithm::Crc32, Algorithm::Crc32c, Algorithm::Crc64Nvme] {
            let spec = Spec::plain(algorithm);
            let (da, db) = (hash_vec(&spec, a), hash_vec(&spec, b));
            let parts = [(&da[..], 600), (&db[..], 400)];
            let full = object_digest(algorithm, ChecksumType::FullObject, true, &parts);
            assert_eq!(full, Some(hash_vec(&spec, &data)));
            let composite = object_digest(algorithm, ChecksumType::Composite, true, &parts);
            assert_eq!(
                composite,
                Some(hash_vec(&spec, &[da.clone(), db.clone()].concat()))
            );
            assert_eq!(
                object_digest(algorithm, ChecksumType::FullObject, true, &[(&da[1..], 1)]),
                None
            );
        }
        let md5 = hash_vec(&Spec::plain(Algorithm::Md5), &data);
        assert_eq!(
            object_digest(
                Algorithm::Md5,
                ChecksumType::FullObject,
                false,
                &[(&md5, 1000)]
            ),
            Some(md5)
        );
    }
}
