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

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    String::from_utf8(out).expect("hex digits are ASCII")
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
    LineFormat::GNU.push(out, digest, name);
}

/// What a checksum line holds, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout<'a> {
    /// `<hex>  <name>`, as sha256sum and b3sum print it; `<hex> *<name>` when `binary`
    /// (coreutils `--binary`).
    Gnu { binary: bool },
    /// `<TAG> (<name>) = <hex>`, BSD style (`--tag`), with this tag (`SHA256`, `XXH64_LE`).
    Tag(&'a str),
    /// `<hex>` alone (b3sum `--no-names`).
    Digest,
    /// The digest's bytes, with no line ending (b3sum `--raw`).
    Raw,
}

/// How checksum lines are written: a [`Layout`] and the tools' variations on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineFormat<'a> {
    /// What each line holds.
    pub layout: Layout<'a>,
    /// Lines end with NUL instead of LF and names are never escaped (coreutils `--zero`).
    pub zero: bool,
    /// Names are never escaped (xxhsum, which prints them as they are).
    pub verbatim: bool,
    /// Names that are not UTF-8 are shown with U+FFFD for each bad sequence (b3sum).
    pub lossy: bool,
    /// The digest's bytes in reverse order (xxhsum `--little-endian`).
    pub reversed: bool,
    /// Leading digest bytes left out (b3sum `--seek`: output from that offset on).
    pub seek: usize,
    /// At most this many digest bytes shown, after `seek` (b3sum `--length`, which may be 0).
    pub length: Option<usize>,
}

impl<'a> LineFormat<'a> {
    /// The GNU format sha256sum prints by default.
    pub const GNU: LineFormat<'static> = LineFormat {
        layout: Layout::Gnu { binary: false },
        zero: false,
        verbatim: false,
        lossy: false,
        reversed: false,
        seek: 0,
        length: None,
    };

    /// Reads a format from its descriptor, as `lib/cli` writes it: a layout (`gnu`,
    /// `binary` for GNU with the `*` mark, `tag:NAME`, `digest`, `raw`), then modifiers,
    /// each after a comma (`zero`, `verbatim`, `lossy`, `reversed`, `seek:N`, `length:N`):
    /// `tag:XXH64_LE,verbatim,reversed`. `None` for anything else.
    pub fn parse(descriptor: &'a str) -> Option<Self> {
        let mut parts = descriptor.split(',');
        let layout = match parts.next()? {
            "gnu" => Layout::Gnu { binary: false },
            "binary" => Layout::Gnu { binary: true },
            "digest" => Layout::Digest,
            "raw" => Layout::Raw,
            other => Layout::Tag(other.strip_prefix("tag:").filter(|tag| !tag.is_empty())?),
        };
        let mut format = LineFormat {
            layout,
            ..LineFormat::GNU
        };
        for modifier in parts {
            let flag = match modifier.split_once(':') {
                Some(("seek", n)) => {
                    format.seek = n.parse().ok()?;
                    continue;
                }
                Some(("length", n)) => {
                    format.length = Some(n.parse().ok()?);
                    continue;
                }
                _ if modifier == "zero" => &mut format.zero,
                _ if modifier == "verbatim" => &mut format.verbatim,
                _ if modifier == "lossy" => &mut format.lossy,
                _ if modifier == "reversed" => &mut format.reversed,
                _ => return None,
            };
            *flag = true;
        }
        Some(format)
    }

    /// Whether `name` is written escaped (with the line's leading `\`).
    fn escapes(&self, name: &[u8]) -> bool {
        !self.zero && !self.verbatim && needs_escape(name)
    }

    /// Appends the digest as the format shows it.
    fn push_digest(&self, out: &mut Vec<u8>, digest: &[u8]) {
        let digest = &digest[self.seek.min(digest.len())..];
        let digest = &digest[..self.length.map_or(digest.len(), |n| n.min(digest.len()))];
        match (self.layout, self.reversed) {
            (Layout::Raw, false) => out.extend_from_slice(digest),
            (Layout::Raw, true) => out.extend(digest.iter().rev()),
            (_, false) => push_hex(out, digest),
            (_, true) => {
                for &b in digest.iter().rev() {
                    push_hex(out, &[b]);
                }
            }
        }
    }

    /// Appends one line for `digest` and `name` (escaped, with the leading `\`, where the
    /// name needs it and the format escapes).
    pub fn push(&self, out: &mut Vec<u8>, digest: &[u8], name: &[u8]) {
        let lossy;
        let name = if self.lossy {
            lossy = String::from_utf8_lossy(name);
            lossy.as_bytes()
        } else {
            name
        };
        let escaped =
            matches!(self.layout, Layout::Gnu { .. } | Layout::Tag(_)) && self.escapes(name);
        let push_name = |out: &mut Vec<u8>| {
            if escaped {
                push_escaped(out, name);
            } else {
                out.extend_from_slice(name);
            }
        };
        if escaped {
            out.push(b'\\');
        }
        match self.layout {
            Layout::Gnu { binary } => {
                self.push_digest(out, digest);
                out.extend_from_slice(if binary { b" *" } else { b"  " });
                push_name(out);
            }
            Layout::Tag(tag) => {
                out.extend_from_slice(tag.as_bytes());
                out.extend_from_slice(b" (");
                push_name(out);
                out.extend_from_slice(b") = ");
                self.push_digest(out, digest);
            }
            Layout::Digest => self.push_digest(out, digest),
            Layout::Raw => return self.push_digest(out, digest),
        }
        out.push(if self.zero { 0 } else { b'\n' });
    }
}

/// The lines of a batch of files: NUL-separated `names` (each shown after `prefix`) and
/// their `digests` (concatenated, `digest_len` bytes each), in order, leaving out the files
/// at the (ascending) indexes of `skip`, which failed.
pub fn batch_lines(
    format: &LineFormat,
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
        format.push(&mut out, digest, &name);
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

    fn lines(descriptor: &str, names: &[u8], digests: &[u8], digest_len: usize) -> Vec<u8> {
        let format = LineFormat::parse(descriptor).unwrap();
        batch_lines(&format, b"", names, digests, digest_len, &[])
    }

    #[test]
    fn batches_of_lines_in_both_styles() {
        let gnu = LineFormat::GNU;
        let gnu_lines = batch_lines(&gnu, b"dir/", b"a\0b\nc\0d", &[1, 2, 3], 1, &[2]);
        assert_eq!(gnu_lines, b"01  dir/a\n\\02  dir/b\\nc\n".to_vec());
        assert_eq!(
            lines("tag:MD5", b"x\\y", &[0xff], 1),
            b"\\MD5 (x\\\\y) = ff\n".to_vec()
        );
        assert!(batch_lines(&gnu, b"", b"", &[], 4, &[]).is_empty());
    }

    #[test]
    fn every_layout_and_modifier() {
        // coreutils --binary, --zero (no escaping), --tag --zero
        assert_eq!(
            lines("binary", b"a\nb", &[0xab], 1),
            b"\\ab *a\\nb\n".to_vec()
        );
        assert_eq!(
            lines("gnu,zero", b"a\nb", &[0xab], 1),
            b"ab  a\nb\0".to_vec()
        );
        assert_eq!(
            lines("tag:SHA1,zero", b"x", &[1], 1),
            b"SHA1 (x) = 01\0".to_vec()
        );
        // b3sum --no-names and --raw
        assert_eq!(lines("digest", b"a\0b", &[1, 2], 1), b"01\n02\n".to_vec());
        assert_eq!(lines("raw", b"a", &[1, 2], 2), vec![1, 2]);
        // xxhsum: names as they are, --little-endian
        assert_eq!(
            lines("gnu,verbatim", b"a\\b", &[1], 1),
            b"01  a\\b\n".to_vec()
        );
        assert_eq!(
            lines(
                "tag:XXH32_LE,verbatim,reversed",
                b"f",
                &[0x12, 0x34, 0x56, 0x78],
                4
            ),
            b"XXH32_LE (f) = 78563412\n".to_vec()
        );
        // b3sum --seek and --length: a window of the output
        assert_eq!(
            lines("digest,seek:1,length:2", b"a", &[1, 2, 3, 4], 4),
            b"0203\n".to_vec()
        );
        assert_eq!(lines("gnu,length:0", b"a", &[1], 1), b"  a\n".to_vec());
        // b3sum shows names that are not UTF-8 lossily
        assert_eq!(
            lines("gnu,lossy", b"a\xffb", &[1], 1),
            "01  a\u{fffd}b\n".as_bytes()
        );
        for bad in ["", "tag:", "gnu,loud", "tsv", "gnu,seek:x", "gnu,length:-1"] {
            assert_eq!(LineFormat::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn sorted_by_path_bytes() {
        let m = build_joined(b"b\0a/z\0a.txt", &[2, 1, 0], 1);
        assert_eq!(m, b"00  a.txt\n01  a/z\n02  b\n".to_vec());
        assert_eq!(build_joined(b"", &[], 4), Vec::<u8>::new());
    }
}
