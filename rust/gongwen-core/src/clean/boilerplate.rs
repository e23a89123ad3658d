//! Boilerplate rule sets: parsing, and finding what they remove from a text.
//!
//! Each rule's matches are those of its regex's `find_iter` over the whole text, found
//! without reading the text once per rule (see [`super::filter`]):
//!
//! - A rule anchored at line starts (`^HEAD`, `^\s*HEAD`, HEAD on one line and starting with
//!   known strings, `首页`, `当前位置`...) is tried, anchored, only at the line starts where its
//!   HEAD can start; after `^\s*`, once per run of blank lines, at its first line start not
//!   excluded: a match from a later line start of the run is also a match from there (`\s*`
//!   reads the blanks between), so one try answers for the whole run, and the lines a try reads
//!   are the run and a bounded number of lines with text. (Trying every line start anchored, as
//!   before, read the rest of a run of blank lines from each of its lines: quadratic.)
//! - Any other rule is searched (its own `find_iter`, linear time) only in a text holding one
//!   of its literal fragments, which every match of it contains; a rule without fragments is
//!   searched in every text.
//!
//! So loading is linear in the number of rules, and a text costs a pass of the filters plus
//! the work of the rules that can match it.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex_automata::{meta, util::syntax, Anchored, Input};
use rustc_hash::FxHashMap;

use super::filter::{Filter, Filters};
use super::fragments::{first_chars, head_fragments, line_anchored, required_fragments};
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Line,
    Fragment,
    /// A line kind whose line also takes the rest of the text when that rest is a page's tail
    /// (see [`is_tail`]).
    Tail,
    /// [`Kind::Tail`] only where the rest is a page's tail (nothing elsewhere).
    End,
}

#[derive(Debug)]
pub(super) struct Rule {
    pub(super) kind: Kind,
    pub(super) name: String,
    pub(super) re: meta::Regex,
    filter: Filter,
}

/// A boilerplate rule set (see `data/clean/boilerplate.txt` for the format).
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Arc<Rule>>,
    pub(super) filters: Filters,
}

/// The rule set shipped with gongwen.
pub const DEFAULT_RULES: &str = include_str!("../../data/clean/boilerplate.txt");

/// Most tries of a rule tried by its first characters or its head's fragments in a text of `n`
/// bytes: `TRY_BUDGET.0 + n / TRY_BUDGET.1`; past it the rule is searched through the text.
const TRY_BUDGET: (usize, usize) = (64, 256);

/// Lines longer than this (bytes, about 300 Chinese characters) lose only the sentence a line
/// rule matches, not the whole line.
const LONG_LINE: usize = 900;

impl Rules {
    fn from_rules(rules: Vec<Arc<Rule>>) -> Rules {
        let filters: Vec<&Filter> = rules.iter().map(|r| &r.filter).collect();
        let filters = Filters::new(&filters);
        Rules { rules, filters }
    }

    /// Parse rules in the `KIND<TAB>NAME<TAB>PATTERN` format; `source` names the text in errors.
    /// Each pattern is also added in its Traditional forms (OpenCC s2t, s2tw, s2hk). A leading
    /// byte-order mark is ignored.
    pub fn parse(text: &str, source: &str) -> Result<Rules> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self::from_lines(crate::rulefile::table_lines(text), source)
    }

    /// [`Rules::parse`] of the file at `path` (UTF-8, a byte-order mark allowed): a file that
    /// cannot be read is [`Error::Io`], a bad line (bytes that are not UTF-8 included)
    /// [`Error::TableLine`] with the file and the line.
    pub fn from_file(path: &Path) -> Result<Rules> {
        let lines = crate::rulefile::read_rule_lines(path)?;
        Self::from_lines(lines.iter().map(|(n, l)| (*n, l.as_str())), &path.display().to_string())
    }

    fn from_lines<'a>(lines: impl Iterator<Item = (usize, &'a str)>, source: &str) -> Result<Rules> {
        let mut rules = Vec::new();
        for (lineno, line) in lines {
            let bad = |message: String| Error::TableLine {
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
                "tail" => Kind::Tail,
                "end" => Kind::End,
                other => {
                    return Err(bad(format!(
                        "kind must be `line`, `tail`, `end` or `fragment`, not {other:?}"
                    )))
                }
            };
            let alternatives = crate::convert::with_traditional_forms(pattern);
            let joined = alternatives
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let hir = regex_syntax::ParserBuilder::new()
                .multi_line(true)
                .case_insensitive(true)
                .build()
                .parse(&joined)
                .map_err(|e| bad(format!("invalid pattern: {e}")))?;
            let re = meta::Regex::builder()
                .syntax(syntax::Config::new().multi_line(true).case_insensitive(true))
                .configure(meta::Config::new().nfa_size_limit(Some(64 << 20)))
                .build_from_hir(&hir)
                .map_err(|e| match e.size_limit() {
                    Some(limit) => bad(format!("pattern too large: compiled, it exceeds {limit} bytes")),
                    None => bad(format!("invalid pattern: {e}")),
                })?;
            let filter = match line_anchored(&hir) {
                Some(a) => Filter::Line {
                    ws: a.ws,
                    prefixes: a.prefixes,
                },
                None => match first_chars(&hir) {
                    // A rule searched through the whole text whenever a fragment of it occurs
                    // somewhere (`年`, `-`) or always (no fragment) is tried instead at the
                    // lines that can start a match.
                    Some(chars) if kind != Kind::Fragment => Filter::First(chars),
                    _ => match head_fragments(&hir) {
                        Some(frags) => Filter::Head(frags),
                        None => required_fragments(&hir).map_or(Filter::Always, Filter::Fragments),
                    },
                },
            };
            rules.push(Arc::new(Rule {
                kind,
                name: name.to_string(),
                re,
                filter,
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
    /// out), by rule index: the rules the filters leave, those anchored at line starts tried
    /// only where the filters found their heads.
    pub(super) fn matches_per_rule(&self, text: &str) -> Vec<(usize, Vec<(usize, usize)>)> {
        let mut found = self.filters.find(text);
        // A try of a rule tried by its first characters or head fragments may read many lines
        // (`^\s*((下载|打印)\s*)*【…` over a run of `下载` lines): a rule with more tries than
        // [`TRY_BUDGET`] allows is searched through the text instead (its own `find_iter`,
        // linear), so a text made of such lines stays linear.
        let budget = TRY_BUDGET.0 + text.len() / TRY_BUDGET.1;
        let mut count: FxHashMap<u32, usize> = FxHashMap::default();
        for &(r, _, _) in &found.tries {
            if matches!(self.rules[r as usize].filter, Filter::First(_) | Filter::Head(_)) {
                *count.entry(r).or_default() += 1;
            }
        }
        let over: Vec<u32> = count.into_iter().filter(|&(_, n)| n > budget).map(|(r, _)| r).collect();
        if !over.is_empty() {
            found.tries.retain(|(r, _, _)| !over.contains(r));
            found.search.extend(over);
            found.search.sort_unstable();
        }
        let mut per_rule: Vec<(usize, Vec<(usize, usize)>)> = found
            .search
            .iter()
            .map(|&r| {
                let re = &self.rules[r as usize].re;
                (r as usize, re.find_iter(text).map(|m| (m.start(), m.end())).collect())
            })
            .collect();
        // Per rule: where its next match may start, and its matches.
        let mut line: FxHashMap<u32, (usize, Vec<(usize, usize)>)> = FxHashMap::default();
        let bytes = text.as_bytes();
        for (r, p, w) in found.tries {
            let rule = &self.rules[r as usize];
            let (open, found) = line.entry(r).or_default();
            // The line start to try, and past which line starts a failure there excludes.
            let (s, fail) = if p == w {
                (p, p)
            } else {
                // `^\s*`: every line start from `p` to `w` leads to `w`; the first not
                // excluded answers for all.
                let s = if *open <= p {
                    p
                } else if *open > w {
                    continue;
                } else if bytes[*open - 1] == b'\n' {
                    *open
                } else {
                    match memchr::memchr(b'\n', &bytes[*open..w]) {
                        Some(k) => *open + k + 1,
                        None => continue,
                    }
                };
                (s, w)
            };
            if s < *open {
                continue;
            }
            let input = Input::new(text).range(s..).anchored(Anchored::Yes);
            match rule.re.search(&input) {
                // Matches are never empty: the head starts with a non-empty string.
                Some(m) => {
                    found.push((m.start(), m.end()));
                    *open = m.end().max(s + 1);
                }
                None => *open = fail + 1,
            }
        }
        per_rule.extend(line.into_iter().map(|(r, (_, m))| (r as usize, m)));
        per_rule.retain(|(_, m)| !m.is_empty());
        per_rule
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
                    Kind::Line | Kind::Tail | Kind::End => {
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
                        let tail = rule.kind != Kind::Line && is_tail(line_start, &text[line_end..]);
                        if tail {
                            (line_start, text.len())
                        } else if rule.kind == Kind::End {
                            continue;
                        } else if line_end - line_start <= LONG_LINE {
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
        // Of removals starting together the longest comes first, so that it names the merged one.
        found.sort_unstable_by_key(|&(s, e, r)| (s, std::cmp::Reverse(e), r));
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

    /// Number of rules searched in every text (no fragment found).
    #[cfg(test)]
    pub(super) fn without_fragments(&self) -> usize {
        self.rules.iter().filter(|r| matches!(r.filter, Filter::Always)).count()
    }

    /// Number of rules tried only at line starts.
    #[cfg(test)]
    pub(super) fn anchored(&self) -> usize {
        self.rules
            .iter()
            .filter(|r| matches!(r.filter, Filter::Line { .. } | Filter::First(_) | Filter::Head(_)))
            .count()
    }
}

/// Most characters, lines with text, characters of one line, and sentences of the rest of a
/// text that a `tail` rule's line takes with it.
const TAIL_CHARS: usize = 1500;
const TAIL_LINES: usize = 40;
const TAIL_LINE: usize = 100;
const TAIL_SENTENCES: usize = 2;

/// Whether `rest` (what follows a `tail` rule's line to the end of the text, which has
/// `before` bytes before that line) is a page's tail: at most [`TAIL_CHARS`] characters in at
/// most [`TAIL_LINES`] lines with text, none longer than [`TAIL_LINE`] characters, at most
/// [`TAIL_SENTENCES`] lines that are sentences (20 characters or more, ending with 。！？), and
/// no more than half as long as the text before it: related headlines, share widgets, a
/// licence notice cut into lines by its links, and no paragraph of a report. Reads at most
/// `4 * TAIL_CHARS` bytes.
fn is_tail(before: usize, rest: &str) -> bool {
    if rest.len() > 4 * TAIL_CHARS || 2 * rest.len() > before || rest.chars().count() > TAIL_CHARS {
        return false;
    }
    let (mut lines, mut sentences) = (0, 0);
    for line in rest.lines() {
        let line = line.trim();
        let n = line.chars().count();
        if n > TAIL_LINE {
            return false;
        }
        lines += usize::from(n > 0);
        sentences += usize::from(n >= 20 && line.ends_with(['。', '！', '？', '!', '?']));
    }
    lines <= TAIL_LINES && sentences <= TAIL_SENTENCES
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
