//! Checksum lines as coreutils `sha256sum` prints them, and the tree manifest built of them,
//! so anyone can reproduce a directory digest with standard tools.
//!
//! A line is `<hex>  <name>`. A name holding `\`, a newline or a carriage return is escaped
//! the way coreutils does (`\\`, `\n`, `\r`) and its line starts with a backslash. The
//! manifest is one line per file, sorted by the bytes of the relative path (`/`
//! separators); the directory digest is the hash of the manifest bytes with the same
//! algorithm. The CLI prints and reads its lines with these same functions (through the
//! bindings), so files and trees are escaped alike.

/// The bytes coreutils escapes in names.
const ESCAPED: [u8; 3] = [b'\\', b'\n', b'\r'];

/// Whether a name needs coreutils escaping.
pub fn needs_escape(name: &[u8]) -> bool {
    name.iter().any(|b| ESCAPED.contains(b))
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

/// The escaped form of `name`, or `None` if it needs none.
pub fn escape(name: &[u8]) -> Option<Vec<u8>> {
    needs_escape(name).then(|| {
        let mut out = Vec::with_capacity(name.len() + 4);
        push_escaped(&mut out, name);
        out
    })
}

/// Lower-case hex of `bytes`, appended to `out`.
fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
}

/// Appends one checksum line: `[\]<hex>  <name>\n`.
pub fn push_line(out: &mut Vec<u8>, digest: &[u8], name: &[u8]) {
    let escaped = needs_escape(name);
    if escaped {
        out.push(b'\\');
    }
    push_hex(out, digest);
    out.extend_from_slice(b"  ");
    if escaped {
        push_escaped(out, name);
    } else {
        out.extend_from_slice(name);
    }
    out.push(b'\n');
}

/// How a checksum line is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle<'a> {
    /// `<hex>  <name>`, as sha256sum and b3sum print it.
    Gnu,
    /// `<TAG> (<name>) = <hex>`, BSD style (`--tag`), with this tag (`SHA256`, `BLAKE3`).
    Tag(&'a str),
}

/// Appends one checksum line of `style` (escaped, with the leading `\`, where the name
/// needs it).
pub fn push_styled(out: &mut Vec<u8>, style: LineStyle, digest: &[u8], name: &[u8]) {
    let LineStyle::Tag(tag) = style else {
        return push_line(out, digest, name);
    };
    let escaped = needs_escape(name);
    if escaped {
        out.push(b'\\');
    }
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(b" (");
    if escaped {
        push_escaped(out, name);
    } else {
        out.extend_from_slice(name);
    }
    out.extend_from_slice(b") = ");
    push_hex(out, digest);
    out.push(b'\n');
}

/// The lines of a batch of files: NUL-separated `names` (each shown after `prefix`) and
/// their `digests` (concatenated, `digest_len` bytes each), in order, leaving out the files
/// at the (ascending) indexes of `skip`, which failed.
pub fn batch_lines(
    style: LineStyle,
    prefix: &[u8],
    names: &[u8],
    digests: &[u8],
    digest_len: usize,
    skip: &[u32],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(names.len() + digests.len() * 2 + 64);
    let mut skip = skip.iter().peekable();
    let mut name = Vec::new();
    if names.is_empty() || digest_len == 0 {
        return out;
    }
    for (i, (base, digest)) in names
        .split(|&b| b == 0)
        .zip(digests.chunks(digest_len))
        .enumerate()
    {
        if skip.peek().is_some_and(|&&s| s as usize == i) {
            skip.next();
            continue;
        }
        name.clear();
        name.extend_from_slice(prefix);
        name.extend_from_slice(base);
        push_styled(&mut out, style, digest, &name);
    }
    out
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

/// The manifest of `(relative path, digest)` pairs, sorted by path bytes.
pub fn build<'a>(entries: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) -> Vec<u8> {
    let mut sorted: Vec<(&[u8], &[u8])> = entries.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (name, digest) in sorted {
        push_line(&mut out, digest, name);
    }
    out
}

/// The manifest of NUL-separated relative `paths` and their `digests`, concatenated in the
/// same order, each `digest_len` bytes: the form lists cross the bindings in.
pub fn build_joined(paths: &[u8], digests: &[u8], digest_len: usize) -> Vec<u8> {
    if paths.is_empty() || digest_len == 0 {
        return Vec::new();
    }
    build(paths.split(|&b| b == 0).zip(digests.chunks(digest_len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_coreutils() {
        let mut out = Vec::new();
        push_line(&mut out, &[0xab], b"plain name");
        push_line(&mut out, &[0xcd], b"back\\slash");
        push_line(&mut out, &[0xef], b"new\nline\r");
        assert_eq!(
            out,
            b"ab  plain name\n\\cd  back\\\\slash\n\\ef  new\\nline\\r\n".to_vec()
        );
    }

    #[test]
    fn escaping_round_trips() {
        for name in [&b"a\\b"[..], b"\n", b"x\ry\\n"] {
            let escaped = escape(name).unwrap();
            assert_eq!(unescape(&escaped).as_deref(), Some(name));
        }
        assert_eq!(escape(b"plain"), None);
        assert_eq!(unescape(b"bad\\x"), None);
        assert_eq!(unescape(b"trailing\\"), None);
    }

    #[test]
    fn batches_of_lines_in_both_styles() {
        let lines = batch_lines(LineStyle::Gnu, b"dir/", b"a\0b\nc\0d", &[1, 2, 3], 1, &[2]);
        assert_eq!(lines, b"01  dir/a\n\\02  dir/b\\nc\n".to_vec());
        let tagged = batch_lines(LineStyle::Tag("MD5"), b"", b"x\\y", &[0xff], 1, &[]);
        assert_eq!(tagged, b"\\MD5 (x\\\\y) = ff\n".to_vec());
        assert!(batch_lines(LineStyle::Gnu, b"", b"", &[], 4, &[]).is_empty());
    }

    #[test]
    fn sorted_by_path_bytes() {
        let m = build_joined(b"b\0a/z\0a.txt", &[2, 1, 0], 1);
        assert_eq!(m, b"00  a.txt\n01  a/z\n02  b\n".to_vec());
        assert_eq!(build_joined(b"", &[], 4), Vec::<u8>::new());
    }
}
