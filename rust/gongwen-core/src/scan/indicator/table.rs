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
    /// A period word of the report's own year (今年): a target where the section does not
    /// report results, no cue in a review.
    PlanPeriod,
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
    /// A mark only when a closing word ends its base (与: 与2022年相比; 参与全区 is none).
    With,
    /// Before a year, makes it a base when a closing word follows (同, 和: 同2022年相比); it
    /// cuts no base from a metric.
    WithYear,
    /// Closes a base opened by a `with` word (相比, 相较).
    Close,
    /// After a year, makes it a base (基础, 为基数: 在2020年基础上, 以2020年为基数).
    Ground,
    /// After a base, how the figure compares with it (高, 低: 比全省平均高0.4个百分点).
    Gap,
}

/// A date word (kind `date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Date {
    /// After digits (2023年度, 11月底, 1-6月份).
    Suffix,
    /// A period on its own (上半年, 前三季度).
    Period,
}

/// A word between figures of a list (kind `coordinator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Coordinator {
    /// Joins figures and separates the metrics named before 分别 (、 和 及 与).
    And,
    /// Joins figures only (或).
    Or,
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
    Date(Date),
    Coordinator(Coordinator),
    /// 分别: the figures of a list after it go one to each metric named before it.
    Respectively,
    /// A word between a change verb and its number that makes the number the level reached
    /// (至, 到, 为: 增加为500家).
    Level,
}

impl Kind {
    /// The kinds' names in the table.
    pub(super) const NAMES: [&'static str; 17] = [
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
        "date",
        "coordinator",
        "respectively",
        "level",
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
                "plan-period" => Cue::PlanPeriod,
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
                "with" => Base::With,
                "with-year" => Base::WithYear,
                "close" => Base::Close,
                "ground" => Base::Ground,
                "gap" => Base::Gap,
                _ => return None,
            })),
            "date" => Some(Kind::Date(match value {
                "suffix" => Date::Suffix,
                "period" => Date::Period,
                _ => return None,
            })),
            "coordinator" => Some(Kind::Coordinator(match value {
                "and" => Coordinator::And,
                "or" => Coordinator::Or,
                _ => return None,
            })),
            "respectively" => bare(Kind::Respectively),
            "level" => bare(Kind::Level),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Result<Entry> {
        parse_entries(line, "t.tsv").map(|mut v| v.pop().expect("an entry"))
    }

    #[test]
    fn lines_become_typed_entries() {
        let entry = |word: &str, kind| Entry {
            word: word.to_string(),
            kind,
        };
        let unit = |canonical: &str, span| {
            Kind::Unit(Unit {
                canonical: canonical.to_string(),
                span,
            })
        };
        assert_eq!(one("unit\t千米\t公里").unwrap(), entry("千米", unit("公里", Span::No)));
        assert_eq!(
            one("unit\t个工作日\t个工作日\tduration").unwrap(),
            entry("个工作日", unit("个工作日", Span::Time))
        );
        assert_eq!(one("unit\t岁\t岁\tage").unwrap().kind, unit("岁", Span::Age));
        assert_eq!(one("after\t以上\tge").unwrap().kind, Kind::After(Comparator::Ge));
        assert_eq!(
            one("before\t约\tapprox").unwrap().kind,
            Kind::Before(Comparator::Approx)
        );
        assert_eq!(one("inner\t余\tge").unwrap().kind, Kind::Inner(Comparator::Ge));
        assert_eq!(one("stance\t力争\ttarget").unwrap().kind, Kind::Stance(Cue::Target));
        assert_eq!(
            one("stance\t稳定在\tlean-target").unwrap().kind,
            Kind::Stance(Cue::LeanTarget)
        );
        assert_eq!(one("change\t增长\tchange").unwrap().kind, Kind::Change(Verb::Change));
        assert_eq!(one("change\t增幅\trate").unwrap().kind, Kind::Change(Verb::Rate));
        assert_eq!(one("not\t第").unwrap().kind, Kind::Not { keep: false });
        assert_eq!(one("not\t提前\tkeep").unwrap().kind, Kind::Not { keep: true });
        assert_eq!(one("base\t较\tmark").unwrap().kind, Kind::Base(Base::Mark));
        assert_eq!(one("base\t由\tfrom").unwrap().kind, Kind::Base(Base::From));
        assert_eq!(one("base\t上年\tperiod").unwrap().kind, Kind::Base(Base::Period));
        assert_eq!(one("base\t同比\trate").unwrap().kind, Kind::Base(Base::Rate));
        assert_eq!(one("base\t与\twith").unwrap().kind, Kind::Base(Base::With));
        assert_eq!(one("base\t同\twith-year").unwrap().kind, Kind::Base(Base::WithYear));
        assert_eq!(one("base\t相比\tclose").unwrap().kind, Kind::Base(Base::Close));
        assert_eq!(one("base\t为基数\tground").unwrap().kind, Kind::Base(Base::Ground));
        assert_eq!(one("base\t高\tgap").unwrap().kind, Kind::Base(Base::Gap));
        assert_eq!(one("date\t年度\tsuffix").unwrap().kind, Kind::Date(Date::Suffix));
        assert_eq!(one("date\t上半年\tperiod").unwrap().kind, Kind::Date(Date::Period));
        assert_eq!(
            one("coordinator\t及\tand").unwrap().kind,
            Kind::Coordinator(Coordinator::And)
        );
        assert_eq!(
            one("coordinator\t或\tor").unwrap().kind,
            Kind::Coordinator(Coordinator::Or)
        );
        for (line, kind) in [
            ("range\t至", Kind::Range),
            ("lead\t力争", Kind::Lead),
            ("link\t达到", Kind::Link),
            ("timecue\t压缩至", Kind::Timecue),
            ("narrative\t以来", Kind::Narrative),
            ("respectively\t分别", Kind::Respectively),
            ("level\t为", Kind::Level),
        ] {
            assert_eq!(one(line).unwrap().kind, kind, "{line}");
        }
        // Spaces around fields, comments, blank lines and a byte-order mark are no part of it.
        let entries = parse_entries("\u{feff}# tables\n\n unit \t 家 \t 家 \nlink\t为\n", "t.tsv").unwrap();
        assert_eq!(
            entries.iter().map(|e| e.word.as_str()).collect::<Vec<_>>(),
            ["家", "为"]
        );
    }

    #[test]
    fn bad_lines_name_the_source_and_line() {
        for (text, message) in [
            ("units\t家\t家", "unknown kind \"units\""),
            ("unit\t\t家", "empty word"),
            ("lead\t一二三四五六七八九十一二三", "longer than 12 characters"),
            ("unit\t家", "bad value \"\""),
            ("unit\t家\t家\tdays", "flag \"days\""),
            ("before\t约\trange", "bad value \"range\""),
            ("stance\t必将\tmaybe", "bad value \"maybe\""),
            ("change\t增长\tgrowth", "for kind change"),
            ("not\t第\tdrop", "for kind not"),
            ("base\t基期\tbefore", "for kind base"),
            ("link\t为\tx", "for kind link"),
            ("date\t年度\tyear", "for kind date"),
            ("coordinator\t和", "for kind coordinator"),
            ("respectively\t分别\tyes", "for kind respectively"),
            ("level\t为\tlevel", "for kind level"),
        ] {
            let err = parse_entries(&format!("# c\n{text}\n"), "t.tsv").unwrap_err();
            match &err {
                Error::TableLine { path, line, message: m } => {
                    assert_eq!((path.as_str(), *line), ("t.tsv", 2), "{text}");
                    assert!(m.contains(message), "{text}: {m}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
