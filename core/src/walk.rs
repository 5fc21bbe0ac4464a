//! Walking a directory tree with gitignore rules, over any file system, in path order, as a
//! stream.
//!
//! The walk is written once against the small [`Fs`] trait: the native binding implements
//! it with `std::fs`, the wasm binding with Node's `fs` called from its worker. So both
//! backends include, skip and order exactly the same files. Only regular files are listed;
//! symlinks are skipped unless `follow_symlinks` is set, and then a link back to an
//! ancestor directory is skipped too, so a loop never hangs the walk.
//!
//! [`Walker`] yields the files one by one, sorted by the bytes of their relative path, while
//! holding only the directories on the current path (and a bounded number listed ahead), so
//! a tree of millions of files streams in constant memory. The order comes from the walk
//! itself: within a directory, children are taken in the order of their name, with `/`
//! appended to directory names, which is exactly the order of the full paths (every path
//! under directory `c` starts with `c/`). With [`Walker::prefetch`], the directories ahead
//! on the path are listed on other threads while the caller consumes the current one.
//!
//! [`Walker::new_git`] lists what `git add -A` would add instead (the `git` module reads
//! it): symlinks too (never followed), a directory holding `.git` (a nested repository) as
//! one entry instead of its files, `.git` never, and a global excludes file below
//! `.git/info/exclude`.

use crate::error::{Error, ErrorKind};
use crate::host_fs::{join_path as join, read_optional, split_parent};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

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
    /// A regular file's size, where the listing was asked for sizes and learned it (else
    /// the walk stats the file).
    pub size: Option<u64>,
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
    /// The entries of a directory, in any order; with `sizes`, regular files' sizes too
    /// where the file system gives them cheaply (a stat relative to the open directory).
    fn read_dir(&self, dir: &[u8], sizes: bool) -> Result<Vec<Entry>, Error>;
    /// Metadata of a path, following symlinks.
    fn stat(&self, path: &[u8]) -> Result<Stat, Error>;
    /// The size of what `path` names, following symlinks: [`Fs::stat`]'s, for a file system
    /// that learns it more cheaply than the whole stat (the wasm binding's, without the
    /// exact device and inode numbers).
    fn size(&self, path: &[u8]) -> Result<u64, Error> {
        self.stat(path).map(|stat| stat.size)
    }
    /// The contents of a (small) file: a `.gitignore` or `.git/info/exclude`.
    fn read_file(&self, path: &[u8]) -> Result<Vec<u8>, Error>;
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
    /// Do not stat files for their size (it is then 0): for callers that learn it otherwise,
    /// as hashing does when it opens the file. The walk then reads directories only.
    pub skip_sizes: bool,
}

/// A regular file found by the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkedFile {
    /// Its path relative to the root, `/`-separated.
    pub path: Vec<u8>,
    /// Its size when it was listed (0 with [`WalkOptions::skip_sizes`]).
    pub size: u64,
}

impl<T: Fs + ?Sized> Fs for &T {
    fn read_dir(&self, dir: &[u8], sizes: bool) -> Result<Vec<Entry>, Error> {
        (**self).read_dir(dir, sizes)
    }
    fn stat(&self, path: &[u8]) -> Result<Stat, Error> {
        (**self).stat(path)
    }
    fn size(&self, path: &[u8]) -> Result<u64, Error> {
        (**self).size(path)
    }
    fn read_file(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        (**self).read_file(path)
    }
}

/// Runs a job on another thread (the native binding's rayon pool).
pub type Spawner = Arc<dyn Fn(Box<dyn FnOnce() + Send>) + Send + Sync>;

/// Directories listed ahead of the walk at most, across the whole tree.
const PREFETCH_DIRS: usize = 256;

/// Lists the regular files under the root that the options include, sorted by path bytes.
///
/// An I/O error stops the walk and carries the relative path it happened at (empty for the
/// root); an invalid `ignore` pattern is an [`ErrorKind::Pattern`].
pub fn walk<F: Fs>(fs: F, options: &WalkOptions) -> Result<Vec<WalkedFile>, Error> {
    Walker::new(fs, options)?.collect()
}

/// The sizes of files a walk listed without them ([`WalkOptions::skip_sizes`]), for a
/// caller that stats them apart from the walk (the wasm backend, on all its workers while
/// one walks): each as a listing with sizes gives it, and a failure carries the path of the
/// file's directory, as that listing's failure does.
pub fn sizes_of<'a, F: Fs>(
    fs: &F,
    paths: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Vec<u64>, Error> {
    paths
        .into_iter()
        .map(|path| fs.size(path).map_err(|e| e.with_path(split_parent(path).0)))
        .collect()
}

/// A persistent list, innermost first: the .gitignore rules in effect, or the directories on
/// the path (for loop detection), shared by the directories below.
struct Chain<T> {
    item: T,
    parent: Option<Arc<Chain<T>>>,
}

fn push<T>(parent: &Option<Arc<Chain<T>>>, item: T) -> Option<Arc<Chain<T>>> {
    Some(Arc::new(Chain {
        item,
        parent: parent.clone(),
    }))
}

/// What a directory listing needs besides the file system: the options and the
/// explicit patterns, fixed for the whole walk.
struct Settings {
    options: WalkOptions,
    explicit: Gitignore,
    /// Listing as git does (see [`Walker::new_git`]).
    git: bool,
}

/// A directory to list, with what applies to it from above.
struct Request {
    dir: Vec<u8>,
    rules: Option<Arc<Chain<Gitignore>>>,
    ancestors: Option<Arc<Chain<(u64, u64)>>>,
}

/// A listed child of a directory.
enum Child {
    File {
        name: Vec<u8>,
        size: u64,
    },
    Dir {
        /// The name with `/` appended: its place in the walk order (see the module docs).
        key: Vec<u8>,
        listing: Arc<Pending>,
    },
}

impl Child {
    /// The sort key: a file's name, a directory's name with `/` after it.
    fn key(&self) -> &[u8] {
        match self {
            Child::File { name, .. } => name,
            Child::Dir { key, .. } => key,
        }
    }
}

/// A listed directory: its path, what applies below it, and its children not yet walked
/// (in reverse walk order, so the walk pops them).
struct Frame {
    dir: Vec<u8>,
    children: Vec<Child>,
    /// A nested repository, walked as one entry (git listings only).
    repo: bool,
}

/// A directory listing that is wanted, being made, or made: whoever starts it first (the
/// walk, or a thread listing ahead) makes it, so the walk never waits for work nobody has
/// started, and a listing made ahead is used once.
struct Pending {
    state: Mutex<State>,
    made: Condvar,
    /// Whether it was started ahead (and so counts against the prefetch budget).
    ahead: AtomicBool,
}

enum State {
    Wanted(Request),
    Making,
    Made(Result<Frame, Error>),
    Taken,
}

impl Pending {
    fn new(request: Request) -> Arc<Pending> {
        Arc::new(Pending {
            state: Mutex::new(State::Wanted(request)),
            made: Condvar::new(),
            ahead: AtomicBool::new(false),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every change of the state is one assignment: a panic elsewhere cannot leave it torn.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The request, if nobody has started on it.
    fn start(&self) -> Option<Request> {
        let mut state = self.lock();
        match std::mem::replace(&mut *state, State::Making) {
            State::Wanted(request) => Some(request),
            other => {
                *state = other;
                None
            }
        }
    }

    fn finish(&self, listing: Result<Frame, Error>) {
        *self.lock() = State::Made(listing);
        self.made.notify_all();
    }

    /// The listing: made here with `make` if nobody has started it, else waited for.
    fn take(&self, make: impl FnOnce(Request) -> Result<Frame, Error>) -> Result<Frame, Error> {
        if let Some(request) = self.start() {
            return make(request);
        }
        let mut state = self.lock();
        loop {
            match std::mem::replace(&mut *state, State::Taken) {
                State::Made(listing) => return listing,
                other => {
                    *state = other;
                    state = self
                        .made
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }
}

/// Files of a tree in path order (see the module docs).
pub struct Walker<F: Fs> {
    fs: Arc<F>,
    settings: Arc<Settings>,
    /// The directories on the current path, outermost first.
    stack: Vec<Frame>,
    prefetch: Option<Prefetch>,
}

/// Listing directories ahead on other threads.
struct Prefetch {
    spawn: Spawner,
    /// Listings started ahead and not yet walked.
    ahead: Arc<AtomicUsize>,
    /// Makes a pending listing on one of `spawn`'s threads.
    start: StartListing,
}

/// How [`Prefetch`] starts a listing on another thread.
type StartListing = Box<dyn Fn(Arc<Pending>, &Spawner) + Send + Sync>;

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

/// The gitignore file at `file` (if any) as rules for paths under `dir`.
fn load_rules<F: Fs>(fs: &F, file: &[u8], dir: &[u8]) -> Result<Option<Gitignore>, Error> {
    // No file (or no .git directory), or a directory of that name: no rules here, as git
    // sees it.
    Ok(read_optional(fs, file)?.map(|contents| rules_of(&contents, dir)))
}

/// The rules of a gitignore file's `contents`, for paths under `dir`.
fn rules_of(contents: &[u8], dir: &[u8]) -> Gitignore {
    let mut builder = GitignoreBuilder::new(virtual_path(dir));
    for line in String::from_utf8_lossy(contents).lines() {
        // A malformed line is ignored, as git ignores it.
        let _ = builder.add_line(None, line);
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

fn chain_contains(chain: &Option<Arc<Chain<(u64, u64)>>>, id: &(u64, u64)) -> bool {
    let mut link = chain.as_deref();
    while let Some(node) = link {
        if node.item == *id {
            return true;
        }
        link = node.parent.as_deref();
    }
    false
}

impl Settings {
    fn is_ignored(&self, rules: &Option<Arc<Chain<Gitignore>>>, path: &[u8], is_dir: bool) -> bool {
        if rules.is_none() && self.explicit.is_empty() {
            return false;
        }
        let virtual_path = virtual_path(path);
        match self.explicit.matched(&virtual_path, is_dir) {
            Match::Ignore(_) => return true,
            Match::Whitelist(_) => return false,
            Match::None => {}
        }
        let mut link = rules.as_deref();
        while let Some(chain) = link {
            match chain.item.matched(&virtual_path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
            link = chain.parent.as_deref();
        }
        false
    }

    /// Lists `request.dir`: its .gitignore (if honoured), its entries filtered by the
    /// options and rules, symlinks resolved (if followed), sizes (unless skipped), in walk
    /// order. Errors carry the path they happened at.
    fn list<F: Fs>(&self, fs: &F, request: Request) -> Result<Frame, Error> {
        let options = &self.options;
        let Request {
            dir,
            mut rules,
            ancestors,
        } = request;
        if options.gitignore {
            if let Some(found) = load_rules(fs, &join(&dir, b".gitignore"), &dir)? {
                rules = push(&rules, found);
            }
        }
        let entries = fs
            .read_dir(&dir, !options.skip_sizes)
            .map_err(|e| e.with_path(dir.clone()))?;
        if self.git && !dir.is_empty() && entries.iter().any(|e| e.name == b".git") {
            // A nested repository: one entry (a gitlink), nothing of what it holds.
            return Ok(Frame {
                dir,
                children: Vec::new(),
                repo: true,
            });
        }
        let mut children = Vec::new();
        for entry in entries {
            if !options.hidden && entry.name.first() == Some(&b'.') {
                continue;
            }
            if (options.gitignore && entry.kind == Kind::Dir || self.git) && entry.name == b".git" {
                continue;
            }
            let path = join(&dir, &entry.name);
            let (kind, known_size) = match entry.kind {
                // git keeps a symlink as its target, never following it.
                Kind::Symlink if self.git => {
                    if !self.is_ignored(&rules, &path, false) {
                        children.push(Child::File {
                            name: entry.name,
                            size: 0,
                        });
                    }
                    continue;
                }
                Kind::Symlink if options.follow_symlinks => match fs.stat(&path) {
                    Ok(target) => (target.kind, Some(target.size)),
                    // A dangling link names no file: nothing to hash.
                    Err(_) => continue,
                },
                kind => (kind, entry.size),
            };
            match kind {
                Kind::File if !self.is_ignored(&rules, &path, false) => {
                    let size = match known_size {
                        _ if options.skip_sizes => 0,
                        Some(size) => size,
                        None => fs.size(&path).map_err(|e| e.with_path(path.clone()))?,
                    };
                    children.push(Child::File {
                        name: entry.name,
                        size,
                    });
                }
                Kind::Dir if !self.is_ignored(&rules, &path, true) => {
                    let below = if options.follow_symlinks {
                        let id = fs.stat(&path).map_err(|e| e.with_path(path.clone()))?.id;
                        if chain_contains(&ancestors, &id) {
                            continue;
                        }
                        push(&ancestors, id)
                    } else {
                        None
                    };
                    let listing = Pending::new(Request {
                        dir: path,
                        rules: rules.clone(),
                        ancestors: below,
                    });
                    let mut key = entry.name;
                    key.push(b'/');
                    children.push(Child::Dir { key, listing });
                }
                _ => {}
            }
        }
        children.sort_unstable_by(|a, b| b.key().cmp(a.key()));
        Ok(Frame {
            dir,
            children,
            repo: false,
        })
    }
}

impl<F: Fs> Walker<F> {
    /// A walk of the tree `fs` is rooted at (its root must be a directory).
    pub fn new(fs: F, options: &WalkOptions) -> Result<Walker<F>, Error> {
        Walker::start(fs, options, None)
    }

    /// A walk of what `git add -A` would add (see the module docs): with `gitignore`, the
    /// rules of `.gitignore` files, `.git/info/exclude` and, below those, `excludes` (the
    /// text of git's `core.excludesFile`). Nested repositories are yielded as entries of
    /// size 0, symlinks with size 0; callers `lstat` what they get.
    pub fn new_git(fs: F, options: &WalkOptions, excludes: &[u8]) -> Result<Walker<F>, Error> {
        Walker::start(fs, options, Some(excludes))
    }

    fn start(fs: F, options: &WalkOptions, git: Option<&[u8]>) -> Result<Walker<F>, Error> {
        let root = fs.stat(b"").map_err(|e| e.with_path(Vec::new()))?;
        if root.kind != Kind::Dir {
            return Err(Error::not_a_directory().with_path(Vec::new()));
        }
        let settings = Settings {
            options: options.clone(),
            explicit: explicit_rules(&options.ignore)?,
            git: git.is_some(),
        };
        let mut rules = None;
        if let (Some(excludes), true) = (git, options.gitignore) {
            rules = push(&None, rules_of(excludes, b""));
        }
        if options.gitignore {
            if let Some(found) = load_rules(&fs, b".git/info/exclude", b"")? {
                rules = push(&rules, found);
            }
        }
        let ancestors = if options.follow_symlinks {
            push(&None, root.id)
        } else {
            None
        };
        let frame = settings.list(
            &fs,
            Request {
                dir: Vec::new(),
                rules,
                ancestors,
            },
        )?;
        Ok(Walker {
            fs: Arc::new(fs),
            settings: Arc::new(settings),
            stack: vec![frame],
            prefetch: None,
        })
    }

    /// Starts listing the subdirectories of the innermost directory on other threads, as
    /// far as the budget allows.
    fn list_ahead(&self) {
        let (Some(prefetch), Some(frame)) = (&self.prefetch, self.stack.last()) else {
            return;
        };
        for child in frame.children.iter().rev() {
            let Child::Dir { listing, .. } = child else {
                continue;
            };
            if listing.ahead.load(Ordering::Relaxed) {
                continue;
            }
            if prefetch.ahead.fetch_add(1, Ordering::Relaxed) >= PREFETCH_DIRS {
                prefetch.ahead.fetch_sub(1, Ordering::Relaxed);
                return;
            }
            listing.ahead.store(true, Ordering::Relaxed);
            (prefetch.start)(Arc::clone(listing), &prefetch.spawn);
        }
    }

    /// The listing of a subdirectory the walk has reached.
    fn enter(&mut self, listing: &Pending) -> Result<(), Error> {
        let frame = listing.take(|request| self.settings.list(&*self.fs, request));
        if let Some(prefetch) = &self.prefetch {
            if listing.ahead.load(Ordering::Relaxed) {
                prefetch.ahead.fetch_sub(1, Ordering::Relaxed);
            }
        }
        self.stack.push(frame?);
        self.list_ahead();
        Ok(())
    }
}

impl<F: Fs + Send + Sync + 'static> Walker<F> {
    /// Lists the directories ahead on the path with `spawn`'s threads while the caller
    /// walks the current one (the native binding passes rayon's pool).
    pub fn prefetch(mut self, spawn: Spawner) -> Walker<F> {
        let fs = Arc::clone(&self.fs);
        let settings = Arc::clone(&self.settings);
        let start = move |pending: Arc<Pending>, spawn: &Spawner| {
            let fs = Arc::clone(&fs);
            let settings = Arc::clone(&settings);
            spawn(Box::new(move || {
                if let Some(request) = pending.start() {
                    pending.finish(settings.list(&*fs, request));
                }
            }));
        };
        self.prefetch = Some(Prefetch {
            spawn,
            ahead: Arc::new(AtomicUsize::new(0)),
            start: Box::new(start),
        });
        self.list_ahead();
        self
    }
}

impl<F: Fs> Iterator for Walker<F> {
    type Item = Result<WalkedFile, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let frame = self.stack.last_mut()?;
            if frame.repo {
                let path = std::mem::take(&mut frame.dir);
                self.stack.pop();
                return Some(Ok(WalkedFile { path, size: 0 }));
            }
            match frame.children.pop() {
                None => {
                    self.stack.pop();
                }
                Some(Child::File { name, size }) => {
                    return Some(Ok(WalkedFile {
                        path: join(&frame.dir, &name),
                        size,
                    }))
                }
                Some(Child::Dir { listing, .. }) => {
                    if let Err(e) = self.enter(&listing) {
                        self.stack.clear();
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}
