//! The properties hashmill-core's fuzz targets check, in one place.
//!
//! Each `pub fn` takes the raw bytes libFuzzer generates and panics if a property fails.
//! The fuzz targets in `fuzz_targets/` call them, and `core/tests/fuzz_corpus.rs` includes
//! this file (`#[path]`) to replay the committed corpus and regressions on stable Rust in
//! every `cargo test -p hashmill-core`, so a finding stays fixed without nightly.
//!
//! Inputs are decoded with [`Input`], which reads zeros once the bytes run out, so every
//! byte string is a valid input and a short one means "defaults".

use hashmill_core::{
    hash_into, hash_vec, merge_subtrees, tree, valid_piece_len, walk, Algorithm, Cv, Entry, Error,
    ErrorKind, Fs, Hasher, Kind, SeedWidth, Spec, Stat, SubtreeHasher, WalkOptions, WalkedFile,
};
use std::collections::BTreeMap;

/// A cursor over fuzz bytes: fixed-width fields first, the rest is the payload.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.0.split_at(n.min(self.0.len()));
        self.0 = tail;
        head
    }

    fn u8(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    /// Up to 8 little-endian bytes, zero-extended.
    fn uint(&mut self, bytes: usize) -> u64 {
        let mut buf = [0u8; 8];
        let head = self.take(bytes);
        buf[..head.len()].copy_from_slice(head);
        u64::from_le_bytes(buf)
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

const FLAG_SEED: u8 = 1 << 2;
const FLAG_LONG_OUTPUT: u8 = 1 << 3;
const FLAG_STRETCH: u8 = 1 << 4;

/// Builds the spec an input asks for, checking that [`Spec::new`] refuses what does not fit.
fn decode_spec(input: &mut Input, algorithm: Algorithm, flags: u8) -> Spec {
    let (key, context) = match (algorithm.has_key_modes(), flags & 3) {
        (true, 1) => {
            let mut key = [0u8; 32];
            let given = input.take(32);
            key[..given.len()].copy_from_slice(given);
            (Some(key), None)
        }
        (true, 2) => {
            let len = usize::from(input.u8());
            (
                None,
                Some(String::from_utf8_lossy(input.take(len)).into_owned()),
            )
        }
        (false, 1 | 2) => {
            assert!(Spec::new(algorithm, Some(&[0; 32]), None, None).is_err());
            assert!(Spec::new(algorithm, None, Some("context"), None).is_err());
            (None, None)
        }
        _ => (None, None),
    };
    let seed = (flags & FLAG_SEED != 0).then(|| input.uint(8));
    let seed = match (seed, algorithm.seed_width()) {
        (Some(s), SeedWidth::None) => {
            assert!(Spec::new(algorithm, None, None, Some(s)).is_err());
            None
        }
        (Some(s), SeedWidth::Bits32) if s > u64::from(u32::MAX) => {
            assert!(Spec::new(algorithm, None, None, Some(s)).is_err());
            Some(s & u64::from(u32::MAX))
        }
        (seed, _) => seed,
    };
    Spec::new(
        algorithm,
        key.as_ref().map(|k| &k[..]),
        context.as_deref(),
        seed,
    )
    .expect("a spec built within the algorithm's limits")
}

/// The message: the payload itself, or (stretched) the payload repeated to up to 256 KiB,
/// long enough for BLAKE3's multi-threaded path and for many subtree pieces, and short
/// enough that a debug-build `cargo test` replays the corpus in seconds.
fn decode_message(input: &mut Input, flags: u8) -> Vec<u8> {
    let stretch = (flags & FLAG_STRETCH != 0).then(|| input.uint(3) as usize % (1 << 18));
    let payload = std::mem::replace(input, Input(&[])).rest();
    match stretch {
        Some(len) if !payload.is_empty() => payload.iter().copied().cycle().take(len).collect(),
        Some(len) => vec![0; len],
        None => payload.to_vec(),
    }
}

/// Every way of feeding a message to a hasher gives the same digest as one-shot hashing:
/// any split into updates, a digest midway, a copy, a reset, `update_parallel`, and for
/// BLAKE3 separately hashed subtree pieces merged by `merge_subtrees`.
///
/// Input: `[algorithm] [flags] [splits: count, then 4 bytes each] [piece exponent]
/// [output length: 2] [key: 32 | context: len, bytes] [seed: 8 if flags & 4]
/// [stretched length: 3 if flags & 16] [message...]`. The low two flag bits choose BLAKE3's
/// mode (1 keyed, 2 derive-key); flags & 8 asks for up to 64 KiB of BLAKE3 output.
pub fn split_equals_oneshot(data: &[u8]) {
    let mut input = Input(data);
    let algorithm = Algorithm::ALL[usize::from(input.u8()) % Algorithm::ALL.len()];
    let flags = input.u8();
    let splits: Vec<u64> = (0..input.u8() % 16).map(|_| input.uint(4)).collect();
    let piece_len = 1024u64 << (input.u8() % 8);
    let long = input.uint(2) as usize;
    let out_len = match (algorithm.is_xof(), flags & FLAG_LONG_OUTPUT != 0) {
        (true, true) => long + 1,
        (true, false) => 1 + long % 64,
        (false, _) => algorithm.digest_len(),
    };
    let spec = decode_spec(&mut input, algorithm, flags)
        .with_output_len(out_len)
        .expect("a valid output length");
    let message = decode_message(&mut input, flags);

    let expected = hash_vec(&spec, &message);
    let mut out = vec![0; out_len];
    hash_into(&spec, &message, &mut out).expect("a valid output length");
    assert_eq!(out, expected, "hash_into vs hash_vec");
    if !algorithm.is_xof() {
        let mut wrong = vec![0; out_len + 1];
        assert!(hash_into(&spec, &message, &mut wrong).is_err());
    }

    // Split points: sorted offsets into the message, duplicates (empty updates) kept.
    let mut cuts: Vec<usize> = splits
        .iter()
        .map(|&s| (s % (message.len() as u64 + 1)) as usize)
        .collect();
    cuts.sort_unstable();
    let segments: Vec<&[u8]> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(message.len())))
        .map(|(a, b)| &message[a..b])
        .collect();

    let mut hasher = Hasher::new(spec.clone());
    let middle = segments.len() / 2;
    for (i, segment) in segments.iter().enumerate() {
        if i == middle {
            // A digest midway leaves the state as it was, and a copy carries on alike.
            let fed: usize = segments[..i].iter().map(|s| s.len()).sum();
            let partial = hash_vec(&spec, &message[..fed]);
            assert_eq!(hasher.finalize_vec(), partial, "midway");
            let mut copy = hasher.clone();
            for rest in &segments[i..] {
                copy.update(rest);
            }
            assert_eq!(copy.finalize_vec(), expected, "copy");
        }
        hasher.update(segment);
    }
    assert_eq!(hasher.finalize_vec(), expected, "streamed");
    hasher.finalize_into(&mut out).unwrap();
    assert_eq!(out, expected, "finalize_into after finalize_vec");
    hasher.reset();
    hasher.update(&message);
    assert_eq!(hasher.finalize_vec(), expected, "after reset");

    #[cfg(feature = "rayon")]
    {
        let mut parallel = Hasher::new(spec.clone());
        for segment in &segments {
            parallel.update_parallel(segment);
        }
        assert_eq!(parallel.finalize_vec(), expected, "update_parallel");
    }

    if algorithm == Algorithm::Blake3 && message.len() as u64 > piece_len {
        assert!(valid_piece_len(piece_len));
        let merged = subtree_digest(&spec, &message, &cuts, piece_len);
        assert_eq!(merged, expected, "subtree pieces of {piece_len}");
    }
}

/// Hashes `message` as separate pieces of `piece_len` bytes, each fed in the parts the
/// `cuts` falling inside it make, and merges their chaining values.
fn subtree_digest(spec: &Spec, message: &[u8], cuts: &[usize], piece_len: u64) -> Vec<u8> {
    let piece = piece_len as usize;
    let cvs: Vec<Cv> = message
        .chunks(piece)
        .enumerate()
        .map(|(i, chunk)| {
            let start = i * piece;
            let mut h = SubtreeHasher::new(spec, start as u64);
            let mut at = 0;
            for &cut in cuts
                .iter()
                .filter(|&&c| c > start && c < start + chunk.len())
            {
                h.update(&chunk[at..cut - start]);
                at = cut - start;
            }
            h.update(&chunk[at..]);
            h.finalize()
        })
        .collect();
    let mut out = vec![0; spec.output_len()];
    merge_subtrees(spec, &cvs, piece_len, message.len() as u64, &mut out).unwrap();
    out
}

/// The text after `<hex>  ` on a manifest line for `name`, and whether the line is escaped.
fn line_name(name: &[u8]) -> (bool, Vec<u8>) {
    let mut line = Vec::new();
    tree::push_line(&mut line, &[], name);
    let escaped = line[0] == b'\\';
    let text = line[usize::from(escaped) + 2..line.len() - 1].to_vec();
    (escaped, text)
}

/// Manifests parse back to their entries: sorted by path bytes, one line per entry, no raw
/// LF or CR inside a line, and escaped names unescape (with core's reference
/// [`tree::unescape`], which the CLI also reads `--check` lines with) to the original, as
/// [`tree::escape`] gives them.
///
/// Input: NUL-separated paths (arbitrary bytes). The whole input is also fed to `unescape`,
/// which must not panic and, where it succeeds on text without raw LF/CR, re-escapes to it.
pub fn manifest_roundtrip(data: &[u8]) {
    if let Some(name) = tree::unescape(data) {
        if !data.iter().any(|&b| b == b'\n' || b == b'\r') {
            assert_eq!(line_name(&name).1, data, "unescape then escape");
            let escaped = tree::escape(&name).unwrap_or_else(|| name.clone());
            assert_eq!(escaped, data, "escape() as push_line escapes");
        }
    }

    let names: Vec<&[u8]> = data.split(|&b| b == 0).collect();
    let digests: Vec<Vec<u8>> = names
        .iter()
        .map(|name| hash_vec(&Spec::plain(Algorithm::Crc32), name))
        .collect();
    let hex: Vec<String> = digests
        .iter()
        .map(|d| d.iter().map(|b| format!("{b:02x}")).collect())
        .collect();
    let manifest = tree::build(names.iter().copied().zip(digests.iter().map(Vec::as_slice)));
    assert_eq!(
        tree::build_joined(data, &digests.concat(), 4),
        manifest,
        "from the joined form"
    );

    let mut expected: Vec<(&[u8], &str)> = names
        .iter()
        .copied()
        .zip(hex.iter().map(String::as_str))
        .collect();
    expected.sort_unstable();
    assert_eq!(manifest.last(), Some(&b'\n'));
    let lines: Vec<&[u8]> = manifest[..manifest.len() - 1]
        .split(|&b| b == b'\n')
        .collect();
    assert_eq!(lines.len(), expected.len(), "one line per entry");
    for (line, (name, digest)) in lines.iter().zip(expected) {
        assert!(!line.contains(&b'\r'), "raw CR in {line:?}");
        let (escaped, rest) = match line.strip_prefix(b"\\") {
            Some(rest) => (true, rest),
            None => (false, *line),
        };
        assert_eq!(escaped, tree::needs_escape(name));
        let rest = rest
            .strip_prefix(digest.as_bytes())
            .expect("the digest first");
        let text = rest
            .strip_prefix(b"  ")
            .expect("two spaces after the digest");
        let parsed = if escaped {
            tree::unescape(text).expect("a well-formed escape")
        } else {
            text.to_vec()
        };
        assert_eq!(parsed, name);
    }
}

/// An in-memory file system of files and directories, keyed by `/`-separated path bytes.
#[derive(Clone)]
struct MemFs {
    nodes: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    /// List directories in reverse order, to check the walk does not depend on it.
    reversed: bool,
}

fn fs_error(code: &'static str) -> Error {
    Error::os(code, code)
}

impl MemFs {
    /// Adds a file (and its parent directories) unless a path on the way is a file.
    fn add(&mut self, path: &[u8], contents: &[u8]) {
        let parts: Vec<&[u8]> = path
            .split(|&b| b == b'/')
            .filter(|p| !matches!(*p, b"" | b"." | b".."))
            .collect();
        let Some(last) = parts.len().checked_sub(1) else {
            return;
        };
        let mut at = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if !at.is_empty() {
                at.push(b'/');
            }
            at.extend_from_slice(part);
            let want_dir = i < last;
            match self.nodes.get(&at) {
                Some(None) if want_dir => {}
                Some(_) => return,
                None if want_dir => {
                    self.nodes.insert(at.clone(), None);
                }
                None => {
                    self.nodes.insert(at.clone(), Some(contents.to_vec()));
                }
            }
        }
    }

    fn files(&self) -> Vec<WalkedFile> {
        self.nodes
            .iter()
            .filter_map(|(path, node)| {
                node.as_ref().map(|contents| WalkedFile {
                    path: path.clone(),
                    size: contents.len() as u64,
                })
            })
            .collect()
    }
}

impl Fs for MemFs {
    fn read_dir(&self, dir: &[u8], _sizes: bool) -> Result<Vec<Entry>, Error> {
        // Sizes are left to stat here (core's walk tests give them from the listing).
        let mut entries: Vec<Entry> = self
            .nodes
            .iter()
            .filter_map(|(path, node)| {
                let name = match dir {
                    b"" => path.as_slice(),
                    _ => path.strip_prefix(dir)?.strip_prefix(b"/")?,
                };
                (!name.contains(&b'/')).then(|| Entry {
                    name: name.to_vec(),
                    kind: if node.is_some() {
                        Kind::File
                    } else {
                        Kind::Dir
                    },
                    size: None,
                })
            })
            .collect();
        if self.reversed {
            entries.reverse();
        }
        Ok(entries)
    }

    fn stat(&self, path: &[u8]) -> Result<Stat, Error> {
        let node = match path {
            b"" => &None,
            _ => self.nodes.get(path).ok_or_else(|| fs_error("ENOENT"))?,
        };
        let index = self
            .nodes
            .keys()
            .position(|p| p == path)
            .map_or(0, |i| i + 1);
        Ok(Stat {
            kind: if node.is_some() {
                Kind::File
            } else {
                Kind::Dir
            },
            size: node.as_ref().map_or(0, |c| c.len() as u64),
            id: (1, index as u64),
        })
    }

    fn read_file(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        match self.nodes.get(path) {
            Some(Some(contents)) => Ok(contents.clone()),
            Some(None) => Err(fs_error("EISDIR")),
            None => Err(fs_error("ENOENT")),
        }
    }
}

/// Whether `pattern` is a plain name with no gitignore syntax in it (it then ignores every
/// file or directory of that name, at any depth).
fn is_literal_name(pattern: &str) -> bool {
    !pattern.is_empty()
        && pattern.bytes().any(|b| b != b'.')
        && pattern
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The walker never panics on any ignore pattern, `.gitignore` text or path, and what it
/// returns is the sorted, de-duplicated subset of the files that the options allow,
/// whatever order directories are listed in.
///
/// Input: `[flags] [explicit patterns, LF-separated] NUL ([path] NUL [contents] NUL)...`.
/// Flags: 1 honour `.gitignore`, 2 skip hidden names, 4 list directories in reverse.
pub fn ignore_patterns(data: &[u8]) {
    let mut input = Input(data);
    let flags = input.u8();
    let mut sections = input.rest().split(|&b| b == 0);
    let patterns: Vec<String> = String::from_utf8_lossy(sections.next().unwrap_or_default())
        .split('\n')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let mut fs = MemFs {
        nodes: BTreeMap::new(),
        reversed: flags & 4 != 0,
    };
    while let Some(path) = sections.next() {
        fs.add(path, sections.next().unwrap_or_default());
    }
    let options = WalkOptions {
        ignore: patterns,
        gitignore: flags & 1 != 0,
        hidden: flags & 2 == 0,
        follow_symlinks: false,
        skip_sizes: false,
    };

    let all = fs.files();
    let files = match walk(fs.clone(), &options) {
        Ok(files) => files,
        Err(e) => match e.kind() {
            ErrorKind::Pattern { pattern, .. } => {
                assert!(options.ignore.iter().any(|p| pattern.contains(p.as_str())));
                return;
            }
            // This file system never fails, and a directory named like a rules file holds none.
            _ => panic!("{e:?}"),
        },
    };
    assert!(
        files.windows(2).all(|w| w[0].path < w[1].path),
        "sorted, unique"
    );
    assert!(
        files.iter().all(|f| all.contains(f)),
        "only files that exist"
    );

    fs.reversed = !fs.reversed;
    assert_eq!(
        walk(&fs, &options).ok(),
        Some(files.clone()),
        "listing order"
    );

    // Whether any file has a path component `pred` accepts.
    let any_component =
        |pred: &dyn Fn(&[u8]) -> bool| files.iter().any(|f| f.path.split(|&b| b == b'/').any(pred));
    if !options.hidden {
        assert!(!any_component(&|c| c.first() == Some(&b'.')), "hidden");
    }
    if !options.ignore.iter().any(|p| p.contains('!')) {
        for name in options.ignore.iter().filter(|p| is_literal_name(p)) {
            assert!(!any_component(&|c| c == name.as_bytes()), "{name} ignored");
        }
    }
    if options.ignore.is_empty() && options.hidden && !options.gitignore {
        assert_eq!(files, all, "no rules: every file");
    }
}
