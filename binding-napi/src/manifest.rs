//! The core's checksum-line escaping and tree manifest, for `lib/` and the CLI.

use napi::bindgen_prelude::{Buffer, Uint8ArraySlice};
use napi_derive::napi;

/// The manifest of NUL-separated relative `paths` and their `digests` (concatenated, each
/// `digest_length` bytes).
#[napi]
pub fn build_manifest(
    paths: Uint8ArraySlice,
    digests: Uint8ArraySlice,
    digest_length: u32,
) -> Buffer {
    hashmill_core::tree::build_joined(&paths, &digests, digest_length as usize).into()
}

/// The coreutils-escaped form of a name, or `null` if it needs none.
#[napi]
pub fn escape_name(name: Uint8ArraySlice) -> Option<Buffer> {
    hashmill_core::tree::escape(&name).map(Buffer::from)
}

/// The name an escaped one stands for, or `null` if it holds an unknown escape.
#[napi]
pub fn unescape_name(text: Uint8ArraySlice) -> Option<Buffer> {
    hashmill_core::tree::unescape(&text).map(Buffer::from)
}
