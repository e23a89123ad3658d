//! Numerals, one grammar for every stage that reads numbers: the characters (digits of both
//! widths, Chinese digits, scales) and the window of years here; [`number`], the numbers of
//! quantities and dates the indicator scan reads (values, scales, placeholders, years); and
//! [`heading`], the numbers of headings and the years of a heading the structure stage reads.

pub mod heading;
pub mod number;

use std::ops::RangeInclusive;

/// The years read as years (`2023年`, `二〇二三年`): a four-digit number outside is no year.
/// The earliest reports users hold are from the 1950s; their reviews name years back to 1900.
pub const YEARS: RangeInclusive<u32> = 1900..=2099;

/// The value of an Arabic digit, ASCII or full-width (`0`-`9`, `０`-`９`).
#[inline]
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit (零〇一二两三四五六七八九, Traditional 兩).
#[inline]
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A digit as years and heading numbers write it: Arabic, or a Chinese digit but 两/兩 (which
/// counts things: `两年`, never a digit of `二〇二三`).
#[inline]
pub fn numbering_digit(c: char) -> Option<u32> {
    digit(c).or_else(|| {
        if matches!(c, '两' | '兩') {
            None
        } else {
            chinese_digit(c)
        }
    })
}

/// The factor of a scale character: 十 百 千 万 亿 (萬 億).
#[inline]
pub fn scale(c: char) -> Option<f64> {
    Some(match c {
        '十' => 10.0,
        '百' => 100.0,
        '千' => 1_000.0,
        '万' | '萬' => 10_000.0,
        '亿' | '億' => 100_000_000.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_both_widths_and_scripts() {
        assert_eq!(("7２".chars().map(digit).collect::<Vec<_>>()), [Some(7), Some(2)]);
        assert_eq!(
            "二〇二三".chars().map(numbering_digit).collect::<Vec<_>>(),
            [Some(2), Some(0), Some(2), Some(3)]
        );
        assert_eq!(
            (chinese_digit('两'), numbering_digit('两'), numbering_digit('兩')),
            (Some(2), None, None)
        );
        assert_eq!((scale('萬'), scale('亿'), scale('个')), (Some(1e4), Some(1e8), None));
    }

    #[test]
    fn the_window_of_years() {
        assert!(YEARS.contains(&1954) && YEARS.contains(&1900) && YEARS.contains(&2099));
        assert!(!YEARS.contains(&1899) && !YEARS.contains(&2100));
    }
}
