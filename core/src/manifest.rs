//! The tree manifest: one `<hex>  <path>` line per file, exactly as coreutils `sha256sum`
//! prints it, so anyone can reproduce a directory digest with standard tools.
//!
//! Lines are sorted by the bytes of the relative path (`/` separators). A name holding
//! `\`, a newline or a carriage return is escaped the way coreutils does (`\\`, `\n`, `\r`)
//! and its line starts with a backslash. The directory digest is the hash of the manifest
//! bytes with the same algorithm.

/// Whether a name needs coreutils escaping.
pub fn needs_escape(name: &[u8]) -> bool {
    name.iter().any(|&b| matches!(b, b'\\' | b'\n' | b'\r'))
}

/// Appends `name` with coreutils escaping applied (the caller writes the leading `\`).
fn push_escaped(out: &mut Vec<u8>, name: &[u8]) {
    for &b in name {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Appends one checksum line: `[\]<hex>  <name>\n`.
pub fn push_line(out: &mut Vec<u8>, hex_digest: &str, name: &[u8]) {
    if needs_escape(name) {
        out.push(b'\\');
        out.extend_from_slice(hex_digest.as_bytes());
        out.extend_from_slice(b"  ");
        push_escaped(out, name);
    } else {
        out.extend_from_slice(hex_digest.as_bytes());
        out.extend_from_slice(b"  ");
        out.extend_from_slice(name);
    }
    out.push(b'\n');
}

/// Reverses the escaping of a name from an escaped line; `None` if it is malformed.
pub fn unescape(name: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(name.len());
    let mut bytes = name.iter();
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        out.push(match bytes.next()? {
            b'\\' => b'\\',
            b'n' => b'\n',
            b'r' => b'\r',
            _ => return None,
        });
    }
    Some(out)
}

/// Builds the manifest of `(relative path, hex digest)` pairs: sorted by path bytes.
pub fn build<'a>(entries: impl IntoIterator<Item = (&'a [u8], &'a str)>) -> Vec<u8> {
    let mut sorted: Vec<(&[u8], &str)> = entries.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (name, digest) in sorted {
        push_line(&mut out, digest, name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_coreutils() {
        let mut out = Vec::new();
        push_line(&mut out, "ab", b"plain name");
        push_line(&mut out, "cd", b"back\\slash");
        push_line(&mut out, "ef", b"new\nline\r");
        assert_eq!(
            out,
            b"ab  plain name\n\\cd  back\\\\slash\n\\ef  new\\nline\\r\n".to_vec()
        );
    }

    #[test]
    fn escaping_round_trips() {
        for name in [&b"a\\b"[..], b"\n", b"x\ry\\n", b"plain", b""] {
            let mut escaped = Vec::new();
            push_escaped(&mut escaped, name);
            assert_eq!(unescape(&escaped).as_deref(), Some(name));
        }
        assert_eq!(unescape(b"bad\\x"), None);
        assert_eq!(unescape(b"trailing\\"), None);
    }

    #[test]
    fn sorted_by_path_bytes() {
        let m = build([(&b"b"[..], "2"), (&b"a/z"[..], "1"), (&b"a.txt"[..], "0")]);
        assert_eq!(m, b"0  a.txt\n1  a/z\n2  b\n".to_vec());
    }
}
