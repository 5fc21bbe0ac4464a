//! `hashMany`: a batch of inputs packed end to end in one buffer (with their end offsets),
//! one digest each (hashmill-core `many`), as bytes or hex text, on the calling thread or as
//! an async task.

use crate::errors::core_error;
use crate::pool::pool;
use crate::scratch::{exclusive, fits_apart};
use crate::spec::decode;
use crate::task::{cancelled, CancelFlag};
use hashmill_core::{
    hash_each_into, hash_each_parallel, slices_from_ends, worth_spreading, Spec, Written,
};
use napi::bindgen_prelude::{
    AsyncTask, Uint32Array, Uint32ArraySlice, Uint8Array, Uint8ArraySlice,
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

/// Hashes the batch on hashmill's threads into `out` (one digest after the other, as hex
/// text if `hex`); resolves once every digest is written. Writing into the caller's buffer
/// spares a buffer made for the digests, which Node counts as external memory (its
/// collections come sooner), and the copy out of it. lib/ packs `data` and `ends` and
/// makes `out` for the call itself, and neither reads nor changes any of them until the
/// task settles, so the task is the only thread that touches them meanwhile; `out` must
/// hold one digest per input and share no byte with the inputs, which is checked here.
#[napi(ts_return_type = "Promise<void>")]
pub fn hash_many_async(
    spec: Uint8ArraySlice,
    data: Uint8Array,
    ends: Uint32Array,
    hex: bool,
    out: Uint8Array,
    cancel: Option<&CancelFlag>,
) -> Result<AsyncTask<ManyTask>> {
    let spec = decode(&spec)?;
    let written = Written::hex_if(hex);
    let len = ends.len().saturating_mul(written.width(&spec));
    fits_apart(&out, len, &[&data, bytes_of(&ends)])?;
    Ok(AsyncTask::new(ManyTask {
        spec,
        written,
        batch: Some(Batch { data, ends, out }),
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
    batch: Option<Batch>,
    cancel: Option<CancelFlag>,
}

/// The views an async batch holds until it settles: its inputs and where its digests go.
struct Batch {
    data: Uint8Array,
    ends: Uint32Array,
    out: Uint8Array,
}

impl Task for ManyTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<Self::Output> {
        if cancelled(self.cancel.as_ref()) {
            return Err(Error::new(Status::Cancelled, "hashing was cancelled"));
        }
        let Batch { data, ends, out } = self
            .batch
            .as_mut()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the batch was already released"))?;
        let inputs = slices_from_ends(data, ends).map_err(core_error)?;
        // SAFETY: lib/ made `out` for this call and touches it only once the task settles
        // (see `hash_many_async`), and it shares no byte with `data` or `ends` (checked
        // there), so this is the only reference to those bytes while it lives.
        let out = unsafe { out.as_mut() };
        hash_batch(&self.spec, self.written, &inputs, out)
    }

    fn resolve(&mut self, _env: Env, _output: Self::Output) -> Result<Self::JsValue> {
        Ok(())
    }

    fn finally(mut self, _env: Env) -> Result<()> {
        // Release the references to the batch on the JS thread.
        self.batch.take();
        Ok(())
    }
}
