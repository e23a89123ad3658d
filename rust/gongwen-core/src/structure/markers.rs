//! Heading markers (`第一部分`, `一、`, `(一)`, `1.`, `(1)`, `一是`, `①`, and `()` or `_.`
//! whose numeral was lost): their level, numeral and length, and a marker numbered one glued
//! right after a heading's clause.

use super::chars::{is_close, is_open, is_sentence_punct, is_space};
use super::cues::vocab;
use super::numerals::{arabic, cn_numeral, cn_value, digit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marker {
    pub(super) level: u8,
    pub(super) numeral: Option<u32>,
    pub(super) len: usize,
}

/// The heading marker at `s[i..]`, if any.
pub(super) fn parse_marker(s: &[char], i: usize) -> Option<Marker> {
    let c = *s.get(i)?;
    let at = |k: usize| s.get(k).copied();
    let mk = |level, numeral, len| Some(Marker { level, numeral, len });
    match c {
        '第' => {
            let (n, l) = cn_numeral(s, i + 1).or_else(|| arabic(s, i + 1))?;
            let j = i + 1 + l;
            match (at(j), at(j + 1)) {
                (Some('部'), Some('分')) => mk(0, Some(n), j + 2 - i),
                (Some('章' | '篇'), _) => mk(0, Some(n), j + 1 - i),
                (Some('，' | ',' | '、'), _) if cn_numeral(s, i + 1).is_some() => mk(5, Some(n), j + 1 - i),
                _ => None,
            }
        }
        // An appendix: `附件1 …`, `附件二：…`, `附件：`, `附录`, at the top level.
        '附' if matches!(at(i + 1), Some('件' | '录')) => {
            let mut j = i + 2;
            let numeral = match cn_numeral(s, j).or_else(|| arabic(s, j)) {
                Some((n, l)) => {
                    j += l;
                    Some(n)
                }
                None => None,
            };
            match at(j) {
                Some('：' | ':' | '、' | '.' | '．') => mk(0, numeral, j + 1 - i),
                None => mk(0, numeral, j - i),
                Some(c) if is_space(c) || numeral.is_some() => mk(0, numeral, j - i),
                _ => None,
            }
        }
        _ if is_open(c) => {
            let (level, numeral, j) = if let Some((n, l)) = cn_numeral(s, i + 1) {
                (2, Some(n), i + 1 + l)
            } else if let Some((n, l)) = arabic(s, i + 1) {
                (4, Some(n), i + 1 + l)
            } else {
                // `()主要工作完成情况`: the numeral was lost, the heading was not.
                let next = at(i + 2)?;
                if is_space(next) || is_sentence_punct(next) || is_close(next) || is_open(next) {
                    return None;
                }
                (2, None, i + 1)
            };
            if !at(j).is_some_and(is_close) {
                return None;
            }
            let len = j + 1 - i + usize::from(at(j + 1) == Some('、'));
            mk(level, numeral, len)
        }
        '⑴'..='⒇' => mk(4, Some(c as u32 - '⑴' as u32 + 1), 1),
        '①'..='⑳' => mk(5, Some(c as u32 - '①' as u32 + 1), 1),
        '_' | '＿' => {
            let n = s[i..].iter().take_while(|&&c| c == '_' || c == '＿').count();
            let ok = n <= 3
                && matches!(at(i + n), Some('、' | '.' | '．'))
                && at(i + n + 1).is_none_or(|c| digit(c).is_none());
            if ok {
                mk(3, None, n + 1)
            } else {
                None
            }
        }
        _ if cn_value(c).is_some() => {
            let (n, l) = cn_numeral(s, i)?;
            match at(i + l) {
                Some('、' | '．' | '.') => mk(1, Some(n), l + 1),
                Some('是') => mk(5, Some(n), l + 1),
                _ => None,
            }
        }
        _ if digit(c).is_some() => {
            let (n, l) = arabic(s, i)?;
            let decimal = at(i + l + 1).is_some_and(|c| digit(c).is_some());
            match at(i + l) {
                Some('、') => mk(3, Some(n), l + 1),
                Some('.' | '．') if !decimal => mk(3, Some(n), l + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A marker numbered one, deeper than `parent`, glued right after a heading's clause at `s[j]`.
pub(super) fn glued_child(s: &[char], j: usize, parent: u8) -> Option<Marker> {
    // Only these can start a marker numbered one.
    if !(matches!(s[j], '一' | '第' | '⑴' | '①' | '0' | '1' | '０' | '１') || is_open(s[j])) {
        return None;
    }
    let m = parse_marker(s, j)?;
    if m.level <= parent || m.numeral != Some(1) || j == 0 {
        return None;
    }
    let prev = s[j - 1];
    if m.level == 3 && (digit(prev).is_some() || matches!(prev, '.' | '．' | '第')) {
        return None;
    }
    // 统一是, 唯一是 ...: words ending in 一 (the table's `not-list` kind), not a list.
    let v = vocab();
    if s[j] == '一' && v.not_list.iter().any(|w| w[..] == [v.fold(prev), '一']) {
        return None;
    }
    Some(m)
}
