//! Stage 4, scan: what the users came for. [`indicator`] finds every quantity of a report with
//! its metric, value, unit, comparator, stance, change and period, on the numeral grammar of
//! [`number`]; [`lexicon`] counts keyword lexicons (attention indices) by token or substring.
//!
//! ```
//! use gongwen_core::scan::{scan_text, Comparator, IndicatorRules, Stance};
//! use gongwen_core::segment::Segmenter;
//!
//! let snapshot = Segmenter::global().snapshot();
//! let found = scan_text("2023年地区生产总值增长6%左右。", IndicatorRules::default_rules(), Some(&snapshot.cutter()));
//! let i = &found[0];
//! assert_eq!((i.raw.as_str(), i.value, i.unit.as_str()), ("6%", Some(6.0), "%"));
//! assert_eq!(i.metric.as_deref(), Some("地区生产总值"));
//! assert_eq!((i.comparator, i.change, i.period.as_deref()), (Comparator::Approx, true, Some("2023")));
//! assert_eq!(i.stance, Stance::Actual);
//! ```

pub mod indicator;
pub mod lexicon;
/// The numeral grammar of quantities (it lives in [`crate::numeral`], shared with the structure stage).
pub use crate::numeral::number;

pub use indicator::{Comparator, Indicator, IndicatorRules, Scanner, Stance};

use crate::clean::{normalize, CleanOptions, Rules};
use crate::convert::Converter;
use crate::offsets::OffsetMap;
use crate::segment::Cutter;
use crate::structure;

/// Scan a text that is already clean and Simplified: offsets are into `text`.
pub fn scan_text(text: &str, rules: &IndicatorRules, cutter: Option<&Cutter<'_>>) -> Vec<Indicator> {
    let chars = collect_chars(text);
    let s = structure::analyze(text);
    Scanner::new(rules, cutter).scan(&chars, Some(&s))
}

/// The characters of `text` (what [`Scanner::scan`] reads), in a vector allocated once at its
/// exact size: `chars().collect()` starts from a quarter of the byte length, too little for
/// Chinese, and copies the vector as it grows.
pub fn collect_chars(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.chars().count());
    chars.extend(text.chars());
    chars
}

/// Scan raw text: clean it (when `clean` is given) and convert it (when `convert` is), scan
/// the result, and report `start`, `end` and `raw` in `text` itself.
pub fn scan_indicators(
    text: &str,
    clean: Option<(&CleanOptions, &Rules)>,
    convert: Option<&Converter>,
    rules: &IndicatorRules,
    cutter: Option<&Cutter<'_>>,
) -> Vec<Indicator> {
    let (norm, map) = match (clean, convert) {
        (Some((o, r)), c) => {
            let n = normalize(text, o, r, c);
            (n.text, Some(n.map))
        }
        (None, Some(c)) => {
            let (t, m) = c.convert_with_map(text);
            (t, Some(m))
        }
        (None, None) => return scan_text(text, rules, cutter),
    };
    let mut found = scan_text(&norm, rules, cutter);
    if let Some(map) = map {
        to_source(&mut found, &map, text);
    }
    found
}

/// Move indicators found in a derived text to `source` through `map`: spans, and `raw` as
/// `source[start..end]`.
///
/// Indicators in order and disjoint in the derived text stay so in `source`: a span covers the
/// whole of a conversion group it cuts, and where two indicators would share one (a group of
/// unequal lengths holding the boundary between them), the later one starts where the earlier
/// one ends.
pub fn to_source(found: &mut [Indicator], map: &OffsetMap, source: &str) {
    let mut cursor = CharCursor::new(source);
    // End of the previous indicator in the derived text and in `source`.
    let (mut prev_out, mut prev_src) = (0, 0);
    for ind in found.iter_mut() {
        let (mut s, mut e) = map.source_range(ind.start, ind.end);
        if ind.start >= prev_out && s < prev_src {
            s = prev_src;
            e = e.max(s);
        }
        prev_out = ind.end;
        prev_src = e;
        ind.start = s;
        ind.end = e;
        let (bs, be) = (cursor.byte(s), cursor.byte(e));
        ind.raw = source[bs..be].to_string();
    }
}

/// Character index -> byte index in a text, for positions that mostly increase.
pub struct CharCursor<'a> {
    text: &'a str,
    ch: usize,
    byte: usize,
}

impl<'a> CharCursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        CharCursor { text, ch: 0, byte: 0 }
    }

    /// The byte offset of character `ch` (the text's length past its end). Moving forward
    /// counts lead bytes (all but the continuation bytes `10xxxxxx`) eight at a time instead
    /// of decoding the characters in between.
    pub fn byte(&mut self, ch: usize) -> usize {
        if ch < self.ch {
            self.ch = 0;
            self.byte = 0;
        }
        let bytes = self.text.as_bytes();
        // Stop at the lead byte that follows `left` lead bytes.
        let left = ch - self.ch;
        let (mut b, mut passed) = (self.byte, 0);
        while let Some(word) = bytes.get(b..b + 8) {
            let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let leads = 8 - (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
            if passed + leads > left {
                break;
            }
            passed += leads;
            b += 8;
        }
        while b < bytes.len() {
            if (bytes[b] as i8) >= -0x40 {
                if passed == left {
                    break;
                }
                passed += 1;
            }
            b += 1;
        }
        self.byte = b;
        self.ch += passed;
        self.byte
    }
}

#[cfg(test)]
mod tests {
    use super::{collect_chars, scan_text, to_source, CharCursor, IndicatorRules};
    use crate::offsets::OffsetMap;

    #[test]
    fn indicators_that_share_a_group_stay_disjoint() {
        // Derived "5万元6万元", where "元6" came from the three characters "XYZ" of the source.
        let source = "5万XYZ万元";
        let mut b = OffsetMap::builder();
        b.copy(2);
        b.replace(3, 2);
        b.copy(2);
        let map = b.finish();
        let mut found = scan_text("5万元6万元", IndicatorRules::default_rules(), None);
        assert_eq!(
            found.iter().map(|i| (i.start, i.end)).collect::<Vec<_>>(),
            [(0, 3), (3, 6)]
        );
        to_source(&mut found, &map, source);
        let got: Vec<_> = found.iter().map(|i| (i.start, i.end, i.raw.as_str())).collect();
        assert_eq!(got, [(0, 5, "5万XYZ"), (5, 7, "万元")]);
    }

    #[test]
    fn char_cursor_is_char_indices() {
        let text = "Ａ１２，é\u{7FF}\u{800}增长6%\u{10000}x\u{10FFFF}abcdefghij".repeat(4);
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let n = starts.len() - 1;
        let mut cursor = CharCursor::new(&text);
        // Forward by one and by many (past whole words of eight bytes), repeated, backward,
        // and past the end (the text's length).
        for ch in [0, 1, 1, 4, 9, 3, 0, 30, 31, 55, n - 1, n, 2, n + 5, 7, 60, 61] {
            assert_eq!(cursor.byte(ch), starts[ch.min(n)], "char {ch}");
        }
    }

    #[test]
    fn collect_chars_is_chars_collect() {
        for s in [
            "",
            "a",
            "增长6%",
            "Ａ１２，é\u{7FF}\u{800}\u{FFFF}\u{10000}\u{2A6D6}\u{10FFFF}x",
            "\n\r\t\u{0}",
        ] {
            assert_eq!(collect_chars(s), s.chars().collect::<Vec<_>>(), "{s:?}");
        }
    }
}
