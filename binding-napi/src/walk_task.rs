//! Directory walks on the pool: hashmill-core's walker over `std::fs`, listing directories
//! ahead on rayon's threads. The files come back as columns (NUL-separated paths, sizes).

use crate::errors::code_and_message;
use crate::task::{cancelled, CancelFlag};
use hashmill_core::{
    bytes_to_path, Entry, Error, FileDigest, Fs, HostFs, Meta, Spec, Stat, StdFs, WalkOptions,
    WalkedFile, Walker,
};
use napi::bindgen_prelude::{AsyncTask, Buffer, Float64Array, Uint8Array};
use napi::{Env, Result, Task};
use napi_derive::napi;
use std::sync::Arc;

/// A walk's result: its files (unless only the totals were asked for) and totals, or the
/// error and the relative path it happened at.
#[napi(object)]
pub struct WalkOutcome {
    /// The relative paths, NUL-separated.
    pub paths: Option<Buffer>,
    pub sizes: Option<Float64Array>,
    pub files: f64,
    pub bytes: f64,
    pub code: Option<String>,
    pub message: Option<String>,
    pub path: Option<Buffer>,
}

impl WalkOutcome {
    /// The outcome of a walk that failed with `e`.
    pub fn failed(e: &Error) -> WalkOutcome {
        let (code, message) = code_and_message(e);
        WalkOutcome {
            paths: None,
            sizes: None,
            files: 0.0,
            bytes: 0.0,
            code: Some(code),
            message: Some(message),
            path: e.path().map(|p| p.to_vec().into()),
        }
    }
}

/// `StdFs` under `root` that fails every directory read once the call is cancelled, which
/// ends a walk at the next directory (and tells the build-tool calls to stop).
pub struct CancellableFs {
    inner: StdFs,
    cancel: Option<CancelFlag>,
}

impl CancellableFs {
    /// The file system under `root`, stopping once `cancel` is set.
    pub fn new(root: &[u8], cancel: Option<CancelFlag>) -> CancellableFs {
        CancellableFs {
            inner: StdFs::new(bytes_to_path(root)),
            cancel,
        }
    }
}

impl Fs for CancellableFs {
    fn read_dir(&self, dir: &[u8], sizes: bool) -> std::result::Result<Vec<Entry>, Error> {
        if cancelled(self.cancel.as_ref()) {
            return Err(Error::cancelled());
        }
        self.inner.read_dir(dir, sizes)
    }
    fn stat(&self, path: &[u8]) -> std::result::Result<Stat, Error> {
        self.inner.stat(path)
    }
    fn read_file(&self, path: &[u8]) -> std::result::Result<Vec<u8>, Error> {
        self.inner.read_file(path)
    }
}

impl HostFs for CancellableFs {
    fn metadata(&self, path: &[u8], follow: bool) -> std::result::Result<Meta, Error> {
        self.inner.metadata(path, follow)
    }
    fn metadata_in(&self, dir: &[u8], names: &[&[u8]]) -> Vec<std::result::Result<Meta, Error>> {
        self.inner.metadata_in(dir, names)
    }
    fn read_link(&self, path: &[u8]) -> std::result::Result<Vec<u8>, Error> {
        self.inner.read_link(path)
    }
    fn real_path(&self, path: &[u8]) -> std::result::Result<Vec<u8>, Error> {
        self.inner.real_path(path)
    }
    fn read_range(
        &self,
        path: &[u8],
        offset: u64,
        len: usize,
    ) -> std::result::Result<Vec<u8>, Error> {
        self.inner.read_range(path, offset, len)
    }
    fn hash_file(&self, path: &[u8], spec: &Spec) -> std::result::Result<FileDigest, Error> {
        self.inner.hash_file(path, spec)
    }
    fn cancelled(&self) -> bool {
        cancelled(self.cancel.as_ref())
    }
}

/// A walk of `root`, listing ahead on the pool.
pub fn start_walk(
    root: &[u8],
    options: &WalkOptions,
    cancel: Option<CancelFlag>,
) -> std::result::Result<Walker<CancellableFs>, Error> {
    let fs = CancellableFs::new(root, cancel);
    let spawn: hashmill_core::Spawner = Arc::new(|job| crate::pool::pool().spawn(job));
    Ok(Walker::new(fs, options)?.prefetch(spawn))
}

/// What a walk includes, as `lib/files/options.js` validated it.
#[napi(object)]
pub struct WalkSettings {
    pub ignore: Vec<String>,
    pub gitignore: bool,
    pub hidden: bool,
    pub follow_symlinks: bool,
}

impl WalkSettings {
    /// The core's options; `skip_sizes` when the caller learns sizes otherwise.
    pub fn options(self, skip_sizes: bool) -> WalkOptions {
        WalkOptions {
            ignore: self.ignore,
            gitignore: self.gitignore,
            hidden: self.hidden,
            follow_symlinks: self.follow_symlinks,
            skip_sizes,
        }
    }
}

/// Lists the files under a directory (or only counts them).
pub struct WalkTask {
    root: Uint8Array,
    options: WalkOptions,
    totals_only: bool,
    cancel: Option<CancelFlag>,
}

impl Task for WalkTask {
    type Output = std::result::Result<(Vec<WalkedFile>, f64, f64), Error>;
    type JsValue = WalkOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        let walk = || {
            let mut files = Vec::new();
            let (mut count, mut bytes) = (0.0, 0.0);
            for file in start_walk(&self.root, &self.options, self.cancel.clone())? {
                let file = file?;
                count += 1.0;
                bytes += file.size as f64;
                if !self.totals_only {
                    files.push(file);
                }
            }
            Ok((files, count, bytes))
        };
        Ok(walk())
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(match output {
            Ok((files, count, bytes)) => {
                let sizes: Vec<f64> = files.iter().map(|f| f.size as f64).collect();
                let mut paths = Vec::new();
                for (i, file) in files.iter().enumerate() {
                    if i > 0 {
                        paths.push(0);
                    }
                    paths.extend_from_slice(&file.path);
                }
                WalkOutcome {
                    paths: Some(paths.into()),
                    sizes: Some(sizes.into()),
                    files: count,
                    bytes,
                    code: None,
                    message: None,
                    path: None,
                }
            }
            Err(e) => WalkOutcome::failed(&e),
        })
    }
}

/// Walks `root` (bytes) on the pool: its files and totals, or with `totals_only` the totals.
#[napi(ts_return_type = "Promise<WalkOutcome>")]
pub fn walk_directory(
    root: Uint8Array,
    settings: WalkSettings,
    totals_only: bool,
    cancel: Option<&CancelFlag>,
) -> AsyncTask<WalkTask> {
    AsyncTask::new(WalkTask {
        root,
        cancel: cancel.cloned(),
        totals_only,
        options: settings.options(false),
    })
}
