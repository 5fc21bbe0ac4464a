//! hashmill-core's walker and file-hashing loop over Node's `fs`, called synchronously from
//! a pool worker (or the calling thread, for `hashFileSync`).
//!
//! `lib/wasm/fs-bridge.js` implements [`JsFs`]: small binary replies so no JS objects need
//! decoding here, `undefined` (or a negative number) for a failure whose `CODE\nmessage`
//! [`JsFs::error`] then gives, and the cancel flag and progress counters of the call. The
//! results go back as bytes too (see [`walk`] and [`hash_file`]), which
//! `lib/wasm/replies.js` decodes.

use crate::spec::decode;
use crate::staging::with_staging_mut;
use hashmill_core::{
    hash_open_file, walk as walk_tree, Entry, Error, Fs, Hasher, Kind, Observer, OpenFile, Sink,
    Stat, WalkOptions,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node's fs as lib/wasm/fs-bridge.js exposes it, with the call's cancel flag and progress.
    pub type JsFs;
    #[wasm_bindgen(method, js_name = readDir)]
    fn read_dir(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    #[wasm_bindgen(method)]
    fn stat(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, js_name = readFile)]
    fn read_file(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    #[wasm_bindgen(method)]
    fn open(this: &JsFs, path: &[u8]) -> f64;
    #[wasm_bindgen(method)]
    fn fstat(this: &JsFs, fd: f64) -> Option<Vec<u8>>;
    #[wasm_bindgen(method)]
    fn read(this: &JsFs, fd: f64, pointer: *mut u8, len: usize) -> f64;
    #[wasm_bindgen(method)]
    fn close(this: &JsFs, fd: f64);
    /// `CODE\nmessage` of the last failed call.
    #[wasm_bindgen(method)]
    fn error(this: &JsFs) -> String;
    #[wasm_bindgen(method)]
    fn cancelled(this: &JsFs) -> bool;
    #[wasm_bindgen(method)]
    fn progress(this: &JsFs, bytes: f64);

    /// A hasher JavaScript brings (node:crypto, for the algorithms OpenSSL has).
    pub type JsSink;
    #[wasm_bindgen(method)]
    fn update(this: &JsSink, pointer: *const u8, len: usize);
    #[wasm_bindgen(method)]
    fn digest(this: &JsSink) -> Vec<u8>;
}

impl Sink for &JsSink {
    fn update(&mut self, data: &[u8]) {
        // JavaScript reads `data` through a view of this instance's memory, during the call.
        JsSink::update(self, data.as_ptr(), data.len());
    }
    fn finish(&mut self) -> Vec<u8> {
        self.digest()
    }
}

impl JsFs {
    /// The last failure as a core error.
    fn failure(&self) -> Error {
        let text = self.error();
        let (code, message) = text.split_once('\n').unwrap_or(("EIO", &text));
        Error::os(code.to_owned(), message)
    }

    fn reply(&self, reply: Option<Vec<u8>>) -> Result<Vec<u8>, Error> {
        reply.ok_or_else(|| self.failure())
    }
}

fn kind(byte: u8) -> Kind {
    match byte {
        0 => Kind::File,
        1 => Kind::Dir,
        2 => Kind::Symlink,
        _ => Kind::Other,
    }
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// A stat reply: `[kind u8][size u64][dev u64][ino u64]`.
fn stat_of(reply: &[u8]) -> Stat {
    Stat {
        kind: kind(reply[0]),
        size: u64_at(reply, 1),
        id: (u64_at(reply, 9), u64_at(reply, 17)),
    }
}

impl Fs for &JsFs {
    fn read_dir(&mut self, dir: &[u8]) -> Result<Vec<Entry>, Error> {
        if JsFs::cancelled(self) {
            return Err(Error::cancelled());
        }
        let reply = self.reply(JsFs::read_dir(self, dir))?;
        let mut entries = Vec::new();
        let mut at = 0;
        while at < reply.len() {
            let len = u32::from_le_bytes(reply[at + 1..at + 5].try_into().expect("4 bytes"));
            let end = at + 5 + len as usize;
            entries.push(Entry {
                kind: kind(reply[at]),
                name: reply[at + 5..end].to_vec(),
            });
            at = end;
        }
        Ok(entries)
    }

    fn stat(&mut self, path: &[u8]) -> Result<Stat, Error> {
        Ok(stat_of(&self.reply(JsFs::stat(self, path))?))
    }

    fn read_file(&mut self, path: &[u8]) -> Result<Vec<u8>, Error> {
        self.reply(JsFs::read_file(self, path))
    }
}

/// An open file descriptor of the bridge.
struct JsFile<'a> {
    fs: &'a JsFs,
    fd: f64,
}

impl OpenFile for JsFile<'_> {
    fn stat(&mut self) -> Result<Stat, Error> {
        Ok(stat_of(&self.fs.reply(self.fs.fstat(self.fd))?))
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        // JavaScript writes straight into `buffer` (a view of this instance's memory at
        // this pointer), as a C `read` would through the pointer it is given.
        let n = self.fs.read(self.fd, buffer.as_mut_ptr(), buffer.len());
        if n < 0.0 {
            return Err(self.fs.failure());
        }
        Ok((n as usize).min(buffer.len()))
    }
}

impl Drop for JsFile<'_> {
    fn drop(&mut self) {
        self.fs.close(self.fd);
    }
}

impl Observer for &JsFs {
    fn progress(&self, bytes: u64) {
        JsFs::progress(self, bytes as f64);
    }
    fn cancelled(&self) -> bool {
        JsFs::cancelled(self)
    }
}

const OK: u8 = 0;
const FAILED: u8 = 1;

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// A failure reply: `[1][len u32][path][CODE\nmessage]` (path empty when there is none).
fn failed(e: &Error) -> Vec<u8> {
    let mut out = vec![FAILED];
    push_bytes(&mut out, e.path().unwrap_or_default());
    out.extend_from_slice(format!("{}\n{e}", e.code()).as_bytes());
    out
}

/// Walks the tree `fs` is rooted at. Reply: `[0]` then `[len u32][path][size u64]` per
/// file, or a failure reply naming the relative path (for a bad pattern: no path).
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
    match walk_tree(&mut &*fs, &options) {
        Ok(files) => {
            let mut out = vec![OK];
            for file in files {
                push_bytes(&mut out, &file.path);
                out.extend_from_slice(&file.size.to_le_bytes());
            }
            out
        }
        Err(e) => failed(&e),
    }
}

/// Hashes the file at `path` through the bridge, reading into the staging area, with the
/// core's hasher for `spec` or, when given, `sink`. Reply: `[0][size u64][digest]`, or a
/// failure reply.
#[wasm_bindgen(js_name = hashFile)]
pub fn hash_file(
    spec: &[u8],
    fs: &JsFs,
    path: &[u8],
    sink: Option<JsSink>,
) -> Result<Vec<u8>, JsError> {
    let mut hasher = Hasher::new(decode(spec)?);
    let fd = fs.open(path);
    if fd < 0.0 {
        return Ok(failed(&fs.failure()));
    }
    let mut file = JsFile { fs, fd };
    let mut js_sink = sink.as_ref();
    let sink: &mut dyn Sink = match &mut js_sink {
        Some(js) => js,
        None => &mut hasher,
    };
    let result = with_staging_mut(|buffer| hash_open_file(&mut file, sink, buffer, &fs));
    Ok(match result {
        Ok(digest) => {
            let mut out = vec![OK];
            out.extend_from_slice(&digest.size.to_le_bytes());
            out.extend_from_slice(&digest.digest);
            out
        }
        Err(e) => failed(&e),
    })
}
