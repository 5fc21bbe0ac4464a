//! `hashMany` batches through the staging area: JavaScript writes a run of inputs' end
//! offsets and their packed bytes there, one call hashes them all (hashmill-core
//! `hash_each_into`) and leaves the digests (bytes or hex text) in the staging area after
//! the bytes. A batch larger than the area goes through it a run at a time
//! (lib/wasm/many.js).

use crate::spec::{core_error, decode};
use crate::staging::with_staging_mut;
use hashmill_core::{hash_each_into, slices_from_ends, Spec, Written};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static BATCH_SPEC: RefCell<Option<Spec>> = const { RefCell::new(None) };
}

/// Takes the spec encoded in the first `len` staged bytes for the runs that follow.
#[wasm_bindgen(js_name = setBatchSpec)]
pub fn set_batch_spec(len: usize) -> Result<(), JsError> {
    let spec = with_staging_mut(|s| decode(&s[..len]))?;
    BATCH_SPEC.with(|b| *b.borrow_mut() = Some(spec));
    Ok(())
}

/// Hashes a staged run: `count` little-endian u32 end offsets, then `data_len` bytes of
/// inputs; writes the `count` digests (as hex text if `hex`) right after the bytes.
#[wasm_bindgen(js_name = hashBatchStaged)]
pub fn hash_batch_staged(count: usize, data_len: usize, hex: bool) -> Result<(), JsError> {
    let written = Written::hex_if(hex);
    BATCH_SPEC.with(|b| {
        let spec = b.borrow();
        let spec = spec
            .as_ref()
            .ok_or_else(|| JsError::new("no batch spec was set"))?;
        with_staging_mut(|staging| {
            let too_big = || JsError::new("the run does not fit the staging area");
            let ends_len = count.checked_mul(4).ok_or_else(too_big)?;
            let data_end = ends_len.checked_add(data_len).ok_or_else(too_big)?;
            let out_end = count
                .checked_mul(written.width(spec))
                .and_then(|n| n.checked_add(data_end))
                .filter(|&end| end <= staging.len())
                .ok_or_else(too_big)?;
            let ends: Vec<u32> = staging[..ends_len]
                .chunks_exact(4)
                .map(|e| u32::from_le_bytes(e.try_into().expect("4 bytes")))
                .collect();
            let (input, out) = staging[..out_end].split_at_mut(data_end);
            let inputs = slices_from_ends(&input[ends_len..], &ends).map_err(core_error)?;
            hash_each_into(spec, written, &inputs, out).map_err(core_error)
        })
    })
}
