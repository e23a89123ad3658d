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
//! A `（一）` heading at the top of its document (no `一、` above it) reads its cues as a level 1
//! heading does.
//!
//! A short unnumbered line that goes on with prose broken off mid-sentence (the line before has
//! a comma or is longer than a title, and ends without `。！？；：`) is body text, never a title,
//! part or topic heading (`…完成了年初确定的\n主要目标\n任务`; link text on a line of its own).
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
//!
//! # Code
//!
//! `analyze` feeds each line to `build::Builder`, which asks `lines::classify` what the line is
//! (reading only its `prefix::Prefix`): `markers` and `headings` parse its heading chain,
//! `titles` its title or part heading, `cues` the stance words of both (with `numerals` for the
//! years), `chars` the character classes they share. The builder opens documents, keeps the
//! heading stack and resolves the stances at the end.

mod build;
mod chars;
mod cues;
mod headings;
mod lines;
mod markers;
use crate::numeral::heading as numerals;
mod prefix;
#[cfg(test)]
mod tests;
mod titles;

use std::sync::Arc;

use build::Builder;
use cues::vocab;

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
        if n > LONG_LINE {
            // A document without line breaks: its inline headings start paragraphs.
            let mut at = 0;
            for (from, to, chars) in segments(line) {
                b.line(&line[from..to], pos + at, chars);
                at += chars;
            }
        } else {
            b.line(line, pos, n);
        }
        pos += n + (raw.len() - line.len()) + 1;
    }
    b.finish(pos - 1)
}

/// The segments of a line longer than [`LONG_LINE`] (byte ranges with their character counts,
/// covering the line): a new one starts at each inline heading marker of level 1 or 2 (`一、`,
/// `（一）`) right after a sentence's end (`。！？`), when its numeral goes on the numbering of
/// its level in the line (`二、` after `一、`; `（一）` again after each `一、`). A report pasted
/// as one line keeps its sections, and so their stances.
fn segments(line: &str) -> Vec<(usize, usize, usize)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let cs: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut out = Vec::new();
    let (mut from, mut from_char) = (0usize, 0usize);
    let (mut l1, mut l2): (Option<u32>, Option<u32>) = (None, None);
    for k in 1..cs.len() {
        if !matches!(cs[k - 1], '。' | '！' | '？' | '!' | '?') {
            continue;
        }
        let k = k + cs[k..].iter().take_while(|&&c| chars::is_space(c)).count();
        let Some(m) = markers::parse_marker(&cs, k) else {
            continue;
        };
        let (Some(n), 1..=2) = (m.numeral, m.level) else {
            continue;
        };
        let ok = if m.level == 1 {
            l1.map_or(n <= 2, |p| n == p + 1)
        } else {
            l2.map_or(n == 1, |p| n == p + 1)
        };
        if !ok || k == from_char {
            continue;
        }
        if m.level == 1 {
            (l1, l2) = (Some(n), None);
        } else {
            l2 = Some(n);
        }
        out.push((from, chars[k].0, k - from_char));
        (from, from_char) = (chars[k].0, k);
    }
    out.push((from, line.len(), cs.len() - from_char));
    out
}

// ---------------------------------------------------------------------------------------------
// Limits (characters). They bound the work per line, so a 10 MB line costs one scan.

/// Characters of a line that the marker, title and heading rules look at.
const PREFIX: usize = 200;
/// A line longer than this (characters) is a document without line breaks: see [`segments`].
const LONG_LINE: usize = 3000;
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
/// Characters at the start of a body paragraph read for its problem words (`cues.tsv`).
const PROBLEM_READ: usize = 40;
/// Longest closing line (`以上汇报不妥之处，请批评指正。`).
const MAX_CLOSING: usize = 40;
/// Lines after a closing line up to this length without 。 are signatures and dates.
const MAX_SIGNATURE: usize = 30;
/// A title glued to its body ends within this many characters.
const GLUE_WINDOW: usize = 40;
/// Lines before the first title, without headings, that count as its lead-in.
const MAX_PREAMBLE: usize = 2;

/// The heading marker a line starts with (`第一部分`, `一、`, `（一）`, `1.`, `(1)`, `一是`, `①`),
/// by the grammar of this stage: its level (0 to 5, as [`Heading::level`]) and its length in
/// characters. For the clean stage, which must not join a heading to the line before it.
pub(crate) fn line_marker(line: &str) -> Option<(u8, usize)> {
    let s: Vec<char> = line.chars().take(prefix::MARKER_READ + 2).collect();
    markers::parse_marker(&s, 0).map(|m| (m.level, m.len))
}
