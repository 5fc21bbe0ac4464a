//! The build-tool calls on the pool: git work trees, git trees of directories, file and
//! directory hashing through the hash cache, and the end of a cache's run. Each is one
//! core call over `std::fs` (the core's `HostFs`), answered in the core's reply bytes
//! (`hashmill_core::reply`), which lib/ decodes for both backends alike. A hash cache is a
//! `CacheStore` JavaScript holds (hashmill-core's, kept between calls): its saved form is
//! read when a call first needs it and written when it is saved, on the pool, never on the
//! JavaScript thread.

use crate::spec::decode;
use crate::task::CancelFlag;
use crate::walk_task::{start_walk, CancellableFs, WalkSettings};
use hashmill_core::build_tools;
use hashmill_core::git::GitEnv;
use hashmill_core::{reply, Spec, Time};
use napi::bindgen_prelude::{AsyncTask, BigInt, Buffer};
use napi::{Env, Result, Task};
use napi_derive::napi;
use std::sync::Arc;

/// Where git looks for its global and system files (from `process.env`, see lib/git), and
/// the work tree's absolute path as the caller named it.
#[napi(object)]
pub struct GitEnvironment {
    pub work_tree: Option<Buffer>,
    pub home: Option<Buffer>,
    pub xdg_config_home: Option<Buffer>,
    pub config_global: Option<Buffer>,
    pub config_system: Option<Buffer>,
    pub no_system: bool,
}

impl From<GitEnvironment> for GitEnv {
    fn from(env: GitEnvironment) -> GitEnv {
        let bytes = |b: Option<Buffer>| b.map(|b| b.to_vec());
        GitEnv {
            work_tree: bytes(env.work_tree),
            home: bytes(env.home),
            xdg_config_home: bytes(env.xdg_config_home),
            config_global: bytes(env.config_global),
            config_system: bytes(env.config_system),
            no_system: env.no_system,
        }
    }
}

/// A hash cache kept between calls (`openHashCache`'s, see lib/build-tools/cache.js).
#[napi]
pub struct CacheStore(Arc<hashmill_core::cache::CacheStore>);

#[napi]
impl CacheStore {
    /// The cache saved in `saved` (read on the pool when a call first needs it).
    #[napi(constructor)]
    pub fn new(saved: Buffer) -> CacheStore {
        CacheStore(Arc::new(hashmill_core::cache::CacheStore::new(
            saved.to_vec(),
        )))
    }
}

/// A cache and the moment of this run.
type RunCache = (Arc<hashmill_core::cache::CacheStore>, Time);

/// The moment JavaScript passes as nanoseconds since the epoch.
fn time_of(recorded: BigInt) -> Time {
    let (negative, nanos, _) = recorded.get_u128();
    let nanos = if negative {
        -(nanos as i128)
    } else {
        nanos as i128
    };
    Time::from_nanos(nanos)
}

/// The cache of a call that may have none.
fn cache_of(store: Option<&CacheStore>, recorded: Option<BigInt>) -> Option<RunCache> {
    Some((store?.0.clone(), time_of(recorded?)))
}

/// `call` through the cache, if any ([`build_tools::with_store`]).
fn through<T>(
    cache: &Option<RunCache>,
    call: impl FnOnce(Option<&hashmill_core::cache::OpenCache>) -> T,
) -> T {
    let (store, recorded) = cache
        .as_ref()
        .map_or((None, Time::default()), |(store, recorded)| {
            (Some(&**store), *recorded)
        });
    build_tools::with_store(store, recorded, call)
}

/// What a task computes.
enum Job {
    GitStatus {
        env: GitEnv,
        untracked: bool,
        cache: Option<RunCache>,
    },
    DirTree {
        env: GitEnv,
        settings: hashmill_core::WalkOptions,
        sha256: bool,
        cache: Option<RunCache>,
    },
    Files {
        spec: Spec,
        paths: Vec<Vec<u8>>,
        cache: RunCache,
    },
    Tree {
        spec: Spec,
        options: hashmill_core::WalkOptions,
        cache: RunCache,
    },
    EndRun {
        store: Arc<hashmill_core::cache::CacheStore>,
        keep_runs: u64,
    },
}

/// One build-tool call on the pool.
pub struct BuildToolTask {
    root: Vec<u8>,
    work: Job,
    cancel: Option<CancelFlag>,
}

impl Task for BuildToolTask {
    type Output = Vec<u8>;
    type JsValue = Buffer;

    fn compute(&mut self) -> Result<Self::Output> {
        let host = CancellableFs::new(&self.root, self.cancel.clone());
        let answer = crate::pool::pool().install(|| match &self.work {
            Job::GitStatus {
                env,
                untracked,
                cache,
            } => through(cache, |cache| {
                build_tools::git_work_tree(&host, env, *untracked, cache)
            }),
            Job::DirTree {
                env,
                settings,
                sha256,
                cache,
            } => through(cache, |cache| {
                build_tools::git_directory_tree(&host, env, settings, *sha256, cache)
            }),
            Job::Files {
                spec,
                paths,
                cache: (store, recorded),
            } => Ok(store.run(*recorded, |cache| {
                build_tools::hash_files_with_cache(&host, paths, spec, cache)
            })),
            Job::Tree {
                spec,
                options,
                cache: (store, recorded),
            } => start_walk(&self.root, options, self.cancel.clone()).and_then(|walk| {
                store.run(*recorded, |cache| {
                    build_tools::hash_tree_with_cache(&host, walk, spec, cache)
                })
            }),
            Job::EndRun { store, keep_runs } => Ok(store.end_run(*keep_runs)),
        });
        answer.map_err(|e| napi::Error::new(napi::Status::GenericFailure, reply::failure_text(&e)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }
}

fn start(root: &[u8], work: Job, cancel: Option<&CancelFlag>) -> AsyncTask<BuildToolTask> {
    AsyncTask::new(BuildToolTask {
        root: root.to_vec(),
        work,
        cancel: cancel.cloned(),
    })
}

/// The work tree of the repository at `root` against its index (see hashmill-core
/// `git::work_tree`); resolves with the core's reply bytes.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn git_work_tree(
    root: Buffer,
    env: GitEnvironment,
    untracked: bool,
    cache: Option<&CacheStore>,
    recorded: Option<BigInt>,
    cancel: Option<&CancelFlag>,
) -> AsyncTask<BuildToolTask> {
    let work = Job::GitStatus {
        env: env.into(),
        untracked,
        cache: cache_of(cache, recorded),
    };
    start(&root, work, cancel)
}

/// The git tree of the directory `root` (see hashmill-core `git::directory_tree`).
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn git_directory_tree(
    root: Buffer,
    env: GitEnvironment,
    settings: WalkSettings,
    sha256: bool,
    cache: Option<&CacheStore>,
    recorded: Option<BigInt>,
    cancel: Option<&CancelFlag>,
) -> AsyncTask<BuildToolTask> {
    let work = Job::DirTree {
        env: env.into(),
        settings: settings.options(true),
        sha256,
        cache: cache_of(cache, recorded),
    };
    start(&root, work, cancel)
}

/// Hashes the NUL-separated `paths` through the cache (see hashmill-core
/// `build_tools::hash_files_with_cache`).
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn hash_files_with_cache(
    spec: Buffer,
    paths: Buffer,
    cache: &CacheStore,
    recorded: BigInt,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<BuildToolTask>> {
    let paths = paths.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
    let work = Job::Files {
        spec: decode(&spec)?,
        paths,
        cache: (cache.0.clone(), time_of(recorded)),
    };
    Ok(start(b"", work, cancel))
}

/// Walks `root` and hashes its files through the cache (see hashmill-core
/// `build_tools::hash_tree_with_cache`): the paths and the files' results.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn hash_tree_with_cache(
    root: Buffer,
    spec: Buffer,
    settings: WalkSettings,
    cache: &CacheStore,
    recorded: BigInt,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<BuildToolTask>> {
    let work = Job::Tree {
        spec: decode(&spec)?,
        options: settings.options(true),
        cache: (cache.0.clone(), time_of(recorded)),
    };
    Ok(start(&root, work, cancel))
}

/// Ends the cache's run (entries not seen in `keep_runs` runs dropped): resolves with its
/// saved form, to write to its file.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn cache_end_run(store: &CacheStore, keep_runs: u32) -> AsyncTask<BuildToolTask> {
    let work = Job::EndRun {
        store: store.0.clone(),
        keep_runs: u64::from(keep_runs),
    };
    start(b"", work, None)
}
