//! What git's view of a work tree and the hash cache need of a file system beyond the
//! walker's [`Fs`]: full `lstat`/`stat` data (mode, inode, timestamps in nanoseconds),
//! symlink targets, and hashing one file with the backend's own file loop.
//!
//! The native binding implements [`HostFs`] with `std::fs` ([`StdFs`](crate::StdFs)), the wasm
//! binding with Node's `fs` through its bridge, so both backends see the same data. Work
//! over many files runs through [`par_map`]: on rayon's pool where the core has it (native),
//! one file after another elsewhere (a wasm worker).

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
    /// The target of the symlink at `path`.
    fn read_link(&self, path: &[u8]) -> Result<Vec<u8>, Error>;
    /// Hashes the file at `path` with the backend's file loop (memory-mapped or read).
    fn hash_file(&self, path: &[u8], spec: &Spec) -> Result<FileDigest, Error>;
    /// Whether the caller gave up (checked between files).
    fn cancelled(&self) -> bool {
        false
    }
}

impl<T: HostFs + ?Sized> HostFs for &T {
    fn metadata(&self, path: &[u8], follow: bool) -> Result<Meta, Error> {
        (**self).metadata(path, follow)
    }
    fn read_link(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        (**self).read_link(path)
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
    } else {
        /// What may be shared by [`par_map`]'s threads: anything, as it runs on one.
        pub trait MaybeSync {}
        impl<T: ?Sized> MaybeSync for T {}

        /// `f` of every item, in order, one after another.
        pub(crate) fn par_map<T, R>(items: &[T], f: impl Fn(&T) -> R) -> Vec<R> {
            items.iter().map(f).collect()
        }
    }
}
