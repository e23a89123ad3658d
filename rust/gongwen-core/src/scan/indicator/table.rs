//! The text of the tables: one entry a line, `KIND<TAB>WORD<TAB>VALUE[<TAB>FLAG]` (the header
//! of `data/scan/indicators.tsv` documents each kind), parsed and checked into typed
//! [`Entry`]s: a word and its [`Kind`], which carries the value the kind takes.

use super::Comparator;
use crate::error::{Error, Result};

/// What a unit measures besides a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Span {
    No,
    /// A span of time (flag `duration`: 3个工作日, 24小时), a figure only as the value of a
    /// metric.
    Time,
    /// An age (flag `age`: 79.2岁), a figure only after a verb.
    Age,
}

/// A unit as written, with its canonical form (千米 -> 公里).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Unit {
    pub(super) canonical: String,
    pub(super) span: Span,
}

/// A stance cue (kind `stance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cue {
    Target,
    Actual,
    /// Words written in targets and results alike, which settle no stance of their sentence
    /// and count only in a document's lean (`Scanner::priors`): a level held (稳定在) leans
    /// to a target, the base of a comparison (比上年, 同比: 地区生产总值比上年增长6%左右 is a
    /// target) to a result.
    LeanTarget,
    LeanActual,
    None,
}

/// A verb before a number (kind `change`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verb {
    Change,
    Level,
    Rate,
    None,
}

/// A word of a comparison's base (kind `base`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Base {
    /// A mark before a base (较, 比).
    Mark,
    /// A mark that starts a change (由, 从), whose year is the base figure's own.
    From,
    /// A base named by a period (上年, 去年同期).
    Period,
    /// A base in one word (同比, 环比).
    Rate,
}

/// The kind of an entry with the value it takes: one variant a kind of the table.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    Unit(Unit),
    /// A comparator written before the number.
    Before(Comparator),
    /// A comparator written after the unit.
    After(Comparator),
    /// A comparator between the number and its scale or unit (余, 多).
    Inner(Comparator),
    Range,
    Stance(Cue),
    Change(Verb),
    Lead,
    Link,
    Timecue,
    Narrative,
    /// A word that makes the number after it no indicator; `keep`: a longer word that is not
    /// one (提前).
    Not {
        keep: bool,
    },
    Base(Base),
}

impl Kind {
    /// The kinds' names in the table.
    pub(super) const NAMES: [&'static str; 13] = [
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

    /// The kind named `name` with `value` and `flag` (of one line), or `None` when they are not
    /// a value and flag of that kind. A flag is read for units only.
    pub(super) fn parse(name: &str, value: &str, flag: &str) -> Option<Kind> {
        let comparator = || Comparator::parse(value).filter(|&c| c != Comparator::Range);
        let bare = |k: Kind| value.is_empty().then_some(k);
        match name {
            "unit" => {
                let span = match flag {
                    "" => Span::No,
                    "duration" => Span::Time,
                    "age" => Span::Age,
                    _ => return None,
                };
                (!value.is_empty()).then(|| {
                    Kind::Unit(Unit {
                        canonical: value.to_string(),
                        span,
                    })
                })
            }
            "before" => comparator().map(Kind::Before),
            "after" => comparator().map(Kind::After),
            "inner" => comparator().map(Kind::Inner),
            "range" => bare(Kind::Range),
            "stance" => Some(Kind::Stance(match value {
                "target" => Cue::Target,
                "actual" => Cue::Actual,
                "lean-target" => Cue::LeanTarget,
                "lean-actual" => Cue::LeanActual,
                "none" => Cue::None,
                _ => return None,
            })),
            "change" => Some(Kind::Change(match value {
                "change" => Verb::Change,
                "level" => Verb::Level,
                "rate" => Verb::Rate,
                "none" => Verb::None,
                _ => return None,
            })),
            "lead" => bare(Kind::Lead),
            "link" => bare(Kind::Link),
            "timecue" => bare(Kind::Timecue),
            "narrative" => bare(Kind::Narrative),
            "not" => match value {
                "" => Some(Kind::Not { keep: false }),
                "keep" => Some(Kind::Not { keep: true }),
                _ => None,
            },
            "base" => Some(Kind::Base(match value {
                "mark" => Base::Mark,
                "from" => Base::From,
                "period" => Base::Period,
                "rate" => Base::Rate,
                _ => return None,
            })),
            _ => None,
        }
    }
}

/// One entry of a table: a word as written (Simplified) and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Entry {
    pub(super) word: String,
    pub(super) kind: Kind,
}

/// The entries of a table's text, in order; `source` names the text in errors, which give the
/// line.
pub(super) fn parse_entries(text: &str, source: &str) -> Result<Vec<Entry>> {
    // A byte-order mark, as editors on Windows write, is no part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (lineno, line) in crate::error::table_lines(text) {
        let bad = |message: String| Error::Dictionary {
            path: source.to_string(),
            line: lineno,
            message,
        };
        let mut parts = line.split('\t');
        let kind = parts.next().unwrap_or("").trim();
        let word = parts.next().unwrap_or("").trim();
        let value = parts.next().unwrap_or("").trim();
        let flag = parts.next().unwrap_or("").trim();
        if !Kind::NAMES.contains(&kind) {
            return Err(bad(format!(
                "unknown kind {kind:?}; expected one of {}",
                Kind::NAMES.join(", ")
            )));
        }
        if word.is_empty() {
            return Err(bad("empty word".to_string()));
        }
        if word.chars().count() > 12 {
            return Err(bad(format!("word {word:?} is longer than 12 characters")));
        }
        let Some(parsed) = Kind::parse(kind, value, flag) else {
            return Err(bad(format!("bad value {value:?} (flag {flag:?}) for kind {kind}")));
        };
        out.push(Entry {
            word: word.to_string(),
            kind: parsed,
        });
    }
    Ok(out)
}
