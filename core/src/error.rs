//! The one error type of hashmill-core: what went wrong, with the path it happened at.
//!
//! Every failure a caller can see (an OS error, a file that changed size while it was
//! hashed, a cancelled call, an ignore pattern that does not parse, a spec that does not
//! fit) is an [`Error`] carrying its `code`, its message and, where there is one, its path.
//! The codes are minted here only; each binding maps an `Error` to JavaScript once, and
//! `lib/` turns the code into the error users see. Modelled on the `ignore` crate's error:
//! one type, the path and the cause, instead of one error type per module.

use crate::s3::S3Error;
use crate::spec::SpecError;
use crate::state::StateError;
use std::borrow::Cow;
use std::fmt;
use std::io;

/// The code of a regular file whose size changed while it was hashed.
pub const CHANGED: &str = "ECHANGED";
/// The code of work stopped because its caller cancelled it.
pub const CANCELLED: &str = "ECANCELED";
/// The code of an ignore pattern that is not valid gitignore syntax.
pub const PATTERN: &str = "EPATTERN";
/// The code of a spec or output length the core refuses.
pub const SPEC: &str = "ERR_HASHMILL_SPEC";
/// The code of saved hasher state that cannot be continued.
pub const INVALID_STATE: &str = "ERR_HASHMILL_INVALID_STATE";
/// The code of a git blob ID given another number of bytes than the size declared.
pub const SIZE_MISMATCH: &str = "ERR_HASHMILL_SIZE_MISMATCH";

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The OS refused or failed an operation.
    Io {
        /// The symbolic name Node uses: `ENOENT`, `EACCES`, `EISDIR`, ...
        code: Cow<'static, str>,
        /// The OS's message.
        message: String,
    },
    /// A regular file's size changed while it was hashed: no digest of either version.
    Changed {
        /// The size when hashing began.
        before: u64,
        /// The size (or the bytes read) when it ended.
        after: u64,
    },
    /// The caller cancelled the work.
    Cancelled,
    /// An ignore pattern that is not valid gitignore syntax.
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// Why the `ignore` crate refused it.
        message: String,
    },
    /// A spec, an output length or an encoded spec the core refuses.
    Spec(SpecError),
    /// Saved hasher state that is truncated, corrupted, foreign or of another version.
    State(StateError),
    /// An upload S3 would refuse (its part rules, algorithms and checksum types).
    S3(S3Error),
    /// A repository hashmill cannot read as git would, or a file git would not hash as it
    /// is (codes in `git::codes`).
    Git {
        /// The code.
        code: &'static str,
        /// What and why.
        message: String,
    },
}

/// An error, and the path it happened at if it concerns one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: Option<Vec<u8>>,
}

impl Error {
    /// An error with no path yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }

    /// An OS error with this code and message.
    pub fn os(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Io {
            code: code.into(),
            message: message.into(),
        })
    }

    /// `EISDIR`, for a directory where a file was expected.
    pub fn is_a_directory() -> Error {
        Error::os("EISDIR", "Is a directory")
    }

    /// `ENOTDIR`, for a file where a directory was expected.
    pub fn not_a_directory() -> Error {
        Error::os("ENOTDIR", "Not a directory")
    }

    /// The error of cancelled work.
    pub fn cancelled() -> Error {
        Error::new(ErrorKind::Cancelled)
    }

    /// Whether it says nothing is at the path: `ENOENT`, or `ENOTDIR` for a parent that is
    /// not a directory.
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self.code(), "ENOENT" | "ENOTDIR")
    }

    /// The same error, at `path` (bytes, as the caller named it).
    pub fn with_path(mut self, path: impl Into<Vec<u8>>) -> Error {
        self.path = Some(path.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The path, if the error concerns one.
    pub fn path(&self) -> Option<&[u8]> {
        self.path.as_deref()
    }

    /// The code JavaScript sees: the OS code, or one of [`CHANGED`], [`CANCELLED`],
    /// [`PATTERN`], [`SPEC`], [`INVALID_STATE`], or an [`S3Error`]'s.
    pub fn code(&self) -> &str {
        match &self.kind {
            ErrorKind::Io { code, .. } => code,
            ErrorKind::Changed { .. } => CHANGED,
            ErrorKind::Cancelled => CANCELLED,
            ErrorKind::Pattern { .. } => PATTERN,
            ErrorKind::Spec(SpecError::SizeMismatch { .. }) => SIZE_MISMATCH,
            ErrorKind::Spec(_) => SPEC,
            ErrorKind::State(_) => INVALID_STATE,
            ErrorKind::S3(e) => e.code(),
            ErrorKind::Git { code, .. } => code,
        }
    }

    /// Whether the OS reported it.
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { message, .. } => f.write_str(message),
            ErrorKind::Changed { before, after } => write!(
                f,
                "file changed size while it was hashed ({before} bytes, then {after})"
            ),
            ErrorKind::Cancelled => f.write_str("cancelled"),
            ErrorKind::Pattern { pattern, message } => {
                write!(f, "invalid ignore pattern {pattern:?}: {message}")
            }
            ErrorKind::Spec(e) => e.fmt(f),
            ErrorKind::State(e) => e.fmt(f),
            ErrorKind::S3(e) => e.fmt(f),
            ErrorKind::Git { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<SpecError> for Error {
    fn from(e: SpecError) -> Error {
        Error::new(ErrorKind::Spec(e))
    }
}

impl From<StateError> for Error {
    fn from(e: StateError) -> Error {
        Error::new(ErrorKind::State(e))
    }
}

impl From<S3Error> for Error {
    fn from(e: S3Error) -> Error {
        Error::new(ErrorKind::S3(e))
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::os(os_code(&e), e.to_string())
    }
}

/// The symbolic name of an OS error (`ENOENT`, ...), as Node reports it.
pub fn os_code(e: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    if let Some(name) = e.raw_os_error().and_then(errno_name) {
        return name;
    }
    match e.kind() {
        NotFound => "ENOENT",
        PermissionDenied => "EACCES",
        IsADirectory => "EISDIR",
        NotADirectory => "ENOTDIR",
        InvalidInput => "EINVAL",
        StorageFull => "ENOSPC",
        FileTooLarge => "EFBIG",
        ResourceBusy => "EBUSY",
        Interrupted => "EINTR",
        _ => "EIO",
    }
}

cfg_if::cfg_if! {
    if #[cfg(all(unix, feature = "fs"))] {
        /// The names of errno values whose `io::ErrorKind` is not specific enough.
        fn errno_name(code: i32) -> Option<&'static str> {
            const NAMES: [(i32, &str); 13] = [
                (libc::EPERM, "EPERM"),
                (libc::ENOENT, "ENOENT"),
                (libc::EIO, "EIO"),
                (libc::EACCES, "EACCES"),
                (libc::EBUSY, "EBUSY"),
                (libc::ENOTDIR, "ENOTDIR"),
                (libc::EISDIR, "EISDIR"),
                (libc::EINVAL, "EINVAL"),
                (libc::ENFILE, "ENFILE"),
                (libc::EMFILE, "EMFILE"),
                (libc::ENOSPC, "ENOSPC"),
                (libc::ENAMETOOLONG, "ENAMETOOLONG"),
                (libc::ELOOP, "ELOOP"),
            ];
            NAMES.iter().find(|(n, _)| *n == code).map(|(_, name)| *name)
        }
    } else {
        /// Elsewhere raw codes are not errno values: `io::ErrorKind` decides.
        fn errno_name(_: i32) -> Option<&'static str> {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_paths() {
        let e = Error::from(io::Error::from(io::ErrorKind::NotFound)).with_path(b"a/b".to_vec());
        assert_eq!(e.code(), "ENOENT");
        assert_eq!(e.path(), Some(&b"a/b"[..]));
        assert!(e.is_io());
        let changed = Error::new(ErrorKind::Changed {
            before: 10,
            after: 5,
        });
        assert_eq!(changed.code(), CHANGED);
        assert_eq!(
            changed.to_string(),
            "file changed size while it was hashed (10 bytes, then 5)"
        );
        assert_eq!(Error::cancelled().code(), CANCELLED);
    }

    #[cfg(all(unix, feature = "fs"))]
    #[test]
    fn errno_values_have_their_names() {
        assert_eq!(os_code(&io::Error::from_raw_os_error(libc::ELOOP)), "ELOOP");
        assert_eq!(
            os_code(&io::Error::from_raw_os_error(libc::EMFILE)),
            "EMFILE"
        );
    }
}
