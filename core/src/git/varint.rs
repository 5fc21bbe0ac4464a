//! Git's offset varint (`decode_varint` in git's `varint.c`), which two formats share: the
//! index's path compression (version 4) and a pack's distance back to a delta's base
//! (`OFS_DELTA`). Big-endian, 7 bits a byte, with 1 added per continuation byte so that no
//! two lengths encode the same value.

/// Why an offset varint could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum VarintError {
    /// The bytes end inside it.
    Truncated,
    /// Its value does not fit the type asked for.
    Overflow,
}

/// The offset varint at the front of `bytes`: its value and how many bytes it took. A value
/// that outgrows `T` fails at the byte that makes it too large.
pub(crate) fn offset_varint<T: TryFrom<u64>>(bytes: &[u8]) -> Result<(T, usize), VarintError> {
    let mut value = 0u64;
    for (at, &byte) in bytes.iter().enumerate() {
        if at > 0 {
            value = value
                .checked_add(1)
                .and_then(|v| v.checked_mul(128))
                .ok_or(VarintError::Overflow)?;
        }
        value |= u64::from(byte & 0x7f);
        let fitted = T::try_from(value).map_err(|_| VarintError::Overflow)?;
        if byte & 0x80 == 0 {
            return Ok((fitted, at + 1));
        }
    }
    Err(VarintError::Truncated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_git_offsets() {
        assert_eq!(offset_varint::<u64>(&[0x05, 0xff]), Ok((5, 1)));
        // 1 added per continuation byte: (0 + 1) * 128 + 0.
        assert_eq!(offset_varint::<u64>(&[0x80, 0x00]), Ok((128, 2)));
        assert_eq!(offset_varint::<u64>(&[0x81, 0x7f]), Ok((383, 2)));
        assert_eq!(
            offset_varint::<u64>(&[0x80, 0x80]),
            Err(VarintError::Truncated)
        );
        assert_eq!(
            offset_varint::<u8>(&[0x81, 0x00]),
            Err(VarintError::Overflow)
        );
        assert_eq!(
            offset_varint::<u64>(&[0xff; 11]),
            Err(VarintError::Overflow)
        );
    }
}
