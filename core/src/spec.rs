//! What to compute: an algorithm plus its parameters (BLAKE3 key or context, seed).
//!
//! A [`Spec`] is checked once when it is built, so a [`Hasher`](crate::Hasher) made from
//! it can never meet an invalid combination. The JavaScript layer validates user input
//! first and writes the messages users see; these errors are the last line of defence.

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
        })
    }

    /// A spec with no parameters: plain hashing, seed 0.
    pub fn plain(algorithm: Algorithm) -> Spec {
        Spec {
            algorithm,
            mode: Blake3Mode::Hash,
            seed: 0,
        }
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
    }
}
