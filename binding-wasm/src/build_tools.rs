//! The build-tool calls in a pool worker (see the native addon's `build_tools.rs`: the same
//! calls, answered in the same core reply bytes): git work trees, git trees of directories,
//! file and directory hashing through the hash cache, over the fs bridge, and the end of a
//! cache's run. A worker keeps no cache between calls (the next call may go to another
//! worker): a call takes the cache's saved form and gives back the new one after its reply
//! (hashmill-core `reply::with_cache`).

use crate::fs_bridge::JsFs;
use crate::spec::decode;
use hashmill_core::build_tools;
use hashmill_core::cache::{CacheStore, OpenCache};
use hashmill_core::git::GitEnv;
use hashmill_core::{reply, Error, Time, WalkOptions, Walker};
use wasm_bindgen::prelude::*;

/// Where git looks for its global and system files (from `process.env`, see lib/git), and
/// the work tree's absolute path as the caller named it: `env` is lib/wasm's `gitEnvBytes`,
/// six fields separated by NUL (which no environment value holds), each `1` and its value
/// or `0` for none, in the order of `GitEnv`'s fields (`no_system` is there when set).
fn env_of(env: &[u8]) -> Result<GitEnv, JsError> {
    let fields: Vec<Option<Vec<u8>>> = env
        .split(|&b| b == 0)
        .map(|field| match field.split_first() {
            Some((b'1', value)) => Ok(Some(value.to_vec())),
            Some((b'0', [])) => Ok(None),
            _ => Err(JsError::new("malformed git environment")),
        })
        .collect::<Result<_, _>>()?;
    let [work_tree, home, xdg_config_home, config_global, config_system, no_system] =
        <[Option<Vec<u8>>; 6]>::try_from(fields)
            .map_err(|_| JsError::new("malformed git environment"))?;
    Ok(GitEnv {
        work_tree,
        home,
        xdg_config_home,
        config_global,
        config_system,
        no_system: no_system.is_some(),
    })
}

/// `call`'s reply through the cache saved in `saved`, for a run recording at `recorded`
/// (nanoseconds since the epoch), then the cache's new saved form.
fn with_saved(
    saved: Vec<u8>,
    recorded: i64,
    call: impl FnOnce(&OpenCache) -> Result<Vec<u8>, Error>,
) -> Result<Vec<u8>, JsError> {
    let store = CacheStore::new(saved);
    let reply = store
        .run(Time::from_nanos(i128::from(recorded)), call)
        .map_err(failure)?;
    Ok(reply::with_cache(&reply, &store))
}

/// [`with_saved`] for a call that may have no cache (then its reply alone).
fn through(
    cache: Option<Vec<u8>>,
    recorded: i64,
    call: impl FnOnce(Option<&OpenCache>) -> Result<Vec<u8>, Error>,
) -> Result<Vec<u8>, JsError> {
    match cache {
        Some(saved) => with_saved(saved, recorded, |cache| call(Some(cache))),
        None => call(None).map_err(failure),
    }
}

/// A failed call as the error JavaScript sees.
fn failure(e: Error) -> JsError {
    JsError::new(&reply::failure_text(&e))
}

/// The work tree of the repository the bridge is rooted at (hashmill-core `git::work_tree`).
#[wasm_bindgen(js_name = gitWorkTree)]
pub fn git_work_tree(
    fs: JsFs,
    env: &[u8],
    untracked: bool,
    cache: Option<Vec<u8>>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let env = env_of(env)?;
    through(cache, recorded, |cache| {
        build_tools::git_work_tree(&fs, &env, untracked, cache)
    })
}

/// The git tree of the directory the bridge is rooted at (hashmill-core `git::directory_tree`).
#[wasm_bindgen(js_name = gitDirectoryTree)]
#[allow(clippy::too_many_arguments)]
pub fn git_directory_tree(
    fs: JsFs,
    env: &[u8],
    ignore: Vec<String>,
    gitignore: bool,
    hidden: bool,
    sha256: bool,
    cache: Option<Vec<u8>>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let env = env_of(env)?;
    let options = WalkOptions {
        ignore,
        gitignore,
        hidden,
        ..WalkOptions::default()
    };
    through(cache, recorded, |cache| {
        build_tools::git_directory_tree(&fs, &env, &options, sha256, cache)
    })
}

/// Hashes the NUL-separated `paths` through the cache (hashmill-core
/// `build_tools::hash_files_with_cache`).
#[wasm_bindgen(js_name = hashFilesWithCache)]
pub fn hash_files_with_cache(
    fs: JsFs,
    spec: &[u8],
    paths: &[u8],
    cache: Vec<u8>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let spec = decode(spec)?;
    let paths: Vec<Vec<u8>> = paths.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
    with_saved(cache, recorded, |cache| {
        Ok(build_tools::hash_files_with_cache(
            &fs, &paths, &spec, cache,
        ))
    })
}

/// Walks the directory the bridge is rooted at and hashes its files through the cache
/// (hashmill-core `build_tools::hash_tree_with_cache`): the paths and the files' results.
#[wasm_bindgen(js_name = hashTreeWithCache)]
#[allow(clippy::too_many_arguments)]
pub fn hash_tree_with_cache(
    fs: JsFs,
    spec: &[u8],
    ignore: Vec<String>,
    gitignore: bool,
    hidden: bool,
    follow_symlinks: bool,
    cache: Vec<u8>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let spec = decode(spec)?;
    let options = WalkOptions {
        ignore,
        gitignore,
        hidden,
        follow_symlinks,
        skip_sizes: true,
    };
    with_saved(cache, recorded, |cache| {
        let walk = Walker::new(&fs, &options)?;
        build_tools::hash_tree_with_cache(&fs, walk, &spec, cache)
    })
}

/// Ends the run of the cache saved in `bytes` (entries not seen in `keep_runs` runs
/// dropped): its new saved form.
#[wasm_bindgen(js_name = cacheEndRun)]
pub fn cache_end_run(bytes: Vec<u8>, keep_runs: u32) -> Vec<u8> {
    CacheStore::new(bytes).end_run(u64::from(keep_runs))
}
