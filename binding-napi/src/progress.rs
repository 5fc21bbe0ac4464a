//! Counters that running file work adds to and JavaScript polls for `onProgress`, and the
//! observer that feeds them and answers cancellation.

use crate::task::{cancelled, CancelFlag};
use hashmill_core::Observer;
use napi_derive::napi;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// `[bytesDone, filesDone]`, shared between the pool's threads and JavaScript.
#[napi]
#[derive(Clone, Default)]
pub struct FileProgress(Arc<[AtomicU64; 2]>);

#[napi]
impl FileProgress {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// `[bytesDone, filesDone]`.
    #[napi]
    pub fn read(&self) -> Vec<f64> {
        self.0
            .iter()
            .map(|c| c.load(Ordering::Relaxed) as f64)
            .collect()
    }
}

/// How one call reads its files, and its progress and cancellation.
pub struct Watch {
    /// Memory-map large regular files.
    pub mmap: bool,
    pub progress: Option<FileProgress>,
    pub cancel: Option<CancelFlag>,
}

impl Watch {
    /// One more file is done.
    pub fn file_done(&self) {
        if let Some(p) = &self.progress {
            p.0[1].fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Observer for Watch {
    fn progress(&self, bytes: u64) {
        if let Some(p) = &self.progress {
            p.0[0].fetch_add(bytes, Ordering::Relaxed);
        }
    }
    fn cancelled(&self) -> bool {
        cancelled(self.cancel.as_ref())
    }
}
