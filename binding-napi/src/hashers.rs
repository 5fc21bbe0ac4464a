//! Streaming hashers, held here and named in JavaScript by a number.
//!
//! A hasher is not a Node-API object: such an object's native memory can only be freed by
//! its finalizer, and Node-API runs finalizers only once the event loop turns, so a
//! synchronous loop of `createHasher().update().digest()` would hold every hasher it ever
//! made (~3 KB each). Instead each hasher lives in a table under a handle; `digest` takes it
//! out and frees it at once (a hasher gives one digest), `lib/` frees the ones dropped
//! without a digest from a `FinalizationRegistry`, and what live hashers hold is reported
//! to V8 as external memory so it weighs in its decisions to collect garbage.

use crate::scratch::exclusive;
use crate::spec::decode;
use crate::task::{CancelFlag, Finish, HashTask};
use hashmill_core::{Handles, Hasher};
use napi::bindgen_prelude::{AsyncTask, BufferSlice, Uint8Array, Uint8ArraySlice};
use napi::{Env, Error, Result, Status};
use napi_derive::napi;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A hasher shared with the async tasks that feed it.
type Shared = Arc<Mutex<Hasher>>;

/// A live hasher and the bytes reported to V8 for it.
type Live = (Shared, usize);

/// Every live hasher.
static TABLE: Mutex<Handles<Live>> = Mutex::new(Handles::new());

fn table() -> MutexGuard<'static, Handles<Live>> {
    // A panic while the table was locked cannot leave it half-changed: every change is one
    // push, pop or assignment.
    TABLE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The hasher of `handle` (a JavaScript number: `Handles` keeps it below 2^53).
pub(crate) fn get(handle: i64) -> Result<Shared> {
    let table = table();
    let (shared, _) = u64::try_from(handle)
        .ok()
        .and_then(|h| table.get(h))
        .ok_or_else(|| {
            Error::new(
                Status::InvalidArg,
                "no such hasher (already digested or freed)",
            )
        })?;
    Ok(Arc::clone(shared))
}

/// The state, or an error while an async update holds it (lib/ never lets that happen).
pub(crate) fn state(shared: &Shared) -> Result<MutexGuard<'_, Hasher>> {
    shared.try_lock().map_err(|_| {
        Error::new(
            Status::GenericFailure,
            "hasher is busy with an async update",
        )
    })
}

/// Bytes reported to V8 for the hashers alive now.
static HELD: AtomicI64 = AtomicI64::new(0);

/// Reports `bytes` more (or fewer) bytes held outside V8's heap.
fn account(env: &Env, bytes: usize, sign: i64) -> Result<()> {
    HELD.fetch_add(sign * bytes as i64, Ordering::Relaxed);
    env.adjust_external_memory(sign * bytes as i64).map(|_| ())
}

/// The bytes live hashers hold, as reported to V8 (for tests and diagnostics; V8 keeps its
/// own count of external memory, which Node does not show).
#[napi]
pub fn hasher_memory() -> f64 {
    HELD.load(Ordering::Relaxed) as f64
}

pub(crate) fn register(env: &Env, hasher: Hasher) -> Result<i64> {
    let size = hasher.memory_size();
    account(env, size, 1)?;
    let handle = table().insert((Arc::new(Mutex::new(hasher)), size));
    Ok(handle as i64)
}

/// A new hasher for `spec`; returns its handle.
#[napi]
pub fn hasher_new(env: Env, spec: Uint8ArraySlice) -> Result<i64> {
    register(&env, Hasher::new(decode(&spec)?))
}

/// Feeds `data` on the calling thread.
#[napi]
pub fn hasher_update(handle: i64, data: Uint8ArraySlice) -> Result<()> {
    let shared = get(handle)?;
    state(&shared)?.update(&data);
    Ok(())
}

/// Feeds `data` on the thread pool; resolves when done.
#[napi(ts_return_type = "Promise<void>")]
pub fn hasher_update_async(
    handle: i64,
    data: Uint8Array,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<HashTask>> {
    Ok(HashTask::start(get(handle)?, data, Finish::Nothing, cancel))
}

/// The digest; the hasher is freed and its handle is no longer valid. (Copied into a buffer
/// V8 owns, as `hash_sync`'s, so a synchronous loop holds nothing.)
#[napi]
pub fn hasher_digest(env: &Env, handle: i64) -> Result<BufferSlice<'_>> {
    let shared = get(handle)?;
    let digest = state(&shared)?
        .try_finalize_vec()
        .map_err(|e| crate::errors::core_error(e.into()))?;
    hasher_free(*env, handle)?;
    BufferSlice::copy_from(env, digest)
}

/// The digest, written into `out` (its length is the output length); the hasher is freed.
#[napi]
pub fn hasher_digest_into(env: &Env, handle: i64, mut out: Uint8ArraySlice) -> Result<()> {
    let shared = get(handle)?;
    {
        let hasher = state(&shared)?;
        let out = exclusive(env, &mut out, hasher.spec().output_len(), &[])?;
        hasher
            .finalize_into(out)
            .map_err(|e| crate::errors::core_error(e.into()))?;
    }
    hasher_free(*env, handle)
}

/// A new hasher with the same state; returns its handle.
#[napi]
pub fn hasher_copy(env: Env, handle: i64) -> Result<i64> {
    let shared = get(handle)?;
    let copy = state(&shared)?.clone();
    register(&env, copy)
}

/// Forgets all input, keeping the spec.
#[napi]
pub fn hasher_reset(handle: i64) -> Result<()> {
    let shared = get(handle)?;
    state(&shared)?.reset();
    Ok(())
}

/// Frees a hasher (nothing if it is already gone).
#[napi]
pub fn hasher_free(env: Env, handle: i64) -> Result<()> {
    let removed = u64::try_from(handle).ok().and_then(|h| table().remove(h));
    match removed {
        Some((_, size)) => account(&env, size, -1),
        None => Ok(()),
    }
}
