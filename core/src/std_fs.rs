//! [`Fs`] and [`HostFs`] over the real file system (`std::fs`), rooted at a directory
//! (absolute paths are read as they are).

use crate::error::Error;
use crate::file::{FileDigest, Unobserved};
use crate::host_fs::{HostFs, Meta, Time};
use crate::spec::Spec;
use crate::std_file::{Directory, FileOptions};
use crate::walk::{Entry, Fs, Kind, Stat};
use std::fs;
use std::path::{Path, PathBuf};

/// The real file system under `root`.
pub struct StdFs {
    root: PathBuf,
}

impl StdFs {
    /// Walks start at `root`.
    pub fn new(root: impl Into<PathBuf>) -> StdFs {
        StdFs { root: root.into() }
    }

    /// The absolute (or root-relative) path of a walk path.
    pub fn full_path(&self, rel: &[u8]) -> PathBuf {
        if rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(bytes_to_path(rel))
        }
    }
}

/// A walk path (bytes, `/`-separated) as a `Path`.
pub fn bytes_to_path(bytes: &[u8]) -> PathBuf {
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            use std::os::unix::ffi::OsStrExt;
            Path::new(std::ffi::OsStr::from_bytes(bytes)).to_path_buf()
        } else {
            PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

/// A file name as bytes (lossless on Unix).
pub fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            use std::os::unix::ffi::OsStrExt;
            name.as_bytes().to_vec()
        } else {
            name.to_string_lossy().into_owned().into_bytes()
        }
    }
}

/// The walk's kind of a `std::fs` file type (not following symlinks).
pub(crate) fn kind_of(file_type: fs::FileType) -> Kind {
    if file_type.is_symlink() {
        Kind::Symlink
    } else if file_type.is_dir() {
        Kind::Dir
    } else if file_type.is_file() {
        Kind::File
    } else {
        Kind::Other
    }
}

fn identity(path: &Path, meta: &fs::Metadata) -> (u64, u64) {
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            let _ = path;
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        } else {
            use std::hash::{Hash, Hasher};
            let _ = meta;
            let mut h = std::collections::hash_map::DefaultHasher::new();
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).hash(&mut h);
            (0, h.finish())
        }
    }
}

impl Fs for StdFs {
    fn read_dir(&self, dir: &[u8], sizes: bool) -> Result<Vec<Entry>, Error> {
        let path = self.full_path(dir);
        let mut entries = Vec::new();
        for entry in fs::read_dir(&path).map_err(Error::from)? {
            let entry = entry.map_err(Error::from)?;
            let kind = entry.file_type().map(kind_of).map_err(Error::from)?;
            // A regular file's metadata is the same followed or not; std reads it relative
            // to the open directory (statx on its descriptor), with no path to resolve.
            let size = match kind {
                Kind::File if sizes => Some(entry.metadata().map_err(Error::from)?.len()),
                _ => None,
            };
            entries.push(Entry {
                name: name_bytes(&entry.file_name()),
                kind,
                size,
            });
        }
        Ok(entries)
    }

    fn stat(&self, rel: &[u8]) -> Result<Stat, Error> {
        let path = self.full_path(rel);
        let meta = fs::metadata(&path).map_err(Error::from)?;
        Ok(Stat {
            kind: kind_of(meta.file_type()),
            size: meta.len(),
            id: identity(&path, &meta),
        })
    }

    fn read_file(&self, rel: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(fs::read(self.full_path(rel))?)
    }
}

/// [`Meta`] of `std::fs` metadata.
pub(crate) fn meta_of(meta: &fs::Metadata) -> Meta {
    let kind = Some(kind_of(meta.file_type()));
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            use std::os::unix::fs::MetadataExt;
            Meta {
                kind,
                mode: meta.mode(),
                size: meta.size(),
                dev: meta.dev(),
                ino: meta.ino(),
                uid: meta.uid(),
                gid: meta.gid(),
                mtime: Time { secs: meta.mtime(), nanos: meta.mtime_nsec() as u32 },
                ctime: Time { secs: meta.ctime(), nanos: meta.ctime_nsec() as u32 },
            }
        } else {
            let time = |t: std::io::Result<std::time::SystemTime>| t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(Time::default(), |d| Time { secs: d.as_secs() as i64, nanos: d.subsec_nanos() });
            let mode = if meta.permissions().readonly() { 0o444 } else { 0o644 };
            Meta { kind, mode, size: meta.len(), mtime: time(meta.modified()), ctime: time(meta.created()), ..Meta::default() }
        }
    }
}

/// [`Meta`] of a `struct stat` (from `fstatat`). Its fields' types differ between
/// platforms (`st_mode` is 16 bits on macOS, `st_dev` signed), hence the conversions that
/// are no-ops on Linux.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
pub(crate) fn meta_of_stat(stat: &libc::stat) -> Meta {
    let kind = match u32::from(stat.st_mode) & u32::from(libc::S_IFMT) {
        t if t == u32::from(libc::S_IFREG) => Kind::File,
        t if t == u32::from(libc::S_IFDIR) => Kind::Dir,
        t if t == u32::from(libc::S_IFLNK) => Kind::Symlink,
        _ => Kind::Other,
    };
    Meta {
        kind: Some(kind),
        mode: u32::from(stat.st_mode),
        size: stat.st_size as u64,
        dev: stat.st_dev as u64,
        ino: stat.st_ino as u64,
        uid: stat.st_uid,
        gid: stat.st_gid,
        mtime: Time {
            secs: stat.st_mtime as i64,
            nanos: stat.st_mtime_nsec as u32,
        },
        ctime: Time {
            secs: stat.st_ctime as i64,
            nanos: stat.st_ctime_nsec as u32,
        },
    }
}

impl HostFs for StdFs {
    fn metadata(&self, rel: &[u8], follow: bool) -> Result<Meta, Error> {
        let path = self.full_path(rel);
        let meta = if follow {
            fs::metadata(&path)
        } else {
            fs::symlink_metadata(&path)
        };
        Ok(meta_of(&meta?))
    }

    fn metadata_in(&self, dir: &[u8], names: &[&[u8]]) -> Vec<Result<Meta, Error>> {
        let path = self.full_path(dir);
        // The root may be "" (paths relative to the working directory).
        let path = if path.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            path
        };
        match Directory::open(&path) {
            Ok(dir) => names.iter().map(|name| dir.metadata(name)).collect(),
            Err(e) => names.iter().map(|_| Err(e.clone())).collect(),
        }
    }

    fn read_link(&self, rel: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(name_bytes(fs::read_link(self.full_path(rel))?.as_os_str()))
    }

    fn real_path(&self, rel: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(name_bytes(
            fs::canonicalize(self.full_path(rel))?.as_os_str(),
        ))
    }

    fn read_range(&self, rel: &[u8], offset: u64, len: usize) -> Result<Vec<u8>, Error> {
        use std::io::{Read, Seek};
        let mut file = fs::File::open(self.full_path(rel))?;
        file.seek(std::io::SeekFrom::Start(offset))?;
        let mut out = Vec::with_capacity(len);
        file.take(len as u64).read_to_end(&mut out)?;
        Ok(out)
    }

    fn hash_file(&self, rel: &[u8], spec: &Spec) -> Result<FileDigest, Error> {
        let options = FileOptions {
            mmap: true,
            parallel: false,
        };
        crate::hash_file(&self.full_path(rel), spec, &options, &Unobserved)
    }
}
