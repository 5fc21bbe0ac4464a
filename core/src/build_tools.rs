//! The build-tool calls as both bindings make them: each runs its core call through the hash
//! cache it is given (an [`OpenCache`] of the cache's saved bytes), if any, and answers in
//! [`reply`] bytes, with the cache's new bytes after the reply
//! ([`reply::with_cache`]). A binding converts its arguments, and a failure's text.

use crate::cache::{hash_files_cached, hash_walk_cached, HashCache, OpenCache};
use crate::error::Error;
use crate::git::{directory_tree, work_tree, GitEnv};
use crate::host_fs::{HostFs, MaybeSync};
use crate::reply;
use crate::spec::Spec;
use crate::walk::{WalkOptions, WalkedFile};

/// `reply`, then the cache's new bytes.
fn with_cache(reply: &[u8], cache: OpenCache) -> Vec<u8> {
    reply::with_cache(reply, &cache.into_entries())
}

/// The reply of `call`, run through `cache` if there is one (then its new bytes follow).
fn through(
    cache: Option<OpenCache>,
    call: impl FnOnce(Option<&OpenCache>) -> Result<Vec<u8>, Error>,
) -> Result<Vec<u8>, Error> {
    let reply = call(cache.as_ref())?;
    Ok(match cache {
        Some(cache) => with_cache(&reply, cache),
        None => reply,
    })
}

/// The work tree of the repository at the root against its index ([`work_tree`]).
pub fn git_work_tree<F: HostFs + MaybeSync>(
    fs: &F,
    env: &GitEnv,
    untracked: bool,
    cache: Option<OpenCache>,
) -> Result<Vec<u8>, Error> {
    through(cache, |cache| {
        Ok(reply::work_tree(&work_tree(fs, env, untracked, cache)?))
    })
}

/// The git tree of the directory at the root ([`directory_tree`]).
pub fn git_directory_tree<F: HostFs + MaybeSync>(
    fs: &F,
    env: &GitEnv,
    options: &WalkOptions,
    sha256: bool,
    cache: Option<OpenCache>,
) -> Result<Vec<u8>, Error> {
    through(cache, |cache| {
        Ok(reply::dir_tree(&directory_tree(
            fs, env, options, sha256, cache,
        )?))
    })
}

/// The files at `paths` hashed through the cache ([`hash_files_cached`]).
pub fn hash_files_with_cache<F: HostFs + MaybeSync>(
    fs: &F,
    paths: &[Vec<u8>],
    spec: &Spec,
    cache: OpenCache,
) -> Vec<u8> {
    let results = hash_files_cached(fs, paths, spec, &cache);
    with_cache(&reply::files(&results), cache)
}

/// The files `walk` yields hashed through the cache ([`hash_walk_cached`]): their paths, the
/// files' results, the manifest and its digest ([`reply::tree_files`]).
pub fn hash_tree_with_cache<F: HostFs + MaybeSync>(
    fs: &F,
    walk: impl Iterator<Item = Result<WalkedFile, Error>>,
    spec: &Spec,
    cache: OpenCache,
) -> Result<Vec<u8>, Error> {
    let (paths, results) = hash_walk_cached(fs, walk, spec, &cache)?;
    Ok(with_cache(
        &reply::tree_files(&paths, &results, spec),
        cache,
    ))
}

/// The cache saved in `bytes` at the end of a run ([`HashCache::end_run`]), after an empty
/// reply as the other calls give it.
pub fn cache_end_run(bytes: &[u8], keep_runs: u64) -> Vec<u8> {
    let mut cache = HashCache::from_bytes(bytes);
    cache.end_run(keep_runs);
    reply::with_cache(&[], &cache)
}
