//! Files, many files and directory walks, off the main thread on the rayon pool.
//!
//! Results come back as plain outcomes (`{ size, digest }` or `{ code, message }`) and
//! `lib/` turns failures into errors, so both backends word them the same way. Paths
//! cross as bytes (several NUL-separated in one buffer) so non-UTF-8 names survive.

use crate::args::{spec, spec_error};
use crate::task::CancelFlag;
use hashmill_core::{
    bytes_to_path, hash_file, walk, Entry, FileError, FileOptions, Fs, FsError, Observer, Spec,
    Stat, StdFs, WalkError, WalkOptions,
};
use napi::bindgen_prelude::{AsyncTask, BigInt, Buffer, Uint8Array, Uint8ArraySlice};
use napi::{Env, Result, Task};
use napi_derive::napi;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Counters that running work adds to and JavaScript polls for `onProgress`.
#[napi]
#[derive(Clone, Default)]
pub struct FileProgress(Arc<[AtomicU64; 2]>);

#[napi]
impl FileProgress {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// `[bytesDone, filesDone]`.
    #[napi]
    pub fn read(&self) -> Vec<f64> {
        self.0
            .iter()
            .map(|c| c.load(Ordering::Relaxed) as f64)
            .collect()
    }
}

/// Progress and cancellation for one call.
struct Watch {
    progress: Option<FileProgress>,
    cancel: Option<CancelFlag>,
}

impl Watch {
    fn file_done(&self) {
        if let Some(p) = &self.progress {
            p.0[1].fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Observer for Watch {
    fn progress(&self, bytes: u64) {
        if let Some(p) = &self.progress {
            p.0[0].fetch_add(bytes, Ordering::Relaxed);
        }
    }
    fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelFlag::is_set)
    }
}

/// One file's result: a digest, or the OS error code and message.
#[napi(object)]
pub struct FileOutcome {
    pub size: Option<f64>,
    pub digest: Option<Buffer>,
    /// `ENOENT`, `EACCES`, ..., `ECHANGED` (size changed while hashing), `ECANCELED`.
    pub code: Option<String>,
    pub message: Option<String>,
}

fn outcome(
    result: std::result::Result<hashmill_core::FileDigest, FileError>,
) -> Result<FileOutcome> {
    let fail = |code: &str, message: String| FileOutcome {
        size: None,
        digest: None,
        code: Some(code.to_owned()),
        message: Some(message),
    };
    Ok(match result {
        Ok(d) => FileOutcome {
            size: Some(d.size as f64),
            digest: Some(d.digest.into()),
            code: None,
            message: None,
        },
        Err(FileError::Io { code, message }) => fail(code, message),
        Err(FileError::Changed { before, after }) => fail(
            "ECHANGED",
            format!("file changed size while it was hashed ({before} bytes, then {after})"),
        ),
        Err(FileError::Cancelled) => fail("ECANCELED", "cancelled".into()),
        Err(FileError::Spec(e)) => return Err(spec_error(e)),
    })
}

/// Hashes each NUL-separated path of `paths`, in parallel across files.
pub struct FilesTask {
    spec: Spec,
    output_length: usize,
    paths: Uint8Array,
    options: FileOptions,
    watch: Watch,
}

impl Task for FilesTask {
    type Output = Vec<std::result::Result<hashmill_core::FileDigest, FileError>>;
    type JsValue = Vec<FileOutcome>;

    fn compute(&mut self) -> Result<Self::Output> {
        let paths: Vec<&[u8]> = self.paths.split(|&b| b == 0).collect();
        let Self {
            spec,
            output_length,
            options,
            watch,
            ..
        } = &*self;
        Ok(crate::pool::pool().install(|| {
            paths
                .par_iter()
                .map(|path| {
                    let result =
                        hash_file(&bytes_to_path(path), spec, *output_length, options, watch);
                    watch.file_done();
                    result
                })
                .collect()
        }))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        output.into_iter().map(outcome).collect()
    }
}

/// Hashes files given as NUL-separated paths in one buffer; resolves with one outcome each.
#[napi(ts_return_type = "Promise<FileOutcome[]>")]
#[allow(clippy::too_many_arguments)]
pub fn hash_files(
    paths: Uint8Array,
    algorithm: u32,
    output_length: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
    mmap: bool,
    cancel: Option<&CancelFlag>,
    progress: Option<&FileProgress>,
) -> Result<AsyncTask<FilesTask>> {
    let spec = spec(algorithm, seed, key, context)?;
    spec.check_output_len(output_length as usize)
        .map_err(spec_error)?;
    Ok(AsyncTask::new(FilesTask {
        spec,
        output_length: output_length as usize,
        paths,
        options: FileOptions {
            mmap,
            parallel: true,
        },
        watch: Watch {
            progress: progress.cloned(),
            cancel: cancel.cloned(),
        },
    }))
}

/// Hashes one file on the calling thread.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn hash_file_sync(
    path: Uint8ArraySlice,
    algorithm: u32,
    output_length: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
    mmap: bool,
) -> Result<FileOutcome> {
    let spec = spec(algorithm, seed, key, context)?;
    let watch = Watch {
        progress: None,
        cancel: None,
    };
    let options = FileOptions {
        mmap,
        parallel: false,
    };
    outcome(hash_file(
        &bytes_to_path(&path),
        &spec,
        output_length as usize,
        &options,
        &watch,
    ))
}

/// A file found by a walk: its path relative to the root (bytes) and size.
#[napi(object)]
pub struct WalkEntry {
    pub path: Buffer,
    pub size: f64,
}

/// A walk's result: the files, or the error and the relative path it happened at.
#[napi(object)]
pub struct WalkOutcome {
    pub files: Option<Vec<WalkEntry>>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub path: Option<Buffer>,
}

/// Lists the files under a directory with hashmill-core's walker.
pub struct WalkTask {
    root: Uint8Array,
    options: WalkOptions,
    cancel: Option<CancelFlag>,
}

/// `StdFs` that fails every directory read with ECANCELED once the call is cancelled,
/// which ends the walk at the next directory.
struct CancellableFs<'a> {
    inner: StdFs,
    cancel: Option<&'a CancelFlag>,
}

impl Fs for CancellableFs<'_> {
    fn read_dir(&mut self, dir: &[u8]) -> std::result::Result<Vec<Entry>, FsError> {
        if self.cancel.is_some_and(CancelFlag::is_set) {
            return Err(FsError {
                code: "ECANCELED".into(),
                message: "cancelled".into(),
            });
        }
        self.inner.read_dir(dir)
    }
    fn stat(&mut self, path: &[u8]) -> std::result::Result<Stat, FsError> {
        self.inner.stat(path)
    }
    fn read_file(&mut self, path: &[u8]) -> std::result::Result<Option<Vec<u8>>, FsError> {
        self.inner.read_file(path)
    }
}

impl Task for WalkTask {
    type Output = std::result::Result<Vec<hashmill_core::WalkedFile>, WalkError>;
    type JsValue = WalkOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut fs = CancellableFs {
            inner: StdFs::new(bytes_to_path(&self.root)),
            cancel: self.cancel.as_ref(),
        };
        Ok(walk(&mut fs, &self.options))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        let empty = WalkOutcome {
            files: None,
            code: None,
            message: None,
            path: None,
        };
        Ok(match output {
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
                ..empty
            },
            Err(WalkError::Io(path, e)) => WalkOutcome {
                code: Some(e.code),
                message: Some(e.message),
                path: Some(path.into()),
                ..empty
            },
            Err(WalkError::Pattern(pattern, message)) => WalkOutcome {
                code: Some("EPATTERN".into()),
                message: Some(message),
                path: Some(pattern.into_bytes().into()),
                ..empty
            },
        })
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

/// The coreutils manifest of NUL-separated relative `paths` and their hex `digests`.
#[napi]
pub fn build_manifest(paths: Uint8ArraySlice, digests: Vec<String>) -> Buffer {
    let names = paths.split(|&b| b == 0);
    hashmill_core::tree::build(names.zip(digests.iter().map(String::as_str))).into()
}
