//! The core's checksum lines (escaping, styles, whole batches) and tree manifest, for
//! `lib/` and the CLI.

use hashmill_core::tree::{self, LineFormat};
use napi::bindgen_prelude::{Buffer, Uint8ArraySlice};
use napi::{Error, Status};
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

/// The checksum lines of a batch of files (see hashmill-core `tree::batch_lines`) in the
/// `format` its descriptor names (`tree::LineFormat::parse`); names after `prefix`; the files
/// at `skip` left out.
#[napi]
pub fn format_lines(
    names: Uint8ArraySlice,
    digests: Uint8ArraySlice,
    digest_length: u32,
    prefix: Uint8ArraySlice,
    format: String,
    skip: Vec<u32>,
) -> napi::Result<Buffer> {
    let format = LineFormat::parse(&format).ok_or_else(|| {
        Error::new(
            Status::InvalidArg,
            format!("unknown line format {format:?}"),
        )
    })?;
    Ok(tree::batch_lines(
        &format,
        &prefix,
        &names,
        &digests,
        digest_length as usize,
        &skip,
    )
    .into())
}
