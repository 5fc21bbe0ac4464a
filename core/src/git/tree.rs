//! Git tree objects: the tree ID of a set of entries (`git write-tree`), and their
//! listing as `git ls-tree -r` prints it.

use crate::git_blob::object_id;

/// A file, symlink or gitlink of a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// Its path, `/`-separated.
    pub path: Vec<u8>,
    /// 0o100644, 0o100755, 0o120000 or 0o160000.
    pub mode: u32,
    /// Its object ID (raw bytes).
    pub id: Vec<u8>,
    /// Its size in the work tree (0 for a gitlink).
    pub size: u64,
}

/// The tree ID of `entries` (sorted by path bytes; no two the same), SHA-256 when `long`.
///
/// Sorting full paths by their bytes puts each tree's entries in git's order (a
/// directory's name sorts as if it ended with `/`, and `/` sorts every path below a
/// directory together); a gitlink sorts as a file, as in git.
pub fn tree_id(entries: &[TreeEntry], long: bool) -> Vec<u8> {
    build(entries, 0, long)
}

fn push_entry(content: &mut Vec<u8>, mode: u32, name: &[u8], id: &[u8]) {
    content.extend_from_slice(format!("{mode:o} ").as_bytes());
    content.extend_from_slice(name);
    content.push(0);
    content.extend_from_slice(id);
}

fn build(entries: &[TreeEntry], prefix: usize, long: bool) -> Vec<u8> {
    let mut content = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let rest = &entries[i].path[prefix..];
        match rest.iter().position(|&b| b == b'/') {
            None => {
                push_entry(&mut content, entries[i].mode, rest, &entries[i].id);
                i += 1;
            }
            Some(slash) => {
                let dir = &rest[..=slash];
                let end = i + entries[i..]
                    .iter()
                    .position(|e| !e.path[prefix..].starts_with(dir))
                    .unwrap_or(entries.len() - i);
                let id = build(&entries[i..end], prefix + slash + 1, long);
                push_entry(&mut content, 0o40000, &dir[..slash], &id);
                i = end;
            }
        }
    }
    let mut id = vec![0; if long { 32 } else { 20 }];
    object_id(long, "tree", &content, &mut id);
    id
}

/// A path as git prints it with `core.quotePath` on (the default): in double quotes with C
/// escapes and octal bytes when it holds anything but printable ASCII.
pub fn quote_path(path: &[u8]) -> Vec<u8> {
    let needs = |b: u8| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\';
    if !path.iter().any(|&b| needs(b)) {
        return path.to_vec();
    }
    let mut out = vec![b'"'];
    for &b in path {
        match b {
            b'\x07' => out.extend_from_slice(b"\\a"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\x0b' => out.extend_from_slice(b"\\v"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b if needs(b) => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
            b => out.push(b),
        }
    }
    out.push(b'"');
    out
}

/// `git ls-tree -r` of the tree: `<mode> <type> <id>\t<path>` lines.
pub fn ls_tree(entries: &[TreeEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let kind = if e.mode == 0o160000 { "commit" } else { "blob" };
        let hex = crate::manifest::hex(&e.id);
        out.extend_from_slice(format!("{:06o} {kind} {hex}\t", e.mode).as_bytes());
        out.extend_from_slice(&quote_path(&e.path));
        out.push(b'\n');
    }
    out
}
