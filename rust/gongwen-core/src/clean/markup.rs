//! Escapes that scraped pages leave in their text, decoded to the characters they stand for
//! before the character pass: literal `<U+00A0>` (a dump of a no-break space), HTML character
//! references (`&nbsp;`, `&amp;`, `&#12288;`, `&#x3000;`) and one level of double encoding
//! (`&amp;nbsp;`). The character pass then treats the decoded character as it treats any
//! other (a no-break space becomes a space, or goes at a line's edge). Markup itself (tags,
//! comments) is removed by the boilerplate rules (`html-tag`, `html-comment`), so that every
//! removal is listed with its rule.
//!
//! Each escape becomes one character, mapped to the whole escape in the input.

use crate::offsets::{OffsetMap, OffsetMapBuilder};

/// Named character references decoded (the ones scraped Chinese pages carry; the rest of
/// HTML's list is letters of other scripts and mathematical signs they do not use).
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", '\u{A0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwsp", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("shy", '\u{AD}'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("middot", '·'),
    ("bull", '•'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("deg", '°'),
    ("permil", '‰'),
    ("yen", '¥'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("sect", '§'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("asymp", '≈'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("frac12", '½'),
    ("frac14", '¼'),
];

/// Entities that pages also write without their `;` (HTML accepts these bare).
const BARE: &[&str] = &["nbsp", "amp", "lt", "gt", "quot"];

/// The character of the escape at the start of `s` and the escape's length in bytes.
fn escape_at(s: &[u8]) -> Option<(char, usize)> {
    match s.first()? {
        b'<' => unicode_escape(s),
        b'&' => {
            let (c, n) = reference(s)?;
            // `&amp;nbsp;`: a reference whose `&` was encoded once more.
            if c == '&' {
                if let Some((c2, n2)) = reference(&[b"&", &s[n..s.len().min(n + 12)]].concat()) {
                    return Some((c2, n + n2 - 1));
                }
            }
            Some((c, n))
        }
        _ => None,
    }
}

/// `<U+XXXX>`: four to six hexadecimal digits naming a Unicode scalar value.
fn unicode_escape(s: &[u8]) -> Option<(char, usize)> {
    if s.len() < 8 || !matches!(s[1], b'U' | b'u') || s[2] != b'+' {
        return None;
    }
    let digits = s[3..].iter().take(7).take_while(|b| b.is_ascii_hexdigit()).count();
    if !(4..=6).contains(&digits) || s.get(3 + digits) != Some(&b'>') {
        return None;
    }
    let hex = std::str::from_utf8(&s[3..3 + digits]).ok()?;
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((c, digits + 4))
}

/// An HTML character reference at the start of `s` (which starts with `&`).
fn reference(s: &[u8]) -> Option<(char, usize)> {
    if s.get(1) == Some(&b'#') {
        let (radix, from) = match s.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let digits = s[from..]
            .iter()
            .take(8)
            .take_while(|b| {
                if radix == 16 {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 || digits > 7 || s.get(from + digits) != Some(&b';') {
            return None;
        }
        let n = std::str::from_utf8(&s[from..from + digits]).ok()?;
        let c = char::from_u32(u32::from_str_radix(n, radix).ok()?)?;
        // NUL and C0/C1 controls other than line breaks and tabs are not text.
        if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
            return None;
        }
        return Some((c, from + digits + 1));
    }
    let name_len = s[1..].iter().take(8).take_while(|b| b.is_ascii_alphanumeric()).count();
    if name_len == 0 {
        return None;
    }
    let name = std::str::from_utf8(&s[1..1 + name_len]).ok()?;
    let &(_, c) = ENTITIES.iter().find(|(n, _)| *n == name)?;
    if s.get(1 + name_len) == Some(&b';') {
        Some((c, name_len + 2))
    } else if BARE.contains(&name) {
        Some((c, name_len + 1))
    } else {
        None
    }
}

/// `text` with its escapes decoded and the map back to it, or `None` when it has none (the
/// text is then used as it is, without a copy).
pub(super) fn decode(text: &str) -> Option<(String, OffsetMap)> {
    let bytes = text.as_bytes();
    let mut out: Option<(String, OffsetMapBuilder)> = None;
    // Bytes of `text` copied (or to copy) up to here.
    let mut done = 0;
    let mut at = 0;
    while let Some(k) = memchr::memchr2(b'<', b'&', &bytes[at..]) {
        let i = at + k;
        let Some((c, n)) = escape_at(&bytes[i..]) else {
            at = i + 1;
            continue;
        };
        let (s, map) = out.get_or_insert_with(|| (String::with_capacity(text.len()), OffsetMap::builder()));
        let run = &text[done..i];
        s.push_str(run);
        map.copy(run.chars().count());
        s.push(c);
        // Escapes are ASCII: `n` bytes are `n` characters.
        map.replace(n, 1);
        done = i + n;
        at = done;
    }
    let (mut s, mut map) = out?;
    let run = &text[done..];
    s.push_str(run);
    map.copy(run.chars().count());
    Some((s, map.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> String {
        decode(text).map_or_else(|| text.to_string(), |(s, _)| s)
    }

    #[test]
    fn escapes_become_their_characters() {
        assert_eq!(dec("<U+00A0>当前位置"), "\u{a0}当前位置");
        assert_eq!(dec("a<u+3000>b<U+1F600>"), "a\u{3000}b😀");
        assert_eq!(dec("&nbsp;&nbsp;增长&amp;发展&lt;5&gt;"), "\u{a0}\u{a0}增长&发展<5>");
        assert_eq!(dec("&#12288;&#x3000;&#X41;"), "\u{3000}\u{3000}A");
        assert_eq!(dec("&amp;nbsp;x&nbsp y"), "\u{a0}x\u{a0} y");
        assert_eq!(dec("&amp;amp;"), "&", "one level of double encoding");
    }

    #[test]
    fn what_is_not_an_escape_stays() {
        for text in [
            "增长<5%，&符号",
            "<U+00A0",
            "<U+00G0>",
            "<U+110000>",
            "<U+D800>",
            "<U+12>",
            "&unknown;",
            "&copy",
            "&#;",
            "&#0;",
            "&#xD800;",
            "AT&T",
            "&",
            "<",
        ] {
            assert!(decode(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn map_points_at_the_escape() {
        let (s, m) = decode("前<U+00A0>后&amp;").unwrap();
        assert_eq!(s, "前\u{a0}后&");
        assert_eq!(m.source_span(0), (0, 1));
        assert_eq!(m.source_span(1), (1, 9));
        assert_eq!(m.source_span(2), (9, 10));
        assert_eq!(m.source_span(3), (10, 15));
        m.check();
    }
}
