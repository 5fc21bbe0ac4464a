//! The few settings of git's configuration that decide how git sees a work tree, read from
//! the same files git reads (`git help config`, "FILES"), lowest precedence first: the
//! system file, the global files, the repository's `config` and `config.worktree`. Includes
//! are read where they stand, as git reads them: `include.path`, and `includeIf.<cond>.path`
//! when its condition holds ("Conditional includes": `gitdir:`, `gitdir/i:` and `onbranch:`;
//! `hasconfig:remote.*.url:` is not evaluated and never holds here).
//!
//! A small parser of git's INI dialect (sections and subsections, quoting, escapes,
//! comments, continuation lines, keys without a value meaning true).

use super::{GitEnv, GitError};
use crate::host_fs::HostFs;
use globset::GlobBuilder;

/// Settings in the order they were read (later wins).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `section[.subsection].name` (section and name lower-cased) and the value (None: a
    /// key without `=`, which means true).
    entries: Vec<(String, Option<String>)>,
}

/// What `includeIf` conditions are tested against: the repository being read.
#[derive(Clone, Debug, Default)]
pub struct Conditions {
    /// The git directory as absolute paths: with symlinks resolved, then as the caller
    /// named the work tree (git tries both, so a pattern may name a symlinked directory).
    pub git_dirs: Vec<Vec<u8>>,
    /// The branch HEAD is on (`refs/heads/` taken off; None when detached).
    pub branch: Option<String>,
}

/// Whether the glob `pattern` matches `text` as git's `wildmatch` with `WM_PATHNAME`
/// does (`*` stops at `/`, `**/` spans directories).
fn wildmatch(pattern: &[u8], text: &[u8], icase: bool) -> bool {
    GlobBuilder::new(&String::from_utf8_lossy(pattern))
        .literal_separator(true)
        .backslash_escape(true)
        .case_insensitive(icase)
        .build()
        .is_ok_and(|glob| {
            glob.compile_matcher()
                .is_match(String::from_utf8_lossy(text).as_ref())
        })
}

/// `pattern` ending with `/` matches everything below: `**` appended.
fn with_trailing_starstar(mut pattern: Vec<u8>) -> Vec<u8> {
    if pattern.ends_with(b"/") {
        pattern.extend_from_slice(b"**");
    }
    pattern
}

impl Conditions {
    /// Whether the condition of `[includeIf "<condition>"]` in the file `file` holds.
    fn holds(&self, condition: &str, file: &[u8], fs: &dyn HostFs, env: &GitEnv) -> bool {
        if let Some(pattern) = condition.strip_prefix("gitdir:") {
            self.gitdir(pattern, false, file, fs, env)
        } else if let Some(pattern) = condition.strip_prefix("gitdir/i:") {
            self.gitdir(pattern, true, file, fs, env)
        } else if let Some(pattern) = condition.strip_prefix("onbranch:") {
            let pattern = with_trailing_starstar(pattern.as_bytes().to_vec());
            self.branch
                .as_ref()
                .is_some_and(|branch| wildmatch(&pattern, branch.as_bytes(), false))
        } else {
            false
        }
    }

    /// git's `include_by_gitdir`: `~/` expanded, `./` read from the including file's
    /// directory (matched literally), any other relative pattern matched at any depth.
    fn gitdir(
        &self,
        pattern: &str,
        icase: bool,
        file: &[u8],
        fs: &dyn HostFs,
        env: &GitEnv,
    ) -> bool {
        let mut pattern = env
            .expand_home(pattern.as_bytes())
            .unwrap_or_else(|| pattern.as_bytes().to_vec());
        let mut prefix = 0;
        if let Some(rest) = pattern.strip_prefix(b"./") {
            let Ok(real) = fs.real_path(file) else {
                return false;
            };
            let dir = &real[..real.iter().rposition(|&b| b == b'/').unwrap_or(0)];
            prefix = dir.len() + 1;
            pattern = [dir, b"/", rest].concat();
        } else if !pattern.starts_with(b"/") {
            pattern = [&b"**/"[..], &pattern].concat();
        }
        let pattern = with_trailing_starstar(pattern);
        self.git_dirs.iter().any(|text| {
            let literal = |a: &[u8], b: &[u8]| {
                if icase {
                    a.eq_ignore_ascii_case(b)
                } else {
                    a == b
                }
            };
            text.len() >= prefix
                && literal(&pattern[..prefix], &text[..prefix])
                && wildmatch(&pattern[prefix..], &text[prefix..], icase)
        })
    }
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

    /// Reads the file at `path` (absolute, or relative to the walk's root) with the files
    /// it includes, each where its include stands; a missing file adds nothing.
    pub fn read_file(
        &mut self,
        fs: &dyn HostFs,
        path: &[u8],
        env: &GitEnv,
        conditions: &Conditions,
        depth: usize,
    ) -> Result<(), GitError> {
        let text = match fs.read_file(path) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(GitError::Io(e.with_path(path))),
        };
        let mut parsed = Config::default();
        parsed.parse(&String::from_utf8_lossy(&text));
        for (key, value) in parsed.entries {
            let include = match key
                .strip_prefix("includeif.")
                .and_then(|k| k.strip_suffix(".path"))
            {
                Some(condition) => conditions.holds(condition, path, fs, env),
                None => key == "include.path",
            };
            match value {
                Some(include_path) if include && depth < MAX_INCLUDE_DEPTH => {
                    let target = match env.expand_home(include_path.as_bytes()) {
                        Some(target) => target,
                        None if include_path.starts_with('/') => include_path.into_bytes(),
                        None => {
                            let dir = path
                                .iter()
                                .rposition(|&b| b == b'/')
                                .map_or(&path[..0], |i| &path[..=i]);
                            [dir, include_path.as_bytes()].concat()
                        }
                    };
                    self.read_file(fs, &target, env, conditions, depth + 1)?;
                }
                _ if key.starts_with("includeif.") => {}
                value => self.entries.push((key, value)),
            }
        }
        Ok(())
    }

    /// Adds the settings of `text` (its includes are settings like the others here).
    pub fn parse(&mut self, text: &str) {
        let mut section = String::new();
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
            if !section.is_empty() {
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
        assert_eq!(
            config.string("includeif.gitdir:~/work/.path"),
            Some("other")
        );
    }
}
