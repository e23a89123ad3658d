//! The conversion engine: greedy longest-match passes over characters (R3, R7, R11), maximum
//! forward matching into segments (R6), the normalisation passes and the chain applied to each
//! segment (R9, R10) with their maps, and conversion in chunks cut where no dictionary key can
//! span (for texts converted piece by piece after cleaning).

use std::borrow::Cow;

use super::dicts::Node;
use super::Converter;
use crate::charset::CharSet;
use crate::offsets::{OffsetMap, OffsetMapBuilder};

/// R7: operand count of an ideographic description character (0 for any other char).
#[inline]
fn ids_arity(c: char) -> u32 {
    match c as u32 {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// `set` and every ideographic description character (those [`ids_arity`] gives operands).
pub(super) fn with_ids(mut set: CharSet) -> CharSet {
    for c in 0x2FF0..=0x2FFF {
        set.insert(c);
    }
    set
}

/// The longest ideographic description sequence [`ids_len`] accepts, in characters.
const IDS_SPAN: usize = 64;

/// A character that no key of any dictionary contains (checked by a test over the dictionary
/// sources): a text can be cut after it and converted in pieces.
#[inline]
pub(crate) fn is_break(c: char) -> bool {
    match c {
        '\n' | ' ' | '0'..='9' | 'a'..='z' => true,
        '-' => false,
        c if c.is_ascii_punctuation() => true,
        '。' | '，' | '、' | '；' | '：' | '！' | '？' | '（' | '）' | '“' | '”' | '‘' | '’' | '《' | '》' => {
            true
        }
        _ => false,
    }
}

/// R7: length of the complete ideographic description sequence at the start of `s`, or 0.
fn ids_len(s: &[char]) -> usize {
    const MAX_DEPTH: u32 = 16;
    const MAX_NODES: u32 = IDS_SPAN as u32;
    fn consume(s: &[char], p: usize, depth_left: u32, nodes: &mut u32) -> Option<usize> {
        if p >= s.len() || depth_left == 0 || *nodes >= MAX_NODES {
            return None;
        }
        *nodes += 1;
        let mut q = p + 1;
        for _ in 0..ids_arity(s[p]) {
            q = consume(s, q, depth_left - 1, nodes)?;
        }
        Some(q)
    }
    if s.is_empty() || ids_arity(s[0]) == 0 {
        return 0;
    }
    consume(s, 0, MAX_DEPTH, &mut 0).unwrap_or(0)
}

/// Append `chars` to `out` in UTF-8, each character's bytes written straight into reserved
/// space as one four-byte store (four bytes a character are reserved, so there is always room;
/// the bytes past a shorter encoding are overwritten by the next character or left beyond the
/// length). `String::extend` and `String::push` go through the general encoder and a capacity
/// check per character, the largest cost of a converted chunk's output.
pub(crate) fn push_chars(out: &mut String, chars: &[char]) {
    out.reserve(4 * chars.len());
    // SAFETY: the bytes up to the new length are the complete UTF-8 encodings of `chars`, so
    // `out` stays valid UTF-8.
    let bytes = unsafe { out.as_mut_vec() };
    let len = bytes.len();
    let spare = &mut bytes.spare_capacity_mut()[..4 * chars.len()];
    let mut n = 0;
    for &c in chars {
        let u = c as u32;
        let (word, width) = if u < 0x80 {
            (u, 1)
        } else if u < 0x800 {
            (0xC0 | u >> 6 | (0x80 | (u & 0x3F)) << 8, 2)
        } else if u < 0x10000 {
            (
                0xE0 | u >> 12 | (0x80 | ((u >> 6) & 0x3F)) << 8 | (0x80 | (u & 0x3F)) << 16,
                3,
            )
        } else {
            let w = 0xF0 | u >> 18 | (0x80 | ((u >> 12) & 0x3F)) << 8 | (0x80 | ((u >> 6) & 0x3F)) << 16;
            (w | (0x80 | (u & 0x3F)) << 24, 4)
        };
        for (d, b) in spare[n..n + 4].iter_mut().zip(word.to_le_bytes()) {
            d.write(b);
        }
        n += width;
    }
    // SAFETY: the `n` bytes after `len` were written above and are within the capacity.
    unsafe { bytes.set_len(len + n) };
}

/// R2: one greedy longest-prefix conversion of `s` with `node`. `None` when nothing matched
/// (the output is `s` itself; most normalisation passes), so no copy is made then.
///
/// With `map`, the pieces mapping the output back to `s` are appended to it (copies for
/// unchanged runs and one-for-one substitutions, joint replacements for phrases).
pub(super) fn convert_chars(node: &Node, s: &[char], mut map: Option<&mut OffsetMapBuilder>) -> Option<Vec<char>> {
    let mut out: Vec<char> = Vec::new();
    let mut changed = false;
    // Characters from `run_start` on are not in `out` yet; from `map_start` on not in `map`.
    // A one-for-one substitution maps like a copy, so it does not end the map's run.
    let mut run_start = 0;
    let mut map_start = 0;
    let mut p = 0;
    while p < s.len() {
        let c = s[p];
        // Most characters start no key and no ideographic description sequence.
        if c < node.min_first || !node.start.may_contain(c) {
            p += 1;
            continue;
        }
        // A BMP character that starts no longer key: one table read decides ([`Node::lookup`]).
        if (c as u32) < 0x10000 && !node.multi.may_contain(c) {
            let id = node.single_bmp[c as usize];
            if id == 0 {
                p += ids_len(&s[p..]).max(1);
                continue;
            }
            if let Some(v) = node.single_chars[id as usize - 1] {
                if v != c {
                    if !changed {
                        changed = true;
                        out.reserve(s.len() + s.len() / 8);
                    }
                    out.extend_from_slice(&s[run_start..p]);
                    out.push(v);
                    run_start = p + 1;
                }
                // A character mapped to itself changes nothing.
                p += 1;
                continue;
            }
        }
        if let Some((n, value)) = node.lookup(c, &s[p..]) {
            if !changed {
                changed = true;
                out.reserve(s.len() + s.len() / 8);
            }
            out.extend_from_slice(&s[run_start..p]);
            let before = out.len();
            out.extend(value.chars());
            if let Some(m) = map.as_deref_mut() {
                m.copy(p - map_start);
                m.replace(n, out.len() - before);
            }
            p += n;
            run_start = p;
            map_start = p;
            continue;
        }
        p += ids_len(&s[p..]).max(1);
    }
    if let Some(m) = map {
        m.copy(s.len() - map_start);
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&s[run_start..]);
    Some(out)
}

impl Converter {
    /// R6: maximum forward matching: the matches and the unmatched runs between them.
    fn segments(&self, s: &[char]) -> Vec<(usize, usize)> {
        let Some(seg) = &self.segmentation else {
            return vec![(0, s.len())];
        };
        let mut segs = Vec::new();
        let (mut start, mut p) = (0, 0);
        while p < s.len() {
            let c = s[p];
            if c >= seg.min_first {
                if let Some((n, _)) = seg.lookup(c, &s[p..]) {
                    if p > start {
                        segs.push((start, p));
                    }
                    segs.push((p, p + n));
                    p += n;
                    start = p;
                    continue;
                }
            }
            p += ids_len(&s[p..]).max(1);
        }
        if p > start {
            segs.push((start, p));
        }
        segs
    }

    /// Convert `text`; with `track`, also the map from the output back to `text`, composed
    /// from one map per step (normalisation passes, then each step of the chain across all
    /// segments). The text comes back borrowed when no step changed it (a Simplified text
    /// through t2s, mostly), so callers can copy their own form of it instead.
    pub(super) fn run<'t>(&self, text: &'t [char], track: bool) -> (Cow<'t, [char]>, Option<OffsetMap>) {
        self.run_after_check(text, track, true)
    }

    /// [`Converter::run`]; `normalize` false tells that `text` holds no character in
    /// `norm_stop`, so no normalisation pass would change it and none is run.
    fn run_after_check<'t>(
        &self,
        text: &'t [char],
        track: bool,
        normalize: bool,
    ) -> (Cow<'t, [char]>, Option<OffsetMap>) {
        let mut cur: Cow<[char]> = Cow::Borrowed(text);
        let mut map: Option<OffsetMap> = track.then(|| OffsetMap::identity(text.len()));
        // R9: normalisation over the whole text.
        for node in self.normalization.iter().filter(|_| normalize) {
            let mut b = track.then(OffsetMap::builder);
            if let Some(out) = convert_chars(node, &cur, b.as_mut()) {
                cur = Cow::Owned(out);
                if let (Some(m), Some(b)) = (map.as_mut(), b) {
                    *m = m.then(&b.finish());
                }
            }
        }
        // R6 + R10: every segment through the whole chain on its own. The output is written
        // from the first segment that changes.
        let mut out: Option<Vec<char>> = None;
        let mut steps: Vec<OffsetMapBuilder> = if track {
            self.chain.iter().map(|_| OffsetMap::builder()).collect()
        } else {
            Vec::new()
        };
        for (s, e) in self.segments(&cur) {
            let mut seg: Cow<[char]> = Cow::Borrowed(&cur[s..e]);
            for (k, node) in self.chain.iter().enumerate() {
                if let Some(o) = convert_chars(node, &seg, steps.get_mut(k)) {
                    seg = Cow::Owned(o);
                }
            }
            match (&mut out, seg) {
                (Some(out), seg) => out.extend_from_slice(&seg),
                (None, Cow::Owned(seg)) => {
                    let mut o = Vec::with_capacity(cur.len() + cur.len() / 8);
                    o.extend_from_slice(&cur[..s]);
                    o.extend_from_slice(&seg);
                    out = Some(o);
                }
                (None, Cow::Borrowed(_)) => {}
            }
        }
        if let Some(m) = map.as_mut() {
            for b in steps {
                *m = m.then(&b.finish());
            }
        }
        (out.map_or(cur, Cow::Owned), map)
    }

    /// [`Converter::convert_with_map`] of `text` composed after `before` (a map from `text` to
    /// an earlier text): the converted text and the map from it to `before`'s source.
    ///
    /// `text` is converted `chunk` characters at a time (a chunk ends at the first safe cut
    /// after `chunk` characters), so no copy of the whole text as characters and no whole
    /// intermediate map is made; the result is identical to converting the whole text. A cut
    /// is safe after a character that no key of any OpenCC dictionary contains ([`is_break`]):
    /// every pass leaves it unchanged and no match can span it, so each pass's greedy scan
    /// restarts there exactly as it does in the whole text. Ideographic description sequences
    /// (R7) are skipped whole and may contain any character: there is no cut within
    /// [`IDS_SPAN`] characters after an ideographic description character. A text without
    /// safe cuts is converted whole.
    ///
    /// `text` is given as the pieces it is made of, in order.
    pub(crate) fn convert_after(&self, text: &[&str], before: &OffsetMap, chunk: usize) -> (String, OffsetMap) {
        let len: usize = text.iter().map(|p| p.len()).sum();
        // Room for the text, a little growth, and the four bytes a character that
        // `push_chars` reserves for the last chunk: the string is not moved as it fills.
        let mut out = String::with_capacity(len + len / 16 + 4 * chunk.min(len));
        let mut map = before.composer();
        let mut buf: Vec<char> = Vec::with_capacity(chunk.min(len) + 64);
        // The chunk in `buf` as slices of `text`: copied as they are when nothing changed.
        let mut parts: Vec<&str> = Vec::new();
        let mut offset = 0;
        // Whether the chunk in `buf` holds a character a normalisation pass stops at.
        let mut normalize = false;
        let mut flush = |buf: &mut Vec<char>, parts: &mut Vec<&str>, offset: &mut usize, normalize: &mut bool| {
            let (o, m) = self.run_after_check(buf, true, *normalize);
            *normalize = false;
            match o {
                Cow::Borrowed(_) => parts.iter().for_each(|p| out.push_str(p)),
                Cow::Owned(o) => push_chars(&mut out, &o),
            }
            for p in m.expect("tracked").pieces() {
                map.push(p, *offset);
            }
            *offset += buf.len();
            buf.clear();
            parts.clear();
        };
        // Characters since the last ideographic description character.
        let mut since_ids = IDS_SPAN + 1;
        for piece in text {
            let mut from = 0;
            for (i, c) in piece.char_indices() {
                buf.push(c);
                since_ids = since_ids.saturating_add(1);
                // Ideographic description characters are among the stops.
                if c >= self.norm_min && self.norm_stop.may_contain(c) {
                    normalize = true;
                    if ids_arity(c) > 0 {
                        since_ids = 0;
                    }
                }
                if buf.len() >= chunk && since_ids > IDS_SPAN && is_break(c) {
                    let end = i + c.len_utf8();
                    parts.push(&piece[from..end]);
                    from = end;
                    flush(&mut buf, &mut parts, &mut offset, &mut normalize);
                }
            }
            if from < piece.len() {
                parts.push(&piece[from..]);
            }
        }
        if !buf.is_empty() || offset == 0 {
            flush(&mut buf, &mut parts, &mut offset, &mut normalize);
        }
        (out, map.finish())
    }
}
