//! Digests written into a buffer JavaScript passes in, so a small digest costs no
//! allocation (creating a Buffer through Node-API costs more than hashing a small input).
//!
//! Writing through a view JavaScript holds is sound only if nothing else can touch that
//! memory while Rust holds a `&mut` to it. That is checked here for every call, not
//! assumed from how `lib/` allocates: the view must be backed by a plain (not shared)
//! ArrayBuffer, whose memory only this thread's isolate can reach, so no other thread can
//! read or write it, and no JavaScript runs during a synchronous call; and it must not
//! overlap any other buffer borrowed for the call.

use napi::bindgen_prelude::{JsValue, Uint8ArraySlice};
use napi::{check_status, sys, Env, Error, Result, Status};
use std::ptr;

/// Whether the ArrayBuffer behind the typed array `view` is a plain (not shared) one.
fn backed_by_plain_array_buffer(env: &Env, view: &Uint8ArraySlice) -> Result<bool> {
    let mut buffer = ptr::null_mut();
    let mut kind = 0;
    let mut length = 0;
    let mut data = ptr::null_mut();
    let mut offset = 0;
    // SAFETY: `view.raw()` is the live typed array this call received, and every out
    // pointer points at a local of the type Node-API writes.
    check_status!(unsafe {
        sys::napi_get_typedarray_info(
            env.raw(),
            view.raw(),
            &mut kind,
            &mut length,
            &mut data,
            &mut buffer,
            &mut offset,
        )
    })?;
    let mut plain = false;
    // SAFETY: `buffer` was just returned by Node-API for this env; `plain` is a local bool.
    // A SharedArrayBuffer is not an ArrayBuffer to `napi_is_arraybuffer`.
    check_status!(unsafe { sys::napi_is_arraybuffer(env.raw(), buffer, &mut plain) })?;
    Ok(plain)
}

/// Whether two byte ranges share any byte.
fn overlap(a: &[u8], b: &[u8]) -> bool {
    let (a0, a1) = (a.as_ptr() as usize, a.as_ptr() as usize + a.len());
    let (b0, b1) = (b.as_ptr() as usize, b.as_ptr() as usize + b.len());
    a0 < b1 && b0 < a1
}

fn refused(why: &str) -> Error {
    Error::new(Status::InvalidArg, format!("output buffer {why}"))
}

/// Checks that an output buffer holds exactly `len` bytes and shares none with `others`
/// (the inputs of the same call).
pub fn fits_apart(out: &[u8], len: usize, others: &[&[u8]]) -> Result<()> {
    if out.len() != len {
        return Err(refused("has the wrong length"));
    }
    if others.iter().any(|other| overlap(out, other)) {
        return Err(refused("overlaps the input"));
    }
    Ok(())
}

/// `out` as a slice to write `len` bytes into, once it is shown to be exclusive (see the
/// module docs) and not to overlap any of `others`.
pub fn exclusive<'a>(
    env: &Env,
    out: &'a mut Uint8ArraySlice,
    len: usize,
    others: &[&[u8]],
) -> Result<&'a mut [u8]> {
    fits_apart(out, len, others)?;
    if !backed_by_plain_array_buffer(env, out)? {
        return Err(refused("must be backed by a plain ArrayBuffer"));
    }
    // SAFETY: `out` is backed by a plain ArrayBuffer, reachable only from this thread's
    // isolate, and the caller is a synchronous call during which no JavaScript runs, so
    // nothing else reads or writes these bytes while the slice lives; and it shares no
    // byte with any other buffer borrowed for the call (`others`).
    Ok(unsafe { out.as_mut() })
}
