//! # hashmill wasm module
//!
//! The wasm-bindgen face of `hashmill-core` for the fallback backend. Each worker of the
//! pool in `lib/wasm/` owns one instance; the JavaScript side moves bytes in chunks and
//! keeps all scheduling, cancellation and I/O, so this crate stays synchronous and small.

// Every unsafe block says why it is sound; clippy (-D warnings in `npm run lint`) enforces it.
#![warn(clippy::undocumented_unsafe_blocks)]

mod fs_bridge;

use hashmill_core::{Algorithm, Cv, Hasher, SeedWidth, Spec, SubtreeHasher};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

pub use fs_bridge::{build_manifest, walk, JsFs};

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
    /// Where JavaScript writes input (file reads, SharedArrayBuffer ranges) for
    /// [`WasmHasher::update_staged`], so chunks land in this memory with one copy.
    static STAGING: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A pointer to a staging area of at least `len` bytes in this instance's memory.
/// Calling it again (or growing memory) may move it: take the pointer before each write.
#[wasm_bindgen(js_name = stagingPointer)]
pub fn staging_pointer(len: usize) -> *mut u8 {
    STAGING.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() < len {
            s.resize(len, 0);
        }
        s.as_mut_ptr()
    })
}

/// Installs a panic hook that keeps the message, so a trap can be reported with its cause.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|m| *m.borrow_mut() = info.to_string());
    }));
}

/// The message of the last panic, read by JavaScript after a `RuntimeError` trap.
#[wasm_bindgen(js_name = lastPanicMessage)]
pub fn last_panic_message() -> String {
    LAST_PANIC.with(|m| m.borrow().clone())
}

/// The algorithm table, as JSON in the shape the native binding returns as objects.
#[wasm_bindgen(js_name = algorithmTableJson)]
pub fn algorithm_table_json() -> String {
    let rows: Vec<String> = Algorithm::ALL
        .into_iter()
        .map(|a| {
            let seed_bits = match a.seed_width() {
                SeedWidth::None => 0,
                SeedWidth::Bits32 => 32,
                SeedWidth::Bits64 => 64,
            };
            format!(
                r#"{{"id":{},"name":"{}","digestLength":{},"xof":{},"keyModes":{},"seedBits":{},"parallel":{}}}"#,
                a.id(),
                a.name(),
                a.digest_len(),
                a.is_xof(),
                a.has_key_modes(),
                seed_bits,
                a.is_parallel()
            )
        })
        .collect();
    format!("[{}]", rows.join(","))
}

fn spec(
    algorithm: u32,
    seed: Option<u64>,
    key: Option<Vec<u8>>,
    context: Option<String>,
) -> Result<Spec, JsError> {
    let algorithm = Algorithm::from_id(algorithm)
        .ok_or_else(|| JsError::new(&format!("unknown algorithm id {algorithm}")))?;
    Ok(Spec::new(
        algorithm,
        key.as_deref(),
        context.as_deref(),
        seed,
    )?)
}

/// Hashes `data` in one call.
#[wasm_bindgen(js_name = hashSync)]
pub fn hash_sync(
    algorithm: u32,
    data: &[u8],
    output_length: u32,
    seed: Option<u64>,
    key: Option<Vec<u8>>,
    context: Option<String>,
) -> Result<Vec<u8>, JsError> {
    let spec = spec(algorithm, seed, key, context)?;
    Ok(hashmill_core::hash_vec(
        &spec,
        data,
        output_length as usize,
    )?)
}

/// A streaming hasher living in this instance's memory.
#[wasm_bindgen]
pub struct WasmHasher(Hasher);

#[wasm_bindgen]
impl WasmHasher {
    #[wasm_bindgen(constructor)]
    pub fn new(
        algorithm: u32,
        seed: Option<u64>,
        key: Option<Vec<u8>>,
        context: Option<String>,
    ) -> Result<WasmHasher, JsError> {
        Ok(WasmHasher(Hasher::new(spec(
            algorithm, seed, key, context,
        )?)))
    }

    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// Feeds the first `len` bytes of the staging area (see [`staging_pointer`]).
    #[wasm_bindgen(js_name = updateStaged)]
    pub fn update_staged(&mut self, len: usize) {
        STAGING.with(|s| self.0.update(&s.borrow()[..len]));
    }

    pub fn digest(&self, output_length: u32) -> Result<Vec<u8>, JsError> {
        Ok(self.0.finalize_vec(output_length as usize)?)
    }

    pub fn copy(&self) -> WasmHasher {
        WasmHasher(self.0.clone())
    }

    pub fn reset(&mut self) {
        self.0.reset();
    }
}

/// One piece of a BLAKE3 input, hashed by one worker (see hashmill-core's `subtree`).
#[wasm_bindgen]
pub struct WasmSubtree(SubtreeHasher);

#[wasm_bindgen]
impl WasmSubtree {
    /// A piece starting `input_offset` bytes into the input.
    #[wasm_bindgen(constructor)]
    pub fn new(
        seed: Option<u64>,
        key: Option<Vec<u8>>,
        context: Option<String>,
        input_offset: u64,
    ) -> Result<WasmSubtree, JsError> {
        let spec = spec(Algorithm::Blake3.id(), seed, key, context)?;
        Ok(WasmSubtree(SubtreeHasher::new(&spec, input_offset)))
    }

    /// Feeds the first `len` bytes of the staging area.
    #[wasm_bindgen(js_name = updateStaged)]
    pub fn update_staged(&mut self, len: usize) {
        STAGING.with(|s| self.0.update(&s.borrow()[..len]));
    }

    /// The piece's 32-byte chaining value.
    pub fn finalize(&self) -> Vec<u8> {
        self.0.finalize().to_vec()
    }
}

/// The root output of a BLAKE3 input from its pieces' chaining values (32 bytes each,
/// concatenated in order) for pieces of `piece_len` bytes covering `total_len` bytes.
#[wasm_bindgen(js_name = mergeSubtrees)]
pub fn merge_subtrees(
    seed: Option<u64>,
    key: Option<Vec<u8>>,
    context: Option<String>,
    cvs: &[u8],
    piece_len: u64,
    total_len: u64,
    output_length: u32,
) -> Result<Vec<u8>, JsError> {
    let spec = spec(Algorithm::Blake3.id(), seed, key, context)?;
    let layout_ok = hashmill_core::valid_piece_len(piece_len)
        && total_len > piece_len
        && cvs.len() as u64 == 32 * total_len.div_ceil(piece_len);
    if !layout_ok {
        return Err(JsError::new("invalid subtree layout"));
    }
    let cvs: Vec<Cv> = cvs
        .chunks_exact(32)
        .map(|c| c.try_into().expect("32 bytes"))
        .collect();
    let mut out = vec![0; output_length as usize];
    hashmill_core::merge_subtrees(&spec, &cvs, piece_len, total_len, &mut out)?;
    Ok(out)
}

/// hashmill-core's verdict on a file that may have changed size while it was hashed:
/// the size to report, or `undefined` if it did not change.
#[wasm_bindgen(js_name = changedSize)]
pub fn changed_size(regular: bool, before: f64, hashed: f64, after: f64) -> Option<f64> {
    hashmill_core::changed_size(regular, before as u64, hashed as u64, after as u64)
        .map(|n| n as f64)
}
