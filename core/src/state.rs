//! A hasher's state as bytes, to continue it later, in another process, on the other
//! backend or on another machine.
//!
//! The bytes name everything needed to go on and carry their own check:
//!
//! ```text
//! "hmst"  version (u8)  spec length (u16)  spec (Spec::to_bytes: algorithm, output length,
//! seed, BLAKE3 key or context)  bytes hashed (u64)  payload length (u32)  payload  check
//! ```
//!
//! all little-endian, where the check is the first 16 bytes of a BLAKE3 derive-key hash of
//! everything before it. The payload is the algorithm's own state: the RustCrypto crates'
//! `SerializableState` for SHA-2, SHA-1 and MD5 (stable within their 0.11 versions),
//! twox-hash's serde form of XXH64/XXH32 (written with postcard), hashmill's own streams
//! for BLAKE3 and XXH3, the register for the CRCs, and for a git blob ID the SHA's state
//! after its header (the declared length is in the spec) or, when no length was declared,
//! the bytes kept so far. Reading checks the check first, then
//! that every field is one a hasher can have: a truncated, corrupted or foreign state is a
//! [`StateError`], never a hasher that gives a wrong digest.
//!
//! A keyed BLAKE3 state holds its key (it is part of the spec): treat it as the key.

use crate::algorithm::Algorithm;
use crate::blake3_stream::{Blake3Parts, Blake3Stream, MAX_STACK};
use crate::crc_combine::digest_continuing;
use crate::git_blob::{GitBlob, Sha};
use crate::hasher::{Hasher, State};
use crate::saved::{check_of, push_prefixed, Reader, CHECK_LEN};
use crate::spec::Spec;
use crate::subtree::Cv;
use crate::xxh3_stream::{Xxh3Parts, Xxh3Stream};
use sha2::digest::common::hazmat::SerializableState;
use std::fmt;

const MAGIC: &[u8; 4] = b"hmst";
/// The version this build writes and reads.
pub const STATE_VERSION: u8 = 1;
const CHECK_CONTEXT: &str = "hashmill 2026-05 hasher state check";

/// Why bytes are not a state this build can continue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateError {
    /// Not a hashmill hasher state at all (or cut before its header ends).
    NotAState,
    /// A state of another version of the format.
    Version(u8),
    /// Its check does not match: truncated or corrupted.
    Check,
    /// The check matches but a field is not one a hasher can have.
    Inconsistent(&'static str),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::NotAState => f.write_str("not a hashmill hasher state"),
            StateError::Version(v) => write!(
                f,
                "a hasher state of format version {v}; this hashmill reads version {STATE_VERSION}"
            ),
            StateError::Check => {
                f.write_str("the state's check does not match: it is truncated or corrupted")
            }
            StateError::Inconsistent(what) => write!(f, "the state is inconsistent: {what}"),
        }
    }
}

impl std::error::Error for StateError {}

/// A field that runs past the end of the state.
const PAST_END: StateError = StateError::Inconsistent("a field runs past the end");

/// Fails unless every field of the state was read.
fn end(r: &Reader) -> Result<(), StateError> {
    if r.is_done() {
        Ok(())
    } else {
        Err(StateError::Inconsistent("bytes after the last field"))
    }
}

/// XXH64's and XXH32's state as twox-hash serializes it, read here first so that only a
/// state the crate can continue is handed to it.
#[derive(serde::Deserialize)]
struct XxhShim<W, const N: usize> {
    total_len: u64,
    seed: W,
    #[allow(dead_code)]
    core: [W; 4],
    #[serde(with = "serde_arrays")]
    #[allow(dead_code)]
    buffer: [u8; N],
    buffer_usage: usize,
}

/// Fixed-size byte arrays over 32 bytes in serde's tuple form (serde derives only up to 32).
mod serde_arrays {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    use std::fmt;

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        struct Bytes<const N: usize>;
        impl<'de, const N: usize> Visitor<'de> for Bytes<N> {
            type Value = [u8; N];
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{N} bytes")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[u8; N], A::Error> {
                let mut out = [0; N];
                for (i, byte) in out.iter_mut().enumerate() {
                    *byte = seq
                        .next_element()?
                        .ok_or_else(|| A::Error::invalid_length(i, &self))?;
                }
                Ok(out)
            }
        }
        d.deserialize_tuple(N, Bytes::<N>)
    }
}

/// `payload` as the twox-hash hasher `T`, checked against `length` and `seed` first.
fn xxh_from<T, W, const N: usize>(payload: &[u8], length: u64, seed: u64) -> Result<T, StateError>
where
    T: serde::de::DeserializeOwned,
    W: serde::de::DeserializeOwned + Into<u64>,
    [W; 4]: serde::de::DeserializeOwned,
{
    let bad = StateError::Inconsistent("not an xxHash state");
    let (shim, rest) =
        postcard::take_from_bytes::<XxhShim<W, N>>(payload).map_err(|_| bad.clone())?;
    let consistent = rest.is_empty()
        && shim.total_len == length
        && shim.seed.into() == seed
        && shim.buffer_usage == (length % N as u64) as usize;
    if !consistent {
        return Err(bad);
    }
    postcard::from_bytes(payload).map_err(|_| bad)
}

fn rustcrypto_from<T: SerializableState>(payload: &[u8]) -> Result<T, StateError> {
    let bad = StateError::Inconsistent("not a SHA-2, SHA-1 or MD5 state");
    let array = payload.try_into().map_err(|_| bad.clone())?;
    T::deserialize(array).map_err(|_| bad)
}

fn blake3_payload(stream: &Blake3Stream, out: &mut Vec<u8>) {
    let parts = stream.parts();
    out.extend_from_slice(&parts.committed.to_le_bytes());
    out.push(parts.stack.len() as u8);
    parts.stack.iter().for_each(|cv| out.extend_from_slice(cv));
    push_prefixed(out, parts.pending);
}

fn blake3_from(spec: &Spec, payload: &[u8], length: u64) -> Result<Blake3Stream, StateError> {
    let mut r = Reader(payload);
    let committed = r.u64().ok_or(PAST_END)?;
    let depth = usize::from(r.u8().ok_or(PAST_END)?);
    if depth > MAX_STACK + 1 {
        return Err(StateError::Inconsistent("a BLAKE3 stack too deep"));
    }
    let stack: Vec<Cv> = (0..depth)
        .map(|_| r.array().ok_or(PAST_END))
        .collect::<Result<_, _>>()?;
    let parts = Blake3Parts {
        committed,
        stack: &stack,
        pending: r.prefixed().ok_or(PAST_END)?,
    };
    end(&r)?;
    Blake3Stream::from_parts(spec.mode(), &parts)
        .filter(|stream| stream.len() == length)
        .ok_or(StateError::Inconsistent("not a BLAKE3 state"))
}

fn xxh3_payload(stream: &Xxh3Stream, out: &mut Vec<u8>) {
    let parts = stream.parts();
    parts
        .acc
        .iter()
        .for_each(|a| out.extend_from_slice(&a.to_le_bytes()));
    out.extend_from_slice(&parts.blocks.to_le_bytes());
    out.extend_from_slice(parts.previous);
    push_prefixed(out, parts.pending);
}

fn xxh3_from(spec: &Spec, payload: &[u8], length: u64) -> Result<Xxh3Stream, StateError> {
    let mut r = Reader(payload);
    let mut acc = [0; 8];
    for a in &mut acc {
        *a = r.u64().ok_or(PAST_END)?;
    }
    let blocks = r.u64().ok_or(PAST_END)?;
    let previous = r.array().ok_or(PAST_END)?;
    let parts = Xxh3Parts {
        acc,
        blocks,
        previous: &previous,
        pending: r.prefixed().ok_or(PAST_END)?,
    };
    end(&r)?;
    Xxh3Stream::from_parts(spec.seed(), &parts)
        .filter(|stream| stream.len() == length)
        .ok_or(StateError::Inconsistent("not an XXH3 state"))
}

fn git_payload(blob: &GitBlob, out: &mut Vec<u8>) {
    match (&blob.sha, blob.declared) {
        (Sha::Sha1(h), Some(_)) => out.extend_from_slice(&h.serialize()),
        (Sha::Sha256(h), Some(_)) => out.extend_from_slice(&h.serialize()),
        (_, None) => out.extend_from_slice(&blob.kept),
    }
}

fn git_from(spec: &Spec, payload: &[u8], length: u64) -> Result<GitBlob, StateError> {
    let long = spec.algorithm() == Algorithm::GitSha256;
    let mut blob = GitBlob::new(long, spec.size());
    match spec.size() {
        None if payload.len() as u64 == length => blob.update(payload),
        None => return Err(StateError::Inconsistent("not the bytes of a git blob")),
        Some(declared) if length > declared => {
            return Err(StateError::Inconsistent(
                "more bytes than the size declared",
            ))
        }
        Some(_) => {
            blob.sha = if long {
                Sha::Sha256(rustcrypto_from(payload)?)
            } else {
                Sha::Sha1(rustcrypto_from(payload)?)
            };
        }
    }
    Ok(blob)
}

impl Hasher {
    /// The state as bytes that [`Hasher::restore`] continues from.
    ///
    /// ```
    /// use hashmill_core::{Algorithm, Hasher, Spec};
    /// let mut h = Hasher::new(Spec::plain(Algorithm::Sha256));
    /// h.update(b"ab");
    /// let mut resumed = Hasher::restore(&h.save()).unwrap();
    /// resumed.update(b"c");
    /// assert_eq!(resumed.finalize_vec()[..4], [0xba, 0x78, 0x16, 0xbf]);
    /// ```
    pub fn save(&self) -> Vec<u8> {
        let spec = self.spec.to_bytes();
        let mut payload = Vec::new();
        match &self.state {
            State::Blake3(h) => blake3_payload(h, &mut payload),
            State::Sha256(h) => payload.extend_from_slice(&h.serialize()),
            State::Sha384(h) => payload.extend_from_slice(&h.serialize()),
            State::Sha512(h) => payload.extend_from_slice(&h.serialize()),
            State::Sha1(h) => payload.extend_from_slice(&h.serialize()),
            State::Md5(h) => payload.extend_from_slice(&h.serialize()),
            State::Xxh3(h) => xxh3_payload(h, &mut payload),
            State::Xxh64(h) => payload = postcard::to_allocvec(h).expect("serializing to memory"),
            State::Xxh32(h) => payload = postcard::to_allocvec(h).expect("serializing to memory"),
            State::Crc(h) => payload.extend_from_slice(&h.finalize().to_le_bytes()),
            State::Git(h) => git_payload(h, &mut payload),
        }
        let mut out = Vec::with_capacity(27 + spec.len() + payload.len() + CHECK_LEN);
        out.extend_from_slice(MAGIC);
        out.push(STATE_VERSION);
        push_prefixed(&mut out, &spec);
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(&payload);
        let check = check_of(CHECK_CONTEXT, &out);
        out.extend_from_slice(&check);
        out
    }

    /// The hasher a [`save`](Self::save)d state describes, ready to continue.
    pub fn restore(bytes: &[u8]) -> Result<Hasher, StateError> {
        if bytes.len() < MAGIC.len() + 1 || &bytes[..4] != MAGIC {
            return Err(StateError::NotAState);
        }
        if bytes[4] != STATE_VERSION {
            return Err(StateError::Version(bytes[4]));
        }
        let body_len = bytes
            .len()
            .checked_sub(CHECK_LEN)
            .ok_or(StateError::Check)?;
        let (body, check) = bytes.split_at(body_len);
        if check_of(CHECK_CONTEXT, body) != check {
            return Err(StateError::Check);
        }
        let mut r = Reader(&body[5..]);
        let spec = Spec::from_bytes(r.prefixed().ok_or(PAST_END)?)
            .map_err(|_| StateError::Inconsistent("its spec does not decode"))?;
        let len = r.u64().ok_or(PAST_END)?;
        let payload_len = r.u32().ok_or(PAST_END)? as usize;
        let payload = r.take(payload_len).ok_or(PAST_END)?;
        end(&r)?;
        let seed = spec.seed();
        let state = match spec.algorithm() {
            Algorithm::Blake3 => State::Blake3(Box::new(blake3_from(&spec, payload, len)?)),
            Algorithm::Sha256 => State::Sha256(rustcrypto_from(payload)?),
            Algorithm::Sha384 => State::Sha384(rustcrypto_from(payload)?),
            Algorithm::Sha512 => State::Sha512(rustcrypto_from(payload)?),
            Algorithm::Sha1 => State::Sha1(rustcrypto_from(payload)?),
            Algorithm::Md5 => State::Md5(rustcrypto_from(payload)?),
            Algorithm::Xxh3 | Algorithm::Xxh3_128 => {
                State::Xxh3(Box::new(xxh3_from(&spec, payload, len)?))
            }
            Algorithm::Xxh64 => State::Xxh64(xxh_from::<_, u64, 32>(payload, len, seed)?),
            Algorithm::Xxh32 => State::Xxh32(xxh_from::<_, u32, 16>(payload, len, seed)?),
            a @ (Algorithm::Crc32 | Algorithm::Crc32c | Algorithm::Crc64Nvme) => {
                let value = u64::from_le_bytes(
                    payload
                        .try_into()
                        .map_err(|_| StateError::Inconsistent("not a CRC state"))?,
                );
                if value > u64::MAX >> (64 - 8 * a.digest_len()) {
                    return Err(StateError::Inconsistent("a CRC value wider than its CRC"));
                }
                State::Crc(digest_continuing(a, value))
            }
            Algorithm::GitSha1 | Algorithm::GitSha256 => {
                State::Git(Box::new(git_from(&spec, payload, len)?))
            }
        };
        Ok(Hasher { spec, state, len })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash_vec;

    fn specs() -> Vec<Spec> {
        let mut specs: Vec<Spec> = Algorithm::ALL.into_iter().map(Spec::plain).collect();
        specs.push(Spec::new(Algorithm::Blake3, Some(&[7; 32]), None, None).unwrap());
        specs.push(
            Spec::new(Algorithm::Blake3, None, Some("ctx"), None)
                .unwrap()
                .with_output_len(100)
                .unwrap(),
        );
        for a in [Algorithm::Xxh3, Algorithm::Xxh3_128, Algorithm::Xxh64] {
            specs.push(Spec::new(a, None, None, Some(u64::MAX - 5)).unwrap());
        }
        specs.push(Spec::new(Algorithm::Xxh32, None, None, Some(0xdead_beef)).unwrap());
        specs.retain(|spec| !spec.algorithm().is_sized());
        for a in [Algorithm::GitSha1, Algorithm::GitSha256] {
            specs.push(Spec::plain(a).with_size(20_000).unwrap());
        }
        specs
    }

    #[test]
    fn every_algorithm_continues_where_it_stopped() {
        let data: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 9) as u8)
            .collect();
        for spec in specs() {
            let want = hash_vec(&spec, &data);
            for cut in [
                0, 1, 31, 32, 33, 63, 64, 240, 241, 1024, 1025, 4096, 10_000, 20_000,
            ] {
                let mut h = Hasher::new(spec.clone());
                h.update(&data[..cut]);
                let mut resumed = Hasher::restore(&h.save())
                    .unwrap_or_else(|e| panic!("{:?} at {cut}: {e}", spec.algorithm()));
                assert_eq!(resumed.len(), cut as u64);
                resumed.update(&data[cut..]);
                assert_eq!(
                    resumed.finalize_vec(),
                    want,
                    "{:?} cut {cut}",
                    spec.algorithm()
                );
            }
        }
    }

    #[test]
    fn truncated_corrupted_and_foreign_states_are_refused() {
        let data = [5u8; 3000];
        for spec in specs() {
            let mut h = Hasher::new(spec.clone());
            h.update(&data[..1500]);
            let state = h.save();
            for cut in 0..state.len() {
                assert!(
                    Hasher::restore(&state[..cut]).is_err(),
                    "{:?} cut {cut}",
                    spec.algorithm()
                );
            }
            for at in 0..state.len() {
                for bit in [0x01, 0x80] {
                    let mut bad = state.clone();
                    bad[at] ^= bit;
                    assert!(
                        Hasher::restore(&bad).is_err(),
                        "{:?} byte {at}",
                        spec.algorithm()
                    );
                }
            }
        }
        assert_eq!(
            Hasher::restore(b"PK\x03\x04...").err(),
            Some(StateError::NotAState)
        );
        let mut newer = Hasher::new(Spec::plain(Algorithm::Md5)).save();
        newer[4] = 2;
        assert_eq!(Hasher::restore(&newer).err(), Some(StateError::Version(2)));
    }

    /// A state whose check is right but whose fields are not: re-signed after the change.
    fn resigned(mut state: Vec<u8>, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        state.truncate(state.len() - CHECK_LEN);
        change(&mut state);
        let check = check_of(CHECK_CONTEXT, &state);
        state.extend_from_slice(&check);
        state
    }

    #[test]
    fn well_signed_impossible_states_are_refused_not_trusted() {
        for spec in specs() {
            let mut h = Hasher::new(spec.clone());
            h.update(&[1; 700]);
            let state = h.save();
            let spec_len = spec.to_bytes().len();
            let len_at = 7 + spec_len;
            let payload_at = len_at + 12;
            // Another length than the payload's (checked wherever the payload tells it).
            let other_len = resigned(state.clone(), |s| s[len_at] ^= 1);
            let restored = Hasher::restore(&other_len);
            if !matches!(spec.algorithm(), a if a.crypto_name().is_some() || a.is_crc() || a.is_sized())
            {
                assert!(restored.is_err(), "{:?} length", spec.algorithm());
            }
            // Every byte of the payload set to 0xff: refused or a valid hasher, never a panic.
            for at in payload_at..state.len() - CHECK_LEN {
                let _ = Hasher::restore(&resigned(state.clone(), |s| s[at] = 0xff));
            }
            let short = resigned(state.clone(), |s| {
                s.pop();
            });
            assert!(
                Hasher::restore(&short).is_err(),
                "{:?} short",
                spec.algorithm()
            );
        }
    }
}
