//! The metric phrase of a figure: the clause before its number, trimmed of cue words, dates,
//! verbs, link words, comparison bases and function words (by the segmenter's POS tags), or,
//! when that leaves only a verb, the noun phrase after its unit.

use super::dates::{skip_date, year_before};
use super::marks::{balanced, find_first, is_clause_end, is_pair_mark};
use super::stops::could_start;
use super::table::Verb;
use super::{Scanner, MAX_CONTEXT};
use crate::convert::push_chars;
use crate::scan::number;

/// Longest metric phrase kept (characters); a longer one keeps its last words.
pub(super) const MAX_METRIC: usize = 16;

/// Buffers reused from one indicator to the next within a scan.
#[derive(Default)]
pub(super) struct Scratch<'a> {
    /// The text segmented for a metric.
    pub(super) text: String,
    /// Its tokens as spans of the scanned characters, with their POS tags and their byte
    /// spans in `text`.
    pub(super) toks: Vec<(usize, usize, &'a str, usize, usize)>,
    /// The metric's words (start, end, is a verb).
    pub(super) words: Vec<(usize, usize, bool)>,
    /// The metric being built.
    pub(super) metric: String,
    /// The paragraph of the last indicator (its start) and its joined heading path.
    pub(super) section: Option<(usize, std::sync::Arc<str>)>,
    /// The paragraph of the last indicator (its start) and whether its first clause frames it
    /// as a report of results (`五年来，…`).
    pub(super) frame: Option<(usize, bool)>,
}

impl<'a> Scanner<'a> {
    /// The metric phrase in `t[from..to]` (the clause before the number, comparator and link
    /// words gone); when that is empty or only a verb, the noun phrase after the unit
    /// (`排查18家重点企业` -> 排查重点企业).
    pub(super) fn metric(
        &self,
        t: &[char],
        from: usize,
        to: usize,
        after: usize,
        sent_end: usize,
        scratch: &mut Scratch<'a>,
    ) -> Option<String> {
        let r = self.rules;
        let mut s = from.max(to.saturating_sub(MAX_CONTEXT));
        let mut e = to;
        // Leading cue words, dates and years.
        loop {
            let before = s;
            while s < e && matches!(t[s], ' ' | '“' | '”' | '"' | '（' | '(' | '）' | ')' | '、') {
                s += 1;
            }
            // Without a segmenter, cue words go here; with one, only when they are whole
            // words (完成率 keeps its 完成), below.
            if self.cutter.is_none() {
                if let Some((n, _)) = r.lead.at(t, s) {
                    if s + n <= e {
                        s += n;
                    }
                }
            }
            s = skip_date(t, s, e, r);
            if s == before {
                break;
            }
        }
        // Whether the loop ended with no base left to cut at its end.
        let mut no_base = false;
        while e > s {
            if matches!(t[e - 1], ' ' | '“' | '”' | '"' | '（' | '(' | '）' | ')' | '、') {
                e -= 1;
            } else if let Some((n, c)) = r.change.ending(t, e, s) {
                if matches!(c, Verb::None | Verb::Rate) {
                    break;
                }
                e -= n;
            } else if let Some((n, _)) = r.link.ending(t, e, s) {
                e -= n;
                if n == 1 && t[e] == '的' {
                    // What comes before a 的 is the whole the figure is a share of
                    // (占年度计划的95%, 完成年度目标的52%), a noun phrase whose 计划 or 目标 is
                    // no link word; only a year (增加到2023年的520家) is still cut.
                    match year_before(t, s, e) {
                        Some(y) => e = y,
                        None => break,
                    }
                }
            } else if e >= s + 2 && t[e - 2] == '每' && per_noun(t[e - 1]) {
                // What the figure is per, part of its unit (提高至每人每月800元: 800 元 per
                // person per month), not of what is measured.
                e -= 2;
            } else if let Some(b) = self.comparison_base(t, s, e) {
                // A base before a year is cut with it (地区生产总值较2020年增长).
                e = b;
            } else if let Some(y) = year_before(t, s, e) {
                // The year a figure is reached in (增加到2023年的520家).
                e = y;
            } else {
                no_base = true;
                break;
            }
        }
        // The base of a comparison is no part of what is measured (收入较2022年末增长).
        if !no_base {
            if let Some(b) = self.comparison_base(t, s, e) {
                e = b;
            }
        }
        // `A、B等3家基层医疗机构`: what is counted comes after the unit.
        if e > s && t[e - 1] == '等' {
            s = e;
        }
        // A word the tables keep at the end of a metric (增幅, 占比) stays whole, whatever
        // the tags of the pieces the segmenter cuts it into (占/比, where 比 is a preposition).
        let kept_from = r
            .change
            .ending(t, e, s)
            .filter(|(_, c)| matches!(c, Verb::None | Verb::Rate))
            .map_or(e, |(n, _)| e - n);
        // The metric as spans of `t` (start, end, is a verb).
        let words = &mut scratch.words;
        words.clear();
        // The same as a byte span of the segmented text, when it is one.
        let mut text_span = None;
        if e > s {
            match self.cutter {
                Some(cutter) => {
                    // Only the end of a long clause can be in the metric: segment its last
                    // words, and drop the first one, which may be cut.
                    let ws = s.max(e.saturating_sub(MAX_METRIC + 8));
                    let cut = ws > s;
                    let text = &mut scratch.text;
                    text.clear();
                    push_chars(text, &t[ws..e]);
                    let toks = &mut scratch.toks;
                    toks.clear();
                    cutter.tag_with(text, false, |tok, tag| {
                        toks.push((ws + tok.char_start, ws + tok.char_end, tag, tok.start, tok.end))
                    });
                    // Function words at the edges go: adverbs, prepositions, conjunctions,
                    // particles, pronouns, time words, numerals.
                    let drop = |tag: &str| {
                        matches!(
                            tag.as_bytes().first(),
                            Some(b'd' | b'p' | b'c' | b'u' | b'r' | b'm' | b'q' | b'x')
                        ) || tag == "t"
                            || tag == "f"
                    };
                    let lead = |k: usize| r.lead.map.contains_key(&t[toks[k].0..toks[k].1]);
                    // A word the tables keep whole (亩均, which the segmenter cuts into 亩/q and
                    // 均/d) is no function word at the start either.
                    let kept = |k: usize| {
                        r.change
                            .at(t, toks[k].0)
                            .is_some_and(|(n, v)| *v == Verb::None && toks[k].0 + n > toks[k].1)
                    };
                    // Digits, which the segmenter tags `eng` without its HMM (1.全年), go with the
                    // date they start (11月份, 2023年度).
                    let digits = |k: usize| t[toks[k].0..toks[k].1].iter().all(char::is_ascii_digit);
                    let past_date = |k: usize| {
                        let j = skip_date(t, toks[k].0, e, r).max(toks[k].1);
                        k + toks[k..].iter().take_while(|tok| tok.0 < j).count()
                    };
                    // Past the function words, cue words and dates from `k` (before `end`).
                    let past_function_words = |mut k: usize, end: usize| {
                        while k < end && (drop(toks[k].2) || lead(k) || digits(k)) && !kept(k) {
                            k = if digits(k) { past_date(k).min(end) } else { k + 1 };
                        }
                        k
                    };
                    let a = past_function_words(usize::from(cut && toks.len() > 1), toks.len());
                    // A measure word goes from the end only after a numeral (3个); after a noun it
                    // is the noun's last character, which the segmenter split off (老年人/口,
                    // 供水管/道).
                    let measure_of_noun = |k: usize| toks[k].2 == "q" && k > a && !matches!(toks[k - 1].2, "m" | "x");
                    let mut b = toks.len();
                    while b > a
                        && drop(toks[b - 1].2)
                        && toks[b - 1].2 != "m"
                        && !measure_of_noun(b - 1)
                        && toks[b - 1].1 <= kept_from
                    {
                        b -= 1;
                    }
                    // Keep the last words within MAX_METRIC characters.
                    let mut len = 0;
                    let mut first = b;
                    while first > a {
                        let l = toks[first - 1].1 - toks[first - 1].0;
                        if len + l > MAX_METRIC {
                            break;
                        }
                        len += l;
                        first -= 1;
                    }
                    // The cut may start inside the clause: trim its start again.
                    let first = past_function_words(first, b);
                    for &(ts, te, tag, _, _) in &toks[first..b] {
                        words.push((ts, te, tag.starts_with('v')));
                    }
                    // The words follow each other in `text`: the metric is a slice of it.
                    if first < b && toks[first..b].windows(2).all(|w| w[0].4 == w[1].3) {
                        text_span = Some((toks[first].3, toks[b - 1].4));
                    }
                }
                None => {
                    let keep = (e - s).min(MAX_METRIC);
                    words.push((e - keep, e, false));
                }
            }
        }
        let m = &mut scratch.metric;
        m.clear();
        match text_span {
            Some((bs, be)) => m.push_str(&scratch.text[bs..be]),
            None => {
                for &(ts, te, _) in words.iter() {
                    push_chars(m, &t[ts..te]);
                }
            }
        }
        // A bare verb (排查, 新建) counts what follows it.
        let only_verbs = words.iter().all(|w| w.2) || words.iter().map(|w| w.1 - w.0).sum::<usize>() <= 2;
        if only_verbs {
            // The noun phrase after the unit: up to the clause's end, 的 or a verb.
            let k = after;
            let end = find_first(t, after, sent_end.min(after + 12), |c| {
                is_clause_end(c) || matches!(c, '、' | '的' | '（' | '(' | '，')
            })
            .unwrap_or(sent_end.min(after + 12));
            // Another figure right after (2户6人): what follows belongs to it.
            if k < end && !could_start(t[k]) {
                if let Some(cutter) = self.cutter {
                    let text = &mut scratch.text;
                    text.clear();
                    push_chars(text, &t[k..end]);
                    let mut noun_chars = 0;
                    let mut done = false;
                    cutter.tag_with(text, false, |tok, tag| {
                        if done {
                            return;
                        }
                        let b = tag.as_bytes();
                        let word = &text[tok.start..tok.end];
                        // A digit starts the next figure (液化气瓶7个), whatever its tag.
                        let stop = (b.first() == Some(&b'v') && tag != "vn")
                            || matches!(b.first(), Some(b'p' | b'c' | b'u' | b'd' | b'm' | b'r' | b'q' | b'w'))
                            || !word.chars().all(char::is_alphanumeric)
                            || word.chars().next().is_some_and(|c| number::digit(c).is_some())
                            || noun_chars >= 8;
                        if stop {
                            done = true;
                        } else {
                            noun_chars += word.chars().count();
                            m.push_str(word);
                        }
                    });
                }
            }
        }
        let m = m.trim();
        if m.is_empty() || m.chars().all(|c| !c.is_alphanumeric()) {
            None
        } else if m.chars().any(is_pair_mark) {
            Some(balanced(m))
        } else {
            Some(m.to_string())
        }
    }
}

/// A noun a figure can be per (每人, 每月, 每亩): a Han character that is no numeral (每万人
/// names a ratio's base, as in 每万人口拥有执业医师数).
pub(super) fn per_noun(c: char) -> bool {
    crate::clean::is_han(c) && number::chinese_digit(c).is_none() && number::scale_char(c).is_none()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{metrics, one, scan, some};
    use super::super::{Comparator, IndicatorRules};
    use super::per_noun;

    #[test]
    fn metrics_of_report_targets() {
        for (text, metric) in [
            ("地区生产总值增长6%左右。", "地区生产总值"),
            ("力争城镇新增就业1200万人以上。", "城镇新增就业"),
            ("居民消费价格涨幅3%左右。", "居民消费价格涨幅"),
            // A quote or bracket whose partner lies outside the metric goes.
            ("全年“三公”经费支出下降5%。", "三公经费支出"),
            ("投放“食安封签”19万张。", "投放食安封签"),
            // Dates and list numbers at the start go (the segmenter tags digits `eng`).
            ("全县2023年共举办培训班12期。", "举办培训班"),
            ("1.全年共建成美丽乡村示范村15个。", "建成美丽乡村示范村"),
            ("截至11月份现有农村低保户55户。", "农村低保户"),
            ("近3年累计投入资金12亿元。", "投入资金"),
            ("项目年产值可达5亿元。", "项目年产值"),
        ] {
            assert_eq!(one(text).metric.as_deref(), Some(metric), "{text}");
        }
    }

    #[test]
    fn metric_keeps_the_last_and_first_characters_of_its_nouns() {
        for (text, metric) in [
            // The segmenter cuts 老年人/口, 供水管/道, 充电/桩: a measure word after a noun is its
            // last character; after a numeral it goes.
            ("全市60岁以上老年人口达到25万人。", "老年人口"),
            ("全年铺设供水管道12公里。", "铺设供水管道"),
            ("新增公共充电桩1200个。", "新增公共充电桩"),
            // What a figure is per stays (亩均 is 亩/均 to the segmenter, and 均 a link word).
            ("亩均税收达到12万元。", "亩均税收"),
            ("全县村均集体经济收入达到15万元。", "村均集体经济收入"),
        ] {
            let m = one(text).metric.expect("a metric");
            assert!(m.ends_with(metric), "{text}: {m}");
        }
    }

    #[test]
    fn what_a_level_is_per_is_no_part_of_the_metric() {
        for (text, metric, comparator) in [
            ("城乡低保标准提高至每人每月800元。", "城乡低保标准", Comparator::Eq),
            ("农村低保标准提高到每人每年6000元以上。", "农村低保标准", Comparator::Ge),
            (
                "高標準農田建設補助提高到每畝1500元。",
                "高标准农田建设补助",
                Comparator::Eq,
            ),
            // 每 before a numeral names a ratio's base, part of the metric.
            (
                "每万人口拥有执业医师数达到3.2人。",
                "每万人口拥有执业医师数",
                Comparator::Eq,
            ),
        ] {
            let i = one(text);
            assert_eq!(
                (i.metric.as_deref(), i.comparator, i.change),
                (Some(metric), comparator, false),
                "{text}"
            );
        }
        assert!(per_noun('人') && per_noun('月') && !per_noun('万') && !per_noun('三') && !per_noun('a'));
    }

    #[test]
    fn a_share_keeps_the_whole_it_is_a_share_of() {
        for (text, expected) in [
            (
                "上半年完成固定资产投资45.6亿元，完成年度目标的52%。",
                vec!["固定资产投资", "年度目标"],
            ),
            ("累計完成投資78.9億元，佔年度計劃的95.2%。", vec!["投资", "占年度计划"]),
            (
                "目前已检查企业66家，完成了执法计划的95%。",
                vec!["检查企业", "执法计划"],
            ),
            // 计划 before the number is still a cue word, not part of what is measured.
            ("地区生产总值计划增长6%。", vec!["地区生产总值"]),
        ] {
            assert_eq!(metrics(text), some(&expected), "{text}");
        }
    }

    #[test]
    fn totals_lose_their_verb_of_existence() {
        assert_eq!(
            metrics("全市共有各类市场主体52.3万户，现有幼儿园64所。"),
            some(&["市场主体", "幼儿园"])
        );
        assert_eq!(one("全市共有A級旅遊景區25家。").metric.as_deref(), Some("A级旅游景区"));
    }

    #[test]
    fn a_bare_verb_counts_the_noun_after_the_unit() {
        assert_eq!(one("截至6月底,共排查企业123余家").metric.as_deref(), Some("排查企业"));
        // The noun phrase stops at the next figure.
        assert_eq!(metrics("收缴50公斤液化气瓶7个。"), some(&["收缴液化气瓶", "液化气瓶"]));
    }

    #[test]
    fn without_a_segmenter_the_metric_is_the_clause_end() {
        let found = super::super::super::scan_text(
            "力争全年空气质量优良天数比率达99.2%以上。",
            IndicatorRules::default_rules(),
            None,
        );
        assert_eq!(found[0].metric.as_deref(), Some("空气质量优良天数比率"));
        assert!(!scan("力争全年空气质量优良天数比率达99.2%以上。").is_empty());
    }
}
