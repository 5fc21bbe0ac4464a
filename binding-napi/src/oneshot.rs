//! One-shot hashing: on the calling thread, or as an async task on the pool.

use crate::scratch::exclusive;
use crate::spec::decode;
use crate::task::{CancelFlag, Finish, HashTask};
use hashmill_core::Hasher;
use napi::bindgen_prelude::{AsyncTask, BufferSlice, Uint8Array, Uint8ArraySlice};
use napi::{Env, Result};
use napi_derive::napi;
use std::sync::{Arc, Mutex};

/// Hashes `data` on the calling thread. The digest is copied into a buffer V8 owns: a
/// buffer over Rust's memory would be freed only by a finalizer, which Node-API runs only
/// once the event loop turns, so a synchronous loop would hold every digest it made.
#[napi]
pub fn hash_sync<'env>(
    env: &'env Env,
    spec: Uint8ArraySlice,
    data: Uint8ArraySlice,
) -> Result<BufferSlice<'env>> {
    BufferSlice::copy_from(env, hashmill_core::hash_vec(&decode(&spec)?, &data))
}

/// Hashes `data` on the calling thread into `out` (whose length is the output length): no
/// allocation per call, for the small digests where per-call cost is everything.
#[napi]
pub fn hash_sync_into(
    env: &Env,
    spec: Uint8ArraySlice,
    data: Uint8ArraySlice,
    mut out: Uint8ArraySlice,
) -> Result<()> {
    let spec = decode(&spec)?;
    let out = exclusive(env, &mut out, spec.output_len(), &[&data])?;
    hashmill_core::hash_into(&spec, &data, out).map_err(|e| crate::errors::core_error(e.into()))
}

/// Hashes `data` on hashmill's thread pool; resolves with the digest.
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn hash_async(
    spec: Uint8ArraySlice,
    data: Uint8Array,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<HashTask>> {
    let mut hasher = Hasher::new(decode(&spec)?);
    hasher.declare_len(data.len() as u64);
    let hasher = Arc::new(Mutex::new(hasher));
    Ok(HashTask::start(hasher, data, Finish::Digest, cancel))
}
