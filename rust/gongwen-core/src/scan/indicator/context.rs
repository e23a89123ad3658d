//! The context of a quantity: the comparator words around it (and before its verb), whether
//! a duration or an age is a figure, the change verb, the stance of the clause, sentence,
//! section and document, the period, and the metric and section it gets.

use super::dates::period;
use super::marks::{find_first, find_last, is_clause_end, string_of};
use super::metric::Scratch;
use super::quantity::Quantity;
use super::sentence::{Sentence, Year};
use super::table::{Cue, Span, Verb};
use super::{Comparator, Indicator, Scanner, Stance};
use crate::scan::number;
use crate::structure;

/// Where a quantity stands: its sentence, its paragraph, and the stance its document leans to
/// when its sections give none.
#[derive(Clone, Copy)]
pub(super) struct Place<'s> {
    pub(super) sent: &'s Sentence,
    /// The stance cues of the sentence.
    pub(super) cues: &'s [(usize, Cue)],
    /// The years of the sentence.
    pub(super) years: &'s [Year],
    pub(super) para: Option<&'s structure::Paragraph>,
    pub(super) prior: Option<Stance>,
}

impl<'a> Scanner<'a> {
    /// The context of a quantity: comparators, stance, change, period, metric, section.
    pub(super) fn context(
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

    /// Whether `t[a..b]` is made of link words and comparators only (了, 达到, 分别为, 约, 近),
    /// and spaces: each step takes the longest such word that fits.
    pub(super) fn only_links(&self, t: &[char], a: usize, b: usize) -> bool {
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

    /// A comparator written before the verb of a figure rather than before its number
    /// (约增长5%, 至少达到3次): the verb (a change or link word) ends at `start`.
    pub(super) fn comparator_before_verb(&self, t: &[char], start: usize, floor: usize) -> Option<Comparator> {
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
}
