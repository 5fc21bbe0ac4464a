//! Reading git's index file (`.git/index`), versions 2 to 4, as
//! `Documentation/gitformat-index.txt` in git describes it.
//!
//! Written here rather than taken from gitoxide's `gix-index`: that crate reads the file
//! itself (memory-mapped through `std::fs`) and brings `gix-features`, `gix-object` and
//! their dependencies into the wasm build, while hashmill reads every file through its
//! [`Fs`](crate::Fs) trait so the wasm backend sees the same bytes; the format is a header,
//! fixed-size entries and optional extensions, a page of code. A split index (the `link`
//! extension) and a sparse index (the `sdir` extension, directory entries) are refused
//! with [`GitError::Unsupported`] naming them; skip-worktree entries (sparse checkout
//! without a sparse index) are read and kept as the index has them.

use super::varint::{offset_varint, VarintError};
use super::GitError;
use crate::host_fs::Time;

/// One entry of the index (stage 0 unless `stage` says otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The path, `/`-separated, relative to the top of the work tree.
    pub path: Vec<u8>,
    /// The object ID (20 or 32 bytes).
    pub id: Vec<u8>,
    /// 0o100644, 0o100755, 0o120000 or 0o160000.
    pub mode: u32,
    /// The stat data git recorded (each truncated to 32 bits).
    pub ctime: Time,
    /// The mtime git recorded.
    pub mtime: Time,
    /// Low 32 bits of the device.
    pub dev: u32,
    /// Low 32 bits of the inode.
    pub ino: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Low 32 bits of the size.
    pub size: u32,
    /// Merge stage (0: not in conflict).
    pub stage: u8,
    /// `assume-unchanged` (CE_VALID): git trusts it without looking.
    pub assume_valid: bool,
    /// `skip-worktree`: outside a sparse checkout, not expected on disk.
    pub skip_worktree: bool,
    /// Added with `git add -N` (intent to add).
    pub intent_to_add: bool,
}

/// The entries of an index, in its order (sorted by path, then stage).
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Its entries.
    pub entries: Vec<IndexEntry>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GitError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| GitError::corrupt("the index ends inside an entry"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u16(&mut self) -> Result<u16, GitError> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, GitError> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn time(&mut self) -> Result<Time, GitError> {
        let secs = i64::from(self.u32()?);
        Ok(Time {
            secs,
            nanos: self.u32()? % 1_000_000_000,
        })
    }
    /// Git's offset varint (version 4 path compression).
    fn varint(&mut self) -> Result<usize, GitError> {
        let (value, len) = offset_varint(&self.bytes[self.at..]).map_err(|e| match e {
            VarintError::Truncated => GitError::corrupt("the index ends inside an entry"),
            VarintError::Overflow => GitError::corrupt("a path prefix length overflows"),
        })?;
        self.at += len;
        Ok(value)
    }
    fn until_nul(&mut self) -> Result<&'a [u8], GitError> {
        let rest = &self.bytes[self.at..];
        let len = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| GitError::corrupt("a path without its end"))?;
        self.at += len + 1;
        Ok(&rest[..len])
    }
}

/// Reads an index whose object IDs are `id_len` bytes (20 for SHA-1, 32 for SHA-256).
/// `check` is the hash of everything before the trailer, computed by the caller, or None
/// to skip verifying it; a trailer of zeros (`index.skipHash`) is never checked.
pub fn parse(
    bytes: &[u8],
    id_len: usize,
    check: impl Fn(&[u8]) -> Vec<u8>,
) -> Result<Index, GitError> {
    let body_len = bytes
        .len()
        .checked_sub(id_len)
        .filter(|&n| n >= 12)
        .ok_or_else(|| GitError::corrupt("the index is shorter than its header"))?;
    let (body, trailer) = bytes.split_at(body_len);
    if &body[..4] != b"DIRC" {
        return Err(GitError::corrupt("not an index file (no DIRC signature)"));
    }
    if trailer.iter().any(|&b| b != 0) && check(body) != trailer {
        return Err(GitError::corrupt(
            "the index's checksum does not match its contents",
        ));
    }
    let mut r = Reader { bytes: body, at: 4 };
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return Err(GitError::Unsupported(format!("index version {version}")));
    }
    let count = r.u32()? as usize;
    let mut entries = Vec::with_capacity(count.min(body.len() / 62));
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = r.at;
        let ctime = r.time()?;
        let mtime = r.time()?;
        let dev = r.u32()?;
        let ino = r.u32()?;
        let mode = r.u32()?;
        let uid = r.u32()?;
        let gid = r.u32()?;
        let size = r.u32()?;
        let id = r.take(id_len)?.to_vec();
        let flags = r.u16()?;
        let extended = if flags & 0x4000 != 0 {
            if version < 3 {
                return Err(GitError::corrupt("an extended entry in a version 2 index"));
            }
            r.u16()?
        } else {
            0
        };
        let path = if version == 4 {
            let strip = r.varint()?;
            let keep = previous
                .len()
                .checked_sub(strip)
                .ok_or_else(|| GitError::corrupt("a path prefix longer than the previous path"))?;
            let mut path = previous[..keep].to_vec();
            path.extend_from_slice(r.until_nul()?);
            path
        } else {
            let path = r.until_nul()?.to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            let len = r.at - start;
            r.take((8 - len % 8) % 8)?;
            path
        };
        if mode == 0o040000 {
            return Err(GitError::Unsupported(
                "a sparse index (directory entries; run `git sparse-checkout set --no-sparse-index`)".into(),
            ));
        }
        previous.clone_from(&path);
        entries.push(IndexEntry {
            path,
            id,
            mode,
            ctime,
            mtime,
            dev,
            ino,
            uid,
            gid,
            size,
            stage: ((flags >> 12) & 3) as u8,
            assume_valid: flags & 0x8000 != 0,
            skip_worktree: extended & 0x4000 != 0,
            intent_to_add: extended & 0x2000 != 0,
        });
    }
    while r.at < body.len() {
        let signature = r.take(4)?;
        let len = r.u32()? as usize;
        match signature {
            b"link" => {
                return Err(GitError::Unsupported(
                    "a split index (run `git update-index --no-split-index`)".into(),
                ))
            }
            b"sdir" => {
                return Err(GitError::Unsupported(
                    "a sparse index (run `git sparse-checkout set --no-sparse-index`)".into(),
                ))
            }
            // Extensions whose signature starts with A-Z are optional caches.
            [first, ..] if first.is_ascii_uppercase() => {
                r.take(len)?;
            }
            other => {
                return Err(GitError::Unsupported(format!(
                    "the index extension {:?}",
                    String::from_utf8_lossy(other)
                )))
            }
        }
    }
    Ok(Index { entries })
}
