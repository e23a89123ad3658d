//! The numeral grammar of official documents: Arabic numbers (ASCII or full-width digits,
//! decimals, thousands separators), the scales 十/百/千/万/亿 after them, Chinese numerals
//! (三百余, 三万二千, 十二), and template placeholders (`x`, `xx`, `x.xx`, `*`, `__`).
//!
//! Every reader takes the text as characters and a start position and returns the number it
//! reads and where it ends, or `None`. They look at a bounded number of characters past the
//! start (a digit run, a scale run) and never backtrack, so a scan over a text stays linear.

use crate::numeral::numbering_digit;
pub use crate::numeral::{chinese_digit, digit, scale as scale_char, YEARS};

/// A number as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// Its value before any scale word that follows it (`None` for a placeholder).
    pub value: Option<f64>,
    /// One past its last character.
    pub end: usize,
    /// Written as a placeholder (`xx`, `x.xx`, `*`, `__`).
    pub placeholder: bool,
    /// Written in Chinese numerals.
    pub chinese: bool,
    /// Digits after the decimal point (0 but for a decimal in Arabic digits).
    pub decimals: u32,
    /// All its digits, the fraction's too, as one integer (`18.6` -> 186), when it is written
    /// in Arabic digits and is below 2^53 (so that it is exact as a float).
    pub digits: Option<u64>,
}

impl Number {
    /// Its value times `factor` (the scale words after it: a power of ten) as the decimal the
    /// text writes, correctly rounded: `18.6亿` is 1860000000, not the 1860000000.0000002 that
    /// the binary product of 18.6 and 1e8 gives. The digits as an integer and a power of ten
    /// of at most 22 are both exact, so one multiplication or division rounds once.
    pub fn times(&self, factor: f64) -> Option<f64> {
        let v = self.value?;
        if factor == 1.0 {
            return Some(v);
        }
        let e = factor.log10().round() as i32 - self.decimals as i32;
        match self.digits {
            Some(m) if (0..=22).contains(&e) => Some(m as f64 * 10f64.powi(e)),
            Some(m) if (-22..0).contains(&e) => Some(m as f64 / 10f64.powi(-e)),
            _ => Some(v * factor),
        }
    }
}

/// Longest digit run read as a quantity: longer runs are codes or identifiers, not amounts.
pub const MAX_DIGITS: usize = 18;

#[inline]
fn is_decimal_point(c: char) -> bool {
    c == '.' || c == '．'
}

#[inline]
fn is_group_separator(c: char) -> bool {
    c == ',' || c == '，'
}

/// An Arabic number at `i`: digits, `,`-grouped thousands (`1,200`, only in groups of three),
/// and a decimal part. `None` for a digit run longer than [`MAX_DIGITS`].
pub fn arabic(t: &[char], i: usize) -> Option<Number> {
    let mut j = i;
    let mut int_part: f64 = 0.0;
    let mut digits = 0usize;
    // The digits as an integer while it stays exact as a float.
    let mut exact: Option<u64> = Some(0);
    let push = |exact: Option<u64>, d: u32| {
        exact
            .and_then(|m| m.checked_mul(10))
            .and_then(|m| m.checked_add(u64::from(d)))
            .filter(|&m| m < 1 << 53)
    };
    while j < t.len() {
        if let Some(d) = digit(t[j]) {
            int_part = int_part * 10.0 + d as f64;
            exact = push(exact, d);
            digits += 1;
            j += 1;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    // Thousands groups: `1,234,567`; the first group has at most three digits.
    if digits <= 3 {
        let mut k = j;
        let mut value = int_part;
        let mut grouped = exact;
        let mut groups = 0;
        // Past `MAX_DIGITS` the number is rejected whatever follows: stopping there keeps a
        // run of groups (`123,123,123,...`), retried at each group, linear.
        while k < t.len()
            && digits <= MAX_DIGITS
            && is_group_separator(t[k])
            && (1..=3).all(|o| t.get(k + o).and_then(|&c| digit(c)).is_some())
            && t.get(k + 4).and_then(|&c| digit(c)).is_none()
        {
            for o in 1..=3 {
                let d = digit(t[k + o]).unwrap_or(0);
                value = value * 10.0 + d as f64;
                grouped = push(grouped, d);
            }
            digits += 3;
            k += 4;
            groups += 1;
        }
        if groups > 0 {
            int_part = value;
            exact = grouped;
            j = k;
        }
    }
    if digits > MAX_DIGITS {
        return None;
    }
    let mut value = int_part;
    let mut decimals = 0;
    if j + 1 < t.len() && is_decimal_point(t[j]) && digit(t[j + 1]).is_some() {
        let mut scale = 0.1;
        j += 1;
        let mut frac = 0usize;
        while j < t.len() {
            match digit(t[j]) {
                Some(d) => {
                    if frac < MAX_DIGITS {
                        value += d as f64 * scale;
                        scale /= 10.0;
                    }
                    exact = push(exact, d);
                    frac += 1;
                    j += 1;
                }
                None => break,
            }
        }
        if frac > MAX_DIGITS {
            return None;
        }
        // Round away the binary noise of the digit-by-digit sum (`88.5` stays `88.5`).
        let p = 10f64.powi(frac.min(15) as i32);
        value = (value * p).round() / p;
        decimals = frac as u32;
    }
    Some(Number {
        value: Some(value),
        end: j,
        placeholder: false,
        chinese: false,
        decimals,
        digits: exact,
    })
}

#[inline]
fn is_placeholder_mark(c: char) -> bool {
    matches!(c, 'x' | 'X' | '*' | '_' | 'ｘ' | 'Ｘ' | '＊' | '＿')
}

/// A placeholder at `i`: a run of `x`/`X`/`*` (or of two or more `_`), optionally followed by
/// `.` and another run (`x.xx`). Not when it continues a Latin word (`max`, `xxl`).
pub fn placeholder(t: &[char], i: usize) -> Option<Number> {
    let c0 = *t.get(i)?;
    if !is_placeholder_mark(c0) {
        return None;
    }
    if i > 0 && (t[i - 1].is_ascii_alphanumeric() || is_placeholder_mark(t[i - 1])) {
        return None;
    }
    let run = |mut j: usize| {
        let start = j;
        while j < t.len() && is_placeholder_mark(t[j]) {
            j += 1;
        }
        (j, j - start)
    };
    let (mut j, n) = run(i);
    let underscores = t[i..j].iter().all(|&c| c == '_' || c == '＿');
    if underscores && n < 2 {
        return None;
    }
    if j + 1 < t.len() && is_decimal_point(t[j]) && is_placeholder_mark(t[j + 1]) {
        let (k, _) = run(j + 1);
        j = k;
    }
    if j < t.len() && t[j].is_ascii_alphanumeric() {
        return None;
    }
    Some(Number {
        value: None,
        end: j,
        placeholder: true,
        chinese: false,
        decimals: 0,
        digits: None,
    })
}

/// A Chinese numeral at `i` that contains a scale (十/百/千/万/亿): 三百, 三万二千, 十二, 一千五百;
/// or a decimal one, 六点五, 十二点三 (`三点五万` is 三点五 and the scale 万).
/// It must start with a digit or with 十 (`十二`); 百万, 千方百计 and 万一 are not read.
/// `ge_mark` tells whether 余/多 may sit inside it (`三百余`, `十余万`): those are not consumed.
pub fn chinese(t: &[char], i: usize) -> Option<Number> {
    let c0 = *t.get(i)?;
    if chinese_digit(c0).is_none() && c0 != '十' {
        return None;
    }
    // At most a dozen characters: 九千九百九十九万九千九百九十九 is the longest useful one.
    let mut j = i;
    let mut has_scale = false;
    let (mut total, mut section, mut digit_val): (f64, f64, Option<f64>) = (0.0, 0.0, None);
    while j < t.len() && j - i < 24 {
        let c = t[j];
        if let Some(d) = chinese_digit(c) {
            if digit_val.is_some_and(|v| v != 0.0) {
                // 一二 is not a numeral (a list or a date such as 二〇二三 is read elsewhere).
                break;
            }
            digit_val = Some(d as f64);
            j += 1;
        } else if let Some(f) = scale_char(c) {
            has_scale = true;
            if f >= 10_000.0 {
                section += digit_val.take().unwrap_or(0.0);
                if section == 0.0 && total == 0.0 {
                    // 万 with nothing before it.
                    break;
                }
                if f > 10_000.0 {
                    total = (total + section) * f;
                } else {
                    total += section * f;
                }
                section = 0.0;
            } else {
                let d = digit_val.take().unwrap_or(if j == i { 1.0 } else { 0.0 });
                if d == 0.0 {
                    break;
                }
                section += d * f;
            }
            j += 1;
        } else {
            break;
        }
    }
    // A decimal part: 六点五, 十二点三, 三点五(万): up to eight digits after 点, an integer part
    // below 万 (the scale words after it are the caller's).
    if j > i && total == 0.0 && matches!(t.get(j), Some('点' | '點')) {
        let frac: Vec<u32> = t[j + 1..]
            .iter()
            .take(8)
            .map_while(|&c| chinese_digit(c).filter(|_| !matches!(c, '两' | '兩')))
            .collect();
        if !frac.is_empty() && t.get(j + 1 + frac.len()).and_then(|&c| chinese_digit(c)).is_none() {
            let int = section + digit_val.unwrap_or(0.0);
            let digits = frac.iter().fold(int as u64, |m, &d| m * 10 + u64::from(d));
            let decimals = frac.len() as u32;
            let value = digits as f64 / 10f64.powi(decimals as i32);
            return Some(Number {
                value: Some(value),
                end: j + 1 + frac.len(),
                placeholder: false,
                chinese: true,
                decimals,
                digits: Some(digits),
            });
        }
    }
    if !has_scale || j == i {
        return None;
    }
    // A trailing lone digit after a scale counts in the scale's next place only when written
    // with 零 (一千零五); 三百五 is read as 350 as speakers do.
    if let Some(d) = digit_val {
        section += d;
    }
    // 十分 (very) is an adverb, never a quantity.
    if j - i == 1 && c0 == '十' && t.get(j) == Some(&'分') {
        return None;
    }
    Some(Number {
        value: Some(total + section),
        end: j,
        placeholder: false,
        chinese: true,
        decimals: 0,
        digits: None,
    })
}

/// A Chinese numeral without scale (三, 五十 is read by [`chinese`]): only for `百分之五`.
pub fn chinese_any(t: &[char], i: usize) -> Option<Number> {
    if let Some(n) = chinese(t, i) {
        return Some(n);
    }
    let d = chinese_digit(*t.get(i)?)?;
    Some(Number {
        value: Some(d as f64),
        end: i + 1,
        placeholder: false,
        chinese: true,
        decimals: 0,
        digits: None,
    })
}

/// A year written `2023`, `二〇二三` or `二零二三` at `i`, followed by 年: its four digits.
pub fn year(t: &[char], i: usize) -> Option<(String, usize)> {
    year_value(t, i).map(|(y, end)| (y.to_string(), end))
}

/// A year as [`year`] reads it, as a number (in [`YEARS`]), and where it ends.
#[inline]
pub fn year_value(t: &[char], i: usize) -> Option<(u32, usize)> {
    let d = numbering_digit;
    d(*t.get(i)?)?;
    if i > 0 && d(t[i - 1]).is_some() {
        return None;
    }
    if t.get(i + 4) != Some(&'年') {
        return None;
    }
    let mut y = 0u32;
    for &c in &t[i..i + 4] {
        y = y * 10 + d(c)?;
    }
    if !YEARS.contains(&y) {
        return None;
    }
    Some((y, i + 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn val(f: fn(&[char], usize) -> Option<Number>, s: &str) -> Option<(f64, usize)> {
        let t = chars(s);
        f(&t, 0).map(|n| (n.value.unwrap_or(f64::NAN), n.end))
    }

    #[test]
    fn scaled_values_are_the_decimals_written() {
        // The exact decimal (digits, point, scale) parsed by Rust is correctly rounded: the
        // scaled value must be that, with none of the noise of a binary product.
        use crate::test_rng::Rng;
        let mut rng = Rng(0x00c0_ffee);
        let scales = [(10.0, 1), (100.0, 2), (1e3, 3), (1e4, 4), (1e8, 8), (1e12, 12)];
        for _ in 0..20_000 {
            let int: u64 = rng.next() % 100_000;
            let decimals = rng.below(6);
            let frac: String = (0..decimals).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
            let (factor, k) = scales[rng.below(scales.len())];
            let written = if decimals == 0 {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            };
            let n = arabic(&chars(&written), 0).expect("a number");
            let exact: f64 = format!("{written}e{k}").parse().expect("a float");
            assert_eq!(n.times(factor), Some(exact), "{written} x 1e{k}");
        }
        let n = arabic(&chars("18.6亿"), 0).unwrap();
        assert_eq!(n.times(1e8), Some(1_860_000_000.0));
        assert_ne!(18.6 * 1e8, 1_860_000_000.0, "the binary product this guards against");
        assert_eq!(n.times(1.0), Some(18.6));
        assert_eq!(placeholder(&chars("xx万"), 0).unwrap().times(1e4), None);
    }

    #[test]
    fn chinese_decimals() {
        assert_eq!(val(chinese, "六点五"), Some((6.5, 3)));
        assert_eq!(val(chinese, "十二点三五亿"), Some((12.35, 5)));
        assert_eq!(val(chinese, "零点八个百分点"), Some((0.8, 3)));
        assert_eq!(val(chinese, "五點二"), Some((5.2, 3)));
        assert_eq!(val(chinese_any, "六点五"), Some((6.5, 3)));
        // 点 not followed by a digit is no decimal point (一点 "a little", 两点意见).
        assert_eq!(val(chinese, "一点要求"), None);
        assert_eq!(val(chinese, "两点意见"), None);
        assert_eq!(val(chinese_any, "一点要求"), Some((1.0, 1)));
        // Scaled, the value is exact: 二点三亿 is 230000000, not 2.3 * 1e8.
        let t = chars("二点三亿");
        let n = chinese(&t, 0).unwrap();
        assert_eq!((n.end, n.times(1e8)), (3, Some(230_000_000.0)));
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(val(arabic, "1200万"), Some((1200.0, 4)));
        assert_eq!(val(arabic, "88.5%"), Some((88.5, 4)));
        assert_eq!(val(arabic, "１２.５"), Some((12.5, 4)));
        assert_eq!(val(arabic, "1,234,567元"), Some((1234567.0, 9)));
        assert_eq!(val(arabic, "96个,完成"), Some((96.0, 2)));
        assert_eq!(val(arabic, "12,34"), Some((12.0, 2)));
        assert_eq!(val(arabic, "5.2万"), Some((5.2, 3)));
        assert_eq!(val(arabic, "99.2%"), Some((99.2, 4)));
        assert_eq!(val(arabic, "3."), Some((3.0, 1)));
        assert_eq!(val(arabic, &"9".repeat(10_000)), None);
        assert_eq!(val(arabic, "1,234,567,890"), Some((1234567890.0, 13)));
        assert_eq!(val(arabic, "123,456,789,012,345,678,901"), None);
        // A long run of groups is read no further than the bound: reading it to its end at
        // every group made a scan quadratic (200,000 characters took 7.4 s).
        let run: Vec<char> = "123,".repeat(20_000).chars().collect();
        let found: Vec<usize> = (0..run.len())
            .step_by(4)
            .filter(|&i| arabic(&run, i).is_some())
            .collect();
        // Only the last six groups make a number of at most 18 digits.
        assert_eq!(found, (19_994..20_000).map(|g| 4 * g).collect::<Vec<_>>());
        assert_eq!(val(arabic, "abc"), None);
    }

    #[test]
    fn chinese_forms() {
        assert_eq!(val(chinese, "三百余人"), Some((300.0, 2)));
        assert_eq!(val(chinese, "三万二千亩"), Some((32000.0, 4)));
        assert_eq!(val(chinese, "十二个"), Some((12.0, 2)));
        assert_eq!(val(chinese, "五万亩"), Some((50000.0, 2)));
        assert_eq!(val(chinese, "一千零五"), Some((1005.0, 4)));
        assert_eq!(val(chinese, "十余万"), Some((10.0, 1)));
        assert_eq!(val(chinese, "两亿"), Some((2e8, 2)));
        assert_eq!(val(chinese, "三亿五千万"), Some((350_000_000.0, 5)));
        assert_eq!(val(chinese, "一万二千"), Some((12000.0, 4)));
        assert_eq!(val(chinese, "十分重视"), None);
        assert_eq!(val(chinese, "两个"), None);
        assert_eq!(val(chinese, "一是"), None);
        assert_eq!(val(chinese, "百万"), None);
        assert_eq!(val(chinese, "千方百计"), None);
    }

    #[test]
    fn placeholders() {
        let p = |s: &str| placeholder(&chars(s), 0).map(|n| n.end);
        assert_eq!(p("xx万元"), Some(2));
        assert_eq!(p("x.xx万人次"), Some(4));
        assert_eq!(p("xxx%"), Some(3));
        assert_eq!(p("__个"), Some(2));
        assert_eq!(p("_年"), None);
        assert_eq!(p("xxl"), None);
        let t = chars("max");
        assert_eq!(placeholder(&t, 2), None);
    }

    #[test]
    fn years() {
        let y = |s: &str| year(&chars(s), 0).map(|(y, _)| y);
        assert_eq!(y("2023年"), Some("2023".to_string()));
        assert_eq!(y("二〇二三年"), Some("2023".to_string()));
        assert_eq!(y("12345年"), None);
        assert_eq!(y("1234年"), None);
        assert_eq!(y("2023"), None);
    }

    #[test]
    fn years_are_read_within_the_window() {
        for (s, y) in [
            ("1899年", None),
            ("1900年", Some(1900)),
            ("2023年", Some(2023)),
            ("二〇二三年", Some(2023)),
            ("2099年", Some(2099)),
            ("2100年", None),
            ("12023年", None),
        ] {
            let t = chars(s);
            let k = t.len() - 5;
            assert_eq!(year_value(&t, k).map(|(y, _)| y), y, "{s}");
            assert_eq!(y.is_some(), y.is_some_and(|y| YEARS.contains(&y)));
        }
    }
}
