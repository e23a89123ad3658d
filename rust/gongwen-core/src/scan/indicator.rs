//! Quantitative indicators: every quantity a report states, with what it measures and what it
//! means (the contract is `shared/spec/indicators.md`).
//!
//! The scanner walks the text once. At each character that can start a number (a digit, a
//! placeholder mark, a Chinese numeral) it reads the numeral grammar of [`super::number`], an
//! optional scale (万, 亿 ...), comparator words inside (余, 多), an optional range, and a unit
//! from the unit table; without a unit there is no indicator, which is what keeps dates
//! (2024年, 6月底), list markers (1. (一)) and codes (12345热线) out. Then it reads the
//! context: comparator words before and after, the stance cues of the clause and sentence and
//! the stance of the section, a change verb, the year of the sentence, and the metric phrase
//! before the number (trimmed with the tables and the segmenter's POS tags).
//!
//! Every table is data ([`IndicatorRules`], `data/scan/indicators.tsv`) that users extend. Each
//! lookup is a hash probe for a bounded number of word lengths, and each context read is
//! bounded by the sentence (at most [`MAX_CONTEXT`] characters either side), so scanning is
//! linear in the text whatever its content.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::number::{self, Number};
use crate::charset::CharSet;
use crate::convert::{push_chars, with_traditional_forms};
use crate::error::{Error, Result};
use crate::segment::Cutter;
use crate::structure::{self, Structure};

/// How far (characters) the context of an indicator reaches at most: its sentence, cut there.
pub const MAX_CONTEXT: usize = 160;
/// Longest metric phrase kept (characters); a longer one keeps its last words.
const MAX_METRIC: usize = 16;

/// How the stated number compares with the quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// Plain (达到, 完成, 共).
    Eq,
    /// At least (以上, 不低于, 超过, 余, 多).
    Ge,
    /// At most (以内, 以下, 不超过, 控制在…以内).
    Le,
    /// About (约, 左右, 近).
    Approx,
    /// A range (1-2个, 3至5家).
    Range,
}

impl Comparator {
    /// `"eq"`, `"ge"`, `"le"`, `"approx"` or `"range"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "eq",
            Comparator::Ge => "ge",
            Comparator::Le => "le",
            Comparator::Approx => "approx",
            Comparator::Range => "range",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "eq" => Comparator::Eq,
            "ge" => Comparator::Ge,
            "le" => Comparator::Le,
            "approx" => Comparator::Approx,
            "range" => Comparator::Range,
            _ => return None,
        })
    }
}

/// Whether the number sets a goal or reports what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stance {
    /// A goal or requirement (力争, 确保, 计划, a plan section).
    Target,
    /// What happened.
    Actual,
}

impl Stance {
    /// `"target"` or `"actual"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Target => "target",
            Stance::Actual => "actual",
        }
    }
}

/// One quantity found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// First character (a `str` index) of the number, in the text it was found in (the
    /// original text when it comes from [`super::scan_indicators`]).
    pub start: usize,
    /// One past the last character of its unit.
    pub end: usize,
    /// The text of `start..end`.
    pub raw: String,
    /// What is measured, in Simplified Chinese as written: 整改率, 国内生产总值.
    pub metric: Option<String>,
    /// The number with its scale applied (6.6万 -> 66000); `None` for a placeholder.
    pub value: Option<f64>,
    /// The upper end of a range.
    pub value_high: Option<f64>,
    /// The canonical unit, scale removed: 亩, 元, %, 个百分点.
    pub unit: String,
    pub comparator: Comparator,
    pub stance: Stance,
    /// The number is a change or growth rate (增长5%), not a level.
    pub change: bool,
    /// The number is a template placeholder (xx万元).
    pub placeholder: bool,
    /// The year the sentence states (2024年 -> "2024").
    pub period: Option<String>,
    /// The heading path of its paragraph, outermost first, joined with `" > "`.
    pub section: Option<std::sync::Arc<str>>,
}

// ------------------------------------------------------------------------------- tables

/// Words (as characters) with their values.
type WordList<V> = Vec<(Box<[char]>, V)>;

/// A word table: words (as characters) to values.
///
/// A bit test on the first (last) character rejects most positions, and one on the first (last)
/// two most of the rest; then the few words that start (end) with that character are compared,
/// longest first.
#[derive(Clone, Debug)]
struct Words<V> {
    map: FxHashMap<Box<[char]>, V>,
    first: CharSet,
    last: CharSet,
    /// The words of one character.
    single: CharSet,
    /// The first two characters of the longer words.
    heads: Pairs,
    /// Their last two characters.
    tails: Pairs,
    /// First character -> the words starting with it and their values, longest first.
    by_first: FxHashMap<char, Bucket<V>>,
    /// Last character -> the words ending with it and their values, longest first.
    by_last: FxHashMap<char, Bucket<V>>,
}

/// The words sharing a first (last) character. A short list is compared word by word; past
/// [`Bucket::SCAN`] words (a user's table of thousands of words on one character) the lookup
/// probes the table once per distinct length instead, so its cost stays bounded by the number
/// of lengths, not of words.
#[derive(Clone, Debug)]
struct Bucket<V> {
    words: WordList<V>,
    /// The distinct lengths of `words`, longest first.
    lengths: Box<[usize]>,
}

impl<V> Default for Bucket<V> {
    fn default() -> Self {
        Bucket {
            words: Vec::new(),
            lengths: Box::new([]),
        }
    }
}

impl<V> Bucket<V> {
    /// Words compared one by one before probing by length pays.
    const SCAN: usize = 16;

    fn finish(&mut self) {
        let mut lengths: Vec<usize> = self.words.iter().map(|(w, _)| w.len()).collect();
        lengths.dedup(); // the words are longest first
        self.lengths = lengths.into();
    }
}

impl<V> Default for Words<V> {
    fn default() -> Self {
        Words {
            map: FxHashMap::default(),
            first: CharSet::default(),
            last: CharSet::default(),
            single: CharSet::default(),
            heads: Pairs::default(),
            tails: Pairs::default(),
            by_first: FxHashMap::default(),
            by_last: FxHashMap::default(),
        }
    }
}

/// A set of character pairs as the bits of their hashes: `may_contain` is false only for a pair
/// that is certainly not in the set.
#[derive(Clone, Debug)]
struct Pairs(Box<[u64; 1024]>);

impl Default for Pairs {
    fn default() -> Self {
        Pairs(Box::new([0; 1024]))
    }
}

impl Pairs {
    /// The bit of a pair: 16 bits of a multiplicative hash.
    #[inline(always)]
    fn bit(a: char, b: char) -> usize {
        let h = (a as u32).wrapping_mul(0x9E37_79B1).wrapping_add(b as u32);
        (h.wrapping_mul(0x85EB_CA6B) >> 16) as usize
    }

    fn insert(&mut self, a: char, b: char) {
        let k = Self::bit(a, b);
        self.0[k >> 6] |= 1 << (k & 63);
    }

    #[inline(always)]
    fn may_contain(&self, a: char, b: char) -> bool {
        let k = Self::bit(a, b);
        (self.0[k >> 6] >> (k & 63)) & 1 == 1
    }
}

/// Whether `text` starts with `word`: a loop, not the `memcmp` call of `<[char]>::starts_with`,
/// for words of a few characters.
#[inline]
fn starts_with(text: &[char], word: &[char]) -> bool {
    word.len() <= text.len() && word.iter().zip(text).all(|(a, b)| a == b)
}

impl<V: Clone> Words<V> {
    /// Add `word` with `v` (replacing the value of a word already there). The lists by first
    /// and last character are built once every word is in ([`Words::finish`]): kept sorted
    /// word by word, they made loading a table quadratic in the words sharing a character.
    fn insert(&mut self, word: &str, v: V) {
        let w: Box<[char]> = word.chars().collect();
        let (Some(&a), Some(&z)) = (w.first(), w.last()) else {
            return;
        };
        self.first.insert(a as u32);
        self.last.insert(z as u32);
        if w.len() == 1 {
            self.single.insert(a as u32);
        } else {
            self.heads.insert(a, w[1]);
            self.tails.insert(w[w.len() - 2], z);
        }
        self.map.insert(w, v);
    }

    /// Build the lists of words by first and last character, longest first, from the map.
    fn finish(&mut self) {
        let mut words: Vec<(&Box<[char]>, &V)> = self.map.iter().collect();
        // Longest first; words of one length in a fixed order (no two match at one place).
        words.sort_unstable_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(b.0)));
        self.by_first.clear();
        self.by_last.clear();
        for (w, v) in words {
            let (a, z) = (w[0], w[w.len() - 1]);
            self.by_first.entry(a).or_default().words.push((w.clone(), v.clone()));
            self.by_last.entry(z).or_default().words.push((w.clone(), v.clone()));
        }
        for b in self.by_first.values_mut().chain(self.by_last.values_mut()) {
            b.finish();
        }
    }

    /// The longest word of `bucket` that the text holds at a place: `is(word)` says whether it
    /// is there, `at(n)` gives the `n` characters there (at most `room`).
    fn longest<'s, 't>(
        &'s self,
        bucket: &'s Bucket<V>,
        room: usize,
        at: impl Fn(usize) -> &'t [char],
        is: impl Fn(&[char]) -> bool,
    ) -> Option<(usize, &'s V)> {
        if bucket.words.len() <= Bucket::<V>::SCAN {
            return bucket.words.iter().find(|(w, _)| is(w)).map(|(w, v)| (w.len(), v));
        }
        bucket
            .lengths
            .iter()
            .filter(|&&n| n <= room)
            .find_map(|&n| self.map.get(at(n)).map(|v| (n, v)))
    }

    /// The longest word starting at `i`: its length and value. The test of the first character
    /// is inlined where it is asked; the rest is not.
    #[inline(always)]
    fn at(&self, t: &[char], i: usize) -> Option<(usize, &V)> {
        if i >= t.len() || !self.first.may_contain(t[i]) {
            return None;
        }
        self.at_slow(t, i)
    }

    #[inline(never)]
    fn at_slow(&self, t: &[char], i: usize) -> Option<(usize, &V)> {
        // No word of one character, and none of more with these two.
        let pair = i + 1 < t.len() && self.heads.may_contain(t[i], t[i + 1]);
        if !pair && !self.single.may_contain(t[i]) {
            return None;
        }
        let rest = &t[i..];
        let bucket = self.by_first.get(&t[i])?;
        self.longest(bucket, rest.len(), |n| &rest[..n], |w| starts_with(rest, w))
    }

    /// The longest word ending just before `end` (and starting at or after `floor`).
    #[inline(always)]
    fn ending(&self, t: &[char], end: usize, floor: usize) -> Option<(usize, &V)> {
        if end == 0 || end <= floor || end > t.len() || !self.last.may_contain(t[end - 1]) {
            return None;
        }
        self.ending_slow(t, end, floor)
    }

    #[inline(never)]
    fn ending_slow(&self, t: &[char], end: usize, floor: usize) -> Option<(usize, &V)> {
        let pair = end >= floor + 2 && self.tails.may_contain(t[end - 2], t[end - 1]);
        if !pair && !self.single.may_contain(t[end - 1]) {
            return None;
        }
        let window = &t[floor..end];
        let bucket = self.by_last.get(&t[end - 1])?;
        let tail = |n: usize| &window[window.len() - n..];
        self.longest(bucket, window.len(), tail, |w| {
            window.len() >= w.len() && starts_with(tail(w.len()), w)
        })
    }
}

#[derive(Clone, Debug)]
struct Unit {
    canonical: String,
    span: Span,
}

/// A unit that measures a span (table flag `duration`: 3个工作日, 24小时) or an age (flag
/// `age`: 79.2岁) is a figure only in context, where it is the value of a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Span {
    No,
    Time,
    Age,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    Target,
    Actual,
    /// Words written in targets and results alike, which settle no stance of their sentence
    /// and count only in a document's lean ([`Scanner::priors`]): a level held (稳定在) leans
    /// to a target, the base of a comparison (比上年, 同比: 地区生产总值比上年增长6%左右 is a
    /// target) to a result.
    LeanTarget,
    LeanActual,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Change,
    Level,
    Rate,
    None,
}

/// The tables the scanner reads: units, comparator words, stance cues, change verbs, metric
/// trimming words. The shipped set is `data/scan/indicators.tsv`; its header documents the
/// format, which user tables share.
#[derive(Clone, Debug)]
pub struct IndicatorRules {
    entries: Vec<(String, String, String, String)>,
    units: Words<Unit>,
    before: Words<Comparator>,
    after: Words<Comparator>,
    inner: Words<Comparator>,
    range: Words<()>,
    stance: Words<Cue>,
    change: Words<Verb>,
    lead: Words<()>,
    link: Words<()>,
    timecue: Words<()>,
    /// Words after a time span that make it a narrative span, no figure (近23年新低, 5年来).
    narrative: Words<()>,
    not: Words<bool>,
    /// Comparison bases (kind `base`): the marks before a base (较, 比), the bases named by a
    /// period (上年, 去年同期), and the bases in one word (同比, 环比).
    /// Marks of a comparison's base; true for those that start a change (由, 从), whose year
    /// is the base figure's own.
    base_mark: Words<bool>,
    base_period: Words<()>,
    base_rate: Words<()>,
    /// The characters [`Sentence::read`] stops at: the first characters of stance cues and
    /// those a year can start with.
    sentence_marks: CharSet,
    /// Those and the characters a number can start with: the one pass over the whole text
    /// lists where they are (and perhaps other places), and the later passes visit only those
    /// positions.
    stops: Stops,
}

/// Whether each character of the Basic Multilingual Plane is a stop of the pass over the whole
/// text: a table of bytes, so that a block of 64 characters is tested with one load, one shift
/// and one or each, and no branch. A character above the table is a stop only when a stance cue
/// may start with one (`astral`); otherwise it is tested as the character of the table with its
/// low 16 bits, which at worst lists a position no reading acts on.
#[derive(Clone, Debug)]
struct Stops {
    table: Box<[u8; 0x10000]>,
    astral: bool,
}

impl Default for Stops {
    fn default() -> Self {
        Stops {
            table: Box::new([0; 0x10000]),
            astral: false,
        }
    }
}

impl Stops {
    fn insert(&mut self, c: char) {
        match self.table.get_mut(c as usize) {
            Some(b) => *b = 1,
            None => self.astral = true,
        }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        self.table.get(c as usize).is_none_or(|&b| b != 0)
    }

    /// The positions of the stops of `t`, in order, into `out` (perhaps with others): the
    /// stops of 64 characters are gathered into the bits of a word, then its set bits are
    /// read.
    /// Positions are `u32` (half the memory of a huge document's list): the text has fewer
    /// than `u32::MAX` characters, as an offset map's (see [`Scanner::scan`]).
    fn positions(&self, t: &[char], out: &mut Vec<u32>) {
        if self.astral {
            self.positions_in::<true>(t, out)
        } else {
            self.positions_in::<false>(t, out)
        }
    }

    fn positions_in<const ASTRAL: bool>(&self, t: &[char], out: &mut Vec<u32>) {
        out.clear();
        out.reserve(t.len() / 8);
        let mut blocks = t.chunks_exact(64);
        let mut base = 0;
        for block in &mut blocks {
            let mut mask = 0u64;
            // Any character above the table makes the block go through `contains`.
            let mut high = 0u32;
            for (k, &c) in block.iter().enumerate() {
                let u = c as u32;
                if ASTRAL {
                    high |= u;
                }
                mask |= u64::from(self.table[(u & 0xFFFF) as usize]) << k;
            }
            if ASTRAL && high > 0xFFFF {
                mask = 0;
                for (k, &c) in block.iter().enumerate() {
                    mask |= u64::from(self.contains(c)) << k;
                }
            }
            while mask != 0 {
                out.push(base + mask.trailing_zeros());
                mask &= mask - 1;
            }
            base += 64;
        }
        for (k, &c) in blocks.remainder().iter().enumerate() {
            if self.table[(c as u32 & 0xFFFF) as usize] != 0 || (ASTRAL && self.contains(c)) {
                out.push(base + k as u32);
            }
        }
    }
}

/// The shipped tables.
pub const DEFAULT_TABLES: &str = include_str!("../../data/scan/indicators.tsv");

impl IndicatorRules {
    /// Parse tables in the `KIND<TAB>WORD<TAB>VALUE[<TAB>FLAG]` format; `source` names the
    /// text in errors.
    pub fn parse(text: &str, source: &str) -> Result<IndicatorRules> {
        let entries = parse_entries(text, source)?;
        Ok(Self::build(entries))
    }

    /// The shipped tables, built once.
    pub fn default_rules() -> &'static IndicatorRules {
        Self::default_shared()
    }

    /// The shipped tables as a shared handle: pipelines hold them without a copy.
    pub fn default_shared() -> &'static Arc<IndicatorRules> {
        static DEFAULT: OnceLock<Arc<IndicatorRules>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| Arc::new(IndicatorRules::parse(DEFAULT_TABLES, "indicators.tsv").expect("bundled tables")))
    }

    /// [`IndicatorRules::parse`] of the file at `path`: UTF-8, with or without a byte-order
    /// mark. Bytes that are not UTF-8 are an [`Error::TableLine`] naming the line.
    pub fn from_file(path: &Path) -> Result<IndicatorRules> {
        Self::parse(&crate::rulefile::read_rule_text(path)?, &path.display().to_string())
    }

    /// [`IndicatorRules::extended`] with the entries of the file at `path` (read as
    /// [`IndicatorRules::from_file`] reads it).
    pub fn extended_from_file(&self, path: &Path) -> Result<IndicatorRules> {
        self.extended(&crate::rulefile::read_rule_text(path)?, &path.display().to_string())
    }

    /// These tables, then the entries of `text` (a later entry for the same word wins).
    pub fn extended(&self, text: &str, source: &str) -> Result<IndicatorRules> {
        let mut entries = self.entries.clone();
        entries.extend(parse_entries(text, source)?);
        Ok(Self::build(entries))
    }

    /// Number of entries (before the Traditional forms are added).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn build(entries: Vec<(String, String, String, String)>) -> IndicatorRules {
        let mut r = IndicatorRules {
            entries: Vec::new(),
            units: Words::default(),
            before: Words::default(),
            after: Words::default(),
            inner: Words::default(),
            range: Words::default(),
            stance: Words::default(),
            change: Words::default(),
            lead: Words::default(),
            link: Words::default(),
            timecue: Words::default(),
            narrative: Words::default(),
            not: Words::default(),
            base_mark: Words::default(),
            base_period: Words::default(),
            base_rate: Words::default(),
            sentence_marks: CharSet::default(),
            stops: Stops::default(),
        };
        for (kind, word, value, flag) in &entries {
            let mut forms = with_traditional_forms(word);
            // A unit per another is written with a full-width slash too (元／月), which cleaning
            // keeps.
            if kind == "unit" && word.contains('/') {
                let full: Vec<String> = forms.iter().map(|f| f.replace('/', "／")).collect();
                forms.extend(full);
            }
            for w in &forms {
                match kind.as_str() {
                    "unit" => r.units.insert(
                        w,
                        Unit {
                            canonical: value.clone(),
                            span: match flag.as_str() {
                                "duration" => Span::Time,
                                "age" => Span::Age,
                                _ => Span::No,
                            },
                        },
                    ),
                    "before" => r.before.insert(w, Comparator::parse(value).unwrap_or(Comparator::Eq)),
                    "after" => r.after.insert(w, Comparator::parse(value).unwrap_or(Comparator::Eq)),
                    "inner" => r.inner.insert(w, Comparator::parse(value).unwrap_or(Comparator::Eq)),
                    "range" => r.range.insert(w, ()),
                    "stance" => r.stance.insert(
                        w,
                        match value.as_str() {
                            "target" => Cue::Target,
                            "actual" => Cue::Actual,
                            "lean-target" => Cue::LeanTarget,
                            "lean-actual" => Cue::LeanActual,
                            _ => Cue::None,
                        },
                    ),
                    "change" => r.change.insert(
                        w,
                        match value.as_str() {
                            "change" => Verb::Change,
                            "level" => Verb::Level,
                            "rate" => Verb::Rate,
                            _ => Verb::None,
                        },
                    ),
                    "lead" => r.lead.insert(w, ()),
                    "link" => r.link.insert(w, ()),
                    "timecue" => r.timecue.insert(w, ()),
                    "narrative" => r.narrative.insert(w, ()),
                    "base" => match value.as_str() {
                        "mark" => r.base_mark.insert(w, false),
                        "from" => r.base_mark.insert(w, true),
                        "period" => r.base_period.insert(w, ()),
                        _ => r.base_rate.insert(w, ()),
                    },
                    _ => r.not.insert(w, value == "keep"),
                }
            }
        }
        r.units.finish();
        r.before.finish();
        r.after.finish();
        r.inner.finish();
        r.range.finish();
        r.stance.finish();
        r.change.finish();
        r.lead.finish();
        r.link.finish();
        r.timecue.finish();
        r.narrative.finish();
        r.not.finish();
        r.base_mark.finish();
        r.base_period.finish();
        r.base_rate.finish();
        r.sentence_marks.union(&r.stance.first);
        for &c in r.stance.by_first.keys() {
            r.stops.insert(c);
        }
        for c in "0123456789０１２３４５６７８９零〇一二两兩三四五六七八九xX".chars() {
            r.sentence_marks.insert(c as u32);
        }
        for c in QUOTES.iter().flat_map(|&(open, close)| [open, close]) {
            r.sentence_marks.insert(c as u32);
            r.stops.insert(c);
        }
        // The characters a number can start with (the year marks above among them), read off
        // the set bits of their bitmap.
        for (w, &bits) in STARTERS.iter().enumerate() {
            let mut b = bits;
            while b != 0 {
                let u = (w << 6) as u32 + b.trailing_zeros();
                r.stops.insert(char::from_u32(u).expect("no surrogate starts a number"));
                b &= b - 1;
            }
        }
        r.entries = entries;
        r
    }
}

const KINDS: [&str; 13] = [
    "unit",
    "before",
    "after",
    "inner",
    "range",
    "stance",
    "change",
    "lead",
    "link",
    "timecue",
    "narrative",
    "not",
    "base",
];

fn parse_entries(text: &str, source: &str) -> Result<Vec<(String, String, String, String)>> {
    // A byte-order mark, as editors on Windows write, is no part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (lineno, line) in crate::rulefile::table_lines(text) {
        let bad = |message: String| Error::TableLine {
            path: source.to_string(),
            line: lineno,
            message,
        };
        let mut parts = line.split('\t');
        let kind = parts.next().unwrap_or("").trim();
        let word = parts.next().unwrap_or("").trim();
        let value = parts.next().unwrap_or("").trim();
        let flag = parts.next().unwrap_or("").trim();
        if !KINDS.contains(&kind) {
            return Err(bad(format!(
                "unknown kind {kind:?}; expected one of {}",
                KINDS.join(", ")
            )));
        }
        if word.is_empty() {
            return Err(bad("empty word".to_string()));
        }
        if word.chars().count() > 12 {
            return Err(bad(format!("word {word:?} is longer than 12 characters")));
        }
        let ok = match kind {
            "unit" => !value.is_empty() && matches!(flag, "" | "duration" | "age"),
            "before" | "after" | "inner" => Comparator::parse(value).is_some_and(|c| c != Comparator::Range),
            "stance" => matches!(value, "target" | "actual" | "lean-target" | "lean-actual" | "none"),
            "change" => matches!(value, "change" | "level" | "rate" | "none"),
            "not" => value.is_empty() || value == "keep",
            "base" => matches!(value, "mark" | "from" | "period" | "rate"),
            _ => value.is_empty(),
        };
        if !ok {
            return Err(bad(format!("bad value {value:?} (flag {flag:?}) for kind {kind}")));
        }
        out.push((kind.to_string(), word.to_string(), value.to_string(), flag.to_string()));
    }
    Ok(out)
}

// ------------------------------------------------------------------------------ scanning

/// Whether `c` lies between the ASCII and CJK punctuation (。 U+3002) and the full-width forms
/// (！ U+FF01): Han characters do, and no sentence or clause end does, so one comparison
/// settles most characters of a text.
#[inline(always)]
fn between_marks(c: char) -> bool {
    (0x3003..0xFF01).contains(&(c as u32))
}

#[inline]
fn is_sentence_end(c: char) -> bool {
    !between_marks(c) && matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

#[inline]
fn is_clause_end(c: char) -> bool {
    !between_marks(c) && (is_sentence_end(c) || matches!(c, '，' | '；' | '：' | ',' | ';' | ':'))
}

#[inline]
fn is_coordinator(c: char) -> bool {
    matches!(c, '、' | '和' | '及' | '与' | '或')
}

/// The characters a number can start with: digits (ASCII and full-width), placeholder marks,
/// Chinese digits, 十, 百 (百分之) and the scales that can stand alone before 余/多 (百余家,
/// 千余人, 万多元), as a bitmap over the BMP (8 KiB, one probe a character).
static STARTERS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut c = 0u32;
    while c < 0x10000 {
        let starts = matches!(c, 0x30..=0x39 | 0xFF10..=0xFF19)
            || matches!(
                char::from_u32(c),
                Some(
                    'x' | 'X'
                        | '*'
                        | '_'
                        | 'ｘ'
                        | 'Ｘ'
                        | '＊'
                        | '＿'
                        | '十'
                        | '百'
                        | '千'
                        | '万'
                        | '萬'
                        | '亿'
                        | '億'
                        | '零'
                        | '〇'
                        | '一'
                        | '二'
                        | '两'
                        | '兩'
                        | '三'
                        | '四'
                        | '五'
                        | '六'
                        | '七'
                        | '八'
                        | '九'
                )
            );
        if starts {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        c += 1;
    }
    bits
};

#[inline(always)]
fn could_start(c: char) -> bool {
    let u = c as u32;
    u < 0x10000 && STARTERS[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

/// A quantity read at a position, before its context is read.
#[derive(Clone, Debug)]
struct Quantity<'r> {
    start: usize,
    /// End of the unit.
    end: usize,
    value: Option<f64>,
    value_high: Option<f64>,
    unit: &'r str,
    span: Span,
    placeholder: bool,
    /// The comparator written inside the quantity (余, 多) or by the range.
    inner: Option<Comparator>,
}

/// A number with its scale and inner comparator: `1.2亿`, `123余`, `十余万`.
struct Scaled {
    n: Number,
    end: usize,
    factor: f64,
    scaled: bool,
    inner: Option<Comparator>,
}

/// Buffers reused from one indicator to the next within a scan.
#[derive(Default)]
struct Scratch<'a> {
    /// The text segmented for a metric.
    text: String,
    /// Its tokens as spans of the scanned characters, with their POS tags and their byte
    /// spans in `text`.
    toks: Vec<(usize, usize, &'a str, usize, usize)>,
    /// The metric's words (start, end, is a verb).
    words: Vec<(usize, usize, bool)>,
    /// The metric being built.
    metric: String,
    /// The paragraph of the last indicator (its start) and its joined heading path.
    section: Option<(usize, std::sync::Arc<str>)>,
}

/// Where a quantity stands: its sentence, its paragraph, and the stance its document leans to
/// when its sections give none.
#[derive(Clone, Copy)]
struct Place<'s> {
    sent: &'s Sentence,
    /// The stance cues of the sentence.
    cues: &'s [(usize, Cue)],
    /// The years of the sentence.
    years: &'s [Year],
    para: Option<&'s structure::Paragraph>,
    prior: Option<Stance>,
}

/// One call scans one text; tables and segmenter are borrowed.
pub struct Scanner<'a> {
    rules: &'a IndicatorRules,
    cutter: Option<&'a Cutter<'a>>,
}

impl<'a> Scanner<'a> {
    /// A scanner with these tables; `cutter` (a segmenter) lets metrics end on word
    /// boundaries and drop function words by their POS tags.
    pub fn new(rules: &'a IndicatorRules, cutter: Option<&'a Cutter<'a>>) -> Self {
        Scanner { rules, cutter }
    }

    /// Every indicator of `t` (characters of a cleaned, Simplified text), in text order, with
    /// offsets into `t`. `structure` (of the same text) gives section stances and paths.
    ///
    /// # Panics
    /// If `t` has `u32::MAX` characters or more (16 GiB of characters; an offset map has the
    /// same bound): the binding reports it as an error.
    pub fn scan(&self, t: &[char], structure: Option<&Structure>) -> Vec<Indicator> {
        // One pass over the text lists where a number or a sentence mark may start; the
        // candidates and the sentences are read at those positions only.
        assert!(
            t.len() < u32::MAX as usize,
            "text too long to scan: {} characters, at most {}",
            t.len(),
            u32::MAX - 1
        );
        let mut stops = Vec::new();
        self.rules.stops.positions(t, &mut stops);
        // Room for about one figure in eight stops (a report holds one in twelve), so that the
        // vector is seldom copied as it grows.
        let mut quantities: Vec<Quantity<'a>> = Vec::with_capacity(stops.len() / 8);
        let mut i = 0;
        for &p in &stops {
            let p = p as usize;
            if p < i || !could_start(t[p]) {
                continue;
            }
            match self.quantity(t, p) {
                Ok(q) => {
                    i = q.end;
                    quantities.push(q);
                }
                Err(skip) => i = skip.max(p + 1),
            }
        }
        let mut out: Vec<Indicator> = Vec::with_capacity(quantities.len());
        if quantities.is_empty() {
            return out;
        }
        // The sentences holding quantities, with their stance cues and years, read once.
        let mut sents = Sentences {
            list: Vec::with_capacity(quantities.len()),
            cues: Vec::with_capacity(quantities.len()),
            years: Vec::with_capacity(quantities.len()),
        };
        let mut q_sent: Vec<usize> = Vec::with_capacity(quantities.len());
        for q in &quantities {
            let same = sents.list.last().is_some_and(|s| q.start >= s.start && q.end <= s.end);
            if !same {
                let (s, e) = sentence(t, q.start, q.end);
                sents.read(t, s, e, self.rules, &stops);
            }
            q_sent.push(sents.list.len() - 1);
        }
        let priors = self.priors(structure, t.len(), &sents);
        let mut scratch = Scratch::default();
        let mut paragraphs = ParagraphCursor::new(structure);
        for (k, q) in quantities.iter().enumerate() {
            // The figure before bounds the metric; a date or a narrative span (2022年, 近3年)
            // is no figure and does not.
            let prev_end = out.last().map_or(0, |i: &Indicator| i.end);
            let d = priors.partition_point(|(s, _, _)| *s <= q.start);
            let prior = d
                .checked_sub(1)
                .and_then(|d| priors.get(d))
                .filter(|(_, e, _)| q.start < *e)
                .and_then(|(_, _, p)| *p);
            let para = paragraphs.at(q.start);
            let place = Place {
                sent: &sents.list[q_sent[k]],
                cues: sents.cues_of(q_sent[k]),
                years: sents.years_of(q_sent[k]),
                para,
                prior,
            };
            if let Some(ind) = self.context(t, q, prev_end, &place, &mut scratch) {
                out.push(ind);
            }
        }
        self.coordinate(t, &mut out);
        out
    }

    /// The stance of each document of the text when its sections give none: a document whose
    /// sentences with figures hold mostly cues of targets (力争, 确保, 计划 against 已, 累计,
    /// 同比) is a plan.
    fn priors(
        &self,
        structure: Option<&Structure>,
        len: usize,
        sents: &Sentences,
    ) -> Vec<(usize, usize, Option<Stance>)> {
        let spans: Vec<(usize, usize)> = match structure {
            Some(s) if !s.documents.is_empty() => s.documents.iter().map(|d| (d.start, d.end)).collect(),
            _ => vec![(0, len)],
        };
        spans
            .into_iter()
            .map(|(s, e)| {
                let (mut target, mut actual) = (0usize, 0usize);
                let first = sents.list.partition_point(|x| x.start < s);
                let last = first + sents.list[first..].iter().take_while(|x| x.start < e).count();
                if first < last {
                    let cues = &sents.cues[sents.list[first].cues.0..sents.list[last - 1].cues.1];
                    for (_, c) in cues {
                        match c {
                            Cue::Target | Cue::LeanTarget => target += 1,
                            Cue::Actual | Cue::LeanActual => actual += 1,
                            Cue::None => {}
                        }
                    }
                }
                let prior = if target >= 3 && target > 2 * actual {
                    Some(Stance::Target)
                } else {
                    None
                };
                (s, e, prior)
            })
            .collect()
    }

    /// Read a quantity at `i`, or say where to go on (`Err(next position)`).
    fn quantity(&self, t: &[char], i: usize) -> std::result::Result<Quantity<'a>, usize> {
        let r = self.rules;
        // A number glued to Latin letters is a code or a name (G318, PM2.5, 5G).
        if i > 0 && (t[i - 1].is_ascii_alphabetic() || (t[i - 1] == '.' && i > 1 && t[i - 2].is_ascii_digit())) {
            return Err(skip_number(t, i));
        }
        // 百分之五十, 千分之六点二
        if matches!(t[i], '百' | '千') && t.get(i + 1) == Some(&'分') && t.get(i + 2) == Some(&'之') {
            let n = number::arabic(t, i + 3)
                .or_else(|| number::chinese_any(t, i + 3))
                .ok_or(i + 1)?;
            return Ok(Quantity {
                start: i,
                end: n.end,
                value: n.value,
                value_high: None,
                unit: if t[i] == '百' { "%" } else { "‰" },
                span: Span::No,
                placeholder: false,
                inner: None,
            });
        }
        // A scale alone before a unit, a figure when a comparator says how it bounds: with
        // 余/多 (百余家, 千余人, 万多元, 百余万元: more than ...), after a comparator word (逾百万
        // 人次, 突破千亿元, 近百家) or 上 (上千人), or before one (千万元以上). Without one it is
        // a name (千亿元产业集群).
        if t[i] != '十' && number::scale_char(t[i]).is_some() {
            // A run of scales (百万, 千亿) and its factor; a unit that starts with a scale
            // character (千米, 千克) ends it.
            let scales = |from: usize| {
                let (mut f, mut j) = (1.0, from);
                while j < t.len() && j - from < 3 && t[j] != '十' {
                    let Some(g) = number::scale_char(t[j]) else { break };
                    if r.units.at(t, j).is_some_and(|(un, _)| un >= 2) {
                        break;
                    }
                    f *= g;
                    j += 1;
                }
                (f, j)
            };
            let (mut f, mut j) = scales(i);
            if j == i {
                return Err(i + 1);
            }
            let mut inner = None;
            if let Some((k, c)) = r.inner.at(t, j) {
                inner = Some(*c);
                let (g, after) = scales(j + k);
                f *= g;
                j = after;
            }
            let shang = i > 0 && t[i - 1] == '上';
            if let Some((un, u)) = r.units.at(t, j) {
                let end = j + un;
                let bounded = |c: Option<(usize, &Comparator)>| c.is_some_and(|(_, c)| *c != Comparator::Eq);
                // A bound after it ends a figure only where its clause ends; before a noun it
                // names a class (亿元以上企业, 千万元以上的项目).
                let bound_after = r
                    .after
                    .at(t, end)
                    .filter(|&(n, c)| *c != Comparator::Eq && t.get(end + n).is_none_or(|&c| is_clause_end(c)));
                if inner.is_some() || shang || bounded(r.before.ending(t, i, 0)) || bound_after.is_some() {
                    return Ok(Quantity {
                        start: i,
                        end,
                        value: Some(f),
                        value_high: None,
                        unit: &u.canonical,
                        span: u.span,
                        placeholder: false,
                        inner: inner.or(shang.then_some(Comparator::Ge)),
                    });
                }
            }
            return Err(j.max(i + 1));
        }
        // A word that makes it no figure, right before it or before a space (第 3 名).
        let word_end = if i > 0 && t[i - 1] == ' ' { i - 1 } else { i };
        if let Some((_, keep)) = r.not.ending(t, word_end, 0) {
            if !*keep {
                return Err(skip_number(t, i));
            }
        }
        let first = self.scaled(t, i).ok_or_else(|| skip_number(t, i))?;
        let mut j = first.end;
        // Text extracted from PDFs puts a space between a number and its unit (3200 人次).
        if t.get(j) == Some(&' ') && r.units.at(t, j).is_none() && r.units.at(t, j + 1).is_some() {
            j += 1;
        }
        let unit = r.units.at(t, j);
        // A range: `1-2个`, `3至5家`, `10~15万元`, `6%－6.5%`.
        let after_first = j + unit.map_or(0, |(n, _)| n);
        for at in [j, after_first] {
            if let Some((cn, _)) = r.range.at(t, at) {
                if let Some(second) = self.scaled(t, at + cn) {
                    if second.n.placeholder == first.n.placeholder {
                        let unit2 = r.units.at(t, second.end);
                        let same = match (unit, unit2) {
                            (None, Some(_)) => at == j,
                            (Some((_, a)), Some((_, b))) => a.canonical == b.canonical && at == after_first,
                            _ => false,
                        };
                        if same {
                            let (un, u) = unit2.expect("checked");
                            let f1 = if first.scaled { first.factor } else { second.factor };
                            let lo = first.n.times(f1);
                            let hi = second.n.times(second.factor);
                            return Ok(Quantity {
                                start: i,
                                end: second.end + un,
                                value: lo,
                                value_high: hi,
                                unit: &u.canonical,
                                span: u.span,
                                placeholder: first.n.placeholder,
                                inner: Some(Comparator::Range),
                            });
                        }
                    }
                }
            }
        }
        // Unit after a trailing 余/多 (`300余万元` read 300, 余, 万; `1000多人`).
        if unit.is_none() && first.inner.is_none() {
            if let Some((n, c)) = r.inner.at(t, j) {
                if let Some((un, u)) = r.units.at(t, j + n) {
                    j += n;
                    return Ok(Quantity {
                        start: i,
                        end: j + un,
                        value: first.n.times(first.factor),
                        value_high: None,
                        unit: &u.canonical,
                        span: u.span,
                        placeholder: first.n.placeholder,
                        inner: Some(*c),
                    });
                }
            }
        }
        let Some((un, u)) = unit else {
            return Err(first.end);
        };
        j += un;
        Ok(Quantity {
            start: i,
            end: j,
            value: first.n.times(first.factor),
            value_high: None,
            unit: &u.canonical,
            span: u.span,
            placeholder: first.n.placeholder,
            inner: first.inner,
        })
    }

    /// A number at `i` with what follows it before the unit: 余/多, then a scale, then 余/多.
    fn scaled(&self, t: &[char], i: usize) -> Option<Scaled> {
        let r = self.rules;
        let n = number::arabic(t, i)
            .or_else(|| number::placeholder(t, i))
            .or_else(|| number::chinese(t, i))?;
        let mut j = n.end;
        // A space before a scale (１２ 亿元, as PDFs give it).
        if t.get(j) == Some(&' ')
            && t.get(j + 1)
                .is_some_and(|&c| c != '十' && number::scale_char(c).is_some())
        {
            j += 1;
        }
        let mut inner = None;
        if let Some((k, c)) = r.inner.at(t, j) {
            // 余/多 before a scale: `十余万`, `300余万元`; before a unit it is read by the caller.
            if number::scale_char(*t.get(j + k)?).is_some() {
                inner = Some(*c);
                j += k;
            }
        }
        let mut factor = 1.0;
        let mut scaled = false;
        let mut count = 0;
        while j < t.len() && count < 3 {
            let Some(f) = number::scale_char(t[j]) else {
                break;
            };
            // A unit that starts with a scale character wins over the scale: 千米, 千克, 千瓦.
            if r.units.at(t, j).is_some_and(|(un, _)| un >= 2) {
                break;
            }
            factor *= f;
            scaled = true;
            j += 1;
            count += 1;
        }
        if scaled && inner.is_none() {
            if let Some((k, c)) = r.inner.at(t, j) {
                if r.units.at(t, j + k).is_some() {
                    inner = Some(*c);
                    j += k;
                }
            }
        }
        Some(Scaled {
            n,
            end: j,
            factor,
            scaled,
            inner,
        })
    }

    /// The context of a quantity: comparators, stance, change, period, metric, section.
    fn context(
        &self,
        t: &[char],
        q: &Quantity,
        prev_end: usize,
        place: &Place<'_>,
        scratch: &mut Scratch<'a>,
    ) -> Option<Indicator> {
        let r = self.rules;
        let Place {
            sent,
            cues,
            years,
            para: section_para,
            prior,
        } = *place;
        let (sent_start, sent_end) = (sent.start, sent.end);
        let clause_start = find_last(t, sent_start, q.start, is_clause_end).map_or(sent_start, |k| k + 1);
        let floor = clause_start.max(prev_end);
        // Comparator words around it.
        let before = r.before.ending(t, q.start, floor);
        let after = r.after.at(t, q.end);
        let mut lead_end = q.start - before.map_or(0, |(n, _)| n);
        // A measure per unit written before the figure (每立方米30微克, 每立方米不超过30微克):
        // when the tables hold the compound unit (微克/立方米), the figure has it and the
        // metric loses 每立方米.
        let mut unit: &str = q.unit;
        if let Some((pn, per)) = r.units.ending(t, lead_end, floor) {
            let p = lead_end - pn;
            if p > floor && t[p - 1] == '每' {
                let key: Box<[char]> = q.unit.chars().chain(['/']).chain(per.canonical.chars()).collect();
                if let Some(u) = r.units.map.get(&key) {
                    unit = &u.canonical;
                    lead_end = p - 1;
                }
            }
        }
        // A year is a date, not a span of two thousand years, whatever verb comes before it
        // (由2020年的350家增加到2023年的520家).
        if q.span == Span::Time && number::year_value(t, q.start).is_some_and(|(_, end)| end == q.end) {
            return None;
        }
        if q.span == Span::Time && r.narrative.at(t, q.end + after.map_or(0, |(n, _)| n)).is_some() {
            return None;
        }
        if q.span != Span::No {
            // A cue before the comparator, or right before the number when the comparator's word
            // is a cue too (时间达到3个工作日, 人均预期寿命达到79.2岁).
            let by_verb = r.timecue.ending(t, lead_end, floor).is_some()
                || r.timecue.ending(t, q.start, floor).is_some()
                || r.change
                    .ending(t, lead_end, floor)
                    .is_some_and(|(_, c)| *c != Verb::None);
            let cued = match q.span {
                // An age is a value after a verb (提高1岁); a bound followed by a noun names a
                // group of people (为60岁以上老年人, 3岁以下婴幼儿), not a figure.
                Span::Age => {
                    let group = after.is_some_and(|(n, c)| {
                        matches!(c, Comparator::Ge | Comparator::Le)
                            && t.get(q.end + n).is_some_and(|&c| !is_clause_end(c))
                    });
                    !group && by_verb
                }
                _ => {
                    by_verb || matches!(after, Some((_, Comparator::Le))) || matches!(before, Some((_, Comparator::Le)))
                }
            };
            if !cued {
                return None;
            }
        }
        let comparator = if q.inner == Some(Comparator::Range) {
            Comparator::Range
        } else if let Some((_, c)) = after.filter(|(_, c)| **c != Comparator::Eq) {
            *c
        } else if let Some(c) = q.inner {
            c
        } else if let Some((_, c)) = before.filter(|(_, c)| **c != Comparator::Eq) {
            *c
        } else {
            self.comparator_before_verb(t, q.start, floor).unwrap_or(Comparator::Eq)
        };
        // Change: a change verb before the number in its clause, with only link words and
        // comparators between (增长5%, 增长了约5%), none of 至/到/为 (增加为500家 is a level);
        // or a rate noun, then links (增速达到6%, 增长率为5%). A verb with its object between
        // (改造提升老旧小区12个, 增加就业岗位300个) counts a flow.
        let mut change = false;
        {
            let mut k = lead_end;
            let stop = floor.max(lead_end.saturating_sub(10));
            while k > stop {
                if let Some((_, c)) = r.change.ending(t, k, floor) {
                    let level = || t[k..lead_end].iter().any(|&c| matches!(c, '至' | '到' | '为'));
                    change = match c {
                        Verb::Change => !level(),
                        Verb::Rate => true,
                        _ => false,
                    } && self.only_links(t, k, lead_end);
                    break;
                }
                k -= 1;
            }
        }
        // Stance: strong cues of the clause, then of the sentence nearest first, then the
        // section, else actual.
        let mut stance = None;
        // Clauses from the indicator's own backwards.
        let mut hi = q.start;
        let mut lo = clause_start;
        loop {
            let in_clause = cues.iter().filter(|(p, _)| *p >= lo && *p < hi);
            let mut target = false;
            let mut actual = false;
            for (_, c) in in_clause {
                match c {
                    Cue::Target => target = true,
                    Cue::Actual => actual = true,
                    Cue::LeanTarget | Cue::LeanActual | Cue::None => {}
                }
            }
            if target {
                stance = Some(Stance::Target);
                break;
            }
            if actual {
                stance = Some(Stance::Actual);
                break;
            }
            if lo <= sent_start {
                break;
            }
            hi = lo - 1;
            lo = find_last(t, sent_start, hi, is_clause_end).map_or(sent_start, |k| k + 1);
        }
        if stance.is_none() {
            // A cue after it in its clause: `…5%的目标`.
            let clause_end = find_first(t, q.end, sent_end, is_clause_end).unwrap_or(sent_end);
            for (p, c) in cues.iter() {
                if *p >= q.end && *p < clause_end {
                    match c {
                        Cue::Target => stance = Some(Stance::Target),
                        Cue::Actual => stance = Some(Stance::Actual),
                        Cue::LeanTarget | Cue::LeanActual | Cue::None => continue,
                    }
                    break;
                }
            }
        }
        let stance = stance.unwrap_or_else(|| match section_para.map(|p| p.stance) {
            Some(structure::Stance::Target) => Stance::Target,
            Some(structure::Stance::Actual) => Stance::Actual,
            _ => prior.unwrap_or(Stance::Actual),
        });
        // Period: the year of the sentence, the nearest before, else the first after.
        let period = period(years, q.start, q.end).map(|y| y.to_string());
        // Metric: the clause before the number, trimmed.
        while let Some((n, _)) = r.link.ending(t, lead_end, floor) {
            // The 至 of 降至 ends a longer change word, which the metric loses whole; a 的
            // (占年度计划的95%) is left to `metric`, which keeps the whole before it.
            if t[lead_end - 1] == '的' || r.change.ending(t, lead_end, floor).is_some_and(|(m, _)| m > n) {
                break;
            }
            lead_end -= n;
        }
        let metric = self.metric(
            t,
            floor,
            lead_end,
            q.end + after.map_or(0, |(n, _)| n),
            sent_end,
            scratch,
        );
        // The heading path, joined once per paragraph.
        let section = section_para.and_then(|p| {
            if p.heading_path.is_empty() {
                return None;
            }
            match &scratch.section {
                Some((start, joined)) if *start == p.start => Some(joined.clone()),
                _ => {
                    let len =
                        p.heading_path.iter().map(|h| h.text.len()).sum::<usize>() + 3 * (p.heading_path.len() - 1);
                    let mut joined = String::with_capacity(len);
                    for (k, h) in p.heading_path.iter().enumerate() {
                        if k > 0 {
                            joined.push_str(" > ");
                        }
                        joined.push_str(&h.text);
                    }
                    // One string per paragraph, shared by its indicators.
                    let joined: std::sync::Arc<str> = joined.into();
                    scratch.section = Some((p.start, joined.clone()));
                    Some(joined)
                }
            }
        });
        Some(Indicator {
            start: q.start,
            end: q.end,
            raw: string_of(&t[q.start..q.end]),
            metric,
            value: q.value,
            value_high: q.value_high,
            unit: unit.to_string(),
            comparator,
            stance,
            change,
            placeholder: q.placeholder,
            period,
            section,
        })
    }

    /// The metric phrase in `t[from..to]` (the clause before the number, comparator and link
    /// words gone); when that is empty or only a verb, the noun phrase after the unit
    /// (`排查18家重点企业` -> 排查重点企业).
    fn metric(
        &self,
        t: &[char],
        from: usize,
        to: usize,
        after: usize,
        sent_end: usize,
        scratch: &mut Scratch<'a>,
    ) -> Option<String> {
        let r = self.rules;
        let mut s = from.max(to.saturating_sub(MAX_CONTEXT));
        let mut e = to;
        // Leading cue words, dates and years.
        loop {
            let before = s;
            while s < e && matches!(t[s], ' ' | '“' | '”' | '"' | '（' | '(' | '）' | ')' | '、') {
                s += 1;
            }
            // Without a segmenter, cue words go here; with one, only when they are whole
            // words (完成率 keeps its 完成), below.
            if self.cutter.is_none() {
                if let Some((n, _)) = r.lead.at(t, s) {
                    if s + n <= e {
                        s += n;
                    }
                }
            }
            s = skip_date(t, s, e);
            if s == before {
                break;
            }
        }
        // Whether the loop ended with no base left to cut at its end.
        let mut no_base = false;
        while e > s {
            if matches!(t[e - 1], ' ' | '“' | '”' | '"' | '（' | '(' | '）' | ')' | '、') {
                e -= 1;
            } else if let Some((n, c)) = r.change.ending(t, e, s) {
                if matches!(c, Verb::None | Verb::Rate) {
                    break;
                }
                e -= n;
            } else if let Some((n, _)) = r.link.ending(t, e, s) {
                e -= n;
                if n == 1 && t[e] == '的' {
                    // What comes before a 的 is the whole the figure is a share of
                    // (占年度计划的95%, 完成年度目标的52%), a noun phrase whose 计划 or 目标 is
                    // no link word; only a year (增加到2023年的520家) is still cut.
                    match year_before(t, s, e) {
                        Some(y) => e = y,
                        None => break,
                    }
                }
            } else if e >= s + 2 && t[e - 2] == '每' && per_noun(t[e - 1]) {
                // What the figure is per, part of its unit (提高至每人每月800元: 800 元 per
                // person per month), not of what is measured.
                e -= 2;
            } else if let Some(b) = self.comparison_base(t, s, e) {
                // A base before a year is cut with it (地区生产总值较2020年增长).
                e = b;
            } else if let Some(y) = year_before(t, s, e) {
                // The year a figure is reached in (增加到2023年的520家).
                e = y;
            } else {
                no_base = true;
                break;
            }
        }
        // The base of a comparison is no part of what is measured (收入较2022年末增长).
        if !no_base {
            if let Some(b) = self.comparison_base(t, s, e) {
                e = b;
            }
        }
        // `A、B等3家基层医疗机构`: what is counted comes after the unit.
        if e > s && t[e - 1] == '等' {
            s = e;
        }
        // A word the tables keep at the end of a metric (增幅, 占比) stays whole, whatever
        // the tags of the pieces the segmenter cuts it into (占/比, where 比 is a preposition).
        let kept_from = r
            .change
            .ending(t, e, s)
            .filter(|(_, c)| matches!(c, Verb::None | Verb::Rate))
            .map_or(e, |(n, _)| e - n);
        // The metric as spans of `t` (start, end, is a verb).
        let words = &mut scratch.words;
        words.clear();
        // The same as a byte span of the segmented text, when it is one.
        let mut text_span = None;
        if e > s {
            match self.cutter {
                Some(cutter) => {
                    // Only the end of a long clause can be in the metric: segment its last
                    // words, and drop the first one, which may be cut.
                    let ws = s.max(e.saturating_sub(MAX_METRIC + 8));
                    let cut = ws > s;
                    let text = &mut scratch.text;
                    text.clear();
                    push_chars(text, &t[ws..e]);
                    let toks = &mut scratch.toks;
                    toks.clear();
                    cutter.tag_with(text, false, |tok, tag| {
                        toks.push((ws + tok.char_start, ws + tok.char_end, tag, tok.start, tok.end))
                    });
                    // Function words at the edges go: adverbs, prepositions, conjunctions,
                    // particles, pronouns, time words, numerals.
                    let drop = |tag: &str| {
                        matches!(
                            tag.as_bytes().first(),
                            Some(b'd' | b'p' | b'c' | b'u' | b'r' | b'm' | b'q' | b'x')
                        ) || tag == "t"
                            || tag == "f"
                    };
                    let lead = |k: usize| r.lead.map.contains_key(&t[toks[k].0..toks[k].1]);
                    // A word the tables keep whole (亩均, which the segmenter cuts into 亩/q and
                    // 均/d) is no function word at the start either.
                    let kept = |k: usize| {
                        r.change
                            .at(t, toks[k].0)
                            .is_some_and(|(n, v)| *v == Verb::None && toks[k].0 + n > toks[k].1)
                    };
                    // Digits, which the segmenter tags `eng` without its HMM (1.全年), go with the
                    // date they start (11月份, 2023年度).
                    let digits = |k: usize| t[toks[k].0..toks[k].1].iter().all(char::is_ascii_digit);
                    let past_date = |k: usize| {
                        let j = skip_date(t, toks[k].0, e).max(toks[k].1);
                        k + toks[k..].iter().take_while(|tok| tok.0 < j).count()
                    };
                    // Past the function words, cue words and dates from `k` (before `end`).
                    let past_function_words = |mut k: usize, end: usize| {
                        while k < end && (drop(toks[k].2) || lead(k) || digits(k)) && !kept(k) {
                            k = if digits(k) { past_date(k).min(end) } else { k + 1 };
                        }
                        k
                    };
                    let a = past_function_words(usize::from(cut && toks.len() > 1), toks.len());
                    // A measure word goes from the end only after a numeral (3个); after a noun it
                    // is the noun's last character, which the segmenter split off (老年人/口,
                    // 供水管/道).
                    let measure_of_noun = |k: usize| toks[k].2 == "q" && k > a && !matches!(toks[k - 1].2, "m" | "x");
                    let mut b = toks.len();
                    while b > a
                        && drop(toks[b - 1].2)
                        && toks[b - 1].2 != "m"
                        && !measure_of_noun(b - 1)
                        && toks[b - 1].1 <= kept_from
                    {
                        b -= 1;
                    }
                    // Keep the last words within MAX_METRIC characters.
                    let mut len = 0;
                    let mut first = b;
                    while first > a {
                        let l = toks[first - 1].1 - toks[first - 1].0;
                        if len + l > MAX_METRIC {
                            break;
                        }
                        len += l;
                        first -= 1;
                    }
                    // The cut may start inside the clause: trim its start again.
                    let first = past_function_words(first, b);
                    for &(ts, te, tag, _, _) in &toks[first..b] {
                        words.push((ts, te, tag.starts_with('v')));
                    }
                    // The words follow each other in `text`: the metric is a slice of it.
                    if first < b && toks[first..b].windows(2).all(|w| w[0].4 == w[1].3) {
                        text_span = Some((toks[first].3, toks[b - 1].4));
                    }
                }
                None => {
                    let keep = (e - s).min(MAX_METRIC);
                    words.push((e - keep, e, false));
                }
            }
        }
        let m = &mut scratch.metric;
        m.clear();
        match text_span {
            Some((bs, be)) => m.push_str(&scratch.text[bs..be]),
            None => {
                for &(ts, te, _) in words.iter() {
                    push_chars(m, &t[ts..te]);
                }
            }
        }
        // A bare verb (排查, 新建) counts what follows it.
        let only_verbs = words.iter().all(|w| w.2) || words.iter().map(|w| w.1 - w.0).sum::<usize>() <= 2;
        if only_verbs {
            // The noun phrase after the unit: up to the clause's end, 的 or a verb.
            let k = after;
            let end = find_first(t, after, sent_end.min(after + 12), |c| {
                is_clause_end(c) || matches!(c, '、' | '的' | '（' | '(' | '，')
            })
            .unwrap_or(sent_end.min(after + 12));
            // Another figure right after (2户6人): what follows belongs to it.
            if k < end && !could_start(t[k]) {
                if let Some(cutter) = self.cutter {
                    let text = &mut scratch.text;
                    text.clear();
                    push_chars(text, &t[k..end]);
                    let mut noun_chars = 0;
                    let mut done = false;
                    cutter.tag_with(text, false, |tok, tag| {
                        if done {
                            return;
                        }
                        let b = tag.as_bytes();
                        let word = &text[tok.start..tok.end];
                        // A digit starts the next figure (液化气瓶7个), whatever its tag.
                        let stop = (b.first() == Some(&b'v') && tag != "vn")
                            || matches!(b.first(), Some(b'p' | b'c' | b'u' | b'd' | b'm' | b'r' | b'q' | b'w'))
                            || !word.chars().all(char::is_alphanumeric)
                            || word.chars().next().is_some_and(|c| number::digit(c).is_some())
                            || noun_chars >= 8;
                        if stop {
                            done = true;
                        } else {
                            noun_chars += word.chars().count();
                            m.push_str(word);
                        }
                    });
                }
            }
        }
        let m = m.trim();
        if m.is_empty() || m.chars().all(|c| !c.is_alphanumeric()) {
            None
        } else if m.chars().any(is_pair_mark) {
            Some(balanced(m))
        } else {
            Some(m.to_string())
        }
    }

    /// Whether `t[a..b]` is made of link words and comparators only (了, 达到, 分别为, 约, 近),
    /// and spaces: each step takes the longest such word that fits.
    fn only_links(&self, t: &[char], a: usize, b: usize) -> bool {
        let r = self.rules;
        let mut i = a;
        while i < b {
            if t[i] == ' ' {
                i += 1;
                continue;
            }
            let link = r.link.at(t, i).map(|(n, _)| n).filter(|&n| i + n <= b);
            let comparator = r.before.at(t, i).map(|(n, _)| n).filter(|&n| i + n <= b);
            match link.max(comparator) {
                Some(n) => i += n,
                None => return false,
            }
        }
        true
    }

    /// Where a comparison base ends `t[s..e]`, if one does (the tables' `base` kind): a word in
    /// one (同比, 环比), or a mark (较, 比, 由) in the last 12 characters followed by a date or a
    /// period word to the end (较上年, 比2020年末, 较去年同期; 由2020年, the start of a change in
    /// 由2020年的350家增加到520家).
    fn comparison_base(&self, t: &[char], s: usize, e: usize) -> Option<usize> {
        let r = self.rules;
        if let Some((n, _)) = r.base_rate.ending(t, e, s) {
            return Some(e - n);
        }
        // The last mark of the window before its end, the longest one ending there (a mark at
        // the end, 相比 of 与2022年相比, closes a base).
        let floor = s.max(e.saturating_sub(12));
        let (k, after) = (floor + 1..e)
            .rev()
            .find_map(|p| r.base_mark.ending(t, p, floor).map(|(n, _)| (p - n, p)))?;
        let date = skip_date(t, after, e);
        // The base may end with how the figure compares (比全省平均高0.4个百分点).
        let rest = &t[date..e];
        let named = |w: &[char]| r.base_period.map.contains_key(w);
        let compared = rest.len() > 1 && matches!(rest[rest.len() - 1], '高' | '低' | '快' | '慢' | '多' | '少');
        // 与 marks a base only before 相比 (与2022年相比, not 参与全区).
        if t[k..after] == ['与'] && !(rest.ends_with(&['相', '比']) || rest.ends_with(&['相', '较'])) {
            return None;
        }
        (date == e || named(rest) || (compared && named(&rest[..rest.len() - 1]))).then_some(k)
    }

    /// A comparator after a list of coordinated figures applies to each (26万亩、11万吨以上);
    /// a figure of the list without a metric of its own shares the one before.
    fn coordinate(&self, t: &[char], out: &mut [Indicator]) {
        for k in (1..out.len()).rev() {
            let (a, b) = (&out[k - 1], &out[k]);
            let gap = &t[a.end..b.start];
            if !(listed(gap) && gap.iter().any(|&c| is_coordinator(c))) {
                continue;
            }
            let c = out[k].comparator;
            if out[k - 1].comparator == Comparator::Eq && c != Comparator::Range {
                out[k - 1].comparator = c;
            }
        }
        // A change verb before a list governs each figure (分别增长6%和8%).
        for k in 1..out.len() {
            if listed(&t[out[k - 1].end..out[k].start]) && out[k - 1].change {
                out[k].change = true;
            }
        }
        // 分别 (respectively): the figures of a list after it go one to each of the metrics
        // named before it, in order: A达到X元，B达到Y元，分别增长5%和7% gives 5% to A and 7% to B;
        // A、B分别下降2%和3% gives 2% to A and 3% to B.
        let mut k = 0;
        while k < out.len() {
            let mut end = k + 1;
            while end < out.len() && listed(&t[out[end - 1].end..out[end].start]) {
                end += 1;
            }
            let n = end - k;
            let at = respectively(t, out[k].start);
            if n >= 2 && at.is_some() && out[k + 1..end].iter().all(|i| i.metric.is_none()) {
                let parts: Option<Vec<String>> = out[k]
                    .metric
                    .as_deref()
                    .map(|m| m.split('、').map(str::to_string).collect::<Vec<_>>())
                    .filter(|p| p.len() == n && p.iter().all(|x| !x.is_empty()))
                    .or_else(|| self.listed_metrics(t, at.expect("checked"), n));
                let named: Option<Vec<Option<String>>> = match parts {
                    Some(p) => Some(p.into_iter().map(Some).collect()),
                    None if out[k].metric.is_none() && k >= n => {
                        let before = &out[k - n..k];
                        let one_sentence = !t[before[0].end..out[k].start].iter().any(|&c| is_sentence_end(c));
                        (one_sentence && before.iter().all(|i| i.metric.is_some()))
                            .then(|| before.iter().map(|i| i.metric.clone()).collect())
                    }
                    None => None,
                };
                if let Some(named) = named {
                    for (i, m) in named.into_iter().enumerate() {
                        out[k + i].metric = m;
                    }
                }
            }
            k = end;
        }
        // A figure without a metric of its own shares the one just before it in its sentence
        // (26万亩、11万吨; 从140元/月提高至150元/月; 实现产值xx亿元，同比增长xx%; 计划投资4.5亿元，
        // 已完成3.5亿元).
        // A rate of change reaches further back in its sentence (生产总值2845亿元，按可比价格计算，
        // 比上年增长6.1%).
        for k in 1..out.len() {
            if out[k].metric.is_none() {
                let gap = &t[out[k - 1].end..out[k].start];
                let reach = if out[k].change { 24 } else { 12 };
                if gap.len() <= reach && !gap.iter().any(|&c| is_sentence_end(c)) {
                    out[k].metric = out[k - 1].metric.clone();
                }
            }
        }
    }
}

impl Scanner<'_> {
    /// A comparator written before the verb of a figure rather than before its number
    /// (约增长5%, 至少达到3次): the verb (a change or link word) ends at `start`.
    fn comparator_before_verb(&self, t: &[char], start: usize, floor: usize) -> Option<Comparator> {
        let r = self.rules;
        let verb = r
            .change
            .ending(t, start, floor)
            .filter(|(_, v)| **v != Verb::None)
            .map(|(n, _)| n)
            .or_else(|| r.link.ending(t, start, floor).map(|(n, _)| n))?;
        r.before
            .ending(t, start - verb, floor)
            .map(|(_, c)| *c)
            .filter(|&c| c != Comparator::Eq)
    }

    /// The `n` metrics a clause lists before 分别 at `at` (A、B和C分别增长…), read off the text
    /// when the metric of the first figure holds fewer (it keeps only its last words): the
    /// clause cut at each 、 和 及 与, the first part without its leading dates and cue words.
    fn listed_metrics(&self, t: &[char], at: usize, n: usize) -> Option<Vec<String>> {
        let lo = at.saturating_sub(n * MAX_METRIC);
        let from = find_last(t, lo, at, is_clause_end).map_or(lo, |k| k + 1);
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut s = from;
        for (k, &c) in t.iter().enumerate().take(at).skip(from) {
            if matches!(c, '、' | '和' | '及' | '与') {
                parts.push((s, k));
                s = k + 1;
            }
        }
        parts.push((s, at));
        if parts.len() != n || parts.iter().any(|&(a, b)| b <= a || b - a > MAX_METRIC) {
            return None;
        }
        // The first part starts the clause: its dates and cue words go (2023年全市规模以上…).
        let (mut a, b) = parts[0];
        loop {
            let before = a;
            a = skip_date(t, a, b);
            if let Some((m, _)) = self.rules.lead.at(t, a).filter(|&(m, _)| a + m < b) {
                a += m;
            }
            if a == before {
                break;
            }
        }
        parts[0].0 = a;
        // A base in one word ends the list (事故起数和死亡人数同比分别下降…).
        let last = parts.len() - 1;
        if let Some((m, _)) = self.rules.base_rate.ending(t, parts[last].1, parts[last].0) {
            parts[last].1 -= m;
        }
        if parts.iter().any(|&(a, b)| b <= a) {
            return None;
        }
        Some(parts.iter().map(|&(a, b)| string_of(&t[a..b])).collect())
    }
}

/// The other marks that come in pairs, besides [`QUOTES`].
const BRACKETS: [(char, char); 3] = [('‘', '’'), ('（', '）'), ('(', ')')];

/// Quotes and brackets, each (opening, closing).
fn pairs() -> impl Iterator<Item = &'static (char, char)> {
    QUOTES.iter().chain(BRACKETS.iter())
}

fn is_pair_mark(c: char) -> bool {
    pairs().any(|&(a, b)| c == a || c == b)
}

/// `m` without the quote and bracket marks whose partner lies outside it (三公”经费支出, where
/// the metric starts inside “三公”): a closing mark before any opening one, an opening mark
/// never closed.
fn balanced(m: &str) -> String {
    let cs: Vec<char> = m.chars().collect();
    let mut keep = vec![true; cs.len()];
    for &(open, close) in pairs() {
        let mut opened: Vec<usize> = Vec::new();
        for (k, &c) in cs.iter().enumerate() {
            if c == open {
                opened.push(k);
            } else if c == close && opened.pop().is_none() {
                keep[k] = false;
            }
        }
        for k in opened {
            keep[k] = false;
        }
    }
    cs.iter().zip(keep).filter(|&(_, k)| k).map(|(c, _)| *c).collect()
}

/// Whether the text between two figures joins them in a list (`和`, `、`, `与`, `及`, `或`).
fn listed(gap: &[char]) -> bool {
    !gap.is_empty() && gap.len() <= 3 && gap.iter().all(|&c| is_coordinator(c) || c == ' ')
}

/// Where 分别 (respectively) stands before `start` in its clause, at most 12 characters back.
fn respectively(t: &[char], start: usize) -> Option<usize> {
    let lo = start.saturating_sub(12);
    let from = find_last(t, lo, start, is_clause_end).map_or(lo, |k| k + 1);
    t[from..start]
        .windows(2)
        .position(|w| w[0] == '分' && matches!(w[1], '别' | '別'))
        .map(|p| from + p)
}

/// `cs` as a string allocated once at its size.
fn string_of(cs: &[char]) -> String {
    let mut s = String::with_capacity(cs.iter().map(|c| c.len_utf8()).sum());
    for &c in cs {
        s.push(c);
    }
    s
}

/// Past the number at `i` (the whole digit or numeral run), for a failed read.
fn skip_number(t: &[char], i: usize) -> usize {
    let mut j = i;
    while j < t.len()
        && (number::digit(t[j]).is_some()
            || matches!(t[j], '.' | '．' | 'x' | 'X' | '*' | '_')
            || number::chinese_digit(t[j]).is_some()
            || number::scale_char(t[j]).is_some())
    {
        j += 1;
    }
    j.max(i + 1)
}

/// Dates at the start of a metric (2023年, 1-6月, 上半年) are not part of it.
fn skip_date(t: &[char], s: usize, e: usize) -> usize {
    let mut j = s;
    while j < e
        && (number::digit(t[j]).is_some() || matches!(t[j], 'x' | 'X' | '-' | '－' | '—' | '–' | '至' | '~' | '～'))
    {
        j += 1;
    }
    const SUFFIXES: [&[char]; 11] = [
        &['年', '度'],
        &['年', '底'],
        &['年', '末'],
        &['年', '初'],
        &['月', '份'],
        &['月', '底'],
        &['月', '末'],
        &['季', '度'],
        &['年'],
        &['月'],
        &['日'],
    ];
    const PERIODS: [&[char]; 7] = [
        &['上', '半', '年'],
        &['下', '半', '年'],
        &['前', '三', '季', '度'],
        &['一', '季', '度'],
        &['二', '季', '度'],
        &['三', '季', '度'],
        &['四', '季', '度'],
    ];
    if j > s && j < e {
        for suf in SUFFIXES {
            if starts_with(&t[j..e], suf) {
                return j + suf.len();
            }
        }
        return s;
    }
    if s < e {
        for w in PERIODS {
            if starts_with(&t[s..e], w) {
                return s + w.len();
            }
        }
    }
    s
}

/// A noun a figure can be per (每人, 每月, 每亩): a Han character that is no numeral (每万人
/// names a ratio's base, as in 每万人口拥有执业医师数).
fn per_noun(c: char) -> bool {
    crate::clean::is_han(c) && number::chinese_digit(c).is_none() && number::scale_char(c).is_none()
}

/// Where a year (`2023年`, `2023年的`) that ends `t[s..e]` starts.
fn year_before(t: &[char], s: usize, e: usize) -> Option<usize> {
    let end = if e > s && t[e - 1] == '的' { e - 1 } else { e };
    let y = end.checked_sub(5).filter(|&y| y >= s)?;
    number::year_value(t, y).filter(|&(_, ye)| ye == end).map(|_| y)
}

/// The sentence around `start..end`: after the last 。！？ or line break before it, to the next
/// one after it, at most [`MAX_CONTEXT`] characters either side.
fn sentence(t: &[char], start: usize, end: usize) -> (usize, usize) {
    let lo = start.saturating_sub(MAX_CONTEXT);
    let s = find_last(t, lo, start, is_sentence_end).map_or(lo, |k| k + 1);
    let hi = (end + MAX_CONTEXT).min(t.len());
    let e = find_first(t, end, hi, is_sentence_end).unwrap_or(hi);
    (s, e)
}

/// The first `k` in `a..b` where `f(t[k])` (none when the range is empty): over a slice, so
/// without a bounds test a character.
#[inline]
fn find_first(t: &[char], a: usize, b: usize, f: impl Fn(char) -> bool) -> Option<usize> {
    if a >= b {
        return None;
    }
    t[a..b].iter().position(|&c| f(c)).map(|k| a + k)
}

/// The last `k` in `a..b` where `f(t[k])` (none when the range is empty).
#[inline]
fn find_last(t: &[char], a: usize, b: usize, f: impl Fn(char) -> bool) -> Option<usize> {
    if a >= b {
        return None;
    }
    t[a..b].iter().rposition(|&c| f(c)).map(|k| a + k)
}

fn placeholder_year(t: &[char], k: usize) -> Option<usize> {
    if k > 0 && (t[k - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut j = k;
    while j < t.len() && j - k < 4 && (t[j].is_ascii_digit() || matches!(t[j], 'x' | 'X' | '*' | '_')) {
        j += 1;
    }
    if j - k == 4 && t[k..j].iter().any(|c| !c.is_ascii_digit()) && t.get(j) == Some(&'年') {
        Some(j + 1)
    } else {
        None
    }
}

/// The paragraph of a structure holding a character, for characters in text order: a cursor
/// that walks the paragraphs (ordered by start) instead of a binary search per indicator.
struct ParagraphCursor<'s> {
    paragraphs: &'s [structure::Paragraph],
    /// How many paragraphs start at or before the last position asked.
    passed: usize,
}

impl<'s> ParagraphCursor<'s> {
    fn new(structure: Option<&'s Structure>) -> Self {
        ParagraphCursor {
            paragraphs: structure.map_or(&[], |s| s.paragraphs.as_slice()),
            passed: 0,
        }
    }

    /// The paragraph holding character `pos`.
    fn at(&mut self, pos: usize) -> Option<&'s structure::Paragraph> {
        let ps = self.paragraphs;
        if self.passed > 0 && ps[self.passed - 1].start > pos {
            // Behind the cursor (not in text order): search.
            self.passed = ps.partition_point(|p| p.start <= pos);
        }
        while self.passed < ps.len() && ps[self.passed].start <= pos {
            self.passed += 1;
        }
        let p = ps.get(self.passed.checked_sub(1)?)?;
        (pos < p.end.max(p.start + 1)).then_some(p)
    }
}

/// A year a sentence states: (start, end, year; `None` for a placeholder year such as xxxx年).
type Year = (usize, usize, Option<u32>);

/// Quotation marks around names and slogans (opening, closing), whose words are no cues of the
/// sentence.
const QUOTES: [(char, char); 4] = [('“', '”'), ('《', '》'), ('「', '」'), ('『', '』')];
/// The longest quotation read as one (characters); a mark never closed stops counting after it.
const QUOTED: usize = 40;

/// A sentence holding quantities.
struct Sentence {
    start: usize,
    end: usize,
    /// Its stance cues: a range of [`Sentences::cues`].
    cues: (usize, usize),
    /// Its years: a range of [`Sentences::years`].
    years: (usize, usize),
}

/// The sentences holding quantities, with their stance cues and years, each read once for all
/// its quantities; the cues and years of all sentences share two vectors.
#[derive(Default)]
struct Sentences {
    list: Vec<Sentence>,
    /// Stance cues (position, cue), `none` words left out.
    cues: Vec<(usize, Cue)>,
    years: Vec<Year>,
}

impl Sentences {
    /// Read `t[s..e]` in one pass: cue words left to right, longest first, each read past,
    /// and years likewise (two independent readings, each with its own next position). Only
    /// the positions of `stops` (every position of a sentence mark, in order) are looked at.
    fn read(&mut self, t: &[char], s: usize, e: usize, r: &IndicatorRules, stops: &[u32]) {
        let (cues0, years0) = (self.cues.len(), self.years.len());
        // The first position each reading may look at again (past its last word).
        let (mut next_cue, mut next_year) = (s, s);
        let from = stops.partition_point(|&k| (k as usize) < s);
        let to = e.min(t.len());
        // Where the quotation the reading is in opened: a cue inside quotes is part of a name
        // or a slogan (“管行业就要管垃圾分类”, 《2023年工作计划》), not of the sentence. A mark
        // never closed stops counting after QUOTED characters.
        let mut quoted: Option<usize> = None;
        for &k in stops[from..].iter().take_while(|&&k| (k as usize) < to) {
            let k = k as usize;
            let c = t[k];
            if !r.sentence_marks.may_contain(c) {
                continue;
            }
            if QUOTES.iter().any(|&(open, _)| open == c) {
                quoted = Some(k);
                continue;
            }
            if QUOTES.iter().any(|&(_, close)| close == c) {
                quoted = None;
                continue;
            }
            if quoted.is_some_and(|q| k - q > QUOTED) {
                quoted = None;
            }
            if k >= next_cue && quoted.is_none() {
                if let Some((n, cue)) = r.stance.at(t, k) {
                    if k + n <= e {
                        if *cue != Cue::None {
                            self.cues.push((k, *cue));
                        }
                        next_cue = k + n;
                    }
                }
            }
            if k >= next_year
                && (number::digit(c).is_some() || number::chinese_digit(c).is_some() || matches!(c, 'x' | 'X'))
            {
                if let Some((y, ye)) = number::year_value(t, k) {
                    if !base_year(t, k, ye, s, r) {
                        self.years.push((k, ye, Some(y)));
                    }
                    next_year = ye;
                } else if let Some(ye) = placeholder_year(t, k) {
                    self.years.push((k, ye, None));
                    next_year = ye;
                }
            }
        }
        self.list.push(Sentence {
            start: s,
            end: e,
            cues: (cues0, self.cues.len()),
            years: (years0, self.years.len()),
        });
    }

    fn cues_of(&self, k: usize) -> &[(usize, Cue)] {
        let (a, b) = self.list[k].cues;
        &self.cues[a..b]
    }

    fn years_of(&self, k: usize) -> &[Year] {
        let (a, b) = self.list[k].years;
        &self.years[a..b]
    }
}

/// Whether the year at `k..ye` (in a sentence from `s`) is the base of a comparison, which is
/// no period of the sentence's figures: after a base mark (较2022年, 比2020年) other than one
/// that starts a change (由2020年的350家增加到520家), between 与/同 and 相比 (与2022年相比), or
/// before 基础 or 为基数 (在2020年基础上翻一番, 以2020年为基数).
fn base_year(t: &[char], k: usize, ye: usize, s: usize, r: &IndicatorRules) -> bool {
    let compared = |w: &[char]| (ye..(ye + 4).min(t.len())).any(|j| starts_with(&t[j..], w));
    let closed = compared(&['相', '比']) || compared(&['相', '较']);
    // 与 marks a base only before 相比, as in `Scanner::comparison_base` (2023年与2024年 are two
    // periods).
    if let Some((n, from)) = r.base_mark.ending(t, k, s) {
        if !*from && (t[k - n..k] != ['与'] || closed) {
            return true;
        }
    }
    // 在2020年基础上, 以2020年为基数
    if compared(&['基', '础']) || compared(&['为', '基', '数']) {
        return true;
    }
    k > s && matches!(t[k - 1], '同' | '和') && closed
}

/// The year a sentence states (`years` are its years): the nearest before the quantity, else
/// the first after. A placeholder year (xxxx年) gives none.
fn period(years: &[Year], start: usize, end: usize) -> Option<u32> {
    if let Some((_, _, y)) = years.iter().rev().find(|(_, ye, _)| *ye <= start) {
        return *y;
    }
    years.iter().find(|(ys, _, _)| *ys >= end).and_then(|(_, _, y)| *y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest word of `words` at `i` (starting there) and ending at `end`, by brute force.
    fn brute(words: &[(String, u32)], t: &[char], i: usize, end: usize, floor: usize) -> [Option<(usize, u32)>; 2] {
        let longest = |fits: &dyn Fn(&[char]) -> bool| {
            words
                .iter()
                .map(|(w, v)| (w.chars().collect::<Vec<_>>(), *v))
                .filter(|(w, _)| fits(w))
                .max_by_key(|(w, _)| w.len())
                .map(|(w, v)| (w.len(), v))
        };
        [
            longest(&|w| t.get(i..).is_some_and(|r| starts_with(r, w))),
            longest(&|w| end >= floor + w.len() && end <= t.len() && t[end - w.len()..end] == *w),
        ]
    }

    #[test]
    fn lookups_agree_with_brute_force_below_and_above_the_scan_bound() {
        // Words on one first and one last character: a few (compared one by one), then hundreds
        // (probed by length), of lengths 1 to 5, with one value per word.
        let alphabet: Vec<char> = "个万元亿吨人次年".chars().collect();
        for n in [3usize, Bucket::<u32>::SCAN, 400] {
            let mut words = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for k in 0..n * 3 {
                let len = 1 + k % 5;
                let mut w: String = (0..len)
                    .map(|j| alphabet[(k * 7 + j * 3 + k / 5) % alphabet.len()])
                    .collect();
                if k % 2 == 0 {
                    w.replace_range(..w.chars().next().unwrap().len_utf8(), "个");
                } else {
                    let last = w.chars().last().unwrap();
                    w.truncate(w.len() - last.len_utf8());
                    w.push('元');
                }
                if seen.insert(w.clone()) && words.len() < n * 2 {
                    words.push((w, k as u32));
                }
            }
            let mut table = Words::default();
            for (w, v) in &words {
                table.insert(w, *v);
            }
            table.finish();
            let text: Vec<char> = (0..600).map(|k| alphabet[(k * 5 + k / 7) % alphabet.len()]).collect();
            for i in 0..=text.len() {
                let floor = i.saturating_sub(3);
                let [at, ending] = brute(&words, &text, i, i, floor);
                assert_eq!(table.at(&text, i).map(|(l, v)| (l, *v)), at, "at {i}, {n} words");
                assert_eq!(
                    table.ending(&text, i, floor).map(|(l, v)| (l, *v)),
                    ending,
                    "ending {i}, {n} words"
                );
            }
        }
    }
}
