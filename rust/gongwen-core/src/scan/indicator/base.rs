//! Comparison bases (the tables' `base` kind): where a base ends a metric (收入较2022年末增长:
//! the metric is 收入), and whether a year is a base (较2022年, 与2022年相比, 在2020年基础上),
//! which is no period of the figures.

use super::dates::skip_date;
use super::rules::IndicatorRules;
use super::table::Base;
use super::Scanner;

impl<'a> Scanner<'a> {
    /// Where a comparison base ends `t[s..e]`, if one does (the tables' `base` kind): a word in
    /// one (同比, 环比), or a mark (较, 比, 由) in the last 12 characters followed by a date or a
    /// period word to the end (较上年, 比2020年末, 较去年同期; 由2020年, the start of a change in
    /// 由2020年的350家增加到520家).
    pub(super) fn comparison_base(&self, t: &[char], s: usize, e: usize) -> Option<usize> {
        let r = self.rules;
        if let Some((n, _)) = r.base_rate.ending(t, e, s) {
            return Some(e - n);
        }
        // The last mark of the window before its end, the longest one ending there (a mark at
        // the end, 相比 of 与2022年相比, closes a base).
        let floor = s.max(e.saturating_sub(12));
        let (k, mark) = (floor + 1..e)
            .rev()
            .find_map(|p| r.base_mark.ending(t, p, floor).map(|(n, m)| (p - n, (p, *m))))?;
        let (after, mark) = mark;
        let date = skip_date(t, after, e, r);
        // The base may end with how the figure compares (比全省平均高0.4个百分点).
        let rest = &t[date..e];
        let named = |w: &[char]| r.base_period.map.contains_key(w);
        let gap = r
            .base_gap
            .ending(rest, rest.len(), 0)
            .map(|(n, _)| n)
            .filter(|&n| rest.len() > n);
        // 与 marks a base only before 相比 (与2022年相比, not 参与全区).
        if mark == Base::With && r.base_close.ending(rest, rest.len(), 0).is_none() {
            return None;
        }
        (date == e || named(rest) || gap.is_some_and(|n| named(&rest[..rest.len() - n]))).then_some(k)
    }
}

/// Whether the year at `k..ye` (in a sentence from `s`) is the base of a comparison, which is
/// no period of the sentence's figures: after a base mark (较2022年, 比2020年) other than one
/// that starts a change (由2020年的350家增加到520家), between 与/同 and a closing word (与2022年
/// 相比), or before a `ground` word (在2020年基础上翻一番, 以2020年为基数).
pub(super) fn base_year(t: &[char], k: usize, ye: usize, s: usize, r: &IndicatorRules) -> bool {
    // Whether a word of `words` starts within 4 characters after the year.
    let follows = |words: &super::words::Words<()>| (ye..(ye + 4).min(t.len())).any(|j| words.at(t, j).is_some());
    let closed = follows(&r.base_close);
    // 与 marks a base only before 相比, as in `Scanner::comparison_base` (2023年与2024年 are two
    // periods).
    if let Some((_, mark)) = r.base_mark.ending(t, k, s) {
        match mark {
            Base::Mark => return true,
            Base::With if closed => return true,
            _ => {}
        }
    }
    // 在2020年基础上, 以2020年为基数
    if follows(&r.base_ground) {
        return true;
    }
    r.base_with_year.ending(t, k, s).is_some() && closed
}

#[cfg(test)]
mod tests {
    use super::super::testing::{chars, metrics, one, scan, some};
    use super::super::{IndicatorRules, Scanner};
    use super::base_year;

    #[test]
    fn comparison_base_ends_a_metric() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        // (clause before the verb, where the base starts)
        for (text, base) in [
            ("收入较2022年末", Some(2)),
            ("全县户籍人口较上年", Some(6)),
            ("一般公共预算收入同比", Some(8)),
            ("城镇化率较全省高", Some(4)),
            ("GDP与2022年相比", Some(3)),
            ("GDP與2022年相比", Some(3)),
            ("城鎮化率較全省高", Some(4)),
            // 与 marks a base only before 相比.
            ("积极参与全区试点活动", None),
            ("地区生产总值", None),
        ] {
            let t = chars(text);
            assert_eq!(s.comparison_base(&t, 0, t.len()), base, "{text}");
        }
    }

    #[test]
    fn comparison_base_is_no_part_of_the_metric() {
        for (text, metric) in [
            ("较2022年末增加1.2万户。", None),
            ("比2020年增长12%。", None),
            ("较去年同期增长8%。", None),
            ("全县户籍人口较上年增加0.3万人。", Some("户籍人口")),
            ("全縣戶籍人口較上年末增加0.3萬人。", Some("户籍人口")),
            ("一般公共预算收入同比增长7%。", Some("一般公共预算收入")),
            ("社会消费品零售总额环比增长2%。", Some("社会消费品零售总额")),
            ("全市居民人均可支配收入較上一年增長5%。", Some("居民人均可支配收入")),
            ("營業收入相較於上年同期增長5%。", Some("营业收入")),
        ] {
            let i = one(text);
            assert_eq!((i.metric.as_deref(), i.change), (metric, true), "{text}");
        }
    }

    #[test]
    fn a_gap_to_a_peer_takes_the_metric_compared() {
        for (text, metric) in [
            ("全年地区生产总值增长6.5%，高于全国1.3个百分点。", "地区生产总值"),
            ("全县生产总值同比增长5.2%，比全省平均高0.4个百分点。", "生产总值"),
            ("城镇化率达到65.2%，較全省高3個百分點。", "城镇化率"),
            (
                "居民人均可支配收入增长5.6%，快于经济增长0.3个百分点。",
                "居民人均可支配收入",
            ),
            ("积极参与全区试点活动5个。", "积极参与全区试点活动"),
        ] {
            let last = metrics(text).pop().flatten();
            assert_eq!(last.as_deref(), Some(metric), "{text}");
        }
    }

    #[test]
    fn the_base_year_of_a_comparison_is_no_period() {
        for (text, periods, metric) in [
            (
                "2023年全市地区生产总值较2020年增长20.5%。",
                vec!["2023"],
                "地区生产总值",
            ),
            ("2023年全市GDP与2022年相比增长6%。", vec!["2023"], "GDP"),
            (
                "截至2023年11月底，全市市场主体较2022年同期增长15%。",
                vec!["2023"],
                "市场主体",
            ),
            // 由 starts a change: its year is the first figure's own.
            (
                "企业数量由2020年的350家增加到2023年的520家。",
                vec!["2020", "2023"],
                "企业数量",
            ),
        ] {
            let found = scan(text);
            let got: Vec<_> = found.iter().map(|i| i.period.as_deref().unwrap_or("-")).collect();
            assert_eq!(got, periods, "{text}");
            assert_eq!(found[0].metric.as_deref(), Some(metric), "{text}");
        }
        // 与 joins two periods here; each figure's year is the nearest before it.
        let periods: Vec<_> = scan("2023年与2024年全市生产总值分别增长5%和6%。")
            .into_iter()
            .map(|i| i.period)
            .collect();
        assert_eq!(periods, [Some("2024".to_string()), Some("2024".to_string())]);
        // 在: the year is the period unless 基础 follows.
        assert_eq!(
            one("全镇在2020年的文明创建工作中，先后有2名同志获评好人。")
                .period
                .as_deref(),
            Some("2020")
        );
        assert_eq!(
            one("到2035年，地区生产总值在2020年基础上翻一番，达到1.5万亿元。")
                .period
                .as_deref(),
            Some("2035")
        );
        let found = scan("到2025年，全市地区生产总值在2020年基础上增长40%左右。");
        assert_eq!(
            found.iter().map(|i| i.period.as_deref()).collect::<Vec<_>>(),
            [Some("2025")]
        );
        assert_eq!(
            metrics("到2025年，全市地区生产总值在2020年基础上增长40%左右。"),
            some(&["地区生产总值"])
        );
    }

    #[test]
    fn base_year_reads_the_words_around_a_year() {
        let r = IndicatorRules::default_rules();
        // (sentence, where the year starts)
        for (text, k, base) in [
            ("较2022年增长", 1, true),
            ("与2022年相比增长", 1, true),
            ("同2022年相比增长", 1, true),
            ("在2020年基础上翻一番", 1, true),
            ("以2020年为基数", 1, true),
            ("由2020年的350家", 1, false),
            ("在2020年的工作中", 1, false),
            ("2023年与2024年", 6, false),
            // The Traditional forms of the tables' words read alike.
            ("與2022年相較增長", 1, true),
            ("同2022年相較增長", 1, true),
            ("在2020年基礎上翻一番", 1, true),
            ("以2020年為基數", 1, true),
            ("2023年與2024年", 6, false),
        ] {
            let t = chars(text);
            assert_eq!(base_year(&t, k, k + 5, 0, r), base, "{text}");
        }
    }
}
