//! The walker's rules on an in-memory file system: hidden files, ignore patterns, nested
//! .gitignore precedence, symlinks and loops, and errors with their paths.

use hashmill_core::{walk, Entry, Error, ErrorKind, Fs, Kind, Stat, WalkOptions};
use std::collections::BTreeMap;

/// Paths map to a node; a symlink holds its target path (relative to the root).
#[derive(Clone)]
enum Node {
    File(Vec<u8>),
    Dir,
    Link(&'static str),
    Unreadable,
}

struct MemFs(BTreeMap<String, Node>);

fn err(code: &'static str) -> Error {
    Error::os(code, code)
}

impl MemFs {
    fn new(nodes: &[(&str, Node)]) -> Self {
        let mut map: BTreeMap<String, Node> = nodes
            .iter()
            .map(|(p, n)| (p.to_string(), n.clone()))
            .collect();
        map.insert(String::new(), Node::Dir);
        MemFs(map)
    }
    fn resolve(&self, path: &str, hops: usize) -> Result<(String, Node), Error> {
        if hops > 8 {
            return Err(err("ELOOP"));
        }
        match self.0.get(path) {
            Some(Node::Link(target)) => self.resolve(target, hops + 1),
            Some(node) => Ok((path.to_string(), node.clone())),
            None => Err(err("ENOENT")),
        }
    }
}

impl Fs for MemFs {
    fn read_dir(&self, dir: &[u8], sizes: bool) -> Result<Vec<Entry>, Error> {
        let dir = std::str::from_utf8(dir).unwrap();
        let (real, node) = self.resolve(dir, 0)?;
        match node {
            Node::Unreadable => return Err(err("EACCES")),
            Node::Dir => {}
            _ => return Err(err("ENOTDIR")),
        }
        let prefix = if real.is_empty() {
            String::new()
        } else {
            format!("{real}/")
        };
        Ok(self
            .0
            .iter()
            .filter(|(p, _)| {
                !p.is_empty() && p.starts_with(&prefix) && !p[prefix.len()..].contains('/')
            })
            .map(|(p, n)| Entry {
                name: p.as_bytes()[prefix.len()..].to_vec(),
                kind: match n {
                    Node::File(_) => Kind::File,
                    Node::Dir | Node::Unreadable => Kind::Dir,
                    Node::Link(_) => Kind::Symlink,
                },
                // Sizes as a listing gives them (the fuzz crate's file system leaves them to stat).
                size: match n {
                    Node::File(data) if sizes => Some(data.len() as u64),
                    _ => None,
                },
            })
            .collect())
    }
    fn stat(&self, path: &[u8]) -> Result<Stat, Error> {
        let (real, node) = self.resolve(std::str::from_utf8(path).unwrap(), 0)?;
        let id = (
            1,
            real.len() as u64 * 1000 + real.bytes().map(u64::from).sum::<u64>(),
        );
        Ok(match node {
            Node::File(data) => Stat {
                kind: Kind::File,
                size: data.len() as u64,
                id,
            },
            _ => Stat {
                kind: Kind::Dir,
                size: 0,
                id,
            },
        })
    }
    fn read_file(&self, path: &[u8]) -> Result<Vec<u8>, Error> {
        match self.resolve(std::str::from_utf8(path).unwrap(), 0)? {
            (_, Node::File(data)) => Ok(data),
            _ => Err(err("EISDIR")),
        }
    }
}

fn file(s: &str) -> Node {
    Node::File(s.as_bytes().to_vec())
}

fn paths(fs: &MemFs, options: &WalkOptions) -> Vec<String> {
    walk(fs, options)
        .unwrap()
        .into_iter()
        .map(|f| String::from_utf8(f.path).unwrap())
        .collect()
}

fn tree() -> MemFs {
    MemFs::new(&[
        ("a.txt", file("a")),
        (".hidden", file("h")),
        (".gitignore", file("*.log\n!keep.log\nbuild/\n")),
        ("x.log", file("x")),
        ("keep.log", file("k")),
        ("build", Node::Dir),
        ("build/out.bin", file("o")),
        ("src", Node::Dir),
        ("src/.gitignore", file("!x2.log\ngen.rs\n")),
        ("src/x2.log", file("x2")),
        ("src/gen.rs", file("g")),
        ("src/main.rs", file("m")),
        (".git", Node::Dir),
        (".git/HEAD", file("ref")),
        ("link", Node::Link("a.txt")),
        ("loop", Node::Link("")),
        ("dangling", Node::Link("nowhere")),
    ])
}

#[test]
fn plain_walk_lists_every_regular_file_sorted() {
    let options = WalkOptions {
        hidden: true,
        ..Default::default()
    };
    assert_eq!(
        paths(&tree(), &options),
        [
            ".git/HEAD",
            ".gitignore",
            ".hidden",
            "a.txt",
            "build/out.bin",
            "keep.log",
            "src/.gitignore",
            "src/gen.rs",
            "src/main.rs",
            "src/x2.log",
            "x.log"
        ]
    );
}

#[test]
fn hidden_false_skips_dot_names() {
    let options = WalkOptions::default();
    assert_eq!(
        paths(&tree(), &options),
        [
            "a.txt",
            "build/out.bin",
            "keep.log",
            "src/gen.rs",
            "src/main.rs",
            "src/x2.log",
            "x.log"
        ]
    );
}

#[test]
fn gitignore_files_apply_with_git_precedence() {
    let options = WalkOptions {
        hidden: true,
        gitignore: true,
        ..Default::default()
    };
    assert_eq!(
        paths(&tree(), &options),
        [
            ".gitignore",
            ".hidden",
            "a.txt",
            "keep.log",
            "src/.gitignore",
            "src/main.rs",
            "src/x2.log"
        ]
    );
}

#[test]
fn a_directory_named_gitignore_holds_no_rules() {
    // As in git: such a directory is walked like any other, not read as rules (found by
    // the ignore_patterns fuzz target; the walk used to fail with EISDIR).
    let fs = MemFs::new(&[
        ("x.log", file("x")),
        ("sub", Node::Dir),
        ("sub/.gitignore", Node::Dir),
        ("sub/.gitignore/f", file("*.log")),
        ("sub/a.log", file("a")),
    ]);
    let options = WalkOptions {
        hidden: true,
        gitignore: true,
        ignore: vec!["x.*".into()],
        ..Default::default()
    };
    assert_eq!(paths(&fs, &options), ["sub/.gitignore/f", "sub/a.log"]);
}

#[test]
fn explicit_patterns_win() {
    let options = WalkOptions {
        hidden: true,
        gitignore: true,
        ignore: vec!["src/".into(), "!x.log".into()],
        ..Default::default()
    };
    assert_eq!(
        paths(&tree(), &options),
        [".gitignore", ".hidden", "a.txt", "keep.log", "x.log"]
    );
}

#[test]
fn symlinks_are_skipped_or_followed_without_looping() {
    let follow = WalkOptions {
        follow_symlinks: true,
        ..Default::default()
    };
    let listed = paths(&tree(), &follow);
    assert!(listed.contains(&"link".to_string()));
    assert!(!listed.iter().any(|p| p.starts_with("loop/")), "{listed:?}");
    assert!(!listed.contains(&"dangling".to_string()));
    assert!(!paths(&tree(), &WalkOptions::default()).contains(&"link".to_string()));
}

#[test]
fn errors_carry_the_path_and_code() {
    let fs = MemFs::new(&[("ok", file("1")), ("locked", Node::Unreadable)]);
    let e = walk(&fs, &WalkOptions::default()).unwrap_err();
    assert_eq!(e.path(), Some(&b"locked"[..]));
    assert_eq!(e.code(), "EACCES");
    let bad = WalkOptions {
        ignore: vec!["[z-a]".into()],
        ..Default::default()
    };
    let e = walk(tree(), &bad).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Pattern { .. }), "{e:?}");
    assert_eq!(e.code(), hashmill_core::codes::PATTERN);
}

#[test]
fn empty_directory_has_no_files() {
    assert!(paths(
        &MemFs::new(&[("empty", Node::Dir)]),
        &WalkOptions::default()
    )
    .is_empty());
}

/// A tree with names that sort differently as names and as paths (`a.b` < `a/`).
fn wide_tree() -> MemFs {
    let mut nodes: Vec<(String, Node)> = [
        ("a", Node::Dir),
        ("a.b", file("1")),
        ("a-", Node::Dir),
        ("a-/z", file("2")),
    ]
    .into_iter()
    .map(|(p, n)| (p.to_string(), n))
    .collect();
    for i in 0..40 {
        nodes.push((format!("a/d{i}"), Node::Dir));
        nodes.push((format!("a/d{i}/f"), file("x")));
    }
    let borrowed: Vec<(&str, Node)> = nodes.iter().map(|(p, n)| (p.as_str(), n.clone())).collect();
    MemFs::new(&borrowed)
}

#[test]
fn the_stream_is_in_path_byte_order() {
    let listed = paths(&wide_tree(), &WalkOptions::default());
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert_eq!(listed.len(), 42);
    assert_eq!(&listed[..2], ["a-/z", "a.b"]);
}

#[test]
fn listing_ahead_on_other_threads_gives_the_same_walk() {
    let options = WalkOptions {
        hidden: true,
        gitignore: true,
        ..Default::default()
    };
    for fs in [wide_tree, tree] {
        let serial: Vec<_> = walk(fs(), &options).unwrap();
        let spawn: hashmill_core::Spawner = std::sync::Arc::new(|job| {
            std::thread::spawn(job);
        });
        let parallel: Vec<_> = hashmill_core::Walker::new(fs(), &options)
            .unwrap()
            .prefetch(spawn)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(parallel, serial);
    }
}

#[test]
fn sizes_stated_apart_from_the_walk_are_the_listings_sizes() {
    let options = WalkOptions {
        hidden: true,
        follow_symlinks: true,
        ..Default::default()
    };
    let listed = walk(tree(), &options).unwrap();
    let bare = walk(
        tree(),
        &WalkOptions {
            skip_sizes: true,
            ..options.clone()
        },
    )
    .unwrap();
    assert!(bare.iter().all(|file| file.size == 0));
    let sizes = hashmill_core::sizes_of(&tree(), bare.iter().map(|file| &file.path[..])).unwrap();
    assert_eq!(
        sizes,
        listed.iter().map(|file| file.size).collect::<Vec<_>>()
    );
    assert!(sizes.iter().any(|&size| size > 1), "{sizes:?}");

    // A file gone since it was listed: the failure names its directory, as a listing's does.
    let gone: [&[u8]; 3] = [b"a.txt", b"src/gone.rs", b"nowhere"];
    let e = hashmill_core::sizes_of(&tree(), gone).unwrap_err();
    assert_eq!((e.code(), e.path()), ("ENOENT", Some(&b"src"[..])));
    let e = hashmill_core::sizes_of(&tree(), [&b"nowhere"[..]]).unwrap_err();
    assert_eq!(e.path(), Some(&b""[..]));
}
