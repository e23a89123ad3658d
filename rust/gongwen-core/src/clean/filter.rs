//! Which boilerplate rules can match a text, and where the rules anchored at line starts can,
//! in time linear in the text and independent of the number of rules that do not occur.
//!
//! - A rule not anchored at line starts is a candidate when one of its fragments occurs in the
//!   text: a packed (Teddy, SIMD) search finds where some fragment starts, an automaton anchored
//!   there tells which ones (one automaton pass over the whole text when there are too many
//!   fragments to pack).
//! - A rule anchored at line starts is tried where one of its prefixes starts a line (`^HEAD`)
//!   or, after `^\s*`, the first text after a line start: an anchored automaton step at each
//!   line start, and for `^\s*` once per run of blank lines (every line start of the run leads
//!   to the same text).

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{packed, AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use rustc_hash::{FxHashMap, FxHashSet};

use super::fragments::{in_class, whitespace_class};

/// How a rule is filtered.
#[derive(Debug)]
pub(super) enum Filter {
    /// Searched in every text.
    Always,
    /// A candidate when one of these (ASCII lower-cased) occurs.
    Fragments(Vec<Vec<u8>>),
    /// Tried at line starts where one of `prefixes` starts the line, or (`ws`) the first text
    /// after it.
    Line { ws: bool, prefixes: Vec<Vec<u8>> },
    /// `^\s*...`: tried at the first line start of a run leading (through whitespace) to one of
    /// these characters (see `fragments::first_chars`).
    First(Vec<char>),
    /// `^HEAD...`: tried at the start of each line holding one of these (ASCII lower-cased) in
    /// HEAD's reach (see `fragments::head_fragments`).
    Head(Vec<Vec<u8>>),
}

/// Strings, each leading to the rules (indices) that hold it, in one automaton.
#[derive(Debug)]
struct Table {
    automaton: AhoCorasick,
    /// The pairs of leading bytes a string can start with (both ASCII cases; a string of one
    /// byte with every second byte), a bit each: [`Table::at`] skips the automaton where none
    /// starts (at most line starts, on Chinese text, begin a string of the table).
    lead: Box<[u64; 1024]>,
    /// The strings of one byte, by that byte.
    single: [bool; 256],
    /// The rules of string `k`: `rules[starts[k]..starts[k + 1]]`.
    starts: Vec<usize>,
    rules: Vec<u32>,
}

/// Strings of at most this many bytes in all make a DFA (faster than the default NFA on
/// Chinese text, whose bytes defeat the automaton's own prefilters).
const DFA_BYTES: usize = 16 * 1024;

impl Table {
    /// `None` without strings, or when the automaton cannot be built (then the rules fall back
    /// to being searched in every text).
    fn new(mut pairs: Vec<(&[u8], u32)>, start: StartKind) -> Result<Option<Table>, Vec<u32>> {
        if pairs.is_empty() {
            return Ok(None);
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut starts = vec![0];
        let mut rules = Vec::with_capacity(pairs.len());
        for (s, r) in &pairs {
            if patterns.last() != Some(s) {
                patterns.push(s);
                starts.push(rules.len());
            }
            rules.push(*r);
            *starts.last_mut().expect("pushed") = rules.len();
        }
        let bytes: usize = patterns.iter().map(|p| p.len()).sum();
        let built = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .start_kind(start)
            .kind((bytes <= DFA_BYTES).then_some(AhoCorasickKind::DFA))
            .build(&patterns);
        let mut lead = Box::new([0u64; 1024]);
        let mut single = [false; 256];
        let cases = |b: u8| [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        for p in &patterns {
            for b0 in cases(p[0]) {
                match p.get(1) {
                    Some(&b1) => {
                        for b1 in cases(b1) {
                            let k = usize::from(b0) << 8 | usize::from(b1);
                            lead[k >> 6] |= 1 << (k & 63);
                        }
                    }
                    None => {
                        single[usize::from(b0)] = true;
                        for k in usize::from(b0) << 8..(usize::from(b0) + 1) << 8 {
                            lead[k >> 6] |= 1 << (k & 63);
                        }
                    }
                }
            }
        }
        match built {
            Ok(automaton) => Ok(Some(Table {
                automaton,
                lead,
                single,
                starts,
                rules,
            })),
            Err(_) => Err(pairs.into_iter().map(|(_, r)| r).collect()),
        }
    }

    fn rules_of(&self, k: usize) -> &[u32] {
        &self.rules[self.starts[k]..self.starts[k + 1]]
    }

    /// The rules of every string that starts at `at` (an anchored search; the automaton also
    /// reports the strings that end a string starting there, which are left out).
    fn at(&self, text: &str, at: usize, mut f: impl FnMut(&[u32], usize)) {
        let starts = match text.as_bytes()[at..] {
            [b0, b1, ..] => {
                let k = usize::from(b0) << 8 | usize::from(b1);
                self.lead[k >> 6] & (1 << (k & 63)) != 0
            }
            [b0] => self.single[usize::from(b0)],
            [] => false,
        };
        if !starts {
            return;
        }
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        loop {
            self.automaton.find_overlapping(input.clone(), &mut state);
            let Some(m) = state.get_match() else { break };
            if m.start() == at {
                let k = m.pattern().as_usize();
                f(self.rules_of(k), k);
            }
        }
    }
}

/// The filters of a rule set.
#[derive(Debug)]
pub(super) struct Filters {
    /// Rules searched in every text.
    always: Vec<u32>,
    /// Fragments of the rules not anchored at line starts, and a packed searcher over them if
    /// there are few enough.
    fragments: Option<Table>,
    packed: Option<packed::Searcher>,
    /// Prefixes of the rules anchored at line starts: `^HEAD`, and `^\s*HEAD`.
    line: Option<Table>,
    ws_line: Option<Table>,
    /// Rules tried where the first text after a run of line starts is one of their first
    /// characters: by character.
    first: FxHashMap<char, Vec<u32>>,
    /// Whether rule `r` is tried at the lines holding its fragments ([`Filter::Head`]).
    head: Vec<bool>,
}

/// What the filters found in a text.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Rules to search the whole text with, in index order.
    pub(super) search: Vec<u32>,
    /// Tries of rules anchored at line starts, in text order: `(rule, line start, text start)`,
    /// the text start being the first character after the line start that is not whitespace
    /// (`^\s*` rules, for all the line starts up to it) or the line start itself.
    pub(super) tries: Vec<(u32, usize, usize)>,
}

impl Filters {
    pub(super) fn new(filters: &[&Filter]) -> Filters {
        let mut always = Vec::new();
        let (mut frags, mut line, mut ws_line) = (Vec::new(), Vec::new(), Vec::new());
        let mut first: FxHashMap<char, Vec<u32>> = FxHashMap::default();
        for (r, f) in filters.iter().enumerate() {
            let r = r as u32;
            match f {
                Filter::Always => always.push(r),
                Filter::First(chars) => {
                    for &c in chars {
                        first.entry(c).or_default().push(r);
                    }
                }
                Filter::Fragments(set) | Filter::Head(set) => frags.extend(set.iter().map(|s| (s.as_slice(), r))),
                Filter::Line { ws, prefixes } => {
                    let into = if *ws { &mut ws_line } else { &mut line };
                    into.extend(prefixes.iter().map(|s| (s.as_slice(), r)));
                }
            }
        }
        let mut table = |pairs, start| match Table::new(pairs, start) {
            Ok(t) => t,
            Err(rules) => {
                always.extend(rules);
                None
            }
        };
        let fragments = table(frags, StartKind::Both);
        let line = table(line, StartKind::Anchored);
        let ws_line = table(ws_line, StartKind::Anchored);
        always.sort_unstable();
        always.dedup();
        // Teddy takes up to 64 strings, and does not fold case: the first [`LEAD`] characters of
        // each fragment in every ASCII case (where a fragment can start; the automaton then
        // tells which fragments start there).
        let packed = fragments.as_ref().and_then(|_| {
            let mut strings: Vec<Vec<u8>> = Vec::new();
            for f in filters {
                if let Filter::Fragments(set) | Filter::Head(set) = f {
                    for s in set {
                        strings.extend(ascii_cases(lead(s)));
                        if strings.len() > 8 * 64 {
                            return None;
                        }
                    }
                }
            }
            strings.sort_unstable();
            strings.dedup();
            if strings.len() > 64 {
                return None;
            }
            packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&strings)
                .build()
        });
        let head = filters.iter().map(|f| matches!(f, Filter::Head(_))).collect();
        Filters {
            always,
            fragments,
            packed,
            line,
            ws_line,
            first,
            head,
        }
    }

    /// The rules that can match `text`, and where those anchored at line starts can.
    pub(super) fn find(&self, text: &str) -> Found {
        let mut found = Found {
            search: self.always.clone(),
            tries: Vec::new(),
        };
        // Where fragments of [`Filter::Head`] rules start: (position, rule).
        let mut heads: Vec<(usize, u32)> = Vec::new();
        if let Some(table) = &self.fragments {
            let mut seen = FxHashSet::default();
            let mut mark = |rules: &[u32], k: usize, at: usize| {
                let first = seen.insert(k);
                for &r in rules {
                    if self.head[r as usize] {
                        heads.push((at, r));
                    } else if first {
                        found.search.push(r);
                    }
                }
            };
            match &self.packed {
                // Every place a fragment starts, then the fragments starting there.
                Some(packed) => {
                    let mut at = 0;
                    while let Some(m) = packed.find_in(text, aho_corasick::Span::from(at..text.len())) {
                        table.at(text, m.start(), |rules, k| mark(rules, k, m.start()));
                        at = m.start() + 1;
                    }
                }
                None => {
                    for m in table.automaton.find_overlapping_iter(text) {
                        let k = m.pattern().as_usize();
                        mark(table.rules_of(k), k, m.start());
                    }
                }
            }
        }
        if !heads.is_empty() {
            // The start of each line holding a fragment, once per rule, in text order.
            heads.sort_unstable();
            let bytes = text.as_bytes();
            let (mut from, mut line) = (0, 0);
            let mut starts: Vec<(u32, usize)> = heads
                .into_iter()
                .map(|(at, r)| {
                    if let Some(p) = memchr::memrchr(b'\n', &bytes[from..at]) {
                        line = from + p + 1;
                    }
                    from = at;
                    (r, line)
                })
                .collect();
            starts.sort_unstable();
            starts.dedup();
            found.tries.extend(starts.into_iter().map(|(r, p)| (r, p, p)));
        }
        found.search.sort_unstable();
        found.search.dedup();
        if self.line.is_some() || self.ws_line.is_some() || !self.first.is_empty() {
            self.line_tries(text, &mut found.tries);
        }
        found
    }

    fn line_tries(&self, text: &str, tries: &mut Vec<(u32, usize, usize)>) {
        let bytes = text.as_bytes();
        let ws = whitespace_class();
        // Line starts up to `run_end` lead to the text at `run_end` (checked already).
        let mut run_end: Option<usize> = None;
        let mut p = 0;
        loop {
            if let Some(t) = &self.line {
                t.at(text, p, |rules, _| tries.extend(rules.iter().map(|&r| (r, p, p))));
            }
            if (self.ws_line.is_some() || !self.first.is_empty()) && run_end.is_none_or(|e| p > e) {
                // The first character after `p` that is not whitespace.
                let mut w = p;
                let mut head = None;
                while let Some(c) = text[w..].chars().next() {
                    if !in_class(ws, c) {
                        head = Some(c);
                        break;
                    }
                    w += c.len_utf8();
                }
                run_end = Some(w);
                if let Some(t) = &self.ws_line {
                    if w < text.len() {
                        t.at(text, w, |rules, _| tries.extend(rules.iter().map(|&r| (r, p, w))));
                    }
                }
                if let Some(rules) = head.and_then(|c| self.first.get(&c)) {
                    tries.extend(rules.iter().map(|&r| (r, p, w)));
                }
            }
            match memchr::memchr(b'\n', &bytes[p..]) {
                Some(k) => p += k + 1,
                None => break,
            }
        }
    }
}

/// Characters of a fragment the packed searcher looks for.
const LEAD: usize = 3;

/// The first [`LEAD`] characters of `s` (bytes if it is not UTF-8).
fn lead(s: &[u8]) -> &[u8] {
    match std::str::from_utf8(s) {
        Ok(t) => {
            let end = t.char_indices().nth(LEAD).map_or(t.len(), |(i, _)| i);
            &s[..end]
        }
        Err(_) => &s[..s.len().min(LEAD)],
    }
}

/// `s` in every ASCII case.
fn ascii_cases(s: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::with_capacity(s.len())];
    for &b in s {
        if b.is_ascii_alphabetic() {
            let mut upper = out.clone();
            out.iter_mut().for_each(|v| v.push(b.to_ascii_lowercase()));
            upper.iter_mut().for_each(|v| v.push(b.to_ascii_uppercase()));
            out.extend(upper);
        } else {
            out.iter_mut().for_each(|v| v.push(b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fragments(sets: &[&[&str]]) -> Filters {
        let filters: Vec<Filter> = sets
            .iter()
            .map(|set| Filter::Fragments(set.iter().map(|s| s.as_bytes().to_vec()).collect()))
            .collect();
        Filters::new(&filters.iter().collect::<Vec<_>>())
    }

    #[test]
    fn overlapping_fragments_are_all_seen() {
        let f = fragments(&[&["ab"], &["bc"], &["c线"], &["zz"]]);
        assert!(f.packed.is_some());
        assert_eq!(f.find("xABc线").search, [0, 1, 2], "case folded, overlapping");
        let many: Vec<String> = (0..40u8)
            .map(|i| format!("{}{}x", (b'a' + i / 26) as char, (b'a' + i % 26) as char))
            .collect();
        let many: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        let f = fragments(&[&many, &["bc"], &["qrst"]]);
        assert!(f.packed.is_none(), "too many case variants to pack");
        assert_eq!(f.find("xARXc..QRST").search, [0, 2]);
    }

    #[test]
    fn line_tries_once_per_blank_run() {
        let filters = [
            Filter::Line {
                ws: true,
                prefixes: vec![b"menu".to_vec()],
            },
            Filter::Line {
                ws: false,
                prefixes: vec![b"menu".to_vec()],
            },
        ];
        let f = Filters::new(&filters.iter().collect::<Vec<_>>());
        let text = "a\n\n \nMenu\n\n menu x\nmenu";
        let found = f.find(text);
        let w = |s: &str| text.find(s).unwrap();
        assert_eq!(
            found.tries,
            [
                (0, 2, w("Menu")),
                (1, w("Menu"), w("Menu")),
                (0, w("Menu") + 5, w(" menu") + 1),
                (1, w("\nmenu") + 1, w("\nmenu") + 1),
                (0, w("\nmenu") + 1, w("\nmenu") + 1)
            ]
        );
    }
}
