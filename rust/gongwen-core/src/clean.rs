//! Cleaning web-scraped official documents, with a map back to the original text.
//!
//! Every number computed downstream (word counts, indicators) is wrong if the text still holds
//! the defects of scraped reports (see the seed corpus): pinyin readings inserted after
//! machine-converted characters (`區(qū)交通`), ASCII punctuation inside Chinese text,
//! full-width digits and letters, odd spaces, mixed line endings, and site boilerplate. One
//! pass over the characters fixes all but the boilerplate; a second pass removes boilerplate
//! with a data-driven rule set (`data/clean/boilerplate.txt`, extensible by the user). Each
//! pass records an [`OffsetMap`], and the two compose, so every character of the cleaned text
//! maps back to the character of the input it came from.
//!
//! ```
//! use gongwen_core::clean::{clean, CleanOptions, Rules};
//!
//! let c = clean("區(qū)交通運輸局(GDP)增長５%", &CleanOptions::default(), Rules::default_rules());
//! assert_eq!(c.text, "區交通運輸局（GDP）增長5%");
//! assert_eq!(c.readings, 1);
//! assert_eq!(c.map.source_span(1), (5, 6)); // 交 was at position 5 of the input
//! ```

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::convert::Converter;
use crate::offsets::OffsetMap;

/// Which defects to fix. Every rule can be turned off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanOptions {
    /// Remove pinyin readings inserted after a Han character: `區(qū)` -> `區`.
    pub readings: bool,
    /// ASCII `, ; : ( ) ? !` inside Chinese text become `，；：（）？！`.
    pub punctuation: bool,
    /// Full-width digits and Latin letters become ASCII.
    pub widths: bool,
    /// Odd spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000) become a space, zero-width
    /// characters (U+200B-U+200D, U+2060, U+FEFF) go, and each line loses leading and
    /// trailing spaces.
    pub spaces: bool,
    /// `\r\n`, `\r`, U+0085, U+2028 and U+2029 become `\n`.
    pub newlines: bool,
    /// Remove site boilerplate by the rule set.
    pub boilerplate: bool,
}

impl CleanOptions {
    /// Only the removal of inserted readings: line breaks and every other character stay.
    pub fn only_readings() -> Self {
        CleanOptions {
            readings: true,
            punctuation: false,
            widths: false,
            spaces: false,
            newlines: false,
            boilerplate: false,
        }
    }
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            readings: true,
            punctuation: true,
            widths: true,
            spaces: true,
            newlines: true,
            boilerplate: true,
        }
    }
}

/// Something cleaning removed, with its span in the original text (characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub start: usize,
    pub end: usize,
    /// The boilerplate rule's name.
    pub rule: String,
    /// The removed text as the input had it: the input's characters `start..end`.
    pub text: String,
}

/// A cleaned text, its map back to the input, and what was removed.
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub text: String,
    pub map: OffsetMap,
    /// Boilerplate removed, in text order.
    pub removed: Vec<Removal>,
    /// Number of pinyin readings removed.
    pub readings: usize,
}

// ---------------------------------------------------------------------------- readings

/// Character -> its pinyin readings, from pypinyin's table (`data/pinyin/`).
fn readings_table() -> &'static FxHashMap<char, Vec<&'static str>> {
    static TABLE: OnceLock<FxHashMap<char, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/pinyin/readings.txt")
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

/// A Han character: CJK Unified Ideographs (all extensions) and compatibility ideographs.
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{30000}'..='\u{323AF}')
}

/// A letter that can appear in a toned pinyin syllable (and the IPA look-alikes `ɡ`, `ɑ` that
/// some converters emit).
#[inline]
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹɡɑ".contains(c)
}

// ---------------------------------------------------------------------------- the char pass

#[inline]
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

#[inline]
fn is_chinese(c: char) -> bool {
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
fn zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn full_width_punct(c: char) -> Option<char> {
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
fn special(c: char, opts: &CleanOptions) -> bool {
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
const MAY_BE_SPECIAL: [bool; 256] = {
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
fn is_space(c: char) -> bool {
    c == ' ' || odd_space(c) || zero_width(c)
}

/// If `s` (starting at an opening parenthesis) is a reading of
/// `prev`, the length of `(reading)` in chars and in bytes.
fn reading_len_str(prev: char, s: &str) -> Option<(usize, usize)> {
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

/// The character pass: readings, punctuation, widths, spaces, newlines. It reads `text` in
/// place and writes the cleaned text once: runs of characters that no rule touches (most of a
/// text) are copied whole.
fn char_pass(text: &str, opts: &CleanOptions) -> (String, OffsetMap, usize) {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::builder();
    let mut readings = 0;
    // Whether each open parenthesis was made full-width, so its partner follows suit.
    let mut parens: Vec<bool> = Vec::new();
    // Nothing output yet on the current line; the last character output on it that is not a
    // space; the input character before the current one.
    let mut line_empty = true;
    let mut last: Option<char> = None;
    let mut prev: Option<char> = None;
    let bytes = text.as_bytes();
    let n = text.len();
    let mut i = 0;
    while i < n {
        // A run of characters no rule touches, found a byte at a time: only a few lead bytes
        // can start a character a rule touches (most of a Chinese text starts with E4-E9), and
        // no continuation byte is among them, so the loop stops on character boundaries only.
        // The run's characters are counted afterwards, a word at a time.
        let mut at = i;
        loop {
            while at < n && !MAY_BE_SPECIAL[bytes[at] as usize] {
                at += 1;
            }
            if at == n || text[at..].chars().next().is_some_and(|c| special(c, opts)) {
                break;
            }
            at += 1;
        }
        if at > i {
            let run = &text[i..at];
            out.push_str(run);
            map.copy(run.chars().count());
            line_empty = false;
            if let Some(c) = run.chars().rev().find(|&c| c != ' ') {
                last = Some(c);
            }
            prev = run.chars().next_back();
            i = at;
            if i == n {
                break;
            }
        }
        let Some(c) = text[i..].chars().next() else { break };
        let next_i = i + c.len_utf8();
        // Line breaks.
        if opts.newlines && (c == '\r' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}') {
            let crlf = c == '\r' && text.as_bytes().get(next_i) == Some(&b'\n');
            out.push('\n');
            map.replace(if crlf { 2 } else { 1 }, 1);
            i = if crlf { next_i + 1 } else { next_i };
            (line_empty, last, prev) = (true, None, Some(if crlf { '\n' } else { c }));
            continue;
        }
        if c == '\n' {
            out.push('\n');
            map.copy(1);
            i = next_i;
            (line_empty, last, prev) = (true, None, Some(c));
            continue;
        }
        // Inserted readings: `區(qū)`.
        if opts.readings && (c == '(' || c == '（') {
            if let Some(p) = prev.filter(|&p| is_han(p)) {
                if let Some((chars, bytes)) = reading_len_str(p, &text[i..]) {
                    map.replace(chars, 0);
                    readings += 1;
                    prev = text[..i + bytes].chars().next_back();
                    i += bytes;
                    continue;
                }
            }
        }
        if opts.spaces && is_space(c) {
            // A run of spaces: gone at the start or end of a line, else one space per space
            // character (zero-width ones go).
            let j = text[i..]
                .char_indices()
                .find(|&(_, s)| !is_space(s))
                .map_or(n, |(k, _)| i + k);
            let at_edge = line_empty
                || j == n
                || matches!(
                    text[j..].chars().next(),
                    Some('\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
                );
            if at_edge {
                map.replace(text[i..j].chars().count(), 0);
            } else {
                for s in text[i..j].chars() {
                    if zero_width(s) {
                        map.replace(1, 0);
                    } else {
                        out.push(' ');
                        map.replace(1, 1);
                        line_empty = false;
                    }
                }
            }
            prev = text[..j].chars().next_back();
            i = j;
            continue;
        }
        i = next_i;
        prev = Some(c);
        line_empty = false;
        if opts.widths {
            let w = match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
                _ => None,
            };
            if let Some(w) = w {
                out.push(w);
                map.replace(1, 1);
                last = Some(w);
                continue;
            }
        }
        if opts.punctuation {
            if let Some(full) = full_width_punct(c) {
                let next = text[i..].chars().find(|c| *c != ' ');
                let chinese_prev = last.is_some_and(is_chinese);
                let chinese_next = next.is_some_and(is_han);
                let convert = match c {
                    '(' => {
                        let v = chinese_prev || chinese_next;
                        parens.push(v);
                        v
                    }
                    ')' => parens.pop().unwrap_or(false) || last.is_some_and(is_han),
                    // `1,000`, `10:30`, `http://` stay: neither side is Chinese.
                    _ => chinese_prev || chinese_next,
                };
                let c = if convert { full } else { c };
                out.push(c);
                map.replace(1, 1);
                last = Some(c);
                continue;
            }
        }
        out.push(c);
        map.copy(1);
        if c != ' ' {
            last = Some(c);
        }
    }
    (out, map.finish(), readings)
}

// ---------------------------------------------------------------------------- boilerplate

mod boilerplate;
mod filter;
mod fragments;

pub use boilerplate::{Rules, DEFAULT_RULES};

/// Number of characters in UTF-8 `bytes`: the bytes that do not continue a character.
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    // Counted into a byte per 255-byte chunk, which vectorises to byte-wide adds.
    bytes
        .chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n.wrapping_add(u8::from((b as i8) >= -0x40))) as usize)
        .sum()
}

/// The byte offsets of character positions of a text, asked for (mostly) in increasing order:
/// linear in the text over all the calls.
struct ByteCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> ByteCursor<'a> {
    fn new(text: &'a str) -> Self {
        ByteCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The byte offset of character `chars` (the text's length at or past its end).
    fn byte(&mut self, chars: usize) -> usize {
        if chars < self.chars {
            (self.byte, self.chars) = (0, 0);
        }
        // Skip `k` character starts, a block at a time while a block holds no more than that,
        // then byte by byte up to the next character start.
        let bytes = self.text.as_bytes();
        let mut k = chars - self.chars;
        let mut i = self.byte;
        for block in [4096, 64] {
            while let Some(b) = bytes.get(i..i + block) {
                let starts = count_chars(b);
                if starts > k {
                    break;
                }
                k -= starts;
                i += block;
            }
        }
        while i < bytes.len() {
            if (bytes[i] as i8) >= -0x40 {
                if k == 0 {
                    break;
                }
                k -= 1;
            }
            i += 1;
        }
        self.byte = i;
        self.chars = chars;
        i
    }
}

/// The cleaned text before boilerplate is cut out of it: the character pass's output, the
/// byte ranges of it that stay (in order), and the map from the kept text to the input.
struct Uncut {
    mid: String,
    kept: Vec<(usize, usize)>,
    map: OffsetMap,
    removed: Vec<Removal>,
    readings: usize,
}

impl Uncut {
    /// The kept text, moved left in place (no second copy of the cleaned text).
    fn into_cleaned(self) -> Cleaned {
        let Uncut {
            mid,
            kept,
            map,
            removed,
            readings,
        } = self;
        let text = if kept.len() == 1 && kept[0] == (0, mid.len()) {
            mid
        } else {
            let mut bytes = mid.into_bytes();
            let mut w = 0;
            for (s, e) in kept {
                bytes.copy_within(s..e, w);
                w += e - s;
            }
            bytes.truncate(w);
            // Cuts are at character boundaries (regex matches and line breaks).
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        };
        Cleaned {
            text,
            map,
            removed,
            readings,
        }
    }

    /// The kept pieces of the text.
    fn pieces(&self) -> Vec<&str> {
        self.kept.iter().map(|&(s, e)| &self.mid[s..e]).collect()
    }
}

/// The character pass, then the boilerplate `rules` find, without cutting it out yet.
fn clean_uncut(text: &str, opts: &CleanOptions, rules: &Rules) -> Uncut {
    let (mid, map, readings) = char_pass(text, opts);
    let cuts = if !opts.boilerplate || rules.is_empty() {
        Vec::new()
    } else {
        rules.matches(&mid)
    };
    if cuts.is_empty() {
        return Uncut {
            kept: vec![(0, mid.len())],
            mid,
            map,
            removed: Vec::new(),
            readings,
        };
    }
    // The map of the cut composes with the first.
    let bytes = mid.as_bytes();
    let mut second = OffsetMap::builder();
    let mut removed = Vec::with_capacity(cuts.len());
    let mut kept = Vec::with_capacity(cuts.len() + 1);
    let mut input_at = ByteCursor::new(text);
    // Read position (bytes, chars).
    let (mut pos, mut pos_chars) = (0, 0);
    for (s, e, r) in cuts {
        let keep_chars = count_chars(&bytes[pos..s]);
        kept.push((pos, s));
        second.copy(keep_chars);
        let gone_chars = count_chars(&bytes[s..e]);
        second.replace(gone_chars, 0);
        let (start, end) = map.source_range(pos_chars + keep_chars, pos_chars + keep_chars + gone_chars);
        // What was removed, as the input had it (`０` stays `０`).
        let (bs, be) = (input_at.byte(start), input_at.byte(end));
        removed.push(Removal {
            start,
            end,
            rule: rules.name(r).to_string(),
            text: text[bs..be].to_string(),
        });
        pos = e;
        pos_chars += keep_chars + gone_chars;
    }
    kept.push((pos, bytes.len()));
    second.copy(count_chars(&bytes[pos..]));
    let map = map.then(&second.finish());
    Uncut {
        mid,
        kept,
        map,
        removed,
        readings,
    }
}

/// Clean `text`: the character pass, then boilerplate removal by `rules`.
///
/// Memory: the cleaned text is written once and boilerplate is cut out of it in place, so
/// besides `text` the peak is the cleaned text and its map (no copy of the text as
/// characters, no second copy of the cleaned text).
pub fn clean(text: &str, opts: &CleanOptions, rules: &Rules) -> Cleaned {
    clean_uncut(text, opts, rules).into_cleaned()
}

/// Clean, then convert script with OpenCC's `config` (`None`: no conversion), with one map from
/// the final text to `text`.
///
/// The conversion reads the cleaned text a piece at a time (see
/// [`Converter::convert_after`]), so a 100 MB single line needs about the input, the cleaned
/// text, the output and their maps, and the time stays linear.
pub fn normalize(text: &str, opts: &CleanOptions, rules: &Rules, config: Option<&Converter>) -> Cleaned {
    normalize_in_chunks(text, opts, rules, config, CONVERT_CHUNK)
}

/// Characters converted at a time by [`normalize`] (a chunk ends at the first safe cut after
/// this many).
const CONVERT_CHUNK: usize = 64 * 1024;

fn normalize_in_chunks(
    text: &str,
    opts: &CleanOptions,
    rules: &Rules,
    config: Option<&Converter>,
    chunk: usize,
) -> Cleaned {
    let uncut = clean_uncut(text, opts, rules);
    let Some(conv) = config else {
        return uncut.into_cleaned();
    };
    // The conversion reads the kept pieces where they are: the cleaned text is never
    // compacted (a move and a UTF-8 validation of the whole text).
    let (converted, map) = conv.convert_after(&uncut.pieces(), &uncut.map, chunk);
    Cleaned {
        text: converted,
        map,
        removed: uncut.removed,
        readings: uncut.readings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Cleaned {
        clean(text, &CleanOptions::default(), Rules::default_rules())
    }

    fn spans(m: &OffsetMap) -> Vec<(usize, usize)> {
        (0..m.output_len()).map(|i| m.source_span(i)).collect()
    }

    #[test]
    fn readings_go_only_after_their_character() {
        let r = c("區(qū)交通運輸局實(shí)現(xiàn)26萬畝(mǔ)");
        assert_eq!(r.text, "區交通運輸局實現26萬畝");
        assert_eq!(r.readings, 4);
        // Not a reading of the character before, not pinyin, or not after a Han character.
        for keep in ["區(shí)", "(GDP)", "(II类)", "(xx站)", "(2021版)", "a(qū)"] {
            assert_eq!(c(keep).readings, 0, "{keep}");
        }
    }

    #[test]
    fn punctuation_widths_spaces_newlines() {
        assert_eq!(c("你好,世界:1,000人(含)!").text, "你好，世界：1,000人（含）！");
        assert_eq!(c("１２３ＡＢｃ").text, "123ABc");
        assert_eq!(
            c("\u{3000}\u{3000}第一\u{a0}段 \r\n第\u{200b}二\r三").text,
            "第一 段\n第二\n三"
        );
        assert_eq!(c("时间10:30,网址http://x.cn").text, "时间10:30，网址http://x.cn");
    }

    #[test]
    fn map_points_at_the_original() {
        let text = "\u{3000}區(qū)交通,局\r\n";
        let r = c(text);
        assert_eq!(r.text, "區交通，局\n");
        assert_eq!(spans(&r.map), [(1, 2), (6, 7), (7, 8), (8, 9), (9, 10), (10, 12)]);
    }

    #[test]
    fn boilerplate_in_both_scripts() {
        let text = "下面是小編為大家整理的,供大家參考。\n工作總結\n文檔為doc格式。\n一是當前隱藏內容免費查看加強領導。\n链接地址:http://www.example.com/a.html";
        let r = c(text);
        assert_eq!(r.text, "工作總結\n一是加強領導。\n");
        let rules: Vec<&str> = r.removed.iter().map(|x| x.rule.as_str()).collect();
        assert_eq!(rules, ["site-intro", "file-format", "hidden-content", "link"]);
        let chars: Vec<char> = text.chars().collect();
        let first = &r.removed[0];
        assert!(chars[first.start..first.end]
            .iter()
            .collect::<String>()
            .starts_with("下面是小編"));
        // Every kept character maps to the same character of the input.
        let out: Vec<char> = r.text.chars().collect();
        for (i, &ch) in out.iter().enumerate() {
            let (s, e) = r.map.source_span(i);
            assert!(chars[s..e].contains(&ch) || ch == '，' || ch == '\n', "{i}");
        }
    }

    #[test]
    fn bad_rules_are_errors() {
        assert!(Rules::parse("line\tx\t(", "mine.txt")
            .unwrap_err()
            .to_string()
            .contains("mine.txt"));
        assert!(Rules::parse("para\tx\ty", "mine.txt").is_err());
        let big = Rules::parse("line\tbig\t\\w{1000}{100}", "mine.txt")
            .unwrap_err()
            .to_string();
        assert!(big.contains("line 1: pattern too large"), "{big}");
    }

    #[test]
    fn normalize_composes_maps() {
        let t2s = Converter::new("tw2sp").unwrap();
        let r = normalize(
            "用滑(huá)鼠存取記(jì)憶體",
            &CleanOptions::default(),
            Rules::default_rules(),
            Some(&t2s),
        );
        assert_eq!(r.text, "用鼠标访问内存");
        assert_eq!(r.readings, 2);
        assert_eq!(spans(&r.map)[5], (10, 17)); // 内 <- 記(jì)憶體
    }

    #[test]
    fn seed_documents_lose_every_reading_and_no_other_parenthesis() {
        let seeds = [
            (
                include_str!("../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
                714,
            ),
            (
                include_str!("../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
                1337,
            ),
            (
                include_str!("../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
                0,
            ),
            (
                include_str!("../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
                0,
            ),
            (
                include_str!("../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
                7636,
            ),
        ];
        for (text, readings) in seeds {
            let r = clean(text, &CleanOptions::only_readings(), Rules::default_rules());
            assert_eq!(r.readings, readings);
            let opens = |t: &str| t.chars().filter(|&c| c == '(').count();
            assert_eq!(opens(text) - opens(&r.text), readings, "only readings' parentheses go");
        }
    }

    use crate::test_rng::Rng;

    /// Texts made of the pieces every rule reacts to: readings, parentheses, punctuation,
    /// spaces, line breaks, widths, phrases the conversion changes, boilerplate, ideographic
    /// description sequences.
    fn random_text(rng: &mut Rng, len: usize) -> String {
        const PIECES: &[&str] = &[
            "區",
            "(qū)",
            "（qū）",
            "(",
            ")",
            "（",
            "）",
            ",",
            ";",
            ":",
            "?",
            "!",
            " ",
            "  ",
            "\u{3000}",
            "\u{a0}",
            "\u{200b}",
            "\r\n",
            "\r",
            "\n",
            "\u{2028}",
            "１２",
            "ＡＢｃ",
            "a",
            "1",
            "GDP",
            "實(shí)",
            "記憶體",
            "滑鼠",
            "頭髮",
            "發",
            "萬畝(mǔ)",
            "。",
            "，",
            "下面是小編為大家整理的",
            "文檔為doc格式",
            "當前隱藏內容免費查看",
            "链接地址:http://x.cn/a",
            "\nwww.example.com\n",
            "首页>",
            "⿰",
            "⿱⿰",
            "-",
            "Ｃ",
            "中國",
            "乾隆",
            "http://",
            "。\n",
            "剩余内容查看",
            "GDP 增長",
            "\u{212a}線",
            "K线",
            "ſ",
            "首頁:",
            "文档为DOC格式",
            "Copyright",
            "WWW.x.cn",
            "2024",
            "\n\n\n",
        ];
        (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }

    /// The prefilter leaves out no rule that matches: each rule's matches are what its own
    /// `find_iter` over the whole text gives, for the shipped rules and for user rules without
    /// fragments, anchored or not, across lines, in either case.
    #[test]
    fn prefiltered_rules_match_as_find_iter() {
        let user = Rules::parse(
            "line\tmixed\t^\\s*首页|隐藏\n\
             line\tempty\t^\\s*\n\
             line\tblank-lines\t^\\s*\\n\\s*链接\n\
             fragment\tfrag\t^(展开|查看)\n\
             line\tend\t(?m:^)\\s*$\n\
             fragment\tcase\t(?i)gdp\\s*增长\n\
             fragment\tkelvin\tK线|ſ\n\
             line\tdigits\t^\\d+$\n\
             line\tws-menu\t^\\s*(栏目|首页)\\s*[:：>]\\s*\\S*\\s*$\n\
             fragment\tws-frag\t^\\s*(GDP|小编)\n\
             line\tplain\t^\\(?(链接|WWW)\n",
            "test",
        )
        .unwrap();
        assert_eq!(user.without_fragments(), 3, "empty, end, digits");
        assert_eq!(user.anchored(), 4, "frag, ws-menu, ws-frag, plain");
        let shipped = Rules::default_rules();
        assert_eq!(shipped.without_fragments(), 0, "every shipped rule has fragments");
        assert_eq!(shipped.anchored(), 9, "every shipped `^` rule");
        let all = Rules::default_rules().extended(user);
        let mut rng = Rng(0x5eed_1234_5678_9abc);
        for round in 0..3000 {
            let len = rng.below(40);
            let mut text = random_text(&mut rng, len);
            if round % 3 == 0 {
                text = text.replace('\r', "");
            }
            if round % 5 == 0 {
                text = text.to_uppercase();
            }
            for rules in [Rules::default_rules(), &all] {
                let mut per_rule = rules.matches_per_rule(&text);
                per_rule.sort();
                assert_eq!(per_rule, rules.matches_per_rule_unfiltered(&text), "{text:?}");
            }
        }
    }

    fn same(a: &Cleaned, b: &Cleaned, what: &str) {
        assert_eq!(a.text, b.text, "{what}");
        assert_eq!(a.map, b.map, "{what}");
        assert_eq!(a.removed, b.removed, "{what}");
        assert_eq!(a.readings, b.readings, "{what}");
    }

    const SEEDS: [&str; 5] = [
        include_str!("../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
        include_str!("../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
        include_str!("../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
        include_str!("../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
        include_str!("../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
    ];

    fn option_sets() -> Vec<CleanOptions> {
        let mut sets = vec![CleanOptions::default(), CleanOptions::only_readings()];
        for k in 0..6 {
            let mut o = CleanOptions::default();
            let flag = [
                &mut o.readings,
                &mut o.punctuation,
                &mut o.widths,
                &mut o.spaces,
                &mut o.newlines,
                &mut o.boilerplate,
            ];
            *flag.into_iter().nth(k).unwrap() = false;
            sets.push(o);
        }
        sets
    }

    /// Converting in chunks gives exactly what converting the whole text at once gives: text,
    /// map, removals and readings, for every chunk size. (`clean_and_normalize_digests` holds
    /// the results themselves to what they were.)
    #[test]
    fn chunked_normalize_is_identical_to_the_whole_text() {
        let convs: Vec<Converter> = ["t2s", "tw2sp", "s2twp", "t2jp"]
            .iter()
            .map(|c| Converter::new(c).unwrap())
            .collect();
        let rules = Rules::default_rules();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut texts: Vec<String> = (0..300).map(|i| random_text(&mut rng, 1 + i % 60)).collect();
        texts.extend(["", "(", "區(", ")))", "\r", " ", "區(qū"].map(String::from));
        for (i, text) in texts.iter().enumerate() {
            for opts in option_sets() {
                let conv = &convs[i % convs.len()];
                let whole = normalize_in_chunks(text, &opts, rules, Some(conv), usize::MAX);
                for chunk in [1, 7, 13, 64] {
                    same(
                        &normalize_in_chunks(text, &opts, rules, Some(conv), chunk),
                        &whole,
                        text,
                    );
                }
            }
        }
        for seed in SEEDS {
            // Also as one long line, as a scraped page often is.
            let line: String = seed.chars().filter(|&c| c != '\n' && c != '\r').collect();
            for text in [seed, line.as_str()] {
                for opts in [CleanOptions::default(), CleanOptions::only_readings()] {
                    for conv in &convs[..2] {
                        let whole = normalize_in_chunks(text, &opts, rules, Some(conv), usize::MAX);
                        for chunk in [7, 13, 64, 4096] {
                            same(
                                &normalize_in_chunks(text, &opts, rules, Some(conv), chunk),
                                &whole,
                                "seed",
                            );
                        }
                    }
                }
            }
        }
    }

    /// FNV-1a over the `Debug` forms (text, map pieces, removals, readings).
    fn digest(results: impl IntoIterator<Item = Cleaned>) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut n = 0;
        for r in results {
            n += 1;
            for b in format!("{r:?}").bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("results {n} fnv {h:016x}")
    }

    /// Digests of `clean` and `normalize` on the random texts and the seeds of
    /// `chunked_normalize_is_identical_to_the_whole_text`, recorded before the module was split
    /// (they replace the comparison with the implementation before cleaning worked in place).
    /// Record again (only for an intended change) with `UPDATE_EXPECT=1 cargo test -p
    /// gongwen-core clean_and_normalize_digests`.
    #[test]
    fn clean_and_normalize_digests() {
        use expect_test::expect;
        let convs: Vec<Converter> = ["t2s", "tw2sp", "s2twp", "t2jp"]
            .iter()
            .map(|c| Converter::new(c).unwrap())
            .collect();
        let rules = Rules::default_rules();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut texts: Vec<String> = (0..300).map(|i| random_text(&mut rng, 1 + i % 60)).collect();
        texts.extend(["", "(", "區(", ")))", "\r", " ", "區(qū"].map(String::from));
        let (mut cleaned, mut normalized) = (Vec::new(), Vec::new());
        for (i, text) in texts.iter().enumerate() {
            for opts in option_sets() {
                cleaned.push(clean(text, &opts, rules));
                normalized.push(normalize(text, &opts, rules, Some(&convs[i % convs.len()])));
            }
        }
        expect!["results 2456 fnv bbf2bbb8604d14c6"].assert_eq(&digest(cleaned));
        expect!["results 2456 fnv 48ad11a258b15876"].assert_eq(&digest(normalized));
        let mut seeds = Vec::new();
        for seed in SEEDS {
            let line: String = seed.chars().filter(|&c| c != '\n' && c != '\r').collect();
            for text in [seed, line.as_str()] {
                for opts in [CleanOptions::default(), CleanOptions::only_readings()] {
                    seeds.push(clean(text, &opts, rules));
                    for conv in &convs[..2] {
                        seeds.push(normalize(text, &opts, rules, Some(conv)));
                    }
                }
            }
        }
        expect!["results 60 fnv 4b44b97460f3976f"].assert_eq(&digest(seeds));
    }

    /// No dictionary key holds a character the chunked conversion cuts after.
    #[test]
    fn cut_characters_are_in_no_dictionary_key() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/opencc");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            files += 1;
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let key = line.split('\t').next().unwrap_or("");
                if line.starts_with('#') {
                    continue;
                }
                for c in key.chars() {
                    assert!(!crate::convert::is_break(c), "{c:?} in a key of {}", path.display());
                }
            }
        }
        assert!(files > 20);
    }

    /// Many line-rule matches on one long line: linear, not quadratic.
    #[test]
    fn many_matches_on_one_long_line() {
        let text = "小编为大家整理".repeat(200_000);
        let r = c(&text);
        assert_eq!(r.text, "");
        // A line this long is not boilerplate as a whole: each match goes, sentence by sentence
        // (here the sentences are the matches themselves).
        assert_eq!(r.removed.len(), 200_000);
        assert_eq!(
            r.removed.iter().map(|x| x.end - x.start).sum::<usize>(),
            text.chars().count()
        );
    }

    /// A site intro glued into a long paragraph takes only its own sentence with it.
    #[test]
    fn long_line_loses_only_the_boilerplate_sentence() {
        let body = "全年新建道路12公里，完成投资5亿元。".repeat(30);
        let text = format!("{body}下面是小编为大家整理的工作总结，供大家参考。{body}");
        let r = c(&text);
        assert_eq!(r.text, format!("{body}{body}"));
        assert_eq!(r.removed.len(), 1);
        let short = "下面是小编为大家整理的工作总结，供大家参考。全年新建道路12公里。";
        assert_eq!(c(short).text, "", "a short line goes whole");
    }

    #[test]
    fn byte_cursor_finds_character_starts() {
        let text = "ab區(qū)交通😀\r\n".repeat(40);
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut cursor = ByteCursor::new(&text);
        for (k, &b) in starts.iter().enumerate().step_by(7) {
            assert_eq!(cursor.byte(k), b, "{k}");
        }
        assert_eq!(cursor.byte(3), starts[3], "backwards");
        assert_eq!(cursor.byte(starts.len() + 5), text.len(), "past the end");
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(c("").text, "");
        assert_eq!(c("(").text, "(");
        assert_eq!(c("區(").text, "區（");
        assert_eq!(c(")))").text, ")))");
    }
}
