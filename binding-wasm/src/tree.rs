//! The core's checksum lines (escaping, styles, whole batches) and tree manifest, for
//! `lib/` and the CLI.

use hashmill_core::tree::{self, LineStyle};
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

/// The checksum lines of a batch of files (see hashmill-core `tree::batch_lines`): GNU
/// style, or BSD style with `tag`; names after `prefix`; the files at `skip` left out.
#[wasm_bindgen(js_name = formatLines)]
pub fn format_lines(
    names: &[u8],
    digests: &[u8],
    digest_length: u32,
    prefix: &[u8],
    tag: Option<String>,
    skip: &[u32],
) -> Vec<u8> {
    let style = tag.as_deref().map_or(LineStyle::Gnu, LineStyle::Tag);
    tree::batch_lines(style, prefix, names, digests, digest_length as usize, skip)
}
