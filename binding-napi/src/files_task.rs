//! Files and many files, hashed off the main thread on the rayon pool (or, for
//! `hashFileSync`, on the calling thread). Paths cross as bytes, several NUL-separated in one
//! buffer, so non-UTF-8 names survive; results come back as one outcome per path.

use crate::errors::code_and_message;
use crate::progress::{FileProgress, Watch};
use crate::spec::decode;
use crate::task::CancelFlag;
use hashmill_core::{bytes_to_path, hash_file, FileDigest, FileOptions, Spec, Unobserved};
use napi::bindgen_prelude::{AsyncTask, Buffer, BufferSlice, Either, Uint8Array, Uint8ArraySlice};
use napi::{Env, Result, Task};
use napi_derive::napi;
use rayon::prelude::*;

type FileResult = std::result::Result<FileDigest, hashmill_core::Error>;

/// One file's result: its size and digest, or the core's error code and message.
#[napi(object)]
pub struct FileOutcome {
    pub size: Option<f64>,
    pub digest: Option<Buffer>,
    /// `ENOENT`, `EACCES`, ..., or a code the core mints (`ECHANGED`, `ECANCELED`).
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Why a file could not be hashed: the core's error code and message.
#[napi(object)]
pub struct FileFailure {
    pub code: String,
    pub message: String,
}

impl From<FileResult> for FileOutcome {
    fn from(result: FileResult) -> Self {
        match result {
            Ok(d) => FileOutcome {
                size: Some(d.size as f64),
                digest: Some(d.digest.into()),
                code: None,
                message: None,
            },
            Err(e) => {
                let (code, message) = code_and_message(&e);
                FileOutcome {
                    size: None,
                    digest: None,
                    code: Some(code),
                    message: Some(message),
                }
            }
        }
    }
}

/// Hashes each NUL-separated path of `paths`, in parallel across files.
pub struct FilesTask {
    spec: Spec,
    paths: Uint8Array,
    options: FileOptions,
    watch: Watch,
}

impl Task for FilesTask {
    type Output = Vec<FileResult>;
    type JsValue = Vec<FileOutcome>;

    fn compute(&mut self) -> Result<Self::Output> {
        let paths: Vec<&[u8]> = self.paths.split(|&b| b == 0).collect();
        let Self {
            spec,
            options,
            watch,
            ..
        } = &*self;
        Ok(crate::pool::pool().install(|| {
            paths
                .par_iter()
                .map(|path| {
                    let result = hash_file(&bytes_to_path(path), spec, options, watch);
                    watch.file_done();
                    result
                })
                .collect()
        }))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into_iter().map(FileOutcome::from).collect())
    }
}

/// Hashes files given as NUL-separated paths in one buffer; resolves with one outcome each.
#[napi(ts_return_type = "Promise<FileOutcome[]>")]
pub fn hash_files(
    spec: Uint8ArraySlice,
    paths: Uint8Array,
    mmap: bool,
    cancel: Option<&CancelFlag>,
    progress: Option<&FileProgress>,
) -> Result<AsyncTask<FilesTask>> {
    Ok(AsyncTask::new(FilesTask {
        spec: decode(&spec)?,
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

/// Hashes one file on the calling thread: its digest (copied into a buffer V8 owns, as
/// `hash_sync`'s), or why it failed.
#[napi]
pub fn hash_file_sync<'env>(
    env: &'env Env,
    spec: Uint8ArraySlice,
    path: Uint8ArraySlice,
    mmap: bool,
) -> Result<Either<BufferSlice<'env>, FileFailure>> {
    let options = FileOptions {
        mmap,
        parallel: false,
    };
    match hash_file(
        &bytes_to_path(&path),
        &decode(&spec)?,
        &options,
        &Unobserved,
    ) {
        Ok(done) => Ok(Either::A(BufferSlice::copy_from(env, done.digest)?)),
        Err(e) => {
            let (code, message) = code_and_message(&e);
            Ok(Either::B(FileFailure { code, message }))
        }
    }
}
