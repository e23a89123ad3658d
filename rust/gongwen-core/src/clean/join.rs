//! Lines broken inside a sentence, joined: the line breaks to cut out of the cleaned text.
//!
//! Transcriptions and scrapes break lines where the text does not: link markup leaves a linked
//! name on a line of its own (`切实贯彻《\n会计法\n》，提高…`, `新建\n高速铁路\n投产里程…`), a list
//! marker is split from its item (`一是\n发行…`). Such a break is cut (listed in `removed` under
//! [`RULE`]); every other break stays. A break between line `A` and the next line `B` is joined
//! when
//!
//! - no blank line lies between them (a blank line is a paragraph break: in the national reports
//!   transcribed on Wikisource, every one of the breaks across a blank line after a line without
//!   end punctuation but one follows a heading, and that one a list's lead-in),
//! - `A` does not end a sentence: its last character (closing quotes and brackets skipped) is
//!   none of `。！？；：…` and their variants,
//! - neither is a heading or a line of the head of a report: `B` starts with no heading marker
//!   of the structure stage (`一、`, `（一）`, `1.`, `一是`, ...), no dash (`——2026年1月26日在…会议上`);
//!   neither is a date line (`2026年1月26日`, `时间：2026-02-03`) or a line of words set apart
//!   by spaces (a speaker's name line `省长 王凯`, a menu); `A` with a heading marker is a
//!   heading unless it runs on (see below),
//! - and the sentence is seen to go on across the break, by one of:
//!   1. `B` starts with punctuation no line starts with (`，。、；：！？》”）`...);
//!   2. `A` ends with a comma, an enumeration comma, a dash or an opening quote or bracket;
//!   3. `A` is only a list marker (`一是`, `（一）`, `第一，`);
//!   4. `A` leaves a quote or bracket open (`“双向\n揭榜\n挂帅”`);
//!   5. `A` holds a sentence end before its last sentence (`…。新建`), or is longer than any
//!      heading ([`LONG`] characters), and `B` is a fragment (at most [`FRAGMENT`] characters,
//!      no punctuation) with a line of text after it: body text that lost its final `。`
//!      before a paragraph of its own stays apart;
//!   6. `A` continues a sentence itself (the break before it was joined, the sentence open);
//!   7. `B` is a fragment (short, without punctuation) that the line after it continues with
//!      punctuation (rule 1), so `B` sits inside a sentence;
//!   8. in a text whose paragraphs are set apart by blank lines (most sentence ends are followed
//!      by one), a single break is inside a paragraph: `A` has punctuation inside or is longer
//!      than a title ([`TITLE`]), or its paragraph has three lines or more and ends a sentence.
//!      A short line without punctuation stays apart (a heading or a title: `主要目标`).
//!
//! Nor is a break cut between two ASCII letters or digits (it may part two words). The cut is
//! the break with the spaces around it. The work is linear: two passes over the lines, each
//! line read a bounded number of times.

use std::borrow::Cow;
use std::collections::VecDeque;

use crate::numeral;

/// The rule name of a joined line break in `removed`.
pub(super) const RULE: &str = "join_line";

/// A line longer than this (characters) is no heading: a break after it is inside a sentence.
const LONG: usize = 60;
/// Longest title or heading line of a text set in paragraphs with blank lines between.
const TITLE: usize = 50;
/// Longest fragment (rule 7).
const FRAGMENT: usize = 30;
/// Longest date line.
const DATE: usize = 40;
/// Longest line of words set apart by spaces (a longer line with a space is text: `严防“ 钓鱼”项目`).
const SPACED: usize = 40;

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}'
    )
}

/// Marks that end a sentence (or a lead-in, `：`).
fn is_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':' | '．' | '.' | '｡' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Closing quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' | '〕' | ']' | '］' | '｝' | '}' | '〗'
    )
}

/// Punctuation inside or at the end of a sentence, which no line starts with.
fn is_inner(c: char) -> bool {
    matches!(
        c,
        '，' | '、'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '…'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
    )
}

/// What a line may end with when the sentence goes on (rule 2).
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '，' | '、' | ',' | '—' | '（' | '(' | '《' | '「' | '『' | '〔' | '〈' | '“' | '‘' | '[' | '［' | '〖'
    )
}

/// Sentence ends inside a line (rule 5).
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Punctuation inside a sentence (rule 8): a title line has none (`：` aside: `来源：…`,
/// `本文标题：…` are labels).
fn is_punct(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | ',' | ';') || is_stop(c)
}

const PAIRS: [(char, char); 7] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('「', '」'),
    ('『', '』'),
    ('（', '）'),
    ('(', ')'),
];

/// Whether a quote or bracket opened in `s` is left open at its end (rule 4).
fn left_open(s: &str) -> bool {
    let mut depth = [0u32; PAIRS.len()];
    // Every mark of `PAIRS` is outside ASCII but `(` and `)`, and those outside ASCII start
    // with the bytes 0xE2 (U+2000-U+2FFF), 0xE3 (U+3000-U+3FFF) or 0xEF (U+F000-U+FFFF): the
    // characters starting otherwise are skipped unread.
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, n) = match b {
            b'(' | b')' => (b as char, 1),
            0xE2 | 0xE3 | 0xEF => match s[i..].chars().next() {
                Some(c) => (c, 3),
                None => break,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        i += n;
        if let Some(k) = PAIRS.iter().position(|&(o, _)| o == c) {
            depth[k] += 1;
        } else if let Some(k) = PAIRS.iter().position(|&(_, e)| e == c) {
            depth[k] = depth[k].saturating_sub(1);
        }
    }
    depth.iter().any(|&d| d > 0)
}

/// Words set apart by spaces: a space between two characters that are not ASCII.
fn spaced(s: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut in_space = false;
    for c in s.chars() {
        if is_space(c) {
            in_space = true;
            continue;
        }
        if in_space && prev.is_some_and(|p| !p.is_ascii()) && !c.is_ascii() {
            return true;
        }
        in_space = false;
        prev = Some(c);
    }
    false
}

/// A date line: an optional label (`时间：`), then only digits, date words and separators.
fn date_line(s: &str, chars: usize) -> bool {
    if chars > DATE {
        return false;
    }
    let body = ["时间", "日期", "发布时间", "发布日期", "發布時間", "發布日期", "時間"]
        .iter()
        .find_map(|l| s.strip_prefix(l))
        .map_or(s, |r| r.trim_start_matches(['：', ':', ' ']));
    let mut digits = false;
    for c in body.chars() {
        if numeral::digit(c).is_some() {
            digits = true;
        } else if !(numeral::numbering_digit(c).is_some()
            || matches!(
                c,
                '十' | '年'
                    | '月'
                    | '日'
                    | '号'
                    | '時'
                    | '时'
                    | '分'
                    | '秒'
                    | '-'
                    | '/'
                    | '.'
                    | ':'
                    | '：'
                    | '－'
                    | '．'
            )
            || is_space(c))
        {
            return false;
        }
    }
    digits || body.contains('年')
}

/// What the rules need to know of one line.
#[derive(Clone, Copy, Debug, Default)]
struct Info {
    blank: bool,
    first: Option<char>,
    last: Option<char>,
    /// Ends a sentence.
    ends: bool,
    /// Starts with a heading marker of any level.
    marked: bool,
    /// A heading (marker of level 0-4 with text), a dash line, a date line or a spaced line.
    heading: bool,
    /// A dash line, a date line or a spaced line: never joined to the next.
    head_line: bool,
    /// Rules 2-4 (a heading too, when it runs on). False when the line ends a sentence.
    open: bool,
    /// Rule 5: body text, not a heading; the sentence goes on only into a fragment. False when
    /// the line ends a sentence.
    body: bool,
    /// Has punctuation inside (rule 8).
    punct: bool,
    chars: usize,
}

/// Whether the line, without spaces around it, ends a sentence (see [`Info::ends`]).
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(|c| is_closer(c) || is_space(c))
        .chars()
        .next_back()
        .is_some_and(is_end)
}

/// Of [`info`], only `blank` and `ends`: all the first pass reads.
fn blank_ends(line: &str) -> (bool, bool) {
    let s = line.trim_matches(is_space);
    (s.is_empty(), !s.is_empty() && ends_sentence(s))
}

fn info(line: &str) -> Info {
    let s = line.trim_matches(is_space);
    if s.is_empty() {
        return Info {
            blank: true,
            ..Info::default()
        };
    }
    let chars = s.chars().count();
    let first = s.chars().next();
    let last = s.chars().next_back();
    let ends = ends_sentence(s);
    let marker = crate::structure::line_marker(s);
    let only = marker.is_some_and(|(_, n)| n >= chars);
    let dash = matches!(first, Some('—' | '－' | '─' | '―'));
    let head_line = dash || (chars <= SPACED && spaced(s)) || date_line(s, chars);
    let marked_heading = marker.is_some_and(|(level, _)| level <= 4) && !only;
    // `open` and `body` are read only of a line that does not end a sentence (see [`joins`]):
    // not worked out for the others (most lines of text).
    let open = !ends && !head_line && (last.is_some_and(is_opening) || left_open(s) || only);
    // A sentence end with more text after it.
    let stop_inside = || {
        s.trim_end_matches(|c| is_closer(c) || is_end(c) || is_space(c))
            .contains(is_stop)
    };
    let body = !ends && !head_line && (stop_inside() || (!marked_heading && chars > LONG));
    Info {
        blank: false,
        first,
        last,
        ends,
        marked: marker.is_some(),
        heading: marked_heading || head_line,
        head_line,
        open,
        body,
        punct: s.contains(is_punct),
        chars,
    }
}

/// A line break: its byte in `mid` and the bounds of the kept range holding it.
type Break = (usize, usize, usize);

/// A line of the kept text: its text (borrowed unless a cut lies inside it), and the byte of
/// `mid` of the line break that ends it with the bounds of the kept range holding that byte.
struct Line<'a> {
    text: Cow<'a, str>,
    nl: Option<Break>,
}

/// The lines of the kept ranges of `mid`, in order.
struct Lines<'a> {
    mid: &'a str,
    kept: &'a [(usize, usize)],
    seg: usize,
    pos: usize,
    done: bool,
}

impl<'a> Lines<'a> {
    fn new(mid: &'a str, kept: &'a [(usize, usize)]) -> Self {
        Lines {
            mid,
            kept,
            seg: 0,
            pos: kept.first().map_or(0, |k| k.0),
            done: kept.is_empty(),
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.done {
            return None;
        }
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        loop {
            let (s, e) = self.kept[self.seg];
            let piece = &self.mid[self.pos..e];
            let found = memchr::memchr(b'\n', piece.as_bytes());
            let part = &piece[..found.unwrap_or(piece.len())];
            if text.is_empty() {
                text = Cow::Borrowed(part);
            } else if !part.is_empty() {
                text.to_mut().push_str(part);
            }
            if let Some(k) = found {
                let nl = self.pos + k;
                self.pos = nl + 1;
                return Some(Line {
                    text,
                    nl: Some((nl, s, e)),
                });
            }
            self.seg += 1;
            match self.kept.get(self.seg) {
                Some(&(s, _)) => self.pos = s,
                None => {
                    self.done = true;
                    return Some(Line { text, nl: None });
                }
            }
        }
    }
}

/// The byte ranges of `mid` to cut so that lines broken inside a sentence are joined, in order;
/// `kept` are the (ordered, disjoint) ranges of `mid` that stay: lines are those of the text they
/// make.
pub(super) fn join_cuts(mid: &str, kept: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Pass 1: the layout (are paragraphs set apart by blank lines?) and, per paragraph, whether
    // it has three lines or more and ends a sentence.
    let mut long_paragraph: Vec<bool> = Vec::new();
    let (mut blank_after_end, mut text_after_end) = (0usize, 0usize);
    let mut prev: Option<(bool, bool)> = None;
    let (mut para_lines, mut para_ends) = (0usize, false);
    for line in Lines::new(mid, kept) {
        let (blank, ends) = blank_ends(&line.text);
        if prev.is_some_and(|(p_blank, p_ends)| !p_blank && p_ends) {
            if blank {
                blank_after_end += 1;
            } else {
                text_after_end += 1;
            }
        }
        if blank {
            if para_lines > 0 {
                long_paragraph.push(para_lines >= 3 && para_ends);
            }
            para_lines = 0;
        } else {
            para_lines += 1;
            para_ends = ends;
        }
        prev = Some((blank, ends));
    }
    if para_lines > 0 {
        long_paragraph.push(para_lines >= 3 && para_ends);
    }
    let blank_layout = blank_after_end >= 3 && blank_after_end >= text_after_end;

    // Pass 2: each break between two lines of text, with the line after them in view.
    let mut cuts = Vec::new();
    let mut lines = Lines::new(mid, kept).map(|l| (info(&l.text), l.nl));
    let mut window: VecDeque<(Info, Option<Break>)> = lines.by_ref().take(3).collect();
    // Paragraphs started so far; whether the line before was blank.
    let (mut para, mut after_blank) = (0usize, true);
    // The sentence is open at the start of the current line (rule 6).
    let mut carried = false;
    while let Some((a, nl)) = window.pop_front() {
        window.extend(lines.next());
        if a.blank {
            (after_blank, carried) = (true, false);
            continue;
        }
        if after_blank {
            para += 1;
            after_blank = false;
        }
        let (Some(nl), Some(&(b, _))) = (nl, window.front()) else {
            break;
        };
        let c = window.get(1).map(|w| w.0).filter(|c| !c.blank);
        let join = if b.blank {
            Join::No
        } else {
            joins(&a, &b, c.as_ref(), carried, blank_layout, || {
                long_paragraph.get(para - 1).copied().unwrap_or(false)
            })
        };
        carried = match join {
            Join::No => false,
            Join::Open => true,
            Join::Closer => b
                .first
                .is_some_and(|c| matches!(c, '，' | '、' | ',' | '；' | ';' | '：' | ':')),
        };
        if join != Join::No {
            cuts.push(cut_around(mid, nl));
        }
    }
    cuts
}

/// Why a break is joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    No,
    /// The sentence goes on across the break.
    Open,
    /// Only rule 1: `B` starts with a closing mark.
    Closer,
}

/// Whether the break between `a` and `b` (`c`: the line after `b`, when no blank line parts
/// them) is joined; `carried`: the sentence is open at the start of `a`; `in_long`: `a`'s
/// paragraph has three lines or more and ends a sentence.
fn joins(a: &Info, b: &Info, c: Option<&Info>, carried: bool, blank_layout: bool, in_long: impl Fn() -> bool) -> Join {
    let glue = a.last.is_some_and(|x| x.is_ascii_alphanumeric()) && b.first.is_some_and(|x| x.is_ascii_alphanumeric());
    if glue {
        return Join::No;
    }
    let fenced = a.ends || b.marked || b.head_line || a.head_line;
    if !fenced {
        let fragment = !b.punct && b.chars <= FRAGMENT && !b.heading;
        let rule7 = fragment
            && !a.heading
            && c.is_some_and(|c| c.first.is_some_and(|x| is_inner(x) && !matches!(x, '》' | '」' | '』')));
        // Body text goes on into a fragment with more text after it (`…。新建\n高速铁路\n投产…`),
        // not into a sentence or paragraph of its own (a source that left out a final 。).
        let rule5 = a.body && fragment && c.is_some_and(|c| !c.heading && !c.marked);
        let open = a.open
            || rule5
            || (!a.heading && (carried || rule7 || (blank_layout && (a.punct || a.chars > TITLE || in_long()))));
        if open {
            return Join::Open;
        }
    }
    if b.first.is_some_and(|x| is_inner(x) || is_closer(x)) {
        return Join::Closer;
    }
    Join::No
}

/// The line break at byte `nl` of `mid` with the spaces around it, inside its kept range.
fn cut_around(mid: &str, (nl, seg_s, seg_e): (usize, usize, usize)) -> (usize, usize) {
    let before = mid[seg_s..nl]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_space(c))
        .last()
        .map_or(nl, |(k, _)| seg_s + k);
    let after = mid[nl + 1..seg_e]
        .char_indices()
        .find(|&(_, c)| !is_space(c))
        .map_or(seg_e, |(k, _)| nl + 1 + k);
    (before, after)
}

#[cfg(test)]
mod tests {
    use crate::clean::{clean, CleanOptions, Cleaned, Rules};

    fn c(text: &str) -> Cleaned {
        clean(text, &CleanOptions::default(), Rules::default_rules())
    }

    /// Every character of the cleaned text maps to the same character of the input, and each
    /// removed span is a line break with spaces, by the join rule.
    fn check(text: &str, r: &Cleaned) {
        let input: Vec<char> = text.chars().collect();
        for (i, ch) in r.text.chars().enumerate() {
            let (s, e) = r.map.source_span(i);
            if e == s + 1 && ch != '\n' {
                assert_eq!(input[s], ch, "{i} in {:?}", r.text);
            }
        }
        for x in r.removed.iter().filter(|x| x.rule == super::RULE) {
            assert!(
                x.text.contains('\n') && x.text.chars().all(|c| c.is_whitespace()),
                "{x:?}"
            );
            assert_eq!(input[x.start..x.end].iter().collect::<String>(), x.text);
        }
    }

    fn joined(text: &str) -> String {
        let r = c(text);
        check(text, &r);
        r.text
    }

    /// Paragraphs set apart by blank lines, as on Wikisource.
    const PARAGRAPHS: &str = "各位代表：\n\n现在，我代表国务院向大会作政府工作报告。\n\n一、过去一年的工作\n\n过去一年，经济运行总体平稳。\n\n";

    #[test]
    fn link_splits_are_joined() {
        // Rules 1, 2, 6: an opening mark, a line that goes on, a line starting with a closing one.
        assert_eq!(
            joined("严格执行《\n建筑法\n》、《\n招标投标法\n》，建立健全项目法人责任制。"),
            "严格执行《建筑法》、《招标投标法》，建立健全项目法人责任制。"
        );
        // Rule 5 (a sentence end before the last sentence), then 6.
        assert_eq!(
            joined("经济运行总体平稳。新建\n高速铁路\n投产里程超过1900公里。"),
            "经济运行总体平稳。新建高速铁路投产里程超过1900公里。"
        );
        // Rule 4: a quote left open.
        assert_eq!(joined("“双向\n揭榜\n挂帅”的简称。"), "“双向揭榜挂帅”的简称。");
        // Rule 3: a list marker on a line of its own.
        assert_eq!(joined("一是\n发行长期国债1000亿元。"), "一是发行长期国债1000亿元。");
        // A stray space in a long line does not make it a menu.
        assert_eq!(
            joined("一是\n发行长期国债1000亿元，严防“ 钓鱼”项目和“胡子”工程，杜绝劣质工程和挪用项目资金。"),
            "一是发行长期国债1000亿元，严防“ 钓鱼”项目和“胡子”工程，杜绝劣质工程和挪用项目资金。"
        );
        assert_eq!(
            joined("第一，\n这次机构改革着眼于转变职能。"),
            "第一，这次机构改革着眼于转变职能。"
        );
        // Rule 7: a fragment the next line continues with punctuation.
        assert_eq!(
            joined("同苏联缔结了\n友好同盟互助条约\n。"),
            "同苏联缔结了友好同盟互助条约。"
        );
    }

    #[test]
    fn a_paragraph_of_a_blank_line_layout_is_one_line() {
        // Rule 8: in a text whose paragraphs are set apart by blank lines, the single breaks of
        // a paragraph of three lines that ends a sentence are inside it.
        let text = format!("{PARAGRAPHS}新建\n高速铁路\n投产里程超过1900公里。\n\n主要目标\n\n");
        assert_eq!(
            joined(&text),
            format!("{PARAGRAPHS}新建高速铁路投产里程超过1900公里。\n\n主要目标\n\n")
        );
        // A line with punctuation inside, too; a short line of two is a heading.
        let text = format!("{PARAGRAPHS}现在，我代表国务院向大会作政府工作报\n告，请予审议。\n\n主要目标\n今年发展的主要预期目标是：增长5%左右。\n\n");
        assert_eq!(
            joined(&text),
            format!("{PARAGRAPHS}现在，我代表国务院向大会作政府工作报告，请予审议。\n\n主要目标\n今年发展的主要预期目标是：增长5%左右。\n\n")
        );
        // The same lines set one paragraph a line are left alone.
        assert_eq!(
            joined("新建\n高速铁路\n投产里程超过1900公里。"),
            "新建\n高速铁路\n投产里程超过1900公里。"
        );
    }

    #[test]
    fn a_lone_heading_word_inside_a_sentence_is_no_heading() {
        let text = "坚持稳中求进工作总基调。今年经济社会发展的\n主要目标\n是：地区生产总值增长5%左右。";
        let out = joined(text);
        assert_eq!(
            out,
            "坚持稳中求进工作总基调。今年经济社会发展的主要目标是：地区生产总值增长5%左右。"
        );
        let s = crate::structure::analyze(&out);
        assert!(s.paragraphs.iter().all(|p| p.heading_path.is_empty()));
    }

    #[test]
    fn headings_and_head_lines_stay() {
        for text in [
            // A report's head: title, delivery line, speaker (its 来源/时间 lines are page
            // chrome, removed by the boilerplate rules).
            "2026年河南省政府工作报告\n——2026年1月26日在河南省第十四届人民代表大会第四次会议上\n河南省人民政府省长 王凯\n各位代表：",
            // Numbered headings before and after lines without end punctuation.
            "三、2026年工作安排\n今年是“十五五”开局之年。\n（二）大力拓展内需增长新空间\n充分激发消费潜能。",
            "全年完成投资12亿元，\n（二）扩大内需",
            // Unnumbered headings.
            "名词解释\n1.“两重”：是指国家重大战略。",
            "主要目标\n今年发展的主要预期目标是：增长5%左右。",
            // A blank line is a paragraph break.
            "为了加快农业的发展，\n\n一要继续执行正确的农村政策。",
            // Two words of Latin letters.
            "Gross domestic\nproduct growth",
            "各位代表：\n\n我们开会。\n\n讨论了。\n\n通过了。\n\n春风 秋雨 冬雪\n夏花 晨露 晚霞",
            "2026年1月26日\n各位代表：",
            // A paragraph that lost its final 。 before a paragraph of its own.
            "该系统建成运行。在研讨会上荣获“典型系统奖”\n全市公务员计算机应用能力的培训及考核工作卓有成效。",
        ] {
            assert_eq!(joined(text), text);
        }
    }

    #[test]
    fn crlf_breaks_go_whole_and_the_map_stays_exact() {
        let text = "\u{3000}\u{3000}切实贯彻《 \r\n会计法\r\n》，提高会计信息质量。\r\n下一段。";
        let r = c(text);
        check(text, &r);
        assert_eq!(r.text, "切实贯彻《会计法》，提高会计信息质量。\n下一段。");
        let joins: Vec<&str> = r.removed.iter().map(|x| x.text.as_str()).collect();
        // The space before the first break went with the character pass (spaces at line ends).
        assert_eq!(joins, ["\r\n", "\r\n"]);
        assert!(r.removed.iter().all(|x| x.rule == "join_line"));
        // Spaces kept by the options: the break goes with the spaces around it.
        let opts = CleanOptions {
            spaces: false,
            ..CleanOptions::default()
        };
        let r = clean("切实贯彻《 \n\u{3000}会计法》。", &opts, Rules::default_rules());
        assert_eq!(r.text, "切实贯彻《会计法》。");
        let r = clean(
            "切实贯彻《\n会计法》。",
            &CleanOptions { joins: false, ..opts },
            Rules::default_rules(),
        );
        assert_eq!(r.text, "切实贯彻《\n会计法》。");
    }

    #[test]
    fn lines_are_those_boilerplate_leaves() {
        // A cut inside a line and a whole line cut: the joiner reads the text that stays.
        let text = "切实贯彻《\n下面是小编为大家整理的,供大家参考。\n会计法》。";
        let r = c(text);
        check(text, &r);
        assert_eq!(r.text, "切实贯彻《会计法》。");
    }

    #[test]
    fn left_open_reads_marks_only() {
        use super::{left_open, PAIRS};
        // What the character-by-character count gives.
        fn naive(s: &str) -> bool {
            let mut depth = [0u32; PAIRS.len()];
            for c in s.chars() {
                for (k, &(o, e)) in PAIRS.iter().enumerate() {
                    if c == o {
                        depth[k] += 1;
                    } else if c == e {
                        depth[k] = depth[k].saturating_sub(1);
                    }
                }
            }
            depth.iter().any(|&d| d > 0)
        }
        for s in [
            "“双向",
            "“双向”揭榜",
            "实施《会计法",
            "（一）经济",
            "(GDP",
            "GDP)(",
            "）（",
            "「甲」『乙",
            "‘单’",
            "😀“🇨🇳”",
            "—…“",
            "",
        ] {
            assert_eq!(left_open(s), naive(s), "{s:?}");
        }
    }
}
