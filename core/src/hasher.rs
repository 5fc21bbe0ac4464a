//! The streaming state of every algorithm behind one type.
//!
//! [`Hasher`] is what both bindings wrap: `update` any number of times, `finalize` as often
//! as needed (it does not consume the state), `reset` to start over. Output is always the
//! canonical byte string of the digest: for xxHash and CRC that is the big-endian value,
//! as `xxhsum` and CRC tools print it.

use crate::algorithm::Algorithm;
use crate::blake3_stream::Blake3Stream;
use crate::crc::Digest as Crc;
use crate::crc_combine::crc_fast_algorithm;
use crate::git_blob::GitBlob;
use crate::spec::{Blake3Mode, Spec, SpecError};
use crate::xxh3_stream::Xxh3Stream;
use sha2::Digest as _;
use std::hash::Hasher as _;
use twox_hash::{XxHash32, XxHash64};

/// The state of one algorithm. BLAKE3 and XXH3 are hashmill's own streams (their crates
/// keep their state private); the others are the crates' types, whose state they let
/// [`state`](crate::state) save.
#[derive(Clone)]
pub(crate) enum State {
    Blake3(Box<Blake3Stream>),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha1(sha1::Sha1),
    Md5(crate::md5::Md5),
    /// XXH3-64 and XXH3-128 (the spec says which digest to take).
    Xxh3(Box<Xxh3Stream>),
    Xxh64(XxHash64),
    Xxh32(XxHash32),
    Crc(Crc),
    /// A git blob ID (the spec says SHA-1 or SHA-256).
    Git(Box<GitBlob>),
}

/// Incremental hashing for any [`Spec`].
///
/// ```
/// use hashmill_core::{Algorithm, Hasher, Spec};
/// let mut h = Hasher::new(Spec::plain(Algorithm::Crc32));
/// h.update(b"12345");
/// h.update(b"6789");
/// assert_eq!(h.finalize_vec(), [0xcb, 0xf4, 0x39, 0x26]);
/// ```
#[derive(Clone)]
pub struct Hasher {
    pub(crate) spec: Spec,
    pub(crate) state: State,
    /// Bytes fed since the start (or the last reset).
    pub(crate) len: u64,
}

pub(crate) fn new_blake3(mode: &Blake3Mode) -> blake3::Hasher {
    match mode {
        Blake3Mode::Hash => blake3::Hasher::new(),
        Blake3Mode::Keyed(key) => blake3::Hasher::new_keyed(key),
        Blake3Mode::DeriveKey(context) => blake3::Hasher::new_derive_key(context),
    }
}

/// Narrows a seed that [`Spec::new`] has already checked to fit 32 bits.
pub(crate) fn seed32(spec: &Spec) -> u32 {
    u32::try_from(spec.seed()).expect("Spec::new keeps 32-bit seeds in range")
}

pub(crate) fn fresh_state(spec: &Spec) -> State {
    let seed = spec.seed();
    match spec.algorithm() {
        Algorithm::Blake3 => State::Blake3(Box::new(Blake3Stream::new(spec.mode()))),
        Algorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
        Algorithm::Sha384 => State::Sha384(sha2::Sha384::new()),
        Algorithm::Sha512 => State::Sha512(sha2::Sha512::new()),
        Algorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
        Algorithm::Md5 => State::Md5(crate::md5::Md5::new()),
        Algorithm::Xxh3 | Algorithm::Xxh3_128 => State::Xxh3(Box::new(Xxh3Stream::new(seed))),
        Algorithm::Xxh64 => State::Xxh64(XxHash64::with_seed(seed)),
        Algorithm::Xxh32 => State::Xxh32(XxHash32::with_seed(seed32(spec))),
        a @ (Algorithm::Crc32 | Algorithm::Crc32c | Algorithm::Crc64Nvme) => {
            State::Crc(Crc::new(crc_fast_algorithm(a)))
        }
        a @ (Algorithm::GitSha1 | Algorithm::GitSha256) => State::Git(Box::new(GitBlob::new(
            a == Algorithm::GitSha256,
            spec.size(),
        ))),
    }
}

/// Writes a fixed-size digest into `out`, whose length the caller has checked.
fn put(out: &mut [u8], digest: &[u8]) {
    out.copy_from_slice(digest);
}

/// Writes a CRC value as its canonical big-endian bytes (`out` is 4 or 8 bytes long).
pub(crate) fn put_crc(out: &mut [u8], value: u64) {
    out.copy_from_slice(&value.to_be_bytes()[8 - out.len()..]);
}

impl Hasher {
    /// A fresh hasher for `spec`.
    pub fn new(spec: Spec) -> Hasher {
        let state = fresh_state(&spec);
        Hasher {
            spec,
            state,
            len: 0,
        }
    }

    /// The spec this hasher was made with.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// How many bytes have been fed since the start (or the last [`reset`](Self::reset)).
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether no byte has been fed yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Feeds more input.
    pub fn update(&mut self, data: &[u8]) {
        self.len += data.len() as u64;
        match &mut self.state {
            State::Blake3(h) => h.update(data, false),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Md5(h) => h.update(data),
            State::Xxh3(h) => h.update(data),
            State::Xxh64(h) => h.write(data),
            State::Xxh32(h) => h.write(data),
            State::Crc(h) => h.update(data),
            State::Git(h) => h.update(data),
        }
    }

    /// Tells a git blob ID the input's length before its first byte, when the spec declared
    /// none (a file's size): without it the bytes are kept until the digest is taken. Other
    /// algorithms need no length and ignore it.
    pub fn declare_len(&mut self, len: u64) {
        if let State::Git(h) = &mut self.state {
            h.declare(len);
        }
    }

    /// Feeds more input, using every thread of rayon's current pool when that pays off
    /// (BLAKE3 from [`PARALLEL_MIN_LEN`] bytes on, the CRCs from [`CRC_PARALLEL_MIN_LEN`]);
    /// otherwise the same as [`update`](Self::update).
    #[cfg(feature = "rayon")]
    pub fn update_parallel(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Blake3(h) => {
                self.len += data.len() as u64;
                h.update(data, true);
            }
            State::Crc(h) if data.len() >= CRC_PARALLEL_MIN_LEN => {
                self.len += data.len() as u64;
                crate::crc_combine::update_parallel(self.spec.algorithm(), h, data);
            }
            _ => self.update(data),
        }
    }

    /// Writes the digest of everything fed so far into `out` and leaves the state as it was.
    ///
    /// `out.len()` is the output length: any length from 1 byte to 1 GiB for BLAKE3,
    /// exactly [`Algorithm::digest_len`] for the others.
    pub fn finalize_into(&self, out: &mut [u8]) -> Result<(), SpecError> {
        self.spec.check_output_len(out.len())?;
        match &self.state {
            State::Blake3(h) => h.finalize(out),
            State::Sha256(h) => put(out, &h.clone().finalize()),
            State::Sha384(h) => put(out, &h.clone().finalize()),
            State::Sha512(h) => put(out, &h.clone().finalize()),
            State::Sha1(h) => put(out, &h.clone().finalize()),
            State::Md5(h) => put(out, &h.clone().finalize()),
            State::Xxh3(h) if self.spec.algorithm() == Algorithm::Xxh3 => {
                put(out, &h.digest_64().to_be_bytes())
            }
            State::Xxh3(h) => put(out, &h.digest_128().to_be_bytes()),
            State::Xxh64(h) => put(out, &h.finish().to_be_bytes()),
            State::Xxh32(h) => put(out, &h.finish_32().to_be_bytes()),
            State::Crc(h) => put_crc(out, h.finalize()),
            State::Git(h) => h.finalize_into(self.len, out)?,
        }
        Ok(())
    }

    /// The digest of everything fed so far, [`Spec::output_len`] bytes long.
    ///
    /// Panics for a git blob ID fed another length than its spec declared: use
    /// [`try_finalize_vec`](Self::try_finalize_vec) where that can happen.
    pub fn finalize_vec(&self) -> Vec<u8> {
        self.try_finalize_vec()
            .expect("a spec's output length is valid for it")
    }

    /// The digest of everything fed so far, or the mismatch between a declared length and
    /// the bytes fed (git blob IDs).
    pub fn try_finalize_vec(&self) -> Result<Vec<u8>, SpecError> {
        let mut out = vec![0; self.spec.output_len()];
        self.finalize_into(&mut out)?;
        Ok(out)
    }

    /// Roughly how many bytes of memory this hasher holds, for the bindings to report to
    /// the JavaScript engine (so its garbage collector knows what a hasher costs).
    pub fn memory_size(&self) -> usize {
        let boxed = match &self.state {
            State::Blake3(_) => std::mem::size_of::<Blake3Stream>() + Blake3Stream::HEAP_SIZE,
            State::Xxh3(_) => std::mem::size_of::<Xxh3Stream>(),
            State::Git(h) => std::mem::size_of::<GitBlob>() + h.kept.capacity(),
            _ => 0,
        };
        std::mem::size_of::<Hasher>() + boxed
    }

    /// Forgets all input, keeping the spec (key, context, seed).
    pub fn reset(&mut self) {
        self.state = fresh_state(&self.spec);
        self.len = 0;
    }
}

/// From this many bytes on, one CRC input is hashed in pieces on several threads and the
/// pieces combined: below it waking rayon's workers costs more than the CRC (which runs at
/// 10-40 GB/s per core with carry-less multiplication).
pub const CRC_PARALLEL_MIN_LEN: usize = 1 << 20;

/// From this many bytes on, BLAKE3 is faster on several threads than on one: below it the
/// cost of waking rayon's workers is larger than the work (the blake3 crate's docs give
/// 128 KiB on x86_64, which `bench/` confirms on this project's machines).
pub const PARALLEL_MIN_LEN: usize = 128 * 1024;
