//! Git's blob object IDs (`git hash-object`): SHA-1 or SHA-256 of the header
//! `blob <decimal length>\0` followed by the bytes.
//!
//! The header holds the length, so a stream must know it before the first byte: a
//! [`GitBlob`] is either told it up front (a declared size, checked when the digest is
//! taken) or, when nobody can know it (a pipe), keeps the bytes until the end, as git does
//! for `hash-object --stdin`. The format is git's `Documentation/gitformat-*` object
//! format; `tests/` checks it against git's own IDs.

use crate::spec::SpecError;
use sha2::Digest as _;

/// The SHA of one object format.
#[derive(Clone)]
pub(crate) enum Sha {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Sha {
    fn update(&mut self, data: &[u8]) {
        match self {
            Sha::Sha1(h) => h.update(data),
            Sha::Sha256(h) => h.update(data),
        }
    }

    fn finalize_into(&self, out: &mut [u8]) {
        match self {
            Sha::Sha1(h) => out.copy_from_slice(&h.clone().finalize()),
            Sha::Sha256(h) => out.copy_from_slice(&h.clone().finalize()),
        }
    }
}

/// Writes git's object header, `<kind> <length>\0`, into `sha`.
fn header(sha: &mut Sha, kind: &str, len: u64) {
    sha.update(format!("{kind} {len}\0").as_bytes());
}

/// The object ID of `data` as a git object of `kind` (`blob`, `tree`) under SHA-1
/// (`long`: false) or SHA-256, written into `out` (20 or 32 bytes).
pub(crate) fn object_id(long: bool, kind: &str, data: &[u8], out: &mut [u8]) {
    let mut sha = fresh(long);
    header(&mut sha, kind, data.len() as u64);
    sha.update(data);
    sha.finalize_into(out);
}

fn fresh(long: bool) -> Sha {
    if long {
        Sha::Sha256(sha2::Sha256::new())
    } else {
        Sha::Sha1(sha1::Sha1::new())
    }
}

/// A blob ID being computed.
#[derive(Clone)]
pub(crate) struct GitBlob {
    /// The SHA, fed the header once the length is known.
    pub(crate) sha: Sha,
    /// The length the header declared, once it is written.
    pub(crate) declared: Option<u64>,
    /// The bytes so far, kept while no length is declared.
    pub(crate) kept: Vec<u8>,
}

impl GitBlob {
    /// A blob of `declared` bytes, or of bytes to be kept until the end.
    pub(crate) fn new(long: bool, declared: Option<u64>) -> GitBlob {
        let mut blob = GitBlob {
            sha: fresh(long),
            declared: None,
            kept: Vec::new(),
        };
        if let Some(len) = declared {
            blob.declare(len);
        }
        blob
    }

    /// Declares the length before any byte came (a file's size from `fstat`); later it is
    /// too late and the bytes go on being kept.
    pub(crate) fn declare(&mut self, len: u64) {
        if self.declared.is_none() && self.kept.is_empty() {
            header(&mut self.sha, "blob", len);
            self.declared = Some(len);
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        if self.declared.is_some() {
            self.sha.update(data);
        } else {
            self.kept.extend_from_slice(data);
        }
    }

    /// The ID, or the mismatch between the declared length and the `fed` bytes (all the
    /// bytes fed, which the hasher counts: a length is declared before the first).
    pub(crate) fn finalize_into(&self, fed: u64, out: &mut [u8]) -> Result<(), SpecError> {
        match self.declared {
            Some(declared) if declared != fed => Err(SpecError::SizeMismatch {
                declared,
                given: fed,
            }),
            Some(_) => {
                self.sha.finalize_into(out);
                Ok(())
            }
            None => {
                let mut sha = self.sha.clone();
                header(&mut sha, "blob", self.kept.len() as u64);
                sha.update(&self.kept);
                sha.finalize_into(out);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::hex;

    #[test]
    fn matches_git_hash_object() {
        // `printf '' | git hash-object --stdin` and `echo hello | git hash-object --stdin`,
        // and the same with `git init --object-format=sha256`.
        let mut out = [0; 20];
        object_id(false, "blob", b"", &mut out);
        assert_eq!(hex(&out), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        object_id(false, "blob", b"hello\n", &mut out);
        assert_eq!(hex(&out), "ce013625030ba8dba906f756967f9e9ca394464a");
        let mut long = [0; 32];
        object_id(true, "blob", b"", &mut long);
        assert_eq!(
            hex(&long),
            "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"
        );
        // The empty tree: `git hash-object -t tree /dev/null`.
        object_id(false, "tree", b"", &mut out);
        assert_eq!(hex(&out), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    }

    #[test]
    fn declared_kept_and_mismatched() {
        let mut want = [0; 20];
        object_id(false, "blob", b"hello\n", &mut want);
        let mut out = [0; 20];
        let mut declared = GitBlob::new(false, Some(6));
        declared.update(b"hel");
        declared.update(b"lo\n");
        declared.finalize_into(6, &mut out).unwrap();
        assert_eq!(out, want);
        let mut kept = GitBlob::new(false, None);
        kept.update(b"hello");
        kept.declare(99);
        kept.update(b"\n");
        kept.finalize_into(6, &mut out).unwrap();
        assert_eq!(out, want);
        let mut short = GitBlob::new(false, Some(7));
        short.update(b"hello\n");
        assert_eq!(
            short.finalize_into(6, &mut out),
            Err(SpecError::SizeMismatch {
                declared: 7,
                given: 6
            })
        );
    }
}
