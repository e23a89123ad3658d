//! Sentences and paragraphs: the sentence around a quantity, the stance cues and years each
//! sentence holds (read once for all its quantities, quotations skipped), and the paragraph of
//! a position.

use super::base::base_year;
use super::dates::placeholder_year;
use super::marks::{find_first, find_last, is_sentence_end, QUOTED, QUOTES};
use super::rules::IndicatorRules;
use super::table::Cue;
use super::MAX_CONTEXT;
use crate::scan::number;
use crate::structure::{self, Structure};

/// The sentence around `start..end`: after the last 。！？ or line break before it, to the next
/// one after it, at most [`MAX_CONTEXT`] characters either side.
pub(super) fn sentence(t: &[char], start: usize, end: usize) -> (usize, usize) {
    let lo = start.saturating_sub(MAX_CONTEXT);
    let s = find_last(t, lo, start, is_sentence_end).map_or(lo, |k| k + 1);
    let hi = (end + MAX_CONTEXT).min(t.len());
    let e = find_first(t, end, hi, is_sentence_end).unwrap_or(hi);
    (s, e)
}

/// Closing quotes and brackets that end a sentence with its mark (`…增长6%。”`).
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》')
}

/// Clause marks where a sentence too long to show whole is cut.
fn is_clause(c: char) -> bool {
    matches!(c, '；' | '，' | '：' | ';' | ',' | ':')
}

/// The span of the sentence of `start..end` shown with an indicator: after the last 。！？ or
/// line break before it (and the closing quotes after that mark) to the next one after it, that
/// mark and its closing quotes included, spaces trimmed. At most [`MAX_CONTEXT`] characters either
/// side of the indicator: a side longer than that starts (ends) at its clause mark farthest from
/// the indicator within the bound, or at the bound when it has none.
pub(super) fn sentence_span(t: &[char], start: usize, end: usize) -> (usize, usize) {
    let lo = start.saturating_sub(MAX_CONTEXT);
    let mut s = match find_last(t, lo, start, is_sentence_end) {
        Some(k) => k + 1,
        None if lo == 0 => 0,
        None => find_first(t, lo, start, is_clause).map_or(lo, |k| k + 1),
    };
    while s < start && (is_closing(t[s]) || t[s].is_whitespace()) {
        s += 1;
    }
    let hi = (end + MAX_CONTEXT).min(t.len());
    let found = find_first(t, end, hi, is_sentence_end);
    let mut e = match found {
        Some(k) if t[k] == '\n' => k,
        Some(k) => k + 1,
        None if hi == t.len() => hi,
        None => find_last(t, end, hi, is_clause).map_or(hi, |k| k + 1),
    };
    if found.is_some_and(|k| t[k] != '\n') {
        while e < t.len() && is_closing(t[e]) {
            e += 1;
        }
    }
    while e > end && t[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// A year a sentence states: (start, end, year; `None` for a placeholder year such as xxxx年).
pub(super) type Year = (usize, usize, Option<u32>);

/// A sentence holding quantities.
pub(super) struct Sentence {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Its stance cues: a range of [`Sentences::cues`].
    pub(super) cues: (usize, usize),
    /// Its years: a range of [`Sentences::years`].
    pub(super) years: (usize, usize),
}

/// The sentences holding quantities, with their stance cues and years, each read once for all
/// its quantities; the cues and years of all sentences share two vectors.
#[derive(Default)]
pub(super) struct Sentences {
    pub(super) list: Vec<Sentence>,
    /// Stance cues (position, cue), `none` words left out.
    pub(super) cues: Vec<(usize, Cue)>,
    pub(super) years: Vec<Year>,
}

impl Sentences {
    /// Read `t[s..e]` in one pass: cue words left to right, longest first, each read past,
    /// and years likewise (two independent readings, each with its own next position). Only
    /// the positions of `stops` (every position of a sentence mark, in order) are looked at.
    pub(super) fn read(&mut self, t: &[char], s: usize, e: usize, r: &IndicatorRules, stops: &[u32]) {
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

    pub(super) fn cues_of(&self, k: usize) -> &[(usize, Cue)] {
        let (a, b) = self.list[k].cues;
        &self.cues[a..b]
    }

    pub(super) fn years_of(&self, k: usize) -> &[Year] {
        let (a, b) = self.list[k].years;
        &self.years[a..b]
    }
}

/// The paragraph of a structure holding a character, for characters in text order: a cursor
/// that walks the paragraphs (ordered by start) instead of a binary search per indicator.
pub(super) struct ParagraphCursor<'s> {
    pub(super) paragraphs: &'s [structure::Paragraph],
    /// How many paragraphs start at or before the last position asked.
    pub(super) passed: usize,
}

impl<'s> ParagraphCursor<'s> {
    pub(super) fn new(structure: Option<&'s Structure>) -> Self {
        ParagraphCursor {
            paragraphs: structure.map_or(&[], |s| s.paragraphs.as_slice()),
            passed: 0,
        }
    }

    /// The paragraph holding character `pos`.
    pub(super) fn at(&mut self, pos: usize) -> Option<&'s structure::Paragraph> {
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

#[cfg(test)]
mod tests {
    use super::super::table::Cue;
    use super::super::testing::{chars, one};
    use super::super::{IndicatorRules, Stance};
    use super::{sentence, ParagraphCursor, Sentences};
    use crate::structure;

    /// The sentence of `text` around `start..end`, read: its cues (as words) and years.
    type Read = (Vec<(String, Cue)>, Vec<(usize, Option<u32>)>);

    fn read(text: &str, start: usize, end: usize) -> Read {
        let r = IndicatorRules::default_rules();
        let t = chars(text);
        let mut stops = Vec::new();
        r.stops.positions(&t, &mut stops);
        let (s, e) = sentence(&t, start, end);
        let mut sents = Sentences::default();
        sents.read(&t, s, e, r, &stops);
        let cues = sents
            .cues_of(0)
            .iter()
            .map(|&(k, c)| {
                let n = r.stance.at(&t, k).expect("a cue").0;
                (t[k..k + n].iter().collect(), c)
            })
            .collect();
        let years = sents.years_of(0).iter().map(|&(k, _, y)| (k, y)).collect();
        (cues, years)
    }

    #[test]
    fn sentence_is_cut_at_its_ends_and_at_the_context_bound() {
        let t = chars("去年完成5亿元。今年力争增长6%左右！");
        assert_eq!(sentence(&t, 4, 7), (0, 7));
        assert_eq!(sentence(&t, 14, 16), (8, 18));
        let long = chars(&("增".repeat(400) + "5%"));
        let (s, e) = sentence(&long, 400, 402);
        assert_eq!((s, e), (400 - super::MAX_CONTEXT, 402));
    }

    #[test]
    fn cues_and_years_of_a_sentence() {
        let (cues, years) = read("2024年力争城镇新增就业1200万人以上。", 13, 18);
        assert_eq!(cues, [("力争".to_string(), Cue::Target)]);
        assert_eq!(years, [(0, Some(2024))]);
        // A base year is no year of the sentence; a placeholder year is one without a value.
        let (_, years) = read("2023年全市地区生产总值较2020年增长20.5%。", 22, 27);
        assert_eq!(years, [(0, Some(2023))]);
        let (_, years) = read("xxxx年完成投资5亿元。", 9, 12);
        assert_eq!(years, [(0, None)]);
        // Words that contain a cue but are none (需氧量, 预期寿命) give nothing.
        let (cues, _) = read("化学需氧量排放量下降2%。", 10, 12);
        assert_eq!(cues, []);
    }

    #[test]
    fn cues_inside_quotes_are_names_not_stances() {
        // The year inside the title is still read (the sentence's period), its cue 计划 is not.
        let (cues, years) = read("印发《2024年工作计划》，全年共开展培训12期。", 21, 24);
        assert_eq!(
            (cues, years),
            (vec![("全年共".to_string(), Cue::Actual)], vec![(3, Some(2024))])
        );
        assert_eq!(
            one("树立了“管行业就要管垃圾分类”的工作理念，组建了1200人的督导员队伍。").stance,
            Stance::Actual
        );
        assert_eq!(
            one("印发《2024年工作计划》，全年共开展培训12期。").stance,
            Stance::Actual
        );
        // Outside the quotes the cue counts.
        assert_eq!(one("力争“个转企”企业达到120家。").stance, Stance::Target);
        // A mark never closed stops counting after QUOTED characters.
        let text = format!("“{}，力争新增就业1200人。", "好".repeat(super::QUOTED + 5));
        let start = text.chars().count() - 6;
        let (cues, _) = read(&text, start, start + 5);
        assert_eq!(cues, [("力争".to_string(), Cue::Target)]);
    }

    #[test]
    fn paragraph_cursor_finds_the_paragraph_of_a_position() {
        let text = "一、2022年工作总结\n全年新建道路12公里。\n二、2023年工作计划\n新建道路15公里。\n";
        let s = structure::analyze(text);
        let mut cursor = ParagraphCursor::new(Some(&s));
        let at = |c: &mut ParagraphCursor, k: usize| c.at(k).map(|p| (p.start, p.stance));
        let first = at(&mut cursor, 19).expect("a paragraph");
        let second = at(&mut cursor, 40).expect("a paragraph");
        assert_eq!(
            (first.1, second.1),
            (structure::Stance::Actual, structure::Stance::Target)
        );
        // Backwards too.
        assert_eq!(at(&mut cursor, 19), Some(first));
        assert_eq!(ParagraphCursor::new(None).at(3).map(|p| p.start), None);
    }
}
