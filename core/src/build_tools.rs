//! The build-tool calls as both bindings make them: each runs its core call through the hash
//! cache it is given (an [`OpenCache`], see [`with_store`]), if any, and answers in
//! [`reply`] bytes. A binding converts its arguments, and a failure's text.

use crate::cache::{hash_files_cached, hash_walk_cached, CacheStore, OpenCache};
use crate::error::Error;
use crate::git::{directory_tree, work_tree, GitEnv};
use crate::host_fs::{HostFs, MaybeSync, Time};
use crate::reply;
use crate::spec::Spec;
use crate::walk::{WalkOptions, WalkedFile};

/// `call` with the cache in `store` open for a run recording at `recorded`
/// ([`CacheStore::run`]), or with none.
pub fn with_store<T>(
    store: Option<&CacheStore>,
    recorded: Time,
    call: impl FnOnce(Option<&OpenCache>) -> T,
) -> T {
    match store {
        Some(store) => store.run(recorded, |cache| call(Some(cache))),
        None => call(None),
    }
}

/// The work tree of the repository at the root against its index ([`work_tree`]).
pub fn git_work_tree<F: HostFs + MaybeSync>(
    fs: &F,
    env: &GitEnv,
    untracked: bool,
    cache: Option<&OpenCache>,
) -> Result<Vec<u8>, Error> {
    Ok(reply::work_tree(&work_tree(fs, env, untracked, cache)?))
}

/// The git tree of the directory at the root ([`directory_tree`]).
pub fn git_directory_tree<F: HostFs + MaybeSync>(
    fs: &F,
    env: &GitEnv,
    options: &WalkOptions,
    sha256: bool,
    cache: Option<&OpenCache>,
) -> Result<Vec<u8>, Error> {
    Ok(reply::dir_tree(&directory_tree(
        fs, env, options, sha256, cache,
    )?))
}

/// The files at `paths` hashed through the cache ([`hash_files_cached`]).
pub fn hash_files_with_cache<F: HostFs + MaybeSync>(
    fs: &F,
    paths: &[Vec<u8>],
    spec: &Spec,
    cache: &OpenCache,
) -> Vec<u8> {
    reply::files(
        &hash_files_cached(fs, paths, spec, cache),
        spec.output_len(),
    )
}

/// The files `walk` yields hashed through the cache ([`hash_walk_cached`]): their paths, the
/// files' results, the manifest and its digest ([`reply::tree_files`]).
pub fn hash_tree_with_cache<F: HostFs + MaybeSync>(
    fs: &F,
    walk: impl Iterator<Item = Result<WalkedFile, Error>>,
    spec: &Spec,
    cache: &OpenCache,
) -> Result<Vec<u8>, Error> {
    let (paths, results) = hash_walk_cached(fs, walk, spec, cache)?;
    Ok(reply::tree_files(&paths, &results, spec))
}
