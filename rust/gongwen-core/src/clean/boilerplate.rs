//! Boilerplate rule sets: parsing, and finding what they remove from a text.
//!
//! Each rule's matches are those of its regex's `find_iter` over the whole text. A text meets
//! only the rules that can match it: every rule is reduced to literal fragments one of which
//! each of its matches contains (`^\s*(首页|当前位置)\s*[:：>]`: `首页`, `当前位置` and their
//! Traditional forms), and one Aho-Corasick pass over the text finds which fragments, hence
//! which rules, occur; a rule without such fragments is tried on every text. So loading is
//! linear in the number of rules, and a text costs one automaton pass plus the rules it
//! holds fragments of, each one linear-time regex search (no search anchored at every line
//! start, which a `^\s*` rule made quadratic in a run of blank lines: `\s` crosses them).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use rustc_hash::FxHashMap;

use super::fragments::required_fragments;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Line,
    Fragment,
}

#[derive(Debug)]
pub(super) struct Rule {
    pub(super) kind: Kind,
    pub(super) name: String,
    pub(super) re: Regex,
    /// Every match of `re` contains one of these (ASCII lower-cased); `None`: tried on every
    /// text.
    fragments: Option<Vec<Vec<u8>>>,
}

/// A boilerplate rule set (see `data/clean/boilerplate.txt` for the format).
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Arc<Rule>>,
    prefilter: Prefilter,
}

/// Which rules can match a text: one automaton over the distinct fragments of all rules.
#[derive(Debug)]
struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// The rules (indices into `Rules::rules`) requiring fragment `k`:
    /// `by_fragment[starts[k]..starts[k + 1]]`.
    starts: Vec<usize>,
    by_fragment: Vec<u32>,
    /// Rules without fragments.
    always: Vec<u32>,
}

impl Prefilter {
    fn new(rules: &[Arc<Rule>]) -> Prefilter {
        let mut ids: FxHashMap<&[u8], usize> = FxHashMap::default();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut pairs: Vec<(usize, u32)> = Vec::new();
        let mut always = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let Some(frags) = &rule.fragments else {
                always.push(ri as u32);
                continue;
            };
            for f in frags {
                let k = *ids.entry(f.as_slice()).or_insert_with(|| {
                    patterns.push(f);
                    patterns.len() - 1
                });
                pairs.push((k, ri as u32));
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&patterns)
        });
        let automaton = match automaton {
            Some(Ok(a)) => Some(a),
            None => None,
            // Too large an automaton (never seen): every rule is tried on every text.
            Some(Err(_)) => {
                return Prefilter {
                    automaton: None,
                    starts: vec![0],
                    by_fragment: Vec::new(),
                    always: (0..rules.len() as u32).collect(),
                }
            }
        };
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0; patterns.len() + 1];
        for &(k, _) in &pairs {
            starts[k + 1] += 1;
        }
        for k in 0..patterns.len() {
            starts[k + 1] += starts[k];
        }
        Prefilter {
            automaton,
            starts,
            by_fragment: pairs.into_iter().map(|(_, r)| r).collect(),
            always,
        }
    }

    /// The rules that can match `text`, in index order.
    fn candidates(&self, text: &str) -> Vec<u32> {
        let mut out = self.always.clone();
        if let Some(ac) = &self.automaton {
            let mut seen = rustc_hash::FxHashSet::default();
            for m in ac.find_overlapping_iter(text) {
                let k = m.pattern().as_usize();
                if seen.insert(k) {
                    out.extend_from_slice(&self.by_fragment[self.starts[k]..self.starts[k + 1]]);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The rule set shipped with gongwen.
pub const DEFAULT_RULES: &str = include_str!("../../data/clean/boilerplate.txt");

/// Lines longer than this (bytes, about 300 Chinese characters) lose only the sentence a line
/// rule matches, not the whole line.
const LONG_LINE: usize = 900;

impl Rules {
    fn from_rules(rules: Vec<Arc<Rule>>) -> Rules {
        let prefilter = Prefilter::new(&rules);
        Rules { rules, prefilter }
    }

    /// Parse rules in the `KIND<TAB>NAME<TAB>PATTERN` format; `source` names the text in errors.
    /// Each pattern is also added in its Traditional forms (OpenCC s2t, s2tw, s2hk). A leading
    /// byte-order mark is ignored.
    pub fn parse(text: &str, source: &str) -> Result<Rules> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self::from_lines(crate::error::table_lines(text), source)
    }

    /// [`Rules::parse`] of the file at `path` (UTF-8, a byte-order mark allowed): a file that
    /// cannot be read is [`Error::Io`], a bad line (bytes that are not UTF-8 included)
    /// [`Error::Dictionary`] with the file and the line.
    pub fn from_file(path: &Path) -> Result<Rules> {
        let lines = crate::rulefile::read_rule_lines(path)?;
        Self::from_lines(lines.iter().map(|(n, l)| (*n, l.as_str())), &path.display().to_string())
    }

    fn from_lines<'a>(lines: impl Iterator<Item = (usize, &'a str)>, source: &str) -> Result<Rules> {
        let mut rules = Vec::new();
        for (lineno, line) in lines {
            let bad = |message: String| Error::Dictionary {
                path: source.to_string(),
                line: lineno,
                message,
            };
            let mut parts = line.splitn(3, '\t');
            let (Some(kind), Some(name), Some(pattern)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(bad(format!("expected KIND<TAB>NAME<TAB>PATTERN, got {line:?}")));
            };
            let kind = match kind {
                "line" => Kind::Line,
                "fragment" => Kind::Fragment,
                other => return Err(bad(format!("kind must be `line` or `fragment`, not {other:?}"))),
            };
            let alternatives = crate::convert::with_traditional_forms(pattern);
            let joined = alternatives
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let re = regex::RegexBuilder::new(&joined)
                .multi_line(true)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| bad(format!("invalid pattern: {e}")))?;
            let fragments = regex_syntax::ParserBuilder::new()
                .multi_line(true)
                .case_insensitive(true)
                .build()
                .parse(&joined)
                .ok()
                .and_then(|hir| required_fragments(&hir));
            rules.push(Arc::new(Rule {
                kind,
                name: name.to_string(),
                re,
                fragments,
            }));
        }
        Ok(Rules::from_rules(rules))
    }

    /// The shipped rules, compiled once.
    pub fn default_rules() -> &'static Rules {
        static DEFAULT: OnceLock<Rules> = OnceLock::new();
        DEFAULT.get_or_init(|| Rules::parse(DEFAULT_RULES, "boilerplate.txt").expect("bundled rules are valid"))
    }

    /// These rules followed by `other`'s.
    pub fn extended(&self, other: Rules) -> Rules {
        let mut rules = self.rules.clone();
        rules.extend(other.rules);
        Rules::from_rules(rules)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The name of rule `index`.
    pub(super) fn name(&self, index: usize) -> &str {
        &self.rules[index].name
    }

    /// Each rule's matches in `text` as its `find_iter` gives them (rules without a match left
    /// out), by rule index: only the rules whose fragments `text` holds are searched.
    pub(super) fn matches_per_rule(&self, text: &str) -> Vec<(usize, Vec<(usize, usize)>)> {
        self.prefilter
            .candidates(text)
            .into_iter()
            .map(|ri| {
                let ri = ri as usize;
                let found = self.rules[ri].re.find_iter(text).map(|m| (m.start(), m.end()));
                (ri, found.collect::<Vec<_>>())
            })
            .filter(|(_, m)| !m.is_empty())
            .collect()
    }

    /// Byte ranges of `text` to remove, sorted and disjoint, with the rule that removes each.
    pub(super) fn matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (ri, rule_matches) in self.matches_per_rule(text) {
            let rule = &self.rules[ri];
            // The lines of a match, found incrementally (matches come left to right): the start
            // of the line is searched for back to the previous match only, and a line end
            // serves every match before it, so many matches on one long line stay linear.
            // `line_start` is the start of the line holding `start_from`; `line_end` is
            // (from, the first line break at or after `from`).
            let (mut start_from, mut line_start) = (0, 0);
            let mut line_end: Option<(usize, Option<usize>)> = None;
            for (ms, me) in rule_matches {
                let (s, e) = match rule.kind {
                    Kind::Fragment => (ms, me),
                    Kind::Line => {
                        if ms >= start_from {
                            if let Some(p) = memchr::memrchr(b'\n', &text.as_bytes()[start_from..ms]) {
                                line_start = start_from + p + 1;
                            }
                        } else {
                            line_start = memchr::memrchr(b'\n', &text.as_bytes()[..ms]).map_or(0, |p| p + 1);
                        }
                        start_from = ms;
                        let nl = match line_end {
                            Some((from, nl)) if from <= me && nl.is_none_or(|p| me <= p) => nl,
                            _ => {
                                let nl = memchr::memchr(b'\n', &text.as_bytes()[me..]).map(|p| me + p);
                                line_end = Some((me, nl));
                                nl
                            }
                        };
                        let line_end = nl.map_or(text.len(), |p| p + 1);
                        if line_end - line_start <= LONG_LINE {
                            (line_start, line_end)
                        } else {
                            // A long line is a paragraph (or a whole document on one line) the
                            // boilerplate was glued into: only its sentence goes.
                            sentence_around(text, line_start, line_end, ms, me)
                        }
                    }
                };
                if e > s {
                    found.push((s, e, ri));
                }
            }
        }
        found.sort_unstable();
        // Merge overlaps: the earlier-starting removal absorbs later ones.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
        for (s, e, r) in found {
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e, r)),
            }
        }
        merged
    }

    /// Every rule's matches by its own `find_iter`, no prefilter: what
    /// [`Rules::matches_per_rule`] must give.
    #[cfg(test)]
    pub(super) fn matches_per_rule_unfiltered(&self, text: &str) -> Vec<(usize, Vec<(usize, usize)>)> {
        (0..self.rules.len())
            .map(|ri| {
                let found = self.rules[ri].re.find_iter(text).map(|m| (m.start(), m.end()));
                (ri, found.collect::<Vec<_>>())
            })
            .filter(|(_, m)| !m.is_empty())
            .collect()
    }

    /// Number of rules tried on every text (no fragment found).
    #[cfg(test)]
    pub(super) fn without_fragments(&self) -> usize {
        self.prefilter.always.len()
    }
}

/// The sentence of `text[line_start..line_end]` holding `ms..me`: after the last 。！？ before it,
/// through the first one after it (or the line's end). A sentence is looked for at most
/// [`LONG_LINE`] bytes either side; without an end there, only the match itself goes, so
/// many matches on one long line stay linear.
fn sentence_around(text: &str, line_start: usize, line_end: usize, ms: usize, me: usize) -> (usize, usize) {
    let is_end = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?');
    let mut lo = ms.saturating_sub(LONG_LINE).max(line_start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (me + LONG_LINE).min(line_end);
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let s = text[lo..ms]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_end(c))
        .map(|(i, c)| lo + i + c.len_utf8())
        .or((lo == line_start).then_some(line_start));
    let e = text[me..hi]
        .char_indices()
        .find(|&(_, c)| is_end(c))
        .map(|(i, c)| me + i + c.len_utf8())
        .or((hi == line_end).then_some(line_end));
    match (s, e) {
        (Some(s), Some(e)) => (s, e),
        _ => (ms, me),
    }
}
