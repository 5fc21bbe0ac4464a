//! The staging area, and the tiny-input path that hashes from it.
//!
//! JavaScript writes input straight into this instance's memory (a copy from a
//! SharedArrayBuffer range, a file read, a string encoded in place) and then calls in with
//! only its length, so a call costs no allocation and no copy in the wasm-bindgen glue. For
//! small inputs this is the fastest way from JavaScript to the core: both backends hash
//! their tiny inputs here, on the calling thread, with the digest left in the output area.
//!
//! The area never moves; a view of it stays valid until memory grows.

use crate::spec::decode;
use hashmill_core::Spec;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The staging area's size: what JavaScript feeds per call, whatever the input's size.
pub const STAGING_BYTES: usize = 1 << 20;
/// The longest digest the tiny path returns (the default output of every algorithm fits).
const OUTPUT_BYTES: usize = 64;
/// Specs registered for the tiny path, reused round-robin by JavaScript.
const SPEC_SLOTS: usize = 16;

/// The staging area's bytes, starting on a cache line. Input often comes from a
/// SharedArrayBuffer, which V8 copies with relaxed atomics: word by word when source and
/// destination are equally aligned, byte by byte otherwise. Unaligned (4 bytes past a
/// `RefCell`'s flag), a 1 MiB copy from a slab took 0.30 ms instead of 0.07 ms, a third of
/// BLAKE3's time on that MiB in a worker.
#[repr(C, align(64))]
pub struct Area([u8; STAGING_BYTES]);

thread_local! {
    // Constant-initialized, so an access needs no lazy-initialization check; all zeros, so
    // the area takes no space in the module file.
    static STAGING: RefCell<Area> = const { RefCell::new(Area([0; STAGING_BYTES])) };
    static OUTPUT: RefCell<[u8; OUTPUT_BYTES]> = const { RefCell::new([0; OUTPUT_BYTES]) };
    static SPECS: RefCell<[Option<Spec>; SPEC_SLOTS]> = const { RefCell::new([const { None }; SPEC_SLOTS]) };
}

/// Runs `f` on the first `len` bytes of the staging area.
pub fn with_staged<R>(len: usize, f: impl FnOnce(&[u8]) -> R) -> R {
    STAGING.with(|s| f(&s.borrow().0[..len]))
}

/// Runs `f` on the whole staging area, to be filled.
pub fn with_staging_mut<R>(f: impl FnOnce(&mut [u8]) -> R) -> R {
    STAGING.with(|s| f(&mut s.borrow_mut().0[..]))
}

/// Where JavaScript writes input.
#[wasm_bindgen(js_name = stagingPointer)]
pub fn staging_pointer() -> *mut u8 {
    with_staging_mut(|s| s.as_mut_ptr())
}

/// The staging area's size in bytes.
#[wasm_bindgen(js_name = stagingCapacity)]
pub fn staging_capacity() -> usize {
    STAGING_BYTES
}

/// Where [`hash_staged`] leaves the digest.
#[wasm_bindgen(js_name = outputPointer)]
pub fn output_pointer() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// Stores the spec encoded in the first `len` staged bytes under `slot`, for [`hash_staged`].
#[wasm_bindgen(js_name = registerSpec)]
pub fn register_spec(slot: usize, len: usize) -> Result<(), JsError> {
    let spec = with_staged(len, decode)?;
    if slot >= SPEC_SLOTS || spec.output_len() > OUTPUT_BYTES {
        return Err(JsError::new(
            "no such tiny-path slot, or an output too long for it",
        ));
    }
    SPECS.with(|s| s.borrow_mut()[slot] = Some(spec));
    Ok(())
}

/// Hashes the first `len` staged bytes with the spec in `slot`, leaving the digest in the
/// output area; returns its length. A slot with no spec traps (lib/ registers first).
#[wasm_bindgen(js_name = hashStaged)]
pub fn hash_staged(slot: usize, len: usize) -> usize {
    SPECS.with(|specs| {
        let specs = specs.borrow();
        let spec = specs[slot].as_ref().expect("a registered tiny-path spec");
        let out_len = spec.output_len();
        OUTPUT.with(|out| {
            with_staged(len, |data| {
                hashmill_core::hash_into(spec, data, &mut out.borrow_mut()[..out_len])
                    .expect("registered specs fit the output area");
            })
        });
        out_len
    })
}

/// Hashes `data` in one call (inputs that did not fit the staging area take a hasher).
#[wasm_bindgen(js_name = hashSync)]
pub fn hash_sync(spec: &[u8], data: &[u8]) -> Result<Vec<u8>, JsError> {
    Ok(hashmill_core::hash_vec(&decode(spec)?, data))
}
