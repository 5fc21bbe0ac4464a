//! One input hashed in pieces by separate workers, then put together: BLAKE3 pieces as
//! subtrees whose chaining values merge along its tree ([`subtree`](crate::subtree)), CRC
//! pieces as CRCs of their own that combine ([`combine_digests`]). The wasm backend has no
//! threads, only workers that each own an instance, so this is how it puts several cores on
//! one buffer or one file (each worker reading its own range, see [`hash_file_range`]).

use crate::crc_combine::combine_digests;
use crate::error::{Error, ErrorKind};
use crate::file::{Observer, OpenFile, Sink};
use crate::hasher::Hasher;
use crate::spec::Spec;
use crate::subtree::{merge, valid_piece_len, Cv, SubtreeHasher};
use crate::walk::Kind;

/// How an algorithm's pieces are hashed and put together, or `None` when one input of it
/// cannot be split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// BLAKE3: each piece a subtree (power-of-two length, aligned).
    Subtree,
    /// A CRC: each piece's own CRC, combined with the lengths.
    Crc,
}

impl Split {
    /// How inputs of `spec` split, if they do.
    pub fn of(spec: &Spec) -> Option<Split> {
        let algorithm = spec.algorithm();
        if algorithm.is_parallel() {
            Some(Split::Subtree)
        } else if algorithm.is_crc() {
            Some(Split::Crc)
        } else {
            None
        }
    }
}

/// Hashes one piece: the one that starts `input_offset` bytes into the whole input.
// One lives per piece of a megabyte or more, so the size of the larger variant (BLAKE3's
// stack of chaining values) costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum PieceHasher {
    Subtree(SubtreeHasher),
    Crc(Hasher),
}

impl PieceHasher {
    /// The hasher for the piece at `input_offset` (a multiple of the piece length), or
    /// `None` when inputs of `spec` cannot be split.
    pub fn new(spec: &Spec, input_offset: u64) -> Option<PieceHasher> {
        Some(match Split::of(spec)? {
            Split::Subtree => PieceHasher::Subtree(SubtreeHasher::new(spec, input_offset)),
            Split::Crc => PieceHasher::Crc(Hasher::new(spec.clone())),
        })
    }
}

impl Sink for PieceHasher {
    fn update(&mut self, data: &[u8]) {
        match self {
            PieceHasher::Subtree(h) => h.update(data),
            PieceHasher::Crc(h) => h.update(data),
        }
    }

    /// The piece's result: a 32-byte chaining value, or the piece's CRC digest.
    fn finish(&mut self) -> Vec<u8> {
        match self {
            PieceHasher::Subtree(h) => h.finalize().to_vec(),
            PieceHasher::Crc(h) => h.finalize_vec(),
        }
    }
}

/// Whether pieces of `piece_len` bytes can cover an input of `total_len` bytes of `spec`: it
/// splits, into more than one piece, of a length its tree accepts.
pub fn valid_layout(spec: &Spec, piece_len: u64, total_len: u64) -> bool {
    match Split::of(spec) {
        Some(Split::Subtree) => valid_piece_len(piece_len) && total_len > piece_len,
        Some(Split::Crc) => piece_len > 0 && total_len > piece_len,
        None => false,
    }
}

/// The digest of a whole input from its pieces' results (concatenated in order, as
/// [`PieceHasher`] gives them) for pieces of `piece_len` bytes covering `total_len` bytes:
/// `spec.output_len()` bytes, or why the layout is wrong.
pub fn merge_pieces(
    spec: &Spec,
    results: &[u8],
    piece_len: u64,
    total_len: u64,
) -> Result<Vec<u8>, Error> {
    let bad = || Error::os("EINVAL", "invalid piece layout");
    if !valid_layout(spec, piece_len, total_len) {
        return Err(bad());
    }
    let count = total_len.div_ceil(piece_len);
    match Split::of(spec).ok_or_else(bad)? {
        Split::Subtree => {
            if results.len() as u64 != 32 * count {
                return Err(bad());
            }
            let cvs: Vec<Cv> = results
                .chunks_exact(32)
                .map(|c| c.try_into().expect("32 bytes"))
                .collect();
            let mut out = vec![0; spec.output_len()];
            merge(spec, &cvs, piece_len, total_len, &mut out).map_err(|_| bad())?;
            Ok(out)
        }
        Split::Crc => {
            let len = spec.algorithm().digest_len();
            if results.len() as u64 != len as u64 * count {
                return Err(bad());
            }
            let parts: Vec<(&[u8], u64)> = results
                .chunks_exact(len)
                .enumerate()
                .map(|(i, digest)| (digest, piece_len.min(total_len - i as u64 * piece_len)))
                .collect();
            combine_digests(spec.algorithm(), &parts).ok_or_else(bad)
        }
    }
}

/// One range of a file: `len` bytes from `offset` of a file that is `size` bytes long.
#[derive(Clone, Copy, Debug)]
pub struct FileRange {
    pub offset: u64,
    pub len: u64,
    pub size: u64,
}

/// Hashes one range of `file` into `sink` (a [`PieceHasher`]), reading through `buffer`.
/// The file must still be a regular file of `range.size` bytes and hold the whole range;
/// otherwise it changed while it was hashed ([`ErrorKind::Changed`]), and no result is given.
/// A range of no bytes only checks that (once every range is done: the file's size did not
/// change meanwhile), and its result is empty.
pub fn hash_file_range(
    file: &mut impl OpenFile,
    sink: &mut dyn Sink,
    buffer: &mut [u8],
    observer: &dyn Observer,
    range: FileRange,
) -> Result<Vec<u8>, Error> {
    let changed = |after| {
        Error::new(ErrorKind::Changed {
            before: range.size,
            after,
        })
    };
    let stat = file.stat()?;
    if stat.kind == Kind::Dir {
        return Err(Error::is_a_directory());
    }
    if stat.kind != Kind::File || stat.size != range.size {
        return Err(changed(stat.size));
    }
    if range.len == 0 {
        return Ok(Vec::new());
    }
    file.seek(range.offset)?;
    let mut left = range.len;
    while left > 0 {
        if observer.cancelled() {
            return Err(Error::cancelled());
        }
        let want = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = file.read(&mut buffer[..want])?;
        if n == 0 {
            return Err(changed(range.offset + range.len - left));
        }
        sink.update(&buffer[..n]);
        observer.progress(n as u64);
        left -= n as u64;
    }
    Ok(sink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryFile;
    use crate::{hash_vec, Algorithm, Unobserved};

    fn in_pieces(spec: &Spec, data: &[u8], piece: u64) -> Vec<u8> {
        let size = data.len() as u64;
        let mut results = Vec::new();
        for offset in (0..size).step_by(piece as usize) {
            let mut file = MemoryFile::claiming(data.to_vec(), size);
            let mut sink = PieceHasher::new(spec, offset).unwrap();
            let range = FileRange {
                offset,
                len: piece.min(size - offset),
                size,
            };
            let mut buffer = vec![0; 1000];
            results.extend(
                hash_file_range(&mut file, &mut sink, &mut buffer, &Unobserved, range).unwrap(),
            );
        }
        merge_pieces(spec, &results, piece, size).unwrap()
    }

    #[test]
    fn ranges_merge_to_the_digest_of_the_whole() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let specs = [
            Spec::plain(Algorithm::Blake3),
            Spec::new(Algorithm::Blake3, Some(&[9; 32]), None, None)
                .and_then(|s| s.with_output_len(77))
                .unwrap(),
            Spec::plain(Algorithm::Crc32),
            Spec::plain(Algorithm::Crc32c),
            Spec::plain(Algorithm::Crc64Nvme),
        ];
        for spec in &specs {
            for (len, piece) in [(50_000, 1024), (4097, 4096), (8192, 2048), (30_001, 16384)] {
                let whole = hash_vec(spec, &data[..len]);
                assert_eq!(
                    in_pieces(spec, &data[..len], piece),
                    whole,
                    "{spec:?} {len} {piece}"
                );
            }
        }
    }

    #[test]
    fn a_file_that_changed_gives_no_result() {
        let spec = Spec::plain(Algorithm::Blake3);
        let mut buffer = vec![0; 64];
        let range = FileRange {
            offset: 2048,
            len: 2048,
            size: 4096,
        };
        // Another size than the caller saw.
        let mut grown = MemoryFile::claiming(vec![1; 5000], 5000);
        let mut sink = PieceHasher::new(&spec, 2048).unwrap();
        let e = hash_file_range(&mut grown, &mut sink, &mut buffer, &Unobserved, range);
        assert!(matches!(
            *e.unwrap_err().kind(),
            ErrorKind::Changed {
                before: 4096,
                after: 5000
            }
        ));
        // Only the size checked: the same, then another.
        let check = FileRange { len: 0, ..range };
        let mut same = MemoryFile::claiming(vec![1; 4096], 4096);
        assert_eq!(
            hash_file_range(&mut same, &mut sink, &mut buffer, &Unobserved, check).unwrap(),
            b""
        );
        let e = hash_file_range(&mut grown, &mut sink, &mut buffer, &Unobserved, check);
        assert!(matches!(
            *e.unwrap_err().kind(),
            ErrorKind::Changed {
                before: 4096,
                after: 5000
            }
        ));
        // The size it claims, but it ends early (truncated after the stat).
        let mut short = MemoryFile::claiming(vec![1; 3000], 4096);
        let e = hash_file_range(&mut short, &mut sink, &mut buffer, &Unobserved, range);
        assert!(matches!(
            *e.unwrap_err().kind(),
            ErrorKind::Changed {
                before: 4096,
                after: 3000
            }
        ));
    }

    #[test]
    fn algorithms_that_do_not_split_and_bad_layouts_are_refused() {
        assert!(PieceHasher::new(&Spec::plain(Algorithm::Sha256), 0).is_none());
        let blake3 = Spec::plain(Algorithm::Blake3);
        assert!(merge_pieces(&blake3, &[0; 64], 1000, 2000).is_err());
        assert!(merge_pieces(&blake3, &[0; 32], 1024, 2048).is_err());
        assert!(merge_pieces(&Spec::plain(Algorithm::Crc32), &[0; 8], 10, 10).is_err());
    }
}
