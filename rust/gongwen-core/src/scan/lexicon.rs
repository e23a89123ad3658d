//! Keyword lexicons: how often a document uses the terms of a topic (attention indices).
//!
//! Political scientists and economists measure the attention a government gives a topic by
//! the share of its report's words that belong to a lexicon (environment, digital economy,
//! ...). A [`Lexicon`] is a named list of terms; a [`LexiconSet`] compiles several once and
//! counts them in any number of documents, from any number of threads, in two ways:
//!
//! - **token** ([`LexiconSet::count_words`], [`LexiconSet::count_spans`], [`Tally::add_token`]):
//!   a term counts when a token of the segmented text equals it. The terms are first added to
//!   the segmenter's dictionary ([`LexiconSet::add_to_segmenter`], as `jieba.add_word(term)`
//!   does), so that they stay whole. This is what the economics literature computes.
//! - **substring** ([`LexiconSet::count_substrings`], [`Tally::add_substrings`]): one
//!   Aho-Corasick automaton over every term of every lexicon scans the text, counting either
//!   every occurrence, overlaps included ([`MatchKind::Overlapping`]), or the non-overlapping
//!   leftmost-longest ones ([`MatchKind::LeftmostLongest`]).
//!
//! A term that belongs to two lexicons counts for both. Each result ([`LexiconCount`]) holds the
//! count of every term, the total, the document's word count (its number of tokens, given by
//! the caller or counted from the tokens) and the share `total / words` (0 when there are no
//! words).
//!
//! ```
//! use gongwen_core::scan::lexicon::{Lexicon, LexiconSet, MatchKind};
//!
//! let env = Lexicon::new("environment", ["环保", "污染", "污染防治"]).unwrap();
//! let set = LexiconSet::new(vec![env]).unwrap();
//! let text = "加强污染防治和环保督察";
//! let r = set.count_substrings(text, MatchKind::LeftmostLongest, 6).unwrap();
//! assert_eq!(r[0].counts, [1, 0, 1]);
//! let r = set.count_substrings(text, MatchKind::Overlapping, 6).unwrap();
//! assert_eq!(r[0].counts, [1, 1, 1]);
//! assert_eq!(r[0].total, 3);
//! assert_eq!(r[0].share, 0.5);
//! ```

use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::segment::Segmenter;

/// A named list of terms.
///
/// Terms are trimmed of surrounding whitespace; empty terms are skipped and a repeated term is
/// kept once, at its first position, so `terms()` is the list in first-seen order without
/// duplicates. A term with whitespace inside is an error (a segmenter never yields such a
/// token, and it is usually a jieba user-dictionary line `word freq tag` given by mistake). A
/// lexicon must keep at least one term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexicon {
    name: String,
    terms: Vec<String>,
}

/// The reason a term cannot be used, if any (after trimming).
fn bad_term(term: &str) -> Option<String> {
    term.chars()
        .any(char::is_whitespace)
        .then(|| format!("term {term:?} contains whitespace (one term a line, without frequency or tag)"))
}

impl Lexicon {
    /// A lexicon from a list of terms (trimmed, empty ones skipped, duplicates merged).
    pub fn new<S: AsRef<str>>(name: impl Into<String>, terms: impl IntoIterator<Item = S>) -> Result<Self> {
        let name = name.into();
        let mut lex = Lexicon {
            name,
            terms: Vec::new(),
        };
        let mut seen: FxHashMap<String, ()> = FxHashMap::default();
        for (i, t) in terms.into_iter().enumerate() {
            let t = t.as_ref().trim();
            if t.is_empty() {
                continue;
            }
            if let Some(msg) = bad_term(t) {
                return Err(Error::InvalidArgument(format!(
                    "lexicon {:?}, term {i}: {msg}",
                    lex.name
                )));
            }
            if seen.insert(t.to_string(), ()).is_none() {
                lex.terms.push(t.to_string());
            }
        }
        if lex.terms.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "lexicon {:?} has no terms (empty terms are skipped)",
                lex.name
            )));
        }
        Ok(lex)
    }

    /// A lexicon from the text of a lexicon file: one term a line, `#` starts a comment that
    /// runs to the end of the line (so a term cannot contain `#`), blank lines are ignored, a
    /// leading BOM is dropped. `source`
    /// names the text in errors (a path, usually).
    pub fn parse(name: impl Into<String>, text: &str, source: &str) -> Result<Self> {
        Self::parse_bytes(name.into(), text.as_bytes(), source)
    }

    /// [`Lexicon::parse`] of the file at `path`, which must be UTF-8.
    pub fn from_file(name: impl Into<String>, path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse_bytes(name.into(), &bytes, &path.display().to_string())
    }

    fn parse_bytes(name: String, bytes: &[u8], source: &str) -> Result<Self> {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let mut terms = Vec::new();
        for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let bad = |message: String| Error::TableLine {
                path: source.to_string(),
                line: i + 1,
                message,
            };
            let line = std::str::from_utf8(raw).map_err(|e| bad(format!("not valid UTF-8 ({e})")))?;
            let term = line.split_once('#').map_or(line, |(t, _)| t).trim();
            if term.is_empty() {
                continue;
            }
            if let Some(msg) = bad_term(term) {
                return Err(bad(msg));
            }
            terms.push(term);
        }
        if terms.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "lexicon {name:?} from {source} has no terms (only comments or blank lines)"
            )));
        }
        Self::new(name, terms)
    }

    /// The lexicon's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The terms, in first-seen order, without duplicates.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// How substring mode matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Every occurrence of every term, overlaps included: in 污染防治, both 污染 and 污染防治.
    Overlapping,
    /// Scanning left to right, the longest term starting at the leftmost match, then on after
    /// it: in 污染防治, only 污染防治.
    LeftmostLongest,
}

/// The counts of one lexicon in one document.
#[derive(Clone, Debug, PartialEq)]
pub struct LexiconCount {
    /// The count of each term, aligned with [`Lexicon::terms`].
    pub counts: Vec<u64>,
    /// The sum of `counts`.
    pub total: u64,
    /// The document's word (token) count.
    pub words: u64,
    /// `total / words`, 0.0 when `words` is 0.
    pub share: f64,
}

/// Several lexicons compiled for counting: a table of their distinct terms, a hash index for
/// token mode and (built on first use) the Aho-Corasick automata for substring mode. Immutable
/// and `Send + Sync`: build it once and share it across threads.
pub struct LexiconSet {
    lexicons: Vec<Lexicon>,
    /// The distinct terms of all lexicons.
    terms: Vec<Box<str>>,
    /// `owners[owner_start[t]..owner_start[t + 1]]`: (lexicon, term index) pairs of term `t`.
    owner_start: Vec<u32>,
    owners: Vec<(u32, u32)>,
    index: FxHashMap<Box<str>, u32>,
    /// The terms of at most 16 bytes again, for the lookup of every token in token mode.
    short: ShortIndex,
    /// Byte lengths of the shortest and longest term: tokens outside skip the hash lookup.
    min_len: usize,
    max_len: usize,
    overlapping: OnceLock<std::result::Result<AhoCorasick, String>>,
    leftmost_longest: OnceLock<std::result::Result<AhoCorasick, String>>,
}

impl std::fmt::Debug for LexiconSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LexiconSet")
            .field("lexicons", &self.lexicons.iter().map(|l| l.name()).collect::<Vec<_>>())
            .field("distinct_terms", &self.terms.len())
            .finish()
    }
}

impl LexiconSet {
    /// Compile `lexicons`. Names must be distinct; the set may be empty (every count is then
    /// an empty list).
    pub fn new(lexicons: Vec<Lexicon>) -> Result<Self> {
        let mut names: FxHashMap<&str, ()> = FxHashMap::default();
        for l in &lexicons {
            if names.insert(l.name(), ()).is_some() {
                return Err(Error::InvalidArgument(format!("two lexicons are named {:?}", l.name())));
            }
        }
        let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut pairs: Vec<(u32, (u32, u32))> = Vec::new();
        for (li, lex) in lexicons.iter().enumerate() {
            for (ti, term) in lex.terms.iter().enumerate() {
                let id = *index.entry(term.as_str().into()).or_insert_with(|| {
                    terms.push(term.as_str().into());
                    (terms.len() - 1) as u32
                });
                pairs.push((id, (li as u32, ti as u32)));
            }
        }
        pairs.sort_unstable();
        let mut owner_start = Vec::with_capacity(terms.len() + 1);
        let mut owners = Vec::with_capacity(pairs.len());
        for (id, owner) in pairs {
            while owner_start.len() <= id as usize {
                owner_start.push(owners.len() as u32);
            }
            owners.push(owner);
        }
        owner_start.push(owners.len() as u32);
        let min_len = terms.iter().map(|t| t.len()).min().unwrap_or(0);
        let max_len = terms.iter().map(|t| t.len()).max().unwrap_or(0);
        let short = ShortIndex::new(terms.iter().enumerate().map(|(id, t)| (t.as_bytes(), id as u32)));
        Ok(LexiconSet {
            lexicons,
            terms,
            owner_start,
            owners,
            index,
            short,
            min_len,
            max_len,
            overlapping: OnceLock::new(),
            leftmost_longest: OnceLock::new(),
        })
    }

    /// The lexicons, in the order results are given.
    pub fn lexicons(&self) -> &[Lexicon] {
        &self.lexicons
    }

    /// The distinct terms of all lexicons, in first-seen order.
    pub fn distinct_terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| &**t)
    }

    /// Add every distinct term to `seg`'s dictionary as `jieba.add_word(term)` does (frequency
    /// from `suggest_freq`, no tag), lexicon by lexicon in order, so token mode sees each term
    /// whole. Use a [`Segmenter::fork`] to leave the original untouched.
    pub fn add_to_segmenter(&self, seg: &Segmenter) -> Result<()> {
        for lex in &self.lexicons {
            for (i, t) in lex.terms().iter().enumerate() {
                crate::segment::check_word(t, || format!("lexicon {:?}, term {i}", lex.name()))?;
            }
        }
        seg.add_words(self.distinct_terms())
    }

    /// The automaton for `kind`, built on first use.
    fn automaton(&self, kind: MatchKind) -> Result<&AhoCorasick> {
        let (cell, mk) = match kind {
            MatchKind::Overlapping => (&self.overlapping, aho_corasick::MatchKind::Standard),
            MatchKind::LeftmostLongest => (&self.leftmost_longest, aho_corasick::MatchKind::LeftmostLongest),
        };
        cell.get_or_init(|| {
            let mut b = AhoCorasickBuilder::new();
            b.match_kind(mk);
            // A DFA is the fastest to search; above a few thousand terms its memory grows
            // large and the contiguous NFA is the better trade.
            if self.terms.len() <= 5_000 {
                b.kind(Some(AhoCorasickKind::DFA));
            }
            // Measured on the seed corpus with 2,000 terms (benches/python/report_lexicon.py):
            // Chinese text is dense in the first bytes of terms, so the prefilter rarely skips
            // anything; it still helped the overlapping search a little but slowed the
            // leftmost-longest one by about a sixth.
            b.prefilter(kind == MatchKind::Overlapping);
            b.build(self.terms.iter().map(|t| t.as_bytes()))
                .or_else(|_| {
                    b.kind(None);
                    b.build(self.terms.iter().map(|t| t.as_bytes()))
                })
                .map_err(|e| format!("cannot compile the lexicons for substring matching: {e}"))
        })
        .as_ref()
        .map_err(|e| Error::InvalidArgument(e.clone()))
    }

    /// Compile the automaton for `kind` now (it is otherwise built on first use), to report
    /// an error before any document is read.
    pub fn prepare(&self, kind: MatchKind) -> Result<()> {
        self.automaton(kind).map(|_| ())
    }

    /// An empty tally for one document.
    pub fn tally(&self) -> Tally<'_> {
        Tally {
            set: self,
            counts: vec![0; self.terms.len()],
            tokens: 0,
        }
    }

    /// Token mode over a document's tokens: `words` is the number of tokens.
    pub fn count_words<'t>(&self, tokens: impl IntoIterator<Item = &'t str>) -> Vec<LexiconCount> {
        let mut t = self.tally();
        for tok in tokens {
            t.add_token(tok);
        }
        t.finish(None)
    }

    /// Token mode over the byte spans of `text`'s tokens (as [`crate::segment::Token`] gives):
    /// `words` is the number of spans.
    pub fn count_spans(&self, text: &str, spans: impl IntoIterator<Item = (usize, usize)>) -> Vec<LexiconCount> {
        self.count_words(spans.into_iter().map(|(a, b)| &text[a..b]))
    }

    /// Substring mode over `text`; `words` is the document's word count, for the share. Fails
    /// only if the automaton cannot be built (see [`LexiconSet::prepare`]).
    pub fn count_substrings(&self, text: &str, kind: MatchKind, words: u64) -> Result<Vec<LexiconCount>> {
        let mut t = self.tally();
        t.add_substrings(text, kind)?;
        Ok(t.finish(Some(words)))
    }
}

/// The longest term, in bytes, that [`ShortIndex`] holds: every Chinese word of up to five
/// characters.
const SHORT: usize = 16;

/// The terms of at most [`SHORT`] bytes, for token mode, where every token of a document is
/// looked up. A term is known by its length and two integers read from its bytes (the first
/// and the last 8, 4 or 1-3 bytes, which together cover all of them), so a lookup is two
/// loads, a multiply and integer compares in an open-addressed table: no hashing loop over
/// the bytes and no `memcmp`, which were most of the cost of an `FxHashMap<Box<str>, _>`
/// lookup per token.
struct ShortIndex {
    slots: Box<[ShortSlot]>,
    /// `64 - log2(slots.len())`: the hash's top bits index the table.
    shift: u32,
    /// Every key hashes to slot 0, so that lookups meet every other key (a test of the
    /// compares).
    #[cfg(test)]
    collide: bool,
}

#[derive(Clone, Copy)]
struct ShortSlot {
    lo: u64,
    hi: u64,
    len: u32,
    /// The term's id; [`ShortSlot::EMPTY`] for a free slot.
    id: u32,
}

impl ShortSlot {
    const EMPTY: u32 = u32::MAX;
}

/// Two integers that, with the length, identify a string of at most [`SHORT`] bytes.
#[inline(always)]
fn short_key(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    debug_assert!(n <= SHORT);
    let word8 = |s: &[u8]| u64::from_le_bytes(s.try_into().expect("8 bytes"));
    let word4 = |s: &[u8]| u64::from(u32::from_le_bytes(s.try_into().expect("4 bytes")));
    if n >= 8 {
        (word8(&b[..8]), word8(&b[n - 8..]))
    } else if n >= 4 {
        (word4(&b[..4]), word4(&b[n - 4..]))
    } else if n > 0 {
        (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    }
}

impl ShortIndex {
    fn new<'t>(terms: impl Iterator<Item = (&'t [u8], u32)>) -> Self {
        Self::build(terms, false)
    }

    fn build<'t>(terms: impl Iterator<Item = (&'t [u8], u32)>, collide: bool) -> Self {
        let _ = collide;
        let terms: Vec<(&[u8], u32)> = terms.filter(|(t, _)| t.len() <= SHORT).collect();
        // At most half full, so that a miss (most tokens) ends after a probe or two.
        let size = (2 * terms.len()).next_power_of_two().max(16);
        let mut index = ShortIndex {
            slots: vec![
                ShortSlot {
                    lo: 0,
                    hi: 0,
                    len: 0,
                    id: ShortSlot::EMPTY,
                };
                size
            ]
            .into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            #[cfg(test)]
            collide,
        };
        let mask = size - 1;
        for (t, id) in terms {
            let (lo, hi) = short_key(t);
            let mut i = index.home(lo, hi, t.len());
            // The terms are distinct, so each takes a free slot.
            while index.slots[i].id != ShortSlot::EMPTY {
                i = (i + 1) & mask;
            }
            index.slots[i] = ShortSlot {
                lo,
                hi,
                len: t.len() as u32,
                id,
            };
        }
        index
    }

    #[inline(always)]
    fn home(&self, lo: u64, hi: u64, len: usize) -> usize {
        #[cfg(test)]
        if self.collide {
            return 0;
        }
        let h = (lo ^ hi.rotate_left(31) ^ (len as u64) << 58).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> self.shift) as usize
    }

    /// The id of the term `b` (at most [`SHORT`] bytes), if it is one.
    #[inline(always)]
    fn get(&self, b: &[u8]) -> Option<u32> {
        let (lo, hi) = short_key(b);
        let mask = self.slots.len() - 1;
        let mut i = self.home(lo, hi, b.len());
        loop {
            let s = &self.slots[i];
            if s.id == ShortSlot::EMPTY {
                return None;
            }
            if s.lo == lo && s.hi == hi && s.len as usize == b.len() {
                return Some(s.id);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The counts of one document in progress: feed it tokens (token mode) or text (substring
/// mode) in any order and amount, then [`Tally::finish`]. This lets a pipeline count while it
/// segments, in the same pass.
pub struct Tally<'s> {
    set: &'s LexiconSet,
    counts: Vec<u64>,
    tokens: u64,
}

impl Tally<'_> {
    /// Count one token (token mode): it matches a term it equals.
    #[inline]
    pub fn add_token(&mut self, token: &str) {
        self.tokens += 1;
        let set = self.set;
        if token.len() < set.min_len || token.len() > set.max_len {
            return;
        }
        let id = if token.len() <= SHORT {
            set.short.get(token.as_bytes())
        } else {
            set.index.get(token).copied()
        };
        if let Some(id) = id {
            self.counts[id as usize] += 1;
        }
    }

    /// Count the terms in `text` (substring mode). Tokens are not counted.
    pub fn add_substrings(&mut self, text: &str, kind: MatchKind) -> Result<()> {
        if self.set.terms.is_empty() || text.len() < self.set.min_len {
            return Ok(());
        }
        let ac = self.set.automaton(kind)?;
        let counts = &mut self.counts;
        match kind {
            MatchKind::Overlapping => {
                for m in ac.find_overlapping_iter(text) {
                    counts[m.pattern().as_usize()] += 1;
                }
            }
            MatchKind::LeftmostLongest => {
                for m in ac.find_iter(text) {
                    counts[m.pattern().as_usize()] += 1;
                }
            }
        }
        Ok(())
    }

    /// The number of tokens given to [`Tally::add_token`].
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// The result per lexicon, aligned with [`LexiconSet::lexicons`]; `words` defaults to the
    /// number of tokens added.
    pub fn finish(self, words: Option<u64>) -> Vec<LexiconCount> {
        let set = self.set;
        let words = words.unwrap_or(self.tokens);
        let mut out: Vec<LexiconCount> = set
            .lexicons
            .iter()
            .map(|l| LexiconCount {
                counts: vec![0; l.terms.len()],
                total: 0,
                words,
                share: 0.0,
            })
            .collect();
        for (id, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let (a, b) = (set.owner_start[id] as usize, set.owner_start[id + 1] as usize);
            for &(li, ti) in &set.owners[a..b] {
                let r = &mut out[li as usize];
                r.counts[ti as usize] = c;
                r.total += c;
            }
        }
        for r in &mut out {
            r.share = if words == 0 { 0.0 } else { r.total as f64 / words as f64 };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Mode;

    fn brute_overlapping(text: &str, term: &str) -> u64 {
        (0..text.len())
            .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(term))
            .count() as u64
    }

    #[test]
    fn short_index_finds_exactly_the_terms() {
        use crate::test_rng::Rng;
        let pieces = ["环", "保", "污染", "a", "ab", "\0", "é", "低碳发展", "x", "𠀀", " "];
        let mut rng = Rng(0x5eed_1e81);
        let mut terms: Vec<String> = Vec::new();
        let mut probes: Vec<String> = vec![String::new()];
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..1 + rng.below(8) {
                s.push_str(rng.pick(&pieces));
            }
            if rng.below(3) == 0 {
                terms.push(s.clone());
            }
            probes.push(s);
        }
        terms.sort();
        terms.dedup();
        let short = ShortIndex::new(terms.iter().enumerate().map(|(i, t)| (t.as_bytes(), i as u32)));
        let mut hits = 0;
        for p in probes.iter().chain(&terms).filter(|p| p.len() <= SHORT) {
            let want = terms.binary_search(p).ok().map(|i| i as u32);
            assert_eq!(short.get(p.as_bytes()), want, "{p:?}");
            hits += usize::from(want.is_some());
        }
        // Every length up to SHORT is tried, and most short terms are found twice (as a probe
        // and as a term).
        let lengths: std::collections::BTreeSet<usize> =
            terms.iter().map(|t| t.len()).filter(|&n| n <= SHORT).collect();
        assert_eq!(lengths.len(), SHORT, "{lengths:?}");
        assert!(hits > terms.iter().filter(|t| t.len() <= SHORT).count(), "{hits}");
        // Strings of `a` and `b` share their keys across lengths (`ab` and `abb`; `a` * 9 and
        // `a` * 10): only the length tells them apart when they meet in a probe chain, as all
        // keys do when they all hash to one slot.
        let all: Vec<String> = (1..=SHORT)
            .flat_map(|n| {
                (0..1u32 << n.min(7)).map(move |bits| {
                    (0..n)
                        .map(|k| if bits >> (k % 7) & 1 == 1 { 'b' } else { 'a' })
                        .collect()
                })
            })
            .collect();
        let terms: Vec<&String> = all.iter().filter(|t| t.len() % 2 == 1).collect();
        for collide in [false, true] {
            let short = ShortIndex::build(terms.iter().enumerate().map(|(i, t)| (t.as_bytes(), i as u32)), collide);
            for p in &all {
                let want = terms.iter().position(|t| *t == p).map(|i| i as u32);
                assert_eq!(short.get(p.as_bytes()), want, "{p:?}");
            }
        }
    }

    #[test]
    fn lexicon_trims_skips_empty_and_merges_duplicates() {
        let l = Lexicon::new("x", [" 环保 ", "", "污染", "环保", "  ", "污染"]).unwrap();
        assert_eq!(l.terms(), ["环保", "污染"]);
        assert!(matches!(Lexicon::new("x", ["", " "]), Err(Error::InvalidArgument(_))));
        assert!(matches!(
            Lexicon::new("x", Vec::<String>::new()),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            Lexicon::new("x", ["节能 3 n"]),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn lexicon_file_grammar() {
        let l = Lexicon::parse(
            "env",
            "\u{feff}# header\n环保\n\n  污染 # inline\r\n#x\n环保\n低碳",
            "env.txt",
        )
        .unwrap();
        assert_eq!(l.terms(), ["环保", "污染", "低碳"]);
        assert!(matches!(
            Lexicon::parse("env", "# only comments\n\n", "env.txt"),
            Err(Error::InvalidArgument(_))
        ));
        match Lexicon::parse("env", "环保\n节能 5 n\n", "env.txt") {
            Err(Error::TableLine { path, line, .. }) => assert_eq!((path.as_str(), line), ("env.txt", 2)),
            other => panic!("{other:?}"),
        }
        match Lexicon::parse_bytes("env".into(), b"ok\n\xff\xfe\n", "bad.txt") {
            Err(Error::TableLine { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        match Lexicon::from_file("x", Path::new("/nonexistent/lexicon.txt")) {
            Err(Error::Io { source, .. }) => assert_eq!(source.kind(), std::io::ErrorKind::NotFound),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_lexicon_names_are_rejected() {
        let a = Lexicon::new("a", ["x"]).unwrap();
        assert!(LexiconSet::new(vec![a.clone(), a]).is_err());
    }

    #[test]
    fn substring_counts_match_brute_force() {
        let terms = ["污染", "污染防治", "防治", "治", "大气污染", "a", "aa"];
        let set = LexiconSet::new(vec![Lexicon::new("t", terms).unwrap()]).unwrap();
        let text = "大气污染防治，防治水污染。aaa 治污染防治";
        let r = &set.count_substrings(text, MatchKind::Overlapping, 10).unwrap()[0];
        let want: Vec<u64> = terms.iter().map(|t| brute_overlapping(text, t)).collect();
        assert_eq!(r.counts, want);
        assert_eq!(r.total, want.iter().sum::<u64>());
        assert_eq!(r.share, r.total as f64 / 10.0);

        let r = &set.count_substrings(text, MatchKind::LeftmostLongest, 0).unwrap()[0];
        // 大气污染 | 防治 | 防治 | 污染 | aa | 治 | 污染防治; the third a alone is "a".
        assert_eq!(r.counts, [1, 1, 2, 1, 1, 1, 1]);
        assert_eq!(r.share, 0.0);
    }

    #[test]
    fn a_term_in_two_lexicons_counts_for_both() {
        let set = LexiconSet::new(vec![
            Lexicon::new("a", ["绿色", "低碳"]).unwrap(),
            Lexicon::new("b", ["数字", "绿色"]).unwrap(),
        ])
        .unwrap();
        let r = set.count_words(["绿色", "发展", "数字", "绿色"]);
        assert_eq!(r[0].counts, [2, 0]);
        assert_eq!(r[1].counts, [1, 2]);
        assert_eq!((r[0].words, r[1].total), (4, 3));
        assert_eq!(r[0].share, 0.5);
        let r = set
            .count_substrings("绿色低碳数字化", MatchKind::Overlapping, 3)
            .unwrap();
        assert_eq!((r[0].total, r[1].total), (2, 2));
    }

    #[test]
    fn empty_text_and_empty_set() {
        let set = LexiconSet::new(vec![Lexicon::new("a", ["绿色"]).unwrap()]).unwrap();
        let r = &set.count_words([])[0];
        assert_eq!((r.total, r.words, r.share), (0, 0, 0.0));
        let r = &set.count_substrings("", MatchKind::Overlapping, 0).unwrap()[0];
        assert_eq!(r.counts, [0]);
        let empty = LexiconSet::new(vec![]).unwrap();
        assert!(empty
            .count_substrings("绿色", MatchKind::LeftmostLongest, 1)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn token_mode_keeps_terms_whole_on_a_fork() {
        let set = LexiconSet::new(vec![Lexicon::new("env", ["秸秆禁烧", "河长制"]).unwrap()]).unwrap();
        let text = "全面推行河长制，落实秸秆禁烧。";
        let base = Segmenter::new();
        let seg = base.fork();
        set.add_to_segmenter(&seg).unwrap();
        let mut spans = Vec::new();
        seg.snapshot()
            .cut_with(text, Mode::Default { hmm: true }, |t| spans.push((t.start, t.end)));
        let r = &set.count_spans(text, spans.iter().copied())[0];
        assert_eq!(r.counts, [1, 1]);
        assert_eq!(r.words, spans.len() as u64);
        // The original segmenter is untouched.
        assert!(!base.cut(text, true).contains(&"秸秆禁烧"));
    }
}
