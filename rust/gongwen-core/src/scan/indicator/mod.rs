//! Quantitative indicators: every quantity a report states, with what it measures and what it
//! means (the contract is `docs/indicators.md`).
//!
//! The scanner walks the text once. At each character that can start a number (a digit, a
//! placeholder mark, a Chinese numeral) it reads the numeral grammar of [`super::number`], an
//! optional scale (万, 亿 ...), comparator words inside (余, 多), an optional range, and a unit
//! from the unit table; without a unit there is no indicator, which is what keeps dates
//! (2024年, 6月底), list markers (1. (一)) and codes (12345热线) out. Then it reads the
//! context: comparator words before and after, the stance cues of the clause and sentence and
//! the stance of the section, a change verb, the year of the sentence, and the metric phrase
//! before the number (trimmed with the tables and the segmenter's POS tags).
//!
//! Every table is data ([`IndicatorRules`], `data/scan/indicators.tsv`) that users extend. Each
//! lookup is a hash probe for a bounded number of word lengths, and each context read is
//! bounded by the sentence (at most [`MAX_CONTEXT`] characters either side), so scanning is
//! linear in the text whatever its content.
//!
//! The modules, in the order a scan uses them: `table` (the tables' text parsed into typed
//! entries), `words` (the word tables' lookups), `rules` (the word tables built from the
//! entries, with Traditional forms), `stops` (where a number or a sentence mark may
//! start), `marks` (punctuation: sentence and clause ends, quotes, brackets), `quantity`
//! (a number with its scale, range and unit), `sentence` (the sentences holding quantities,
//! their cues and years; paragraphs), `dates` (dates and years at a metric's edges, the
//! period of a figure), `base` (comparison bases), `context` (comparator, stance, change,
//! period of a quantity), `metric` (what is measured), `coordinate` (lists of figures,
//! 分别).

mod base;
mod context;
mod coordinate;
mod dates;
mod marks;
mod metric;
mod quantity;
mod rules;
mod sentence;
mod stops;
mod table;
#[cfg(test)]
mod testing;
mod words;

pub use rules::{IndicatorRules, DEFAULT_TABLES};

use context::Place;
use metric::Scratch;
use quantity::Quantity;
use sentence::{sentence, sentence_span, ParagraphCursor, Sentences};
use stops::could_start;
use table::Cue;

use crate::segment::Cutter;
use crate::structure::Structure;

/// How far (characters) the context of an indicator reaches at most: its sentence, cut there.
pub const MAX_CONTEXT: usize = 160;

/// How the stated number compares with the quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// Plain (达到, 完成, 共).
    Eq,
    /// At least (以上, 不低于, 超过, 余, 多).
    Ge,
    /// At most (以内, 以下, 不超过, 控制在…以内).
    Le,
    /// About (约, 左右, 近).
    Approx,
    /// A range (1-2个, 3至5家).
    Range,
}

impl Comparator {
    /// `"eq"`, `"ge"`, `"le"`, `"approx"` or `"range"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "eq",
            Comparator::Ge => "ge",
            Comparator::Le => "le",
            Comparator::Approx => "approx",
            Comparator::Range => "range",
        }
    }

    pub(super) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "eq" => Comparator::Eq,
            "ge" => Comparator::Ge,
            "le" => Comparator::Le,
            "approx" => Comparator::Approx,
            "range" => Comparator::Range,
            _ => return None,
        })
    }
}

/// Whether the number sets a goal or reports what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stance {
    /// A goal or requirement (力争, 确保, 计划, a plan section).
    Target,
    /// What happened.
    Actual,
}

impl Stance {
    /// `"target"` or `"actual"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Target => "target",
            Stance::Actual => "actual",
        }
    }
}

/// One quantity found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// First character (a `str` index) of the number, in the text it was found in (the
    /// original text when it comes from [`super::scan_indicators`]).
    pub start: usize,
    /// One past the last character of its unit.
    pub end: usize,
    /// The text of `start..end`.
    pub raw: String,
    /// What is measured, in Simplified Chinese as written: 整改率, 国内生产总值.
    pub metric: Option<String>,
    /// The number with its scale applied (6.6万 -> 66000); `None` for a placeholder.
    pub value: Option<f64>,
    /// The upper end of a range.
    pub value_high: Option<f64>,
    /// The canonical unit, scale removed: 亩, 元, %, 个百分点.
    pub unit: String,
    pub comparator: Comparator,
    pub stance: Stance,
    /// The number is a change or growth rate (增长5%), not a level.
    pub change: bool,
    /// The number is a template placeholder (xx万元).
    pub placeholder: bool,
    /// The year the sentence states (2024年 -> "2024").
    pub period: Option<String>,
    /// The heading path of its paragraph, outermost first, joined with `" > "`.
    pub section: Option<std::sync::Arc<str>>,
    /// The sentence it is in, from the text scanned (the cleaned, converted text in the
    /// pipeline: the `text` column): from after the 。！？ or line break before it through the
    /// next one with its closing quotes, at most [`MAX_CONTEXT`] characters either side of the
    /// indicator, cut at a clause mark (；，：) when longer. Shared by the indicators of one sentence.
    pub sentence: std::sync::Arc<str>,
    /// `start` and `end` in the text scanned, which [`super::to_source`] leaves as they are: in
    /// the pipeline, offsets into the `text` column, while `start`/`end` are moved to the original.
    pub clean_start: usize,
    pub clean_end: usize,
}

/// One call scans one text; tables and segmenter are borrowed.
pub struct Scanner<'a> {
    rules: &'a IndicatorRules,
    cutter: Option<&'a Cutter<'a>>,
}

impl<'a> Scanner<'a> {
    /// A scanner with these tables; `cutter` (a segmenter) lets metrics end on word
    /// boundaries and drop function words by their POS tags.
    pub fn new(rules: &'a IndicatorRules, cutter: Option<&'a Cutter<'a>>) -> Self {
        Scanner { rules, cutter }
    }

    /// Every indicator of `t` (characters of a cleaned, Simplified text), in text order, with
    /// offsets into `t`. `structure` (of the same text) gives section stances and paths.
    ///
    /// # Panics
    /// If `t` has `u32::MAX` characters or more (16 GiB of characters; an offset map has the
    /// same bound): the binding reports it as an error.
    pub fn scan(&self, t: &[char], structure: Option<&Structure>) -> Vec<Indicator> {
        // One pass over the text lists where a number or a sentence mark may start; the
        // candidates and the sentences are read at those positions only.
        assert!(
            t.len() < u32::MAX as usize,
            "text too long to scan: {} characters, at most {}",
            t.len(),
            u32::MAX - 1
        );
        let mut stops = Vec::new();
        self.rules.stops.positions(t, &mut stops);
        // Room for about one figure in eight stops (a report holds one in twelve), so that the
        // vector is seldom copied as it grows.
        let mut quantities: Vec<Quantity<'a>> = Vec::with_capacity(stops.len() / 8);
        let mut i = 0;
        for &p in &stops {
            let p = p as usize;
            if p < i || !could_start(t[p]) {
                continue;
            }
            match self.quantity(t, p) {
                Ok(q) => {
                    i = q.end;
                    quantities.push(q);
                }
                Err(skip) => i = skip.max(p + 1),
            }
        }
        let mut out: Vec<Indicator> = Vec::with_capacity(quantities.len());
        if quantities.is_empty() {
            return out;
        }
        // The sentences holding quantities, with their stance cues and years, read once.
        let mut sents = Sentences {
            list: Vec::with_capacity(quantities.len()),
            cues: Vec::with_capacity(quantities.len()),
            years: Vec::with_capacity(quantities.len()),
        };
        let mut q_sent: Vec<usize> = Vec::with_capacity(quantities.len());
        for q in &quantities {
            let same = sents.list.last().is_some_and(|s| q.start >= s.start && q.end <= s.end);
            if !same {
                let (s, e) = sentence(t, q.start, q.end);
                sents.read(t, s, e, self.rules, &stops);
            }
            q_sent.push(sents.list.len() - 1);
        }
        let priors = self.priors(structure, t.len(), &sents);
        let mut scratch = Scratch::default();
        let mut paragraphs = ParagraphCursor::new(structure);
        for (k, q) in quantities.iter().enumerate() {
            // The figure before bounds the metric; a date or a narrative span (2022年, 近3年)
            // is no figure and does not.
            let prev_end = out.last().map_or(0, |i: &Indicator| i.end);
            let d = priors.partition_point(|(s, _, _)| *s <= q.start);
            let prior = d
                .checked_sub(1)
                .and_then(|d| priors.get(d))
                .filter(|(_, e, _)| q.start < *e)
                .and_then(|(_, _, p)| *p);
            let para = paragraphs.at(q.start);
            let place = Place {
                sent: &sents.list[q_sent[k]],
                cues: sents.cues_of(q_sent[k]),
                years: sents.years_of(q_sent[k]),
                para,
                prior,
            };
            if let Some(ind) = self.context(t, q, prev_end, &place, &mut scratch) {
                out.push(ind);
            }
        }
        self.coordinate(t, &mut out);
        // Each indicator's sentence, one string per sentence, and its offsets in `t`.
        let mut last: Option<(usize, usize, std::sync::Arc<str>)> = None;
        for ind in out.iter_mut() {
            let (s, e) = sentence_span(t, ind.start, ind.end);
            let text = match &last {
                Some((ls, le, text)) if (*ls, *le) == (s, e) => text.clone(),
                _ => {
                    let text: std::sync::Arc<str> = marks::string_of(&t[s..e]).into();
                    last = Some((s, e, text.clone()));
                    text
                }
            };
            ind.sentence = text;
            (ind.clean_start, ind.clean_end) = (ind.start, ind.end);
        }
        out
    }

    /// The stance of each top-level section of the text (each document without headings) when
    /// its headings give none: a section whose sentences with figures hold mostly cues of
    /// targets (力争, 确保, 计划, 将 against 已, 累计, 同比) is a plan. A long report under
    /// topic headings (`打好四个现代化的第一个战役`, `关于经济形势`) has its review and its plan
    /// in different sections, so each leans on its own; a section without a stance after a
    /// review section of its document (`一、1999年国内工作回顾`, then `二、坚持实行扩大内需的方针`)
    /// is the plan that follows the review; a section with too few cues to lean leans with
    /// its document.
    fn priors(
        &self,
        structure: Option<&Structure>,
        len: usize,
        sents: &Sentences,
    ) -> Vec<(usize, usize, Option<Stance>)> {
        // (start, document, section stance) of each run of paragraphs under the same outermost
        // heading, within a document.
        let spans: Vec<(usize, usize, crate::structure::Stance)> = match structure {
            Some(st) if !st.documents.is_empty() => {
                let mut cuts: Vec<(usize, usize, crate::structure::Stance)> = Vec::new();
                let mut key = None;
                for p in &st.paragraphs {
                    let k = (p.doc, p.heading_path.first().map(|h| h.start));
                    if key != Some(k) {
                        let at = if key.is_some_and(|(d, _)| d != p.doc) {
                            st.documents[p.doc].start
                        } else {
                            p.start
                        };
                        cuts.push((at, p.doc, p.stance));
                        key = Some(k);
                    }
                }
                if cuts.first().is_none_or(|c| c.0 != 0) {
                    cuts.insert(0, (0, 0, crate::structure::Stance::Unknown));
                }
                cuts.dedup_by_key(|c| c.0);
                cuts
            }
            _ => vec![(0, 0, crate::structure::Stance::Unknown)],
        };
        let lean = |s: usize, e: usize| {
            let (mut target, mut actual) = (0usize, 0usize);
            let first = sents.list.partition_point(|x| x.start < s);
            let last = first + sents.list[first..].iter().take_while(|x| x.start < e).count();
            if first < last {
                let cues = &sents.cues[sents.list[first].cues.0..sents.list[last - 1].cues.1];
                for (_, c) in cues {
                    match c {
                        Cue::Target | Cue::LeanTarget | Cue::PlanPeriod => target += 1,
                        Cue::Actual | Cue::LeanActual => actual += 1,
                        Cue::None => {}
                    }
                }
            }
            (target, actual)
        };
        let ends: Vec<usize> = spans.iter().skip(1).map(|c| c.0).chain([len]).collect();
        let leans: Vec<(usize, usize)> = spans.iter().zip(&ends).map(|(c, &e)| lean(c.0, e)).collect();
        // The lean of each document, summed over its sections.
        let mut docs: Vec<(usize, usize)> = Vec::new();
        for (c, l) in spans.iter().zip(&leans) {
            if docs.len() <= c.1 {
                docs.resize(c.1 + 1, (0, 0));
            }
            docs[c.1].0 += l.0;
            docs[c.1].1 += l.1;
        }
        let decide = |(target, actual): (usize, usize)| (target >= 3 && target > 2 * actual).then_some(Stance::Target);
        let mut reviewed: Option<usize> = None;
        spans
            .iter()
            .zip(&ends)
            .zip(&leans)
            .map(|((&(s, doc, stance), &e), &l)| {
                let prior = if l.0 + l.1 >= 3 { decide(l) } else { decide(docs[doc]) };
                let after_review = reviewed == Some(doc) && stance == crate::structure::Stance::Unknown;
                if stance == crate::structure::Stance::Actual {
                    reviewed = Some(doc);
                }
                (s, e, prior.or(after_review.then_some(Stance::Target)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{chars, scan};
    use super::{Comparator, IndicatorRules, Scanner, Stance};

    #[test]
    fn every_quantity_of_a_targets_paragraph() {
        let text = "2024年主要预期目标是：地区生产总值增长6%左右；城镇新增就业1200万人以上；\
                    居民消费价格涨幅3%左右；城乡居民收入分别增长5%左右、5%以上。";
        let found = scan(text);
        let got: Vec<_> = found
            .iter()
            .map(|i| {
                (
                    i.raw.as_str(),
                    i.value,
                    i.unit.as_str(),
                    i.comparator,
                    i.period.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("6%", Some(6.0), "%", Comparator::Approx, Some("2024")),
                ("1200万人", Some(1.2e7), "人", Comparator::Ge, Some("2024")),
                ("3%", Some(3.0), "%", Comparator::Approx, Some("2024")),
                ("5%", Some(5.0), "%", Comparator::Approx, Some("2024")),
                ("5%", Some(5.0), "%", Comparator::Ge, Some("2024")),
            ]
        );
        assert!(found.iter().all(|i| i.stance == Stance::Target));
        // Offsets are characters of the text.
        let t = chars(text);
        for i in &found {
            assert_eq!(t[i.start..i.end].iter().collect::<String>(), i.raw);
        }
    }

    #[test]
    fn topic_sections_after_the_review_are_the_plan() {
        // A report reviews its year under a review heading, then plans under topic headings
        // without cues: their figures without a cue of their own are targets; a section too
        // short to lean leans with its document.
        let text = "一、1999年国内工作回顾\n城镇新增就业121万人，完成投资5000亿元。\n\
                    二、坚持实行扩大内需的方针\n发行1000亿元长期国债。去年已建成高速公路2000公里。\n";
        let stances: Vec<_> = scan(text).into_iter().map(|i| i.stance).collect();
        assert_eq!(
            stances,
            [Stance::Actual, Stance::Actual, Stance::Target, Stance::Actual]
        );
        let text = "发展民生事业。集中近5亿元资金办好实事。\n（二）推进产业\n力争新增企业10家，确保完成投资3亿元，\
                    计划新建学校3所，力争新增就业800人。\n";
        let stances: Vec<_> = scan(text).into_iter().map(|i| i.stance).collect();
        assert_eq!(stances, [Stance::Target; 5]);
    }

    #[test]
    fn a_document_of_targets_leans_to_target() {
        // Three target cues and no result cue: figures without a cue of their own are targets.
        let text = "力争城镇新增就业1200万人以上。确保粮食产量1.3万亿斤以上。计划新建学校3所。新建道路15公里。";
        let stances: Vec<_> = scan(text).into_iter().map(|i| i.stance).collect();
        assert_eq!(stances, [Stance::Target; 4]);
        // Two are not enough: the last figure is a result.
        let text = "力争城镇新增就业1200万人以上。确保粮食产量1.3万亿斤以上。新建道路15公里。";
        let stances: Vec<_> = scan(text).into_iter().map(|i| i.stance).collect();
        assert_eq!(stances, [Stance::Target, Stance::Target, Stance::Actual]);
    }

    #[test]
    fn a_text_without_quantities_has_none() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        assert!(s.scan(&[], None).is_empty());
        assert!(s.scan(&chars("坚持稳中求进工作总基调。"), None).is_empty());
    }

    /// Sentences whose reading rests on words of the tables' later kinds (base `with`, `close`,
    /// `with-year`, `ground`, `gap`; `date`, `coordinator`, `respectively`, `level`).
    const TABLE_WORDS: [&str; 14] = [
        "2023年与2024年全市生产总值分别增长5%和6%。",
        "2023年全市GDP同2022年相较增长6%。",
        "2023年全市GDP与2022年相比增长6%。",
        "到2035年，地区生产总值在2020年基础上翻一番，达到1.5万亿元。",
        "地区生产总值以2020年为基数增长40%。",
        "主要污染物排放量增加为500吨。",
        "城镇与农村居民收入分别增长5%和6%。",
        "化学需氧量、氨氮排放量分别下降2.1%和2.5%。",
        "全县生产总值同比增长5.2%，比全省平均高0.4个百分点。",
        "上半年完成固定资产投资45.6亿元，完成年度目标的52%。",
        "城镇化率达到65.2%，较全省高3个百分点。",
        "积极参与全区试点活动5个。",
        "营业收入相较于上年同期增长5%。",
        "2022年度计划投资4.53亿元，已完成3.5亿元。",
    ];

    #[test]
    fn traditional_text_reads_as_the_simplified() {
        // Scanned without conversion and without a segmenter, so that only the tables (and
        // their Traditional forms) decide: 與…相比, 相較, 基礎, 為基數, 增加為, 分別 read as 与…相比,
        // 相较, 基础, 为基数, 增加为, 分别.
        let s2t = crate::convert::Converter::new("s2t").expect("bundled config");
        let t2s = crate::convert::Converter::new("t2s").expect("bundled config");
        let rules = IndicatorRules::default_rules();
        let fields = |text: &str, back: bool| {
            super::super::scan_text(text, rules, None)
                .into_iter()
                .map(|i| {
                    let metric = i.metric.map(|m| if back { t2s.convert(&m) } else { m });
                    (
                        metric,
                        i.value,
                        i.value_high,
                        i.unit,
                        i.comparator,
                        i.stance,
                        i.change,
                        i.period,
                    )
                })
                .collect::<Vec<_>>()
        };
        for text in TABLE_WORDS {
            let traditional = s2t.convert(text);
            assert_ne!(traditional, text);
            let simplified = fields(text, false);
            assert!(!simplified.is_empty(), "{text}");
            assert_eq!(fields(&traditional, true), simplified, "{traditional}");
        }
    }
}
