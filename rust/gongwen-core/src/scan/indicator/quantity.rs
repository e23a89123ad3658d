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
