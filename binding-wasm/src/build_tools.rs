//! The build-tool calls in a pool worker (see the native addon's `build_tools.rs`: the same
//! calls, answered in the same core reply bytes): git work trees, git trees of directories,
//! file and directory hashing through the hash cache, over the fs bridge, and the end of a
//! cache's run.

use crate::fs_bridge::JsFs;
use crate::spec::decode;
use hashmill_core::build_tools;
use hashmill_core::cache::{HashCache, OpenCache};
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

/// A cache's bytes and the moment of this run (nanoseconds since the epoch), as the core's
/// call reads and records through them.
fn cache_of(bytes: &[u8], recorded: i64) -> OpenCache {
    OpenCache::new(bytes, Time::from_nanos(i128::from(recorded)))
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
    let cache = cache.map(|bytes| cache_of(&bytes, recorded));
    build_tools::git_work_tree(&fs, &env, untracked, cache).map_err(failure)
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
    let cache = cache.map(|bytes| cache_of(&bytes, recorded));
    build_tools::git_directory_tree(&fs, &env, &options, sha256, cache).map_err(failure)
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
    let cache = cache_of(&cache, recorded);
    Ok(build_tools::hash_files_with_cache(
        &fs, &paths, &spec, cache,
    ))
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
    let cache = cache_of(&cache, recorded);
    Walker::new(&fs, &options)
        .and_then(|walk| build_tools::hash_tree_with_cache(&fs, walk, &spec, cache))
        .map_err(failure)
}

/// The cache's bytes at the end of a run (entries not seen in `keep_runs` runs dropped),
/// after an empty reply as the other calls give them.
#[wasm_bindgen(js_name = cacheEndRun)]
pub fn cache_end_run(bytes: &[u8], keep_runs: u32) -> Vec<u8> {
    build_tools::cache_end_run(bytes, u64::from(keep_runs))
}

/// Whether `bytes` are a whole, unchanged cache this build reads.
#[wasm_bindgen(js_name = cacheValid)]
pub fn cache_valid(bytes: &[u8]) -> bool {
    HashCache::is_valid(bytes)
}
