//! Lists of figures: a comparator after a list applies to each figure, a change verb before it
//! governs each, 分别 (respectively) gives each figure of a list one of the metrics named
//! before it, and a figure without a metric shares the one before it.

use super::dates::skip_date;
use super::marks::{find_last, is_clause_end, is_coordinator, is_sentence_end, string_of};
use super::metric::MAX_METRIC;
use super::{Comparator, Indicator, Scanner};

impl<'a> Scanner<'a> {
    /// A comparator after a list of coordinated figures applies to each (26万亩、11万吨以上);
    /// a figure of the list without a metric of its own shares the one before.
    pub(super) fn coordinate(&self, t: &[char], out: &mut [Indicator]) {
        for k in (1..out.len()).rev() {
            let (a, b) = (&out[k - 1], &out[k]);
            let gap = &t[a.end..b.start];
            if !(listed(gap) && gap.iter().any(|&c| is_coordinator(c))) {
                continue;
            }
            let c = out[k].comparator;
            if out[k - 1].comparator == Comparator::Eq && c != Comparator::Range {
                out[k - 1].comparator = c;
            }
        }
        // A change verb before a list governs each figure (分别增长6%和8%).
        for k in 1..out.len() {
            if listed(&t[out[k - 1].end..out[k].start]) && out[k - 1].change {
                out[k].change = true;
            }
        }
        // 分别 (respectively): the figures of a list after it go one to each of the metrics
        // named before it, in order: A达到X元，B达到Y元，分别增长5%和7% gives 5% to A and 7% to B;
        // A、B分别下降2%和3% gives 2% to A and 3% to B.
        let mut k = 0;
        while k < out.len() {
            let mut end = k + 1;
            while end < out.len() && listed(&t[out[end - 1].end..out[end].start]) {
                end += 1;
            }
            let n = end - k;
            let at = respectively(t, out[k].start);
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
    /// clause cut at each 、 和 及 与, the first part without its leading dates and cue words.
    pub(super) fn listed_metrics(&self, t: &[char], at: usize, n: usize) -> Option<Vec<String>> {
        let lo = at.saturating_sub(n * MAX_METRIC);
        let from = find_last(t, lo, at, is_clause_end).map_or(lo, |k| k + 1);
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut s = from;
        for (k, &c) in t.iter().enumerate().take(at).skip(from) {
            if matches!(c, '、' | '和' | '及' | '与') {
                parts.push((s, k));
                s = k + 1;
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
            a = skip_date(t, a, b);
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

/// Whether the text between two figures joins them in a list (`和`, `、`, `与`, `及`, `或`).
pub(super) fn listed(gap: &[char]) -> bool {
    !gap.is_empty() && gap.len() <= 3 && gap.iter().all(|&c| is_coordinator(c) || c == ' ')
}

/// Where 分别 (respectively) stands before `start` in its clause, at most 12 characters back.
pub(super) fn respectively(t: &[char], start: usize) -> Option<usize> {
    let lo = start.saturating_sub(12);
    let from = find_last(t, lo, start, is_clause_end).map_or(lo, |k| k + 1);
    t[from..start]
        .windows(2)
        .position(|w| w[0] == '分' && matches!(w[1], '别' | '別'))
        .map(|p| from + p)
}
