//! Pinyin readings inserted after machine-converted characters (`區(qū)`): the readings of each
//! character (pypinyin's table, `data/pinyin/`) and the length of a reading that follows one.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Character -> its pinyin readings, from pypinyin's table (`data/pinyin/`).
fn readings_table() -> &'static FxHashMap<char, Vec<&'static str>> {
    static TABLE: OnceLock<FxHashMap<char, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../data/pinyin/readings.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (c, rs) = l.split_once('\t')?;
                let mut chars = c.chars();
                let c = chars.next()?;
                Some((c, rs.split(',').collect()))
            })
            .collect()
    })
}

/// A letter that can appear in a toned pinyin syllable (and the IPA look-alikes `ɡ`, `ɑ` that
/// some converters emit).
#[inline]
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹɡɑ".contains(c)
}

/// If `s` (starting at an opening parenthesis) is a reading of
/// `prev`, the length of `(reading)` in chars and in bytes.
pub(super) fn reading_len_str(prev: char, s: &str) -> Option<(usize, usize)> {
    const MAX: usize = 7; // the longest syllable, `zhuāng`, has 6 letters
    let mut it = s.char_indices();
    let close = match it.next()?.1 {
        '(' => ')',
        '（' => '）',
        _ => return None,
    };
    let mut syllable = [0u8; 4 * (MAX + 1)];
    let mut len = 0;
    for (k, (b, c)) in it.take(MAX + 1).enumerate() {
        if c == close {
            if k == 0 {
                return None;
            }
            let syllable = std::str::from_utf8(&syllable[..len]).ok()?;
            let known = readings_table().get(&prev).is_some_and(|rs| rs.contains(&syllable));
            return known.then_some((k + 2, b + close.len_utf8()));
        }
        if !is_pinyin_letter(c) {
            return None;
        }
        let c = match c {
            'ɡ' => 'g',
            'ɑ' => 'a',
            c => c,
        };
        len += c.encode_utf8(&mut syllable[len..]).len();
    }
    None
}
