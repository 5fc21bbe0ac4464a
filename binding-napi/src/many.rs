//! `hashMany`: a batch of inputs packed end to end in one buffer (with their end offsets),
//! one digest each (hashmill-core `many`), as bytes or hex text, on the calling thread or as
//! an async task.

use crate::errors::core_error;
use crate::pool::pool;
use crate::scratch::exclusive;
use crate::spec::decode;
use crate::task::{cancelled, CancelFlag};
use hashmill_core::{
    hash_each_into, hash_each_parallel, slices_from_ends, worth_spreading, Spec, Written,
};
use napi::bindgen_prelude::{
    AsyncTask, Buffer, Uint32Array, Uint32ArraySlice, Uint8Array, Uint8ArraySlice,
};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;

/// Hashes the batch into `out` (one digest after the other, as hex text if `hex`) before
/// returning; a large batch is spread over hashmill's threads while the calling thread waits.
#[napi]
pub fn hash_many_sync(
    env: &Env,
    spec: Uint8ArraySlice,
    data: Uint8ArraySlice,
    ends: Uint32ArraySlice,
    hex: bool,
    mut out: Uint8ArraySlice,
) -> Result<()> {
    let spec = decode(&spec)?;
    let written = Written::hex_if(hex);
    let inputs = slices_from_ends(&data, &ends).map_err(core_error)?;
    let out = exclusive(
        env,
        &mut out,
        inputs.len() * written.width(&spec),
        &[&data, bytes_of(&ends)],
    )?;
    // No JavaScript runs until this returns, so the batch stays as it is.
    hash_batch(&spec, written, &inputs, out)
}

/// Hashes a batch where it is called, or spread over hashmill's threads (the caller waiting)
/// when it is large enough: handing a small one to the pool and back costs more than it.
fn hash_batch(spec: &Spec, written: Written, inputs: &[&[u8]], out: &mut [u8]) -> Result<()> {
    if worth_spreading(inputs) {
        pool().install(|| hash_each_parallel(spec, written, inputs, out))
    } else {
        hash_each_into(spec, written, inputs, out)
    }
    .map_err(core_error)
}

/// Hashes the batch on hashmill's threads; resolves with the digests, one after the other
/// (as hex text if `hex`). `data` and `ends` must not change until it settles (lib/ packs
/// them itself).
#[napi(ts_return_type = "Promise<Buffer>")]
pub fn hash_many_async(
    spec: Uint8ArraySlice,
    data: Uint8Array,
    ends: Uint32Array,
    hex: bool,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<ManyTask>> {
    Ok(AsyncTask::new(ManyTask {
        spec: decode(&spec)?,
        written: Written::hex_if(hex),
        batch: Some((data, ends)),
        cancel: cancel.cloned(),
    }))
}

/// The bytes of a Uint32Array, to check that no output overlaps it.
fn bytes_of(ends: &[u32]) -> &[u8] {
    // SAFETY: any initialized u32 slice is also a valid byte slice of four times its
    // length, with the same lifetime; u8 has no alignment requirement.
    unsafe { std::slice::from_raw_parts(ends.as_ptr().cast::<u8>(), std::mem::size_of_val(ends)) }
}

/// An async `hashMany` batch.
pub struct ManyTask {
    spec: Spec,
    written: Written,
    batch: Option<(Uint8Array, Uint32Array)>,
    cancel: Option<CancelFlag>,
}

impl Task for ManyTask {
    type Output = Vec<u8>;
    type JsValue = Buffer;

    fn compute(&mut self) -> Result<Self::Output> {
        if cancelled(self.cancel.as_ref()) {
            return Err(Error::new(Status::Cancelled, "hashing was cancelled"));
        }
        let (data, ends) = self
            .batch
            .as_ref()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the batch was already released"))?;
        let inputs = slices_from_ends(data, ends).map_err(core_error)?;
        let mut out = vec![0; inputs.len() * self.written.width(&self.spec)];
        hash_batch(&self.spec, self.written, &inputs, &mut out)?;
        Ok(out)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(Buffer::from(output))
    }

    fn finally(mut self, _env: Env) -> Result<()> {
        // Release the references to the batch on the JS thread.
        self.batch.take();
        Ok(())
    }
}
