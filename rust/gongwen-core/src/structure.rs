//! Document structure of official reports: which report a line belongs to, under which numbered
//! headings it sits, and whether its section reports results or sets targets.
//!
//! [`analyze`] reads a cleaned text (pinyin readings removed; punctuation ASCII or full-width;
//! Simplified, Traditional or both) line by line, once, and returns a [`Structure`]: the
//! documents of a compilation as [`DocSpan`]s that partition the text, and one [`Paragraph`] per
//! non-blank line with its document, its heading path and its [`Stance`]. Offsets are character
//! indices (Python `str` indices). The work is linear in the size of the text: besides counting a
//! line's characters, every rule looks at a bounded prefix of it (markers, titles, heading
//! text), and the heading stack is at most six deep.
//!
//! # Headings
//!
//! A paragraph that starts with a marker opens a heading of a fixed level:
//!
//! | level | markers |
//! |---|---|
//! | 0 | `第一部分` `第一章` `第一篇`, and an unnumbered part heading such as `2023年工作思路` |
//! | 1 | `一、` `一.` `一．` |
//! | 2 | `(一)` `（一）` `〔一〕`, and `()` whose numeral was lost |
//! | 3 | `1.` `1、` `１．` (not a decimal such as `2.5万亩`), `_.` with the numeral lost |
//! | 4 | `(1)` `（１）` `⑴` |
//! | 5 | `一是` `二是` `第一，` `①`, inline: the paragraph goes on after the clause |
//!
//! A heading's text is the clause after its marker (up to `。`, `；`, `：`, `？`, `！`, or the
//! line end), so `(一)政策支持方面:一是人员不足` has the heading `政策支持方面` and its body. A
//! marker numbered one right after a heading's text opens a glued child (`一、工作总结(一)围绕…`,
//! `三、2024年工作计划(一)突出…`), and an unnumbered part heading glued to `一、` is split off
//! (`2021年工作计划一、宣传工作。`). A paragraph's `heading_path` is the stack of headings that
//! enclose it, itself included when it opens one; pushing a heading pops every heading of its
//! level or deeper. Numbering that restarts (`(一)` again while a `(三)` is open, with no new
//! parent in between) also pops the parent, whose sections have ended. `is_heading` is true for a
//! line that is only a heading (or a title), false when body text follows the heading clause.
//!
//! # Documents
//!
//! A new document starts at
//!
//! 1. a **title line**: at most 50 characters, no marker, no sentence punctuation (`。，；：！？`),
//!    ending (after decorations such as `模板`, `范文` or a trailing bracket) with a genre noun:
//!    `总结`, `计划`, `汇报`, `报告`, `情况`, `方案`, `要点` ... (`宣传工作情况汇报`). A line
//!    made only of cue words, generic words and a year (`2023年工作计划`) is a part heading of the
//!    current document instead, unless it repeats the stance of the previous part heading (a
//!    second `工作总结` opens a new report; `工作计划` after `工作总结` does not). A line ending
//!    in `汇编`, `合集` or `(85篇)` is a compilation title and opens nothing. Lines before the
//!    first title with no heading, at most two of them (a site's lead-in, a date), belong to the
//!    first titled document; a title right after a title (a site's block title, then the
//!    report's own) opens one document, titled by the first;
//! 2. a **title glued to its body**: `关于宣传工作情况汇报我镇宣传工作在…`;
//! 3. the first substantial paragraph after a **closing line** (`汇报完毕。`, `以上汇报不妥之处，
//!    请批评指正。`, `特此报告。`); short signature and date lines stay with the report they sign;
//! 4. a **numbering restart** in a document that has no title line: `一、` while a level 1
//!    heading of the same document is open (or while `(二)` or later is the top level and no
//!    `一、` was seen), with no part heading in between. Reports compiled without their titles
//!    (seed 002) start with one introductory paragraph and then `一、`; that paragraph moves to
//!    the new document unless it is the only body of the preceding heading. In a document with a
//!    title, a restart is a new top-level section of the same report.
//!
//! # Stance
//!
//! Each heading and each document title gets cues from `data/structure/cues.tsv`: Simplified
//! phrases with their Traditional forms (OpenCC's `s2t`, `s2tw`, `s2hk`, `s2twp`, checked by the
//! tests, plus forms seen in machine-converted text such as `匯報`, `關于`). Before matching, the
//! text is folded character by character to Simplified with the pairs of the table, so mixed
//! forms match too. A cue has a strength:
//!
//! - **phrase**, strong in titles and headings down to level 2, deeper only on a heading line of
//!   its own: Actual `工作总结` `完成情况` `开展情况` `主要成效` `主要做法` `今年以来` ...; Target
//!   `工作计划` `工作打算` `工作思路` `下一步` `下步` `今后` `明年` `打算` `目标任务` ...;
//! - **top**, strong in titles and level 0/1 headings and ignored deeper, where such words are
//!   topics (`巩固拓展脱贫攻坚成果` in a plan, `突出工作重点`): Actual `总结` `成效` `成绩` `成果`
//!   `做法` `亮点` `取得` `以来`; Target `计划` `思路` `安排` `规划` `举措` `重点工作`;
//! - **weak**, in titles and level 0/1 headings only: Actual `主要工作` `汇报` `情况` `问题`
//!   `困难`; Target `目标` `任务`;
//! - a **year** in a title or a level 0/1 heading counts as a phrase: later than the document's
//!   year is Target (`2023年重点工作` in a report on 2022), earlier is Actual. The document's
//!   year is the earliest year its title and level 0/1 headings name (`2022年工作总结` before
//!   `2023年工作计划`). A document whose title and headings name no year has none, and needs
//!   none: a year is only compared in a cue that names one, and that cue names the document's.
//!
//! At one heading the stronger side wins (`重点工作完成情况` is Actual, `存在的问题及下一步打算`
//! Target); two strong sides are mixed (`2022年度工作总结及2023年工作计划`). A paragraph takes
//! the stance of the nearest heading on its path, then the document title, with a strong cue (a
//! mixed one gives [`Stance::Unknown`]); failing that, of the nearest weak cue; failing that it
//! is `Unknown`. Cues in body sentences are not read here (the indicator stage does that).
//!
//! ```
//! use gongwen_core::structure::{analyze, Stance};
//!
//! let text = "一、2022年工作总结\n(一)经济运行。全年完成投资12亿元。\n二、2023年工作计划\n(一)扩大投资。力争完成投资15亿元。\n";
//! let s = analyze(text);
//! assert_eq!(s.documents.len(), 1);
//! let p = &s.paragraphs[3];
//! assert_eq!(p.heading_path.iter().map(|h| h.marker.as_str()).collect::<Vec<_>>(), ["二、", "(一)"]);
//! assert_eq!(p.heading_path[1].text, "扩大投资");
//! assert_eq!((s.paragraphs[1].stance, p.stance), (Stance::Actual, Stance::Target));
//! ```

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::charset::CharSet;

/// The structure of a text: its documents and its paragraphs, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    /// The documents, contiguous and covering the whole text (none for a blank text).
    pub documents: Vec<DocSpan>,
    /// One entry per non-blank line.
    pub paragraphs: Vec<Paragraph>,
}

/// One report of a compilation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSpan {
    /// Character offset where the document starts (the start of its first line; 0 for the first).
    pub start: usize,
    /// Character offset where it ends (the next document's start, or the text's length).
    pub end: usize,
    /// Its title line (or the title glued to its first line), if it has one.
    pub title: Option<String>,
}

/// One non-blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Character offset of the line's first non-blank character.
    pub start: usize,
    /// Character offset after its last non-blank character.
    pub end: usize,
    /// Index into [`Structure::documents`].
    pub doc: usize,
    /// The enclosing headings, outermost first; a line that opens headings ends with them.
    /// Shared by the consecutive paragraphs of a section (a huge document holds each path
    /// once per section, not once per line).
    pub heading_path: Arc<[Heading]>,
    /// Whether its section reports results or sets targets.
    pub stance: Stance,
    /// The line is only a heading or a title (no body text after the heading's clause).
    pub is_heading: bool,
}

/// A numbered (or part) heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 0 (`第一部分`, part heading), 1 (`一、`), 2 (`(一)`), 3 (`1.`), 4 (`(1)`), 5 (`一是`).
    pub level: u8,
    /// The marker as written: `"一、"`, `"（一）"`, `"1."`, `"(1)"`, `"一是"`; empty for an
    /// unnumbered part heading.
    pub marker: String,
    /// The heading's clause, without the marker and the final punctuation.
    pub text: String,
    /// Character offset of the marker (of the text for an unnumbered part heading).
    pub start: usize,
}

/// What a section's numbers mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Stance {
    /// The section reports results: 工作总结, 主要成效, 完成情况, 回顾, 取得 ...
    Actual,
    /// The section sets plans or targets: 工作计划, 下一步工作, 打算, 思路, a later year ...
    Target,
    /// No cue, or conflicting cues.
    #[default]
    Unknown,
}

/// Analyse `text`: documents, paragraphs, heading paths and stances. Never panics; linear time.
pub fn analyze(text: &str) -> Structure {
    // The lines of `text.split('\n')`, found by memchr's vector search (the splitter's is a
    // word at a time) and counted first: a paragraph per line at most, so the arrays are
    // allocated once.
    let mut ends: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    ends.push(text.len());
    let mut b = Builder::new(vocab(), ends.len());
    let mut pos = 0usize;
    let mut from = 0;
    for end in ends {
        let raw = &text[from..end];
        from = end + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let n = line.chars().count();
        b.line(line, pos, n);
        pos += n + (raw.len() - line.len()) + 1;
    }
    b.finish(pos - 1)
}

// ---------------------------------------------------------------------------------------------
// Limits (characters). They bound the work per line, so a 10 MB line costs one scan.

/// Characters of a line that the marker, title and heading rules look at.
const PREFIX: usize = 200;
/// Longest title line.
const MAX_TITLE: usize = 50;
/// Longest unnumbered part heading.
const MAX_PART: usize = 24;
/// Longest heading clause kept; a longer one is cut at its first comma.
const MAX_HEADING_TEXT: usize = 60;
/// A heading line ending in 。 is heading-only up to this clause length (longer: a sentence).
const MAX_HEADING_ONLY: usize = 40;
/// Without a final stop, a heading-only line (often a broken line) up to this length.
const MAX_HEADING_ONLY_NOTERM: usize = 50;
/// Longest closing line (`以上汇报不妥之处，请批评指正。`).
const MAX_CLOSING: usize = 40;
/// Lines after a closing line up to this length without 。 are signatures and dates.
const MAX_SIGNATURE: usize = 30;
/// A title glued to its body ends within this many characters.
const GLUE_WINDOW: usize = 40;
/// Lines before the first title, without headings, that count as its lead-in.
const MAX_PREAMBLE: usize = 2;

// ---------------------------------------------------------------------------------------------
// Cue tables

const CUES_TSV: &str = include_str!("../data/structure/cues.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Phrase,
    Top,
    Weak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cue(Stance, Tier),
    Genre,
    Collection,
    Decoration,
    Generic,
    Closing,
    About,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        use Stance::{Actual, Target};
        Some(match s {
            "actual-phrase" => Kind::Cue(Actual, Tier::Phrase),
            "actual-top" => Kind::Cue(Actual, Tier::Top),
            "actual-weak" => Kind::Cue(Actual, Tier::Weak),
            "target-phrase" => Kind::Cue(Target, Tier::Phrase),
            "target-top" => Kind::Cue(Target, Tier::Top),
            "target-weak" => Kind::Cue(Target, Tier::Weak),
            "genre" => Kind::Genre,
            "collection" => Kind::Collection,
            "decoration" => Kind::Decoration,
            "generic" => Kind::Generic,
            "closing" => Kind::Closing,
            "about" => Kind::About,
            _ => return None,
        })
    }
}

/// The parsed cue table: a Traditional-to-Simplified character fold and the folded words.
struct Vocab {
    fold: FxHashMap<char, char>,
    words: Vec<(Vec<char>, Kind)>,
    /// Indices into `words` by first character, longest word first.
    by_first: FxHashMap<char, Vec<usize>>,
    /// Bit `c & 0xffff` set for every key of `fold`, and for every first character of a word:
    /// most characters are neither, and a bit test is cheaper than a hash probe.
    fold_bits: CharSet,
    first_bits: CharSet,
    /// First characters of the `About` words.
    about_first: Vec<char>,
    /// Indices into `words` of the genre, collection and decoration words.
    genre: Vec<usize>,
    collection: Vec<usize>,
    decoration: Vec<usize>,
    /// Rows whose Traditional form folds a character two ways (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    conflicts: Vec<(char, char, char)>,
    /// Rows with an unknown kind or a missing column (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    bad_rows: Vec<String>,
}

impl Vocab {
    fn parse(tsv: &str) -> Vocab {
        let mut rows: Vec<(Kind, &str, Vec<&str>)> = Vec::new();
        let mut bad_rows = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(simp)) = (cols.next().and_then(Kind::parse), cols.next()) else {
                bad_rows.push(line.to_string());
                continue;
            };
            if simp.is_empty() {
                bad_rows.push(line.to_string());
                continue;
            }
            let trad = cols.next().unwrap_or("").split(' ').filter(|t| !t.is_empty()).collect();
            rows.push((kind, simp, trad));
        }
        let mut fold = FxHashMap::default();
        let mut conflicts = Vec::new();
        for (_, simp, trad) in &rows {
            for t in trad {
                if t.chars().count() != simp.chars().count() {
                    continue;
                }
                for (a, b) in t.chars().zip(simp.chars()) {
                    if a == b {
                        continue;
                    }
                    match fold.get(&a) {
                        Some(&x) if x != b => conflicts.push((a, x, b)),
                        Some(_) => {}
                        None => {
                            fold.insert(a, b);
                        }
                    }
                }
            }
        }
        let mut fold_bits = CharSet::default();
        for &c in fold.keys() {
            fold_bits.insert(c as u32);
        }
        let mut v = Vocab {
            fold,
            words: Vec::new(),
            by_first: FxHashMap::default(),
            fold_bits,
            first_bits: CharSet::default(),
            about_first: Vec::new(),
            genre: Vec::new(),
            collection: Vec::new(),
            decoration: Vec::new(),
            conflicts,
            bad_rows,
        };
        for (kind, simp, trad) in &rows {
            let s = v.fold_str(simp);
            for t in trad {
                let f = v.fold_str(t);
                if f != s {
                    v.words.push((f, *kind));
                }
            }
            v.words.push((s, *kind));
        }
        for (i, (w, kind)) in v.words.iter().enumerate() {
            v.by_first.entry(w[0]).or_default().push(i);
            v.first_bits.insert(w[0] as u32);
            if *kind == Kind::About && !v.about_first.contains(&w[0]) {
                v.about_first.push(w[0]);
            }
            match kind {
                Kind::Genre => v.genre.push(i),
                Kind::Collection => v.collection.push(i),
                Kind::Decoration => v.decoration.push(i),
                _ => {}
            }
        }
        let words = &v.words;
        for list in v.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(words[i].0.len()));
        }
        v
    }

    #[inline]
    fn fold(&self, c: char) -> char {
        if !self.fold_bits.may_contain(c) {
            return c;
        }
        *self.fold.get(&c).unwrap_or(&c)
    }

    /// Whether a word may start with `c`.
    #[inline]
    fn may_start(&self, c: char) -> bool {
        self.first_bits.may_contain(c)
    }

    fn fold_str(&self, s: &str) -> Vec<char> {
        s.chars().map(|c| self.fold(c)).collect()
    }

    /// The words starting at `s[i]`, longest first, with their lengths.
    fn at<'a>(&'a self, s: &'a [char], i: usize) -> impl Iterator<Item = (usize, Kind)> + 'a {
        let list = s
            .get(i)
            .filter(|&&c| self.may_start(c))
            .and_then(|c| self.by_first.get(c))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        list.iter().filter_map(move |&k| {
            let (w, kind) = &self.words[k];
            let t = &s[i..];
            (t.len() >= w.len() && w.iter().zip(t).all(|(a, b)| a == b)).then_some((w.len(), *kind))
        })
    }

    /// Length of the longest of the words `list` (indices) that `s` ends with.
    fn ends_with(&self, s: &[char], list: &[usize]) -> Option<usize> {
        list.iter()
            .map(|&i| &self.words[i].0)
            .filter(|w| s.ends_with(w))
            .map(Vec::len)
            .max()
    }

    /// Whether `s` contains a word of `kind`.
    fn contains(&self, s: &[char], kind: Kind) -> bool {
        (0..s.len()).any(|i| self.at(s, i).any(|(_, k)| k == kind))
    }
}

fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab::parse(CUES_TSV))
}

/// Cue strengths of one heading or title: 0 none, 1 weak, 2 strong (top tier), 3 phrase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cue {
    actual: u8,
    target: u8,
    /// The single year a title or level 0/1 heading names.
    year: Option<u32>,
}

impl Cue {
    /// Whether a heading of `level` can have cues at all: below level 2, a clause that the
    /// paragraph's body continues has none (see [`Cue::of`]).
    fn possible(level: u8, standalone: bool) -> bool {
        level <= 2 || standalone
    }

    /// The cues of a heading's (or, at level 0, a title's) folded text. `standalone`: the
    /// heading is a line of its own, not a clause that the paragraph's body continues.
    fn of(v: &Vocab, folded: &[char], level: u8, standalone: bool) -> Cue {
        let mut cue = Cue::default();
        if !Cue::possible(level, standalone) {
            return cue;
        }
        for i in 0..folded.len() {
            for (_, kind) in v.at(folded, i) {
                let Kind::Cue(stance, tier) = kind else { continue };
                // Deep headings are topics (巩固脱贫攻坚成果, 突出工作重点): only a phrase counts,
                // and below level 2 only on a heading line of its own.
                let strength = match tier {
                    Tier::Phrase if level <= 2 || standalone => 3,
                    Tier::Top if level <= 1 => 2,
                    Tier::Weak if level <= 1 => 1,
                    Tier::Phrase | Tier::Top | Tier::Weak => 0,
                };
                match stance {
                    Stance::Actual => cue.actual = cue.actual.max(strength),
                    Stance::Target => cue.target = cue.target.max(strength),
                    Stance::Unknown => {}
                }
            }
        }
        if level <= 1 {
            // The year, if every year the text names is the same.
            let (mut first, mut single) = (None, true);
            scan_years(folded.iter().copied(), |y| match first {
                None => first = Some(y),
                Some(f) => single &= f == y,
            });
            cue.year = first.filter(|_| single);
        }
        cue
    }

    /// The winning stance and its strength (`Unknown` with strength >= 2 when mixed).
    fn resolve(self, doc_year: Option<u32>) -> (Stance, u8) {
        let (mut a, mut t) = (self.actual, self.target);
        if let (Some(y), Some(d)) = (self.year, doc_year) {
            if y > d {
                t = 3;
            } else if y < d {
                a = 3;
            }
        }
        if a > t {
            (Stance::Actual, a)
        } else if t > a {
            (Stance::Target, t)
        } else if a >= 2 {
            (Stance::Unknown, a)
        } else {
            (Stance::Unknown, 0)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Characters

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// Sentence punctuation that a title or part heading never contains.
fn is_sentence_punct(c: char) -> bool {
    matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// Where a heading's clause ends.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// What may follow a heading's clause on a heading-only line.
fn is_closing_mark(c: char) -> bool {
    is_space(c) || matches!(c, '。' | '”' | '’' | '"' | ')' | '）' | '」' | '』' | '》' | '〕' | '.')
}

/// Trimmed off the ends of a heading's text.
fn is_edge_punct(c: char) -> bool {
    is_space(c) || matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';' | '。' | '.' | '．')
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Calls `f` with every year written as four digits (`2023年`, `２０２３年`, `二〇二三年`).
fn scan_years(chars: impl IntoIterator<Item = char>, mut f: impl FnMut(u32)) {
    let (mut run, mut val, mut cn_run, mut cn_val) = (0u32, 0u32, 0u32, 0u32);
    for c in chars {
        if let Some(d) = digit(c) {
            run += 1;
            val = val.saturating_mul(10).saturating_add(d);
            cn_run = 0;
            cn_val = 0;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            cn_run += 1;
            cn_val = cn_val.saturating_mul(10).saturating_add(d);
            run = 0;
            val = 0;
            continue;
        }
        if c == '年' {
            if run == 4 && (1949..=2100).contains(&val) {
                f(val);
            } else if cn_run == 4 && (1949..=2100).contains(&cn_val) {
                f(cn_val);
            }
        }
        (run, val, cn_run, cn_val) = (0, 0, 0, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Markers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    level: u8,
    numeral: Option<u32>,
    len: usize,
}

fn cn_value(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '〇' | '零' => None,
        _ => cn_digit(c),
    }
}

/// A Chinese numeral from 1 to 99 at `s[i..]` (一, 十, 十一, 二十, 二十三): value and length.
fn cn_numeral(s: &[char], i: usize) -> Option<(u32, usize)> {
    let a = cn_value(*s.get(i)?)?;
    let b = s.get(i + 1).and_then(|&c| cn_value(c));
    let c = s.get(i + 2).and_then(|&c| cn_value(c));
    Some(match (a, b, c) {
        (10, Some(d), _) if d < 10 => (10 + d, 2),
        (10, _, _) => (10, 1),
        (d, Some(10), Some(e)) if e < 10 => (d * 10 + e, 3),
        (d, Some(10), _) => (d * 10, 2),
        (d, _, _) => (d, 1),
    })
}

/// One or two Arabic digits (ASCII or full-width) at `s[i..]`, not followed by a third.
fn arabic(s: &[char], i: usize) -> Option<(u32, usize)> {
    let mut v = 0;
    let mut n = 0;
    while let Some(d) = s.get(i + n).and_then(|&c| digit(c)) {
        if n == 2 {
            return None;
        }
        v = v * 10 + d;
        n += 1;
    }
    (n > 0 && v > 0).then_some((v, n))
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '〔' | '［' | '[')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '〕' | '］' | ']')
}

/// The heading marker at `s[i..]`, if any.
fn parse_marker(s: &[char], i: usize) -> Option<Marker> {
    let c = *s.get(i)?;
    let at = |k: usize| s.get(k).copied();
    let mk = |level, numeral, len| Some(Marker { level, numeral, len });
    match c {
        '第' => {
            let (n, l) = cn_numeral(s, i + 1).or_else(|| arabic(s, i + 1))?;
            let j = i + 1 + l;
            match (at(j), at(j + 1)) {
                (Some('部'), Some('分')) => mk(0, Some(n), j + 2 - i),
                (Some('章' | '篇'), _) => mk(0, Some(n), j + 1 - i),
                (Some('，' | ',' | '、'), _) if cn_numeral(s, i + 1).is_some() => mk(5, Some(n), j + 1 - i),
                _ => None,
            }
        }
        _ if is_open(c) => {
            let (level, numeral, j) = if let Some((n, l)) = cn_numeral(s, i + 1) {
                (2, Some(n), i + 1 + l)
            } else if let Some((n, l)) = arabic(s, i + 1) {
                (4, Some(n), i + 1 + l)
            } else {
                // `()主要工作完成情况`: the numeral was lost, the heading was not.
                let next = at(i + 2)?;
                if is_space(next) || is_sentence_punct(next) || is_close(next) || is_open(next) {
                    return None;
                }
                (2, None, i + 1)
            };
            if !at(j).is_some_and(is_close) {
                return None;
            }
            let len = j + 1 - i + usize::from(at(j + 1) == Some('、'));
            mk(level, numeral, len)
        }
        '⑴'..='⒇' => mk(4, Some(c as u32 - '⑴' as u32 + 1), 1),
        '①'..='⑳' => mk(5, Some(c as u32 - '①' as u32 + 1), 1),
        '_' | '＿' => {
            let n = s[i..].iter().take_while(|&&c| c == '_' || c == '＿').count();
            let ok = n <= 3
                && matches!(at(i + n), Some('、' | '.' | '．'))
                && at(i + n + 1).is_none_or(|c| digit(c).is_none());
            if ok {
                mk(3, None, n + 1)
            } else {
                None
            }
        }
        _ if cn_value(c).is_some() => {
            let (n, l) = cn_numeral(s, i)?;
            match at(i + l) {
                Some('、' | '．' | '.') => mk(1, Some(n), l + 1),
                Some('是') => mk(5, Some(n), l + 1),
                _ => None,
            }
        }
        _ if digit(c).is_some() => {
            let (n, l) = arabic(s, i)?;
            let decimal = at(i + l + 1).is_some_and(|c| digit(c).is_some());
            match at(i + l) {
                Some('、') => mk(3, Some(n), l + 1),
                Some('.' | '．') if !decimal => mk(3, Some(n), l + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A marker numbered one, deeper than `parent`, glued right after a heading's clause at `s[j]`.
fn glued_child(s: &[char], j: usize, parent: u8) -> Option<Marker> {
    // Only these can start a marker numbered one.
    if !(matches!(s[j], '一' | '第' | '⑴' | '①' | '0' | '1' | '０' | '１') || is_open(s[j])) {
        return None;
    }
    let m = parse_marker(s, j)?;
    if m.level <= parent || m.numeral != Some(1) || j == 0 {
        return None;
    }
    let prev = s[j - 1];
    if m.level == 3 && (digit(prev).is_some() || matches!(prev, '.' | '．' | '第')) {
        return None;
    }
    // 统一是, 唯一是 ...: words ending in 一, not a list.
    if s[j] == '一'
        && matches!(
            prev,
            '统' | '統'
                | '唯'
                | '单'
                | '單'
                | '同'
                | '万'
                | '萬'
                | '之'
                | '专'
                | '專'
                | '归'
                | '歸'
                | '合'
                | '划'
                | '劃'
                | '整'
                | '逐'
                | '每'
                | '不'
        )
    {
        return None;
    }
    Some(m)
}

// ---------------------------------------------------------------------------------------------
// Lines

/// A heading as parsed from a line, positions relative to the line's first non-blank character.
#[derive(Debug, Clone)]
struct RawHead<'t> {
    level: u8,
    numeral: Option<u32>,
    marker_at: usize,
    marker: &'t str,
    text: &'t str,
    text_at: usize,
    /// The cues of its text.
    cue: Cue,
}

impl<'t> RawHead<'t> {
    /// The heading of a part of a compilation (`2021年工作总结`): level 0, no marker, at the
    /// start of its line. `folded` is `text` folded.
    fn part(v: &Vocab, text: &'t str, folded: &[char]) -> RawHead<'t> {
        RawHead {
            level: 0,
            numeral: None,
            marker_at: 0,
            marker: "",
            text,
            text_at: 0,
            cue: Cue::of(v, folded, 0, true),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LineKind<'t> {
    Body,
    /// A title line.
    Title(&'t str),
    /// A title glued to the body on the same line.
    Glued(&'t str),
    /// A compilation title.
    Collection,
    /// An unnumbered part heading with its stance (its heads hold the level-0 heading).
    Part(Stance),
}

/// What a line is (its headings are in a buffer of the builder).
#[derive(Debug, Clone)]
struct LineClass<'t> {
    kind: LineKind<'t>,
    heading_only: bool,
    closing: bool,
}

impl LineClass<'_> {
    fn body() -> Self {
        LineClass {
            kind: LineKind::Body,
            heading_only: false,
            closing: false,
        }
    }
}

/// Characters from a marker's first that [`parse_marker`] reads (`(十一)、`, `第十一部分`); a
/// marker is at most this long.
const MARKER_READ: usize = 6;

/// The first [`PREFIX`] characters of a line's text (blanks trimmed), decoded and folded only
/// as far as a rule reads them: most lines are body text that their first characters tell, and
/// most heading clauses end a few characters after their marker.
struct Prefix<'t> {
    /// The line's text.
    text: &'t str,
    /// Its characters not decoded yet.
    rest: std::str::Chars<'t>,
    /// Its first characters, decoded.
    chars: Vec<char>,
    /// The first characters of `chars`, folded.
    folded: Vec<char>,
    /// Characters the rules may read: the text's, at most [`PREFIX`].
    len: usize,
    /// The text's length in characters.
    full: usize,
}

impl<'t> Prefix<'t> {
    /// Decode the first `k` characters (all `len` if fewer).
    #[inline(always)]
    fn decode(&mut self, k: usize) {
        if self.chars.len() < k.min(self.len) {
            self.decode_more(k.min(self.len));
        }
    }

    /// Decode up to the `k`th character, and a few more: the scan of a heading's clause asks
    /// for one more at a time.
    fn decode_more(&mut self, k: usize) {
        let n = (k - self.chars.len()).max(8).min(self.len - self.chars.len());
        // A plain loop: `extend` from a `Take<&mut Chars>` checks the capacity per character.
        self.chars.reserve(n);
        for _ in 0..n {
            let Some(c) = self.rest.next() else { break };
            self.chars.push(c);
        }
    }

    /// Decode and fold the first `k` characters (all `len` if fewer).
    fn fold(&mut self, v: &Vocab, k: usize) {
        self.decode(k);
        let (from, to) = (self.folded.len(), self.chars.len().min(k));
        if from < to {
            self.folded.extend(self.chars[from..to].iter().map(|&c| v.fold(c)));
        }
    }

    /// Whether every character from the `k`th (decoded) to `len` is `ok`: decoded until one is
    /// not.
    fn rest_all(&mut self, k: usize, ok: impl Fn(char) -> bool) -> bool {
        if !self.chars[k..].iter().all(|&c| ok(c)) {
            return false;
        }
        while self.chars.len() < self.len {
            let Some(c) = self.rest.next() else { break };
            self.chars.push(c);
            if !ok(c) {
                return false;
            }
        }
        true
    }

    /// The text of characters `a..b` (decoded).
    fn slice(&self, a: usize, b: usize) -> &'t str {
        let start = utf8_len(&self.chars[..a]);
        &self.text[start..start + utf8_len(&self.chars[a..b])]
    }
}

/// The UTF-8 length of `cs`, without branches (the compiler vectorises the sum).
fn utf8_len(cs: &[char]) -> usize {
    cs.iter()
        .map(|&c| {
            let c = c as u32;
            1 + usize::from(c >= 0x80) + usize::from(c >= 0x800) + usize::from(c >= 0x10000)
        })
        .sum()
}

fn trim_text(s: &[char]) -> (usize, usize) {
    let mut a = 0;
    let mut b = s.len();
    while a < b && is_edge_punct(s[a]) {
        a += 1;
    }
    while b > a && is_edge_punct(s[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// Parse the chain of headings starting at character `i` of `p` (a marker).
fn parse_chain<'t>(v: &Vocab, p: &mut Prefix<'t>, mut i: usize, heads: &mut Vec<RawHead<'t>>) -> bool {
    let (len, whole) = (p.len, p.len == p.full);
    loop {
        p.decode(i + MARKER_READ);
        let Some(m) = parse_marker(&p.chars, i) else { break };
        if heads.last().is_some_and(|h| h.level >= m.level) || heads.len() >= 6 {
            break;
        }
        let start = i + m.len;
        let window = (start + MAX_HEADING_TEXT).min(len);
        let mut j = start;
        let mut child = None;
        let mut term = None;
        while j < window {
            // The clause is read up to its end, and a marker glued there.
            p.decode(j + MARKER_READ);
            let s = &p.chars;
            if is_terminator(s[j]) {
                term = Some(j);
                break;
            }
            if j > start {
                if let Some(c) = glued_child(s, j, m.level) {
                    child = Some(c);
                    break;
                }
            }
            j += 1;
        }
        let (end, heading_only) = match (child, term) {
            (Some(_), _) => (j, false),
            // Only a short clause makes a heading line: only then is the rest read.
            (None, Some(t)) => (
                t,
                t - start <= MAX_HEADING_ONLY && whole && p.rest_all(t + 1, is_closing_mark),
            ),
            (None, None) if whole && window == len => (len, len - start <= MAX_HEADING_ONLY_NOTERM),
            (None, None) => {
                // A long clause without a stop: keep it up to its first comma.
                let comma = p.chars[start..window].iter().position(|&c| matches!(c, '，' | ','));
                (comma.map_or(window, |p| start + p), false)
            }
        };
        let (a, b) = trim_text(&p.chars[start..end]);
        // The heading's text is complete: a heading line, or a heading a glued child follows.
        let standalone = child.is_some() || heading_only;
        let cue = if Cue::possible(m.level, standalone) {
            p.fold(v, start + b);
            Cue::of(v, &p.folded[start + a..start + b], m.level, standalone)
        } else {
            Cue::default()
        };
        heads.push(RawHead {
            level: m.level,
            numeral: m.numeral,
            marker_at: i,
            marker: p.slice(i, i + m.len),
            text: p.slice(start + a, start + b),
            text_at: start + a,
            cue,
        });
        if child.is_none() {
            return heading_only;
        }
        i = j;
    }
    false
}

/// Whether `f` (folded) is only years, cue words, genres and generic words (`2023年工作思路`,
/// `主要情况`), with nothing that names a subject (`宣传工作情况汇报`).
fn vocab_only(v: &Vocab, f: &[char]) -> bool {
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        if is_space(c) || matches!(c, '“' | '”' | '"' | '、' | '—' | '-' | '《' | '》') {
            i += 1;
            continue;
        }
        if digit(c).is_some() || cn_digit(c).is_some() || matches!(c, 'x' | 'X' | '_' | '＿') {
            let n = f[i..]
                .iter()
                .take_while(|&&c| digit(c).is_some() || cn_digit(c).is_some() || matches!(c, 'x' | 'X' | '_' | '＿'))
                .count();
            if f.get(i + n) == Some(&'年') {
                i += n;
                continue;
            }
            // 一年来: a cue word that starts with a numeral.
        }
        let Some((len, _)) = v
            .at(f, i)
            .find(|(_, k)| !matches!(k, Kind::Closing | Kind::About | Kind::Collection))
        else {
            return false;
        };
        i += len;
    }
    true
}

/// The stance of a line made only of cue and generic words, if it has one strong cue: a part
/// heading such as `2023年工作思路`. `Some(Unknown)` when its strong cues are mixed.
fn bare_stance(v: &Vocab, f: &[char]) -> Option<Stance> {
    if !vocab_only(v, f) {
        return None;
    }
    match Cue::of(v, f, 0, true).resolve(None) {
        (s, strength) if strength >= 2 => Some(s),
        _ => None,
    }
}

/// `Some(true)` for a compilation title, `Some(false)` for a document title.
fn title_kind(v: &Vocab, f: &[char]) -> Option<bool> {
    let mut end = f.len();
    let mut collection = false;
    loop {
        while end > 0 && is_space(f[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let last = f[end - 1];
        if is_close(last) || last == '】' {
            let open = (0..end - 1).rev().find(|&k| is_open(f[k]) || f[k] == '【')?;
            let inner = &f[open + 1..end - 1];
            if inner.last() == Some(&'篇') && inner[..inner.len() - 1].iter().all(|&c| digit(c).is_some()) {
                collection = true;
            }
            end = open;
            continue;
        }
        if let Some(n) = v.ends_with(&f[..end], &v.decoration) {
            end -= n;
            continue;
        }
        break;
    }
    if collection || v.ends_with(&f[..end], &v.collection).is_some() {
        return Some(true);
    }
    (end >= 4 && v.ends_with(&f[..end], &v.genre).is_some()).then_some(false)
}

/// `关于宣传工作情况汇报我镇宣传工作在…`: the length of the title glued to the body.
fn glued_title(v: &Vocab, f: &[char], full: usize) -> Option<usize> {
    let about = v.at(f, 0).find(|(_, k)| *k == Kind::About)?.0;
    let limit = f.len().min(GLUE_WINDOW);
    let genre_at = |i: usize| v.at(f, i).find(|(_, k)| *k == Kind::Genre).map(|(n, _)| n);
    let mut i = about;
    while i < limit {
        if is_sentence_punct(f[i]) || is_open(f[i]) {
            return None;
        }
        if let Some(n) = genre_at(i) {
            let mut e = i + n;
            while let Some(n2) = genre_at(e) {
                e += n2;
            }
            let next = *f.get(e)?;
            let stop = is_sentence_punct(next)
                || is_space(next)
                || matches!(
                    next,
                    '的' | '之' | '中' | '时' | '時' | '如' | '和' | '及' | '与' | '與' | '并' | '並' | '等' | '、'
                        | '》' | '”' | '"' | ')' | '）' | '工' | '书' | '書' | '稿' | '材'
                        // 的通知要求, 通知精神, 规定, 指示, 部署, 文件, 以后: the sentence goes on.
                        | '要' | '精' | '规' | '規' | '指' | '部' | '文' | '以' | '后' | '後'
                );
            if !stop && full - e >= 8 {
                return Some(e);
            }
        }
        i += 1;
    }
    None
}

/// Characters of a long line that [`plain_long_line`] reads.
const PEEK: usize = MAX_PART + 1;

/// Whether a line longer than [`MAX_TITLE`] whose first [`PEEK`] characters are `s` is
/// certainly classified as plain body text: it cannot start with a marker or an `About` word,
/// and no `一、` or `(一)` can glue a part heading to its start. Conservative: `false` sends the
/// line to [`classify`].
fn plain_long_line(v: &Vocab, s: &[char]) -> bool {
    let Some(&c) = s.first() else { return false };
    let may_mark = c == '第'
        || is_open(c)
        || ('⑴'..='⒇').contains(&c)
        || ('①'..='⑳').contains(&c)
        || matches!(c, '_' | '＿')
        || cn_value(c).is_some()
        || digit(c).is_some();
    if may_mark || v.about_first.contains(&v.fold(c)) {
        return false;
    }
    for p in 2..=MAX_PART.min(s.len().saturating_sub(1)) {
        if is_sentence_punct(s[p - 1]) {
            break;
        }
        if s[p] == '一' || is_open(s[p]) {
            return false;
        }
    }
    true
}

/// Classify a line from its [`Prefix`]; its headings go to `heads`.
fn classify<'t>(v: &Vocab, p: &mut Prefix<'t>, heads: &mut Vec<RawHead<'t>>) -> LineClass<'t> {
    let mut class = LineClass::body();
    p.decode(MARKER_READ);
    if parse_marker(&p.chars, 0).is_some() {
        class.heading_only = parse_chain(v, p, 0, heads);
        return class;
    }
    let full = p.full;
    if full <= MAX_CLOSING {
        p.fold(v, full);
        if v.contains(&p.folded, Kind::Closing) {
            class.closing = true;
            return class;
        }
    }
    let whole = p.len == full;
    if whole && full <= MAX_TITLE {
        p.decode(full);
        let s = &p.chars;
        let clean =
            !s.iter().any(|&c| is_sentence_punct(c)) && !matches!(s.first(), Some('—' | '-' | '–' | '·' | '•' | '*'));
        if clean {
            p.fold(v, full);
            let f: &[char] = &p.folded;
            let bare = vocab_only(v, f).then(|| bare_stance(v, f));
            if full <= MAX_PART {
                if let Some(Some(stance @ (Stance::Actual | Stance::Target))) = bare {
                    class.kind = LineKind::Part(stance);
                    heads.push(RawHead::part(v, p.text, f));
                    class.heading_only = true;
                    return class;
                }
            }
            // Only years, cues and generic words, without one strong stance: a title if its
            // cues are mixed (`2022年度工作总结及2023年工作计划`), else nothing (`主要情况`).
            if bare.is_some_and(|b| b != Some(Stance::Unknown)) {
                return class;
            }
            match title_kind(v, f) {
                Some(true) => class.kind = LineKind::Collection,
                Some(false) => class.kind = LineKind::Title(p.text),
                None => {}
            }
            return class;
        }
    }
    // `2021年工作计划一、宣传工作。`: a part heading glued to the first heading.
    p.decode(MAX_PART + MARKER_READ);
    for k in 2..=MAX_PART.min(p.len.saturating_sub(1)) {
        let s = &p.chars;
        if is_sentence_punct(s[k - 1]) {
            break;
        }
        // Only `一、` (level 1) and `(一)` (level 2) can be numbered one at these levels.
        if s[k] != '一' && !is_open(s[k]) {
            continue;
        }
        let Some(m) = parse_marker(s, k) else { continue };
        if m.numeral != Some(1) || !(1..=2).contains(&m.level) {
            continue;
        }
        p.fold(v, k);
        if let Some(stance @ (Stance::Actual | Stance::Target)) = bare_stance(v, &p.folded[..k]) {
            class.kind = LineKind::Part(stance);
            heads.push(RawHead::part(v, p.slice(0, k), &p.folded[..k]));
            class.heading_only = parse_chain(v, p, k, heads);
            return class;
        }
    }
    // A glued title starts with an `About` word (`关于`).
    if p.chars.first().is_some_and(|&c| v.about_first.contains(&v.fold(c))) {
        p.fold(v, p.len);
        if let Some(e) = glued_title(v, &p.folded, full) {
            class.kind = LineKind::Glued(p.slice(0, e));
        }
    }
    class
}

// ---------------------------------------------------------------------------------------------
// Building

#[derive(Debug)]
struct HeadRec<'t> {
    level: u8,
    numeral: Option<u32>,
    marker: &'t str,
    text: &'t str,
    start: usize,
    cue: Cue,
}

#[derive(Debug)]
struct ParaRec {
    line_start: usize,
    start: usize,
    end: usize,
    doc: usize,
    /// Its heading path: a range of `Builder::path_arena`.
    path: (u32, u32),
    is_heading: bool,
    /// A body line without heading, title or closing: may be a report's introduction.
    plain: bool,
}

#[derive(Debug)]
struct DocRec {
    start: usize,
    first_para: usize,
    title: Option<String>,
    cue: Cue,
    titled: bool,
}

struct Builder<'v, 't> {
    v: &'v Vocab,
    heads: Vec<HeadRec<'t>>,
    paras: Vec<ParaRec>,
    docs: Vec<DocRec>,
    stack: Vec<u32>,
    /// The buffers of a line's [`Prefix`] and of its headings, kept from line to line.
    chars: Vec<char>,
    folded: Vec<char>,
    line_heads: Vec<RawHead<'t>>,
    /// The heading paths of all paragraphs, one allocation.
    path_arena: Vec<u32>,
    /// Paragraphs of the current document other than title lines.
    content: usize,
    /// Whether a heading was pushed in the current document.
    has_heads: bool,
    /// The last closing line has not been followed by a substantial paragraph yet.
    after_closing: bool,
    /// Stance of the current document's last unnumbered part heading.
    last_part: Option<Stance>,
}

impl<'v, 't> Builder<'v, 't> {
    fn new(v: &'v Vocab, lines: usize) -> Self {
        Builder {
            v,
            heads: Vec::new(),
            paras: Vec::with_capacity(lines),
            docs: Vec::new(),
            stack: Vec::new(),
            chars: Vec::new(),
            folded: Vec::new(),
            line_heads: Vec::new(),
            path_arena: Vec::with_capacity(2 * lines),
            content: 0,
            has_heads: false,
            after_closing: false,
            last_part: None,
        }
    }

    fn title_cue(&self, title: &str) -> Cue {
        Cue::of(self.v, &self.v.fold_str(title), 0, true)
    }

    fn set_title(&mut self, title: String) {
        let cue = self.title_cue(&title);
        if let Some(d) = self.docs.last_mut() {
            d.cue = cue;
            d.title = Some(title);
            d.titled = true;
        }
    }

    fn level_open(&self, level: u8) -> bool {
        self.stack.iter().any(|&h| self.heads[h as usize].level == level)
    }

    /// `一、` now restarts the numbering of the current document.
    fn restarts(&self) -> bool {
        // Right under a part heading (`2023年工作计划`), `一、` starts that part's numbering.
        if self.stack.last().is_some_and(|&h| self.heads[h as usize].level == 0) {
            return false;
        }
        self.level_open(1)
            || self.stack.iter().any(|&h| {
                let h = &self.heads[h as usize];
                h.level == 2 && h.numeral.is_some_and(|n| n >= 2)
            })
    }

    /// The previous paragraph introduces the report that the current line's `一、` opens.
    fn intro_before(&self) -> bool {
        let (Some(doc), Some(q)) = (self.docs.last(), self.paras.len().checked_sub(1)) else {
            return false;
        };
        q > doc.first_para && self.paras[q].plain && !self.paras[q - 1].is_heading
    }

    /// Open a document at the line starting at `line_start`, or at the previous paragraph.
    fn open_doc(&mut self, title: Option<String>, with_intro: bool, line_start: usize) {
        let para = self.paras.len();
        let (first_para, start) = if with_intro {
            (para - 1, self.paras[para - 1].line_start)
        } else {
            (para, line_start)
        };
        let cue = title.as_deref().map(|t| self.title_cue(t)).unwrap_or_default();
        let titled = title.is_some();
        self.docs.push(DocRec {
            start,
            first_para,
            title,
            cue,
            titled,
        });
        self.stack.clear();
        self.content = 0;
        self.has_heads = false;
        self.after_closing = false;
        self.last_part = None;
        if with_intro {
            let doc = self.docs.len() - 1;
            let p = &mut self.paras[para - 1];
            p.doc = doc;
            p.path.1 = p.path.0;
            self.content = 1;
        }
    }

    fn push(&mut self, h: u32) {
        let (level, numeral) = (self.heads[h as usize].level, self.heads[h as usize].numeral);
        let sibling = self.level_open(level);
        while self
            .stack
            .last()
            .is_some_and(|&t| self.heads[t as usize].level >= level)
        {
            self.stack.pop();
        }
        // Numbering restarted under the same parent: the parent's sections have ended.
        if sibling && numeral == Some(1) && (1..=4).contains(&level) {
            self.stack.pop();
        }
        self.stack.push(h);
        self.has_heads = true;
    }
}

impl<'t> Builder<'_, 't> {
    fn line(&mut self, line: &'t str, line_start: usize, n: usize) {
        let text = line.trim_start_matches(is_space);
        if text.is_empty() {
            return;
        }
        let lead = line[..line.len() - text.len()].chars().count();
        let trimmed = text.trim_end_matches(is_space);
        let trail = text[trimmed.len()..].chars().count();
        let len = n - lead - trail;
        let mut p = Prefix {
            text: trimmed,
            rest: trimmed.chars(),
            chars: std::mem::take(&mut self.chars),
            folded: std::mem::take(&mut self.folded),
            len: len.min(PREFIX),
            full: len,
        };
        p.chars.clear();
        p.folded.clear();
        let mut heads = std::mem::take(&mut self.line_heads);
        // A long line is body text unless its first characters say otherwise.
        let plain = len > MAX_TITLE && {
            p.decode(PEEK);
            plain_long_line(self.v, &p.chars[..PEEK])
        };
        let class = if plain {
            LineClass::body()
        } else {
            classify(self.v, &mut p, &mut heads)
        };
        (self.chars, self.folded) = (p.chars, p.folded);
        let pstart = line_start + lead;
        self.place(class, &mut heads, line_start, pstart, pstart + len);
        heads.clear();
        self.line_heads = heads;
    }

    /// Place a line of class `class` and headings `heads` (drained).
    fn place(
        &mut self,
        class: LineClass<'t>,
        heads: &mut Vec<RawHead<'t>>,
        line_start: usize,
        start: usize,
        end: usize,
    ) {
        if self.docs.is_empty() {
            self.docs.push(DocRec {
                start: 0,
                first_para: 0,
                title: None,
                cue: Cue::default(),
                titled: false,
            });
        }
        let mut kind = class.kind;
        let part_stance = if let LineKind::Part(st) = kind { Some(st) } else { None };
        let paras_in_doc = self.paras.len() - self.docs.last().map_or(0, |d| d.first_para);
        match &kind {
            LineKind::Title(t) | LineKind::Glued(t) => {
                let first = self.docs.len() == 1 && !self.docs[0].titled;
                if self.content == 0 {
                    if !self.docs.last().is_some_and(|d| d.titled) {
                        self.set_title(t.to_string());
                    }
                } else if first && !self.has_heads && paras_in_doc <= MAX_PREAMBLE {
                    self.set_title(t.to_string());
                } else {
                    self.open_doc(Some(t.to_string()), false, line_start);
                }
            }
            _ => {
                let substantial = !heads.is_empty() || end - start > MAX_SIGNATURE;
                let restart = heads.first().is_some_and(|h| h.level == 1 && h.numeral == Some(1))
                    && !self.docs.last().is_some_and(|d| d.titled)
                    && self.restarts();
                if self.after_closing && substantial && !class.closing {
                    self.open_doc(None, false, line_start);
                } else if let Some(st) = part_stance {
                    // A second summary (or a summary after a plan) is another report's bare title.
                    if self
                        .last_part
                        .is_some_and(|p| !(p == Stance::Actual && st == Stance::Target))
                    {
                        let title = heads.first().map_or("", |h| h.text);
                        self.open_doc(Some(title.to_string()), false, line_start);
                        if heads.len() == 1 {
                            kind = LineKind::Title(title);
                        }
                    }
                } else if restart {
                    let intro = self.intro_before();
                    self.open_doc(None, intro, line_start);
                }
            }
        }
        let doc = self.docs.len() - 1;
        let title_line = matches!(kind, LineKind::Title(_) | LineKind::Collection);
        let plain = matches!(kind, LineKind::Body) && heads.is_empty() && !class.closing;
        if !title_line {
            for h in heads.drain(..) {
                self.heads.push(HeadRec {
                    level: h.level,
                    numeral: h.numeral,
                    start: start + if h.marker.is_empty() { h.text_at } else { h.marker_at },
                    marker: h.marker,
                    text: h.text,
                    cue: h.cue,
                });
                let id = (self.heads.len() - 1) as u32;
                self.push(id);
            }
        }
        if part_stance.is_some() {
            self.last_part = part_stance;
        }
        let p0 = self.path_arena.len() as u32;
        if !matches!(kind, LineKind::Title(_) | LineKind::Glued(_)) {
            self.path_arena.extend_from_slice(&self.stack);
        }
        let path = (p0, self.path_arena.len() as u32);
        self.paras.push(ParaRec {
            line_start,
            start,
            end,
            doc,
            path,
            is_heading: title_line || class.heading_only,
            plain,
        });
        if !title_line {
            self.content += 1;
        }
        if class.closing {
            self.after_closing = true;
        }
    }

    fn finish(mut self, total: usize) -> Structure {
        if self.paras.is_empty() {
            return Structure::default();
        }
        // A title at the very end opens nothing.
        if self.docs.len() > 1 && self.content == 0 {
            self.docs.pop();
            let last = self.docs.len() - 1;
            for p in self.paras.iter_mut().rev().take_while(|p| p.doc > last) {
                p.doc = last;
            }
        }
        // The year a document reports on: the earliest its title and top headings name (a
        // summary of 2022 with a plan for 2023). Every heading is on the path of the paragraph
        // that opens it, in its document, and the title's cue is the document's: a paragraph
        // whose stance compares a year has a document year. (No fallback on the year the body
        // names most often: no stance could read it.)
        let n = self.docs.len();
        let mut doc_years: Vec<Option<u32>> = self.docs.iter().map(|d| d.cue.year).collect();
        for p in &self.paras {
            for &h in &self.path_arena[p.path.0 as usize..p.path.1 as usize] {
                if let Some(y) = self.heads[h as usize].cue.year {
                    let d = &mut doc_years[p.doc];
                    *d = Some(d.map_or(y, |d| d.min(y)));
                }
            }
        }
        let documents: Vec<DocSpan> = (0..n)
            .map(|i| DocSpan {
                start: if i == 0 { 0 } else { self.docs[i].start },
                end: self.docs.get(i + 1).map_or(total, |d| d.start),
                title: self.docs[i].title.clone(),
            })
            .collect();
        // The path of the paragraph before (head ids) and its shared copy.
        let mut last_path: Option<(&[u32], Arc<[Heading]>)> = None;
        let paragraphs = self
            .paras
            .iter()
            .map(|p| {
                let doc_year = doc_years[p.doc];
                let mut weak = Stance::Unknown;
                let mut stance = None;
                let title_cue = self.docs[p.doc].cue;
                let path = &self.path_arena[p.path.0 as usize..p.path.1 as usize];
                for cue in path
                    .iter()
                    .rev()
                    .map(|&h| self.heads[h as usize].cue)
                    .chain(std::iter::once(title_cue))
                {
                    let (s, strength) = cue.resolve(doc_year);
                    if strength >= 2 {
                        stance = Some(s);
                        break;
                    }
                    if strength == 1 && weak == Stance::Unknown {
                        weak = s;
                    }
                }
                let heading_path = match &last_path {
                    Some((ids, shared)) if *ids == path => shared.clone(),
                    _ => {
                        let shared: Arc<[Heading]> = path
                            .iter()
                            .map(|&h| {
                                let h = &self.heads[h as usize];
                                Heading {
                                    level: h.level,
                                    marker: h.marker.to_string(),
                                    text: h.text.to_string(),
                                    start: h.start,
                                }
                            })
                            .collect();
                        last_path = Some((path, shared.clone()));
                        shared
                    }
                };
                Paragraph {
                    start: p.start,
                    end: p.end,
                    doc: p.doc,
                    heading_path,
                    stance: stance.unwrap_or(weak),
                    is_heading: p.is_heading,
                }
            })
            .collect();
        Structure { documents, paragraphs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Converter;

    const SEED_000: &str = include_str!("../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt");
    const SEED_001: &str = include_str!("../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt");
    const SEED_002: &str = include_str!("../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt");
    const SEED_003: &str = include_str!("../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt");
    const SEED_004: &str = include_str!("../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt");

    /// The Traditional seeds still carry the pinyin readings (`匯報(bào)`) that the clean stage
    /// removes before this one: remove them with that stage, readings only, so line numbers
    /// are unchanged.
    fn strip_pinyin(s: &str) -> String {
        use crate::clean::{clean, CleanOptions, Rules};
        clean(s, &CleanOptions::only_readings(), Rules::default_rules()).text
    }

    /// The paragraph on 1-based line `line` of `text`.
    fn on_line<'a>(text: &str, s: &'a Structure, line: usize) -> &'a Paragraph {
        let mut start = 0;
        for (i, l) in text.split('\n').enumerate() {
            let n = l.chars().count();
            if i + 1 == line {
                return s
                    .paragraphs
                    .iter()
                    .find(|p| (start..=start + n).contains(&p.start))
                    .unwrap_or_else(|| panic!("no paragraph on line {line}"));
            }
            start += n + 1;
        }
        panic!("no line {line}");
    }

    fn chars(text: &str, a: usize, b: usize) -> String {
        text.chars().skip(a).take(b - a).collect()
    }

    fn ptext(text: &str, p: &Paragraph) -> String {
        chars(text, p.start, p.end)
    }

    /// `marker + text` of each heading on the path.
    fn path(p: &Paragraph) -> Vec<String> {
        p.heading_path
            .iter()
            .map(|h| format!("{}{}", h.marker, h.text))
            .collect()
    }

    fn levels(p: &Paragraph) -> Vec<u8> {
        p.heading_path.iter().map(|h| h.level).collect()
    }

    /// The 1-based line of a character offset.
    fn line_of(text: &str, offset: usize) -> usize {
        text.chars().take(offset).filter(|&c| c == '\n').count() + 1
    }

    /// Documents partition the text; paragraphs are in order, inside their document, and their
    /// spans and headings point at the right characters.
    fn check(text: &str, s: &Structure) {
        let total = text.chars().count();
        if s.paragraphs.is_empty() {
            assert!(s.documents.is_empty());
            return;
        }
        assert_eq!(s.documents[0].start, 0);
        assert_eq!(s.documents.last().unwrap().end, total);
        for w in s.documents.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(w[0].start < w[0].end);
        }
        let cs: Vec<char> = text.chars().collect();
        let mut prev_end = 0;
        for p in &s.paragraphs {
            assert!(prev_end <= p.start && p.start < p.end && p.end <= total);
            prev_end = p.end;
            let d = &s.documents[p.doc];
            assert!(d.start <= p.start && p.end <= d.end);
            assert!(!is_space(cs[p.start]) && !is_space(cs[p.end - 1]));
            assert!(!cs[p.start..p.end].contains(&'\n'));
            for w in p.heading_path.windows(2) {
                assert!(w[0].level < w[1].level);
            }
            for h in p.heading_path.iter() {
                let m: String = cs[h.start..(h.start + h.marker.chars().count()).min(total)]
                    .iter()
                    .collect();
                assert_eq!(m, h.marker);
            }
        }
        for w in s.paragraphs.windows(2) {
            assert!(w[0].doc <= w[1].doc);
        }
    }

    fn run(text: &str) -> Structure {
        let s = analyze(text);
        check(text, &s);
        s
    }

    // --- headings -----------------------------------------------------------------------------

    #[test]
    fn blank_texts_have_no_documents() {
        for t in ["", "\n", "\r\n\r\n", "  \u{3000}\u{a0}\n\t\n"] {
            assert_eq!(run(t), Structure::default(), "{t:?}");
        }
    }

    #[test]
    fn marker_levels_ascii_and_full_width() {
        let t = "第一部分 总体情况\n一、主要做法\n(一)组织领导\n1.健全机制\n(1)细化分工\n一是压实责任。\n（二）宣传引导\n１．广泛宣传\n（２）典型引路\n⑶其他\n①第一项\n二．二级\n第一，加强学习。\n";
        let s = run(t);
        let got: Vec<(u8, String, String, bool)> = s
            .paragraphs
            .iter()
            .map(|p| {
                let h = p.heading_path.last().unwrap();
                (h.level, h.marker.clone(), h.text.clone(), p.is_heading)
            })
            .collect();
        let want = [
            (0, "第一部分", "总体情况"),
            (1, "一、", "主要做法"),
            (2, "(一)", "组织领导"),
            (3, "1.", "健全机制"),
            (4, "(1)", "细化分工"),
            (5, "一是", "压实责任"),
            (2, "（二）", "宣传引导"),
            (3, "１．", "广泛宣传"),
            (4, "（２）", "典型引路"),
            (4, "⑶", "其他"),
            (5, "①", "第一项"),
            (1, "二．", "二级"),
            (5, "第一，", "加强学习"),
        ];
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0, g.1.as_str(), g.2.as_str(), g.3), (w.0, w.1, w.2, true));
        }
        // The stack: (2) under １． under (二) under 一、 under 第一部分.
        assert_eq!(levels(&s.paragraphs[8]), [0, 1, 2, 3, 4]);
        assert_eq!(
            path(&s.paragraphs[8]),
            [
                "第一部分总体情况",
                "一、主要做法",
                "（二）宣传引导",
                "１．广泛宣传",
                "（２）典型引路"
            ]
        );
        // 二． pops everything under the part.
        assert_eq!(path(&s.paragraphs[11]), ["第一部分总体情况", "二．二级"]);
    }

    #[test]
    fn heading_clause_and_inline_body() {
        let t = "(一)政策支持方面:一是人员不足,能力不均匀。\n1.完成复审工作。\n(2)完成城区病媒生物防制工作。市委市政府高度重视。\n一是经费充足,财政拨款xx万元。保障有力。\n二是督查整改。";
        let s = run(t);
        let p = &s.paragraphs;
        assert_eq!(
            (p[0].heading_path[0].text.as_str(), p[0].is_heading),
            ("政策支持方面", false)
        );
        assert_eq!(
            (p[1].heading_path[1].text.as_str(), p[1].is_heading),
            ("完成复审工作", true)
        );
        assert_eq!(
            (p[2].heading_path[2].text.as_str(), p[2].is_heading),
            ("完成城区病媒生物防制工作", false)
        );
        // 一是 is inline: its clause is the heading, the paragraph is body.
        assert_eq!(path(&p[3]).last().unwrap(), "一是经费充足,财政拨款xx万元");
        assert!(!p[3].is_heading);
        // A line that is only the clause is a heading line.
        assert!(p[4].is_heading);
        // A long clause without a stop is cut at its first comma.
        let long = format!("(三){},其余正文{}", "很长的标题".repeat(8), "字".repeat(80));
        let s = run(&long);
        assert_eq!(s.paragraphs[0].heading_path[0].text, "很长的标题".repeat(8));
    }

    #[test]
    fn decimals_years_and_lists_are_not_markers() {
        for t in [
            "2.5万亩耕地完成整治。",
            "2023.1月起实施。",
            "12.5%的增幅。",
            "一二季度共提报线索7名。",
            "100、200、300为示例。",
            "(xx站)活动顺利举办。",
            "( )空括号不是标记。",
            "统一是前提。",
            "第一次全国普查。",
        ] {
            let s = run(t);
            assert!(
                s.paragraphs[0].heading_path.is_empty(),
                "{t}: {:?}",
                s.paragraphs[0].heading_path
            );
        }
    }

    #[test]
    fn glued_children_and_glued_part_headings() {
        let t = "一、工作總結(一)圍繞十九大理論學習,加強中心組學習不放松\n(二)意識形態和理論武裝工作1、意識形態工作嚴格落實\n(四)聚焦高效能護航,社會治理體系上實現新提升一是提升生態治理。\n2021年工作計劃一、宣傳工作。\n";
        let s = run(t);
        let p = &s.paragraphs;
        assert_eq!(
            path(&p[0]),
            ["一、工作總結", "(一)圍繞十九大理論學習,加強中心組學習不放松"]
        );
        assert_eq!(
            path(&p[1]),
            ["一、工作總結", "(二)意識形態和理論武裝工作", "1、意識形態工作嚴格落實"]
        );
        assert_eq!(
            path(&p[2]),
            [
                "一、工作總結",
                "(四)聚焦高效能護航,社會治理體系上實現新提升",
                "一是提升生態治理"
            ]
        );
        assert_eq!(levels(&p[3]), [0, 1]);
        assert_eq!(path(&p[3]), ["2021年工作計劃", "一、宣傳工作"]);
        assert!(p[3].is_heading);
        assert_eq!((p[0].stance, p[3].stance), (Stance::Actual, Stance::Target));
        assert_eq!(s.documents.len(), 1);
    }

    #[test]
    fn lost_numerals_are_still_headings() {
        let t = "一、各项工作任务完成情况\n()主要工作完成情况\n一是落实帮扶。\n_.推进电子商务的社会应用水平。\n";
        let s = run(t);
        assert_eq!(
            path(&s.paragraphs[1]),
            ["一、各项工作任务完成情况", "()主要工作完成情况"]
        );
        assert_eq!(levels(&s.paragraphs[1]), [1, 2]);
        assert_eq!(
            path(&s.paragraphs[3]),
            [
                "一、各项工作任务完成情况",
                "()主要工作完成情况",
                "_.推进电子商务的社会应用水平"
            ]
        );
    }

    #[test]
    fn restarted_numbering_pops_the_parent() {
        let t = "一、工作总结\n(一)党建\n1.学习\n2.教育\n1.网络管控\n正文。\n(二)发展\n正文。\n";
        let s = run(t);
        // 1. again under (一): the second list is not (一)'s.
        assert_eq!(path(&s.paragraphs[5]), ["一、工作总结", "1.网络管控"]);
        assert_eq!(path(&s.paragraphs[7]), ["一、工作总结", "(二)发展"]);
        // 一是 lists restart under the same heading all the time: no pop.
        let s = run("(一)防控\n一是排查。\n二是宣传。\n下一步:\n一是加强领导。\n");
        assert_eq!(path(&s.paragraphs[4]), ["(一)防控", "一是加强领导"]);
    }

    // --- documents ----------------------------------------------------------------------------

    #[test]
    fn titles_split_a_compilation() {
        let t = "反诈宣传工作情况汇报\n5月以来,市公安局不断探索反诈新手段。\n一、主要做法\n正文一。\n疫情防控宣传工作情况汇报模板\n自新冠肺炎疫情防控阻击战打响以来,x县高度重视。\n(一)加强领导\n正文二。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 2);
        assert_eq!(s.documents[0].title.as_deref(), Some("反诈宣传工作情况汇报"));
        assert_eq!(s.documents[1].title.as_deref(), Some("疫情防控宣传工作情况汇报模板"));
        assert_eq!(chars(t, s.documents[1].start, s.documents[1].start + 4), "疫情防控");
        assert!(s.paragraphs[4].is_heading && s.paragraphs[4].heading_path.is_empty());
        // The boundary resets the stack.
        assert_eq!(path(&s.paragraphs[6]), ["(一)加强领导"]);
        // 工作情况 in the title: the report's sections are Actual unless a heading says otherwise.
        assert!(s.paragraphs.iter().all(|p| p.stance == Stance::Actual));
    }

    #[test]
    fn restart_opens_an_untitled_report_with_its_introduction() {
        let t = "一、2022年工作总结\n(一)党建\n正文。\n二、2023年工作计划\n(一)发展\n计划正文。\n2022年,区审计局紧密围绕全区大局,依法履行审计监督职能。\n一、2022年度工作总结\n正文。\n二、2023年工作思路\n进一步健全服务保障体系。\n一、主要工作措施\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 3);
        // The paragraph before 一、 introduces the second report ...
        assert_eq!(line_of(t, s.documents[1].start), 7);
        assert_eq!(s.paragraphs[6].doc, 1);
        assert!(s.paragraphs[6].heading_path.is_empty());
        // ... but not when it is the only body of the heading before it (line 11 under line 10).
        assert_eq!(line_of(t, s.documents[2].start), 12);
        assert_eq!((on_line(t, &s, 11).doc, on_line(t, &s, 11).stance), (1, Stance::Target));
        assert_eq!(
            s.documents.iter().map(|d| d.title.clone()).collect::<Vec<_>>(),
            [None, None, None]
        );
    }

    #[test]
    fn restart_inside_a_titled_report_is_a_new_section() {
        let t = "XX区2022年工作总结和2023年工作计划\n一、经济运行\n二、社会事业\n2023年,我区将重点抓好以下工作:\n一、扩大投资\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(path(on_line(t, &s, 6)), ["一、扩大投资"]);
        // Title mixed, headings without cues: Unknown.
        assert_eq!(on_line(t, &s, 6).stance, Stance::Unknown);
    }

    #[test]
    fn part_headings_shield_only_the_numbering_right_after_them() {
        let t = "一、主要成绩\n正文。\n二、存在问题\n正文。\n2023年工作计划\n一、扩大投资\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(path(on_line(t, &s, 7)), ["2023年工作计划", "一、扩大投资"]);
        assert_eq!(on_line(t, &s, 7).stance, Stance::Target);
        assert_eq!(on_line(t, &s, 2).stance, Stance::Actual);
        // Sections under the part, then 一、 again: another report (002, lines 1245-1283).
        let t = "一、主要工作做法\n正文。\n2023年工作思路\n(一)提升效能\n正文。\n(二)深化服务\n正文。\n今年以来,区退役军人事务局扎实推进各项工作,取得良好成效。\n一、今年以来工作开展情况\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 2);
        assert_eq!(line_of(t, s.documents[1].start), 8);
    }

    #[test]
    fn a_repeated_part_heading_is_another_report() {
        let t =
            "2022年工作总结\n一、党建\n正文。\n2023年工作计划\n一、发展\n正文。\n2022年工作总结\n一、民生\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 2);
        assert_eq!(s.documents[1].title.as_deref(), Some("2022年工作总结"));
        assert_eq!(line_of(t, s.documents[1].start), 7);
        assert_eq!(on_line(t, &s, 9).stance, Stance::Actual);
        assert_eq!(on_line(t, &s, 6).stance, Stance::Target);
    }

    #[test]
    fn a_closing_line_ends_a_report_but_keeps_its_signature() {
        let t = "一、基本情况\n正文。\n汇报完毕。\nXX区人民政府\n2023年1月5日\n开展“新冠”疫情防控工作以来,xx市委市政府认真履行主体责任,深入贯彻落实。\n一是大员上阵。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 2);
        assert_eq!(line_of(t, s.documents[1].start), 6);
        assert_eq!(on_line(t, &s, 5).doc, 0);
        assert_eq!(on_line(t, &s, 6).stance, Stance::Unknown);
    }

    #[test]
    fn glued_title_opens_a_report() {
        let t = "宣傳工作情況匯報\n關于宣傳工作情況匯報我鎮宣傳工作在縣宣傳部的正確領導下,取得了較好成績。\n一、工作總結\n關於宣傳工作情況彙報2020年以來,鎮宣傳辦在縣委宣傳部的正確指導下開展工作。\n關于印發《xx方案》的通知要求各單位認真落實。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 2);
        // A title right after a title: one report, titled by the first.
        assert_eq!(s.documents[0].title.as_deref(), Some("宣傳工作情況匯報"));
        assert_eq!(s.documents[1].title.as_deref(), Some("關於宣傳工作情況彙報"));
        assert!(!on_line(t, &s, 4).is_heading);
        // 的通知 followed by 要求: a sentence, not a title.
        assert_eq!(on_line(t, &s, 5).doc, 1);
    }

    #[test]
    fn compilation_titles_preambles_and_bare_lines() {
        let t = "文汇系列5694--2022年度工作总结及2023年工作计划汇编(85篇)\n2023-03-14 05:05:17 121\n一、2022年工作进展和成效\n正文。\n主要情况\n正文。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.documents[0].title, None);
        assert!(s.paragraphs[0].is_heading);
        // 主要情况: only generic words, no subject, no strong cue: neither title nor part.
        assert!(on_line(t, &s, 5).heading_path.len() == 1 && !on_line(t, &s, 5).is_heading);
        let t =
            "下面是小编为大家整理的,供大家参考。\n宣传工作情况汇报\n我镇宣传工作在县委宣传部的正确领导下有序开展。\n";
        let s = run(t);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.documents[0].title.as_deref(), Some("宣传工作情况汇报"));
        // A title at the very end opens nothing.
        let s = run("一、基本情况\n正文。\n宣传工作情况汇报\n");
        assert_eq!(s.documents.len(), 1);
    }

    // --- stance -------------------------------------------------------------------------------

    #[test]
    fn stance_from_the_nearest_strong_cue() {
        let t = "一、基本情况\n(二)制定计划、有序推进\n正文。\n二、重点工作完成情况\n三、存在的问题及下一步打算\n四、存在的困难和问题\n五、意见和建议\n六、2023年工作计划\n(一)巩固拓展脱贫攻坚成果\n()拟打造的特色亮点工作\n(三)下一步工作打算\n";
        let s = run(t);
        let st = |l| on_line(t, &s, l).stance;
        use Stance::{Actual, Target, Unknown};
        // A weak cue deep down does not override a strong one above.
        assert_eq!(st(3), Actual);
        assert_eq!(st(4), Actual); // 完成情况 (phrase) beats 重点工作 (top)
        assert_eq!(st(5), Target); // 下一步 (phrase) beats 问题 (weak)
        assert_eq!(st(6), Actual); // weak only: 问题 困难
        assert_eq!(st(7), Unknown);
        assert_eq!(st(9), Target); // 成果 is a topic at level 2
        assert_eq!(st(10), Target);
        // A phrase at level 2 counts.
        let s2 = run("一、2022年工作情况\n(三)下一步工作打算\n正文。\n");
        assert_eq!(s2.paragraphs[2].stance, Target);
        // Mixed strong cues: Unknown, and no fallback outwards.
        let s3 = run("XX局工作汇报\n一、2022年工作总结及2023年工作计划\n正文。\n");
        assert_eq!(s3.paragraphs[2].stance, Unknown);
    }

    #[test]
    fn a_later_year_is_a_target() {
        use Stance::{Actual, Target};
        let t = "一、2022年主要工作\n正文,2022年完成投资。\n二、2023年主要工作\n力争2023年完成投资。\n";
        let s = run(t);
        assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
        // The document's year: the earliest its headings name, not the body's most frequent.
        let t = "一、2022年度工作总结\n对2021年、2021年、2021年的资金开展审计。\n二、2023年重点工作\n正文。\n";
        let s = run(t);
        assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
        // The title's year is the document's.
        let t =
            "XX局二〇二三年工作要点\n一、2023年主要任务\n2023年要完成的任务。2023年。\n二、2022年工作回顾\n2022年。\n";
        let s = run(t);
        assert_eq!((s.paragraphs[2].stance, s.paragraphs[4].stance), (Target, Actual));
    }

    #[test]
    fn traditional_and_mixed_script_cues() {
        use Stance::{Actual, Target};
        let t = "一、工作總結\n正文。\n二、下一步工作計劃\n正文。\n三、今後打算\n正文。\n四、今后工作安排\n正文。\n";
        let s = run(t);
        assert_eq!(
            [2, 4, 6, 8].map(|l| on_line(t, &s, l).stance),
            [Actual, Target, Target, Target]
        );
    }

    // --- robustness -----------------------------------------------------------------------------

    #[test]
    fn offsets_are_character_indices() {
        let t = "\u{feff}  𠀀宣传工作情况汇报\r\n\r\n\u{a0}一、基本情况。\u{3000}\r\n(一)𠀀做法。正文𠀀。";
        let s = run(t);
        let p = &s.paragraphs;
        assert_eq!(ptext(t, &p[0]), "𠀀宣传工作情况汇报");
        assert_eq!(ptext(t, &p[1]), "一、基本情况。");
        assert_eq!(ptext(t, &p[2]), "(一)𠀀做法。正文𠀀。");
        assert_eq!(p[2].heading_path[1].start, p[2].start);
        assert_eq!(p[2].heading_path[1].text, "𠀀做法");
        assert_eq!(s.documents[0].end, t.chars().count());
        assert_eq!(s.documents[0].title.as_deref(), Some("𠀀宣传工作情况汇报"));
    }

    #[test]
    fn weird_inputs_do_not_panic() {
        let weird = [
            "一",
            "一、",
            "(",
            "()",
            "（",
            "(一",
            "第",
            "第一",
            "第一部",
            "第一部分",
            "_",
            "_.",
            "___.",
            "⑴",
            "①",
            "1.",
            "1",
            "十一、",
            "九十九、",
            "一百、",
            "(十二)",
            "(99)",
            "(100)",
            "一、(一)1.(1)一是",
            "一、\n一、\n一、",
            "關于",
            "关于汇报",
            "关于汇报汇报汇报汇报汇报汇报汇报汇报汇报汇报汇报",
            "汇报完毕。",
            "汇报完毕。\n汇报完毕。\n一、",
            "2023年工作计划一、",
            "工作总结\n工作总结\n工作总结",
            "\r",
            "\r\r\n",
            "\u{2028}",
            "\0",
            "()\n()()()",
            "〔一〕\n［1］\n【一】",
            "一是一是一是",
            "第一，第二，",
        ];
        for t in weird {
            run(t);
        }
        // Pseudo-random texts over a palette of markers, cues and punctuation.
        let palette: Vec<&str> = vec![
            "一",
            "二",
            "十",
            "、",
            "(",
            ")",
            "（",
            "）",
            "1",
            "2",
            ".",
            "．",
            "是",
            "第",
            "部分",
            "章",
            "\n",
            "\n\n",
            " ",
            "。",
            ",",
            ":",
            "工作",
            "总结",
            "计划",
            "汇报",
            "情况",
            "关于",
            "2022年",
            "2023年",
            "下一步",
            "汇报完毕",
            "汇编",
            "(85篇)",
            "_",
            "⑴",
            "①",
            "〇",
            "年",
            "xx",
            "宣传",
            "\u{a0}",
            "𠀀",
            "模板",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut t = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 60) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                t.push_str(palette[(state % palette.len() as u64) as usize]);
            }
            run(&t);
        }
    }

    #[test]
    fn a_ten_megabyte_line_is_one_paragraph() {
        let t = "一、".to_string() + &"工作总结2022年,".repeat(10 * 1024 * 1024 / 24);
        let s = analyze(&t);
        assert_eq!((s.documents.len(), s.paragraphs.len()), (1, 1));
        assert_eq!(s.paragraphs[0].end, t.chars().count());
        assert_eq!(s.paragraphs[0].stance, Stance::Actual);
    }

    #[test]
    fn only_headings() {
        let t = "一、\n(一)\n1.\n(1)\n一是\n".repeat(50_000);
        let s = analyze(&t);
        assert_eq!(s.paragraphs.len(), 250_000);
        // Every 一、 after the first restarts the numbering of an untitled report.
        assert_eq!(s.documents.len(), 50_000);
        assert_eq!(levels(&s.paragraphs[249_999]), [1, 2, 3, 4, 5]);
    }

    // --- cue table ------------------------------------------------------------------------------

    #[test]
    fn cue_table_is_well_formed_and_covers_opencc() {
        let v = vocab();
        assert!(v.bad_rows.is_empty(), "{:?}", v.bad_rows);
        assert!(v.conflicts.is_empty(), "{:?}", v.conflicts);
        let convs: Vec<Converter> = ["s2t", "s2tw", "s2hk", "s2twp"]
            .iter()
            .map(|c| Converter::new(c).unwrap())
            .collect();
        let mut rows = 0;
        for line in CUES_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let simp = v.fold_str(cols[1]);
            for c in &convs {
                let t = c.convert(cols[1]);
                assert_eq!(
                    v.fold_str(&t),
                    simp,
                    "{} -> {t} ({}) does not fold back",
                    cols[1],
                    c.config()
                );
                assert!(
                    cols.get(2).is_some_and(|l| l.split(' ').any(|f| f == t)) || t == cols[1],
                    "{line}: add {t}"
                );
            }
            for t in cols
                .get(2)
                .map(|l| l.split(' ').filter(|t| !t.is_empty()).collect::<Vec<_>>())
                .unwrap_or_default()
            {
                assert_eq!(v.fold_str(t), simp, "{line}");
            }
            rows += 1;
        }
        assert!(rows > 150);
        for kind in [
            "actual-phrase",
            "actual-top",
            "actual-weak",
            "target-phrase",
            "target-top",
            "target-weak",
            "genre",
            "collection",
            "decoration",
            "generic",
            "closing",
            "about",
        ] {
            assert!(CUES_TSV.lines().any(|l| l.starts_with(&format!("{kind}\t"))), "{kind}");
        }
    }

    // --- seeds ----------------------------------------------------------------------------------

    /// Seed 002 says "汇编(85篇)" but the file holds the part of the compilation shown before the
    /// site's "阅读全文" login wall (line 1456): 21 reports, each compiled without its title. Each
    /// but the first starts with an introductory paragraph and restarts at 一、; the agencies
    /// differ from one to the next (爱卫办, 街道, 食药安全, 垦殖场, 乡, 镇 ... 园林局, 住建局).
    #[test]
    fn seed_002_holds_21_reports() {
        let s = run(SEED_002);
        assert_eq!(s.documents.len(), 21);
        let starts: Vec<usize> = s.documents.iter().map(|d| line_of(SEED_002, d.start)).collect();
        assert_eq!(
            starts,
            [
                1, 135, 183, 219, 289, 345, 491, 567, 595, 627, 719, 793, 895, 947, 1015, 1089, 1145, 1281, 1297, 1371,
                1412
            ]
        );
        assert!(s.documents.iter().all(|d| d.title.is_none()));
        // Line 1297 starts a report (应急管理) with no introduction; line 1295 is the only body of
        // 二、2023年工作安排 (line 1293) of the report before (退役军人事务局).
        assert_eq!(
            ptext(SEED_002, &s.paragraphs[on_line_index(SEED_002, &s, 1297)]),
            "一、主要工作措施"
        );
        assert_eq!(on_line(SEED_002, &s, 1295).doc, 17);
        assert_eq!(on_line(SEED_002, &s, 1295).stance, Stance::Target);
        // The trailer after 阅读全文 stays with the last report.
        assert_eq!(on_line(SEED_002, &s, 1491).doc, 20);
    }

    fn on_line_index(text: &str, s: &Structure, line: usize) -> usize {
        let p = on_line(text, s, line);
        s.paragraphs.iter().position(|q| std::ptr::eq(q, p)).unwrap()
    }

    #[test]
    fn seed_002_heading_paths_and_stances() {
        let t = SEED_002;
        let s = run(t);
        use Stance::{Actual, Target, Unknown};
        // Line 11 under 一、2022年工作进展和成效 (5) > (一)大力开展卫生创建工作 (7) > 1. (9).
        let p = on_line(t, &s, 11);
        assert_eq!(
            path(p),
            [
                "一、2022年工作进展和成效",
                "(一)大力开展卫生创建工作",
                "1.完成xx市省级卫生城市届满复审工作",
                "(1)完成省级卫生城市届满复审申报工作"
            ]
        );
        assert_eq!((p.stance, p.is_heading), (Actual, false));
        // Line 113: 四、2023年工作计划 (109) > (一)大力开展卫生创建工作 (111).
        assert_eq!(
            path(on_line(t, &s, 113)),
            ["四、2023年工作计划", "(一)大力开展卫生创建工作"]
        );
        assert_eq!(on_line(t, &s, 113).stance, Target);
        // Line 99 (problems, weak Actual), line 189 ((二)制定计划 under 一、基本情况: Actual).
        assert_eq!(on_line(t, &s, 99).stance, Actual);
        assert_eq!(on_line(t, &s, 189).stance, Actual);
        // Line 337 under 三、存在的问题及下一步打算 (333).
        assert_eq!(on_line(t, &s, 337).stance, Target);
        // Lines 135-181: a report whose headings have no cue (一、提高认识,建章立制 ...).
        assert_eq!(on_line(t, &s, 153).stance, Unknown);
        // Line 723: ()主要工作完成情况, a (一) whose numeral was lost.
        assert_eq!(
            path(on_line(t, &s, 725)),
            [
                "一、各项工作任务完成情况",
                "()主要工作完成情况",
                "一是落实解难帮困扶助工作"
            ]
        );
        // Line 1245 2023年工作思路 is an unnumbered part heading; line 1249 under it.
        assert_eq!(levels(on_line(t, &s, 1245)), [0]);
        assert_eq!(
            path(on_line(t, &s, 1249)),
            ["2023年工作思路", "(一)提升招商引资工作效能", "1.主动出击招大商"]
        );
        assert_eq!(on_line(t, &s, 1249).stance, Target);
        assert_eq!(on_line(t, &s, 1203).stance, Actual); // 二、主要工作做法 (1199)
                                                         // Line 1091 一、2022年度工作总结: the 审计局 report's body names 2021 most often, its
                                                         // headings 2022 first, which is its year.
        assert_eq!(on_line(t, &s, 1099).stance, Actual);
        // Introductions carry no section cue.
        assert_eq!(on_line(t, &s, 1412).stance, Unknown);
        assert!(on_line(t, &s, 1412).heading_path.is_empty());
    }

    #[test]
    fn seed_003_is_one_report() {
        let s = run(SEED_003);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(s.documents[0].title, None);
        // Line 7: (四)抓民生、补短板,书写幸福生活新答卷。 then body; lines after it sit under it.
        let p = on_line(SEED_003, &s, 7);
        assert_eq!(path(p), ["(四)抓民生、补短板,书写幸福生活新答卷"]);
        assert!(!p.is_heading);
        assert_eq!(
            path(on_line(SEED_003, &s, 11)),
            ["(四)抓民生、补短板,书写幸福生活新答卷"]
        );
        // A plan, but no section cue says so (力争, 确保 are sentence cues).
        assert!(s.paragraphs.iter().all(|p| p.stance == Stance::Unknown));
    }

    /// Seed 004: 21 title lines (`…宣傳工作情況匯報`, repeated), found as 21 reports; the block
    /// under line 169 holds three reports that each open with a glued `關于宣傳工作情況匯報…`
    /// (lines 170, 189, 205; 169 and 170 are one report); the block under line 49 holds five
    /// untitled reports, of which two are found: after the closing line `匯報完畢。` (74 -> 75)
    /// and at `一、` (96) after a report whose top level was (一)-(四) (95 is its introduction).
    /// A careful reader counts 27: the reports at lines 62 and 82 begin without a title, a
    /// closing line or restarted numbering (only their opening sentences, `…會議召開后,xx區高度
    /// 重視`, tell), so they stay with the report before them: 25.
    #[test]
    fn seed_004_holds_25_reports() {
        let t = strip_pinyin(SEED_004);
        let s = run(&t);
        assert_eq!(s.documents.len(), 25);
        let starts: Vec<usize> = s.documents.iter().map(|d| line_of(&t, d.start)).collect();
        assert_eq!(
            starts,
            [
                1, 39, 42, 49, 75, 95, 105, 110, 129, 152, 169, 189, 205, 212, 230, 245, 252, 267, 294, 304, 336, 351,
                359, 379, 392
            ]
        );
        let titled = s.documents.iter().filter(|d| d.title.is_some()).count();
        assert_eq!(titled, 23);
        assert_eq!(s.documents[0].title.as_deref(), Some("縣五年來輿論宣傳工作情況匯報"));
        assert_eq!(s.documents[11].title.as_deref(), Some("關于宣傳工作情況匯報"));
        assert_eq!(s.documents[22].title.as_deref(), Some("煙花爆竹宣傳工作情況匯報模板"));
        // Line 1 (the site's lead-in) belongs to the first report.
        assert_eq!(on_line(&t, &s, 1).doc, 0);
    }

    #[test]
    fn seed_004_heading_paths_and_stances() {
        let t = strip_pinyin(SEED_004);
        let s = run(&t);
        use Stance::{Actual, Target};
        // Line 27 二、展望未來,任重道遠。 (展望: Target) after 一、五載耕耘,成果豐碩。 (6, Actual).
        assert_eq!(
            (on_line(&t, &s, 8).stance, on_line(&t, &s, 29).stance),
            (Actual, Target)
        );
        // Lines 269-293: 一、主要做法。 二、取得成效。 三、存在問題。 四、下一步工作計劃。
        assert_eq!(
            path(on_line(&t, &s, 270)),
            ["一、主要做法", "(一)加強組織領導,建立駐點和聯手幫扶制度"]
        );
        assert_eq!(
            [270, 277, 281, 288].map(|l| on_line(&t, &s, l).stance),
            [Actual, Actual, Actual, Target]
        );
        // Line 172 一、工作總結(一)圍繞十九大…: a glued (一).
        assert_eq!(levels(on_line(&t, &s, 172)), [1, 2]);
        // Line 180: 1. again under (二) (173): the list is no longer (二)'s.
        assert_eq!(
            path(on_line(&t, &s, 181)),
            ["一、工作總結", "1.繼續加強網絡意識形態的信息管控"]
        );
        // Line 208 2021年工作計劃一、宣傳工作。: a part heading glued to 一、.
        let p = on_line(&t, &s, 209);
        assert_eq!(levels(p), [0, 1, 2]);
        assert_eq!(p.heading_path[0].text, "2021年工作計劃");
        assert_eq!(p.stance, Target);
        // Line 144: (一) restarts inside the titled report of line 129 (its plans, part heading lost).
        assert_eq!(
            (on_line(&t, &s, 145).doc, path(on_line(&t, &s, 145))),
            (8, vec!["(一)推進打擊欺詐騙保專項治理行動升級".to_string()])
        );
    }

    #[test]
    fn seeds_000_and_001_are_paragraph_collections() {
        for (seed, n) in [(SEED_000, 20), (SEED_001, 20)] {
            let t = strip_pinyin(seed);
            let s = run(&t);
            assert_eq!(s.paragraphs.len(), n);
        }
        let t = strip_pinyin(SEED_000);
        let s = run(&t);
        // Line 4: 二、下半年工作計劃下步,我局將… (a heading glued to its body).
        assert_eq!(path(on_line(&t, &s, 4)), ["二、下半年工作計劃下步"]);
        assert_eq!(on_line(&t, &s, 4).stance, Stance::Target);
        // Line 1: (五)堅持安全為基,保障行穩致遠1.強化年度安全目標管理。
        assert_eq!(
            path(on_line(&t, &s, 1)),
            ["(五)堅持安全為基,保障行穩致遠", "1.強化年度安全目標管理"]
        );
        let t = strip_pinyin(SEED_001);
        let s = run(&t);
        // Line 5: 三、2024年工作計劃(一)突出文化涵養,…
        assert_eq!(path(on_line(&t, &s, 5))[0], "三、2024年工作計劃");
        assert_eq!(on_line(&t, &s, 5).stance, Stance::Target);
    }
}

#[cfg(test)]
mod snapshot_digests;
