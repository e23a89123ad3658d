//! Line classification: whether a line is body text, a title, a title glued to its body, a
//! compilation title or a part heading, whether it is only a heading, and whether it closes a
//! report. Its headings go to a buffer.

use super::chars::{is_open, is_sentence_punct};
use super::cues::{Cue, Kind, Vocab};
use super::headings::{parse_chain, RawHead};
use super::markers::parse_marker;
use super::numerals::{cn_value, digit};
use super::prefix::{Prefix, MARKER_READ};
use super::titles::{bare_stance, glued_title, title_kind, vocab_only};
use super::{Stance, MAX_CLOSING, MAX_PART, MAX_TITLE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LineKind<'t> {
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
pub(super) struct LineClass<'t> {
    pub(super) kind: LineKind<'t>,
    pub(super) heading_only: bool,
    pub(super) closing: bool,
}

impl LineClass<'_> {
    pub(super) fn body() -> Self {
        LineClass {
            kind: LineKind::Body,
            heading_only: false,
            closing: false,
        }
    }
}

/// Characters of a long line that [`plain_long_line`] reads.
pub(super) const PEEK: usize = MAX_PART + 1;

/// Whether a line longer than [`MAX_TITLE`] whose first [`PEEK`] characters are `s` is
/// certainly classified as plain body text: it cannot start with a marker or an `About` word,
/// and no `一、` or `(一)` can glue a part heading to its start. Conservative: `false` sends the
/// line to [`classify`].
pub(super) fn plain_long_line(v: &Vocab, s: &[char]) -> bool {
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
pub(super) fn classify<'t>(v: &Vocab, p: &mut Prefix<'t>, heads: &mut Vec<RawHead<'t>>) -> LineClass<'t> {
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
                // A topic heading without a stance (政府自身建设, 结束语).
                if bare == Some(None) && v.contains(f, Kind::Topic) {
                    class.kind = LineKind::Part(Stance::Unknown);
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
                // An unnumbered top heading of an older report, with a phrase cue
                // (`今后五年建设和改革的目标、方针和任务`, `过去五年国内工作的基本总结`), and no
                // figure but a year.
                None if full <= MAX_PART && !has_figure(f) => {
                    if let (stance @ (Stance::Actual | Stance::Target), 3) = Cue::of(v, f, 0, true).resolve(None) {
                        class.kind = LineKind::Part(stance);
                        heads.push(RawHead::part(v, p.text, f));
                        class.heading_only = true;
                    }
                }
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

/// Whether a line names a figure: Arabic digits that are not a year's (`2023年`; Chinese
/// numerals in a short line are periods, `今后五年`).
fn has_figure(f: &[char]) -> bool {
    let is_digit = |c: char| digit(c).is_some();
    let mut i = 0;
    while i < f.len() {
        if is_digit(f[i]) {
            let j = i + f[i..].iter().take_while(|&&c| is_digit(c)).count();
            if !(j - i == 4 && f.get(j) == Some(&'年')) {
                return true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    false
}
