//! The tables the scanner reads ([`IndicatorRules`]): the `KIND<TAB>WORD<TAB>VALUE[<TAB>FLAG]`
//! text of `data/scan/indicators.tsv` and of users' files, parsed and checked line by line, and
//! built into one word table a kind, each word with its Traditional forms.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::marks::QUOTES;
use super::stops::{Stops, STARTERS};
use super::table::{parse_entries, Base, Coordinator, Cue, Date, Entry, Kind, Unit, Verb};
use super::words::Words;
use super::Comparator;
use crate::charset::CharSet;
use crate::convert::with_traditional_forms;
use crate::error::Result;

/// The tables the scanner reads: units, comparator words, stance cues, change verbs, metric
/// trimming words, comparison bases, date words, the words of lists (、 和 分别) and of levels
/// (增加为). Every cue word the scanner reads is here, so each gets its Traditional forms. The
/// shipped set is `data/scan/indicators.tsv`; its header documents the format, which user
/// tables share.
#[derive(Clone, Debug)]
pub struct IndicatorRules {
    pub(super) entries: Vec<Entry>,
    pub(super) units: Words<Unit>,
    pub(super) before: Words<Comparator>,
    pub(super) after: Words<Comparator>,
    pub(super) inner: Words<Comparator>,
    pub(super) range: Words<()>,
    pub(super) stance: Words<Cue>,
    pub(super) change: Words<Verb>,
    pub(super) lead: Words<()>,
    pub(super) link: Words<()>,
    pub(super) timecue: Words<()>,
    /// Words after a time span that make it a narrative span, no figure (近23年新低, 5年来).
    pub(super) narrative: Words<()>,
    pub(super) not: Words<bool>,
    /// Comparison bases (kind `base`): the marks before a base (较, 比: `Base::Mark`; 由, 从,
    /// which start a change: `Base::From`; 与: `Base::With`), the bases named by a period
    /// (上年, 去年同期), the bases in one word (同比, 环比), the words before a year that make
    /// it a base when a closing word follows (同, 和), the closing words (相比, 相较), the words
    /// after a year that make it a base (基础, 为基数), and how a figure compares with its base
    /// (高, 低).
    pub(super) base_mark: Words<Base>,
    pub(super) base_period: Words<()>,
    pub(super) base_rate: Words<()>,
    pub(super) base_with_year: Words<()>,
    pub(super) base_close: Words<()>,
    pub(super) base_ground: Words<()>,
    pub(super) base_gap: Words<()>,
    /// Date words (kind `date`): after digits (年度, 月底) and periods on their own (上半年).
    pub(super) date_suffix: Words<()>,
    pub(super) date_period: Words<()>,
    /// The words between the figures of a list (、 和 及 与 或).
    pub(super) coordinator: Words<Coordinator>,
    /// 分别 (respectively).
    pub(super) respectively: Words<()>,
    /// The words that make a change verb's number the level reached (至, 到, 为).
    pub(super) level: Words<()>,
    /// The characters `Sentences::read` stops at: the first characters of stance cues and
    /// those a year can start with.
    pub(super) sentence_marks: CharSet,
    /// Those and the characters a number can start with: the one pass over the whole text
    /// lists where they are (and perhaps other places), and the later passes visit only those
    /// positions.
    pub(super) stops: Stops,
}

/// The shipped tables.
pub const DEFAULT_TABLES: &str = include_str!("../../../data/scan/indicators.tsv");

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
    /// mark. Bytes that are not UTF-8 are an [`Error::TableLine`](crate::error::Error::TableLine) naming the line.
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

    fn build(entries: Vec<Entry>) -> IndicatorRules {
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
            base_with_year: Words::default(),
            base_close: Words::default(),
            base_ground: Words::default(),
            base_gap: Words::default(),
            date_suffix: Words::default(),
            date_period: Words::default(),
            coordinator: Words::default(),
            respectively: Words::default(),
            level: Words::default(),
            sentence_marks: CharSet::default(),
            stops: Stops::default(),
        };
        for Entry { word, kind } in &entries {
            let mut forms = with_traditional_forms(word);
            // A unit per another is written with a full-width slash too (元／月), which cleaning
            // keeps.
            if matches!(kind, Kind::Unit(_)) && word.contains('/') {
                let full: Vec<String> = forms.iter().map(|f| f.replace('/', "／")).collect();
                forms.extend(full);
            }
            for w in &forms {
                match kind {
                    Kind::Unit(u) => r.units.insert(w, u.clone()),
                    Kind::Before(c) => r.before.insert(w, *c),
                    Kind::After(c) => r.after.insert(w, *c),
                    Kind::Inner(c) => r.inner.insert(w, *c),
                    Kind::Range => r.range.insert(w, ()),
                    Kind::Stance(c) => r.stance.insert(w, *c),
                    Kind::Change(v) => r.change.insert(w, *v),
                    Kind::Lead => r.lead.insert(w, ()),
                    Kind::Link => r.link.insert(w, ()),
                    Kind::Timecue => r.timecue.insert(w, ()),
                    Kind::Narrative => r.narrative.insert(w, ()),
                    Kind::Not { keep } => r.not.insert(w, *keep),
                    Kind::Base(b @ (Base::Mark | Base::From | Base::With)) => r.base_mark.insert(w, *b),
                    Kind::Base(Base::Period) => r.base_period.insert(w, ()),
                    Kind::Base(Base::Rate) => r.base_rate.insert(w, ()),
                    Kind::Base(Base::WithYear) => r.base_with_year.insert(w, ()),
                    Kind::Base(Base::Close) => r.base_close.insert(w, ()),
                    Kind::Base(Base::Ground) => r.base_ground.insert(w, ()),
                    Kind::Base(Base::Gap) => r.base_gap.insert(w, ()),
                    Kind::Date(Date::Suffix) => r.date_suffix.insert(w, ()),
                    Kind::Date(Date::Period) => r.date_period.insert(w, ()),
                    Kind::Coordinator(c) => r.coordinator.insert(w, *c),
                    Kind::Respectively => r.respectively.insert(w, ()),
                    Kind::Level => r.level.insert(w, ()),
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
        r.base_with_year.finish();
        r.base_close.finish();
        r.base_ground.finish();
        r.base_gap.finish();
        r.date_suffix.finish();
        r.date_period.finish();
        r.coordinator.finish();
        r.respectively.finish();
        r.level.finish();
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

#[cfg(test)]
mod tests {
    use super::super::testing::chars;
    use super::*;

    #[test]
    fn words_get_their_traditional_forms() {
        let r = IndicatorRules::parse(
            "base\t较\tmark\nunit\t万元\t元\nunit\t元/月\t元/月\nstance\t确保\ttarget\n",
            "t",
        )
        .unwrap();
        assert_eq!(r.len(), 4);
        let t = chars("較上年");
        assert_eq!(r.base_mark.at(&t, 0).map(|(n, m)| (n, *m)), Some((1, Base::Mark)));
        let t = chars("萬元");
        assert_eq!(
            r.units.at(&t, 0).map(|(n, u)| (n, u.canonical.as_str())),
            Some((2, "元"))
        );
        // A unit per another with a full-width slash too.
        let t = chars("元／月");
        assert_eq!(r.units.at(&t, 0).map(|(n, _)| n), Some(3));
        let t = chars("確保");
        assert_eq!(r.stance.at(&t, 0).map(|(_, c)| *c), Some(Cue::Target));
    }

    #[test]
    fn a_later_entry_wins_and_extending_keeps_the_rest() {
        let r = IndicatorRules::parse("unit\t孔\t孔\n", "t").unwrap();
        let r = r.extended("unit\t孔\t眼\nunit\t口井\t口井\n", "u").unwrap();
        assert_eq!(r.len(), 3);
        let t = chars("孔");
        assert_eq!(r.units.at(&t, 0).map(|(_, u)| u.canonical.as_str()), Some("眼"));
        assert!(IndicatorRules::parse("", "t").unwrap().is_empty());
        let shipped = IndicatorRules::default_rules();
        assert_eq!(
            shipped.len(),
            DEFAULT_TABLES
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count()
        );
    }

    #[test]
    fn stops_hold_cue_starts_quotes_and_number_starts() {
        let r = IndicatorRules::default_rules();
        for c in ['力', '确', '“', '《', '1', '万', 'x'] {
            assert!(r.stops.contains(c), "{c:?}");
        }
        assert!(r.sentence_marks.may_contain('力') && r.sentence_marks.may_contain('二'));
    }
}
