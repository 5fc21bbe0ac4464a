//! The few settings of git's configuration that decide how git sees a work tree, read from
//! the same files git reads (`git help config`, "FILES"), lowest precedence first: the
//! system file, the global files, the repository's `config` and `config.worktree`, each
//! with its `include.path` files. `includeIf` sections are not evaluated (their settings are
//! left out), which a caller can see in [`Config::conditional_includes`].
//!
//! A small parser of git's INI dialect (sections and subsections, quoting, escapes,
//! comments, continuation lines, keys without a value meaning true).

use super::{GitEnv, GitError};
use crate::walk::Fs;

/// Settings in the order they were read (later wins).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `section[.subsection].name` (section and name lower-cased) and the value (None: a
    /// key without `=`, which means true).
    entries: Vec<(String, Option<String>)>,
    /// Whether an `includeIf` section was skipped.
    pub conditional_includes: bool,
}

/// How deep `include.path` may nest (git's own limit is 10).
const MAX_INCLUDE_DEPTH: usize = 10;

impl Config {
    /// The last value of `key` (`core.autocrlf`, `filter.lfs.clean`, ...).
    pub fn get(&self, key: &str) -> Option<Option<&str>> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_deref())
    }

    /// `key` as git reads a boolean, or `default`.
    pub fn bool(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            None => default,
            Some(None) => true,
            Some(Some(v)) => !matches!(
                v.to_ascii_lowercase().as_str(),
                "false" | "no" | "off" | "0" | ""
            ),
        }
    }

    /// `key` as a string, if set to one.
    pub fn string(&self, key: &str) -> Option<&str> {
        self.get(key).flatten()
    }

    /// Reads the file at `path` (absolute, or relative to the walk's root) with its
    /// includes; a missing file adds nothing.
    pub fn read_file(
        &mut self,
        fs: &dyn Fs,
        path: &[u8],
        env: &GitEnv,
        depth: usize,
    ) -> Result<(), GitError> {
        let text = match fs.read_file(path) {
            Ok(text) => text,
            Err(e) if matches!(e.code(), "ENOENT" | "ENOTDIR") => return Ok(()),
            Err(e) => return Err(GitError::Io(e.with_path(path))),
        };
        let before = self.entries.len();
        self.parse(&String::from_utf8_lossy(&text));
        let includes: Vec<String> = self.entries[before..]
            .iter()
            .filter(|(k, _)| k == "include.path")
            .filter_map(|(_, v)| v.clone())
            .collect();
        if depth >= MAX_INCLUDE_DEPTH {
            return Ok(());
        }
        for include in includes {
            let target = match env.expand_home(include.as_bytes()) {
                Some(target) => target,
                None if include.starts_with('/') => include.into_bytes(),
                None => {
                    let dir = path
                        .iter()
                        .rposition(|&b| b == b'/')
                        .map_or(&path[..0], |i| &path[..=i]);
                    [dir, include.as_bytes()].concat()
                }
            };
            self.read_file(fs, &target, env, depth + 1)?;
        }
        Ok(())
    }

    /// Adds the settings of `text`.
    pub fn parse(&mut self, text: &str) {
        let mut section = String::new();
        let mut skipping = false;
        let mut lines = text.lines();
        while let Some(raw) = lines.next() {
            let mut line = raw.trim_start().to_owned();
            if line.starts_with('[') {
                let Some(end) = line.find(']') else { continue };
                let header = &line[1..end];
                section = match header.split_once(|c: char| c.is_whitespace()) {
                    Some((name, sub)) => {
                        let sub = sub
                            .trim()
                            .trim_matches('"')
                            .replace("\\\"", "\"")
                            .replace("\\\\", "\\");
                        format!("{}.{sub}", name.to_ascii_lowercase())
                    }
                    // The deprecated [section.subsection] form: the subsection lower-cased.
                    None => header.to_ascii_lowercase(),
                };
                skipping = section.starts_with("includeif.");
                self.conditional_includes |= skipping;
                line = line[end + 1..].to_owned();
                if line.trim().is_empty() {
                    continue;
                }
            }
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            let (name, rest) = match trimmed.split_once('=') {
                Some((name, rest)) => (name.trim().to_ascii_lowercase(), Some(rest.to_owned())),
                None => (trimmed.to_ascii_lowercase(), None),
            };
            let value = rest.map(|mut rest| {
                // A backslash at the end continues the value on the next line.
                while rest.trim_end().ends_with('\\') && !rest.trim_end().ends_with("\\\\") {
                    rest = rest
                        .trim_end()
                        .strip_suffix('\\')
                        .unwrap_or_default()
                        .to_owned();
                    rest.push_str(lines.next().unwrap_or_default());
                }
                unquote(&rest)
            });
            if !skipping && !section.is_empty() {
                self.entries.push((format!("{section}.{name}"), value));
            }
        }
    }
}

/// A value as git reads it: surrounding blanks dropped, quotes removed, escapes decoded,
/// a comment after `#` or `;` outside quotes dropped.
fn unquote(raw: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut pending_space = String::new();
    let mut chars = raw.trim_start().chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '#' | ';' if !quoted => break,
            '\\' => {
                out.push_str(&pending_space);
                pending_space.clear();
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('b') => {
                        out.pop();
                    }
                    Some(other) => out.push(other),
                    None => {}
                }
            }
            c if c.is_whitespace() && !quoted => pending_space.push(c),
            c => {
                out.push_str(&pending_space);
                pending_space.clear();
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_git_syntax() {
        let mut config = Config::default();
        config.parse(
            "[core]\n\tautocrlf = input ; comment\n\tfileMode = false\n\tsymlinks\n\
             [filter \"lfs\"]\n\tclean = git-lfs clean -- %f\n\
             [includeIf \"gitdir:~/work/\"]\n\tpath = other\n[Core]\n\teol = \"crlf\"\n",
        );
        assert_eq!(config.string("core.autocrlf"), Some("input"));
        assert!(!config.bool("core.filemode", true));
        assert!(config.bool("core.symlinks", false));
        assert_eq!(
            config.string("filter.lfs.clean"),
            Some("git-lfs clean -- %f")
        );
        assert_eq!(config.string("core.eol"), Some("crlf"));
        assert!(config.conditional_includes);
        assert_eq!(config.get("includeif.gitdir:~/work/.path"), None);
    }
}
