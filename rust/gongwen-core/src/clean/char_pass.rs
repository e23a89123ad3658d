//! The character pass: pinyin readings, ASCII punctuation, full-width digits and letters, odd
//! spaces and line ends fixed in one pass over the text, with a map back to the input.

use super::chars::{full_width_punct, is_chinese, is_han, is_space, special, zero_width, MAY_BE_SPECIAL};
use super::readings::reading_len_str;
use super::CleanOptions;
use crate::offsets::OffsetMap;

/// The character pass: escapes left by scraping decoded first (`<U+00A0>`, `&nbsp;`; with
/// `boilerplate`, see [`super::markup`]), then readings, punctuation, widths, spaces, newlines.
/// The map is to `text`.
pub(super) fn char_pass(text: &str, opts: &CleanOptions) -> (String, OffsetMap, usize) {
    if opts.boilerplate {
        if let Some((decoded, first)) = super::markup::decode(text) {
            let (out, map, readings) = fixes(&decoded, opts);
            return (out, first.then(&map), readings);
        }
    }
    fixes(text, opts)
}

/// Readings, punctuation, widths, spaces, newlines. It reads `text` in place and writes the
/// cleaned text once: runs of characters that no rule touches (most of a text) are copied
/// whole.
fn fixes(text: &str, opts: &CleanOptions) -> (String, OffsetMap, usize) {
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
