//! The core's checksum-line escaping and tree manifest, for `lib/` and the CLI.

use wasm_bindgen::prelude::*;

/// The manifest of NUL-separated relative `paths` and their `digests` (concatenated, each
/// `digest_length` bytes).
#[wasm_bindgen(js_name = buildManifest)]
pub fn build_manifest(paths: &[u8], digests: &[u8], digest_length: u32) -> Vec<u8> {
    hashmill_core::tree::build_joined(paths, digests, digest_length as usize)
}

/// The coreutils-escaped form of a name, or `undefined` if it needs none.
#[wasm_bindgen(js_name = escapeName)]
pub fn escape_name(name: &[u8]) -> Option<Vec<u8>> {
    hashmill_core::tree::escape(name)
}

/// The name an escaped one stands for, or `undefined` if it holds an unknown escape.
#[wasm_bindgen(js_name = unescapeName)]
pub fn unescape_name(text: &[u8]) -> Option<Vec<u8>> {
    hashmill_core::tree::unescape(text)
}
