//! Lists of figures: a comparator after a list applies to each figure, a change verb before it
//! governs each, 分别 (respectively) gives each figure of a list one of the metrics named
//! before it, and a figure without a metric shares the one before it.

use super::dates::skip_date;
use super::marks::{find_last, is_clause_end, is_sentence_end, string_of};
use super::metric::MAX_METRIC;
use super::rules::IndicatorRules;
use super::table::Coordinator;
use super::{Comparator, Indicator, Scanner};

impl<'a> Scanner<'a> {
    /// A comparator after a list of coordinated figures applies to each (26万亩、11万吨以上);
    /// a figure of the list without a metric of its own shares the one before.
    pub(super) fn coordinate(&self, t: &[char], out: &mut [Indicator]) {
        let r = self.rules;
        for k in (1..out.len()).rev() {
            let (a, b) = (&out[k - 1], &out[k]);
            let gap = &t[a.end..b.start];
            if !(listed(gap, r) && gap.iter().any(|&c| c != ' ')) {
                continue;
            }
            let c = out[k].comparator;
            if out[k - 1].comparator == Comparator::Eq && c != Comparator::Range {
                out[k - 1].comparator = c;
            }
        }
        // A change verb before a list governs each figure (分别增长6%和8%).
        for k in 1..out.len() {
            if listed(&t[out[k - 1].end..out[k].start], r) && out[k - 1].change {
                out[k].change = true;
            }
        }
        // 分别 (respectively): the figures of a list after it go one to each of the metrics
        // named before it, in order: A达到X元，B达到Y元，分别增长5%和7% gives 5% to A and 7% to B;
        // A、B分别下降2%和3% gives 2% to A and 3% to B.
        let mut k = 0;
        while k < out.len() {
            let mut end = k + 1;
            while end < out.len() && listed(&t[out[end - 1].end..out[end].start], r) {
                end += 1;
            }
            let n = end - k;
            let at = respectively(t, out[k].start, r);
            if n >= 2 && at.is_some() && out[k + 1..end].iter().all(|i| i.metric.is_none()) {
                let parts: Option<Vec<String>> = out[k]
                    .metric
                    .as_deref()
                    .map(|m| m.split('、').map(str::to_string).collect::<Vec<_>>())
                    .filter(|p| p.len() == n && p.iter().all(|x| !x.is_empty()))
                    .or_else(|| self.listed_metrics(t, at.expect("checked"), n));
                let named: Option<Vec<Option<String>>> = match parts {
                    Some(p) => Some(p.into_iter().map(Some).collect()),
                    None if out[k].metric.is_none() && k >= n => {
                        let before = &out[k - n..k];
                        let one_sentence = !t[before[0].end..out[k].start].iter().any(|&c| is_sentence_end(c));
                        (one_sentence && before.iter().all(|i| i.metric.is_some()))
                            .then(|| before.iter().map(|i| i.metric.clone()).collect())
                    }
                    None => None,
                };
                if let Some(named) = named {
                    for (i, m) in named.into_iter().enumerate() {
                        out[k + i].metric = m;
                    }
                }
            }
            k = end;
        }
        // A figure without a metric of its own shares the one just before it in its sentence
        // (26万亩、11万吨; 从140元/月提高至150元/月; 实现产值xx亿元，同比增长xx%; 计划投资4.5亿元，
        // 已完成3.5亿元).
        // A rate of change reaches further back in its sentence (生产总值2845亿元，按可比价格计算，
        // 比上年增长6.1%).
        for k in 1..out.len() {
            if out[k].metric.is_none() {
                let gap = &t[out[k - 1].end..out[k].start];
                let reach = if out[k].change { 24 } else { 12 };
                if gap.len() <= reach && !gap.iter().any(|&c| is_sentence_end(c)) {
                    out[k].metric = out[k - 1].metric.clone();
                }
            }
        }
    }

    /// The `n` metrics a clause lists before 分别 at `at` (A、B和C分别增长…), read off the text
    /// when the metric of the first figure holds fewer (it keeps only its last words): the
    /// clause cut at each coordinator `and` (、 和 及 与), the first part without its leading
    /// dates and cue words.
    pub(super) fn listed_metrics(&self, t: &[char], at: usize, n: usize) -> Option<Vec<String>> {
        let lo = at.saturating_sub(n * MAX_METRIC);
        let from = find_last(t, lo, at, is_clause_end).map_or(lo, |k| k + 1);
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut s = from;
        let mut k = from;
        while k < at {
            match self.rules.coordinator.at(&t[..at], k) {
                Some((m, Coordinator::And)) => {
                    parts.push((s, k));
                    s = k + m;
                    k += m;
                }
                _ => k += 1,
            }
        }
        parts.push((s, at));
        if parts.len() != n || parts.iter().any(|&(a, b)| b <= a || b - a > MAX_METRIC) {
            return None;
        }
        // The first part starts the clause: its dates and cue words go (2023年全市规模以上…).
        let (mut a, b) = parts[0];
        loop {
            let before = a;
            a = skip_date(t, a, b, self.rules);
            if let Some((m, _)) = self.rules.lead.at(t, a).filter(|&(m, _)| a + m < b) {
                a += m;
            }
            if a == before {
                break;
            }
        }
        parts[0].0 = a;
        // A base in one word ends the list (事故起数和死亡人数同比分别下降…).
        let last = parts.len() - 1;
        if let Some((m, _)) = self.rules.base_rate.ending(t, parts[last].1, parts[last].0) {
            parts[last].1 -= m;
        }
        if parts.iter().any(|&(a, b)| b <= a) {
            return None;
        }
        Some(parts.iter().map(|&(a, b)| string_of(&t[a..b])).collect())
    }
}

/// Whether the text between two figures joins them in a list: at most 3 characters, each a
/// space or part of a coordinator of the tables (、 和 及 与 或).
pub(super) fn listed(gap: &[char], r: &IndicatorRules) -> bool {
    if gap.is_empty() || gap.len() > 3 {
        return false;
    }
    let mut i = 0;
    while i < gap.len() {
        if gap[i] == ' ' {
            i += 1;
        } else if let Some((n, _)) = r.coordinator.at(gap, i) {
            i += n;
        } else {
            return false;
        }
    }
    true
}

/// Where a `respectively` word of the tables (分别) stands before `start` in its clause, at most
/// 12 characters back.
pub(super) fn respectively(t: &[char], start: usize, r: &IndicatorRules) -> Option<usize> {
    let lo = start.saturating_sub(12);
    let from = find_last(t, lo, start, is_clause_end).map_or(lo, |k| k + 1);
    (from..start).find(|&p| r.respectively.at(&t[..start], p).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{chars, metrics, scan, some};
    use super::super::{Comparator, IndicatorRules, Scanner};
    use super::{listed, respectively};

    #[test]
    fn a_comparator_after_a_list_applies_to_each() {
        let found = scan("確保全年糧食穩定在26萬畝、11萬噸以上");
        let got: Vec<_> = found.iter().map(|i| (i.raw.as_str(), i.comparator)).collect();
        assert_eq!(got, [("26萬畝", Comparator::Ge), ("11萬噸", Comparator::Ge)]);
        // Each figure of 分别 keeps its own, and the metric of the list.
        let found = scan("城乡居民人均可支配收入分别增长5%左右、5%以上。");
        let got: Vec<_> = found.iter().map(|i| (i.comparator, i.metric.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Comparator::Approx, Some("城乡居民人均可支配收入")),
                (Comparator::Ge, Some("城乡居民人均可支配收入"))
            ]
        );
        let found = scan("城乡居民人均可支配收入分别增长6%和8%。");
        let got: Vec<_> = found.iter().map(|i| (i.raw.as_str(), i.comparator, i.change)).collect();
        assert_eq!(got, [("6%", Comparator::Eq, true), ("8%", Comparator::Eq, true)]);
    }

    #[test]
    fn respectively_gives_each_figure_its_own_metric() {
        for (text, expected) in [
            (
                "城镇常住居民人均可支配收入达到45218元，农村常住居民人均可支配收入达到21356元，分别增长5.1%和7.3%。",
                ["城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"].repeat(2),
            ),
            (
                "全年接待游客2800萬人次，實現旅遊總收入310億元，分別增長15%和18%。",
                ["接待游客", "旅游总收入"].repeat(2),
            ),
            (
                "化学需氧量、氨氮排放量分别下降2.1%和2.5%。",
                vec!["化学需氧量", "氨氮排放量"],
            ),
            (
                "全市有幼儿园12所、小学8所，分别比上年增加2所和1所。",
                ["幼儿园", "小学"].repeat(2),
            ),
            // One metric for the list: each figure keeps it.
            ("城乡居民收入分别增长5%和6%。", vec!["城乡居民收入"; 2]),
            (
                "2023年全市规模以上工业增加值、固定资产投资、社会消费品零售总额分别增长6.2%、8.5%和7.1%。",
                vec!["规模以上工业增加值", "固定资产投资", "社会消费品零售总额"],
            ),
            (
                "安全生产事故起数和死亡人数分别下降10%和15%。",
                vec!["安全生产事故起数", "死亡人数"],
            ),
            (
                "确保全年安全生产事故起数和死亡人数同比分别下降10%和15%以上。",
                vec!["安全生产事故起数", "死亡人数"],
            ),
            (
                "全市一般公共预算收入和税收收入分别完成12.5亿元和9.8亿元。",
                vec!["一般公共预算收入", "税收收入"],
            ),
        ] {
            assert_eq!(metrics(text), some(&expected), "{text}");
        }
    }

    #[test]
    fn figures_without_a_metric_share_the_one_before() {
        let found = scan("2022年度计划投资4.53亿元，已完成3.5亿元。");
        let got: Vec<_> = found
            .iter()
            .map(|i| (i.metric.as_deref(), i.stance.as_str(), i.period.as_deref(), i.value))
            .collect();
        assert_eq!(
            got,
            [
                (Some("投资"), "target", Some("2022"), Some(4.53e8)),
                (Some("投资"), "actual", Some("2022"), Some(3.5e8))
            ]
        );
        let found = scan("突发严重困难户18户55人（2户6人已消除风险）。");
        let got: Vec<_> = found.iter().map(|i| (i.raw.as_str(), i.metric.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("18户", Some("突发严重困难户")),
                ("55人", Some("突发严重困难户")),
                ("2户", Some("突发严重困难户")),
                ("6人", Some("突发严重困难户")),
            ]
        );
    }

    #[test]
    fn lists_and_respectively_read_off_the_text() {
        let r = IndicatorRules::default_rules();
        assert!(listed(&chars("、"), r) && listed(&chars(" 和 "), r) && listed(&chars("或"), r));
        assert!(!listed(&chars(""), r) && !listed(&chars("，"), r) && !listed(&chars("和和和和"), r));
        let t = chars("化学需氧量、氨氮排放量分别下降2.1%");
        assert_eq!(respectively(&t, 15, r), Some(11));
        assert!(listed(&chars("與"), r) && listed(&chars("及"), r));
        let t = chars("化學需氧量、氨氮排放量分別下降2.1%");
        assert_eq!(respectively(&t, 15, r), Some(11));
        // Not past the clause's start.
        let t = chars("分别下降，2.1%");
        assert_eq!(respectively(&t, 5, r), None);
        let s = Scanner::new(r, None);
        let t = chars("2023年全市规模以上工业增加值、固定资产投资和社会消费品零售总额分别增长");
        let at = t.iter().position(|&c| c == '分').expect("分别");
        assert_eq!(
            s.listed_metrics(&t, at, 3),
            Some(vec![
                "规模以上工业增加值".into(),
                "固定资产投资".into(),
                "社会消费品零售总额".into()
            ])
        );
        assert_eq!(s.listed_metrics(&t, at, 2), None);
    }
}
