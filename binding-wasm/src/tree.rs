//! The core's checksum lines (escaping, styles, whole batches) and tree manifest, for
//! `lib/` and the CLI.

use hashmill_core::tree::{self, LineFormat};
use wasm_bindgen::prelude::*;

/// The manifest of NUL-separated relative `paths` and their `digests` (concatenated, each
/// `digest_length` bytes).
#[wasm_bindgen(js_name = buildManifest)]
pub fn build_manifest(paths: &[u8], digests: &[u8], digest_length: u32) -> Vec<u8> {
    tree::build_joined(paths, digests, digest_length as usize)
}

/// The coreutils-escaped form of a name, or `undefined` if it needs none.
#[wasm_bindgen(js_name = escapeName)]
pub fn escape_name(name: &[u8]) -> Option<Vec<u8>> {
    tree::escape(name)
}

/// The name an escaped one stands for, or `undefined` if it holds an unknown escape.
#[wasm_bindgen(js_name = unescapeName)]
pub fn unescape_name(text: &[u8]) -> Option<Vec<u8>> {
    tree::unescape(text)
}

/// The checksum lines of a batch of files (see hashmill-core `tree::batch_lines`) in the
/// `format` its descriptor names (`tree::LineFormat::parse`); names after `prefix`; the files
/// at `skip` left out.
#[wasm_bindgen(js_name = formatLines)]
pub fn format_lines(
    names: &[u8],
    digests: &[u8],
    digest_length: u32,
    prefix: &[u8],
    format: &str,
    skip: &[u32],
) -> Result<Vec<u8>, JsError> {
    let format = LineFormat::parse(format)
        .ok_or_else(|| JsError::new(&format!("unknown line format {format:?}")))?;
    Ok(tree::batch_lines(
        &format,
        prefix,
        names,
        digests,
        digest_length as usize,
        skip,
    ))
}
