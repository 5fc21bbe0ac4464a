//! Hashing one file through the fs bridge with the core's file loop, reading into the
//! staging area, into the core's hasher or a sink JavaScript brings.

use crate::fs_bridge::{JsFile, JsFs};
use crate::replies;
use crate::spec::decode;
use crate::staging::with_staging_mut;
use hashmill_core::{
    hash_file_range, hash_open_file, Error, FileDigest, FileRange, Hasher, PieceHasher, Sink, Spec,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A hasher JavaScript brings (node:crypto, for the algorithms OpenSSL has).
    pub type JsSink;
    #[wasm_bindgen(method)]
    fn update(this: &JsSink, pointer: *const u8, len: usize);
    #[wasm_bindgen(method)]
    fn digest(this: &JsSink) -> Vec<u8>;

    /// Makes a [`JsSink`] per file, or gives `undefined` for the core's own hasher.
    pub type JsSinks;
    #[wasm_bindgen(method)]
    fn next(this: &JsSinks) -> Option<JsSink>;
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

/// Hashes the file at `path` into the core's hasher for `spec` or, when given, `sink`.
pub(crate) fn hash_one(
    spec: &Spec,
    fs: &JsFs,
    path: &[u8],
    sink: Option<JsSink>,
) -> Result<FileDigest, Error> {
    let mut hasher = Hasher::for_file(spec);
    let mut file = JsFile::open(fs, path)?;
    let mut js_sink = sink.as_ref();
    let sink: &mut dyn Sink = match &mut js_sink {
        Some(js) => js,
        None => &mut hasher,
    };
    with_staging_mut(|buffer| hash_open_file(&mut file, sink, buffer, fs))
}

/// Hashes the file at `path` (see `hash_one`). The reply is a file or failure reply (see
/// `replies`).
#[wasm_bindgen(js_name = hashFile)]
pub fn hash_file(
    spec: &[u8],
    fs: &JsFs,
    path: &[u8],
    sink: Option<JsSink>,
) -> Result<Vec<u8>, JsError> {
    Ok(match hash_one(&decode(spec)?, fs, path, sink) {
        Ok(digest) => replies::file(&digest),
        Err(e) => replies::failed(&e),
    })
}

/// Hashes each file of the NUL-separated `paths`, in order, with a sink from `sinks` per
/// file where it gives one. The reply is one columns reply for them all (see `replies`), so
/// a batch costs one allocation in JavaScript, not one per file.
#[wasm_bindgen(js_name = hashFiles)]
pub fn hash_files(
    spec: &[u8],
    fs: &JsFs,
    paths: &[u8],
    sinks: &JsSinks,
) -> Result<Vec<u8>, JsError> {
    let spec = decode(spec)?;
    let results: Vec<Result<FileDigest, Error>> = paths
        .split(|&b| b == 0)
        .map(|path| {
            let result = hash_one(&spec, fs, path, sinks.next());
            fs.file_done();
            result
        })
        .collect();
    Ok(replies::columns(&results, spec.output_len()))
}

/// Hashes `len` bytes from `offset` of the file at `path`, a file of `size` bytes, as the
/// piece of it that starts there (see hashmill-core's `pieces`). The reply is a file reply
/// whose digest is the piece's result, or a failure reply (`ECHANGED` when the file is no
/// longer `size` bytes or ends early).
#[wasm_bindgen(js_name = hashFileRange)]
pub fn hash_file_range_reply(
    spec: &[u8],
    fs: &JsFs,
    path: &[u8],
    offset: u64,
    len: u64,
    size: u64,
) -> Result<Vec<u8>, JsError> {
    let spec = decode(spec)?;
    let mut piece = PieceHasher::new(&spec, offset)
        .ok_or_else(|| JsError::new("inputs of this algorithm are not hashed in pieces"))?;
    let range = FileRange { offset, len, size };
    let result = JsFile::open(fs, path).and_then(|mut file| {
        with_staging_mut(|buffer| hash_file_range(&mut file, &mut piece, buffer, fs, range))
    });
    Ok(match result {
        Ok(digest) => replies::file(&FileDigest { size: len, digest }),
        Err(e) => replies::failed(&e),
    })
}
