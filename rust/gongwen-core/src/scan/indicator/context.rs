//! The context of a quantity: the comparator words around it (and before its verb), whether
//! a duration or an age is a figure, the change verb, the stance of the clause, sentence,
//! section and document, the period, and the metric and section it gets.

use super::dates::period;
use super::marks::{find_first, find_last, is_clause_end, string_of};
use super::metric::Scratch;
use super::quantity::Quantity;
use super::sentence::{Sentence, Year};
use super::table::{Base, Cue, Span, Verb};
use super::{Comparator, Indicator, Scanner, Stance};
use crate::scan::number;
use crate::structure;

/// Longest first clause of a paragraph that frames it (`五年来，`, `过去的一年里，`).
const MAX_FRAME: usize = 8;

/// Characters after a starting level (从140元/月) read for the level word of its change.
const MAX_LEVEL_GAP: usize = 40;

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
        // comparators between (增长5%, 增长了约5%), no `level` word (至, 到, 为: 增加为500家 is a
        // level);
        // or a rate noun, then links (增速达到6%, 增长率为5%). A verb with its object between
        // (改造提升老旧小区12个, 增加就业岗位300个) counts a flow.
        let mut change = false;
        {
            let mut k = lead_end;
            let stop = floor.max(lead_end.saturating_sub(10));
            while k > stop {
                if let Some((_, c)) = r.change.ending(t, k, floor) {
                    let level = || (k..lead_end).any(|p| r.level.at(&t[..lead_end], p).is_some());
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
        // section, else actual. A cue of an earlier clause that goes against the section's
        // stance does not reach the figure: in a review, `实施…支持计划，开发岗位35万个` and
        // `做了很大努力，涨幅仍然高达21.7%` report results; only the figure's own clause can
        // turn a result into a target (`今年…将达305亿元`) or a plan into a result.
        let section_stance = match section_para.map(|p| p.stance) {
            Some(structure::Stance::Target) => Some(Stance::Target),
            Some(structure::Stance::Actual) => Some(Stance::Actual),
            _ => None,
        };
        // The level a change starts from (从140元/月提高至150元/月, 由2020年的350家增加到520家):
        // what is, before the plan or the result that follows it.
        let mut stance = self.starting_level(t, q.start, q.end, floor).then_some(Stance::Actual);
        // Clauses from the indicator's own backwards.
        let mut hi = q.start;
        let mut lo = clause_start;
        while stance.is_none() {
            let in_clause = cues.iter().filter(|(p, _)| *p >= lo && *p < hi);
            let mut target = false;
            let mut actual = false;
            for (_, c) in in_clause {
                match c {
                    Cue::Target => target = true,
                    Cue::PlanPeriod => target |= section_stance != Some(Stance::Actual),
                    Cue::Actual => actual = true,
                    Cue::LeanTarget | Cue::LeanActual | Cue::None => {}
                }
            }
            let own = lo == clause_start;
            if target && (own || section_stance != Some(Stance::Actual)) {
                stance = Some(Stance::Target);
                break;
            }
            if actual && (own || section_stance != Some(Stance::Target)) {
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
                        Cue::PlanPeriod | Cue::LeanTarget | Cue::LeanActual | Cue::None => continue,
                    }
                    break;
                }
            }
        }
        if stance.is_none() && section_para.is_some_and(|p| self.framed_as_results(t, p.start, scratch)) {
            // A sentence without a cue in a paragraph that opens on what was done (`五年来，`,
            // `过去一年里`, `去年`): it goes on with the results, whatever its section.
            stance = Some(Stance::Actual);
        }
        let stance = stance.or(section_stance).unwrap_or(prior.unwrap_or(Stance::Actual));
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
            // Set by the scan when every indicator is found.
            sentence: std::sync::Arc::from(""),
            clean_start: q.start,
            clean_end: q.end,
        })
    }

    /// Whether the first clause of the paragraph starting at `start` (up to its first comma or
    /// stop, at most [`MAX_FRAME`] characters) holds a cue of results and none of targets.
    fn framed_as_results(&self, t: &[char], start: usize, scratch: &mut Scratch<'_>) -> bool {
        if let Some((at, framed)) = scratch.frame {
            if at == start {
                return framed;
            }
        }
        // A frame is a short period phrase before the paragraph's first comma (`五年来，`,
        // `过去一年，`), not a cue inside a longer clause (`…教育多年来发展缓慢，`).
        let hi = t.len().min(start + MAX_FRAME + 1);
        let Some(end) = find_first(t, start, hi, is_clause_end) else {
            scratch.frame = Some((start, false));
            return false;
        };
        let (mut actual, mut target) = (false, false);
        let mut k = start;
        while k < end {
            match self.rules.stance.at(&t[..end], k) {
                Some((n, c)) => {
                    match c {
                        Cue::Actual => actual = true,
                        Cue::Target | Cue::PlanPeriod => target = true,
                        Cue::LeanTarget | Cue::LeanActual | Cue::None => {}
                    }
                    k += n;
                }
                None => k += 1,
            }
        }
        let framed = actual && !target;
        scratch.frame = Some((start, framed));
        framed
    }

    /// Whether the figure at `start..end` is the level a change starts from: a `from` mark
    /// (从, 由) before it, with only a year, a date word or 的 between, and a level word (至, 到)
    /// after it in its clause.
    fn starting_level(&self, t: &[char], start: usize, end: usize, floor: usize) -> bool {
        let r = self.rules;
        let mut k = start;
        while k > floor && start - k < 12 && (number::digit(t[k - 1]).is_some() || "年月底末初的 ".contains(t[k - 1]))
        {
            k -= 1;
        }
        // 在 is a `from` mark of a base year (在2020年基础上), not of a starting level.
        if k == 0 || t[k - 1] == '在' || !r.base_mark.ending(t, k, floor).is_some_and(|(_, b)| *b == Base::From) {
            return false;
        }
        let hi = t.len().min(end + MAX_LEVEL_GAP);
        let clause_end = find_first(t, end, hi, is_clause_end).unwrap_or(hi);
        (end..clause_end).any(|p| r.level.at(&t[..clause_end], p).is_some())
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

#[cfg(test)]
mod tests {
    use super::super::testing::{chars, metrics, one, scan, some};
    use super::super::{Comparator, IndicatorRules, Scanner, Stance};

    #[test]
    fn comparators_around_the_figure_of_a_target() {
        for (text, comparator) in [
            ("地区生产总值增长6%左右。", Comparator::Approx),
            ("城镇新增就业1200万人以上。", Comparator::Ge),
            ("居民消费价格涨幅3%左右。", Comparator::Approx),
            ("城镇调查失业率控制在5.5%以内。", Comparator::Le),
            ("全年实际利用外资不低于10亿美元。", Comparator::Ge),
            ("实施重点项目约300个。", Comparator::Approx),
            // Before the verb rather than the number.
            ("财政收入约增长5%。", Comparator::Approx),
            ("開展培訓至少達到3次。", Comparator::Ge),
            ("全年降水量不足300毫米。", Comparator::Le),
            ("全年地区生产总值增长5%。", Comparator::Eq),
        ] {
            assert_eq!(one(text).comparator, comparator, "{text}");
        }
    }

    #[test]
    fn comparator_before_verb_reads_the_word_before_a_change_or_link_word() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        let t = chars("财政收入约增长5%");
        assert_eq!(s.comparator_before_verb(&t, 7, 0), Some(Comparator::Approx));
        // 约 right before the number is no comparator before a verb.
        let t = chars("实施重点项目约300个");
        assert_eq!(s.comparator_before_verb(&t, 7, 0), None);
    }

    #[test]
    fn only_links_and_comparators_between_verb_and_number() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        let t = chars("增长了约5%");
        assert!(s.only_links(&t, 2, 4));
        let t = chars("增加就业岗位300个");
        assert!(!s.only_links(&t, 2, 6));
    }

    #[test]
    fn a_cue_of_an_earlier_clause_does_not_turn_a_review_into_a_plan() {
        use Stance::{Actual, Target};
        let stances = |text: &str| scan(text).into_iter().map(|i| (i.raw, i.stance)).collect::<Vec<_>>();
        let review = "一、2025年工作回顾\n实施岗位挖潜扩容支持计划，开发政策性岗位35万个。\
                      虽然在这方面做了很大努力，涨幅仍然高达21.7%。\
                      285个计划新开工项目全部开工。\
                      要把物价涨幅控制在10%以内，实际上涨8%。\n";
        assert_eq!(
            stances(review),
            [
                ("35万个".to_string(), Actual),
                ("21.7%".to_string(), Actual),
                ("285个".to_string(), Actual),
                // The figure's own clause still decides: last year's target, this year's result.
                ("10%".to_string(), Target),
                ("8%".to_string(), Actual),
            ]
        );
        // In a plan, a result named in an earlier clause does not make the target a result.
        let plan = "二、2026年工作安排\n去年已建成5G基站2万个，新建5G基站3万个。\n";
        assert_eq!(
            stances(plan),
            [("2万个".to_string(), Actual), ("3万个".to_string(), Target)]
        );
    }

    #[test]
    fn stance_cues_as_words() {
        use Stance::{Actual, Target};
        for (text, stance) in [
            ("地区生产总值增长6%左右。", Actual),
            ("力争城镇新增就业1200万人以上。", Target),
            ("今年预计居民消费价格涨幅3%左右。", Target),
            // A level held (稳定在, 保持在) is written in results and targets alike.
            ("截至2023年底，全县耕地保有量稳定在45万亩以上。", Actual),
            ("森林覆盖率稳定在67%以上。", Actual),
            ("今年全市主要预期目标：森林覆盖率稳定在67%以上。", Target),
            // 要求, 需要, 计划 as nouns; 已将 reports.
            ("按照上级要求，全年完成隐患整改120处。", Actual),
            ("根据需要，全年调配救灾物资1200件。", Actual),
            ("目前已将低保标准提高至650元。", Actual),
            ("全年計劃內項目完成投資12億元。", Actual),
            ("經濟成長率預估為3.2%。", Target),
            // The target named as what was completed: a result.
            ("全面完成省下达的节能减排目标任务，化学需氧量排放量下降2.1%。", Actual),
            ("圓滿完成年度目標任務，糧食產量達到50萬噸。", Actual),
            // 需 inside 需氧量 is no cue of a plan.
            ("化学需氧量排放量下降2%。", Actual),
            // The targets announced, or the completion promised.
            ("今年的主要目标任务是：地区生产总值增长6%左右。", Target),
            ("确保全面完成全年目标任务，地区生产总值增长6%左右。", Target),
            // 预期 in 预期寿命 (life expectancy) is no cue of a target.
            ("人均预期寿命达到79.5岁。", Actual),
        ] {
            assert_eq!(one(text).stance, stance, "{text}");
        }
    }

    #[test]
    fn an_estimate_and_the_current_year_follow_the_section() {
        use Stance::{Actual, Target};
        let stances = |text: &str| scan(text).into_iter().map(|i| (i.raw, i.stance)).collect::<Vec<_>>();
        // 预计 in a review is the year's estimated outcome; in a plan, an expectation. 今年
        // plans in a plan, and says nothing in a review (a report given at the year's end).
        let text = "一、当前的经济形势\n今年工业总产值预计比去年增长12%，实际增长率为8%。\n\
                    二、2026年工作安排\n预计居民消费价格涨幅3%左右。今年全社会固定资产投资总规模为5700亿元。\n";
        assert_eq!(
            stances(text),
            [
                ("12%".to_string(), Actual),
                ("8%".to_string(), Actual),
                ("3%".to_string(), Target),
                ("5700亿元".to_string(), Target),
            ]
        );
        // 实际增长 is the real rate of a target as of a result; 争取国家… funds sought or secured.
        assert_eq!(
            stances("今后五年，争取农民人均纯收入平均每年实际增长5%左右。")[0].1,
            Target
        );
        assert_eq!(
            stances("一、2025年工作回顾\n争取国家政策性资金超千亿元，发行专项债券1327亿元。\n"),
            [("千亿元".to_string(), Actual), ("1327亿元".to_string(), Actual)]
        );
    }

    #[test]
    fn a_state_and_a_starting_level_are_what_is() {
        use Stance::{Actual, Target};
        let stances = |text: &str| scan(text).into_iter().map(|i| (i.raw, i.stance)).collect::<Vec<_>>();
        // In a plan, the level a rise starts from is today's (从140元/月提高至150元/月), and a
        // state said with a negation or 存在着 is what is.
        let text = "二、2026年工作安排\n基础养老金从140元/月提高至150元/月。\
                    主要产品质量指标有43%没有恢复到历史最高水平，有24%的企业存在着亏损。\n";
        assert_eq!(
            stances(text),
            [
                ("140元/月".to_string(), Actual),
                ("150元/月".to_string(), Target),
                ("43%".to_string(), Actual),
                ("24%".to_string(), Actual),
            ]
        );
        // A paragraph that opens on a period of results (五年来，) goes on with results where
        // its sentences have no cue; a cue inside a longer first clause frames nothing.
        let text = "二、今后五年的主要任务\n五年来，我国领导人访问了46个国家。我们接待了来自89个国家的元首。\n\
                    专业教育多年来发展缓慢，比例失调。五年内使职业高中学生占到40%以上。\n";
        assert_eq!(
            stances(text),
            [
                ("46个".to_string(), Actual),
                ("89个".to_string(), Actual),
                ("40%".to_string(), Target),
            ]
        );
        // 在 before a figure is no starting level: 控制在5%以内 is the target.
        assert_eq!(stances("二、2026年工作安排\n失业率控制在5%以内。\n")[0].1, Target);
    }

    #[test]
    fn a_plan_named_as_a_noun_is_no_target_cue() {
        let stances = |text: &str| scan(text).into_iter().map(|i| i.stance).collect::<Vec<_>>();
        assert_eq!(
            stances("城镇新增就业4.5万人，完成年度目标的112%。累计完成投资56.8亿元，占年度计划的105.2%。"),
            [Stance::Actual; 4]
        );
        assert_eq!(
            stances("计划新建学校3所，确保完成年度目标的100%。"),
            [Stance::Target; 2]
        );
        assert_eq!(
            stances("最終完成人均純收入為2853元，完成目標任務的112.46%。"),
            [Stance::Actual; 2]
        );
    }

    #[test]
    fn change_needs_the_verb_next_to_its_number() {
        for (text, metric, change) in [
            ("地区生产总值增长6%左右。", "地区生产总值", true),
            ("城镇新增就业1200万人以上。", "城镇新增就业", false),
            // A change verb, then only links and comparators, then the number.
            ("营业收入同比增长了约5%。", "营业收入", true),
            ("城镇居民人均可支配收入增長6.5%。", "城镇居民人均可支配收入", true),
            // A rate noun, then links: 为 does not make it a level.
            ("一般公共预算收入增长率为5%。", "一般公共预算收入增长率", true),
            ("能耗下降幅度为3%。", "能耗下降幅度", true),
            // A level reached.
            ("主要污染物排放量增加为500吨。", "主要污染物排放量", false),
            // A verb with its object, then a count: a flow, as 新增 is.
            ("全年改造提升老旧小区12个。", "改造提升老旧小区", false),
            ("開展水質提升等8個固定資產投資審計項目。", "固定资产投资", false),
            // A compound whose last verb is 提升 names works done (改造提升 = renovate).
            ("村级活动场所改造提升28个。", "村级活动场所改造提升", false),
        ] {
            let i = one(text);
            assert_eq!((i.metric.as_deref(), i.change), (Some(metric), change), "{text}");
        }
        let found = scan("出口值較去年同期成長15.2%，營收衰退8%。");
        let got: Vec<_> = found.iter().map(|i| (i.metric.as_deref(), i.change)).collect();
        assert_eq!(got, [(Some("出口值"), true), (Some("营收"), true)]);
        assert_eq!(one("經濟成長率預估為3.2%。").metric.as_deref(), Some("经济成长率"));
    }

    #[test]
    fn durations_count_only_as_values_of_a_metric() {
        let raws = |text: &str| scan(text).into_iter().map(|i| i.raw).collect::<Vec<_>>();
        assert_eq!(raws("办理时限压缩至3个工作日。"), ["3个工作日"]);
        assert_eq!(raws("近3年来，连续5年获评。"), Vec::<String>::new());
        // A cue that is also the comparator's word (达到) still makes the span a value.
        let i = one("不动产登记办理时间达到3个工作日。");
        assert_eq!(
            (i.raw.as_str(), i.metric.as_deref()),
            ("3个工作日", Some("不动产登记办理时间"))
        );
        let i = one("工程建设项目审批时间壓減至60個工作日。");
        assert_eq!(
            (i.raw.as_str(), i.metric.as_deref(), i.change),
            ("60個工作日", Some("工程建设项目审批时间"), false)
        );
        assert_eq!(raws("连续24小时值班，制定3年行动计划。"), Vec::<String>::new());
        // A span of years in a narrative is no figure.
        assert_eq!(raws("全年城镇调查失业率为3.2%，为近23年新低。"), ["3.2%"]);
        assert_eq!(raws("經濟增速為近十年最好水準。"), Vec::<String>::new());
    }

    #[test]
    fn an_age_is_a_value_only_after_a_verb() {
        let found = scan("人均预期寿命达到79.2岁，比上年提高0.5歲；平均年龄为45岁。");
        let got: Vec<_> = found
            .iter()
            .map(|i| (i.value, i.unit.as_str(), i.metric.as_deref(), i.change))
            .collect();
        assert_eq!(
            got,
            [
                (Some(79.2), "岁", Some("人均预期寿命"), false),
                (Some(0.5), "岁", Some("人均预期寿命"), true),
                (Some(45.0), "岁", Some("平均年龄"), false),
            ]
        );
        // An age bound before a noun names a group of people; 年满 is no verb of a value.
        let found = scan("全市60岁以上老年人口达到25万人，为3岁以下婴幼儿提供托位1200个，年满18周岁的居民参保。");
        assert_eq!(
            found.iter().map(|i| i.raw.as_str()).collect::<Vec<_>>(),
            ["25万人", "1200个"]
        );
        assert_eq!(one("人均预期寿命提高到79岁以上。").comparator, Comparator::Ge);
    }

    #[test]
    fn a_measure_per_unit_written_before_the_figure() {
        for (text, raw, comparator) in [
            ("PM2.5年均浓度降至每立方米30微克以下。", "30微克", Comparator::Le),
            ("細顆粒物平均濃度控制在每立方米不超過35微克。", "35微克", Comparator::Le),
            ("细颗粒物平均浓度下降到32微克/立方米。", "32微克/立方米", Comparator::Eq),
        ] {
            let i = one(text);
            assert_eq!(
                (i.raw.as_str(), i.unit.as_str(), i.comparator),
                (raw, "微克/立方米", comparator)
            );
            let m = i.metric.expect("a metric");
            assert!((m.ends_with("浓度") || m.ends_with("濃度")) && !m.contains('每'), "{m}");
        }
    }

    #[test]
    fn a_rate_of_change_takes_the_metric_of_its_sentence() {
        let found = scan("全年全市生產總值達到2,845億元，按可比價格計算，比上年增長6.1%。");
        assert_eq!(found.len(), 2);
        assert_eq!(
            metrics("全年全市生產總值達到2,845億元，按可比價格計算，比上年增長6.1%。"),
            some(&["生产总值"; 2])
        );
        assert_eq!((found[1].change, found[1].value), (true, Some(6.1)));
    }

    #[test]
    fn a_level_word_in_its_traditional_forms_makes_a_level() {
        // From the national reports scanned as Traditional (s2t, 爲 and 為 for 为): a level
        // reached, no change, as in Simplified.
        use super::super::testing::scan_with;
        for text in [
            "今年經濟增長預期目標爲7%左右。",
            "今年２月修訂計劃時減少爲三百億元。",
            "主要污染物排放量增加為500噸。",
            "今年经济增长预期目标为7%左右。",
        ] {
            let found = scan_with(text, IndicatorRules::default_rules(), true);
            assert_eq!(found.iter().map(|i| i.change).collect::<Vec<_>>(), [false], "{text}");
        }
    }
}
