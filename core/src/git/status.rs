//! A repository's work tree against its index, as `git status` and `git ls-files -s` see
//! it. For each index entry: an entry whose `lstat` data is what the index recorded, and
//! that is not racy, keeps the index's ID without being read (git's rule,
//! `Documentation/technical/racy-git.txt`: an entry whose mtime is not older than the
//! index file itself may have changed within the same timestamp tick, and one whose size
//! git smudged to 0 must be read); skip-worktree and assume-unchanged entries keep theirs
//! as git does; every other file is hashed through the clean step, in parallel.

use super::{blob_of, repo, Blob, GitCache, GitEnv, Setup, TreeEntry};
use super::{codes, git_error, index};
use crate::error::Error;
use crate::host_fs::{par_map, HostFs, MaybeSync, Meta};
use crate::walk::{Kind, WalkOptions, Walker};
use std::collections::HashSet;

/// The work tree as git sees it.
#[derive(Clone, Debug, Default)]
pub struct WorkTree {
    /// Every tracked file present and every untracked file not ignored, with its ID as it
    /// is on disk now (gitlinks: the nested repository's HEAD), sorted by path.
    pub files: Vec<TreeEntry>,
    /// Tracked paths whose ID or mode differs from the index (or unmerged, or added with
    /// intent to add).
    pub modified: Vec<Vec<u8>>,
    /// Tracked paths missing from the work tree.
    pub deleted: Vec<Vec<u8>>,
    /// Untracked, not ignored paths.
    pub untracked: Vec<Vec<u8>>,
    /// Paths whose ID hashmill cannot compute (a filter driver, ...), with the reason.
    pub unsupported: Vec<(Vec<u8>, String)>,
}

/// What an index entry needs.
enum Check {
    Trusted,
    Deleted,
    Hash(Meta),
}

const EMPTY_BLOB_SHA1: [u8; 20] = [
    0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2,
    0xe4, 0x8c, 0x53, 0x91,
];

fn not_found(e: &Error) -> bool {
    matches!(e.code(), "ENOENT" | "ENOTDIR")
}

/// Whether `meta` is what the index recorded, and the entry is not racy.
fn stat_clean(
    e: &index::IndexEntry,
    meta: &Meta,
    index_mtime: crate::host_fs::Time,
    setup: &Setup,
) -> bool {
    let same_time = |t: crate::host_fs::Time, recorded: crate::host_fs::Time| {
        t.secs as u32 == recorded.secs as u32 && t.nanos == recorded.nanos
    };
    let recorded_mode = setup.mode_of(meta, Some(e.mode));
    let smudged = e.size == 0
        && e.mode != 0o120000
        && e.id[..] != EMPTY_BLOB_SHA1[..]
        && e.id.iter().any(|&b| b != 0);
    same_time(meta.mtime, e.mtime)
        && same_time(meta.ctime, e.ctime)
        && meta.ino as u32 == e.ino
        && meta.size as u32 == e.size
        && meta.uid == e.uid
        && meta.gid == e.gid
        && recorded_mode == e.mode
        && meta.mtime < index_mtime
        && !smudged
        && !e.intent_to_add
}

/// The work tree of the repository at the root against its index; with `untracked`, the
/// untracked files too (walked with git's ignore rules).
pub fn work_tree<F: HostFs + MaybeSync + Clone>(
    fs: F,
    env: &GitEnv,
    untracked: bool,
    cache: Option<&GitCache<'_>>,
) -> Result<WorkTree, Error> {
    let dirs = repo::find(&fs, b"")?.ok_or_else(|| {
        git_error(
            codes::NOT_A_REPOSITORY,
            "not the top of a git work tree (no .git here)",
        )
    })?;
    let index_path = dirs.git_file(b"index");
    let mut setup = Setup::read(&fs, env, Some(dirs))?;
    let long = setup.long;
    let (entries, index_mtime) = match fs.read_file(&index_path) {
        Ok(bytes) => {
            let mtime = fs
                .metadata(&index_path, true)
                .map_err(|e| e.with_path(index_path.as_slice()))?
                .mtime;
            let spec = setup.spec();
            let check = |body: &[u8]| {
                let algorithm = if long {
                    crate::Algorithm::Sha256
                } else {
                    crate::Algorithm::Sha1
                };
                crate::hash_vec(&crate::Spec::plain(algorithm), body)
            };
            let _ = spec;
            let parsed = index::parse(&bytes, if long { 32 } else { 20 }, check)
                .map_err(|e| Error::from(e).with_path(index_path.as_slice()))?;
            (parsed.entries, mtime)
        }
        Err(e) if not_found(&e) => (Vec::new(), Default::default()),
        Err(e) => return Err(e.with_path(index_path)),
    };
    let tracked: HashSet<&[u8]> = entries.iter().map(|e| e.path.as_slice()).collect();
    let mut unmerged: Vec<&[u8]> = entries
        .iter()
        .filter(|e| e.stage != 0)
        .map(|e| e.path.as_slice())
        .collect();
    unmerged.dedup();
    let stage0: Vec<&index::IndexEntry> = entries.iter().filter(|e| e.stage == 0).collect();

    let checks = par_map(&stage0, |e| -> Result<Check, Error> {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        if e.skip_worktree {
            return Ok(Check::Trusted);
        }
        let meta = match fs.metadata(&e.path, false) {
            Ok(meta) => meta,
            Err(err) if not_found(&err) => return Ok(Check::Deleted),
            Err(err) => return Err(err.with_path(e.path.as_slice())),
        };
        let is_dir = meta.kind == Some(Kind::Dir);
        Ok(match (e.mode == 0o160000, is_dir) {
            (true, true) => Check::Hash(meta),
            (false, true) => Check::Deleted,
            _ if e.assume_valid || stat_clean(e, &meta, index_mtime, &setup) => Check::Trusted,
            _ => Check::Hash(meta),
        })
    });
    let mut result = WorkTree::default();
    let mut to_hash: Vec<(Vec<u8>, Meta, Option<u32>)> = Vec::new();
    let mut index_ids = std::collections::HashMap::new();
    for (e, check) in stage0.iter().zip(checks) {
        index_ids.insert(
            e.path.as_slice(),
            (e.mode, e.id.as_slice(), e.intent_to_add),
        );
        match check? {
            Check::Trusted => result.files.push(TreeEntry {
                path: e.path.clone(),
                mode: e.mode,
                id: e.id.clone(),
                size: u64::from(e.size),
            }),
            Check::Deleted => result.deleted.push(e.path.clone()),
            Check::Hash(meta) => to_hash.push((e.path.clone(), meta, Some(e.mode))),
        }
    }
    for path in &unmerged {
        match fs.metadata(path, false) {
            Ok(meta) if meta.kind != Some(Kind::Dir) => to_hash.push((path.to_vec(), meta, None)),
            Ok(_) => result.deleted.push(path.to_vec()),
            Err(err) if not_found(&err) => result.deleted.push(path.to_vec()),
            Err(err) => return Err(err.with_path(*path)),
        }
    }
    let tracked_count = to_hash.len();
    if untracked {
        let options = WalkOptions {
            gitignore: true,
            hidden: true,
            skip_sizes: true,
            ..WalkOptions::default()
        };
        for walked in Walker::new_git(fs.clone(), &options, &setup.excludes)? {
            if fs.cancelled() {
                return Err(Error::cancelled());
            }
            let path = walked?.path;
            if tracked.contains(path.as_slice()) {
                continue;
            }
            let meta = fs
                .metadata(&path, false)
                .map_err(|e| e.with_path(path.as_slice()))?;
            result.untracked.push(path.clone());
            to_hash.push((path, meta, None));
        }
    }
    let refs: Vec<&[u8]> = to_hash.iter().map(|(p, _, _)| p.as_slice()).collect();
    setup.load_attributes(&fs, &refs)?;
    let blobs = par_map(&to_hash, |(path, meta, index_mode)| {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        blob_of(&fs, &setup, path, meta, *index_mode, cache)
            .map_err(|e| e.with_path(path.as_slice()))
    });
    for (i, ((path, _, _), blob)) in to_hash.iter().zip(blobs).enumerate() {
        match blob? {
            Blob::Id(entry) => {
                if i < tracked_count {
                    let changed = match index_ids.get(path.as_slice()) {
                        Some(&(mode, id, intent)) => {
                            mode != entry.mode || id != entry.id.as_slice() || intent
                        }
                        None => true,
                    };
                    if changed {
                        result.modified.push(path.clone());
                    }
                }
                result.files.push(entry);
            }
            Blob::Unsupported(reason) if i >= tracked_count && reason.starts_with("a nested") => {}
            Blob::Unsupported(reason) => result.unsupported.push((path.clone(), reason)),
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    for list in [
        &mut result.modified,
        &mut result.deleted,
        &mut result.untracked,
    ] {
        list.sort();
    }
    result.unsupported.sort();
    Ok(result)
}
