//! Saving a streaming hasher's state and restoring it (hashmill-core `Hasher::save` and
//! `Hasher::restore`), for `hasher.save()` and `restoreHasher()`.

use crate::errors::core_error;
use crate::hashers::{get, register, state};
use hashmill_core::Hasher;
use napi::bindgen_prelude::{Buffer, Uint8ArraySlice};
use napi::{Env, Result};
use napi_derive::napi;

/// The state of the hasher of `handle`, as bytes `hasher_restore` continues from.
#[napi]
pub fn hasher_save(handle: i64) -> Result<Buffer> {
    let shared = get(handle)?;
    let saved = state(&shared)?.save();
    Ok(saved.into())
}

/// A new hasher continuing the saved `bytes`; returns its handle.
#[napi]
pub fn hasher_restore(env: Env, bytes: Uint8ArraySlice) -> Result<i64> {
    let hasher = Hasher::restore(&bytes).map_err(|e| core_error(e.into()))?;
    register(&env, hasher)
}

/// The options that make the spec of the hasher of `handle`, as JSON.
#[napi]
pub fn hasher_options(handle: i64) -> Result<String> {
    let shared = get(handle)?;
    let options = state(&shared)?.spec().options_json();
    Ok(options)
}
