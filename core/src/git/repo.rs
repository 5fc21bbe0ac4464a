//! Where a repository keeps its files, and the commit a repository's HEAD names (the ID
//! of a nested repository's gitlink): `.git` as a directory or as a `gitdir:` file, a
//! linked work tree's `commondir`, HEAD as a symbolic ref or a detached ID, refs loose or
//! packed (`packed-refs`). The reftable ref format is refused by name. Also what its
//! configuration's `includeIf` conditions are tested against.

use super::config::Conditions;
use super::GitError;
use crate::host_fs::{join_path as join, read_optional, HostFs};
use crate::walk::Fs;

/// A repository's directories: `git_dir` holds HEAD and the index, `common_dir` the
/// config, refs and objects (the same but in a linked work tree).
#[derive(Clone, Debug)]
pub struct RepoDirs {
    /// `$GIT_DIR`, relative to the walk's root or absolute.
    pub git_dir: Vec<u8>,
    /// `$GIT_COMMON_DIR`.
    pub common_dir: Vec<u8>,
}

/// `target` read relative to the directory `base` unless it is absolute.
fn resolve(base: &[u8], target: &[u8]) -> Vec<u8> {
    if target.starts_with(b"/") {
        target.to_vec()
    } else {
        join(base, target)
    }
}

fn trimmed(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

/// The repository whose work tree is the directory `dir` (`""`: the root): None when
/// `dir/.git` is neither a directory nor a `gitdir:` file.
pub fn find(fs: &dyn Fs, dir: &[u8]) -> Result<Option<RepoDirs>, GitError> {
    let dot_git = join(dir, b".git");
    let git_dir = match read_optional(fs, &join(&dot_git, b"HEAD"))? {
        Some(_) => dot_git,
        None => match read_optional(fs, &dot_git)? {
            Some(text) => match trimmed(&text).strip_prefix(b"gitdir:") {
                Some(target) => resolve(dir, trimmed(target).trim_ascii_start()),
                None => return Ok(None),
            },
            None => return Ok(None),
        },
    };
    let common_dir = match read_optional(fs, &join(&git_dir, b"commondir"))? {
        Some(text) => resolve(&git_dir, trimmed(&text)),
        None => git_dir.clone(),
    };
    Ok(Some(RepoDirs {
        git_dir,
        common_dir,
    }))
}

impl RepoDirs {
    /// `name` in the git directory.
    pub fn git_file(&self, name: &[u8]) -> Vec<u8> {
        join(&self.git_dir, name)
    }

    /// `name` in the common directory.
    pub fn common_file(&self, name: &[u8]) -> Vec<u8> {
        join(&self.common_dir, name)
    }

    /// The ID HEAD names (hex), or None for a repository with no commit yet.
    pub fn head(&self, fs: &dyn Fs) -> Result<Option<String>, GitError> {
        let mut target = b"HEAD".to_vec();
        for _ in 0..10 {
            let dir = if target == b"HEAD" {
                &self.git_dir
            } else {
                &self.common_dir
            };
            let value = match read_optional(fs, &join(dir, &target))? {
                Some(text) => Some(trimmed(&text).to_vec()),
                None => self.packed(fs, &target)?,
            };
            let Some(value) = value else { return Ok(None) };
            match value.strip_prefix(b"ref:") {
                Some(name) => target = name.trim_ascii().to_vec(),
                None => {
                    let hex = String::from_utf8_lossy(&value).into_owned();
                    let valid =
                        matches!(hex.len(), 40 | 64) && hex.bytes().all(|b| b.is_ascii_hexdigit());
                    return if valid {
                        Ok(Some(hex.to_ascii_lowercase()))
                    } else {
                        Err(GitError::corrupt(format!("{hex:?} is not an object ID")))
                    };
                }
            }
        }
        Err(GitError::corrupt("HEAD names refs in a loop"))
    }

    /// What `includeIf` conditions see of this repository: its git directory (absolute,
    /// with symlinks resolved and, when `work_tree` is given, as named under it) and its
    /// branch. A HEAD that cannot be read has no branch.
    pub fn conditions(
        &self,
        fs: &dyn HostFs,
        work_tree: Option<&[u8]>,
    ) -> Result<Conditions, GitError> {
        let mut git_dirs = Vec::new();
        match fs.real_path(&self.git_dir) {
            Ok(real) => git_dirs.push(real),
            Err(e) => return Err(GitError::Io(e.with_path(self.git_dir.as_slice()))),
        }
        if let Some(top) = work_tree {
            let named = if self.git_dir.starts_with(b"/") {
                self.git_dir.clone()
            } else {
                join(top, &self.git_dir)
            };
            if !git_dirs.contains(&named) {
                git_dirs.push(named);
            }
        }
        let head = read_optional(fs, &join(&self.git_dir, b"HEAD"))?.unwrap_or_default();
        let branch = trimmed(&head)
            .strip_prefix(b"ref:")
            .map(<[u8]>::trim_ascii)
            .and_then(|name| name.strip_prefix(b"refs/heads/"))
            .map(|name| String::from_utf8_lossy(name).into_owned());
        Ok(Conditions { git_dirs, branch })
    }

    /// A ref's ID from `packed-refs`.
    fn packed(&self, fs: &dyn Fs, name: &[u8]) -> Result<Option<Vec<u8>>, GitError> {
        let Some(text) = read_optional(fs, &self.common_file(b"packed-refs"))? else {
            return Ok(None);
        };
        Ok(text.split(|&b| b == b'\n').find_map(|line| {
            let (id, ref_name) = line.split_at(line.iter().position(|&b| b == b' ')?);
            (trimmed(&ref_name[1..]) == name).then(|| id.to_vec())
        }))
    }
}
