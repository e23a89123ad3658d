//! Numerals as headings and titles write them: Arabic digits (ASCII or full-width), Chinese
//! digits and numerals from 1 to 99 (`一`, `十一`, `二十三`), and years written as four
//! digits (`2023年`, `二〇二三年`, within [`crate::numeral::YEARS`]).

pub use super::digit;
use super::{numbering_digit, YEARS};

/// A Chinese digit of a heading number or a year (not 两, which counts things).
pub fn cn_digit(c: char) -> Option<u32> {
    numbering_digit(c).filter(|_| digit(c).is_none())
}

/// Calls `f` with every year written as four digits (`2023年`, `２０２３年`, `二〇二三年`).
pub fn scan_years(chars: impl IntoIterator<Item = char>, mut f: impl FnMut(u32)) {
    let (mut run, mut val, mut cn_run, mut cn_val) = (0u32, 0u32, 0u32, 0u32);
    for c in chars {
        if let Some(d) = digit(c) {
            run += 1;
            val = val.saturating_mul(10).saturating_add(d);
            cn_run = 0;
            cn_val = 0;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            cn_run += 1;
            cn_val = cn_val.saturating_mul(10).saturating_add(d);
            run = 0;
            val = 0;
            continue;
        }
        if c == '年' {
            if run == 4 && YEARS.contains(&val) {
                f(val);
            } else if cn_run == 4 && YEARS.contains(&cn_val) {
                f(cn_val);
            }
        }
        (run, val, cn_run, cn_val) = (0, 0, 0, 0);
    }
}

pub fn cn_value(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '〇' | '零' => None,
        _ => cn_digit(c),
    }
}

/// A Chinese numeral from 1 to 99 at `s[i..]` (一, 十, 十一, 二十, 二十三): value and length.
pub fn cn_numeral(s: &[char], i: usize) -> Option<(u32, usize)> {
    let a = cn_value(*s.get(i)?)?;
    let b = s.get(i + 1).and_then(|&c| cn_value(c));
    let c = s.get(i + 2).and_then(|&c| cn_value(c));
    Some(match (a, b, c) {
        (10, Some(d), _) if d < 10 => (10 + d, 2),
        (10, _, _) => (10, 1),
        (d, Some(10), Some(e)) if e < 10 => (d * 10 + e, 3),
        (d, Some(10), _) => (d * 10, 2),
        (d, _, _) => (d, 1),
    })
}

/// One or two Arabic digits (ASCII or full-width) at `s[i..]`, not followed by a third.
pub fn arabic(s: &[char], i: usize) -> Option<(u32, usize)> {
    let mut v = 0;
    let mut n = 0;
    while let Some(d) = s.get(i + n).and_then(|&c| digit(c)) {
        if n == 2 {
            return None;
        }
        v = v * 10 + d;
        n += 1;
    }
    (n > 0 && v > 0).then_some((v, n))
}
