//! The streaming hasher class: sync updates on the calling thread, async ones on the pool.

use crate::args::{spec, spec_error};
use crate::task::{CancelFlag, Finish, HashTask};
use hashmill_core::Hasher;
use napi::bindgen_prelude::{AsyncTask, BigInt, Buffer, Uint8Array, Uint8ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;
use std::sync::{Arc, Mutex, MutexGuard};

/// A `hashmill_core::Hasher` shared with the async tasks that feed it.
#[napi]
pub struct NativeHasher {
    inner: Arc<Mutex<Hasher>>,
}

#[napi]
impl NativeHasher {
    #[napi(constructor)]
    pub fn new(
        algorithm: u32,
        seed: Option<BigInt>,
        key: Option<Uint8ArraySlice>,
        context: Option<String>,
    ) -> Result<Self> {
        Ok(Self::wrap(Hasher::new(spec(
            algorithm, seed, key, context,
        )?)))
    }

    fn wrap(hasher: Hasher) -> Self {
        Self {
            inner: Arc::new(Mutex::new(hasher)),
        }
    }

    /// The state, or an error while an async update holds it (lib/ never lets that happen).
    fn state(&self) -> Result<MutexGuard<'_, Hasher>> {
        self.inner.try_lock().map_err(|_| {
            Error::new(
                Status::GenericFailure,
                "hasher is busy with an async update",
            )
        })
    }

    #[napi]
    pub fn update(&self, data: Uint8ArraySlice) -> Result<()> {
        self.state()?.update(&data);
        Ok(())
    }

    /// Feeds `data` on the thread pool; resolves when done.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn update_async(
        &self,
        data: Uint8Array,
        cancel: Option<&CancelFlag>,
    ) -> AsyncTask<HashTask> {
        AsyncTask::new(HashTask {
            hasher: Arc::clone(&self.inner),
            input: Some(data),
            finish: Finish::Nothing,
            cancel: cancel.cloned(),
        })
    }

    #[napi]
    pub fn digest(&self, output_length: u32) -> Result<Buffer> {
        self.state()?
            .finalize_vec(output_length as usize)
            .map(Buffer::from)
            .map_err(spec_error)
    }

    #[napi]
    pub fn copy(&self) -> Result<NativeHasher> {
        Ok(Self::wrap(self.state()?.clone()))
    }

    #[napi]
    pub fn reset(&self) -> Result<()> {
        self.state()?.reset();
        Ok(())
    }
}
