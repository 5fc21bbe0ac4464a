//! Hashing one file on a real file system, with progress and cancellation.
//!
//! Large regular files are memory-mapped (from [`MMAP_MIN_LEN`] bytes on, as b3sum does),
//! so BLAKE3 can hash one file on every thread; small files, and anything that cannot be
//! mapped (pipes, `/proc` files), are read in chunks. A regular file whose size changes
//! while it is hashed is reported as [`FileError::Changed`], never silently mis-hashed.

use crate::hasher::Hasher;
use crate::size_check::changed_size;
use crate::spec::{Spec, SpecError};
use crate::std_fs::error_code;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files at least this large are memory-mapped when mapping is allowed: below it a read
/// is cheaper than setting up a mapping.
pub const MMAP_MIN_LEN: u64 = 16 * 1024;

/// How much is hashed between two progress reports and cancel checks.
const SLICE_LEN: usize = 1 << 20;

/// What a caller sees of a running file hash.
pub trait Observer: Sync {
    /// `bytes` more bytes were hashed.
    fn progress(&self, bytes: u64);
    /// Whether to stop at the next slice.
    fn cancelled(&self) -> bool;
}

/// How to read files.
#[derive(Clone, Copy, Debug)]
pub struct FileOptions {
    /// Memory-map large regular files.
    pub mmap: bool,
    /// Hash one file on several threads (BLAKE3; needs the `rayon` feature).
    pub parallel: bool,
}

/// Why a file could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The OS refused an operation.
    Io {
        /// `ENOENT`, `EACCES`, `EISDIR`, ...
        code: &'static str,
        /// The OS message.
        message: String,
    },
    /// A regular file's size changed while it was hashed.
    Changed {
        /// The size when hashing started.
        before: u64,
        /// The size (or bytes read) when it ended.
        after: u64,
    },
    /// The observer asked to stop.
    Cancelled,
    /// The spec cannot produce this output length.
    Spec(SpecError),
}

impl From<io::Error> for FileError {
    fn from(e: io::Error) -> Self {
        FileError::Io {
            code: error_code(&e),
            message: e.to_string(),
        }
    }
}

/// A file's size and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Bytes hashed.
    pub size: u64,
    /// The digest (`output_len` bytes).
    pub digest: Vec<u8>,
}

fn feed(hasher: &mut Hasher, data: &[u8], options: &FileOptions) {
    cfg_if::cfg_if! {
        if #[cfg(feature = "rayon")] {
            if options.parallel {
                return hasher.update_parallel(data);
            }
        }
    }
    let _ = options;
    hasher.update(data);
}

/// Hashes the file at `path`.
pub fn hash_file(
    path: &Path,
    spec: &Spec,
    output_len: usize,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, FileError> {
    spec.check_output_len(output_len).map_err(FileError::Spec)?;
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(FileError::Io {
            code: "EISDIR",
            message: "Is a directory (os error 21)".into(),
        });
    }
    let mut hasher = Hasher::new(spec.clone());
    let hashed = if options.mmap && meta.is_file() && meta.len() >= MMAP_MIN_LEN {
        hash_mapped(&file, &mut hasher, options, observer)?
    } else {
        hash_read(&mut file, &mut hasher, options, observer)?
    };
    let after = file.metadata()?.len();
    if let Some(after) = changed_size(meta.is_file(), meta.len(), hashed, after) {
        return Err(FileError::Changed {
            before: meta.len(),
            after,
        });
    }
    Ok(FileDigest {
        size: hashed,
        digest: hasher.finalize_vec(output_len).map_err(FileError::Spec)?,
    })
}

fn hash_mapped(
    file: &File,
    hasher: &mut Hasher,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<u64, FileError> {
    // SAFETY: the map is read-only (PROT_READ) and dropped before this call returns, and
    // its bytes are only ever copied into hash state: no length, index or pointer is taken
    // from them, so another process writing the file underneath can change the digest but
    // not what memory is touched (a change of size is reported as ECHANGED afterwards).
    // A shrink, which would raise SIGBUS on the pages past the new end, is turned into zero
    // pages plus a flag by the guard registered below before any byte is read.
    let map = match unsafe { memmap2::Mmap::map(file) } {
        Ok(map) => map,
        // Some regular files cannot be mapped (e.g. on some network or FUSE mounts).
        Err(_) => return hash_read(&mut &*file, hasher, options, observer),
    };
    let Some(guard) = MapGuard::register(map.as_ptr(), map.len()) else {
        return hash_read(&mut &*file, hasher, options, observer);
    };
    let slice = if options.parallel {
        16 * SLICE_LEN
    } else {
        SLICE_LEN
    };
    for chunk in map.chunks(slice) {
        if observer.cancelled() {
            return Err(FileError::Cancelled);
        }
        feed(hasher, chunk, options);
        observer.progress(chunk.len() as u64);
        if guard.shrunk() {
            break;
        }
    }
    if guard.shrunk() {
        return Err(FileError::Changed {
            before: map.len() as u64,
            after: file.metadata()?.len(),
        });
    }
    Ok(map.len() as u64)
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

fn hash_read(
    file: &mut impl Read,
    hasher: &mut Hasher,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<u64, FileError> {
    let mut buffer = vec![0; SLICE_LEN];
    let mut total = 0u64;
    loop {
        if observer.cancelled() {
            return Err(FileError::Cancelled);
        }
        let n = match file.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        feed(hasher, &buffer[..n], options);
        observer.progress(n as u64);
        total += n as u64;
    }
}
