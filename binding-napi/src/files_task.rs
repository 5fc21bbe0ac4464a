//! Files and many files, hashed off the main thread on the rayon pool (or, for
//! `hashFileSync` and `hashFilesSync`, on the calling thread). Paths cross as bytes,
//! several NUL-separated in one buffer, so non-UTF-8 names survive; results come back as
//! columns (one buffer of digests, one array of sizes, and the failures), not as one object
//! per file: creating JS objects through Node-API costs more than hashing a small file.

use crate::errors::code_and_message;
use crate::progress::{FileProgress, Watch};
use crate::spec::decode;
use crate::task::CancelFlag;
use hashmill_core::{
    bytes_to_path, hash_file, hash_file_in, Directory, FileDigest, FileOptions, Spec, Unobserved,
};
use napi::bindgen_prelude::{
    AsyncTask, Buffer, BufferSlice, Either, Float64Array, Uint8Array, Uint8ArraySlice,
};
use napi::{Env, Result, Task};
use napi_derive::napi;
use rayon::prelude::*;

pub type FileResult = std::result::Result<FileDigest, hashmill_core::Error>;

/// Why a file could not be hashed: the core's error code and message (and, in a batch,
/// which file).
#[napi(object)]
pub struct FileFailure {
    pub index: u32,
    pub code: String,
    pub message: String,
}

/// The results of hashing several files, in input order.
#[napi(object)]
pub struct FilesOutcome {
    /// Each file's size (0 where it failed).
    pub sizes: Float64Array,
    /// Each file's digest, `output_len` bytes each, concatenated (zeros where it failed).
    pub digests: Buffer,
    pub failures: Vec<FileFailure>,
}

impl FilesOutcome {
    /// The columns of `results`, digests of `output_len` bytes.
    pub fn of(results: Vec<FileResult>, output_len: usize) -> FilesOutcome {
        let mut sizes = Vec::with_capacity(results.len());
        let mut digests = vec![0; results.len() * output_len];
        let mut failures = Vec::new();
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(done) => {
                    sizes.push(done.size as f64);
                    digests[i * output_len..(i + 1) * output_len].copy_from_slice(&done.digest);
                }
                Err(e) => {
                    sizes.push(0.0);
                    let (code, message) = code_and_message(&e);
                    failures.push(FileFailure {
                        index: i as u32,
                        code,
                        message,
                    });
                }
            }
        }
        FilesOutcome {
            sizes: sizes.into(),
            digests: digests.into(),
            failures,
        }
    }
}

/// Hashes `paths` in parallel on the pool (in the current rayon scope), in order.
pub fn hash_in_parallel(paths: &[&[u8]], spec: &Spec, watch: &Watch) -> Vec<FileResult> {
    let options = FileOptions {
        mmap: watch.mmap,
        parallel: true,
    };
    paths
        .par_iter()
        .map(|path| {
            let result = hash_file(&bytes_to_path(path), spec, &options, watch);
            watch.file_done();
            result
        })
        .collect()
}

/// Directories a tree batch holds open at once (its files are hashed a group at a time).
const OPEN_DIRECTORIES: usize = 16;

/// Hashes the files of a tree at `relative` paths under `root`, in parallel, each opened by
/// name in its directory; consecutive files share directories, and a batch holds at most
/// [`OPEN_DIRECTORIES`] of them open at once.
pub fn hash_tree_files(
    root: &[u8],
    relative: &[Vec<u8>],
    spec: &Spec,
    watch: &Watch,
) -> Vec<FileResult> {
    let options = FileOptions {
        mmap: watch.mmap,
        parallel: true,
    };
    let split: Vec<(&[u8], &[u8])> = relative
        .iter()
        .map(|path| match path.iter().rposition(|&b| b == b'/') {
            Some(at) => (&path[..at], &path[at + 1..]),
            None => (&path[..0], &path[..]),
        })
        .collect();
    let mut results = Vec::with_capacity(relative.len());
    let mut start = 0;
    while start < split.len() {
        // The next group: the files of the next OPEN_DIRECTORIES directories, each opened once.
        let mut dirs: Vec<(&[u8], std::result::Result<Directory, hashmill_core::Error>)> =
            Vec::new();
        let mut entries = Vec::new();
        for &(dir, name) in &split[start..] {
            if dirs.last().is_none_or(|(last, _)| *last != dir) {
                if dirs.len() == OPEN_DIRECTORIES {
                    break;
                }
                let full = if dir.is_empty() {
                    root.to_vec()
                } else {
                    [root, b"/", dir].concat()
                };
                dirs.push((dir, Directory::open(&bytes_to_path(&full))));
            }
            entries.push((dirs.len() - 1, name));
        }
        start += entries.len();
        results.par_extend(entries.par_iter().map(|&(dir, name)| {
            let result = match &dirs[dir].1 {
                Ok(directory) => hash_file_in(directory, name, spec, &options, watch),
                Err(e) => Err(e.clone()),
            };
            watch.file_done();
            result
        }));
    }
    results
}

/// Hashes each NUL-separated path of `paths`, in parallel across files.
pub struct FilesTask {
    spec: Spec,
    paths: Uint8Array,
    watch: Watch,
}

impl Task for FilesTask {
    type Output = Vec<FileResult>;
    type JsValue = FilesOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        let paths: Vec<&[u8]> = self.paths.split(|&b| b == 0).collect();
        Ok(crate::pool::pool().install(|| hash_in_parallel(&paths, &self.spec, &self.watch)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(FilesOutcome::of(output, self.spec.output_len()))
    }
}

/// Hashes files given as NUL-separated paths in one buffer; resolves with their columns.
#[napi(ts_return_type = "Promise<FilesOutcome>")]
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
        watch: Watch {
            mmap,
            progress: progress.cloned(),
            cancel: cancel.cloned(),
        },
    }))
}

/// Hashes each NUL-separated path of `paths` on the calling thread, one after the other,
/// with no thread to start (lib/files `hashFilesColumnsHere`: a program's few small files);
/// their columns.
#[napi]
pub fn hash_files_sync(
    spec: Uint8ArraySlice,
    paths: Uint8ArraySlice,
    mmap: bool,
) -> Result<FilesOutcome> {
    let spec = decode(&spec)?;
    let options = FileOptions {
        mmap,
        parallel: false,
    };
    let results = paths
        .split(|&b| b == 0)
        .map(|path| hash_file(&bytes_to_path(path), &spec, &options, &Unobserved))
        .collect();
    Ok(FilesOutcome::of(results, spec.output_len()))
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
            Ok(Either::B(FileFailure {
                index: 0,
                code,
                message,
            }))
        }
    }
}
