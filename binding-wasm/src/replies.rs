//! The byte replies of the file calls, which `lib/wasm/replies.js` decodes: small binary
//! records instead of JS objects, which wasm-bindgen would build one property at a time.
//!
//! - a file: `[0][size u64][digest]`;
//! - the columns of many files: `[count u32]`, `count` sizes (f64), `count` digests, then per
//!   failure `[index u32][len u32][CODE\nmessage]`;
//! - a walk step: `[0][count u32]`, then its paths, NUL-separated;
//! - a walk's sizes: `[0][count u32]`, then `count` sizes (f64);
//! - a failure: `[1][len u32][path][CODE\nmessage]` (path empty when there is none).

#[cfg(feature = "node")]
use hashmill_core::WalkedFile;
use hashmill_core::{Error, FileDigest};

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

/// A walk step's reply: its files' paths, joined as JavaScript passes lists of paths.
#[cfg(feature = "node")]
pub fn walked(files: &[WalkedFile]) -> Vec<u8> {
    let joined: usize = files.iter().map(|file| file.path.len() + 1).sum();
    let mut out = Vec::with_capacity(5 + joined);
    out.push(OK);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(&file.path);
    }
    out
}

/// The reply of sizes found apart from their walk.
#[cfg(feature = "node")]
pub fn sizes(sizes: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(5 + 8 * sizes.len());
    out.push(OK);
    out.extend_from_slice(&(sizes.len() as u32).to_le_bytes());
    for &size in sizes {
        out.extend_from_slice(&(size as f64).to_le_bytes());
    }
    out
}

/// The columns reply of many files' results, digests of `output_len` bytes (zeros where a
/// file failed).
pub fn columns(results: &[Result<FileDigest, Error>], output_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + results.len() * (8 + output_len));
    out.extend_from_slice(&(results.len() as u32).to_le_bytes());
    for result in results {
        let size = result.as_ref().map_or(0.0, |d| d.size as f64);
        out.extend_from_slice(&size.to_le_bytes());
    }
    for result in results {
        match result {
            Ok(done) => out.extend_from_slice(&done.digest),
            Err(_) => out.resize(out.len() + output_len, 0),
        }
    }
    for (i, result) in results.iter().enumerate() {
        if let Err(e) = result {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            push_bytes(&mut out, format!("{}\n{e}", e.code()).as_bytes());
        }
    }
    out
}
