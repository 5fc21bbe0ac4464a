//! The byte replies of the file calls, which `lib/wasm/replies.js` decodes: small binary
//! records instead of JS objects, which wasm-bindgen would build one property at a time.
//!
//! - a file: `[0][size u64][digest]`;
//! - a walk step: `[0][count u32]`, then `[len u32][path][size u64]` per file;
//! - a failure: `[1][len u32][path][CODE\nmessage]` (path empty when there is none).

use hashmill_core::{Error, FileDigest, WalkedFile};

const OK: u8 = 0;
const FAILED: u8 = 1;

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// A failure reply.
pub fn failed(e: &Error) -> Vec<u8> {
    let mut out = vec![FAILED];
    push_bytes(&mut out, e.path().unwrap_or_default());
    out.extend_from_slice(format!("{}\n{e}", e.code()).as_bytes());
    out
}

/// A hashed file's reply.
pub fn file(digest: &FileDigest) -> Vec<u8> {
    let mut out = vec![OK];
    out.extend_from_slice(&digest.size.to_le_bytes());
    out.extend_from_slice(&digest.digest);
    out
}

/// A walk step's reply.
pub fn walked(files: &[WalkedFile]) -> Vec<u8> {
    let mut out = vec![OK];
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for file in files {
        push_bytes(&mut out, &file.path);
        out.extend_from_slice(&file.size.to_le_bytes());
    }
    out
}
