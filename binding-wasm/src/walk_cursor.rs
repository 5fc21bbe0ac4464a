//! A directory walk in path order, a step at a time, over the fs bridge (hashmill-core's
//! streaming walker): a pool worker keeps the cursor while the other workers hash what it
//! found (or stat it, for a walk's sizes), so a tree of any size streams through in bounded
//! memory. The cursor lists names only: whoever takes its files learns their sizes.

use crate::fs_bridge::JsFs;
use crate::replies;
use hashmill_core::{sizes_of, Error, WalkOptions, Walker};
use wasm_bindgen::prelude::*;

/// A walk of the tree the bridge is rooted at.
#[wasm_bindgen]
pub struct WalkCursor(Result<Walker<JsFs>, Option<Error>>);

#[wasm_bindgen]
impl WalkCursor {
    /// Starts the walk (reading the root); a failure is given by the first `next`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        fs: JsFs,
        ignore: Vec<String>,
        gitignore: bool,
        hidden: bool,
        follow_symlinks: bool,
    ) -> WalkCursor {
        let options = WalkOptions {
            ignore,
            gitignore,
            hidden,
            follow_symlinks,
            skip_sizes: true,
        };
        WalkCursor(Walker::new(fs, &options).map_err(Some))
    }

    /// The next files, at most `max_files`: a walk step's reply, fewer files than asked at
    /// the end; or a failure reply, once.
    pub fn next(&mut self, max_files: u32) -> Vec<u8> {
        let walker = match &mut self.0 {
            Ok(walker) => walker,
            Err(failure) => {
                return failure
                    .take()
                    .map_or_else(|| replies::walked(&[]), |e| replies::failed(&e))
            }
        };
        let mut files = Vec::new();
        for next in walker.by_ref().take(max_files as usize) {
            match next {
                Ok(file) => files.push(file),
                Err(e) => {
                    self.0 = Err(None);
                    return replies::failed(&e);
                }
            }
        }
        replies::walked(&files)
    }
}

/// The sizes of the NUL-separated `paths` a walk without sizes found, relative to the
/// bridge's root: a sizes reply, or the failure a listing with sizes would have had.
#[wasm_bindgen(js_name = walkSizes)]
pub fn walk_sizes(fs: JsFs, paths: &[u8]) -> Vec<u8> {
    match sizes_of(&fs, paths.split(|&b| b == 0)) {
        Ok(sizes) => replies::sizes(&sizes),
        Err(e) => replies::failed(&e),
    }
}
