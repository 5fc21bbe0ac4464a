//! Directory walks on the pool, with hashmill-core's walker over `std::fs`.

use crate::errors::code_and_message;
use crate::task::{cancelled, CancelFlag};
use hashmill_core::{bytes_to_path, walk, Entry, Error, Fs, Stat, StdFs, WalkOptions, WalkedFile};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint8Array};
use napi::{Env, Result, Task};
use napi_derive::napi;

/// A file found by a walk: its path relative to the root (bytes) and size.
#[napi(object)]
pub struct WalkEntry {
    pub path: Buffer,
    pub size: f64,
}

/// A walk's result: the files, or the error and the relative path it happened at (for a
/// bad pattern, the pattern).
#[napi(object)]
pub struct WalkOutcome {
    pub files: Option<Vec<WalkEntry>>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub path: Option<Buffer>,
}

impl From<std::result::Result<Vec<WalkedFile>, Error>> for WalkOutcome {
    fn from(result: std::result::Result<Vec<WalkedFile>, Error>) -> Self {
        match result {
            Ok(files) => WalkOutcome {
                files: Some(
                    files
                        .into_iter()
                        .map(|f| WalkEntry {
                            path: f.path.into(),
                            size: f.size as f64,
                        })
                        .collect(),
                ),
                code: None,
                message: None,
                path: None,
            },
            Err(e) => {
                let (code, message) = code_and_message(&e);
                WalkOutcome {
                    files: None,
                    path: e.path().map(|p| p.to_vec().into()),
                    code: Some(code),
                    message: Some(message),
                }
            }
        }
    }
}

/// `StdFs` that fails every directory read once the call is cancelled, which ends the
/// walk at the next directory.
struct CancellableFs<'a> {
    inner: StdFs,
    cancel: Option<&'a CancelFlag>,
}

impl Fs for CancellableFs<'_> {
    fn read_dir(&mut self, dir: &[u8]) -> std::result::Result<Vec<Entry>, Error> {
        if cancelled(self.cancel) {
            return Err(Error::cancelled());
        }
        self.inner.read_dir(dir)
    }
    fn stat(&mut self, path: &[u8]) -> std::result::Result<Stat, Error> {
        self.inner.stat(path)
    }
    fn read_file(&mut self, path: &[u8]) -> std::result::Result<Vec<u8>, Error> {
        self.inner.read_file(path)
    }
}

/// Lists the files under a directory.
pub struct WalkTask {
    root: Uint8Array,
    options: WalkOptions,
    cancel: Option<CancelFlag>,
}

impl Task for WalkTask {
    type Output = std::result::Result<Vec<WalkedFile>, Error>;
    type JsValue = WalkOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut fs = CancellableFs {
            inner: StdFs::new(bytes_to_path(&self.root)),
            cancel: self.cancel.as_ref(),
        };
        Ok(walk(&mut fs, &self.options))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }
}

/// Walks `root` (bytes) on the pool.
#[napi(ts_return_type = "Promise<WalkOutcome>")]
pub fn walk_directory(
    root: Uint8Array,
    ignore: Vec<String>,
    gitignore: bool,
    hidden: bool,
    follow_symlinks: bool,
    cancel: Option<&CancelFlag>,
) -> AsyncTask<WalkTask> {
    AsyncTask::new(WalkTask {
        root,
        cancel: cancel.cloned(),
        options: WalkOptions {
            ignore,
            gitignore,
            hidden,
            follow_symlinks,
        },
    })
}
