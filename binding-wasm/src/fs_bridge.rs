//! Node's `fs` as hashmill-core's walker and file-hashing loop read it, called
//! synchronously from a pool worker (or the calling thread, for `hashFileSync`).
//!
//! `lib/wasm/fs-bridge.js` implements [`JsFs`]: small binary replies so no JS objects need
//! decoding here, `undefined` (or a negative number) for a failure whose `CODE\nmessage`
//! [`JsFs::error`] then gives, and the cancel flag and progress counters of the call.

use hashmill_core::{
    Entry, Error, FileDigest, Fs, HostFs, Kind, Meta, Observer, OpenFile, Spec, Stat, Time,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node's fs as lib/wasm/fs-bridge.js exposes it, with the call's cancel flag and progress.
    pub type JsFs;
    #[wasm_bindgen(method, js_name = readDir)]
    fn read_dir(this: &JsFs, path: &[u8], sizes: bool) -> Option<Vec<u8>>;
    #[wasm_bindgen(method)]
    fn stat(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    /// The size of what `path` names, following symlinks; negative on failure.
    #[wasm_bindgen(method)]
    fn size(this: &JsFs, path: &[u8]) -> f64;
    #[wasm_bindgen(method, js_name = readFile)]
    fn read_file(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    /// Full metadata (see [`meta_of`]), following symlinks when `follow`.
    #[wasm_bindgen(method)]
    fn meta(this: &JsFs, path: &[u8], follow: bool) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, js_name = readLink)]
    fn read_link(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, js_name = realPath)]
    fn real_path(this: &JsFs, path: &[u8]) -> Option<Vec<u8>>;
    #[wasm_bindgen(method)]
    fn open(this: &JsFs, path: &[u8]) -> f64;
    #[wasm_bindgen(method)]
    fn fstat(this: &JsFs, fd: f64) -> Option<Vec<u8>>;
    /// Reads at `position`, or where the file stands when it is negative.
    #[wasm_bindgen(method)]
    fn read(this: &JsFs, fd: f64, pointer: *mut u8, len: usize, position: f64) -> f64;
    #[wasm_bindgen(method)]
    fn close(this: &JsFs, fd: f64);
    /// `CODE\nmessage` of the last failed call.
    #[wasm_bindgen(method)]
    fn error(this: &JsFs) -> String;
    #[wasm_bindgen(method)]
    fn cancelled(this: &JsFs) -> bool;
    #[wasm_bindgen(method)]
    fn progress(this: &JsFs, bytes: f64);
    /// One more file is done (for the progress counters).
    #[wasm_bindgen(method, js_name = fileDone)]
    pub fn file_done(this: &JsFs);
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

/// A listing's size field that says the size is not known.
const NO_SIZE: u64 = u64::MAX;

/// A metadata reply: `[kind u8][mode u32][size u64][dev u64][ino u64][uid u32][gid u32]
/// [mtime secs i64][mtime nanos u32][ctime secs i64][ctime nanos u32]`.
fn meta_of(reply: &[u8]) -> Meta {
    let u32_at = |at: usize| u32::from_le_bytes(reply[at..at + 4].try_into().expect("4 bytes"));
    let time_at = |at: usize| Time {
        secs: u64_at(reply, at) as i64,
        nanos: u32_at(at + 8),
    };
    Meta {
        kind: Some(kind(reply[0])),
        mode: u32_at(1),
        size: u64_at(reply, 5),
        dev: u64_at(reply, 13),
        ino: u64_at(reply, 21),
        uid: u32_at(29),
        gid: u32_at(33),
        mtime: time_at(37),
        ctime: time_at(49),
    }
}

impl HostFs for JsFs {
    fn metadata(&self, path: &[u8], follow: bool) -> Result<Meta, Error> {
        Ok(meta_of(&self.reply(JsFs::meta(self, path, follow))?))
    }
    fn read_link(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        self.reply(JsFs::read_link(self, path))
    }
    fn real_path(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        self.reply(JsFs::real_path(self, path))
    }
    fn read_range(&self, path: &[u8], offset: u64, len: usize) -> Result<Vec<u8>, Error> {
        let mut file = JsFile::open(self, path)?;
        file.seek(offset)?;
        let mut out = vec![0; len];
        let mut filled = 0;
        while filled < len {
            match file.read(&mut out[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        out.truncate(filled);
        Ok(out)
    }
    fn hash_file(&self, path: &[u8], spec: &Spec) -> Result<FileDigest, Error> {
        crate::file_hash::hash_one(spec, self, path, None)
    }
    fn cancelled(&self) -> bool {
        JsFs::cancelled(self)
    }
}

impl Fs for JsFs {
    /// A reply of records `[kind u8][name length u32][size u64, or NO_SIZE][name]`.
    fn read_dir(&self, dir: &[u8], sizes: bool) -> Result<Vec<Entry>, Error> {
        if JsFs::cancelled(self) {
            return Err(Error::cancelled());
        }
        let reply = self.reply(JsFs::read_dir(self, dir, sizes))?;
        let mut entries = Vec::new();
        let mut at = 0;
        while at < reply.len() {
            let len = u32::from_le_bytes(reply[at + 1..at + 5].try_into().expect("4 bytes"));
            let size = u64_at(&reply, at + 5);
            let end = at + 13 + len as usize;
            entries.push(Entry {
                kind: kind(reply[at]),
                name: reply[at + 13..end].to_vec(),
                size: (size != NO_SIZE).then_some(size),
            });
            at = end;
        }
        Ok(entries)
    }

    fn stat(&self, path: &[u8]) -> Result<Stat, Error> {
        Ok(stat_of(&self.reply(JsFs::stat(self, path))?))
    }

    fn size(&self, path: &[u8]) -> Result<u64, Error> {
        let size = JsFs::size(self, path);
        if size < 0.0 {
            return Err(self.failure());
        }
        Ok(size as u64)
    }

    fn read_file(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        self.reply(JsFs::read_file(self, path))
    }
}

/// An open file descriptor of the bridge.
pub struct JsFile<'a> {
    fs: &'a JsFs,
    fd: f64,
    /// Where the next read starts, once the file was sought (reads are positioned then).
    position: Option<u64>,
}

impl JsFile<'_> {
    /// Opens `path`: the file, or the OS error.
    pub fn open<'a>(fs: &'a JsFs, path: &[u8]) -> Result<JsFile<'a>, Error> {
        let fd = fs.open(path);
        if fd < 0.0 {
            return Err(fs.failure());
        }
        Ok(JsFile {
            fs,
            fd,
            position: None,
        })
    }
}

impl OpenFile for JsFile<'_> {
    fn stat(&mut self) -> Result<Stat, Error> {
        Ok(stat_of(&self.fs.reply(self.fs.fstat(self.fd))?))
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<usize, Error> {
        // JavaScript writes straight into `buffer` (a view of this instance's memory at
        // this pointer), as a C `read` would through the pointer it is given.
        let at = self.position.map_or(-1.0, |p| p as f64);
        let n = self.fs.read(self.fd, buffer.as_mut_ptr(), buffer.len(), at);
        if n < 0.0 {
            return Err(self.fs.failure());
        }
        let n = (n as usize).min(buffer.len());
        if let Some(p) = &mut self.position {
            *p += n as u64;
        }
        Ok(n)
    }

    fn seek(&mut self, offset: u64) -> Result<(), Error> {
        self.position = Some(offset);
        Ok(())
    }
}

impl Drop for JsFile<'_> {
    fn drop(&mut self) {
        self.fs.close(self.fd);
    }
}

impl Observer for JsFs {
    fn progress(&self, bytes: u64) {
        JsFs::progress(self, bytes as f64);
    }
    fn cancelled(&self) -> bool {
        JsFs::cancelled(self)
    }
}
