//! Hashing a file on the real file system (`std::fs`), memory-mapped when that pays.
//!
//! Large regular files are memory-mapped (from [`MMAP_MIN_LEN`] bytes on), so BLAKE3 can
//! hash one file on every thread; smaller files, and anything that cannot be mapped
//! (pipes, `/proc` files), go through the read loop of [`file`](crate::file). A mapped file
//! that shrinks while it is read gives [`ErrorKind::Changed`], never a digest.

use crate::error::{Error, ErrorKind};
use crate::file::{
    checked_stat, finish, read_to_end, regular_size, FileDigest, Observer, OpenFile, Sink,
};
use crate::hasher::Hasher;
use crate::spec::Spec;
use crate::std_fs::kind_of;
use crate::walk::Stat;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::Path;

/// Files at least this large are memory-mapped when mapping is allowed: below it a read
/// costs less than a mapping. b3sum maps from 16 KiB, but in a process whose other threads
/// are busy too, each unmapping interrupts them all to flush their TLBs, and each page is
/// a fault: on the 2-core VMs, files of 64-512 KiB hashed many at once read in 0.6-0.8 of
/// the mapped time, and a single file read is faster up to 512 KiB; from 1 MiB, mapping
/// lets BLAKE3 use every thread on one file and wins.
pub const MMAP_MIN_LEN: u64 = 1 << 20;

/// How much is hashed between two progress reports and cancel checks (and the read size).
const SLICE_LEN: usize = 1 << 20;

thread_local! {
    /// Each thread's read buffer, made once: a fresh (zeroed) megabyte per file would cost
    /// more than hashing a small file.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's read buffer. The buffer is taken out while `f` runs: a rayon
/// thread waiting inside `f` (parallel BLAKE3) may run another file's hashing meanwhile,
/// which then gets a buffer of its own.
fn with_read_buffer<R>(f: impl FnOnce(&mut [u8]) -> R) -> R {
    let mut buffer = READ_BUFFER.with(RefCell::take);
    if buffer.len() < SLICE_LEN {
        buffer.resize(SLICE_LEN, 0);
    }
    let result = f(&mut buffer);
    READ_BUFFER.with(|kept| *kept.borrow_mut() = buffer);
    result
}

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
    fn declare_len(&mut self, len: u64) {
        self.sink.declare_len(len);
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

    fn seek(&mut self, offset: u64) -> Result<(), Error> {
        self.0.seek(io::SeekFrom::Start(offset))?;
        Ok(())
    }
}

/// Hashes the file at `path`; errors carry the path.
pub fn hash_file(
    path: &Path,
    spec: &Spec,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    hash_file_into(path, &mut Hasher::for_file(spec), options, observer)
}

/// Reads the file at `path` into `sink` (the core's hasher, or another sink such as the
/// parts of an upload); errors carry the path.
pub fn hash_file_into(
    path: &Path,
    sink: &mut dyn Sink,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    File::open(path)
        .map_err(Error::from)
        .and_then(|file| hash_opened(file, sink, options, observer))
        .map_err(|e| e.with_path(path_bytes(path)))
}

/// A directory whose files are opened by name: the kernel then looks up one path
/// component per file instead of every component of a full path, which is a tenth of the
/// cost of hashing a small file.
pub struct Directory {
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
    #[cfg(not(unix))]
    path: std::path::PathBuf,
}

impl Directory {
    /// Opens the directory at `path` (for lookups only).
    pub fn open(path: &Path) -> Result<Directory, Error> {
        cfg_if::cfg_if! {
            if #[cfg(unix)] {
                use std::os::unix::fs::OpenOptionsExt;
                let dir = std::fs::OpenOptions::new()
                    .read(true)
                    .custom_flags(libc::O_DIRECTORY | libc::O_PATH)
                    .open(path)?;
                Ok(Directory { fd: dir.into() })
            } else {
                Ok(Directory { path: path.to_path_buf() })
            }
        }
    }

    /// `lstat` of the entry `name` of this directory.
    pub(crate) fn metadata(&self, name: &[u8]) -> Result<crate::Meta, Error> {
        cfg_if::cfg_if! {
            if #[cfg(unix)] {
                use std::os::fd::AsRawFd;
                let name = std::ffi::CString::new(name)
                    .map_err(|_| Error::os("EINVAL", "a file name holds a NUL byte"))?;
                let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
                // SAFETY: `self.fd` is an open directory descriptor, `name` a NUL-terminated
                // string and `stat` room for one `struct stat`, all alive for the call.
                let done = unsafe {
                    libc::fstatat(self.fd.as_raw_fd(), name.as_ptr(), stat.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW)
                };
                if done != 0 {
                    return Err(std::io::Error::last_os_error().into());
                }
                // SAFETY: fstatat succeeded, so it filled `stat`.
                Ok(crate::std_fs::meta_of_stat(unsafe { &stat.assume_init() }))
            } else {
                let path = self.path.join(crate::std_fs::bytes_to_path(name));
                Ok(crate::std_fs::meta_of(&std::fs::symlink_metadata(path)?))
            }
        }
    }

    /// Opens the file `name` in this directory for reading.
    fn open_file(&self, name: &[u8]) -> Result<File, Error> {
        cfg_if::cfg_if! {
            if #[cfg(unix)] {
                use std::os::fd::{AsRawFd, FromRawFd};
                let name = std::ffi::CString::new(name)
                    .map_err(|_| Error::os("EINVAL", "a file name holds a NUL byte"))?;
                // SAFETY: `self.fd` is an open directory descriptor and `name` a
                // NUL-terminated string, both alive for the call; openat only reads them.
                let fd = unsafe {
                    libc::openat(self.fd.as_raw_fd(), name.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC)
                };
                if fd < 0 {
                    return Err(std::io::Error::last_os_error().into());
                }
                // SAFETY: `fd` was just returned by openat and nothing else owns it.
                Ok(unsafe { File::from_raw_fd(fd) })
            } else {
                Ok(File::open(self.path.join(crate::std_fs::bytes_to_path(name)))?)
            }
        }
    }
}

/// Hashes the file `name` in `dir`; errors carry the name.
pub fn hash_file_in(
    dir: &Directory,
    name: &[u8],
    spec: &Spec,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    dir.open_file(name)
        .and_then(|file| hash_opened(file, &mut Hasher::for_file(spec), options, observer))
        .map_err(|e| e.with_path(name))
}

fn hash_opened(
    file: File,
    sink: &mut dyn Sink,
    options: &FileOptions,
    observer: &dyn Observer,
) -> Result<FileDigest, Error> {
    let mut file = StdFile(file);
    let mut sink = Feeder {
        sink,
        parallel: options.parallel,
    };
    let before = checked_stat(&mut file, &mut sink)?;
    let mapped = options.mmap && before.kind == crate::Kind::File && before.size >= MMAP_MIN_LEN;
    let (hashed, at_known_size) =
        match mapped.then(|| hash_mapped(&file.0, &mut sink, options, observer)) {
            Some(Some(result)) => (result?, false),
            // Not mapped, or the file could not be mapped: read it.
            _ => {
                let end = with_read_buffer(|buffer| {
                    read_to_end(
                        &mut file,
                        &mut sink,
                        buffer,
                        observer,
                        regular_size(&before),
                    )
                })?;
                (end.total, end.at_known_size)
            }
        };
    let after = if at_known_size {
        before.size
    } else {
        file.stat()?.size
    };
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
