//! What the saved forms share (a hasher's state, the hash cache): a check of their bytes,
//! so a truncated or corrupted form is refused rather than trusted, and a reader of their
//! little-endian fields (and the writer of the one field that is not a plain number).

/// How many bytes of check a saved form ends with.
pub(crate) const CHECK_LEN: usize = 16;

/// The check of `bytes`: BLAKE3 in derive-key mode with the form's own `context` (so one
/// form's check never passes for another's), cut to [`CHECK_LEN`] bytes.
pub(crate) fn check_of(context: &str, bytes: &[u8]) -> [u8; CHECK_LEN] {
    let hash = blake3::Hasher::new_derive_key(context)
        .update(bytes)
        .finalize();
    hash.as_bytes()[..CHECK_LEN]
        .try_into()
        .expect("16 of 32 bytes")
}

/// Writes a field of bytes (no more than a u16 counts) after its u16 length
/// ([`Reader::prefixed`] reads it).
pub(crate) fn push_prefixed(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads fields off the front of a byte string: each `None` once it would run past the end.
pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        (self.0.len() >= n).then(|| {
            let (head, rest) = self.0.split_at(n);
            self.0 = rest;
            head
        })
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }
    pub(crate) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }
    /// A field of bytes after its u16 length.
    pub(crate) fn prefixed(&mut self) -> Option<&'a [u8]> {
        let len = usize::from(self.u16()?);
        self.take(len)
    }
    /// Whether every field has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}
