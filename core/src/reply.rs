//! The build-tool calls' results as bytes for `lib/` (one decoder there serves both
//! backends): cached file hashing, git trees and work trees, and the cache bytes that
//! go back with them from a binding that keeps no cache between calls.
//!
//! All little-endian. A record list starts with its count (u32); a byte string is its
//! length (u32) and its bytes.

use crate::cache::CacheStore;
use crate::error::Error;
use crate::file::FileDigest;
use crate::git::{DirTree, TreeEntry, WorkTree};
use crate::spec::Spec;

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

/// The text of a failed call: `CODE\nmessage`, then a NUL and the path (relative to the
/// call's root) when the error names one.
pub fn failure_text(e: &Error) -> String {
    match e.path() {
        Some(path) => format!("{}\n{e}\0{}", e.code(), String::from_utf8_lossy(path)),
        None => format!("{}\n{e}", e.code()),
    }
}

/// `reply` and the cache's saved form in one (how a binding that keeps no cache between
/// calls gives it back): the reply after its length (u32), then the saved form, written in
/// place.
pub fn with_cache(reply: &[u8], cache: &CacheStore) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + reply.len() + cache.saved_len());
    bytes(&mut out, reply);
    cache.write_to(&mut out);
    out
}

/// Files as columns, so that lib/ reads them without a step per file: `[count]`, every
/// size (f64, exact below 2^53), every digest (`output_len` bytes each, zeros for a failed
/// file), then the failures: `[count]` and per failure `[index u32][code][message]`.
pub fn files(results: &[Result<FileDigest, Error>], output_len: usize) -> Vec<u8> {
    let failed = results.iter().filter(|r| r.is_err()).count();
    let mut out = Vec::with_capacity(8 + results.len() * (8 + output_len) + failed * 64);
    count(&mut out, results.len());
    for result in results {
        let size = result.as_ref().map_or(0, |file| file.size);
        out.extend_from_slice(&(size as f64).to_le_bytes());
    }
    for result in results {
        match result {
            Ok(file) => out.extend_from_slice(&file.digest),
            Err(_) => out.resize(out.len() + output_len, 0),
        }
    }
    count(&mut out, failed);
    for (index, result) in results.iter().enumerate() {
        if let Err(e) = result {
            count(&mut out, index);
            bytes(&mut out, e.code().as_bytes());
            bytes(&mut out, e.to_string().as_bytes());
        }
    }
    out
}

/// A directory's files hashed with `spec`: `[paths, NUL-separated][files][manifest]
/// [digest]` (see [`files`]): its manifest and the manifest's digest (hashDirectory's), both
/// empty when a file failed.
pub fn tree_files(
    paths: &[Vec<u8>],
    results: &[Result<FileDigest, Error>],
    spec: &Spec,
) -> Vec<u8> {
    let mut out = Vec::new();
    bytes(&mut out, &paths.join(&0u8));
    out.extend_from_slice(&files(results, spec.output_len()));
    let digests: Option<Vec<&[u8]>> = results
        .iter()
        .map(|r| r.as_ref().ok().map(|f| f.digest.as_slice()))
        .collect();
    match digests {
        Some(digests) => {
            let manifest = crate::manifest::build(paths.iter().map(Vec::as_slice).zip(digests));
            bytes(&mut out, &manifest);
            bytes(&mut out, &crate::hash_vec(spec, &manifest));
        }
        None => {
            bytes(&mut out, &[]);
            bytes(&mut out, &[]);
        }
    }
    out
}

/// Tree entries: `[mode u32][size u64][id][path]`.
fn entries(out: &mut Vec<u8>, entries: &[TreeEntry]) {
    count(out, entries.len());
    for e in entries {
        out.extend_from_slice(&e.mode.to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        bytes(out, &e.id);
        bytes(out, &e.path);
    }
}

fn paths(out: &mut Vec<u8>, list: &[Vec<u8>]) {
    count(out, list.len());
    list.iter().for_each(|p| bytes(out, p));
}

/// A directory's tree: `[id][entries][ls-tree listing]`.
pub fn dir_tree(tree: &DirTree) -> Vec<u8> {
    let mut out = Vec::new();
    bytes(&mut out, &tree.id);
    entries(&mut out, &tree.entries);
    bytes(&mut out, &crate::git::tree::ls_tree(&tree.entries));
    out
}

/// A work tree: `[files][modified][deleted][untracked][unmerged][unsupported: path, reason]`.
pub fn work_tree(tree: &WorkTree) -> Vec<u8> {
    let mut out = Vec::new();
    entries(&mut out, &tree.files);
    paths(&mut out, &tree.modified);
    paths(&mut out, &tree.deleted);
    paths(&mut out, &tree.untracked);
    paths(&mut out, &tree.unmerged);
    count(&mut out, tree.unsupported.len());
    for (path, reason) in &tree.unsupported {
        bytes(&mut out, path);
        bytes(&mut out, reason.as_bytes());
    }
    out
}
