//! A repository's work tree against its index, as `git status` and `git ls-files -s` see
//! it. For each index entry: an entry whose `lstat` data is what the index recorded, and
//! that is not racy, keeps the index's ID without being read (git's rule,
//! `Documentation/technical/racy-git.txt`: an entry whose mtime is not older than the
//! index file itself may have changed within the same timestamp tick, and one whose size
//! git smudged to 0 must be read); skip-worktree and assume-unchanged entries keep theirs
//! as git does; every other file is hashed through the clean step, in parallel. Paths in
//! conflict (unmerged entries, stages 1 to 3, during a merge or rebase) are listed apart,
//! as `git status` does, with their files' IDs as they are on disk.

use super::{blob_of, repo, Blob, GitEnv, Indexed, Setup, TreeEntry};
use super::{codes, git_error, index};
use crate::cache::OpenCache;
use crate::error::Error;
use crate::host_fs::{join, lstat_all, par_map, HostFs, MaybeSync, Meta, Time};
use crate::walk::{Kind, WalkOptions, Walker};

/// The work tree as git sees it.
#[derive(Clone, Debug, Default)]
pub struct WorkTree {
    /// Every tracked file present and every untracked file not ignored, with its ID as it
    /// is on disk now (gitlinks: the nested repository's HEAD), sorted by path.
    pub files: Vec<TreeEntry>,
    /// Tracked paths whose ID or mode differs from the index (or added with intent to add).
    pub modified: Vec<Vec<u8>>,
    /// Tracked paths missing from the work tree.
    pub deleted: Vec<Vec<u8>>,
    /// Untracked, not ignored paths.
    pub untracked: Vec<Vec<u8>>,
    /// Paths in conflict (unmerged index entries): `git status --porcelain=v2`'s `u` lines.
    pub unmerged: Vec<Vec<u8>>,
    /// Paths whose ID hashmill cannot compute (a filter driver, ...), with the reason.
    pub unsupported: Vec<(Vec<u8>, String)>,
}

/// Why a path is hashed, which says where its result goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A tracked file whose stat data do not vouch for the index's ID.
    Tracked,
    /// A path in conflict.
    Unmerged,
    /// Not in the index.
    Untracked,
}

/// A path to hash.
struct ToHash<'a> {
    path: &'a [u8],
    meta: Meta,
    indexed: Option<Indexed<'a>>,
    role: Role,
    /// The index's entry, for a tracked path (to tell whether it changed).
    entry: Option<&'a index::IndexEntry>,
}

/// Whether `meta` is what the index recorded for `e`, and the entry is not racy.
/// `empty_blob`: the ID of the empty blob in this object format.
fn stat_clean(
    e: &index::IndexEntry,
    meta: &Meta,
    index_mtime: Time,
    setup: &Setup,
    empty_blob: &[u8],
) -> bool {
    let same_time = |t: Time, recorded: Time| {
        t.secs as u32 == recorded.secs as u32 && t.nanos == recorded.nanos
    };
    // Git smudges a racily clean entry's size to 0 when it writes the index; an empty
    // file's entry (the empty blob) has size 0 of its own.
    let smudged =
        e.size == 0 && e.mode != 0o120000 && e.id.iter().any(|&b| b != 0) && e.id != empty_blob;
    same_time(meta.mtime, e.mtime)
        && same_time(meta.ctime, e.ctime)
        && meta.ino as u32 == e.ino
        && meta.size as u32 == e.size
        && meta.uid == e.uid
        && meta.gid == e.gid
        && setup.mode_of(meta, Some(e.mode)) == e.mode
        && meta.mtime < index_mtime
        && !smudged
        && !e.intent_to_add
}

/// The index's entries (sorted by path, then stage) and its file's mtime; none without one.
fn read_index<F: HostFs>(
    fs: &F,
    path: &[u8],
    long: bool,
) -> Result<(Vec<index::IndexEntry>, Time), Error> {
    let bytes = match fs.read_file(path) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok((Vec::new(), Time::default())),
        Err(e) => return Err(e.with_path(path)),
    };
    let mtime = fs
        .metadata(path, true)
        .map_err(|e| e.with_path(path))?
        .mtime;
    let checksum = crate::Spec::plain(if long {
        crate::Algorithm::Sha256
    } else {
        crate::Algorithm::Sha1
    });
    let parsed = index::parse(&bytes, if long { 32 } else { 20 }, |body| {
        crate::hash_vec(&checksum, body)
    })
    .map_err(|e| Error::from(e).with_path(path))?;
    Ok((parsed.entries, mtime))
}

/// The files `git add -A` would see that the index does not hold (`entries`, sorted by
/// path), walked with git's ignore rules. The walk comes in path order too, so each path is
/// first looked for just after the previous one found.
fn untracked_files<F: HostFs + Clone>(
    fs: &F,
    excludes: &[u8],
    entries: &[index::IndexEntry],
) -> Result<Vec<Vec<u8>>, Error> {
    let options = WalkOptions {
        gitignore: true,
        hidden: true,
        skip_sizes: true,
        ..WalkOptions::default()
    };
    let mut found = Vec::new();
    let mut next = 0;
    for walked in Walker::new_git(fs.clone(), &options, excludes)? {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        let path = walked?.path;
        let at = match entries.get(next) {
            Some(e) if e.path == path => Ok(next),
            _ => entries.binary_search_by(|e| e.path.as_slice().cmp(&path)),
        };
        match at {
            Ok(i) => next = i + 1,
            Err(_) => found.push(path),
        }
    }
    Ok(found)
}

/// The work tree of the repository at the root against its index; with `untracked`, the
/// untracked files too (walked with git's ignore rules).
pub fn work_tree<F: HostFs + MaybeSync + Clone>(
    fs: F,
    env: &GitEnv,
    untracked: bool,
    cache: Option<&OpenCache>,
) -> Result<WorkTree, Error> {
    let dirs = repo::find(&fs, b"")?.ok_or_else(|| {
        git_error(
            codes::NOT_A_REPOSITORY,
            "not the top of a git work tree (no .git here)",
        )
    })?;
    let index_path = dirs.git_file(b"index");
    let mut setup = Setup::read(&fs, env, Some(dirs))?;
    let (entries, index_mtime) = read_index(&fs, &index_path, setup.long)?;
    let empty_blob = crate::hash_vec(&setup.spec(), b"");
    let mut result = WorkTree::default();
    let mut to_hash: Vec<ToHash<'_>> = Vec::new();

    // Entries in conflict, one path each: the file on disk, read as "ours" (stage 2) is.
    let mut stage0 = Vec::with_capacity(entries.len());
    let mut i = 0;
    while i < entries.len() {
        let end = i + entries[i..]
            .iter()
            .take_while(|e| e.path == entries[i].path)
            .count();
        let group = &entries[i..end];
        match group {
            [e] if e.stage == 0 => stage0.push(e),
            _ => {
                let stage = |n: u8| group.iter().find(|e| e.stage == n);
                let mode = stage(2).or(stage(3)).unwrap_or(&group[0]).mode;
                let indexed = Indexed {
                    mode,
                    id: stage(2).map(|e| e.id.as_slice()),
                };
                result.unmerged.push(group[0].path.clone());
                match fs.metadata(&group[0].path, false) {
                    Ok(meta) if meta.kind != Some(Kind::Dir) || mode == 0o160000 => {
                        to_hash.push(ToHash {
                            path: &group[0].path,
                            meta,
                            indexed: Some(indexed),
                            role: Role::Unmerged,
                            entry: None,
                        })
                    }
                    Ok(_) => {}
                    Err(e) if e.is_not_found() => {}
                    Err(e) => return Err(e.with_path(group[0].path.as_slice())),
                }
            }
        }
        i = end;
    }

    // Stage 0: skip-worktree entries as the index has them; the others by their lstat,
    // taken while the untracked files are walked.
    let looked_at: Vec<&index::IndexEntry> = stage0
        .iter()
        .copied()
        .filter(|e| !e.skip_worktree)
        .collect();
    let paths: Vec<&[u8]> = looked_at.iter().map(|e| e.path.as_slice()).collect();
    let (metas, untracked_paths) = join(
        || lstat_all(&fs, &paths),
        || match untracked {
            true => untracked_files(&fs, &setup.excludes, &entries),
            false => Ok(Vec::new()),
        },
    );
    let untracked_paths = untracked_paths?;
    let trusted = |e: &index::IndexEntry| TreeEntry {
        path: e.path.clone(),
        mode: e.mode,
        id: e.id.clone(),
        size: u64::from(e.size),
    };
    result.files.extend(
        stage0
            .iter()
            .filter(|e| e.skip_worktree)
            .map(|e| trusted(e)),
    );
    for (e, meta) in looked_at.into_iter().zip(metas) {
        let meta = match meta {
            Ok(meta) => meta,
            Err(err) if err.code() == crate::codes::CANCELLED => return Err(Error::cancelled()),
            Err(err) if err.is_not_found() => {
                result.deleted.push(e.path.clone());
                continue;
            }
            Err(err) => return Err(err),
        };
        let is_dir = meta.kind == Some(Kind::Dir);
        let gitlink = e.mode == 0o160000;
        if is_dir && !gitlink {
            result.deleted.push(e.path.clone());
        } else if !gitlink
            && (e.assume_valid || stat_clean(e, &meta, index_mtime, &setup, &empty_blob))
        {
            result.files.push(trusted(e));
        } else {
            to_hash.push(ToHash {
                path: &e.path,
                meta,
                indexed: Some(Indexed {
                    mode: e.mode,
                    id: Some(&e.id),
                }),
                role: Role::Tracked,
                entry: Some(e),
            });
        }
    }

    for (path, meta) in untracked_paths.iter().zip(lstat_all(&fs, &untracked_paths)) {
        result.untracked.push(path.clone());
        to_hash.push(ToHash {
            path,
            meta: meta?,
            indexed: None,
            role: Role::Untracked,
            entry: None,
        });
    }

    let refs: Vec<&[u8]> = to_hash.iter().map(|h| h.path).collect();
    setup.load_attributes(&fs, &refs)?;
    let blobs = par_map(&to_hash, |h| {
        if fs.cancelled() {
            return Err(Error::cancelled());
        }
        blob_of(&fs, &setup, h.path, &h.meta, h.indexed, cache).map_err(|e| e.with_path(h.path))
    });
    for (h, blob) in to_hash.iter().zip(blobs) {
        match blob? {
            Blob::Id(entry) => {
                let changed = h
                    .entry
                    .is_some_and(|e| e.mode != entry.mode || e.id != entry.id || e.intent_to_add);
                if changed {
                    result.modified.push(h.path.to_vec());
                }
                result.files.push(entry);
            }
            // An untracked nested repository with no commit: listed, with no ID to give.
            Blob::NoHead if h.role == Role::Untracked => {}
            Blob::NoHead => result.unsupported.push((
                h.path.to_vec(),
                "a nested repository with no commit checked out".into(),
            )),
            Blob::Unsupported(reason) => result.unsupported.push((h.path.to_vec(), reason)),
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    for list in [
        &mut result.modified,
        &mut result.deleted,
        &mut result.untracked,
        &mut result.unmerged,
    ] {
        list.sort();
    }
    result.unsupported.sort();
    Ok(result)
}
