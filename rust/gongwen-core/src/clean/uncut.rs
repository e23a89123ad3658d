//! The cleaned text before boilerplate is cut out of it ([`Uncut`]): the character pass's
//! output, the byte ranges that stay and the map back to the input; what was removed, as the
//! input had it (found through a [`ByteCursor`]); and the kept text moved left in place.

use super::char_pass::char_pass;
use super::join::{join_cuts, RULE as JOIN_RULE};
use super::{CleanOptions, Cleaned, Removal, Rules};
use crate::offsets::OffsetMap;

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
pub(super) struct Uncut {
    pub(super) mid: String,
    pub(super) kept: Vec<(usize, usize)>,
    pub(super) map: OffsetMap,
    pub(super) removed: Vec<Removal>,
    pub(super) readings: usize,
}

impl Uncut {
    /// The kept text, moved left in place (no second copy of the cleaned text).
    pub(super) fn into_cleaned(self) -> Cleaned {
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
            copies: 0,
        }
    }

    /// The kept pieces of the text.
    pub(super) fn pieces(&self) -> Vec<&str> {
        self.kept.iter().map(|&(s, e)| &self.mid[s..e]).collect()
    }
}

/// What a cut removes: the matches of a boilerplate rule, or a line break inside a sentence.
#[derive(Clone, Copy)]
enum Cut {
    Rule(usize),
    Join,
}

/// The character pass, then the boilerplate `rules` find and the line breaks inside sentences
/// (see [`super::join`]) in what the rules leave, without cutting them out yet.
pub(super) fn clean_uncut(text: &str, opts: &CleanOptions, rules: &Rules) -> Uncut {
    let (mid, map, readings) = char_pass(text, opts);
    let mut cuts: Vec<(usize, usize, Cut)> = if !opts.boilerplate || rules.is_empty() {
        Vec::new()
    } else {
        rules
            .matches(&mid)
            .into_iter()
            .map(|(s, e, r)| (s, e, Cut::Rule(r)))
            .collect()
    };
    if opts.joins && memchr::memchr(b'\n', mid.as_bytes()).is_some() {
        // The lines are those of the text the rules leave.
        let mut kept = Vec::with_capacity(cuts.len() + 1);
        let mut pos = 0;
        for &(s, e, _) in &cuts {
            kept.push((pos, s));
            pos = e;
        }
        kept.push((pos, mid.len()));
        let joins = join_cuts(&mid, &kept);
        if !joins.is_empty() {
            let rule_cuts = std::mem::take(&mut cuts);
            cuts = merge(rule_cuts, joins.into_iter().map(|(s, e)| (s, e, Cut::Join)).collect());
        }
    }
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
    for (s, e, cut) in cuts {
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
            rule: match cut {
                Cut::Rule(r) => rules.name(r).to_string(),
                Cut::Join => JOIN_RULE.to_string(),
            },
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

/// Two ordered lists of disjoint cuts, disjoint from each other, merged in order.
fn merge(a: Vec<(usize, usize, Cut)>, b: Vec<(usize, usize, Cut)>) -> Vec<(usize, usize, Cut)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 <= y.0 => a.next(),
            (Some(_), Some(_)) | (None, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
