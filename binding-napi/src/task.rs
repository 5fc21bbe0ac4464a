//! Off-thread hashing: a Node-API async task whose work runs inside hashmill's rayon pool.
//!
//! The work is cut into slices so a [`CancelFlag`] set from JavaScript (on `AbortSignal`)
//! stops it within one slice instead of hashing gigabytes nobody waits for.

use hashmill_core::Hasher;
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint8Array};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How much input is hashed between two looks at the cancel flag: big enough that
/// BLAKE3 keeps every thread busy, small enough to stop within a few milliseconds.
const SLICE_LEN: usize = 16 << 20;

/// Set by JavaScript to stop an async call early.
#[napi]
#[derive(Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

#[napi]
impl CancelFlag {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the work to stop at the next slice.
    #[napi]
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl CancelFlag {
    /// Whether JavaScript asked to stop.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether an optional flag is set.
pub fn cancelled(flag: Option<&CancelFlag>) -> bool {
    flag.is_some_and(CancelFlag::is_set)
}

/// What an async task does once its input is hashed.
pub enum Finish {
    /// Produce the digest.
    Digest,
    /// Nothing: the caller only fed the hasher.
    Nothing,
}

/// Feeds `input` into a shared hasher off the main thread, then optionally finalizes.
pub struct HashTask {
    hasher: Arc<Mutex<Hasher>>,
    input: Option<Uint8Array>,
    finish: Finish,
    cancel: Option<CancelFlag>,
}

impl HashTask {
    /// The async call that feeds `input` to `hasher`, then does what `finish` says.
    pub fn start(
        hasher: Arc<Mutex<Hasher>>,
        input: Uint8Array,
        finish: Finish,
        cancel: Option<&CancelFlag>,
    ) -> AsyncTask<HashTask> {
        AsyncTask::new(HashTask {
            hasher,
            input: Some(input),
            finish,
            cancel: cancel.cloned(),
        })
    }
}

impl Task for HashTask {
    type Output = Option<Vec<u8>>;
    type JsValue = Option<Buffer>;

    fn compute(&mut self) -> Result<Self::Output> {
        let mut guard = self
            .hasher
            .lock()
            .map_err(|_| Error::new(Status::GenericFailure, "hasher was poisoned"))?;
        let hasher: &mut Hasher = &mut guard;
        if let Some(input) = &self.input {
            crate::pool::pool().install(|| -> Result<()> {
                for slice in input.chunks(SLICE_LEN) {
                    if cancelled(self.cancel.as_ref()) {
                        return Err(Error::new(Status::Cancelled, "hashing was cancelled"));
                    }
                    hasher.update_parallel(slice);
                }
                Ok(())
            })?;
        }
        Ok(match self.finish {
            Finish::Digest => Some(hasher.finalize_vec()),
            Finish::Nothing => None,
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.map(Buffer::from))
    }

    fn finally(mut self, _env: Env) -> Result<()> {
        // Release the reference to the caller's buffer on the JS thread.
        self.input.take();
        Ok(())
    }
}
