//! What to compute: an algorithm, its parameters (BLAKE3 key or context, seed, the length
//! a git blob ID declares) and the output length.
//!
//! A [`Spec`] is checked once when it is built, so a [`Hasher`](crate::Hasher) made from
//! it can never meet an invalid combination. It crosses into the bindings as one compact
//! byte string ([`Spec::to_bytes`], [`Spec::from_bytes`]): `lib/` has each binding encode a
//! spec once per options object and passes those bytes to every call, and the wasm pool
//! posts them to its workers. The JavaScript layer validates user input first and writes
//! the messages users see; these errors are the last line of defence.

use crate::algorithm::{Algorithm, SeedWidth};
use std::fmt;

/// The BLAKE3 key length in bytes.
pub const BLAKE3_KEY_LEN: usize = blake3::KEY_LEN;

/// The largest output length hashmill produces for an XOF in one call (1 GiB).
pub const MAX_OUTPUT_LEN: usize = 1 << 30;

/// BLAKE3's three modes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blake3Mode {
    /// Plain hashing.
    Hash,
    /// Keyed hashing (a MAC / PRF) with a 32-byte key.
    Keyed([u8; BLAKE3_KEY_LEN]),
    /// Key derivation with a context string.
    DeriveKey(String),
}

/// A checked description of one hash computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    algorithm: Algorithm,
    mode: Blake3Mode,
    seed: u64,
    output_len: usize,
    /// The input's length, declared up front (git blob IDs only; see [`Spec::with_size`]).
    size: Option<u64>,
}

/// Why a [`Spec`] or an output length was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// An algorithm id that does not exist.
    UnknownAlgorithm(u32),
    /// `key` or `context` given for an algorithm without key modes.
    KeyModeNotSupported(Algorithm),
    /// Both `key` and `context` given.
    KeyAndContext,
    /// A BLAKE3 key that is not 32 bytes long.
    BadKeyLength(usize),
    /// A seed given for an algorithm that takes none, or too wide for it.
    BadSeed(Algorithm, u64),
    /// An output length the algorithm cannot produce.
    BadOutputLength(Algorithm, usize),
    /// Bytes that are not an encoded spec.
    Malformed,
    /// A declared size for an algorithm whose digest does not cover the length.
    SizeNotSupported(Algorithm),
    /// A git blob ID asked for of another number of bytes than the size declared up front.
    SizeMismatch {
        /// The size declared.
        declared: u64,
        /// The bytes actually given.
        given: u64,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::UnknownAlgorithm(id) => write!(f, "unknown algorithm id {id}"),
            SpecError::KeyModeNotSupported(a) => {
                write!(f, "{} has no keyed or derive-key mode", a.name())
            }
            SpecError::KeyAndContext => write!(f, "key and context cannot be used together"),
            SpecError::BadKeyLength(n) => {
                write!(f, "a BLAKE3 key must be {BLAKE3_KEY_LEN} bytes, got {n}")
            }
            SpecError::BadSeed(a, s) => write!(f, "seed {s} is not valid for {}", a.name()),
            SpecError::BadOutputLength(a, n) => {
                write!(f, "output length {n} is not valid for {}", a.name())
            }
            SpecError::Malformed => f.write_str("not an encoded spec"),
            SpecError::SizeNotSupported(a) => {
                write!(
                    f,
                    "{} takes no size: only git blob IDs declare one",
                    a.name()
                )
            }
            SpecError::SizeMismatch { declared, given } => write!(
                f,
                "the size declared was {declared} bytes but {given} bytes were given"
            ),
        }
    }
}

impl std::error::Error for SpecError {}

impl Spec {
    /// Builds a spec, checking that every parameter suits the algorithm.
    pub fn new(
        algorithm: Algorithm,
        key: Option<&[u8]>,
        context: Option<&str>,
        seed: Option<u64>,
    ) -> Result<Spec, SpecError> {
        let mode = match (key, context) {
            (None, None) => Blake3Mode::Hash,
            _ if !algorithm.has_key_modes() => {
                return Err(SpecError::KeyModeNotSupported(algorithm))
            }
            (Some(_), Some(_)) => return Err(SpecError::KeyAndContext),
            (Some(key), None) => Blake3Mode::Keyed(
                key.try_into()
                    .map_err(|_| SpecError::BadKeyLength(key.len()))?,
            ),
            (None, Some(context)) => Blake3Mode::DeriveKey(context.to_owned()),
        };
        let seed = match (seed, algorithm.seed_width()) {
            (None, _) => 0,
            (Some(s), SeedWidth::Bits64) => s,
            (Some(s), SeedWidth::Bits32) if s <= u64::from(u32::MAX) => s,
            (Some(s), _) => return Err(SpecError::BadSeed(algorithm, s)),
        };
        Ok(Spec {
            algorithm,
            mode,
            seed,
            output_len: algorithm.digest_len(),
            size: None,
        })
    }

    /// A spec with no parameters: plain hashing, seed 0, the algorithm's digest length.
    pub fn plain(algorithm: Algorithm) -> Spec {
        Spec {
            algorithm,
            mode: Blake3Mode::Hash,
            seed: 0,
            output_len: algorithm.digest_len(),
            size: None,
        }
    }

    /// The same spec with the input's length declared up front: required to stream a git
    /// blob ID (its header holds the length), refused for the other algorithms.
    ///
    /// ```
    /// use hashmill_core::{Algorithm, Hasher, Spec};
    /// let spec = Spec::plain(Algorithm::GitSha1).with_size(6).unwrap();
    /// let mut h = Hasher::new(spec);
    /// h.update(b"hello\n");
    /// assert_eq!(h.finalize_vec()[..3], [0xce, 0x01, 0x36]);
    /// ```
    pub fn with_size(mut self, size: u64) -> Result<Spec, SpecError> {
        if !self.algorithm.is_sized() {
            return Err(SpecError::SizeNotSupported(self.algorithm));
        }
        self.size = Some(size);
        Ok(self)
    }

    /// The declared input length, if any.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// The same spec with no declared length (file hashing declares the file's own).
    pub(crate) fn without_size(&self) -> Spec {
        Spec {
            size: None,
            ..self.clone()
        }
    }

    /// The same spec producing `len` bytes of output (any length from 1 byte to
    /// [`MAX_OUTPUT_LEN`] for BLAKE3, exactly the digest length for the others).
    pub fn with_output_len(mut self, len: usize) -> Result<Spec, SpecError> {
        self.check_output_len(len)?;
        self.output_len = len;
        Ok(self)
    }

    /// The output length in bytes.
    pub fn output_len(&self) -> usize {
        self.output_len
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The BLAKE3 mode (always [`Blake3Mode::Hash`] for other algorithms).
    pub fn mode(&self) -> &Blake3Mode {
        &self.mode
    }

    /// The seed (0 when none was given).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Checks that `len` bytes of output can be produced.
    pub fn check_output_len(&self, len: usize) -> Result<(), SpecError> {
        let ok = if self.algorithm.is_xof() {
            (1..=MAX_OUTPUT_LEN).contains(&len)
        } else {
            len == self.algorithm.digest_len()
        };
        if ok {
            Ok(())
        } else {
            Err(SpecError::BadOutputLength(self.algorithm, len))
        }
    }
}

impl Spec {
    /// The spec as the options that make it, in JSON: `{ algorithm, outputLength, seed,
    /// key, context, size }` (the seed and size as decimal strings or null, the key as hex or null), so
    /// JavaScript can describe a restored hasher without decoding [`to_bytes`](Self::to_bytes).
    ///
    /// ```
    /// use hashmill_core::{Algorithm, Spec};
    /// let spec = Spec::new(Algorithm::Xxh64, None, None, Some(7)).unwrap();
    /// assert_eq!(spec.options_json(), r#"{"algorithm":"xxh64","outputLength":8,"seed":"7","key":null,"context":null,"size":null}"#);
    /// ```
    pub fn options_json(&self) -> String {
        let seed = match self.algorithm.seed_width() {
            SeedWidth::None => "null".to_owned(),
            _ => format!("\"{}\"", self.seed),
        };
        let (key, context) = match &self.mode {
            Blake3Mode::Hash => ("null".to_owned(), "null".to_owned()),
            Blake3Mode::Keyed(key) => {
                let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
                (format!("\"{hex}\""), "null".to_owned())
            }
            Blake3Mode::DeriveKey(context) => ("null".to_owned(), json_string(context)),
        };
        let size = self
            .size
            .map_or_else(|| "null".to_owned(), |s| format!("\"{s}\""));
        format!(
            r#"{{"algorithm":"{}","outputLength":{},"seed":{seed},"key":{key},"context":{context},"size":{size}}}"#,
            self.algorithm.name(),
            self.output_len
        )
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where the fields sit in an encoded spec: algorithm id, mode, output length (u32 LE),
/// seed (u64 LE), then the key (32 bytes, keyed mode), the context's UTF-8 (derive-key) or
/// the declared size (u64 LE, sized mode: git blob IDs, which have no key modes).
const HEADER_LEN: usize = 14;
const MODE_HASH: u8 = 0;
const MODE_KEYED: u8 = 1;
const MODE_DERIVE_KEY: u8 = 2;
const MODE_SIZED: u8 = 3;

impl Spec {
    /// The compact encoding [`from_bytes`](Self::from_bytes) reads back.
    ///
    /// ```
    /// use hashmill_core::{Algorithm, Spec};
    /// let spec = Spec::new(Algorithm::Xxh64, None, None, Some(42)).unwrap();
    /// assert_eq!(Spec::from_bytes(&spec.to_bytes()), Ok(spec));
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let size = self.size.map(u64::to_le_bytes);
        let (mode, tail): (u8, &[u8]) = match (&self.mode, &size) {
            (_, Some(size)) => (MODE_SIZED, size),
            (mode, None) => match mode {
                Blake3Mode::Hash => (MODE_HASH, &[]),
                Blake3Mode::Keyed(key) => (MODE_KEYED, key),
                Blake3Mode::DeriveKey(context) => (MODE_DERIVE_KEY, context.as_bytes()),
            },
        };
        let output_len = u32::try_from(self.output_len).expect("MAX_OUTPUT_LEN fits in u32");
        let mut out = Vec::with_capacity(HEADER_LEN + tail.len());
        out.push(self.algorithm as u8);
        out.push(mode);
        out.extend_from_slice(&output_len.to_le_bytes());
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(tail);
        out
    }

    /// Decodes and checks a spec encoded by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Spec, SpecError> {
        if bytes.len() < HEADER_LEN {
            return Err(SpecError::Malformed);
        }
        let (header, tail) = bytes.split_at(HEADER_LEN);
        let algorithm = Algorithm::from_id(u32::from(header[0]))
            .ok_or(SpecError::UnknownAlgorithm(u32::from(header[0])))?;
        let output_len = u32::from_le_bytes(header[2..6].try_into().expect("4 bytes"));
        let seed = u64::from_le_bytes(header[6..14].try_into().expect("8 bytes"));
        let context;
        let seed = (algorithm.seed_width() != SeedWidth::None).then_some(seed);
        if header[1] == MODE_SIZED {
            let size = u64::from_le_bytes(tail.try_into().map_err(|_| SpecError::Malformed)?);
            return Spec::new(algorithm, None, None, seed)?
                .with_output_len(output_len as usize)?
                .with_size(size);
        }
        let (key, context) = match (header[1], tail) {
            (MODE_HASH, []) => (None, None),
            (MODE_KEYED, key) => (Some(key), None),
            (MODE_DERIVE_KEY, text) => {
                context = std::str::from_utf8(text).map_err(|_| SpecError::Malformed)?;
                (None, Some(context))
            }
            _ => return Err(SpecError::Malformed),
        };
        Spec::new(algorithm, key, context, seed)?.with_output_len(output_len as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_does_not_fit() {
        let key = [7u8; 32];
        assert!(Spec::new(Algorithm::Blake3, Some(&key), None, None).is_ok());
        assert_eq!(
            Spec::new(Algorithm::Sha256, Some(&key), None, None),
            Err(SpecError::KeyModeNotSupported(Algorithm::Sha256))
        );
        assert_eq!(
            Spec::new(Algorithm::Blake3, Some(&key[..31]), None, None),
            Err(SpecError::BadKeyLength(31))
        );
        assert_eq!(
            Spec::new(Algorithm::Blake3, Some(&key), Some("ctx"), None),
            Err(SpecError::KeyAndContext)
        );
        assert_eq!(
            Spec::new(Algorithm::Xxh32, None, None, Some(1 << 32)),
            Err(SpecError::BadSeed(Algorithm::Xxh32, 1 << 32))
        );
        assert!(Spec::new(Algorithm::Sha1, None, None, Some(1)).is_err());
        let spec = Spec::plain(Algorithm::Md5);
        assert!(spec.check_output_len(16).is_ok());
        assert!(spec.check_output_len(17).is_err());
        assert!(Spec::plain(Algorithm::Blake3).check_output_len(0).is_err());
        assert!(Spec::plain(Algorithm::Blake3)
            .check_output_len(1000)
            .is_ok());
        assert_eq!(Spec::plain(Algorithm::Md5).output_len(), 16);
        assert!(Spec::plain(Algorithm::Md5).with_output_len(17).is_err());
    }

    #[test]
    fn encoding_round_trips_and_refuses_garbage() {
        let specs = [
            Spec::plain(Algorithm::Sha256),
            Spec::new(Algorithm::Blake3, Some(&[9; 32]), None, None)
                .unwrap()
                .with_output_len(1000)
                .unwrap(),
            Spec::new(Algorithm::Blake3, None, Some("ctx \u{e9}"), None).unwrap(),
            Spec::new(Algorithm::Xxh3, None, None, Some(u64::MAX)).unwrap(),
            Spec::new(Algorithm::Xxh32, None, None, Some(7)).unwrap(),
            Spec::plain(Algorithm::GitSha256)
                .with_size(1 << 40)
                .unwrap(),
        ];
        for spec in specs {
            let bytes = spec.to_bytes();
            assert_eq!(Spec::from_bytes(&bytes).as_ref(), Ok(&spec));
            for cut in 0..bytes.len() {
                let decoded = Spec::from_bytes(&bytes[..cut]);
                assert!(decoded.is_err() || decoded.unwrap() != spec);
            }
        }
        assert_eq!(
            Spec::plain(Algorithm::Sha1).with_size(3),
            Err(SpecError::SizeNotSupported(Algorithm::Sha1))
        );
        let mut sized_md5 = Spec::plain(Algorithm::GitSha1)
            .with_size(3)
            .unwrap()
            .to_bytes();
        sized_md5[0] = Algorithm::Md5 as u8;
        assert!(Spec::from_bytes(&sized_md5).is_err());
        let mut bad = Spec::plain(Algorithm::Md5).to_bytes();
        bad[1] = MODE_KEYED;
        assert!(Spec::from_bytes(&bad).is_err());
        bad[0] = 200;
        assert_eq!(
            Spec::from_bytes(&bad),
            Err(SpecError::UnknownAlgorithm(200))
        );
        let mut seeded = Spec::new(Algorithm::Xxh32, None, None, None)
            .unwrap()
            .to_bytes();
        seeded[6..14].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(Spec::from_bytes(&seeded).is_err());
    }

    #[test]
    fn options_json_is_json() {
        let context = "a \"quoted\" \\ context\n\u{1} \u{e9}";
        let spec = Spec::new(Algorithm::Blake3, None, Some(context), None).unwrap();
        let value: serde_json::Value = serde_json::from_str(&spec.options_json()).unwrap();
        assert_eq!(value["context"], context);
        assert_eq!(value["key"], serde_json::Value::Null);
        let keyed = Spec::new(Algorithm::Blake3, Some(&[0xab; 32]), None, None).unwrap();
        let value: serde_json::Value = serde_json::from_str(&keyed.options_json()).unwrap();
        assert_eq!(value["key"], "ab".repeat(32));
        assert_eq!(value["seed"], serde_json::Value::Null);
    }
}
