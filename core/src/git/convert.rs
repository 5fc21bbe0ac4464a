//! Git's clean step (`convert.c`, `convert_to_git`): what `git add` and `git hash-object`
//! do to a file's bytes before hashing them. In git's order: a filter driver's `clean`
//! command (hashmill cannot run one: such paths are reported apart), the
//! `working-tree-encoding` re-encoding (only UTF-8, which changes nothing, is done here),
//! end-of-line normalization (`text`, `eol`, `crlf`, `core.autocrlf`, `core.eol`), then the
//! `ident` collapse of `$Id: …$` to `$Id$`.

use super::attributes::{Attrs, State};
use super::config::Config;

/// What git decided about line endings for a path (`enum convert_crlf_action`, named as git does).
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Crlf {
    Binary,
    Text,
    TextInput,
    TextCrlf,
    Auto,
    AutoInput,
    AutoCrlf,
    Undefined,
}

/// How one path is cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clean {
    crlf: Crlf,
    ident: bool,
}

/// Why a path's blob ID cannot be computed here.
pub type Unsupported = String;

fn crlf_of(state: &State) -> Crlf {
    match state {
        State::Set => Crlf::Text,
        State::Unset => Crlf::Binary,
        State::Value(v) if v == "input" => Crlf::TextInput,
        State::Value(v) if v == "auto" => Crlf::Auto,
        _ => Crlf::Undefined,
    }
}

impl Clean {
    /// How git cleans a path with these attributes under this configuration, or why it
    /// cannot be done here (a filter driver, a re-encoding).
    pub fn decide(attrs: &Attrs, config: &Config) -> Result<Clean, Unsupported> {
        if let State::Value(driver) = &attrs.filter {
            let configured = ["clean", "process"]
                .iter()
                .any(|k| config.string(&format!("filter.{driver}.{k}")).is_some());
            if configured {
                return Err(format!("filter={driver}"));
            }
            if config.bool(&format!("filter.{driver}.required"), false) {
                return Err(format!("filter={driver} (required, not configured)"));
            }
        }
        if let State::Value(encoding) = &attrs.encoding {
            let name = encoding.to_ascii_uppercase().replace('-', "");
            if name != "UTF8" {
                return Err(format!("working-tree-encoding={encoding}"));
            }
        }
        let mut crlf = crlf_of(&attrs.text);
        if crlf == Crlf::Undefined {
            crlf = crlf_of(&attrs.crlf);
        }
        if crlf != Crlf::Binary {
            let eol = match &attrs.eol {
                State::Value(v) if v == "lf" => Some(false),
                State::Value(v) if v == "crlf" => Some(true),
                _ => None,
            };
            crlf = match (crlf, eol) {
                (Crlf::Auto, Some(false)) => Crlf::AutoInput,
                (Crlf::Auto, Some(true)) => Crlf::AutoCrlf,
                (_, Some(false)) => Crlf::TextInput,
                (_, Some(true)) => Crlf::TextCrlf,
                (crlf, None) => crlf,
            };
        }
        let autocrlf = config.string("core.autocrlf").map(str::to_ascii_lowercase);
        let autocrlf = match autocrlf.as_deref() {
            Some("input") => Some("input"),
            _ if config.bool("core.autocrlf", false) => Some("true"),
            _ => None,
        };
        crlf = match (crlf, autocrlf) {
            // On check-in TEXT_CRLF and TEXT_INPUT both normalize; which one does not matter here.
            (Crlf::Text, _) => Crlf::TextInput,
            (Crlf::Undefined, None) => Crlf::Binary,
            (Crlf::Undefined, Some("true")) => Crlf::AutoCrlf,
            (Crlf::Undefined, Some(_)) => Crlf::AutoInput,
            (crlf, _) => crlf,
        };
        Ok(Clean {
            crlf,
            ident: attrs.ident == State::Set,
        })
    }

    /// A number naming this way of cleaning, for caches keyed by it.
    pub fn variant(&self) -> u32 {
        1 + self.crlf as u32 * 2 + u32::from(self.ident)
    }

    /// Whether line endings are decided by looking at the bytes (`text=auto`, autocrlf):
    /// git then keeps CRLF in a file whose indexed version already has CRs.
    pub fn is_auto(&self) -> bool {
        matches!(self.crlf, Crlf::Auto | Crlf::AutoInput | Crlf::AutoCrlf)
    }

    /// The bytes git hashes for a file with `data` in the work tree, or None when they are
    /// `data` unchanged. `index_has_crlf` says whether the indexed version of the path has
    /// CRLF line endings (only asked for auto line endings on a text file with CRLF).
    pub fn apply(
        &self,
        data: &[u8],
        index_has_crlf: impl FnOnce() -> Result<bool, Unsupported>,
    ) -> Result<Option<Vec<u8>>, Unsupported> {
        let mut out: Option<Vec<u8>> = None;
        if self.crlf != Crlf::Binary && !data.is_empty() {
            let stats = Stats::of(data);
            let mut convert = stats.crlf > 0;
            if convert && self.is_auto() && (stats.is_binary() || index_has_crlf()?) {
                convert = false;
            }
            if convert {
                out = Some(without_cr_before_lf(data));
            }
        }
        if self.ident {
            let current = out.as_deref().unwrap_or(data);
            if let Some(collapsed) = ident_to_git(current) {
                out = Some(collapsed);
            }
        }
        Ok(out)
    }
}

/// Every CR that comes right before an LF removed.
fn without_cr_before_lf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for (i, &b) in data.iter().enumerate() {
        if !(b == b'\r' && data.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    out
}

/// What git counts to tell text from binary (`gather_stats`).
#[derive(Default)]
pub struct Stats {
    nul: usize,
    lonecr: usize,
    crlf: usize,
    printable: usize,
    nonprintable: usize,
}

impl Stats {
    /// The counts of `data`.
    pub fn of(data: &[u8]) -> Stats {
        let mut s = Stats::default();
        let mut i = 0;
        while i < data.len() {
            let c = data[i];
            match c {
                b'\r' if data.get(i + 1) == Some(&b'\n') => {
                    s.crlf += 1;
                    i += 1;
                }
                b'\r' => s.lonecr += 1,
                b'\n' => {}
                127 => s.nonprintable += 1,
                // BS, HT, ESC and FF count as printable.
                8 | 9 | 27 | 12 => s.printable += 1,
                0 => {
                    s.nul += 1;
                    s.nonprintable += 1;
                }
                c if c < 32 => s.nonprintable += 1,
                _ => s.printable += 1,
            }
            i += 1;
        }
        // A final ^Z (DOS end of file) is not counted as non-printable.
        if data.last() == Some(&0x1a) {
            s.nonprintable = s.nonprintable.saturating_sub(1);
        }
        s
    }

    /// `convert_is_binary`: a lone CR, a NUL, or more than one non-printable byte in 128.
    pub fn is_binary(&self) -> bool {
        self.lonecr > 0 || self.nul > 0 || (self.printable >> 7) < self.nonprintable
    }

    /// Whether git's `has_crlf_in_index` sees CRLF in these (indexed) bytes.
    pub fn has_crlf_text(&self) -> bool {
        self.crlf > 0 && !self.is_binary()
    }
}

/// `$Id: anything$` collapsed to `$Id$` (git's `ident_to_git`), or None when there is none.
fn ident_to_git(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut changed = false;
    let mut i = 0;
    while i < data.len() {
        out.push(data[i]);
        if data[i] == b'$' && data[i + 1..].starts_with(b"Id:") {
            let body = i + 4;
            if let Some(end) = data[body..].iter().position(|&b| b == b'$') {
                if !data[body..body + end].contains(&b'\n') {
                    out.extend_from_slice(b"Id$");
                    i = body + end + 1;
                    changed = true;
                    continue;
                }
            }
        }
        i += 1;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(attrs: Attrs, config: &str) -> Clean {
        let mut c = Config::default();
        c.parse(config);
        Clean::decide(&attrs, &c).unwrap()
    }

    #[test]
    fn line_endings_and_ident() {
        let text = Attrs {
            text: State::Set,
            ..Attrs::default()
        };
        let no = || Ok(false);
        assert_eq!(
            clean(text.clone(), "").apply(b"a\r\nb\r", no).unwrap(),
            Some(b"a\nb\r".to_vec())
        );
        assert_eq!(
            clean(Attrs::default(), "").apply(b"a\r\n", no).unwrap(),
            None
        );
        let auto = clean(Attrs::default(), "[core]\nautocrlf = true");
        assert_eq!(auto.apply(b"a\r\n", no).unwrap(), Some(b"a\n".to_vec()));
        assert_eq!(auto.apply(b"a\r\n\0", no).unwrap(), None, "binary");
        assert_eq!(
            auto.apply(b"a\r\n", || Ok(true)).unwrap(),
            None,
            "CRLF kept"
        );
        let ident = Attrs {
            ident: State::Set,
            ..Attrs::default()
        };
        assert_eq!(
            clean(ident, "").apply(b"$Id: abc $ $Id: x\n$", no).unwrap(),
            Some(b"$Id$ $Id: x\n$".to_vec())
        );
    }
}
