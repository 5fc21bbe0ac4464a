//! One input hashed in pieces by several workers, and the merge of the pieces (see
//! hashmill-core's `pieces`): BLAKE3 subtrees or CRC ranges, how the wasm backend puts
//! several workers on one buffer or one file.

use crate::spec::{core_error, decode};
use crate::staging::with_staged;
use hashmill_core::{PieceHasher, Sink};
use wasm_bindgen::prelude::*;

/// The piece of an input that starts `input_offset` bytes into it.
#[wasm_bindgen]
pub struct WasmPiece(PieceHasher);

#[wasm_bindgen]
impl WasmPiece {
    /// A piece starting `input_offset` bytes into the input.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &[u8], input_offset: u64) -> Result<WasmPiece, JsError> {
        PieceHasher::new(&decode(spec)?, input_offset)
            .map(WasmPiece)
            .ok_or_else(|| JsError::new("inputs of this algorithm are not hashed in pieces"))
    }

    /// Feeds the first `len` bytes of the staging area.
    #[wasm_bindgen(js_name = updateStaged)]
    pub fn update_staged(&mut self, len: usize) {
        with_staged(len, |data| self.0.update(data));
    }

    /// The piece's result: a chaining value (BLAKE3) or the piece's CRC.
    pub fn finalize(&mut self) -> Vec<u8> {
        self.0.finish()
    }
}

/// The digest of an input from its pieces' results (concatenated in order) for pieces of
/// `piece_len` bytes covering `total_len` bytes.
#[wasm_bindgen(js_name = mergePieces)]
pub fn merge_pieces(
    spec: &[u8],
    results: &[u8],
    piece_len: u64,
    total_len: u64,
) -> Result<Vec<u8>, JsError> {
    hashmill_core::merge_pieces(&decode(spec)?, results, piece_len, total_len).map_err(core_error)
}
