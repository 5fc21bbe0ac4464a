//! S3 uploads: the core's part rules and checksum types, the object-level digest from the
//! parts' digests, and the parts of a buffer or a file hashed in one pass on the pool.

use crate::combine::{algorithm, parts};
use crate::errors::{code_and_message, core_error};
use crate::files_task::FileResult;
use crate::progress::{FileProgress, Watch};
use crate::spec::decode;
use crate::task::{cancelled, CancelFlag};
use hashmill_core::s3::{checksum_type, object_digest, ChecksumType, Layout};
use hashmill_core::{bytes_to_path, hash_file_into, FileOptions, PartHashers, Sink, Spec};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint8Array, Uint8ArraySlice};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;

/// How much of a buffer is hashed between two looks at the cancel flag: several parts, so
/// they hash in parallel.
const SLICE_LEN: usize = 64 << 20;

/// The number of parts of an upload of `size` bytes in parts of `part_size` (none: a
/// single PUT), or S3's refusal.
#[napi]
pub fn s3_parts(size: f64, part_size: Option<f64>) -> Result<f64> {
    let layout =
        Layout::new(size as u64, part_size.map(|p| p as u64)).map_err(|e| core_error(e.into()))?;
    Ok(layout.parts as f64)
}

/// The checksum type (`FULL_OBJECT` or `COMPOSITE`) of an upload with algorithm `id`:
/// `wanted`, or S3's default, or S3's refusal.
#[napi]
pub fn s3_checksum_type(id: u32, multipart: bool, wanted: Option<String>) -> Result<String> {
    let wanted = wanted
        .map(|name| {
            ChecksumType::from_name(&name)
                .ok_or_else(|| Error::new(Status::InvalidArg, "no such checksum type"))
        })
        .transpose()?;
    checksum_type(algorithm(id)?, multipart, wanted)
        .map(|kind| kind.name().to_owned())
        .map_err(|e| core_error(e.into()))
}

/// The object-level digest S3 derives from the parts' `digests` and `lengths`.
#[napi]
pub fn s3_object_digest(
    id: u32,
    kind: String,
    multipart: bool,
    digests: Uint8ArraySlice,
    lengths: Uint8ArraySlice,
) -> Result<Buffer> {
    let algorithm = algorithm(id)?;
    let kind = ChecksumType::from_name(&kind)
        .ok_or_else(|| Error::new(Status::InvalidArg, "no such checksum type"))?;
    object_digest(
        algorithm,
        kind,
        multipart,
        &parts(algorithm, &digests, &lengths)?,
    )
    .map(Buffer::from)
    .ok_or_else(|| Error::new(Status::InvalidArg, "digests that do not make an object"))
}

/// Hashes each part of a buffer, parts in parallel; resolves with their digests joined.
pub struct PartsTask {
    spec: Spec,
    data: Option<Uint8Array>,
    part_size: u64,
    cancel: Option<CancelFlag>,
}

impl Task for PartsTask {
    type Output = Vec<u8>;
    type JsValue = Buffer;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut parts = PartHashers::new(&self.spec, self.part_size);
        let data = self.data.as_deref().unwrap_or_default();
        crate::pool::pool().install(|| {
            for slice in data.chunks(SLICE_LEN) {
                if cancelled(self.cancel.as_ref()) {
                    return Err(Error::new(Status::Cancelled, "hashing was cancelled"));
                }
                parts.update_parallel(slice);
            }
            Ok(parts.digests())
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }

    fn finally(mut self, _env: Env) -> Result<()> {
        // Release the reference to the caller's buffer on the JS thread.
        self.data.take();
        Ok(())
    }
}

/// Hashes the `part_size`-byte parts of `data` on the pool.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn hash_parts(
    spec: Uint8ArraySlice,
    data: Uint8Array,
    part_size: f64,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<PartsTask>> {
    Ok(AsyncTask::new(PartsTask {
        spec: decode(&spec)?,
        data: Some(data),
        part_size: part_size as u64,
        cancel: cancel.cloned(),
    }))
}

/// The parts of one file: its size and the parts' digests joined, or why it failed.
#[napi(object)]
pub struct FilePartsOutcome {
    pub size: Option<f64>,
    pub digest: Option<Buffer>,
    /// `ENOENT`, `EACCES`, ..., or a code the core mints (`ECHANGED`, `ECANCELED`).
    pub code: Option<String>,
    pub message: Option<String>,
}

impl From<FileResult> for FilePartsOutcome {
    fn from(result: FileResult) -> Self {
        match result {
            Ok(done) => FilePartsOutcome {
                size: Some(done.size as f64),
                digest: Some(done.digest.into()),
                code: None,
                message: None,
            },
            Err(e) => {
                let (code, message) = code_and_message(&e);
                FilePartsOutcome {
                    size: None,
                    digest: None,
                    code: Some(code),
                    message: Some(message),
                }
            }
        }
    }
}

/// Hashes each part of one file in one pass (memory-mapped when allowed).
pub struct FilePartsTask {
    spec: Spec,
    path: Uint8Array,
    part_size: u64,
    options: FileOptions,
    watch: Watch,
}

impl Task for FilePartsTask {
    type Output = FileResult;
    type JsValue = FilePartsOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut parts = PartHashers::new(&self.spec, self.part_size);
        let path = bytes_to_path(&self.path);
        Ok(crate::pool::pool()
            .install(|| hash_file_into(&path, &mut parts, &self.options, &self.watch)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }
}

/// Hashes the `part_size`-byte parts of the file at `path` (bytes); resolves with its size
/// and the parts' digests joined, or why it failed.
#[napi(ts_return_type = "Promise<FilePartsOutcome>")]
pub fn hash_file_parts(
    spec: Uint8ArraySlice,
    path: Uint8Array,
    part_size: f64,
    mmap: bool,
    cancel: Option<&CancelFlag>,
    progress: Option<&FileProgress>,
) -> Result<AsyncTask<FilePartsTask>> {
    Ok(AsyncTask::new(FilePartsTask {
        spec: decode(&spec)?,
        path,
        part_size: part_size as u64,
        options: FileOptions {
            mmap,
            parallel: true,
        },
        watch: Watch {
            mmap,
            progress: progress.cloned(),
            cancel: cancel.cloned(),
        },
    }))
}
