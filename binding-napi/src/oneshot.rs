//! One-shot hashing: on the calling thread, or as an async task on the pool.

use crate::args::{spec, spec_error};
use crate::task::{CancelFlag, Finish, HashTask};
use hashmill_core::Hasher;
use napi::bindgen_prelude::{AsyncTask, BigInt, Buffer, Uint8Array, Uint8ArraySlice};
use napi::Result;
use napi_derive::napi;
use std::sync::{Arc, Mutex};

/// Hashes `data` on the calling thread.
#[napi]
pub fn hash_sync(
    algorithm: u32,
    data: Uint8ArraySlice,
    output_length: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
) -> Result<Buffer> {
    let spec = spec(algorithm, seed, key, context)?;
    hashmill_core::hash_vec(&spec, &data, output_length as usize)
        .map(Buffer::from)
        .map_err(spec_error)
}

/// Hashes `data` on the calling thread into `out` (whose length is the output length):
/// no allocation per call, for the small digests where per-call cost is everything.
#[napi]
pub fn hash_sync_into(
    algorithm: u32,
    data: Uint8ArraySlice,
    mut out: Uint8ArraySlice,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
) -> Result<()> {
    let spec = spec(algorithm, seed, key, context)?;
    // SAFETY: `out` is one of lib/api.js's scratch buffers (`digestNow`), made with
    // `Buffer.alloc`, which never uses the shared pool: no other view of its memory exists
    // outside that module, so it cannot alias `data` or `key`, and as it never leaves the
    // main thread nothing else reads or writes it during this synchronous call.
    let out = unsafe { out.as_mut() };
    hashmill_core::hash_into(&spec, &data, out).map_err(spec_error)
}

/// Hashes `data` on hashmill's thread pool; resolves with the digest.
#[napi(ts_return_type = "Promise<Buffer>")]
#[allow(clippy::too_many_arguments)]
pub fn hash_async(
    algorithm: u32,
    data: Uint8Array,
    output_length: u32,
    seed: Option<BigInt>,
    key: Option<Uint8ArraySlice>,
    context: Option<String>,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<HashTask>> {
    let spec = spec(algorithm, seed, key, context)?;
    spec.check_output_len(output_length as usize)
        .map_err(spec_error)?;
    Ok(AsyncTask::new(HashTask {
        hasher: Arc::new(Mutex::new(Hasher::new(spec))),
        input: Some(data),
        finish: Finish::Digest(output_length as usize),
        cancel: cancel.cloned(),
    }))
}
