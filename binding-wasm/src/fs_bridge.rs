//! hashmill-core's walker over Node's `fs`, called synchronously from a pool worker.
//!
//! The JavaScript side (`lib/wasm/fs-bridge.js`) answers in a small binary format so no
//! JS objects need decoding here: a status byte (0 ok, 1 error, 2 missing) and then
//! either the payload or `CODE\nmessage`.

use hashmill_core::{tree, Entry, Fs, FsError, Kind, Stat, WalkError, WalkOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node's fs as lib/wasm/fs-bridge.js exposes it (paths relative to the walk root).
    pub type JsFs;
    #[wasm_bindgen(method, js_name = readDir)]
    fn read_dir(this: &JsFs, path: &[u8]) -> Vec<u8>;
    #[wasm_bindgen(method)]
    fn stat(this: &JsFs, path: &[u8]) -> Vec<u8>;
    #[wasm_bindgen(method, js_name = readFile)]
    fn read_file(this: &JsFs, path: &[u8]) -> Vec<u8>;
}

const OK: u8 = 0;
const ERROR: u8 = 1;
const MISSING: u8 = 2;

fn kind(byte: u8) -> Kind {
    match byte {
        0 => Kind::File,
        1 => Kind::Dir,
        2 => Kind::Symlink,
        _ => Kind::Other,
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The error after an ERROR status byte.
fn error(reply: &[u8]) -> FsError {
    let text = String::from_utf8_lossy(&reply[1..]);
    let (code, message) = text.split_once('\n').unwrap_or(("EIO", &text));
    FsError {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

fn checked(reply: Vec<u8>) -> Result<Vec<u8>, FsError> {
    match reply.first() {
        Some(&OK) => Ok(reply),
        _ => Err(error(&reply)),
    }
}

impl Fs for &JsFs {
    fn read_dir(&mut self, dir: &[u8]) -> Result<Vec<Entry>, FsError> {
        let reply = checked(JsFs::read_dir(self, dir))?;
        let mut entries = Vec::new();
        let mut at = 1;
        while at < reply.len() {
            let len = u32_at(&reply, at + 1) as usize;
            entries.push(Entry {
                kind: kind(reply[at]),
                name: reply[at + 5..at + 5 + len].to_vec(),
            });
            at += 5 + len;
        }
        Ok(entries)
    }

    fn stat(&mut self, path: &[u8]) -> Result<Stat, FsError> {
        let reply = checked(JsFs::stat(self, path))?;
        Ok(Stat {
            kind: kind(reply[1]),
            size: u64_at(&reply, 2),
            id: (u64_at(&reply, 10), u64_at(&reply, 18)),
        })
    }

    fn read_file(&mut self, path: &[u8]) -> Result<Option<Vec<u8>>, FsError> {
        let mut reply = JsFs::read_file(self, path);
        match reply.first() {
            Some(&MISSING) => Ok(None),
            Some(&OK) => {
                reply.remove(0);
                Ok(Some(reply))
            }
            _ => Err(error(&reply)),
        }
    }
}

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Walks the tree `fs` is rooted at. Reply: OK then `[len u32][path][size u64]`...;
/// ERROR then `[len u32][path]CODE\nmessage`; or MISSING-less ERROR for a bad pattern
/// with path = the pattern and code `EPATTERN`.
#[wasm_bindgen]
pub fn walk(
    fs: &JsFs,
    ignore: Vec<String>,
    gitignore: bool,
    hidden: bool,
    follow_symlinks: bool,
) -> Vec<u8> {
    let options = WalkOptions {
        ignore,
        gitignore,
        hidden,
        follow_symlinks,
    };
    let mut out = Vec::new();
    match hashmill_core::walk(&mut &*fs, &options) {
        Ok(files) => {
            out.push(OK);
            for file in files {
                push_bytes(&mut out, &file.path);
                out.extend_from_slice(&file.size.to_le_bytes());
            }
        }
        Err(WalkError::Io(path, e)) => {
            out.push(ERROR);
            push_bytes(&mut out, &path);
            out.extend_from_slice(format!("{}\n{}", e.code, e.message).as_bytes());
        }
        Err(WalkError::Pattern(pattern, message)) => {
            out.push(ERROR);
            push_bytes(&mut out, pattern.as_bytes());
            out.extend_from_slice(format!("EPATTERN\n{message}").as_bytes());
        }
    }
    out
}

/// The coreutils manifest of NUL-separated relative `paths` and their hex `digests`.
#[wasm_bindgen(js_name = buildManifest)]
pub fn build_manifest(paths: &[u8], digests: Vec<String>) -> Vec<u8> {
    let names = paths.split(|&b| b == 0);
    tree::build(names.zip(digests.iter().map(String::as_str)))
}
