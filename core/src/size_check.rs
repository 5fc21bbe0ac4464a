//! The rule both backends apply after hashing a file: did it change size meanwhile?
//!
//! The native binding reads with `std::fs` and the wasm worker with Node's `fs`, but the
//! verdict is this one function, so a file is "changed" in exactly the same cases.

/// The size to report if a file changed while it was hashed, or `None` if it did not.
///
/// `regular`: whether it is a regular file; `before`/`after`: its size when hashing began
/// and ended; `hashed`: the bytes actually read. Files that claim size 0 (`/proc` and
/// similar) and non-regular files (pipes) have no meaningful size and are never "changed".
///
/// ```
/// use hashmill_core::changed_size;
/// assert_eq!(changed_size(true, 100, 100, 100), None);
/// assert_eq!(changed_size(true, 100, 50, 50), Some(50));
/// assert_eq!(changed_size(true, 100, 100, 120), Some(120));
/// assert_eq!(changed_size(true, 0, 42, 0), None);
/// assert_eq!(changed_size(false, 0, 42, 0), None);
/// ```
pub fn changed_size(regular: bool, before: u64, hashed: u64, after: u64) -> Option<u64> {
    if !regular || before == 0 || (hashed == before && after == before) {
        None
    } else if after != before {
        Some(after)
    } else {
        Some(hashed)
    }
}
