//! Character classes of the character pass: Han characters, CJK punctuation, odd and
//! zero-width spaces, ASCII punctuation and its full-width form, and which characters the pass
//! may change at all.

use super::CleanOptions;

/// A Han character: CJK Unified Ideographs (all extensions) and compatibility ideographs.
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{30000}'..='\u{323AF}')
}

#[inline]
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

#[inline]
pub(super) fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

#[inline]
fn odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

#[inline]
pub(super) fn zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

pub(super) fn full_width_punct(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Whether the character pass may do more with `c` than copy it.
#[inline(always)]
pub(super) fn special(c: char, opts: &CleanOptions) -> bool {
    match c {
        '\n' => true,
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => opts.newlines,
        '(' => opts.readings || opts.punctuation,
        '（' => opts.readings,
        ' ' => opts.spaces,
        ',' | ';' | ':' | '?' | '!' | ')' => opts.punctuation,
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => opts.widths,
        c if (c as u32) < 0xA0 => false,
        c => opts.spaces && (odd_space(c) || zero_width(c)),
    }
}

/// Bytes that can start a character [`special`] may accept: some ASCII, and the lead bytes of
/// U+0080-U+00BF (C2), U+2000-U+2FFF (E2), U+3000-U+3FFF (E3) and U+F000-U+FFFF (EF).
pub(super) const MAY_BE_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let ascii = b"\n\r ,;:?!()";
    let mut k = 0;
    while k < ascii.len() {
        t[ascii[k] as usize] = true;
        k += 1;
    }
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

#[inline]
pub(super) fn is_space(c: char) -> bool {
    c == ' ' || odd_space(c) || zero_width(c)
}
