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

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::convert::Converter;
use crate::error::{Error, Result};
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
    /// The removed text, as it was after the character pass.
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

/// If `s` (starting at an opening parenthesis) is a reading of `prev`, the number of chars
/// of `(reading)`.
fn reading_len(prev: char, s: &[char]) -> Option<usize> {
    const MAX: usize = 7; // the longest syllable, `zhuāng`, has 6 letters
    let close = match s[0] {
        '(' => ')',
        '（' => '）',
        _ => return None,
    };
    let end = s.iter().take(MAX + 2).position(|&c| c == close)?;
    let inner = &s[1..end];
    if inner.is_empty() || !inner.iter().all(|&c| is_pinyin_letter(c)) {
        return None;
    }
    let syllable: String = inner
        .iter()
        .map(|&c| match c {
            'ɡ' => 'g',
            'ɑ' => 'a',
            c => c,
        })
        .collect();
    let table = readings_table();
    table
        .get(&prev)
        .is_some_and(|rs| rs.contains(&syllable.as_str()))
        .then_some(end + 1)
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

/// The character pass: readings, punctuation, widths, spaces, newlines.
fn char_pass(input: &[char], opts: &CleanOptions) -> (Vec<char>, OffsetMap, usize) {
    let mut out: Vec<char> = Vec::with_capacity(input.len());
    let mut map = OffsetMap::builder();
    let mut readings = 0;
    // Whether each open parenthesis was made full-width, so its partner follows suit.
    let mut parens: Vec<bool> = Vec::new();
    // Output length at the start of the current line, and the pending run of spaces.
    let mut line_start_out = 0;
    let mut i = 0;
    let n = input.len();
    let prev_nonspace = |out: &[char]| out.iter().rev().find(|c| **c != ' ').copied();
    while i < n {
        let c = input[i];
        // Line breaks.
        if opts.newlines && (c == '\r' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}') {
            let len = if c == '\r' && input.get(i + 1) == Some(&'\n') {
                2
            } else {
                1
            };
            out.push('\n');
            map.replace(len, 1);
            i += len;
            line_start_out = out.len();
            continue;
        }
        if c == '\n' {
            out.push('\n');
            map.copy(1);
            i += 1;
            line_start_out = out.len();
            continue;
        }
        // Inserted readings: `區(qū)`.
        if opts.readings && (c == '(' || c == '（') && i > 0 && is_han(input[i - 1]) {
            if let Some(len) = reading_len(input[i - 1], &input[i..]) {
                map.replace(len, 0);
                readings += 1;
                i += len;
                continue;
            }
        }
        if opts.spaces && (c == ' ' || odd_space(c) || zero_width(c)) {
            // A run of spaces: gone at the start or end of a line, else one space per space
            // character (zero-width ones go).
            let mut j = i;
            while j < n && (input[j] == ' ' || odd_space(input[j]) || zero_width(input[j])) {
                j += 1;
            }
            let at_edge = out.len() == line_start_out
                || j == n
                || matches!(input[j], '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
            if at_edge {
                map.replace(j - i, 0);
            } else {
                for &s in &input[i..j] {
                    if zero_width(s) {
                        map.replace(1, 0);
                    } else {
                        out.push(' ');
                        map.replace(1, 1);
                    }
                }
            }
            i = j;
            continue;
        }
        if opts.widths {
            let w = match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
                _ => None,
            };
            if let Some(w) = w {
                out.push(w);
                map.replace(1, 1);
                i += 1;
                continue;
            }
        }
        if opts.punctuation {
            if let Some(full) = full_width_punct(c) {
                let next = input[i + 1..].iter().find(|c| **c != ' ').copied();
                let prev = prev_nonspace(&out[line_start_out..]);
                let chinese_prev = prev.is_some_and(is_chinese);
                let chinese_next = next.is_some_and(is_han);
                let convert = match c {
                    '(' => {
                        let v = chinese_prev || chinese_next;
                        parens.push(v);
                        v
                    }
                    ')' => parens.pop().unwrap_or(false) || prev.is_some_and(is_han),
                    // `1,000`, `10:30`, `http://` stay: neither side is Chinese.
                    _ => chinese_prev || chinese_next,
                };
                out.push(if convert { full } else { c });
                map.replace(1, 1);
                i += 1;
                continue;
            }
        }
        out.push(c);
        map.copy(1);
        i += 1;
    }
    (out, map.finish(), readings)
}

// ---------------------------------------------------------------------------- boilerplate

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Line,
    Fragment,
}

#[derive(Debug)]
struct Rule {
    kind: Kind,
    name: String,
    re: Regex,
}

/// A boilerplate rule set (see `data/clean/boilerplate.txt` for the format).
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Rule>,
    /// All patterns at once: one linear pass tells which rules match a text at all, so a
    /// document without boilerplate costs one scan, not one per rule.
    set: regex::RegexSet,
}

fn build_set(rules: &[Rule]) -> regex::RegexSet {
    regex::RegexSetBuilder::new(rules.iter().map(|r| r.re.as_str()))
        .multi_line(true)
        .case_insensitive(true)
        .size_limit(256 << 20)
        .build()
        .expect("each pattern compiled alone")
}

/// The rule set shipped with gongwen.
pub const DEFAULT_RULES: &str = include_str!("../data/clean/boilerplate.txt");

impl Rules {
    /// Parse rules in the `KIND<TAB>NAME<TAB>PATTERN` format; `source` names the text in errors.
    /// Each pattern is also added in its Traditional forms (OpenCC s2t, s2tw, s2hk).
    pub fn parse(text: &str, source: &str) -> Result<Rules> {
        let variants: Vec<Converter> = ["s2t", "s2tw", "s2hk"]
            .iter()
            .map(|c| Converter::new(c).expect("bundled config"))
            .collect();
        let mut rules = Vec::new();
        for (lineno, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |message: String| Error::Dictionary {
                path: source.to_string(),
                line: lineno + 1,
                message,
            };
            let mut parts = line.splitn(3, '\t');
            let (Some(kind), Some(name), Some(pattern)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(bad(format!("expected KIND<TAB>NAME<TAB>PATTERN, got {line:?}")));
            };
            let kind = match kind {
                "line" => Kind::Line,
                "fragment" => Kind::Fragment,
                other => return Err(bad(format!("kind must be `line` or `fragment`, not {other:?}"))),
            };
            let mut alternatives = vec![pattern.to_string()];
            for v in &variants {
                let t = v.convert(pattern);
                if !alternatives.contains(&t) {
                    alternatives.push(t);
                }
            }
            let joined = alternatives
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let re = regex::RegexBuilder::new(&joined)
                .multi_line(true)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| bad(format!("invalid pattern: {e}")))?;
            rules.push(Rule {
                kind,
                name: name.to_string(),
                re,
            });
        }
        let set = build_set(&rules);
        Ok(Rules { rules, set })
    }

    /// The shipped rules, compiled once.
    pub fn default_rules() -> &'static Rules {
        static DEFAULT: OnceLock<Rules> = OnceLock::new();
        DEFAULT.get_or_init(|| Rules::parse(DEFAULT_RULES, "boilerplate.txt").expect("bundled rules are valid"))
    }

    /// These rules followed by `other`'s.
    pub fn extended(&self, other: Rules) -> Rules {
        let mut rules: Vec<Rule> = self
            .rules
            .iter()
            .map(|r| Rule {
                kind: r.kind,
                name: r.name.clone(),
                re: r.re.clone(),
            })
            .collect();
        rules.extend(other.rules);
        let set = build_set(&rules);
        Rules { rules, set }
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Byte ranges of `text` to remove, sorted and disjoint, with the rule that removes each.
    fn matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for ri in self.set.matches(text).iter() {
            let rule = &self.rules[ri];
            for m in rule.re.find_iter(text) {
                let (s, e) = match rule.kind {
                    Kind::Fragment => (m.start(), m.end()),
                    Kind::Line => {
                        let s = text[..m.start()].rfind('\n').map_or(0, |p| p + 1);
                        let e = text[m.end()..].find('\n').map_or(text.len(), |p| m.end() + p + 1);
                        (s, e)
                    }
                };
                if e > s {
                    found.push((s, e, ri));
                }
            }
        }
        found.sort_unstable();
        // Merge overlaps: the earlier-starting removal absorbs later ones.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
        for (s, e, r) in found {
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e, r)),
            }
        }
        merged
    }
}

/// Clean `text`: the character pass, then boilerplate removal by `rules`.
pub fn clean(text: &str, opts: &CleanOptions, rules: &Rules) -> Cleaned {
    let input: Vec<char> = text.chars().collect();
    let (chars, map, readings) = char_pass(&input, opts);
    let mid: String = chars.iter().collect();
    if !opts.boilerplate || rules.is_empty() {
        return Cleaned {
            text: mid,
            map,
            removed: Vec::new(),
            readings,
        };
    }
    let cuts = rules.matches(&mid);
    if cuts.is_empty() {
        return Cleaned {
            text: mid,
            map,
            removed: Vec::new(),
            readings,
        };
    }
    // Second pass: drop the matched ranges; the map composes with the first.
    let mut out = String::with_capacity(mid.len());
    let mut second = OffsetMap::builder();
    let mut removed = Vec::with_capacity(cuts.len());
    let (mut pos, mut pos_chars) = (0, 0);
    for (s, e, r) in cuts {
        let keep = &mid[pos..s];
        let keep_chars = keep.chars().count();
        out.push_str(keep);
        second.copy(keep_chars);
        let gone = &mid[s..e];
        let gone_chars = gone.chars().count();
        second.replace(gone_chars, 0);
        let (start, end) = map.source_range(pos_chars + keep_chars, pos_chars + keep_chars + gone_chars);
        removed.push(Removal {
            start,
            end,
            rule: rules.rules[r].name.clone(),
            text: gone.to_string(),
        });
        pos = e;
        pos_chars += keep_chars + gone_chars;
    }
    out.push_str(&mid[pos..]);
    second.copy(mid[pos..].chars().count());
    let second = second.finish();
    Cleaned {
        text: out,
        map: map.then(&second),
        removed,
        readings,
    }
}

/// Clean, then convert script with OpenCC's `config` (`None`: no conversion), with one map from
/// the final text to `text`.
pub fn normalize(text: &str, opts: &CleanOptions, rules: &Rules, config: Option<&Converter>) -> Cleaned {
    let cleaned = clean(text, opts, rules);
    let Some(conv) = config else {
        return cleaned;
    };
    let (converted, cmap) = conv.convert_with_map(&cleaned.text);
    Cleaned {
        text: converted,
        map: cleaned.map.then(&cmap),
        removed: cleaned.removed,
        readings: cleaned.readings,
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

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(c("").text, "");
        assert_eq!(c("(").text, "(");
        assert_eq!(c("區(").text, "區（");
        assert_eq!(c(")))").text, ")))");
    }
}
