//! Hashing one file through the fs bridge with the core's file loop, reading into the
//! staging area, into the core's hasher or a sink JavaScript brings.

use crate::fs_bridge::{JsFile, JsFs};
use crate::replies;
use crate::spec::decode;
use crate::staging::with_staging_mut;
use hashmill_core::{hash_open_file, Hasher, Sink};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A hasher JavaScript brings (node:crypto, for the algorithms OpenSSL has).
    pub type JsSink;
    #[wasm_bindgen(method)]
    fn update(this: &JsSink, pointer: *const u8, len: usize);
    #[wasm_bindgen(method)]
    fn digest(this: &JsSink) -> Vec<u8>;
}

impl Sink for &JsSink {
    fn update(&mut self, data: &[u8]) {
        // JavaScript reads `data` through a view of this instance's memory, during the call.
        JsSink::update(self, data.as_ptr(), data.len());
    }
    fn finish(&mut self) -> Vec<u8> {
        self.digest()
    }
}

/// Hashes the file at `path` with the core's hasher for `spec` or, when given, `sink`.
/// The reply is a file or failure reply (see `replies`).
#[wasm_bindgen(js_name = hashFile)]
pub fn hash_file(
    spec: &[u8],
    fs: &JsFs,
    path: &[u8],
    sink: Option<JsSink>,
) -> Result<Vec<u8>, JsError> {
    let mut hasher = Hasher::new(decode(spec)?);
    let mut file = match JsFile::open(fs, path) {
        Ok(file) => file,
        Err(e) => return Ok(replies::failed(&e)),
    };
    let mut js_sink = sink.as_ref();
    let sink: &mut dyn Sink = match &mut js_sink {
        Some(js) => js,
        None => &mut hasher,
    };
    let result = with_staging_mut(|buffer| hash_open_file(&mut file, sink, buffer, fs));
    Ok(match result {
        Ok(digest) => replies::file(&digest),
        Err(e) => replies::failed(&e),
    })
}
