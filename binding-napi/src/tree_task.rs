//! A directory tree hashed as a stream: a cursor over hashmill-core's walker whose every
//! step takes the next files in path order and hashes them in parallel on the pool. `lib/`
//! asks for the next batch while it turns the last one into results, so walking, hashing
//! and building results overlap, and memory holds one batch, not the tree.

use crate::files_task::{hash_tree_files, FilesOutcome};
use crate::progress::{FileProgress, Watch};
use crate::spec::decode;
use crate::task::CancelFlag;
use crate::walk_task::{start_walk, CancellableFs, WalkOutcome, WalkSettings};
use hashmill_core::{Error, Spec, WalkOptions, Walker};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint8Array, Uint8ArraySlice};
use napi::{Env, Result, Task};
use napi_derive::napi;
use std::sync::{Arc, Mutex, PoisonError};

/// Where a cursor stands: before its walk started, walking, or at the end.
enum Progress {
    Unstarted,
    Walking(Walker<CancellableFs>),
    Done,
}

struct State {
    root: Uint8Array,
    progress: Progress,
    options: WalkOptions,
    spec: Spec,
    watch: Arc<Watch>,
}

/// The files of a tree in path order with their digests, a batch per `next()`.
#[napi]
pub struct TreeCursor(Arc<Mutex<State>>);

/// One step: the next files (relative paths, NUL-separated) and their outcomes, or the
/// walk's error; `done` at the end.
#[napi(object)]
pub struct TreeBatch {
    pub paths: Buffer,
    pub files: FilesOutcome,
    pub walk_error: Option<WalkOutcome>,
    pub done: bool,
}

#[napi]
impl TreeCursor {
    /// A cursor over the tree at `root` (bytes); nothing is read before the first `next()`.
    #[napi(constructor)]
    pub fn new(
        root: Uint8Array,
        spec: Uint8ArraySlice,
        settings: WalkSettings,
        mmap: bool,
        cancel: Option<&CancelFlag>,
        progress: Option<&FileProgress>,
    ) -> Result<Self> {
        Ok(TreeCursor(Arc::new(Mutex::new(State {
            root,
            progress: Progress::Unstarted,
            options: settings.options(true),
            spec: decode(&spec)?,
            watch: Arc::new(Watch {
                mmap,
                progress: progress.cloned(),
                cancel: cancel.cloned(),
            }),
        }))))
    }

    /// The next batch of at most `max_files` files.
    #[napi(ts_return_type = "Promise<TreeBatch>")]
    pub fn next(&self, max_files: u32) -> AsyncTask<TreeStep> {
        AsyncTask::new(TreeStep {
            cursor: Arc::clone(&self.0),
            max_files: max_files.max(1) as usize,
        })
    }
}

/// One `next()` of a cursor.
pub struct TreeStep {
    cursor: Arc<Mutex<State>>,
    max_files: usize,
}

/// A batch's paths and their outcomes, or the error that ended the walk.
pub struct Step {
    paths: Vec<u8>,
    results: Vec<crate::files_task::FileResult>,
    walk_error: Option<Error>,
    done: bool,
    output_len: usize,
}

impl Task for TreeStep {
    type Output = Step;
    type JsValue = TreeBatch;

    fn compute(&mut self) -> Result<Self::Output> {
        // One step at a time per cursor: lib/ awaits each, and a poisoned lock only means a
        // step panicked, which left the state as it was.
        let mut guard = self.cursor.lock().unwrap_or_else(PoisonError::into_inner);
        let state = &mut *guard;
        let mut step = Step {
            paths: Vec::new(),
            results: Vec::new(),
            walk_error: None,
            done: true,
            output_len: state.spec.output_len(),
        };
        if matches!(state.progress, Progress::Unstarted) {
            match start_walk(&state.root, &state.options, state.watch.cancel.clone()) {
                Ok(walker) => state.progress = Progress::Walking(walker),
                Err(e) => {
                    state.progress = Progress::Done;
                    step.walk_error = Some(e);
                    return Ok(step);
                }
            }
        }
        let Progress::Walking(walker) = &mut state.progress else {
            return Ok(step);
        };
        let mut relative = Vec::new();
        for next in walker.by_ref().take(self.max_files) {
            match next {
                Ok(file) => relative.push(file.path),
                Err(e) => {
                    step.walk_error = Some(e);
                    break;
                }
            }
        }
        step.done = step.walk_error.is_some() || relative.len() < self.max_files;
        if step.done {
            state.progress = Progress::Done;
        }
        step.results = crate::pool::pool()
            .install(|| hash_tree_files(&state.root, &relative, &state.spec, &state.watch));
        step.paths = relative.join(&0);
        Ok(step)
    }

    fn resolve(&mut self, _env: Env, step: Self::Output) -> Result<Self::JsValue> {
        Ok(TreeBatch {
            paths: step.paths.into(),
            files: FilesOutcome::of(step.results, step.output_len),
            walk_error: step.walk_error.as_ref().map(WalkOutcome::failed),
            done: step.done,
        })
    }
}
