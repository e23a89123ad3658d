//! Dates and years: the dates a metric starts with (2023年, 1-6月, 上半年), the year that ends
//! one, placeholder years (xxxx年), and the period of a figure among its sentence's years.

use super::rules::IndicatorRules;
use super::sentence::Year;
use crate::scan::number;

/// Dates at the start of a metric (2023年, 1-6月, 上半年) are not part of it: digits (and the
/// marks of a range of them) followed by a date suffix of the tables (年度, 月底, 日), or a period
/// word (上半年, 前三季度). Where `t[s..e]` starts with none, `s`.
pub(super) fn skip_date(t: &[char], s: usize, e: usize, r: &IndicatorRules) -> usize {
    let mut j = s;
    while j < e
        && (number::digit(t[j]).is_some() || matches!(t[j], 'x' | 'X' | '-' | '－' | '—' | '–' | '至' | '~' | '～'))
    {
        j += 1;
    }
    let within = &t[..e];
    if j > s && j < e {
        return r.date_suffix.at(within, j).map_or(s, |(n, _)| j + n);
    }
    if s < e {
        if let Some((n, _)) = r.date_period.at(within, s) {
            return s + n;
        }
    }
    s
}

/// Where a year (`2023年`, `2023年的`) that ends `t[s..e]` starts.
pub(super) fn year_before(t: &[char], s: usize, e: usize) -> Option<usize> {
    let end = if e > s && t[e - 1] == '的' { e - 1 } else { e };
    let y = end.checked_sub(5).filter(|&y| y >= s)?;
    number::year_value(t, y).filter(|&(_, ye)| ye == end).map(|_| y)
}

pub(super) fn placeholder_year(t: &[char], k: usize) -> Option<usize> {
    if k > 0 && (t[k - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut j = k;
    while j < t.len() && j - k < 4 && (t[j].is_ascii_digit() || matches!(t[j], 'x' | 'X' | '*' | '_')) {
        j += 1;
    }
    if j - k == 4 && t[k..j].iter().any(|c| !c.is_ascii_digit()) && t.get(j) == Some(&'年') {
        Some(j + 1)
    } else {
        None
    }
}

/// The year a sentence states (`years` are its years): the nearest before the quantity, else
/// the first after. A placeholder year (xxxx年) gives none.
pub(super) fn period(years: &[Year], start: usize, end: usize) -> Option<u32> {
    if let Some((_, _, y)) = years.iter().rev().find(|(_, ye, _)| *ye <= start) {
        return *y;
    }
    years.iter().find(|(ys, _, _)| *ys >= end).and_then(|(_, _, y)| *y)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{chars, one, scan};
    use super::super::IndicatorRules;
    use super::{period, placeholder_year, skip_date, year_before};

    #[test]
    fn dates_at_the_start_of_a_metric() {
        let r = IndicatorRules::default_rules();
        for (text, past) in [
            ("2023年全市", 5),
            ("2022年度计划", 6),
            ("1-6月份完成", 5),
            ("11月底前", 4),
            ("上半年完成", 3),
            ("前三季度实现", 4),
            ("前三季度實現", 4),
            ("全年完成", 0),
            // Digits without a date word are no date (3个).
            ("3个", 0),
        ] {
            let t = chars(text);
            assert_eq!(skip_date(&t, 0, t.len(), r), past, "{text}");
        }
        // The end bounds the date word.
        let t = chars("2023年度");
        assert_eq!(skip_date(&t, 0, 5, r), 5);
    }

    #[test]
    fn years_at_the_end_and_placeholder_years() {
        let t = chars("增加到2023年的");
        assert_eq!(year_before(&t, 0, t.len()), Some(3));
        assert_eq!(year_before(&t, 0, 8), Some(3));
        assert_eq!(year_before(&t, 4, t.len()), None);
        let t = chars("xxxx年完成");
        assert_eq!(placeholder_year(&t, 0), Some(5));
        assert_eq!(placeholder_year(&chars("2023年"), 0), None);
        assert_eq!(placeholder_year(&chars("Axx20年"), 1), None);
    }

    #[test]
    fn period_is_the_nearest_year_before_else_the_first_after() {
        let years = [(0, 5, Some(2022)), (10, 15, Some(2023)), (30, 35, None)];
        assert_eq!(period(&years, 12, 14), Some(2022));
        assert_eq!(period(&years, 16, 18), Some(2023));
        assert_eq!(period(&years[1..], 2, 4), Some(2023));
        assert_eq!(period(&years, 40, 42), None);
        assert_eq!(period(&[], 0, 1), None);
    }

    #[test]
    fn period_is_the_year_of_the_sentence_only() {
        let found = scan("2022年完成投资5亿元。今年计划投资6亿元。");
        let got: Vec<_> = found.iter().map(|i| (i.period.as_deref(), i.stance.as_str())).collect();
        assert_eq!(got, [(Some("2022"), "actual"), (None, "target")]);
        assert_eq!(one("xxxx年完成投资5亿元。").period, None);
        assert_eq!(one("2023年地区生产总值增长6%左右。").period.as_deref(), Some("2023"));
    }
}
