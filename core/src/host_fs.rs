//! What git's view of a work tree and the hash cache need of a file system beyond the
//! walker's [`Fs`]: full `lstat`/`stat` data (mode, inode, timestamps in nanoseconds), of
//! one path or of many names in one directory, symlink targets, real paths, ranges of
//! large files (git's packs), and hashing one file with the backend's own file loop.
//!
//! The native binding implements [`HostFs`] with `std::fs` ([`StdFs`](crate::StdFs)), the wasm
//! binding with Node's `fs` through its bridge, so both backends see the same data. Work
//! over many files runs through [`par_map`] (and two jobs through [`join`]): on rayon's pool
//! where the core has it (native), one after another elsewhere (a wasm worker).

use crate::error::Error;
use crate::file::FileDigest;
use crate::spec::Spec;
use crate::walk::{Fs, Kind};

/// A timestamp: seconds and nanoseconds since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    /// Whole seconds (negative before 1970).
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl Time {
    /// Nanoseconds since the epoch.
    pub fn as_nanos(self) -> i128 {
        i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The time `nanos` nanoseconds since the epoch.
    pub fn from_nanos(nanos: i128) -> Time {
        Time {
            secs: nanos.div_euclid(1_000_000_000) as i64,
            nanos: nanos.rem_euclid(1_000_000_000) as u32,
        }
    }
}

/// What `lstat` or `stat` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The kind (a symlink only from `lstat`).
    pub kind: Option<Kind>,
    /// `st_mode`: type and permission bits.
    pub mode: u32,
    /// Size in bytes.
    pub size: u64,
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Last change of the contents.
    pub mtime: Time,
    /// Last change of the inode (contents, mode, links, rename).
    pub ctime: Time,
}

impl Meta {
    /// Whether it is a regular file.
    pub fn is_file(&self) -> bool {
        self.kind == Some(Kind::File)
    }
    /// Whether the owner may execute it.
    pub fn is_executable(&self) -> bool {
        self.mode & 0o100 != 0
    }
}

/// A file system with full metadata, symlinks and file hashing (see the module docs).
pub trait HostFs: Fs {
    /// Metadata of `path` (relative to the root, or absolute), following symlinks when
    /// `follow`.
    fn metadata(&self, path: &[u8], follow: bool) -> Result<Meta, Error>;
    /// Metadata of the entries `names` of the directory `dir`, in order (not following
    /// symlinks, like `lstat`). A file system that can look names up in an open directory
    /// does so ([`StdFs`](crate::StdFs)): the kernel then resolves one path component per
    /// name instead of every component of each full path.
    fn metadata_in(&self, dir: &[u8], names: &[&[u8]]) -> Vec<Result<Meta, Error>> {
        names
            .iter()
            .map(|name| self.metadata(&join_path(dir, name), false))
            .collect()
    }
    /// The target of the symlink at `path`.
    fn read_link(&self, path: &[u8]) -> Result<Vec<u8>, Error>;
    /// The absolute path of `path` with every symlink resolved (`realpath`).
    fn real_path(&self, path: &[u8]) -> Result<Vec<u8>, Error>;
    /// Up to `len` bytes of the file at `path` from `offset` (fewer at its end).
    fn read_range(&self, path: &[u8], offset: u64, len: usize) -> Result<Vec<u8>, Error>;
    /// Hashes the file at `path` with the backend's file loop (memory-mapped or read).
    fn hash_file(&self, path: &[u8], spec: &Spec) -> Result<FileDigest, Error>;
    /// Whether the caller gave up (checked between files).
    fn cancelled(&self) -> bool {
        false
    }
}

/// `dir/name`, or `name` in the root (`dir` empty); no second `/` after a `dir` that ends
/// with one (the file system's root).
pub(crate) fn join_path(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut path = Vec::with_capacity(dir.len() + 1 + name.len());
    path.extend_from_slice(dir);
    if !dir.is_empty() && !dir.ends_with(b"/") {
        path.push(b'/');
    }
    path.extend_from_slice(name);
    path
}

/// The contents of the file at `path`, or None when no file is there (nothing, a parent
/// that is not a directory, or a directory): how the files git may or may not have (a
/// `.gitignore`, attributes, refs) are read. Other errors carry their path.
pub(crate) fn read_optional<F: Fs + ?Sized>(fs: &F, path: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    match fs.read_file(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() || e.code() == "EISDIR" => Ok(None),
        Err(e) => Err(e.with_path(path)),
    }
}

/// `path` split at its last `/`: the directory (empty for the root, `/` for the file
/// system's) and the name.
pub(crate) fn split_parent(path: &[u8]) -> (&[u8], &[u8]) {
    match path.iter().rposition(|&b| b == b'/') {
        Some(0) => (&path[..1], &path[1..]),
        Some(slash) => (&path[..slash], &path[slash + 1..]),
        None => (&path[..0], path),
    }
}

/// `lstat` of every path, in order, in parallel: paths of one directory that come one after
/// another are looked up together ([`HostFs::metadata_in`]). Errors carry their path.
pub(crate) fn lstat_all<F: HostFs + MaybeSync, P: AsRef<[u8]> + Sync>(
    fs: &F,
    paths: &[P],
) -> Vec<Result<Meta, Error>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let dir = split_parent(path.as_ref()).0;
        match groups.last_mut() {
            Some(group) if split_parent(paths[group.start].as_ref()).0 == dir => group.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    par_map(&groups, |group| {
        let paths = &paths[group.clone()];
        if fs.cancelled() {
            return paths.iter().map(|_| Err(Error::cancelled())).collect();
        }
        let dir = split_parent(paths[0].as_ref()).0;
        let names: Vec<&[u8]> = paths.iter().map(|p| split_parent(p.as_ref()).1).collect();
        let metas = fs.metadata_in(dir, &names);
        metas
            .into_iter()
            .zip(paths)
            .map(|(meta, path)| meta.map_err(|e| e.with_path(path.as_ref())))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

impl<T: HostFs + ?Sized> HostFs for &T {
    fn metadata(&self, path: &[u8], follow: bool) -> Result<Meta, Error> {
        (**self).metadata(path, follow)
    }
    fn metadata_in(&self, dir: &[u8], names: &[&[u8]]) -> Vec<Result<Meta, Error>> {
        (**self).metadata_in(dir, names)
    }
    fn read_link(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        (**self).read_link(path)
    }
    fn real_path(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        (**self).real_path(path)
    }
    fn read_range(&self, path: &[u8], offset: u64, len: usize) -> Result<Vec<u8>, Error> {
        (**self).read_range(path, offset, len)
    }
    fn hash_file(&self, path: &[u8], spec: &Spec) -> Result<FileDigest, Error> {
        (**self).hash_file(path, spec)
    }
    fn cancelled(&self) -> bool {
        (**self).cancelled()
    }
}

cfg_if::cfg_if! {
    if #[cfg(feature = "rayon")] {
        /// What may be shared by [`par_map`]'s threads: `Sync` where it uses threads.
        pub trait MaybeSync: Sync {}
        impl<T: Sync + ?Sized> MaybeSync for T {}

        /// `f` of every item, in order, on rayon's current pool.
        pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
            use rayon::prelude::*;
            items.par_iter().map(f).collect()
        }

        /// `a()` and `b()`, at once on rayon's current pool.
        pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
            rayon::join(a, b)
        }
    } else {
        /// What may be shared by [`par_map`]'s threads: anything, as it runs on one.
        pub trait MaybeSync {}
        impl<T: ?Sized> MaybeSync for T {}

        /// `f` of every item, in order, one after another.
        pub(crate) fn par_map<T, R>(items: &[T], f: impl Fn(&T) -> R) -> Vec<R> {
            items.iter().map(f).collect()
        }

        /// `a()`, then `b()`.
        pub(crate) fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
            (a(), b())
        }
    }
}
