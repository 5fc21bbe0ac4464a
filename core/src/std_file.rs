//! Hashing a file on the real file system (`std::fs`), memory-mapped when that pays.
//!
//! Large regular files are memory-mapped (from [`MMAP_MIN_LEN`] bytes on, as b3sum does),
//! so BLAKE3 can hash one file on every thread; small files, and anything that cannot be
//! mapped (pipes, `/proc` files), go through the read loop of [`file`](crate::file). A
//! mapped file that shrinks while it is read gives [`ErrorKind::Changed`], never a digest.

use crate::error::{Error, ErrorKind};
use crate::file::{checked_stat, finish, read_to_end, FileDigest, Observer, OpenFile, Sink};
use crate::hasher::Hasher;
use crate::spec::Spec;
use crate::std_fs::kind_of;
use crate::walk::Stat;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files at least this large are memory-mapped when mapping is allowed: below it a read
/// is cheaper than setting up a mapping.
pub const MMAP_MIN_LEN: u64 = 16 * 1024;

/// How much is hashed between two progress reports and cancel checks (and the read size).
const SLICE_LEN: usize = 1 << 20;

/// How to read files.
#[derive(Clone, Copy, Debug)]
pub struct FileOptions {
    /// Memory-map large regular files.
    pub mmap: bool,
    /// Hash one file on several threads (BLAKE3, the CRCs, parts; needs the `rayon` feature).
    pub parallel: bool,
}

/// A sink fed on every thread of rayon's pool when `parallel` (BLAKE3, the CRCs, parts).
struct Feeder<'a> {
    sink: &'a mut dyn Sink,
    parallel: bool,
}

impl Sink for Feeder<'_> {
    fn update(&mut self, data: &[u8]) {
        if self.parallel {
            self.sink.update_parallel(data);
        } else {
            self.sink.update(data);
        }
    }
    fn finish(&mut self) -> Vec<u8> {
        self.sink.finish()
    }
}

/// A `std::fs::File` as the read loop sees it.
struct StdFile(File);

impl OpenFile for StdFile {
    fn stat(&mut self) -> Result<Stat, Error> {
        let meta = self.0.metadata()?;
        Ok(Stat {
            kind: kind_of(meta.file_type()),
            size: meta.len(),
            id: (0, 0),
        })
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        loop {
            match self.0.read(buffer) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                result => return Ok(result?),
            }
        }
    }
}

/// Hashes the file at `path`; errors carry the path.
pub fn hash_file(
    path: &Path,
    spec: &Spec,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    hash_file_into(path, &mut Hasher::new(spec.clone()), options, observer)
}

/// Reads the file at `path` into `sink` (the core's hasher, or another sink such as the
/// parts of an upload); errors carry the path.
pub fn hash_file_into(
    path: &Path,
    sink: &mut dyn Sink,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    hash_path(path, sink, options, observer).map_err(|e| e.with_path(path_bytes(path)))
}

fn hash_path(
    path: &Path,
    sink: &mut dyn Sink,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    let mut file = StdFile(File::open(path)?);
    let before = checked_stat(&mut file)?;
    let mut sink = Feeder {
        sink,
        parallel: options.parallel,
    };
    let mapped = options.mmap && before.kind == crate::Kind::File && before.size >= MMAP_MIN_LEN;
    let hashed = match mapped.then(|| hash_mapped(&file.0, &mut sink, options, observer)) {
        Some(Some(result)) => result?,
        // Not mapped, or the file could not be mapped: read it.
        _ => {
            let mut buffer = vec![0; SLICE_LEN];
            read_to_end(&mut file, &mut sink, &mut buffer, observer)?
        }
    };
    let after = file.stat()?.size;
    finish(&before, hashed, after, &mut sink)
}

/// Hashes a mapping of `file`; `None` if it cannot be mapped (then it is read instead).
fn hash_mapped(
    file: &File,
    sink: &mut Feeder,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Option<Result<u64, Error>> {
    // SAFETY: the map is read-only (PROT_READ) and dropped before this call returns, and
    // its bytes are only ever copied into hash state: no length, index or pointer is taken
    // from them, so another process writing the file underneath can change the digest but
    // not what memory is touched (a change of size is reported as ECHANGED afterwards).
    // A shrink, which would raise SIGBUS on the pages past the new end, is turned into zero
    // pages plus a flag by the guard registered below before any byte is read.
    // Some regular files cannot be mapped (e.g. on some network or FUSE mounts).
    let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
    let guard = MapGuard::register(map.as_ptr(), map.len())?;
    let slice = if options.parallel {
        16 * SLICE_LEN
    } else {
        SLICE_LEN
    };
    for chunk in map.chunks(slice) {
        if observer.cancelled() {
            return Some(Err(Error::cancelled()));
        }
        sink.update(chunk);
        observer.progress(chunk.len() as u64);
        if guard.shrunk() {
            break;
        }
    }
    if guard.shrunk() {
        let after = match file.metadata() {
            Ok(meta) => meta.len(),
            Err(e) => return Some(Err(e.into())),
        };
        return Some(Err(Error::new(ErrorKind::Changed {
            before: map.len() as u64,
            after,
        })));
    }
    Some(Ok(map.len() as u64))
}

/// A path as the bytes errors carry.
fn path_bytes(path: &Path) -> Vec<u8> {
    crate::std_fs::name_bytes(path.as_os_str())
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        use crate::sigbus::Guard as MapGuard;
    } else {
        /// Elsewhere (Windows) a mapped file cannot be truncated: nothing to guard.
        struct MapGuard;
        impl MapGuard {
            fn register(_: *const u8, _: usize) -> Option<MapGuard> {
                Some(MapGuard)
            }
            fn shrunk(&self) -> bool {
                false
            }
        }
    }
}
