//! Hashing one open file: read it to its end a buffer at a time, with progress and
//! cancellation, and refuse a digest when the file changed size meanwhile.
//!
//! The loop is written once against [`OpenFile`] and [`Sink`]: the native binding reads with
//! `std::fs` (and memory-maps large files, see `std_file`), the wasm binding with Node's `fs`
//! called from its worker, and what is read goes to the core's [`Hasher`] or to a sink the
//! binding brings (the wasm backend's node:crypto). All give the same sizes, digests and errors.

use crate::error::{Error, ErrorKind};
use crate::hasher::Hasher;
use crate::spec::Spec;
use crate::walk::{Kind, Stat};

/// What a caller sees of running file work.
pub trait Observer {
    /// `bytes` more bytes were hashed.
    fn progress(&self, bytes: u64);
    /// Whether to stop at the next buffer.
    fn cancelled(&self) -> bool;
}

/// An observer that sees nothing and never cancels (synchronous calls).
pub struct Unobserved;

impl Observer for Unobserved {
    fn progress(&self, _: u64) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// An open file, as the hashing loop reads it.
pub trait OpenFile {
    /// Its kind and size now (`fstat`).
    fn stat(&mut self) -> Result<Stat, Error>;
    /// Reads the next bytes into `buffer`; 0 at the end.
    fn read(&mut self, buffer: &mut [u8]) -> Result<usize, Error>;
    /// Moves to `offset` bytes from the start (to hash one range, see `pieces`).
    fn seek(&mut self, offset: u64) -> Result<(), Error>;
}

/// A file's size and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Bytes hashed.
    pub size: u64,
    /// The digest ([`Spec::output_len`] bytes).
    pub digest: Vec<u8>,
}

/// Where the bytes read go, and what digest they make.
pub trait Sink {
    /// Feeds more bytes.
    fn update(&mut self, data: &[u8]);
    /// Feeds more bytes, on several threads where the sink can (the default: one).
    fn update_parallel(&mut self, data: &[u8]) {
        self.update(data);
    }
    /// The digest of everything fed.
    fn finish(&mut self) -> Vec<u8>;
    /// The length about to be fed, known before the first byte (a regular file's size):
    /// git blob IDs need it first; other sinks ignore it.
    fn declare_len(&mut self, _len: u64) {}
}

impl Hasher {
    /// The core's hasher for a file's bytes: `spec` without its declared length, as a file
    /// declares its own (its size, before its first byte: [`Sink::declare_len`]).
    pub fn for_file(spec: &Spec) -> Hasher {
        Hasher::new(spec.without_size())
    }
}

impl Sink for Hasher {
    fn update(&mut self, data: &[u8]) {
        Hasher::update(self, data);
    }
    #[cfg(feature = "rayon")]
    fn update_parallel(&mut self, data: &[u8]) {
        Hasher::update_parallel(self, data);
    }
    fn finish(&mut self) -> Vec<u8> {
        self.finalize_vec()
    }
    fn declare_len(&mut self, len: u64) {
        Hasher::declare_len(self, len);
    }
}

/// The kind and size of a file about to be hashed into `sink`: a directory is refused, and
/// the sink is told a regular file's size before its bytes.
pub(crate) fn checked_stat(file: &mut impl OpenFile, sink: &mut dyn Sink) -> Result<Stat, Error> {
    let stat = file.stat()?;
    if stat.kind == Kind::Dir {
        return Err(Error::is_a_directory());
    }
    if let Some(size) = regular_size(&stat) {
        sink.declare_len(size);
    }
    Ok(stat)
}

/// How a read to the end went.
pub(crate) struct ReadEnd {
    /// Bytes read.
    pub total: u64,
    /// Whether the end was seen exactly at the size the file had when hashing began: a
    /// short read of a regular file at that size. The file's size then was what was read, so
    /// neither another read nor another stat is needed (a small file costs one read).
    pub at_known_size: bool,
}

/// Reads `file` to its end into `sink`. `regular_size`: the size of a regular file when
/// hashing began (None for anything else, which is read until a read returns nothing).
pub(crate) fn read_to_end(
    file: &mut impl OpenFile,
    sink: &mut dyn Sink,
    buffer: &mut [u8],
    observer: &dyn Observer,
    regular_size: Option<u64>,
) -> Result<ReadEnd, Error> {
    let mut total = 0u64;
    loop {
        if observer.cancelled() {
            return Err(Error::cancelled());
        }
        let n = file.read(buffer)?;
        if n == 0 {
            return Ok(ReadEnd {
                total,
                at_known_size: false,
            });
        }
        sink.update(&buffer[..n]);
        observer.progress(n as u64);
        total += n as u64;
        // A regular file reads short only at its end.
        if n < buffer.len() && regular_size == Some(total) {
            return Ok(ReadEnd {
                total,
                at_known_size: true,
            });
        }
    }
}

/// The size of a regular file when hashing began, as [`read_to_end`] takes it.
pub(crate) fn regular_size(stat: &Stat) -> Option<u64> {
    (stat.kind == Kind::File && stat.size > 0).then_some(stat.size)
}

/// The digest, unless the file changed size while it was hashed.
///
/// `before`: the file when hashing began; `hashed`: the bytes actually read; `after`: its
/// size when hashing ended. Files that claim size 0 (`/proc` and similar) and anything that
/// is not a regular file (pipes) have no meaningful size and are never "changed".
pub(crate) fn finish(
    before: &Stat,
    hashed: u64,
    after: u64,
    sink: &mut dyn Sink,
) -> Result<FileDigest, Error> {
    let unchanged = before.kind != Kind::File
        || before.size == 0
        || (hashed == before.size && after == before.size);
    if !unchanged {
        return Err(Error::new(ErrorKind::Changed {
            before: before.size,
            after: if after != before.size { after } else { hashed },
        }));
    }
    Ok(FileDigest {
        size: hashed,
        digest: sink.finish(),
    })
}

/// Hashes `file` from where it stands to its end into `sink`, reading through `buffer`.
pub fn hash_open_file(
    file: &mut impl OpenFile,
    sink: &mut dyn Sink,
    buffer: &mut [u8],
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    let before = checked_stat(file, sink)?;
    let end = read_to_end(file, sink, buffer, observer, regular_size(&before))?;
    let after = if end.at_known_size {
        before.size
    } else {
        file.stat()?.size
    };
    finish(&before, end.total, after, sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryFile;
    use crate::{hash_vec, Algorithm, Spec};

    fn run(kind: Kind, sizes: &[u64], data: &[u8]) -> Result<FileDigest, Error> {
        let mut file = MemoryFile::scripted(kind, sizes, data.to_vec());
        let mut hasher = Hasher::new(Spec::plain(Algorithm::Crc32));
        hash_open_file(&mut file, &mut hasher, &mut [0; 3], &Unobserved)
    }

    #[test]
    fn digests_unchanged_files_and_refuses_changed_ones() {
        let spec = Spec::plain(Algorithm::Crc32);
        let ok = run(Kind::File, &[10, 10], b"0123456789").unwrap();
        assert_eq!(ok.size, 10);
        assert_eq!(ok.digest, hash_vec(&spec, b"0123456789"));
        let shrunk = run(Kind::File, &[10, 5], b"01234").unwrap_err();
        assert_eq!(shrunk.code(), crate::error::CHANGED);
        assert_eq!(
            shrunk.kind(),
            &ErrorKind::Changed {
                before: 10,
                after: 5
            }
        );
        let grew_back = run(Kind::File, &[10, 10], b"01234").unwrap_err();
        assert_eq!(
            grew_back.kind(),
            &ErrorKind::Changed {
                before: 10,
                after: 5
            }
        );
        let grew = run(Kind::File, &[10, 12], b"0123456789ab").unwrap_err();
        assert_eq!(
            grew.kind(),
            &ErrorKind::Changed {
                before: 10,
                after: 12
            }
        );
        // /proc-style files claim size 0, pipes have none: never "changed".
        assert!(run(Kind::File, &[0, 0], b"proc text").is_ok());
        assert!(run(Kind::Other, &[0, 0], b"from a pipe").is_ok());
        assert_eq!(run(Kind::Dir, &[0, 0], b"").unwrap_err().code(), "EISDIR");
    }
}
