//! Quantities: a number at a position (Arabic, Chinese, a placeholder; 百分之 …) with its
//! scale (万, 亿), inner comparator (余, 多), range (1-2个, 3至5家) and unit, before any
//! context is read. Without a unit there is no quantity.

use super::marks::is_clause_end;
use super::table::Span;
use super::{Comparator, Scanner};
use crate::scan::number::{self, Number};

/// A quantity read at a position, before its context is read.
#[derive(Clone, Debug)]
pub(super) struct Quantity<'r> {
    pub(super) start: usize,
    /// End of the unit.
    pub(super) end: usize,
    pub(super) value: Option<f64>,
    pub(super) value_high: Option<f64>,
    pub(super) unit: &'r str,
    pub(super) span: Span,
    pub(super) placeholder: bool,
    /// The comparator written inside the quantity (余, 多) or by the range.
    pub(super) inner: Option<Comparator>,
}

/// A number with its scale and inner comparator: `1.2亿`, `123余`, `十余万`.
pub(super) struct Scaled {
    pub(super) n: Number,
    pub(super) end: usize,
    pub(super) factor: f64,
    pub(super) scaled: bool,
    pub(super) inner: Option<Comparator>,
}

impl<'a> Scanner<'a> {
    /// Read a quantity at `i`, or say where to go on (`Err(next position)`).
    pub(super) fn quantity(&self, t: &[char], i: usize) -> std::result::Result<Quantity<'a>, usize> {
        let r = self.rules;
        // A number glued to Latin letters is a code or a name (G318, PM2.5, 5G).
        if i > 0 && (t[i - 1].is_ascii_alphabetic() || (t[i - 1] == '.' && i > 1 && t[i - 2].is_ascii_digit())) {
            return Err(skip_number(t, i));
        }
        // 百分之五十, 千分之六点二
        if matches!(t[i], '百' | '千') && t.get(i + 1) == Some(&'分') && t.get(i + 2) == Some(&'之') {
            let n = number::arabic(t, i + 3)
                .or_else(|| number::chinese_any(t, i + 3))
                .ok_or(i + 1)?;
            return Ok(Quantity {
                start: i,
                end: n.end,
                value: n.value,
                value_high: None,
                unit: if t[i] == '百' { "%" } else { "‰" },
                span: Span::No,
                placeholder: false,
                inner: None,
            });
        }
        // A scale alone before a unit, a figure when a comparator says how it bounds: with
        // 余/多 (百余家, 千余人, 万多元, 百余万元: more than ...), after a comparator word (逾百万
        // 人次, 突破千亿元, 近百家) or 上 (上千人), or before one (千万元以上). Without one it is
        // a name (千亿元产业集群).
        if t[i] != '十' && number::scale_char(t[i]).is_some() {
            // A run of scales (百万, 千亿) and its factor; a unit that starts with a scale
            // character (千米, 千克) ends it.
            let scales = |from: usize| {
                let (mut f, mut j) = (1.0, from);
                while j < t.len() && j - from < 3 && t[j] != '十' {
                    let Some(g) = number::scale_char(t[j]) else { break };
                    if r.units.at(t, j).is_some_and(|(un, _)| un >= 2) {
                        break;
                    }
                    f *= g;
                    j += 1;
                }
                (f, j)
            };
            let (mut f, mut j) = scales(i);
            if j == i {
                return Err(i + 1);
            }
            let mut inner = None;
            if let Some((k, c)) = r.inner.at(t, j) {
                inner = Some(*c);
                let (g, after) = scales(j + k);
                f *= g;
                j = after;
            }
            let shang = i > 0 && t[i - 1] == '上';
            if let Some((un, u)) = r.units.at(t, j) {
                let end = j + un;
                let bounded = |c: Option<(usize, &Comparator)>| c.is_some_and(|(_, c)| *c != Comparator::Eq);
                // A bound after it ends a figure only where its clause ends; before a noun it
                // names a class (亿元以上企业, 千万元以上的项目).
                let bound_after = r
                    .after
                    .at(t, end)
                    .filter(|&(n, c)| *c != Comparator::Eq && t.get(end + n).is_none_or(|&c| is_clause_end(c)));
                if inner.is_some() || shang || bounded(r.before.ending(t, i, 0)) || bound_after.is_some() {
                    return Ok(Quantity {
                        start: i,
                        end,
                        value: Some(f),
                        value_high: None,
                        unit: &u.canonical,
                        span: u.span,
                        placeholder: false,
                        inner: inner.or(shang.then_some(Comparator::Ge)),
                    });
                }
            }
            return Err(j.max(i + 1));
        }
        // A word that makes it no figure, right before it or before a space (第 3 名).
        let word_end = if i > 0 && t[i - 1] == ' ' { i - 1 } else { i };
        if let Some((_, keep)) = r.not.ending(t, word_end, 0) {
            if !*keep {
                return Err(skip_number(t, i));
            }
        }
        let first = self.scaled(t, i).ok_or_else(|| skip_number(t, i))?;
        let mut j = first.end;
        // Text extracted from PDFs puts a space between a number and its unit (3200 人次).
        if t.get(j) == Some(&' ') && r.units.at(t, j).is_none() && r.units.at(t, j + 1).is_some() {
            j += 1;
        }
        let unit = r.units.at(t, j);
        // A range: `1-2个`, `3至5家`, `10~15万元`, `6%－6.5%`.
        let after_first = j + unit.map_or(0, |(n, _)| n);
        for at in [j, after_first] {
            if let Some((cn, _)) = r.range.at(t, at) {
                if let Some(second) = self.scaled(t, at + cn) {
                    if second.n.placeholder == first.n.placeholder {
                        let unit2 = r.units.at(t, second.end);
                        let same = match (unit, unit2) {
                            (None, Some(_)) => at == j,
                            (Some((_, a)), Some((_, b))) => a.canonical == b.canonical && at == after_first,
                            _ => false,
                        };
                        if same {
                            let (un, u) = unit2.expect("checked");
                            let f1 = if first.scaled { first.factor } else { second.factor };
                            let lo = first.n.times(f1);
                            let hi = second.n.times(second.factor);
                            return Ok(Quantity {
                                start: i,
                                end: second.end + un,
                                value: lo,
                                value_high: hi,
                                unit: &u.canonical,
                                span: u.span,
                                placeholder: first.n.placeholder,
                                inner: Some(Comparator::Range),
                            });
                        }
                    }
                }
            }
        }
        // Unit after a trailing 余/多 (`300余万元` read 300, 余, 万; `1000多人`).
        if unit.is_none() && first.inner.is_none() {
            if let Some((n, c)) = r.inner.at(t, j) {
                if let Some((un, u)) = r.units.at(t, j + n) {
                    j += n;
                    return Ok(Quantity {
                        start: i,
                        end: j + un,
                        value: first.n.times(first.factor),
                        value_high: None,
                        unit: &u.canonical,
                        span: u.span,
                        placeholder: first.n.placeholder,
                        inner: Some(*c),
                    });
                }
            }
        }
        let Some((un, u)) = unit else {
            return Err(first.end);
        };
        j += un;
        Ok(Quantity {
            start: i,
            end: j,
            value: first.n.times(first.factor),
            value_high: None,
            unit: &u.canonical,
            span: u.span,
            placeholder: first.n.placeholder,
            inner: first.inner,
        })
    }

    /// A number at `i` with what follows it before the unit: 余/多, then a scale, then 余/多.
    pub(super) fn scaled(&self, t: &[char], i: usize) -> Option<Scaled> {
        let r = self.rules;
        let n = number::arabic(t, i)
            .or_else(|| number::placeholder(t, i))
            .or_else(|| number::chinese(t, i))?;
        let mut j = n.end;
        // A space before a scale (１２ 亿元, as PDFs give it).
        if t.get(j) == Some(&' ')
            && t.get(j + 1)
                .is_some_and(|&c| c != '十' && number::scale_char(c).is_some())
        {
            j += 1;
        }
        let mut inner = None;
        if let Some((k, c)) = r.inner.at(t, j) {
            // 余/多 before a scale: `十余万`, `300余万元`; before a unit it is read by the caller.
            if number::scale_char(*t.get(j + k)?).is_some() {
                inner = Some(*c);
                j += k;
            }
        }
        let mut factor = 1.0;
        let mut scaled = false;
        let mut count = 0;
        while j < t.len() && count < 3 {
            let Some(f) = number::scale_char(t[j]) else {
                break;
            };
            // A unit that starts with a scale character wins over the scale: 千米, 千克, 千瓦.
            if r.units.at(t, j).is_some_and(|(un, _)| un >= 2) {
                break;
            }
            factor *= f;
            scaled = true;
            j += 1;
            count += 1;
        }
        if scaled && inner.is_none() {
            if let Some((k, c)) = r.inner.at(t, j) {
                if r.units.at(t, j + k).is_some() {
                    inner = Some(*c);
                    j += k;
                }
            }
        }
        Some(Scaled {
            n,
            end: j,
            factor,
            scaled,
            inner,
        })
    }
}

/// Past the number at `i` (the whole digit or numeral run), for a failed read.
pub(super) fn skip_number(t: &[char], i: usize) -> usize {
    let mut j = i;
    while j < t.len()
        && (number::digit(t[j]).is_some()
            || matches!(t[j], '.' | '．' | 'x' | 'X' | '*' | '_')
            || number::chinese_digit(t[j]).is_some()
            || number::scale_char(t[j]).is_some())
    {
        j += 1;
    }
    j.max(i + 1)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{chars, close, one, scan};
    use super::super::{Comparator, IndicatorRules, Scanner};
    use super::Span;

    #[test]
    fn reads_number_scale_and_unit_of_report_targets() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        // (text, where the number starts, end, value, high, unit, inner comparator)
        type Case = (
            &'static str,
            usize,
            usize,
            f64,
            Option<f64>,
            &'static str,
            Option<Comparator>,
        );
        let cases: [Case; 6] = [
            ("城镇新增就业1200万人以上", 6, 12, 1.2e7, None, "人", None),
            ("居民消费价格涨幅3%左右", 8, 10, 3.0, None, "%", None),
            ("地区生产总值增长6%左右", 8, 10, 6.0, None, "%", None),
            (
                "地区生产总值预期增长6%－6.5%",
                10,
                17,
                6.0,
                Some(6.5),
                "%",
                Some(Comparator::Range),
            ),
            ("共排查企业123余家", 5, 10, 123.0, None, "家", Some(Comparator::Ge)),
            ("增长百分之五", 2, 6, 5.0, None, "%", None),
        ];
        for (text, start, end, value, high, unit, inner) in cases {
            let t = chars(text);
            let q = s.quantity(&t, start).unwrap_or_else(|_| panic!("{text}"));
            assert_eq!(
                (q.start, q.end, q.unit, q.inner, q.span),
                (start, end, unit, inner, Span::No),
                "{text}"
            );
            assert!(
                close(q.value, Some(value)) && close(q.value_high, high),
                "{text}: {q:?}"
            );
        }
        // No unit, no quantity: the reading goes on past the number.
        let t = chars("版本2.0发布");
        assert_eq!(s.quantity(&t, 2).map(|q| q.end), Err(5));
        // 年 is a unit of time: the quantity is read, and its context finds it a date.
        let t = chars("2024年6月底");
        assert_eq!(s.quantity(&t, 0).map(|q| (q.end, q.span)), Ok((5, Span::Time)));
        // A span of time is read, and flagged for the context to judge.
        let t = chars("压缩至80个工作日以内");
        let q = s.quantity(&t, 3).expect("80个工作日");
        assert_eq!((q.end, q.unit, q.span), (9, "个工作日", Span::Time));
    }

    #[test]
    fn numbers_in_every_form() {
        let cases: [(&str, Option<f64>, &str); 18] = [
            ("完成1.2亿元", Some(1.2e8), "元"),
            ("出动三百余人", Some(300.0), "人"),
            ("造林五万亩", Some(50000.0), "亩"),
            ("建成十二个", Some(12.0), "个"),
            ("增长百分之五", Some(5.0), "%"),
            ("面积６．６万亩", Some(66000.0), "亩"),
            ("投资1,234,567元", Some(1234567.0), "元"),
            ("新增3千米", Some(3.0), "公里"),
            ("面积120㎡", Some(120.0), "平方米"),
            ("收购2千克", Some(2.0), "公斤"),
            ("服务x.xx万人次", None, "人次"),
            ("开工率xxx%", None, "%"),
            ("兩千多個", Some(2000.0), "个"),
            ("增长百分之六点五", Some(6.5), "%"),
            ("增長百分之五點二", Some(5.2), "%"),
            ("完成投资三点五亿元", Some(350_000_000.0), "元"),
            ("排查企业百余家", Some(100.0), "家"),
            ("發放資料萬餘份", Some(10_000.0), "份"),
        ];
        for (text, value, unit) in cases {
            let i = one(text);
            assert_eq!(i.unit, unit, "{text}");
            assert!(close(i.value, value), "{text}: {:?}", i.value);
            assert_eq!(i.placeholder, value.is_none(), "{text}");
        }
    }

    #[test]
    fn per_mille_and_spaced_units() {
        // Text extracted from PDFs: a space between number and unit, or before the scale.
        for (text, raw, value, unit) in [
            ("出生率为千分之六点二。", "千分之六点二", 6.2, "‰"),
            ("全年接待游客3200 人次。", "3200 人次", 3200.0, "人次"),
            ("實現產值１２　億元。", "１２　億元", 1.2e9, "元"),
        ] {
            let i = one(text);
            assert_eq!((i.raw.as_str(), i.unit.as_str()), (raw, unit), "{text}");
            assert!(close(i.value, Some(value)), "{text}");
            assert_eq!(chars(text)[i.start..i.end].iter().collect::<String>(), raw);
        }
    }

    #[test]
    fn more_units() {
        for (text, raw, unit) in [
            ("发放贷款123万笔。", "123万笔", "笔"),
            ("投放鱼苗200万尾。", "200万尾", "尾"),
            ("月工资标准提高到２２００元／月。", "２２００元／月", "元/月"),
            ("补助标准为800元/人/年。", "800元/人/年", "元/人/年"),
        ] {
            let i = one(text);
            assert_eq!((i.raw.as_str(), i.unit.as_str()), (raw, unit), "{text}");
        }
    }

    #[test]
    fn a_scale_alone_is_a_figure_only_with_a_bound() {
        for (text, raw, value, unit, comparator) in [
            ("逾百万人次参与志愿服务活动。", "百万人次", 1e6, "人次", Comparator::Ge),
            ("全年接待游客突破千万人次。", "千万人次", 1e7, "人次", Comparator::Ge),
            ("引进企业近百家。", "百家", 100.0, "家", Comparator::Approx),
            ("带动就业上千人。", "千人", 1000.0, "人", Comparator::Ge),
            ("完成投资百余万元。", "百余万元", 1e6, "元", Comparator::Ge),
            ("營業收入逾百億元。", "百億元", 1e10, "元", Comparator::Ge),
        ] {
            let i = one(text);
            assert_eq!(
                (i.raw.as_str(), i.value, i.unit.as_str(), i.comparator),
                (raw, Some(value), unit, comparator)
            );
        }
        let found: Vec<_> = scan("组织志愿者千余人，投入资金万多元。")
            .into_iter()
            .map(|i| (i.raw, i.value, i.comparator))
            .collect();
        assert_eq!(
            found,
            [
                ("千余人".to_string(), Some(1000.0), Comparator::Ge),
                ("万多元".to_string(), Some(10_000.0), Comparator::Ge)
            ]
        );
        // Without a bound a scale is no figure: 千人计划 and 千亿元产业集群 are names, 百年 no span
        // of a metric, and a bound before a noun names a class (亿元以上企业).
        let raws = |text: &str| scan(text).into_iter().map(|i| i.raw).collect::<Vec<_>>();
        assert_eq!(raws("具有百年历史的千人计划专家5人。"), ["5人"]);
        assert!(scan("打造千亿元产业集群。").is_empty());
        assert_eq!(raws("新增招引亿元以上企业5家。"), ["5家"]);
    }

    #[test]
    fn what_is_not_a_quantity() {
        for text in [
            "2024年6月底，10月份，3日，上半年，2022年度",
            "排名第3位，第七名，第13个",
            "1. (1) （一） 一是 1、",
            "〔2021〕41号，（2021版），第5期",
            "五年来，近3年，24小时值班",
            "拨打12345热线，5G基站，版本2.0",
            "xx市XX区，xxxx年x月xx日",
            "两个维护，三大攻坚战，十分重视，千方百计",
            "市x届人大常委会，十四届全国人大二次会议",
            // A spaced ordinal (第 3 名).
            "在全省考核中获得第 3 名。",
            // Not Chinese notation: 999 glued to a Latin letter is a code, like G318 or 5G.
            "1e999个",
        ] {
            assert_eq!(scan(text), [], "{text}");
        }
        let digits = "9".repeat(10_000) + "个";
        assert_eq!(scan(&digits), []);
        let values: Vec<_> = scan(&format!("1{}元", "0".repeat(17)))
            .into_iter()
            .map(|i| i.value)
            .collect();
        assert_eq!(values, [Some(1e17)]);
    }

    #[test]
    fn a_number_after_a_not_word_is_skipped_whole() {
        let s = Scanner::new(IndicatorRules::default_rules(), None);
        let t = chars("第13个");
        assert_eq!(s.quantity(&t, 1).map(|q| q.end), Err(3));
        // 目前 ends with 前 but is kept (`not 目前 keep`): the figure after it counts.
        let t = chars("目前13个");
        assert_eq!(s.quantity(&t, 2).map(|q| q.end), Ok(5));
        assert_eq!(super::skip_number(&chars("1.2万亩"), 0), 4);
    }
}
