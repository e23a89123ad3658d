//! Title lines: lines made only of years and cue words (part headings), document and
//! compilation titles by their final genre word, and a title glued to its body.

use super::chars::{is_close, is_open, is_sentence_punct, is_space};
use super::cues::{Cue, Kind, Vocab};
use super::numerals::{cn_digit, digit};
use super::{Stance, GLUE_WINDOW};

/// Whether `f` (folded) is only years, cue words, genres and generic words (`2023年工作思路`,
/// `主要情况`), with nothing that names a subject (`宣传工作情况汇报`).
pub(super) fn vocab_only(v: &Vocab, f: &[char]) -> bool {
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        if is_space(c) || matches!(c, '“' | '”' | '"' | '、' | '—' | '-' | '《' | '》') {
            i += 1;
            continue;
        }
        let numeral =
            |c: char| digit(c).is_some() || cn_digit(c).is_some() || matches!(c, 'x' | 'X' | '_' | '＿' | '十');
        if numeral(c) {
            let n = f[i..].iter().take_while(|&&c| numeral(c)).count();
            // A year (2025年), or a plan period in quotes (“十四五”时期).
            if f.get(i + n) == Some(&'年') || matches!(f.get(i + n), Some('”' | '"' | '’')) {
                i += n;
                continue;
            }
            // 一年来: a cue word that starts with a numeral.
        }
        let Some((len, _)) = v
            .at(f, i)
            .find(|(_, k)| !matches!(k, Kind::Closing | Kind::About | Kind::Collection))
        else {
            return false;
        };
        i += len;
    }
    true
}

/// The stance of a line made only of cue and generic words, if it has one strong cue: a part
/// heading such as `2023年工作思路`. `Some(Unknown)` when its strong cues are mixed.
pub(super) fn bare_stance(v: &Vocab, f: &[char]) -> Option<Stance> {
    if !vocab_only(v, f) {
        return None;
    }
    match Cue::of(v, f, 0, true).resolve(None) {
        (s, strength) if strength >= 2 => Some(s),
        _ => None,
    }
}

/// `Some(true)` for a compilation title, `Some(false)` for a document title.
pub(super) fn title_kind(v: &Vocab, f: &[char]) -> Option<bool> {
    let mut end = f.len();
    let mut collection = false;
    loop {
        while end > 0 && is_space(f[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let last = f[end - 1];
        if is_close(last) || last == '】' {
            let open = (0..end - 1).rev().find(|&k| is_open(f[k]) || f[k] == '【')?;
            let inner = &f[open + 1..end - 1];
            if inner.last() == Some(&'篇') && inner[..inner.len() - 1].iter().all(|&c| digit(c).is_some()) {
                collection = true;
            }
            end = open;
            continue;
        }
        if let Some(n) = v.ends_with(&f[..end], &v.decoration) {
            end -= n;
            continue;
        }
        break;
    }
    if collection || v.ends_with(&f[..end], &v.collection).is_some() {
        return Some(true);
    }
    (end >= 4 && v.ends_with(&f[..end], &v.genre).is_some()).then_some(false)
}

/// `关于宣传工作情况汇报我镇宣传工作在…`: the length of the title glued to the body.
pub(super) fn glued_title(v: &Vocab, f: &[char], full: usize) -> Option<usize> {
    let about = v.at(f, 0).find(|(_, k)| *k == Kind::About)?.0;
    let limit = f.len().min(GLUE_WINDOW);
    let genre_at = |i: usize| v.at(f, i).find(|(_, k)| *k == Kind::Genre).map(|(n, _)| n);
    let mut i = about;
    while i < limit {
        if is_sentence_punct(f[i]) || is_open(f[i]) {
            return None;
        }
        if let Some(n) = genre_at(i) {
            let mut e = i + n;
            while let Some(n2) = genre_at(e) {
                e += n2;
            }
            let next = *f.get(e)?;
            // 的通知要求, 通知精神, 规定, 部署, 以后 ...: the sentence goes on (the `goes-on` kind).
            let stop = is_sentence_punct(next) || is_space(next) || v.goes_on.contains(&next);
            if !stop && full - e >= 8 {
                return Some(e);
            }
        }
        i += 1;
    }
    None
}
