//! The build-tool calls in a pool worker (see the native addon's `build_tools.rs`: the same
//! calls, answered in the same core reply bytes): git work trees, git trees of directories,
//! file and directory hashing through the hash cache, over the fs bridge, and the end of a
//! cache's run.

use crate::fs_bridge::JsFs;
use crate::spec::decode;
use hashmill_core::cache::{hash_files_cached, hash_walk_cached, HashCache};
use hashmill_core::git::{directory_tree, work_tree, GitCache, GitEnv};
use hashmill_core::{reply, Error, Time, WalkOptions, Walker};
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

/// Where git looks for its global and system files (from `process.env`, see lib/git), and
/// the work tree's absolute path as the caller named it.
fn env_of(
    named_work_tree: Option<Vec<u8>>,
    home: Option<Vec<u8>>,
    xdg: Option<Vec<u8>>,
    global: Option<Vec<u8>>,
    system: Option<Vec<u8>>,
    no_system: bool,
) -> GitEnv {
    GitEnv {
        work_tree: named_work_tree,
        home,
        xdg_config_home: xdg,
        config_global: global,
        config_system: system,
        no_system,
    }
}

/// A cache's bytes and the moment of this run (nanoseconds since the epoch).
fn cache_of(bytes: Option<Vec<u8>>, recorded: i64) -> Option<(Mutex<HashCache>, Time)> {
    bytes.map(|b| {
        (
            Mutex::new(HashCache::from_bytes(&b)),
            Time::from_nanos(i128::from(recorded)),
        )
    })
}

/// The reply, with the cache's new bytes after it when there is a cache.
fn answer(
    result: Result<Vec<u8>, Error>,
    cache: Option<(Mutex<HashCache>, Time)>,
) -> Result<Vec<u8>, JsError> {
    let reply = result.map_err(|e| JsError::new(&reply::failure_text(&e)))?;
    Ok(match cache {
        Some((cache, _)) => reply::with_cache(
            &reply,
            &cache
                .into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .to_bytes(),
        ),
        None => reply,
    })
}

/// The work tree of the repository the bridge is rooted at (hashmill-core `git::work_tree`).
#[wasm_bindgen(js_name = gitWorkTree)]
#[allow(clippy::too_many_arguments)]
pub fn git_work_tree(
    fs: JsFs,
    named_work_tree: Option<Vec<u8>>,
    home: Option<Vec<u8>>,
    xdg: Option<Vec<u8>>,
    global: Option<Vec<u8>>,
    system: Option<Vec<u8>>,
    no_system: bool,
    untracked: bool,
    cache: Option<Vec<u8>>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let env = env_of(named_work_tree, home, xdg, global, system, no_system);
    let cache = cache_of(cache, recorded);
    let git_cache = cache.as_ref().map(|(cache, recorded)| GitCache {
        cache,
        recorded: *recorded,
    });
    let result =
        work_tree(&fs, &env, untracked, git_cache.as_ref()).map(|tree| reply::work_tree(&tree));
    answer(result, cache)
}

/// The git tree of the directory the bridge is rooted at (hashmill-core `git::directory_tree`).
#[wasm_bindgen(js_name = gitDirectoryTree)]
#[allow(clippy::too_many_arguments)]
pub fn git_directory_tree(
    fs: JsFs,
    named_work_tree: Option<Vec<u8>>,
    home: Option<Vec<u8>>,
    xdg: Option<Vec<u8>>,
    global: Option<Vec<u8>>,
    system: Option<Vec<u8>>,
    no_system: bool,
    ignore: Vec<String>,
    gitignore: bool,
    hidden: bool,
    sha256: bool,
    cache: Option<Vec<u8>>,
    recorded: i64,
) -> Result<Vec<u8>, JsError> {
    let env = env_of(named_work_tree, home, xdg, global, system, no_system);
    let options = WalkOptions {
        ignore,
        gitignore,
        hidden,
        ..WalkOptions::default()
    };
    let cache = cache_of(cache, recorded);
    let git_cache = cache.as_ref().map(|(cache, recorded)| GitCache {
        cache,
        recorded: *recorded,
    });
    let result = directory_tree(&fs, &env, &options, sha256, git_cache.as_ref())
        .map(|tree| reply::dir_tree(&tree));
    answer(result, cache)
}

/// Hashes the NUL-separated `paths` through the cache (hashmill-core `cache::hash_files_cached`).
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
    let cache = cache_of(Some(cache), recorded);
    let (entries, time) = cache.as_ref().expect("a cache was given");
    let result = Ok(reply::files(&hash_files_cached(
        &fs, &paths, &spec, entries, *time,
    )));
    answer(result, cache)
}

/// Walks the directory the bridge is rooted at and hashes its files through the cache
/// (hashmill-core `cache::hash_walk_cached`): the paths and the files' results.
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
    let cache = cache_of(Some(cache), recorded);
    let (entries, time) = cache.as_ref().expect("a cache was given");
    let result = Walker::new(&fs, &options)
        .and_then(|walk| hash_walk_cached(&fs, walk, &spec, entries, *time))
        .map(|(paths, results)| reply::tree_files(&paths, &results, &spec));
    answer(result, cache)
}

/// The cache's bytes at the end of a run (entries not seen in `keep_runs` runs dropped),
/// after an empty reply as the other calls give them.
#[wasm_bindgen(js_name = cacheEndRun)]
pub fn cache_end_run(bytes: &[u8], keep_runs: u32) -> Vec<u8> {
    let mut cache = HashCache::from_bytes(bytes);
    cache.end_run(u64::from(keep_runs));
    reply::with_cache(&[], &cache.to_bytes())
}

/// Whether `bytes` are a whole, unchanged cache this build reads.
#[wasm_bindgen(js_name = cacheValid)]
pub fn cache_valid(bytes: &[u8]) -> bool {
    HashCache::is_valid(bytes)
}
