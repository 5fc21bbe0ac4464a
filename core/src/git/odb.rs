//! Reading objects from a repository's object database, as git stores them
//! (`Documentation/gitformat-pack.txt`, "loose objects" in `gitrepository-layout`): loose
//! objects (zlib-compressed `<type> <size>\0<bytes>`) and packs (`.idx` versions 1 and 2,
//! whole entries and deltas against an earlier entry of the pack, `OFS_DELTA`, or against
//! an object named by its ID, `REF_DELTA`), in the repository's `objects` directory and
//! its alternates (`objects/info/alternates`).
//!
//! Git's clean step needs this for one question only (does the indexed version of a file
//! with auto line endings hold CRLF?), asked for few files, so nothing is kept but the
//! list of object directories and the pack indexes, loaded when first needed; packs are
//! read by ranges, never whole. Inflating is miniz_oxide's (pure Rust: the same code in
//! both backends).

use super::varint::{offset_varint, VarintError};
use super::GitError;
use crate::error::Error;
use crate::host_fs::{join_path as join, HostFs};
use crate::manifest::hex;
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use std::sync::OnceLock;

/// The kinds of object git stores (`enum object_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    /// A commit.
    Commit,
    /// A tree.
    Tree,
    /// A file's contents.
    Blob,
    /// An annotated tag.
    Tag,
}

impl ObjectKind {
    fn of_pack_type(t: u8) -> Option<ObjectKind> {
        Some(match t {
            1 => ObjectKind::Commit,
            2 => ObjectKind::Tree,
            3 => ObjectKind::Blob,
            4 => ObjectKind::Tag,
            _ => return None,
        })
    }

    fn of_name(name: &[u8]) -> Option<ObjectKind> {
        Some(match name {
            b"commit" => ObjectKind::Commit,
            b"tree" => ObjectKind::Tree,
            b"blob" => ObjectKind::Blob,
            b"tag" => ObjectKind::Tag,
            _ => return None,
        })
    }
}

const OFS_DELTA: u8 = 6;
const REF_DELTA: u8 = 7;
/// Longer delta chains than this are taken for a loop in a damaged pack (git's own
/// `pack.depth` is at most 4095).
const MAX_CHAIN: usize = 10_000;
/// How deep alternates may name further alternates (git's limit).
const MAX_ALTERNATE_DEPTH: usize = 5;
/// Bytes of a pack read at a time while inflating an entry.
const READ_CHUNK: usize = 64 * 1024;
/// Enough for a pack entry's header: type and size, then a base offset or ID.
const HEADER_BYTES: usize = 20 + 32;

/// One pack: its `.pack` file and its whole `.idx`.
struct Pack {
    path: Vec<u8>,
    idx: Vec<u8>,
}

/// Where objects are: object directories (loose objects) and packs.
struct Stores {
    dirs: Vec<Vec<u8>>,
    packs: Vec<Pack>,
}

/// A repository's object database (see the module docs).
pub struct ObjectDb {
    objects: Vec<u8>,
    id_len: usize,
    stores: OnceLock<Result<Stores, Error>>,
}

fn corrupt(what: impl std::fmt::Display) -> GitError {
    GitError::corrupt(format!("the object database is damaged: {what}"))
}

/// Inflates one zlib stream of `size` bytes from the input `next` gives, a chunk at a
/// time (empty: no more).
fn inflate_stream(
    size: usize,
    mut next: impl FnMut() -> Result<Vec<u8>, GitError>,
) -> Result<Vec<u8>, GitError> {
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    // One byte of room more than expected, so a stream longer than its header says fails.
    let mut out = vec![0; size + 1];
    let mut written = 0;
    loop {
        let input = next()?;
        if input.is_empty() {
            return Err(corrupt("a compressed object ends early"));
        }
        let mut consumed = 0;
        while consumed < input.len() {
            let result = inflate(
                &mut state,
                &input[consumed..],
                &mut out[written..],
                MZFlush::None,
            );
            consumed += result.bytes_consumed;
            written += result.bytes_written;
            let stalled = result.bytes_consumed == 0 && result.bytes_written == 0;
            match result.status {
                Ok(MZStatus::StreamEnd) if written == size => {
                    out.truncate(size);
                    return Ok(out);
                }
                Ok(MZStatus::Ok) | Err(MZError::Buf) if written <= size && stalled => break,
                Ok(MZStatus::Ok) | Err(MZError::Buf) if written <= size => {}
                _ => return Err(corrupt("a compressed object does not inflate to its size")),
            }
        }
    }
}

/// A varint of git's pack headers and deltas: 7 bits a byte, least significant first.
fn varint(bytes: &[u8], at: &mut usize) -> Result<u64, GitError> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes
            .get(*at)
            .ok_or_else(|| corrupt("a size runs off its data"))?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(corrupt("a size is too long"))
}

/// `base` with `delta` applied (git's `patch_delta`).
pub fn apply_delta(base: &[u8], delta: &[u8]) -> Result<Vec<u8>, GitError> {
    let mut at = 0;
    if varint(delta, &mut at)? != base.len() as u64 {
        return Err(corrupt("a delta's base has another size"));
    }
    let size = varint(delta, &mut at)?;
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 30));
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            // Copy from the base: offset and size bytes present per bit.
            let mut field = |bits: u8, count: usize| -> Result<usize, GitError> {
                let mut value = 0usize;
                for i in 0..count {
                    if bits & (1 << i) != 0 {
                        let byte = *delta.get(at).ok_or_else(|| corrupt("a delta ends early"))?;
                        at += 1;
                        value |= usize::from(byte) << (8 * i);
                    }
                }
                Ok(value)
            };
            let offset = field(op & 0x0f, 4)?;
            let len = match field(op >> 4 & 0x07, 3)? {
                0 => 0x10000,
                len => len,
            };
            let copied = offset
                .checked_add(len)
                .and_then(|end| base.get(offset..end))
                .ok_or_else(|| corrupt("a delta copies from outside its base"))?;
            out.extend_from_slice(copied);
        } else if op != 0 {
            let inserted = delta
                .get(at..at + usize::from(op))
                .ok_or_else(|| corrupt("a delta ends early"))?;
            out.extend_from_slice(inserted);
            at += usize::from(op);
        } else {
            return Err(corrupt("a delta holds the reserved instruction 0"));
        }
    }
    if out.len() as u64 != size {
        return Err(corrupt("a delta gives another size than it says"));
    }
    Ok(out)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl Pack {
    /// The offset in the pack of the object `id`, from its index.
    fn find(&self, id: &[u8]) -> Result<Option<u64>, GitError> {
        let idx = &self.idx;
        let id_len = id.len();
        let v2 = idx.starts_with(b"\xfftOc");
        if v2 && u32_at(idx, 4) != Some(2) {
            return Err(GitError::Unsupported(format!(
                "pack index version {}",
                u32_at(idx, 4).unwrap_or(0)
            )));
        }
        let fanout = if v2 { 8 } else { 0 };
        let bad = || corrupt("a pack index is truncated");
        let bucket = |b: usize| u32_at(idx, fanout + 4 * b).ok_or_else(bad);
        let count = bucket(255)? as usize;
        let (mut lo, mut hi) = (
            if id[0] == 0 {
                0
            } else {
                bucket(usize::from(id[0]) - 1)? as usize
            },
            bucket(usize::from(id[0]))? as usize,
        );
        let table = fanout + 1024;
        // v1 entries are (offset u32, id); v2 lists the IDs, then CRCs, then offsets.
        let id_at = |i: usize| {
            if v2 {
                table + i * id_len
            } else {
                table + i * (4 + id_len) + 4
            }
        };
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = id_at(mid);
            let here = idx.get(at..at + id_len).ok_or_else(bad)?;
            match here.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    if !v2 {
                        return Ok(Some(u64::from(u32_at(idx, at - 4).ok_or_else(bad)?)));
                    }
                    let offsets = table + count * (id_len + 4);
                    let small = u32_at(idx, offsets + 4 * mid).ok_or_else(bad)?;
                    if small & 0x8000_0000 == 0 {
                        return Ok(Some(u64::from(small)));
                    }
                    let large = offsets + 4 * count + 8 * (small & 0x7fff_ffff) as usize;
                    let bytes = idx.get(large..large + 8).ok_or_else(bad)?;
                    return Ok(Some(u64::from_be_bytes(bytes.try_into().expect("8 bytes"))));
                }
            }
        }
        Ok(None)
    }
}

/// An entry's header in a pack: type, inflated size, and where its data (or base) starts.
struct EntryHeader {
    pack_type: u8,
    size: usize,
    /// OFS_DELTA: the base's offset; REF_DELTA: the base's ID.
    base_offset: Option<u64>,
    base_id: Option<Vec<u8>>,
    data_at: u64,
}

impl ObjectDb {
    /// The object database of the repository whose common directory is `common_dir`, with
    /// object IDs of `id_len` bytes (nothing is read yet).
    pub fn new(common_dir: &[u8], id_len: usize) -> ObjectDb {
        ObjectDb {
            objects: join(common_dir, b"objects"),
            id_len,
            stores: OnceLock::new(),
        }
    }

    fn stores(&self, fs: &dyn HostFs) -> Result<&Stores, GitError> {
        self.stores
            .get_or_init(|| Stores::load(fs, &self.objects).map_err(Error::from))
            .as_ref()
            .map_err(|e| GitError::Io(e.clone()))
    }

    /// The object `id` (raw bytes): its kind and contents, or None when no store has it.
    pub fn read(
        &self,
        fs: &dyn HostFs,
        id: &[u8],
    ) -> Result<Option<(ObjectKind, Vec<u8>)>, GitError> {
        if id.len() != self.id_len {
            return Err(corrupt(format!("{} is not an object ID here", hex(id))));
        }
        let stores = self.stores(fs)?;
        let mut deltas: Vec<Vec<u8>> = Vec::new();
        let mut wanted = id.to_vec();
        let mut at: Option<(&Pack, u64)> = None;
        let base = loop {
            if deltas.len() > MAX_CHAIN {
                return Err(corrupt(format!(
                    "the delta chain of {} does not end",
                    hex(id)
                )));
            }
            let (pack, offset) = match at {
                Some(found) => found,
                None => match stores.find_packed(&wanted)? {
                    Some(found) => found,
                    None => match stores.read_loose(fs, &wanted)? {
                        Some(object) => break object,
                        // A base that is missing is damage; the object itself, absence.
                        None if deltas.is_empty() => return Ok(None),
                        None => {
                            return Err(corrupt(format!(
                                "the delta base {} is missing",
                                hex(&wanted)
                            )))
                        }
                    },
                },
            };
            let header = read_header(fs, pack, offset, self.id_len)?;
            let data = inflate_stream(
                header.size,
                chunks_of(fs, &pack.path, header.data_at, header.size),
            )?;
            match (ObjectKind::of_pack_type(header.pack_type), header.pack_type) {
                (Some(kind), _) => break (kind, data),
                (None, OFS_DELTA) => {
                    deltas.push(data);
                    at = Some((
                        pack,
                        header
                            .base_offset
                            .expect("an OFS_DELTA has its base offset"),
                    ));
                }
                (None, REF_DELTA) => {
                    deltas.push(data);
                    wanted = header.base_id.expect("a REF_DELTA has its base ID");
                    at = None;
                }
                (None, other) => return Err(corrupt(format!("a pack entry of type {other}"))),
            }
        };
        let (kind, mut data) = base;
        for delta in deltas.iter().rev() {
            data = apply_delta(&data, delta)?;
        }
        Ok(Some((kind, data)))
    }
}

/// The chunks of `path` from `offset`: about `size` bytes first (enough for most entries),
/// then 64 KiB at a time.
fn chunks_of<'a>(
    fs: &'a dyn HostFs,
    path: &'a [u8],
    mut offset: u64,
    size: usize,
) -> impl FnMut() -> Result<Vec<u8>, GitError> + 'a {
    let mut len = size.clamp(256, READ_CHUNK) + 64;
    move || {
        let chunk = fs
            .read_range(path, offset, len)
            .map_err(|e| GitError::Io(e.with_path(path)))?;
        offset += chunk.len() as u64;
        len = READ_CHUNK;
        Ok(chunk)
    }
}

fn read_header(
    fs: &dyn HostFs,
    pack: &Pack,
    offset: u64,
    id_len: usize,
) -> Result<EntryHeader, GitError> {
    let bytes = fs
        .read_range(&pack.path, offset, HEADER_BYTES)
        .map_err(|e| GitError::Io(e.with_path(pack.path.as_slice())))?;
    let first = *bytes
        .first()
        .ok_or_else(|| corrupt("a pack entry lies past its end"))?;
    let pack_type = first >> 4 & 7;
    let mut size = u64::from(first & 0x0f);
    let mut at = 1;
    if first & 0x80 != 0 {
        size |= varint(&bytes, &mut at)? << 4;
    }
    let size = usize::try_from(size).map_err(|_| corrupt("an object too large to read"))?;
    let mut header = EntryHeader {
        pack_type,
        size,
        base_offset: None,
        base_id: None,
        data_at: 0,
    };
    match pack_type {
        OFS_DELTA => {
            let (distance, len) = offset_varint::<u64>(&bytes[at..]).map_err(|e| match e {
                VarintError::Truncated => corrupt("a delta header ends early"),
                VarintError::Overflow => corrupt("a delta base offset overflows"),
            })?;
            at += len;
            header.base_offset = Some(
                offset
                    .checked_sub(distance)
                    .filter(|_| distance > 0)
                    .ok_or_else(|| corrupt("a delta base offset points outside its pack"))?,
            );
        }
        REF_DELTA => {
            let id = bytes
                .get(at..at + id_len)
                .ok_or_else(|| corrupt("a delta header ends early"))?;
            header.base_id = Some(id.to_vec());
            at += id_len;
        }
        _ => {}
    }
    header.data_at = offset + at as u64;
    Ok(header)
}

impl Stores {
    /// The object directories (`objects`, then its alternates) and their packs.
    fn load(fs: &dyn HostFs, objects: &[u8]) -> Result<Stores, GitError> {
        let mut dirs = vec![objects.to_vec()];
        let mut next = 0;
        let mut depth_of = vec![0];
        while next < dirs.len() {
            let (dir, depth) = (dirs[next].clone(), depth_of[next]);
            next += 1;
            if depth >= MAX_ALTERNATE_DEPTH {
                continue;
            }
            let list = match fs.read_file(&join(&dir, b"info/alternates")) {
                Ok(list) => list,
                Err(e) if e.is_not_found() => continue,
                Err(e) => return Err(GitError::Io(e)),
            };
            for line in list.split(|&b| b == b'\n') {
                let line = line.trim_ascii();
                if line.is_empty() || line.starts_with(b"#") {
                    continue;
                }
                let alternate = if line.starts_with(b"/") {
                    line.to_vec()
                } else {
                    join(&dir, line)
                };
                if !dirs.contains(&alternate) {
                    dirs.push(alternate);
                    depth_of.push(depth + 1);
                }
            }
        }
        let mut packs = Vec::new();
        for dir in &dirs {
            let pack_dir = join(dir, b"pack");
            let entries = match fs.read_dir(&pack_dir, false) {
                Ok(entries) => entries,
                Err(e) if e.is_not_found() => continue,
                Err(e) => return Err(GitError::Io(e.with_path(pack_dir))),
            };
            let mut names: Vec<Vec<u8>> = entries
                .into_iter()
                .filter_map(|e| e.name.strip_suffix(b".idx").map(<[u8]>::to_vec))
                .collect();
            names.sort();
            for stem in names {
                let idx_path = join(&pack_dir, &[&stem[..], b".idx"].concat());
                let idx = fs
                    .read_file(&idx_path)
                    .map_err(|e| GitError::Io(e.with_path(idx_path)))?;
                packs.push(Pack {
                    path: join(&pack_dir, &[&stem[..], b".pack"].concat()),
                    idx,
                });
            }
        }
        Ok(Stores { dirs, packs })
    }

    fn find_packed(&self, id: &[u8]) -> Result<Option<(&Pack, u64)>, GitError> {
        for pack in &self.packs {
            if let Some(offset) = pack.find(id)? {
                return Ok(Some((pack, offset)));
            }
        }
        Ok(None)
    }

    fn read_loose(
        &self,
        fs: &dyn HostFs,
        id: &[u8],
    ) -> Result<Option<(ObjectKind, Vec<u8>)>, GitError> {
        let name = hex(id);
        for dir in &self.dirs {
            let path = join(dir, format!("{}/{}", &name[..2], &name[2..]).as_bytes());
            let compressed = match fs.read_file(&path) {
                Ok(bytes) => bytes,
                Err(e) if e.is_not_found() => continue,
                Err(e) => return Err(GitError::Io(e.with_path(path))),
            };
            // The header is small: inflate it first to learn the size.
            let mut state = InflateState::new_boxed(DataFormat::Zlib);
            let mut head = [0u8; 64];
            let result = inflate(&mut state, &compressed, &mut head, MZFlush::None);
            let head = &head[..result.bytes_written];
            let nul = head
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| corrupt(format!("loose object {name} has no header")))?;
            let (kind, size) = std::str::from_utf8(&head[..nul])
                .ok()
                .and_then(|h| h.split_once(' '))
                .and_then(|(k, s)| {
                    Some((ObjectKind::of_name(k.as_bytes())?, s.parse::<usize>().ok()?))
                })
                .ok_or_else(|| corrupt(format!("loose object {name} has a bad header")))?;
            let mut whole = Some(compressed);
            let all = inflate_stream(nul + 1 + size, || Ok(whole.take().unwrap_or_default()))?;
            return Ok(Some((kind, all[nul + 1..].to_vec())));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello, world";
        // Sizes 12 -> 11; copy 5 bytes from 0, insert "!!", copy 4 bytes from 7 ("world" minus 'd').
        let delta = [12, 11, 0x90, 5, 2, b'!', b'!', 0x91, 7, 4];
        assert_eq!(apply_delta(base, &delta).unwrap(), b"hello!!worl");
        assert!(apply_delta(b"short", &delta).is_err(), "another base size");
        assert!(apply_delta(base, &[12, 1, 0]).is_err(), "instruction 0");
        assert!(
            apply_delta(base, &[12, 5, 0x91, 10, 5]).is_err(),
            "outside the base"
        );
    }

    #[test]
    fn inflates_to_the_stated_size_only() {
        let data = b"blob 3\0abc".to_vec();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
        let mut once = Some(compressed.clone());
        assert_eq!(
            inflate_stream(data.len(), || Ok(once.take().unwrap_or_default())).unwrap(),
            data
        );
        let mut once = Some(compressed.clone());
        assert!(inflate_stream(data.len() - 1, || Ok(once.take().unwrap_or_default())).is_err());
        let mut once = Some(compressed[..compressed.len() - 3].to_vec());
        assert!(inflate_stream(data.len(), || Ok(once.take().unwrap_or_default())).is_err());
    }
}
