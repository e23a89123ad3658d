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
