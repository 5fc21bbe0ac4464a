//! The work tree as git sees it, in-process: blob IDs of files after git's clean step,
//! tree IDs (`git add -A && git write-tree`), and the status of a repository's work tree
//! against its index (`git status`, `git ls-files -s`, `git hash-object`), reusing the
//! index's IDs where git's racy-entry rule allows and hashing the rest in parallel.
//!
//! Everything is read through [`HostFs`], so both backends see the same bytes. The pieces:
//! `index` (the index file), `config` (git's configuration files), `attributes`
//! (`.gitattributes`), `convert` (the clean step), `odb` (the object database, for the
//! indexed version the clean step may need), `repo` (git directories, HEAD), `tree` (tree
//! objects), `status` (the work tree against the index).

pub mod attributes;
pub mod config;
pub mod convert;
pub mod index;
pub mod odb;
pub mod repo;
mod status;
pub mod tree;
mod varint;

use crate::cache::OpenCache;
use crate::error::{Error, ErrorKind};
use crate::host_fs::{lstat_all, par_map, read_optional, HostFs, MaybeSync, Meta};
use crate::walk::{Kind, WalkOptions, Walker};
use crate::{Algorithm, Spec};
use attributes::{AttrFile, Attributes};
use config::{Conditions, Config};
use convert::{Clean, Stats, Unsupported};
use odb::{ObjectDb, ObjectKind};
use repo::RepoDirs;
pub use status::{work_tree, WorkTree};
pub use tree::TreeEntry;

/// Codes of the errors only git work mints.
pub mod codes {
    /// A repository whose index or refs use a format hashmill does not read.
    pub const UNSUPPORTED: &str = "ERR_HASHMILL_GIT_UNSUPPORTED";
    /// An index or ref that is damaged.
    pub const CORRUPT: &str = "ERR_HASHMILL_GIT_CORRUPT";
    /// A directory that is not the top of a git work tree.
    pub const NOT_A_REPOSITORY: &str = "ERR_HASHMILL_NOT_A_GIT_REPOSITORY";
    /// A file git would pass through something hashmill cannot run (a filter driver).
    pub const FILTER: &str = "ERR_HASHMILL_GIT_FILTER";
    /// A nested repository with no commit checked out (git cannot add it either).
    pub const NO_HEAD: &str = "ERR_HASHMILL_GIT_NO_HEAD";
}

/// What went wrong reading a repository.
#[derive(Debug)]
pub enum GitError {
    /// The OS failed.
    Io(Error),
    /// Damaged data.
    Corrupt(String),
    /// A format or feature not read here (named).
    Unsupported(String),
}

impl GitError {
    fn corrupt(message: impl Into<String>) -> GitError {
        GitError::Corrupt(message.into())
    }
}

impl From<Error> for GitError {
    fn from(e: Error) -> GitError {
        GitError::Io(e)
    }
}

impl From<GitError> for Error {
    fn from(e: GitError) -> Error {
        match e {
            GitError::Io(e) => e,
            GitError::Corrupt(message) => git_error(codes::CORRUPT, message),
            GitError::Unsupported(what) => git_error(
                codes::UNSUPPORTED,
                format!("the repository uses {what}, which hashmill does not read"),
            ),
        }
    }
}

fn git_error(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Git {
        code,
        message: message.into(),
    })
}

/// Where git looks for its global and system files, from the environment, and where the
/// caller says the work tree is.
#[derive(Clone, Debug, Default)]
pub struct GitEnv {
    /// The work tree's absolute path as the caller named it, symlinks kept (what git's
    /// `gitdir:` conditions also match, as git does with `$PWD`).
    pub work_tree: Option<Vec<u8>>,
    /// `$HOME`.
    pub home: Option<Vec<u8>>,
    /// `$XDG_CONFIG_HOME`.
    pub xdg_config_home: Option<Vec<u8>>,
    /// `$GIT_CONFIG_GLOBAL`: the one global file instead of the usual ones.
    pub config_global: Option<Vec<u8>>,
    /// `$GIT_CONFIG_SYSTEM`: the system file instead of `/etc/gitconfig`.
    pub config_system: Option<Vec<u8>>,
    /// `$GIT_CONFIG_NOSYSTEM`: no system file (nor system attributes).
    pub no_system: bool,
}

impl GitEnv {
    /// `~/rest` with the home directory, None for anything else.
    pub fn expand_home(&self, path: &[u8]) -> Option<Vec<u8>> {
        let rest = path.strip_prefix(b"~/")?;
        Some([self.home.as_deref()?, b"/", rest].concat())
    }

    /// `$XDG_CONFIG_HOME/git/name`, or `$HOME/.config/git/name`.
    fn xdg(&self, name: &str) -> Option<Vec<u8>> {
        match &self.xdg_config_home {
            Some(dir) if !dir.is_empty() => Some([dir, &b"/git/"[..], name.as_bytes()].concat()),
            _ => Some([self.home.as_deref()?, b"/.config/git/", name.as_bytes()].concat()),
        }
    }

    /// A path setting (`core.attributesFile`, `core.excludesFile`) or its XDG default.
    fn file_setting(&self, config: &Config, key: &str, default: &str) -> Option<Vec<u8>> {
        match config.string(key) {
            Some(path) => self
                .expand_home(path.as_bytes())
                .or_else(|| Some(path.as_bytes().to_vec())),
            None => self.xdg(default),
        }
    }
}

/// What applies to a whole work tree: its configuration, attributes, excludes, object
/// format, and the repository's objects (None outside a repository).
pub(crate) struct Setup {
    pub config: Config,
    pub attributes: Attributes,
    pub excludes: Vec<u8>,
    /// SHA-256 object IDs.
    pub long: bool,
    /// `core.fileMode`: the executable bit counts.
    filemode: bool,
    /// `core.symlinks`: symlinks are checked out as symlinks.
    symlinks: bool,
    objects: Option<ObjectDb>,
}

impl Setup {
    /// Reads the configuration, the system, global and info attributes and the global
    /// excludes of the work tree at the root (a repository when `repo` is given).
    pub(crate) fn read(
        fs: &dyn HostFs,
        env: &GitEnv,
        repo: Option<RepoDirs>,
    ) -> Result<Setup, Error> {
        let conditions = match &repo {
            Some(repo) => repo.conditions(fs, env.work_tree.as_deref())?,
            None => Conditions::default(),
        };
        let mut config = Config::default();
        let read =
            |config: &mut Config, path: &[u8]| config.read_file(fs, path, env, &conditions, 0);
        if !env.no_system {
            let system = env
                .config_system
                .clone()
                .unwrap_or_else(|| b"/etc/gitconfig".to_vec());
            read(&mut config, &system)?;
        }
        match &env.config_global {
            Some(global) => read(&mut config, global)?,
            None => {
                if let Some(xdg) = env.xdg("config") {
                    read(&mut config, &xdg)?;
                }
                if let Some(home) = &env.home {
                    read(&mut config, &[home, &b"/.gitconfig"[..]].concat())?;
                }
            }
        }
        if let Some(repo) = &repo {
            read(&mut config, &repo.common_file(b"config"))?;
            if config.bool("extensions.worktreeconfig", false) {
                read(&mut config, &repo.git_file(b"config.worktree"))?;
            }
            if config
                .string("extensions.refstorage")
                .is_some_and(|f| f != "files")
            {
                return Err(GitError::Unsupported("the reftable ref format".into()).into());
            }
        }
        let long = match config.string("extensions.objectformat") {
            None | Some("sha1") => false,
            Some("sha256") => true,
            Some(other) => {
                return Err(GitError::Unsupported(format!("the object format {other}")).into())
            }
        };
        let mut low = Vec::new();
        if !env.no_system {
            low.push(AttrFile::parse(
                &read_optional(fs, b"/etc/gitattributes")?.unwrap_or_default(),
                b"",
                true,
            ));
        }
        if let Some(global) = env.file_setting(&config, "core.attributesfile", "attributes") {
            low.push(AttrFile::parse(
                &read_optional(fs, &global)?.unwrap_or_default(),
                b"",
                true,
            ));
        }
        let mut high = Vec::new();
        if let Some(repo) = &repo {
            high.push(AttrFile::parse(
                &read_optional(fs, &repo.common_file(b"info/attributes"))?.unwrap_or_default(),
                b"",
                true,
            ));
        }
        let excludes = match env.file_setting(&config, "core.excludesfile", "ignore") {
            Some(path) => read_optional(fs, &path)?.unwrap_or_default(),
            None => Vec::new(),
        };
        Ok(Setup {
            filemode: config.bool("core.filemode", true),
            symlinks: config.bool("core.symlinks", true),
            objects: repo.map(|r| ObjectDb::new(&r.common_dir, if long { 32 } else { 20 })),
            config,
            attributes: Attributes::new(low, high),
            excludes,
            long,
        })
    }

    /// Loads the work tree's `.gitattributes` that may apply to `paths`.
    pub(crate) fn load_attributes(
        &mut self,
        fs: &dyn crate::Fs,
        paths: &[&[u8]],
    ) -> Result<(), Error> {
        let mut dirs: Vec<&[u8]> = paths.iter().flat_map(|p| attributes::dirs_of(p)).collect();
        dirs.sort_unstable();
        dirs.dedup();
        for dir in dirs {
            let text =
                read_optional(fs, &[dir, &b".gitattributes"[..]].concat())?.unwrap_or_default();
            if !text.is_empty() {
                self.attributes.add_tree_file(dir, &text);
            }
        }
        Ok(())
    }

    /// The spec of this object format's blob IDs.
    pub(crate) fn spec(&self) -> Spec {
        Spec::plain(if self.long {
            Algorithm::GitSha256
        } else {
            Algorithm::GitSha1
        })
    }

    /// The mode git records for a file with this metadata (`index_mode`: the index's mode
    /// of the path, which `core.fileMode = false` and `core.symlinks = false` keep).
    pub(crate) fn mode_of(&self, meta: &Meta, index_mode: Option<u32>) -> u32 {
        match meta.kind {
            Some(Kind::Symlink) => 0o120000,
            Some(Kind::Dir) => 0o160000,
            _ => match index_mode {
                Some(0o120000) if !self.symlinks => 0o120000,
                Some(mode @ (0o100644 | 0o100755)) if !self.filemode => mode,
                _ if meta.is_executable() => 0o100755,
                _ => 0o100644,
            },
        }
    }

    /// Whether the indexed version `id` of a path holds CRLF line endings in text, as git's
    /// `has_crlf_in_index` reads it from the object database (an object that is not a
    /// blob holds none); an object hashmill cannot read is a reason, never a guess.
    fn indexed_has_crlf(&self, fs: &dyn HostFs, id: &[u8]) -> Result<bool, Unsupported> {
        let Some(objects) = &self.objects else {
            return Ok(false);
        };
        // Git knows the empty blob without storing it (an intent-to-add entry names it).
        if crate::hash_vec(&self.spec(), b"") == id {
            return Ok(false);
        }
        let hex = crate::manifest::hex(id);
        match objects.read(fs, id) {
            Ok(Some((ObjectKind::Blob, data))) => Ok(Stats::of(&data).has_crlf_text()),
            Ok(Some(_)) => Ok(false),
            Ok(None) => Err(format!(
                "auto line endings and CRLF, and the indexed version {hex} (whose line endings decide) is not in the object database"
            )),
            Err(e) => Err(format!(
                "auto line endings and CRLF, and the indexed version {hex} (whose line endings decide) cannot be read: {}",
                Error::from(e)
            )),
        }
    }
}

/// A path's blob ID, or why it cannot be had here.
pub(crate) enum Blob {
    Id(TreeEntry),
    Unsupported(Unsupported),
    /// A nested repository with no commit checked out: no gitlink to record.
    NoHead,
}

/// What the index holds for a path being hashed: the mode (kept where `core.fileMode` or
/// `core.symlinks` is false) and the ID whose line endings git's auto CRLF reads (None
/// for a path in conflict with no "ours" version).
#[derive(Clone, Copy)]
pub(crate) struct Indexed<'a> {
    pub mode: u32,
    pub id: Option<&'a [u8]>,
}

/// The blob (or gitlink) git would record for `path`, whose `lstat` is `meta`; `indexed`:
/// what the index holds for it (git's auto line endings keep CRLF in a file whose indexed
/// version has CRs; without an index, as in a fresh repository, there is none).
pub(crate) fn blob_of<F: HostFs>(
    fs: &F,
    setup: &Setup,
    path: &[u8],
    meta: &Meta,
    indexed: Option<Indexed<'_>>,
    cache: Option<&OpenCache>,
) -> Result<Blob, Error> {
    let mode = setup.mode_of(meta, indexed.map(|i| i.mode));
    let id_len = if setup.long { 32 } else { 20 };
    let entry = |id: Vec<u8>| {
        Blob::Id(TreeEntry {
            path: path.to_vec(),
            mode,
            id,
            size: meta.size,
        })
    };
    if mode == 0o160000 {
        let head = match repo::find(fs, path)? {
            Some(nested) => nested.head(fs)?,
            None => None,
        };
        return Ok(match head {
            Some(hex) => entry(
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0))
                    .collect(),
            ),
            None => Blob::NoHead,
        });
    }
    let spec = setup.spec();
    if mode == 0o120000 && meta.kind == Some(Kind::Symlink) {
        let target = fs.read_link(path).map_err(|e| e.with_path(path))?;
        return Ok(entry(crate::hash_vec(&spec, &target)));
    }
    let clean = match Clean::decide(&setup.attributes.lookup(path), &setup.config) {
        Ok(clean) => clean,
        Err(reason) => return Ok(Blob::Unsupported(reason)),
    };
    let spec_bytes = spec.to_bytes();
    if let Some(cache) = cache {
        let entries = cache.shared();
        let hit = entries.lookup(&spec_bytes, clean.variant(), meta);
        if let Some(id) = hit.filter(|id| id.len() == id_len) {
            return Ok(entry(id.to_vec()));
        }
    }
    let data = fs.read_file(path).map_err(|e| e.with_path(path))?;
    let index_has_crlf = || match indexed.and_then(|i| i.id) {
        Some(id) => setup.indexed_has_crlf(fs, id),
        None => Ok(false),
    };
    let id = match clean.apply(&data, index_has_crlf) {
        Ok(converted) => crate::hash_vec(&spec, converted.as_deref().unwrap_or(&data)),
        Err(reason) => return Ok(Blob::Unsupported(reason)),
    };
    if let Some(cache) = cache {
        cache
            .exclusive()
            .record(&spec_bytes, clean.variant(), meta, cache.recorded(), &id);
    }
    Ok(entry(id))
}

/// A directory as `git add -A && git write-tree` would record it.
#[derive(Clone, Debug)]
pub struct DirTree {
    /// The root tree's ID.
    pub id: Vec<u8>,
    /// Its files, symlinks and gitlinks, sorted by path.
    pub entries: Vec<TreeEntry>,
}

/// The tree ID of the directory at the root as `git add -A && git write-tree` would give
/// it in a fresh repository there (with the repository's settings if the root is one):
/// the files the walk includes (`options`: its ignore rules; with `gitignore`, git's), with
/// git's modes and clean step. A file git would pass through a filter hashmill cannot run
/// fails with [`codes::FILTER`], a nested repository with no commit with [`codes::NO_HEAD`].
pub fn directory_tree<F: HostFs + MaybeSync + Clone>(
    fs: F,
    env: &GitEnv,
    options: &WalkOptions,
    sha256: bool,
    cache: Option<&OpenCache>,
) -> Result<DirTree, Error> {
    let repo = repo::find(&fs, b"")?;
    let mut setup = Setup::read(&fs, env, repo)?;
    setup.long = sha256;
    let options = WalkOptions {
        skip_sizes: true,
        follow_symlinks: false,
        ..options.clone()
    };
    let mut paths = Vec::new();
    for walked in Walker::new_git(fs.clone(), &options, &setup.excludes)? {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        paths.push(walked?.path);
    }
    let refs: Vec<&[u8]> = paths.iter().map(Vec::as_slice).collect();
    setup.load_attributes(&fs, &refs)?;
    let jobs: Vec<_> = paths.iter().zip(lstat_all(&fs, &paths)).collect();
    let blobs = par_map(&jobs, |(path, meta)| -> Result<Blob, Error> {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        let meta = meta.as_ref().map_err(Error::clone)?;
        blob_of(&fs, &setup, path, meta, None, cache).map_err(|e| e.with_path(path.as_slice()))
    });
    let mut entries = Vec::with_capacity(paths.len());
    for (path, blob) in paths.iter().zip(blobs) {
        match blob? {
            Blob::Id(entry) => entries.push(entry),
            Blob::NoHead => {
                return Err(git_error(
                    codes::NO_HEAD,
                    "git would not add this nested repository: it has no commit checked out",
                )
                .with_path(path.as_slice()))
            }
            Blob::Unsupported(reason) => {
                return Err(git_error(
                    codes::FILTER,
                    format!("git would not add this file as it is: {reason}"),
                )
                .with_path(path.as_slice()));
            }
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(DirTree {
        id: tree::tree_id(&entries, setup.long),
        entries,
    })
}
