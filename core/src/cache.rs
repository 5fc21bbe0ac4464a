//! A cache of file digests that cannot go stale: git's racy-entry rule applied to any
//! algorithm.
//!
//! An entry is keyed by what was asked (the spec's bytes and a variant: how the bytes were
//! converted first, for git blob IDs) and by the file's device and inode, and holds the
//! file's size, mtime and ctime in nanoseconds and mode as they were *before* it was read.
//! It answers only while all of them are unchanged, and only once it is safe: when the
//! file's mtime and ctime are older than the moment the entry was recorded by more than
//! [`GRANULARITY`]. A file rewritten with the same size within one timestamp tick of being
//! hashed would otherwise keep its old timestamps and its stale digest; such entries are
//! kept but not trusted, so the file is hashed again next time and its entry then becomes
//! safe. The moment of recording is read off the file system's clock by the caller (the
//! mtime of a file it has just written), once per run, before any file is looked at, so
//! a file changed after that moment always has a later timestamp than the entry saw.
//!
//! The saved form is versioned and carries a check (a BLAKE3 hash of the rest): bytes that
//! are truncated, corrupted or of another version are an empty cache, never trusted.
//! Entries not looked up or recorded for a number of runs are dropped when it is saved.
//!
//! A warm run's time is the walk and one `lstat` per file ([`lstat_all`]: a directory at a
//! time), plus reading and writing the saved form; entries live in an `FxHashMap` (the
//! keys are a few integers, hashed on every lookup and every load). Lookups share the
//! entries (a read lock; the run that saw an entry is an atomic), so the hashing threads
//! look files up at once; only recording new digests takes the entries for itself.

use crate::error::Error;
use crate::file::FileDigest;
use crate::host_fs::{join, lstat_all, par_map, HostFs, MaybeSync, Meta, Time};
use crate::saved::{check_of, push_prefixed, Reader, CHECK_LEN};
use crate::spec::Spec;
use crate::walk::{Kind, WalkedFile};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The coarsest timestamp granularity of a file system hashmill expects (FAT's 2 s for
/// mtime): an entry is trusted only when the file's timestamps are older than its recording
/// by more than this.
pub const GRANULARITY_NANOS: i128 = 2_000_000_000;

const MAGIC: &[u8; 8] = b"hmcache\0";
/// The version of the saved form this build reads and writes.
pub const CACHE_VERSION: u32 = 1;
const CHECK_CONTEXT: &str = "hashmill 2026-12 hash cache check";
/// The saved form's header: magic, version, run.
const HEADER_LEN: usize = 8 + 4 + 8;
/// An entry's saved bytes besides its digest: key (spec, variant, dev, ino), size, mtime,
/// ctime, mode, recorded, last seen, the digest's length (u16, as every prefixed field).
const ENTRY_FIXED_LEN: usize = 4 + 4 + 8 + 8 + 8 + 12 + 12 + 4 + 12 + 8 + 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    spec: u32,
    variant: u32,
    dev: u64,
    ino: u64,
}

#[derive(Debug)]
struct Entry {
    size: u64,
    mtime: Time,
    ctime: Time,
    mode: u32,
    recorded: Time,
    /// The run that last looked it up or recorded it (set by lookups that share the entries).
    last_seen: AtomicU64,
    digest: SmallVec<[u8; 32]>,
}

/// File digests by spec, variant and file (see the module docs).
#[derive(Debug, Default)]
pub struct HashCache {
    specs: Vec<Vec<u8>>,
    spec_ids: FxHashMap<Vec<u8>, u32>,
    entries: FxHashMap<Key, Entry>,
    /// Saves so far: entries remember the run that last saw them.
    run: u64,
}

/// A timestamp field: seconds, then nanoseconds.
fn read_time(r: &mut Reader) -> Option<Time> {
    let secs = r.u64()? as i64;
    let nanos = r.u32()?;
    (nanos < 1_000_000_000).then_some(Time { secs, nanos })
}

fn push_time(out: &mut Vec<u8>, t: Time) {
    out.extend_from_slice(&(t.secs as u64).to_le_bytes());
    out.extend_from_slice(&t.nanos.to_le_bytes());
}

impl HashCache {
    /// An empty cache.
    pub fn new() -> HashCache {
        HashCache::default()
    }

    /// The cache saved in `bytes`, or an empty one when they are not a whole, unchanged
    /// cache of this version (the cache is then rebuilt, never trusted).
    pub fn from_bytes(bytes: &[u8]) -> HashCache {
        HashCache::parse(bytes).unwrap_or_default()
    }

    /// The body of the saved form (after the magic), if its header and check are right.
    fn checked_body(bytes: &[u8]) -> Option<&[u8]> {
        let body_len = bytes.len().checked_sub(CHECK_LEN)?;
        let (body, check) = bytes.split_at(body_len);
        let version = body.get(8..12)?;
        (body.get(..8)? == MAGIC
            && version == CACHE_VERSION.to_le_bytes()
            && check_of(CHECK_CONTEXT, body) == check)
            .then(|| &body[12..])
    }

    fn parse(bytes: &[u8]) -> Option<HashCache> {
        let mut r = Reader(HashCache::checked_body(bytes)?);
        let mut cache = HashCache {
            run: r.u64()?,
            ..HashCache::default()
        };
        for id in 0..r.u32()? {
            let spec = r.prefixed()?.to_vec();
            cache.spec_ids.insert(spec.clone(), id);
            cache.specs.push(spec);
        }
        let count = r.u32()? as usize;
        cache.entries.reserve(count.min(r.0.len() / 64));
        for _ in 0..count {
            let key = Key {
                spec: r.u32()?,
                variant: r.u32()?,
                dev: r.u64()?,
                ino: r.u64()?,
            };
            if key.spec as usize >= cache.specs.len() {
                return None;
            }
            let entry = Entry {
                size: r.u64()?,
                mtime: read_time(&mut r)?,
                ctime: read_time(&mut r)?,
                mode: r.u32()?,
                recorded: read_time(&mut r)?,
                last_seen: AtomicU64::new(r.u64()?),
                digest: SmallVec::from_slice(r.prefixed()?),
            };
            cache.entries.insert(key, entry);
        }
        r.is_done().then_some(cache)
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key(&self, spec: &[u8], variant: u32, meta: &Meta) -> Option<Key> {
        Some(Key {
            spec: *self.spec_ids.get(spec)?,
            variant,
            dev: meta.dev,
            ino: meta.ino,
        })
    }

    /// The digest recorded for the file `meta` describes, if the entry matches it exactly
    /// and is safe (see the module docs); the entry is marked as seen in this run.
    pub fn lookup(&self, spec: &[u8], variant: u32, meta: &Meta) -> Option<&[u8]> {
        let key = self.key(spec, variant, meta)?;
        let entry = self.entries.get(&key)?;
        entry.last_seen.store(self.run, Ordering::Relaxed);
        let unchanged = entry.size == meta.size
            && entry.mtime == meta.mtime
            && entry.ctime == meta.ctime
            && entry.mode == meta.mode;
        let safe = |t: Time| t.as_nanos() + GRANULARITY_NANOS < entry.recorded.as_nanos();
        (unchanged && safe(entry.mtime) && safe(entry.ctime)).then_some(&entry.digest[..])
    }

    /// Records `digest` for the file `meta` described before it was read, at `recorded`
    /// (the file system's time before the file was looked at).
    pub fn record(
        &mut self,
        spec: &[u8],
        variant: u32,
        meta: &Meta,
        recorded: Time,
        digest: &[u8],
    ) {
        let spec_id = match self.spec_ids.get(spec) {
            Some(&id) => id,
            None => {
                let id = self.specs.len() as u32;
                self.specs.push(spec.to_vec());
                self.spec_ids.insert(spec.to_vec(), id);
                id
            }
        };
        let key = Key {
            spec: spec_id,
            variant,
            dev: meta.dev,
            ino: meta.ino,
        };
        self.entries.insert(
            key,
            Entry {
                size: meta.size,
                mtime: meta.mtime,
                ctime: meta.ctime,
                mode: meta.mode,
                recorded,
                last_seen: AtomicU64::new(self.run),
                digest: SmallVec::from_slice(digest),
            },
        );
    }

    /// Ends a run (a save): drops the entries not seen in the last `keep_runs` runs; the
    /// next run counts from here.
    pub fn end_run(&mut self, keep_runs: u64) {
        let run = self.run;
        self.entries
            .retain(|_, e| run.saturating_sub(*e.last_seen.get_mut()) < keep_runs.max(1));
        self.run += 1;
    }

    /// The saved form ([`from_bytes`](Self::from_bytes) reads it back).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.saved_len());
        self.write_to(&mut out);
        out
    }

    /// The length of the saved form.
    pub fn saved_len(&self) -> usize {
        let specs: usize = self.specs.iter().map(|spec| 2 + spec.len()).sum();
        let entries: usize = self
            .entries
            .values()
            .map(|e| ENTRY_FIXED_LEN + e.digest.len())
            .sum();
        // The two counts (u32) are those of the specs and of the entries.
        HEADER_LEN + 4 + specs + 4 + entries + CHECK_LEN
    }

    /// Appends the saved form to `out` (after whatever `out` already holds), entries in key
    /// order, so the same entries always give the same bytes.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&CACHE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.run.to_le_bytes());
        out.extend_from_slice(&(self.specs.len() as u32).to_le_bytes());
        for spec in &self.specs {
            push_prefixed(out, spec);
        }
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        let mut sorted: Vec<(&Key, &Entry)> = self.entries.iter().collect();
        sorted.sort_unstable_by_key(|(k, _)| (k.spec, k.variant, k.dev, k.ino));
        for (key, e) in sorted {
            for v in [key.spec, key.variant] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for v in [key.dev, key.ino, e.size] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            push_time(out, e.mtime);
            push_time(out, e.ctime);
            out.extend_from_slice(&e.mode.to_le_bytes());
            push_time(out, e.recorded);
            out.extend_from_slice(&e.last_seen.load(Ordering::Relaxed).to_le_bytes());
            push_prefixed(out, &e.digest);
        }
        let check = check_of(CHECK_CONTEXT, &out[start..]);
        out.extend_from_slice(&check);
    }
}

/// A cache as a binding keeps it between calls (what `openHashCache` gives): the saved
/// form it was opened from until a call first needs its entries, then the entries, so a
/// run of calls reads the saved form once and writes it once, when the cache is saved.
///
/// Calls are meant to take it one at a time (lib/ queues them). The store is not locked
/// while a call runs (a thread of the pool waiting inside one call may pick up another):
/// a call made while another runs starts from an empty cache, and the one that ends last
/// is what is kept. That loses entries, never gives a wrong digest.
#[derive(Debug)]
pub struct CacheStore {
    stored: Mutex<Stored>,
}

/// A cache's entries, or the saved form they have not yet been read from.
#[derive(Debug)]
enum Stored {
    Saved(Vec<u8>),
    Entries(HashCache),
}

impl Default for Stored {
    fn default() -> Stored {
        Stored::Saved(Vec::new())
    }
}

impl Stored {
    fn into_entries(self) -> HashCache {
        match self {
            Stored::Saved(bytes) => HashCache::from_bytes(&bytes),
            Stored::Entries(cache) => cache,
        }
    }
}

impl CacheStore {
    /// The cache saved in `saved` (an empty one when they are not a valid cache, see
    /// [`HashCache::from_bytes`]); they are read when a call first needs the entries.
    pub fn new(saved: Vec<u8>) -> CacheStore {
        CacheStore {
            stored: Mutex::new(Stored::Saved(saved)),
        }
    }

    /// The cache, for this caller alone while the guard lives (a lock a panic poisoned is
    /// taken as it is).
    fn stored(&self) -> MutexGuard<'_, Stored> {
        self.stored.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `call` with the cache open for a run recording at `recorded`; what it looks up
    /// and records stays in the cache, also when the call fails.
    pub fn run<T>(&self, recorded: Time, call: impl FnOnce(&OpenCache) -> T) -> T {
        let taken = std::mem::take(&mut *self.stored());
        let open = OpenCache::new(taken, recorded);
        let result = call(&open);
        *self.stored() = open.into_stored();
        result
    }

    /// Ends a run ([`HashCache::end_run`]): the saved form of what is kept. The run has
    /// ended in the store whether or not the caller manages to write them.
    pub fn end_run(&self, keep_runs: u64) -> Vec<u8> {
        let mut stored = self.stored();
        let mut cache = std::mem::take(&mut *stored).into_entries();
        cache.end_run(keep_runs);
        let saved = cache.to_bytes();
        *stored = Stored::Entries(cache);
        saved
    }

    /// The length of its saved form, as [`write_to`](Self::write_to) writes it.
    pub fn saved_len(&self) -> usize {
        match &*self.stored() {
            Stored::Saved(bytes) => bytes.len(),
            Stored::Entries(cache) => cache.saved_len(),
        }
    }

    /// Appends its saved form to `out`: the bytes it was opened from while no call has
    /// needed the entries.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        match &*self.stored() {
            Stored::Saved(bytes) => out.extend_from_slice(bytes),
            Stored::Entries(cache) => cache.write_to(out),
        }
    }
}

/// A cache open for one call, with the moment of this run: what cached hashing and git's
/// walks look entries up in and record them into, from any thread. Its saved form is read
/// when it is first needed, or ahead with [`read`](Self::read).
pub struct OpenCache {
    /// The saved form, while the entries have not been read from it.
    saved: Vec<u8>,
    entries: OnceLock<RwLock<HashCache>>,
    /// The file system's time before the call looked at any file.
    recorded: Time,
}

impl OpenCache {
    fn new(stored: Stored, recorded: Time) -> OpenCache {
        let (saved, entries) = match stored {
            Stored::Saved(saved) => (saved, OnceLock::new()),
            Stored::Entries(cache) => (Vec::new(), OnceLock::from(RwLock::new(cache))),
        };
        OpenCache {
            saved,
            entries,
            recorded,
        }
    }

    /// The entries, read from the saved form the first time.
    fn entries(&self) -> &RwLock<HashCache> {
        self.entries
            .get_or_init(|| RwLock::new(HashCache::from_bytes(&self.saved)))
    }

    /// Reads the saved form now (a call does it beside work that needs no entries).
    pub(crate) fn read(&self) {
        self.entries();
    }

    /// The entries to look up, shared with other lookups (a lock a panic poisoned is taken
    /// as it is).
    pub(crate) fn shared(&self) -> RwLockReadGuard<'_, HashCache> {
        self.entries().read().unwrap_or_else(|p| p.into_inner())
    }

    /// The entries to record in, for this caller alone (a lock a panic poisoned is taken as
    /// it is).
    pub(crate) fn exclusive(&self) -> RwLockWriteGuard<'_, HashCache> {
        self.entries().write().unwrap_or_else(|p| p.into_inner())
    }

    /// The moment new entries are recorded at.
    pub(crate) fn recorded(&self) -> Time {
        self.recorded
    }

    /// The cache as the call left it: its entries, or the saved form no lookup needed.
    fn into_stored(self) -> Stored {
        match self.entries.into_inner() {
            Some(entries) => {
                Stored::Entries(entries.into_inner().unwrap_or_else(|p| p.into_inner()))
            }
            None => Stored::Saved(self.saved),
        }
    }
}

/// Hashes the files at `paths` (following symlinks) in parallel, answering from `cache`
/// where it can and recording the rest in it. Not regular files (pipes) are hashed and
/// never cached.
pub fn hash_files_cached<F: HostFs + MaybeSync>(
    fs: &F,
    paths: &[Vec<u8>],
    spec: &Spec,
    cache: &OpenCache,
) -> Vec<Result<FileDigest, Error>> {
    let spec_bytes = spec.to_bytes();
    // The saved form is read beside the lstats, which need no entries.
    let (metas, ()) = join(|| lstat_all(fs, paths), || cache.read());
    // A symlink is hashed as its target is.
    let metas: Vec<Result<Meta, Error>> = paths
        .iter()
        .zip(metas)
        .map(|(path, meta)| match meta {
            Ok(meta) if meta.kind == Some(Kind::Symlink) => fs
                .metadata(path, true)
                .map_err(|e| e.with_path(path.as_slice())),
            meta => meta,
        })
        .collect();
    // Each file answered from the cache or else hashed, in parallel, the entries shared
    // meanwhile; then what was hashed recorded.
    let outcomes: Vec<(Result<FileDigest, Error>, bool)> = {
        let entries = cache.shared();
        let jobs: Vec<_> = paths.iter().zip(&metas).collect();
        par_map(&jobs, |&(path, meta)| {
            let meta = match meta {
                Ok(meta) => meta,
                Err(e) => return (Err(e.clone()), false),
            };
            let answer = if meta.is_file() {
                entries.lookup(&spec_bytes, 0, meta)
            } else {
                None
            };
            match answer.filter(|digest| digest.len() == spec.output_len()) {
                Some(digest) => {
                    let file = FileDigest {
                        size: meta.size,
                        digest: digest.to_vec(),
                    };
                    (Ok(file), true)
                }
                None if fs.cancelled() => (Err(Error::cancelled()), false),
                None => (fs.hash_file(path, spec), false),
            }
        })
    };
    let mut entries = cache.exclusive();
    for (meta, (result, answered)) in metas.iter().zip(&outcomes) {
        if let (Ok(meta), false, Ok(hashed)) = (meta, answered, result) {
            // Not regular files (pipes) are hashed and never cached.
            if meta.is_file() {
                entries.record(&spec_bytes, 0, meta, cache.recorded(), &hashed.digest);
            }
        }
    }
    outcomes.into_iter().map(|(result, _)| result).collect()
}

/// A walk's paths and their files' results, in walk order.
pub type WalkHashed = (Vec<Vec<u8>>, Vec<Result<FileDigest, Error>>);

/// The files a walk yields, hashed through the cache as [`hash_files_cached`] does: their
/// paths (relative to the walk's root, in walk order) and results. A failed walk fails.
pub fn hash_walk_cached<F: HostFs + MaybeSync>(
    fs: &F,
    walk: impl Iterator<Item = Result<WalkedFile, Error>>,
    spec: &Spec,
    cache: &OpenCache,
) -> Result<WalkHashed, Error> {
    let paths = walk
        .map(|file| file.map(|f| f.path))
        .collect::<Result<Vec<_>, _>>()?;
    let results = hash_files_cached(fs, &paths, spec, cache);
    Ok((paths, results))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(mtime_secs: i64) -> Meta {
        Meta {
            size: 5,
            dev: 1,
            ino: 2,
            mode: 0o100644,
            mtime: Time {
                secs: mtime_secs,
                nanos: 7,
            },
            ctime: Time {
                secs: mtime_secs,
                nanos: 9,
            },
            ..Meta::default()
        }
    }

    #[test]
    fn trusts_only_unchanged_and_safe_entries() {
        let mut cache = HashCache::new();
        let now = Time {
            secs: 100,
            nanos: 0,
        };
        cache.record(b"spec", 0, &meta(50), now, b"old");
        cache.record(b"spec", 1, &meta(99), now, b"racy");
        assert_eq!(cache.lookup(b"spec", 0, &meta(50)), Some(&b"old"[..]));
        assert_eq!(
            cache.lookup(b"spec", 1, &meta(99)),
            None,
            "within the granularity"
        );
        assert_eq!(cache.lookup(b"spec", 0, &meta(51)), None, "another mtime");
        let mut grown = meta(50);
        grown.size = 6;
        assert_eq!(cache.lookup(b"spec", 0, &grown), None);
        assert_eq!(cache.lookup(b"other", 0, &meta(50)), None);
    }

    #[test]
    fn saved_form_round_trips_and_refuses_damage() {
        let mut cache = HashCache::new();
        cache.record(
            b"spec",
            0,
            &meta(50),
            Time {
                secs: 100,
                nanos: 0,
            },
            b"digest",
        );
        // Two more entries and another spec: the saved length counts each field.
        let recorded = Time {
            secs: 100,
            nanos: 0,
        };
        cache.record(b"spec", 1, &meta(50), recorded, b"other");
        cache.record(b"another spec", 0, &meta(50), recorded, b"third");
        let bytes = cache.to_bytes();
        assert_eq!(bytes.len(), cache.saved_len());
        let mut after = b"reply".to_vec();
        cache.write_to(&mut after);
        assert_eq!(
            &after[5..],
            &bytes[..],
            "written after other bytes, checked alone"
        );
        let loaded = HashCache::from_bytes(&bytes);
        assert_eq!(loaded.lookup(b"spec", 0, &meta(50)), Some(&b"digest"[..]));
        for cut in 0..bytes.len() {
            assert!(HashCache::checked_body(&bytes[..cut]).is_none());
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            assert!(HashCache::checked_body(&bad).is_none(), "byte {at}");
        }
    }

    /// A store answers from its entries in every run, keeps what a run recorded for the
    /// next without reading its saved form again, and saves it all; a run that needs no
    /// entry gives back the saved form it was opened from as it was.
    #[cfg(feature = "fs")]
    #[test]
    fn a_store_answers_across_runs_and_saves_what_they_recorded() {
        use crate::{Algorithm, StdFs};
        let dir = std::env::temp_dir().join(format!("hashmill-cache-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("kept"), b"kept").unwrap();
        std::fs::write(dir.join("changed"), b"one").unwrap();
        let fs = StdFs::new(&dir);
        let spec = Spec::new(Algorithm::Sha256, None, None, None).unwrap();
        let paths = [b"kept".to_vec(), b"changed".to_vec()];
        // Recorded an hour after the files were written (so the entries are safe), with a
        // digest no file has: an answer from the cache shows as that digest.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        let later = Time::from_nanos(now.as_nanos() as i128 + 3_600_000_000_000);
        let planted = [0xab; 32];
        let mut seeded = HashCache::new();
        for path in &paths {
            let meta = fs.metadata(path, false).unwrap();
            seeded.record(&spec.to_bytes(), 0, &meta, later, &planted);
        }
        let saved = seeded.to_bytes();
        let digests = |store: &CacheStore| -> Vec<Vec<u8>> {
            store
                .run(later, |cache| hash_files_cached(&fs, &paths, &spec, cache))
                .into_iter()
                .map(|r| r.unwrap().digest)
                .collect()
        };

        let untouched = CacheStore::new(saved.clone());
        untouched.run(later, |_| ());
        let mut out = Vec::new();
        untouched.write_to(&mut out);
        assert_eq!(out, saved, "a run that needed no entry");
        assert_eq!(untouched.saved_len(), saved.len());

        let store = CacheStore::new(saved);
        assert_eq!(digests(&store), [planted.to_vec(), planted.to_vec()]);
        std::fs::write(dir.join("changed"), b"two!").unwrap();
        let two = crate::hash_vec(&spec, b"two!");
        assert_eq!(
            digests(&store),
            [planted.to_vec(), two.clone()],
            "hashed again once changed"
        );
        let reopened = CacheStore::new(store.end_run(10));
        assert_eq!(
            digests(&reopened),
            [planted.to_vec(), two],
            "saved with the new entry"
        );
        assert_eq!(reopened.saved_len(), reopened.end_run(10).len());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A run started while another runs on the same store (as a pool thread waiting inside
    /// one call may start another) neither waits for it nor sees its entries; the run that
    /// ends last is kept.
    #[test]
    fn a_run_inside_a_run_of_one_store_goes_on_without_its_entries() {
        let recorded = Time {
            secs: 100,
            nanos: 0,
        };
        let mut seeded = HashCache::new();
        seeded.record(b"spec", 0, &meta(50), recorded, b"kept");
        let store = CacheStore::new(seeded.to_bytes());
        store.run(recorded, |outer| {
            assert_eq!(outer.shared().len(), 1);
            store.run(recorded, |inner| assert!(inner.shared().is_empty()));
        });
        store.run(recorded, |cache| {
            assert_eq!(
                cache.shared().lookup(b"spec", 0, &meta(50)),
                Some(&b"kept"[..])
            );
        });
    }

    #[test]
    fn entries_unseen_for_n_runs_are_dropped() {
        let mut cache = HashCache::new();
        cache.record(
            b"s",
            0,
            &meta(1),
            Time {
                secs: 100,
                nanos: 0,
            },
            b"d",
        );
        for _ in 0..3 {
            cache.end_run(3);
            cache = HashCache::from_bytes(&cache.to_bytes());
        }
        assert_eq!(cache.len(), 1, "seen 3 runs ago");
        cache.end_run(3);
        assert!(cache.is_empty());
    }
}
