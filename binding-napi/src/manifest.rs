//! The core's checksum lines (escaping, styles, whole batches) and tree manifest, for
//! `lib/` and the CLI.

use hashmill_core::tree::{self, LineStyle};
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
    tree::build_joined(&paths, &digests, digest_length as usize).into()
}

/// The coreutils-escaped form of a name, or `null` if it needs none.
#[napi]
pub fn escape_name(name: Uint8ArraySlice) -> Option<Buffer> {
    tree::escape(&name).map(Buffer::from)
}

/// The name an escaped one stands for, or `null` if it holds an unknown escape.
#[napi]
pub fn unescape_name(text: Uint8ArraySlice) -> Option<Buffer> {
    tree::unescape(&text).map(Buffer::from)
}

/// The checksum lines of a batch of files (see hashmill-core `tree::batch_lines`): GNU
/// style, or BSD style with `tag`; names after `prefix`; the files at `skip` left out.
#[napi]
pub fn format_lines(
    names: Uint8ArraySlice,
    digests: Uint8ArraySlice,
    digest_length: u32,
    prefix: Uint8ArraySlice,
    tag: Option<String>,
    skip: Vec<u32>,
) -> Buffer {
    let style = tag.as_deref().map_or(LineStyle::Gnu, LineStyle::Tag);
    tree::batch_lines(
        style,
        &prefix,
        &names,
        &digests,
        digest_length as usize,
        &skip,
    )
    .into()
}
