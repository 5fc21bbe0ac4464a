//! Walking a directory tree with gitignore rules, over any file system.
//!
//! The walk is written once against the small [`Fs`] trait: the native binding implements
//! it with `std::fs`, the wasm binding with Node's `fs` called from its worker. So both
//! backends include, skip and order exactly the same files. Only regular files are listed;
//! symlinks are skipped unless `follow_symlinks` is set, and then a link back to an
//! ancestor directory is skipped too, so a loop never hangs the walk.

use crate::error::{Error, ErrorKind};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::borrow::Cow;
use std::path::Path;

/// What a directory entry or a stat result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (only from `read_dir`; `stat` follows links).
    Symlink,
    /// Anything else: fifo, socket, device.
    Other,
}

/// One entry of a directory listing.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The entry's name (bytes: names need not be UTF-8).
    pub name: Vec<u8>,
    /// Its kind, not following symlinks.
    pub kind: Kind,
}

/// What `stat` reports (following symlinks).
#[derive(Clone, Copy, Debug)]
pub struct Stat {
    /// The kind of the target.
    pub kind: Kind,
    /// Its size in bytes.
    pub size: u64,
    /// Device and inode, to recognise a directory already on the path (loops).
    pub id: (u64, u64),
}

/// The file system a walk reads. Paths are relative to the walk's root, `/`-separated;
/// the empty path is the root itself.
pub trait Fs {
    /// The entries of a directory, in any order.
    fn read_dir(&mut self, dir: &[u8]) -> Result<Vec<Entry>, Error>;
    /// Metadata of a path, following symlinks.
    fn stat(&mut self, path: &[u8]) -> Result<Stat, Error>;
    /// The contents of a (small) file: a `.gitignore` or `.git/info/exclude`.
    fn read_file(&mut self, path: &[u8]) -> Result<Vec<u8>, Error>;
}

/// What to include.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Extra gitignore-syntax patterns, relative to the root; they win over .gitignore files.
    pub ignore: Vec<String>,
    /// Honour `.gitignore` files (and `.git/info/exclude`) as git does, and skip `.git`.
    pub gitignore: bool,
    /// Include names starting with a dot.
    pub hidden: bool,
    /// Follow symlinks (to files and directories) instead of skipping them.
    pub follow_symlinks: bool,
}

/// A regular file found by the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkedFile {
    /// Its path relative to the root, `/`-separated.
    pub path: Vec<u8>,
    /// Its size when it was listed.
    pub size: u64,
}

/// Lists the regular files under the root that the options include, sorted by path bytes.
///
/// An I/O error stops the walk and carries the relative path it happened at (empty for the
/// root); an invalid `ignore` pattern is an [`ErrorKind::Pattern`].
pub fn walk(fs: &mut impl Fs, options: &WalkOptions) -> Result<Vec<WalkedFile>, Error> {
    let root = fs.stat(b"").map_err(|e| e.with_path(Vec::new()))?;
    if root.kind != Kind::Dir {
        return Err(Error::not_a_directory().with_path(Vec::new()));
    }
    let mut walker = Walker {
        fs,
        options,
        explicit: explicit_rules(&options.ignore)?,
        rules: Vec::new(),
        ancestors: vec![root.id],
        files: Vec::new(),
    };
    if options.gitignore {
        walker.push_rules(b".git/info/exclude", b"")?;
    }
    walker.visit(Vec::new())?;
    let mut files = walker.files;
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

struct Walker<'a, F: Fs> {
    fs: &'a mut F,
    options: &'a WalkOptions,
    explicit: Gitignore,
    /// Gitignore rules in effect, outermost first, with the depth they belong to.
    rules: Vec<(usize, Gitignore)>,
    /// (device, inode) of the directories on the current path, for loop detection.
    ancestors: Vec<(u64, u64)>,
    files: Vec<WalkedFile>,
}

/// A relative byte path as a `Path` under a virtual root `/`, for gitignore matching.
fn virtual_path(rel: &[u8]) -> Cow<'static, Path> {
    let mut bytes = Vec::with_capacity(rel.len() + 1);
    bytes.push(b'/');
    bytes.extend_from_slice(rel);
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            use std::os::unix::ffi::OsStringExt;
            Cow::Owned(std::ffi::OsString::from_vec(bytes).into())
        } else {
            Cow::Owned(String::from_utf8_lossy(&bytes).into_owned().into())
        }
    }
}

fn join(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut path = Vec::with_capacity(dir.len() + 1 + name.len());
    if !dir.is_empty() {
        path.extend_from_slice(dir);
        path.push(b'/');
    }
    path.extend_from_slice(name);
    path
}

fn pattern_error(pattern: String, e: ignore::Error) -> Error {
    Error::new(ErrorKind::Pattern {
        pattern,
        message: e.to_string(),
    })
}

fn explicit_rules(patterns: &[String]) -> Result<Gitignore, Error> {
    let mut builder = GitignoreBuilder::new("/");
    for pattern in patterns {
        builder
            .add_line(None, pattern)
            .map_err(|e| pattern_error(pattern.clone(), e))?;
    }
    builder
        .build()
        .map_err(|e| pattern_error(patterns.join(" "), e))
}

impl<F: Fs> Walker<'_, F> {
    /// Loads the gitignore file at `file` (if any) as rules for paths under `dir`.
    fn push_rules(&mut self, file: &[u8], dir: &[u8]) -> Result<(), Error> {
        let contents = match self.fs.read_file(file) {
            Ok(contents) => contents,
            // No file (or no .git directory), or a directory of that name: no rules here,
            // as git sees it.
            Err(e) if matches!(e.code(), "ENOENT" | "ENOTDIR" | "EISDIR") => return Ok(()),
            Err(e) => return Err(e.with_path(file)),
        };
        let mut builder = GitignoreBuilder::new(virtual_path(dir));
        for line in String::from_utf8_lossy(&contents).lines() {
            // A malformed line is ignored, as git ignores it.
            let _ = builder.add_line(None, line);
        }
        if let Ok(rules) = builder.build() {
            let depth = self.ancestors.len();
            self.rules.push((depth, rules));
        }
        Ok(())
    }

    /// `stat` with the failing path kept in the error.
    fn stat(&mut self, path: &[u8]) -> Result<Stat, Error> {
        self.fs.stat(path).map_err(|e| e.with_path(path))
    }

    fn is_ignored(&self, path: &[u8], is_dir: bool) -> bool {
        let virtual_path = virtual_path(path);
        match self.explicit.matched(&virtual_path, is_dir) {
            Match::Ignore(_) => return true,
            Match::Whitelist(_) => return false,
            Match::None => {}
        }
        for (_, rules) in self.rules.iter().rev() {
            match rules.matched(&virtual_path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }

    fn visit(&mut self, dir: Vec<u8>) -> Result<(), Error> {
        if self.options.gitignore {
            self.push_rules(&join(&dir, b".gitignore"), &dir)?;
        }
        let mut entries = self
            .fs
            .read_dir(&dir)
            .map_err(|e| e.with_path(dir.clone()))?;
        entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        for entry in entries {
            if !self.options.hidden && entry.name.first() == Some(&b'.') {
                continue;
            }
            if self.options.gitignore && entry.kind == Kind::Dir && entry.name == b".git" {
                continue;
            }
            let path = join(&dir, &entry.name);
            let kind = match entry.kind {
                Kind::Symlink if self.options.follow_symlinks => match self.fs.stat(&path) {
                    Ok(target) => target.kind,
                    // A dangling link names no file: nothing to hash.
                    Err(_) => continue,
                },
                kind => kind,
            };
            match kind {
                Kind::File if !self.is_ignored(&path, false) => {
                    let size = self.stat(&path)?.size;
                    self.files.push(WalkedFile { path, size });
                }
                Kind::Dir if !self.is_ignored(&path, true) => {
                    let id = self.stat(&path)?.id;
                    if self.ancestors.contains(&id) {
                        continue;
                    }
                    self.ancestors.push(id);
                    let depth = self.ancestors.len();
                    self.visit(path)?;
                    self.rules.retain(|(d, _)| *d < depth);
                    self.ancestors.pop();
                }
                _ => {}
            }
        }
        Ok(())
    }
}
