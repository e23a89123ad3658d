//! The headings of a line: the chain of markers at its start (`一、工作总结(一)围绕…`), each
//! with its clause, its cues, and whether the line is only a heading.

use super::chars::{is_closing_mark, is_edge_punct, is_terminator};
use super::cues::{Cue, Vocab};
use super::markers::{glued_child, parse_marker};
use super::prefix::{Prefix, MARKER_READ};
use super::{MAX_HEADING_ONLY, MAX_HEADING_ONLY_NOTERM, MAX_HEADING_TEXT};

/// A heading as parsed from a line, positions relative to the line's first non-blank character.
#[derive(Debug, Clone)]
pub(super) struct RawHead<'t> {
    pub(super) level: u8,
    pub(super) numeral: Option<u32>,
    pub(super) marker_at: usize,
    pub(super) marker: &'t str,
    pub(super) text: &'t str,
    pub(super) text_at: usize,
    /// The cues of its text.
    pub(super) cue: Cue,
}

impl<'t> RawHead<'t> {
    /// The heading of a part of a compilation (`2021年工作总结`): level 0, no marker, at the
    /// start of its line. `folded` is `text` folded.
    pub(super) fn part(v: &Vocab, text: &'t str, folded: &[char]) -> RawHead<'t> {
        RawHead {
            level: 0,
            numeral: None,
            marker_at: 0,
            marker: "",
            text,
            text_at: 0,
            cue: Cue::of(v, folded, 0, true),
        }
    }
}

fn trim_text(s: &[char]) -> (usize, usize) {
    let mut a = 0;
    let mut b = s.len();
    while a < b && is_edge_punct(s[a]) {
        a += 1;
    }
    while b > a && is_edge_punct(s[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// Parse the chain of headings starting at character `i` of `p` (a marker).
pub(super) fn parse_chain<'t>(v: &Vocab, p: &mut Prefix<'t>, mut i: usize, heads: &mut Vec<RawHead<'t>>) -> bool {
    let (len, whole) = (p.len, p.len == p.full);
    loop {
        p.decode(i + MARKER_READ);
        let Some(m) = parse_marker(&p.chars, i) else { break };
        if heads.last().is_some_and(|h| h.level >= m.level) || heads.len() >= 6 {
            break;
        }
        let start = i + m.len;
        let window = (start + MAX_HEADING_TEXT).min(len);
        let mut j = start;
        let mut child = None;
        let mut term = None;
        while j < window {
            // The clause is read up to its end, and a marker glued there.
            p.decode(j + MARKER_READ);
            let s = &p.chars;
            if is_terminator(s[j]) {
                term = Some(j);
                break;
            }
            if j > start {
                if let Some(c) = glued_child(s, j, m.level) {
                    child = Some(c);
                    break;
                }
            }
            j += 1;
        }
        let (end, heading_only) = match (child, term) {
            (Some(_), _) => (j, false),
            // Only a short clause makes a heading line: only then is the rest read.
            (None, Some(t)) => (
                t,
                t - start <= MAX_HEADING_ONLY && whole && p.rest_all(t + 1, is_closing_mark),
            ),
            (None, None) if whole && window == len => (len, len - start <= MAX_HEADING_ONLY_NOTERM),
            (None, None) => {
                // A long clause without a stop: keep it up to its first comma.
                let comma = p.chars[start..window].iter().position(|&c| matches!(c, '，' | ','));
                (comma.map_or(window, |p| start + p), false)
            }
        };
        let (a, b) = trim_text(&p.chars[start..end]);
        // The heading's text is complete: a heading line, or a heading a glued child follows.
        let standalone = child.is_some() || heading_only;
        let cue = if Cue::possible(m.level, standalone) {
            p.fold(v, start + b);
            Cue::of(v, &p.folded[start + a..start + b], m.level, standalone)
        } else {
            Cue::default()
        };
        heads.push(RawHead {
            level: m.level,
            numeral: m.numeral,
            marker_at: i,
            marker: p.slice(i, i + m.len),
            text: p.slice(start + a, start + b),
            text_at: start + a,
            cue,
        });
        if child.is_none() {
            return heading_only;
        }
        i = j;
    }
    false
}
