//! `.gitattributes`, as far as git's clean step reads it: `text`, `eol`, the older `crlf`,
//! `ident`, `filter` and `working-tree-encoding`, with macros (`binary`, `[attr]` lines)
//! and git's precedence (`git help gitattributes`): the system file, the global file, the
//! work tree's `.gitattributes` from the top down, then `$GIT_DIR/info/attributes`; within
//! a file a later line wins over an earlier one.
//!
//! Patterns follow the gitignore rules without negation (a pattern without a slash
//! matches the name at any depth below its file, one with a slash matches from its file's
//! directory, a trailing slash matches only directories and so never a file's attributes);
//! they are compiled with globset, the matcher under the `ignore` crate, because every
//! matching line counts here and not only the last one.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashMap;

/// The value of one attribute for a path.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum State {
    /// Not mentioned (or `!attr`).
    #[default]
    Unspecified,
    /// `attr`.
    Set,
    /// `-attr`.
    Unset,
    /// `attr=value`.
    Value(String),
}

/// The attributes the clean step reads, for one path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attrs {
    /// `text`.
    pub text: State,
    /// `crlf` (the older form of `text`).
    pub crlf: State,
    /// `eol`.
    pub eol: State,
    /// `ident`.
    pub ident: State,
    /// `filter`.
    pub filter: State,
    /// `working-tree-encoding`.
    pub encoding: State,
}

impl Attrs {
    fn slot(&mut self, name: &str) -> Option<&mut State> {
        Some(match name {
            "text" => &mut self.text,
            "crlf" => &mut self.crlf,
            "eol" => &mut self.eol,
            "ident" => &mut self.ident,
            "filter" => &mut self.filter,
            "working-tree-encoding" => &mut self.encoding,
            _ => return None,
        })
    }
}

type Assignments = Vec<(String, State)>;

/// One attributes file: its directory (`""` or `dir/`) and its lines.
#[derive(Debug)]
pub struct AttrFile {
    base: Vec<u8>,
    globs: GlobSet,
    lines: Vec<Assignments>,
    macros: Vec<(String, Assignments)>,
}

fn assignments<'a>(tokens: impl Iterator<Item = &'a str>) -> Assignments {
    tokens
        .map(|token| {
            if let Some(name) = token.strip_prefix('-') {
                (name.to_owned(), State::Unset)
            } else if let Some(name) = token.strip_prefix('!') {
                (name.to_owned(), State::Unspecified)
            } else if let Some((name, value)) = token.split_once('=') {
                (name.to_owned(), State::Value(value.to_owned()))
            } else {
                (token.to_owned(), State::Set)
            }
        })
        .collect()
}

/// A pattern's glob relative to its file's directory, or None for one that never matches
/// a file (directory-only, negated, empty).
fn glob_of(pattern: &str) -> Option<String> {
    if pattern.is_empty() || pattern.starts_with('!') || pattern.ends_with('/') {
        return None;
    }
    Some(match pattern.strip_prefix('/') {
        Some(anchored) => anchored.to_owned(),
        None if pattern.contains('/') => pattern.to_owned(),
        None => format!("**/{pattern}"),
    })
}

/// A C-quoted pattern (`"a b"`) unquoted, with the rest of the line.
fn split_pattern(line: &str) -> (String, &str) {
    if let Some(quoted) = line.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (out, &quoted[i + 1..]),
                '\\' => match chars.next() {
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, other)) => out.push(other),
                    None => {}
                },
                c => out.push(c),
            }
        }
        return (out, "");
    }
    match line.split_once([' ', '\t']) {
        Some((pattern, rest)) => (pattern.to_owned(), rest),
        None => (line.to_owned(), ""),
    }
}

impl AttrFile {
    /// The attributes file `text` of the directory `base` (`""` for the top, else `dir/`);
    /// `macros_allowed` for the files that may define macros (not nested `.gitattributes`).
    pub fn parse(text: &[u8], base: &[u8], macros_allowed: bool) -> AttrFile {
        let mut globs = GlobSetBuilder::new();
        let mut lines = Vec::new();
        let mut macros = Vec::new();
        for line in String::from_utf8_lossy(text).lines() {
            let line = line.trim_start_matches([' ', '\t']);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(definition) = line.strip_prefix("[attr]") {
                let mut tokens = definition.split_whitespace();
                if let (Some(name), true) = (tokens.next(), macros_allowed) {
                    macros.push((name.to_owned(), assignments(tokens)));
                }
                continue;
            }
            let (pattern, rest) = split_pattern(line);
            let Some(glob) = glob_of(&pattern) else {
                continue;
            };
            let Ok(glob) = GlobBuilder::new(&glob)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
            else {
                continue;
            };
            globs.add(glob);
            lines.push(assignments(rest.split_whitespace()));
        }
        AttrFile {
            base: base.to_vec(),
            globs: globs.build().unwrap_or_else(|_| GlobSet::empty()),
            lines,
            macros,
        }
    }
}

/// Every attributes file that applies in a work tree, loaded before lookups start.
#[derive(Debug, Default)]
pub struct Attributes {
    /// Below the work tree's files: the system and global files.
    low: Vec<AttrFile>,
    /// The work tree's `.gitattributes` by directory (`""`, `dir/`).
    tree: HashMap<Vec<u8>, AttrFile>,
    /// Above them: `$GIT_DIR/info/attributes`.
    high: Vec<AttrFile>,
    macros: HashMap<String, Assignments>,
}

impl Attributes {
    /// The attributes of the system and global files (`low`), the info file (`high`).
    pub fn new(low: Vec<AttrFile>, high: Vec<AttrFile>) -> Attributes {
        let mut attributes = Attributes {
            low,
            high,
            ..Attributes::default()
        };
        attributes.macros.insert(
            "binary".into(),
            assignments(["-diff", "-merge", "-text"].into_iter()),
        );
        attributes.collect_macros();
        attributes
    }

    fn collect_macros(&mut self) {
        let top = self.tree.get(&b""[..]);
        let files = self.low.iter().chain(top).chain(self.high.iter());
        let defined: Vec<(String, Assignments)> = files.flat_map(|f| f.macros.clone()).collect();
        self.macros.extend(defined);
    }

    /// Adds the `.gitattributes` of the directory `dir` (`""` or `dir/`).
    pub fn add_tree_file(&mut self, dir: &[u8], text: &[u8]) {
        self.tree
            .insert(dir.to_vec(), AttrFile::parse(text, dir, dir.is_empty()));
        if dir.is_empty() {
            self.collect_macros();
        }
    }

    fn apply(&self, attrs: &mut Attrs, assigns: &Assignments, depth: usize) {
        for (name, state) in assigns {
            if let (Some(expansion), State::Set, true) = (self.macros.get(name), state, depth < 8) {
                self.apply(attrs, expansion, depth + 1);
            }
            if let Some(slot) = attrs.slot(name) {
                *slot = state.clone();
            }
        }
    }

    fn apply_file(&self, attrs: &mut Attrs, file: &AttrFile, path: &[u8]) {
        let Some(relative) = path.strip_prefix(&file.base[..]) else {
            return;
        };
        let relative = String::from_utf8_lossy(relative);
        for index in file.globs.matches(relative.as_ref()) {
            // Lines apply in file order: matches() gives them in order of their index.
            self.apply(attrs, &file.lines[index], 0);
        }
    }

    /// The attributes of the file at `path` (relative to the top of the work tree).
    pub fn lookup(&self, path: &[u8]) -> Attrs {
        let mut attrs = Attrs::default();
        for file in &self.low {
            self.apply_file(&mut attrs, file, path);
        }
        let mut dir_end = 0;
        loop {
            if let Some(file) = self.tree.get(&path[..dir_end]) {
                self.apply_file(&mut attrs, file, path);
            }
            match path[dir_end..].iter().position(|&b| b == b'/') {
                Some(slash) => dir_end += slash + 1,
                None => break,
            }
        }
        for file in &self.high {
            self.apply_file(&mut attrs, file, path);
        }
        attrs
    }
}

/// The directories (`""`, `a/`, `a/b/`) whose `.gitattributes` may apply to `path`.
pub fn dirs_of(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::once(&path[..0]).chain(
        path.iter()
            .enumerate()
            .filter(|(_, &b)| b == b'/')
            .map(move |(i, _)| &path[..=i]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_macros_and_patterns() {
        let mut attributes = Attributes::new(
            vec![AttrFile::parse(b"*.txt text\n", b"", true)],
            vec![AttrFile::parse(b"keep.txt -text\n", b"", true)],
        );
        attributes.add_tree_file(
            b"",
            b"[attr]lf text eol=lf\n*.bin binary\n/top.c lf\ndocs/ text\n",
        );
        attributes.add_tree_file(b"sub/", b"*.txt eol=crlf\n*.bin text\n");
        assert_eq!(attributes.lookup(b"a/b.txt").text, State::Set);
        assert_eq!(attributes.lookup(b"keep.txt").text, State::Unset);
        assert_eq!(attributes.lookup(b"x.bin").text, State::Unset);
        assert_eq!(attributes.lookup(b"sub/x.bin").text, State::Set);
        assert_eq!(
            attributes.lookup(b"sub/t.txt").eol,
            State::Value("crlf".into())
        );
        assert_eq!(attributes.lookup(b"top.c").eol, State::Value("lf".into()));
        assert_eq!(attributes.lookup(b"a/top.c").eol, State::Unspecified);
        assert_eq!(attributes.lookup(b"docs/x").text, State::Unspecified);
        assert_eq!(
            dirs_of(b"a/b/c").collect::<Vec<_>>(),
            [&b""[..], b"a/", b"a/b/"]
        );
    }
}
