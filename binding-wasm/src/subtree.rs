//! One piece of a BLAKE3 input hashed by one worker, and the merge of the pieces (see
//! hashmill-core's `subtree`): how the wasm backend puts several workers on one input.

use crate::spec::{core_error, decode};
use crate::staging::with_staged;
use hashmill_core::{Cv, SubtreeHasher};
use wasm_bindgen::prelude::*;

/// The piece of a BLAKE3 input that starts `input_offset` bytes into it.
#[wasm_bindgen]
pub struct WasmSubtree(SubtreeHasher);

#[wasm_bindgen]
impl WasmSubtree {
    /// A piece starting `input_offset` bytes into the input.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &[u8], input_offset: u64) -> Result<WasmSubtree, JsError> {
        Ok(WasmSubtree(SubtreeHasher::new(
            &decode(spec)?,
            input_offset,
        )))
    }

    /// Feeds the first `len` bytes of the staging area.
    #[wasm_bindgen(js_name = updateStaged)]
    pub fn update_staged(&mut self, len: usize) {
        with_staged(len, |data| self.0.update(data));
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
    spec: &[u8],
    cvs: &[u8],
    piece_len: u64,
    total_len: u64,
) -> Result<Vec<u8>, JsError> {
    let spec = decode(spec)?;
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
    let mut out = vec![0; spec.output_len()];
    hashmill_core::merge_subtrees(&spec, &cvs, piece_len, total_len, &mut out)
        .map_err(|e| core_error(e.into()))?;
    Ok(out)
}
