//! Offset maps: from positions in a derived text (cleaned, converted) back to the text it came
//! from, so that every later stage can report positions in the user's original document.
//!
//! Positions are character indices (Python `str` indices). A map is a run-length list of
//! pieces: a *copy* piece maps `n` output characters one to one onto `n` source characters; a
//! *replace* piece (a group) maps `m` output characters jointly onto a span of `k` source
//! characters (`記憶體` -> `内存`: each of the two output characters comes from the whole
//! three-character span). `m = 0` is a deletion, `k = 0` an insertion. Maps compose, so
//! cleaning and conversion give one map to the original.
//!
//! # Invariants
//!
//! Every map built here (by [`OffsetMapBuilder`], by [`OffsetMap::then`], by the conversion and
//! cleaning passes) satisfies, and [`OffsetMap::check`] asserts:
//!
//! - the pieces *tile both texts*: in order, each starts in the output where the previous one
//!   ended and in the source where the previous one ended; the first starts at 0 in both and
//!   the last ends at the output length and at the source length. Source characters that no
//!   output character comes from are deletion pieces (also at the start and at the end);
//! - no piece is empty, and a copy piece has equal lengths. A group of equal lengths that a
//!   step reports ([`OffsetMapBuilder::replace`]: an OpenCC phrase such as `乾盛世` -> `乾盛世`
//!   or `藉口` -> `借口`, a full-width `５` -> `5`) maps character by character, as a copy, so
//!   a token boundary inside it stays a boundary in the source. Only composition makes groups
//!   of equal lengths, when it merges pieces whose characters no longer correspond (below);
//! - consequently [`OffsetMap::source_span`] is monotone: both ends of the span of output
//!   character `i + 1` are at or after those of character `i`, and two characters have
//!   overlapping spans only when they are in the same group, where the spans are equal.
//!
//! When composition would give a piece whose source starts before the end of the pieces
//! already built (a later step that cuts an earlier group, or groups a run that an earlier
//! step grouped differently), the overlapping pieces merge with it into one group; a copy
//! piece that is only partly overlapped keeps its one-to-one part. Composition never narrows a
//! span: output character `i` of `a.then(&b)` maps to a span that contains
//! `a.source_range(b.source_span(i))`.
//!
//! # Size limit
//!
//! A map stores each piece in 16 bytes (four `u32`), so positions must fit in 32 bits: a text
//! of more than [`MAX_CHARS`] characters (4 Gi characters, 12 GB and more of UTF-8 text)
//! cannot be mapped, and the builder panics on one rather than wrap (the Python binding turns
//! the panic into a `GongwenError`). Callers that build maps of whole documents
//! (`pipeline::Pipeline::process_text` through `clean::normalize`) inherit the limit.
//!
//! Spans of several output characters (tokens, sections, indicators) map with
//! [`OffsetMap::map_spans`] or a [`SpanMerger`], which keep them ordered and disjoint in the
//! source: spans that share a group of unequal lengths (a boundary inside `記憶體` -> `内存`)
//! merge into one span over the group, since the group cannot be cut in the source.
//!
//! ```
//! use gongwen_core::offsets::OffsetMap;
//!
//! // "ab記憶體c" -> "ab内存c"
//! let mut m = OffsetMap::builder();
//! m.copy(2);
//! m.replace(3, 2);
//! m.copy(1);
//! let m = m.finish();
//! assert_eq!(m.source_span(0), (0, 1));
//! assert_eq!(m.source_span(2), (2, 5)); // 内 <- 記憶體
//! assert_eq!(m.source_span(4), (5, 6)); // c
//! assert_eq!(m.source_range(2, 4), (2, 5));
//! // Tokens "ab", "内", "存c": the two that share 記憶體 become one span of the source.
//! assert_eq!(m.map_spans([(0, 2), (2, 3), (3, 5)]), [(0, 2), (2, 6)]);
//! ```

/// The most characters an output or a source text of an [`OffsetMap`] may have
/// (`u32::MAX - 1`; see the module's size limit).
pub const MAX_CHARS: usize = u32::MAX as usize - 1;

/// One run of the map, by value: the map stores runs packed (see [`OffsetMap::pieces`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// First output character of the piece.
    pub out_start: usize,
    /// Number of output characters.
    pub out_len: usize,
    /// First source character of the piece.
    pub src_start: usize,
    /// Number of source characters.
    pub src_len: usize,
    /// `out_len == src_len` and character `i` comes from source character `i` alone.
    pub copy: bool,
}

impl Piece {
    fn src_end(&self) -> usize {
        self.src_start + self.src_len
    }

    fn out_end(&self) -> usize {
        self.out_start + self.out_len
    }
}

/// A [`Piece`] as the map stores it, in 16 bytes: a copy has `src_len == COPY` (its source
/// length is its output length). Every position and length is at most [`MAX_CHARS`], so no
/// group's source length is `COPY` and no sum of a start and a length overflows.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Packed {
    out_start: u32,
    out_len: u32,
    src_start: u32,
    src_len: u32,
}

/// `Packed::src_len` of a copy piece.
const COPY: u32 = u32::MAX;

impl Packed {
    /// The packed piece; its positions are at most [`MAX_CHARS`] (the builder asserts the
    /// lengths of the texts, which bound them).
    fn pack(p: Piece) -> Self {
        debug_assert!(
            p.out_start + p.out_len <= MAX_CHARS && p.src_start + p.src_len <= MAX_CHARS,
            "{p:?} past the size limit"
        );
        debug_assert!(!p.copy || p.out_len == p.src_len);
        Packed {
            out_start: p.out_start as u32,
            out_len: p.out_len as u32,
            src_start: p.src_start as u32,
            src_len: if p.copy { COPY } else { p.src_len as u32 },
        }
    }

    fn get(self) -> Piece {
        let copy = self.src_len == COPY;
        Piece {
            out_start: self.out_start as usize,
            out_len: self.out_len as usize,
            src_start: self.src_start as usize,
            src_len: if copy { self.out_len } else { self.src_len } as usize,
            copy,
        }
    }

    fn out_start(self) -> usize {
        self.out_start as usize
    }

    fn out_end(self) -> usize {
        self.out_start as usize + self.out_len as usize
    }

    /// The source span of output character `i` of this piece.
    fn span(self, i: usize) -> (usize, usize) {
        let s = self.src_start as usize;
        if self.src_len == COPY {
            let s = s + (i - self.out_start as usize);
            (s, s + 1)
        } else {
            (s, s + self.src_len as usize)
        }
    }
}

/// A map from output character positions to source character spans.
///
/// Both texts have at most [`MAX_CHARS`] characters (the pieces are stored in 16 bytes each:
/// see the module's size limit).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    pieces: Vec<Packed>,
    out_len: usize,
    src_len: usize,
}

impl std::fmt::Debug for OffsetMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffsetMap")
            .field("pieces", &self.pieces().collect::<Vec<_>>())
            .field("out_len", &self.out_len)
            .field("src_len", &self.src_len)
            .finish()
    }
}

/// Builds an [`OffsetMap`] left to right.
///
/// # Panics
/// When the output or the source grows past [`MAX_CHARS`] characters.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    map: OffsetMap,
}

impl OffsetMapBuilder {
    /// `n` characters copied unchanged.
    pub fn copy(&mut self, n: usize) {
        let at = self.map.src_len;
        self.copy_at(n, at);
    }

    /// `src` source characters became `out` output characters (either may be 0). Equal
    /// lengths map character by character, as a copy (see the module's invariants).
    pub fn replace(&mut self, src: usize, out: usize) {
        let at = self.map.src_len;
        self.push_at(at, src, out, src == out);
    }

    /// `n` output characters copied one to one from source characters `src_start..`.
    fn copy_at(&mut self, n: usize, src_start: usize) {
        self.push_at(src_start, n, n, true);
    }

    /// `out` output characters that jointly come from source characters
    /// `src_start..src_start + src`, as a group whatever the lengths (composition: a part of
    /// an earlier group, or a later group over earlier pieces).
    fn replace_at(&mut self, src: usize, out: usize, src_start: usize) {
        self.push_at(src_start, src, out, false);
    }

    /// The next `out` output characters come from source characters `src_start..+src`,
    /// character by character when `copy` (then `src == out`). A source start after the end
    /// of the map so far leaves a gap, which becomes a deletion; one before it (composition)
    /// overlaps pieces already built, which merge with this one into a group.
    fn push_at(&mut self, src_start: usize, src: usize, out: usize, copy: bool) {
        debug_assert!(!copy || src == out);
        if src == 0 && out == 0 {
            // Nothing to map; a gap it would leave is filled by the next piece or `finish`.
            return;
        }
        let end = self.map.src_len;
        if src_start > end {
            self.append(src_start - end, 0, false);
        } else if src_start < end {
            return self.merge(src_start, src, out);
        }
        self.append(src, out, copy);
    }

    /// Append a piece at the end of the map, joined to the last piece when both are copies or
    /// both deletions. A group of one character each way is a copy.
    fn append(&mut self, src: usize, out: usize, copy: bool) {
        let m = &mut self.map;
        let copy = copy || (src == 1 && out == 1);
        let (out_len, src_len) = (m.out_len.saturating_add(out), m.src_len.saturating_add(src));
        assert!(
            out_len <= MAX_CHARS && src_len <= MAX_CHARS,
            "text too long for an offset map: {} output and {} source characters, at most {MAX_CHARS}",
            out_len,
            src_len
        );
        match m.pieces.last_mut() {
            Some(last) if (copy && last.src_len == COPY) || (out == 0 && last.out_len == 0) => {
                let mut p = last.get();
                p.out_len += out;
                p.src_len += src;
                *last = Packed::pack(p);
            }
            _ => m.pieces.push(Packed::pack(Piece {
                out_start: m.out_len,
                out_len: out,
                src_start: m.src_len,
                src_len: src,
                copy,
            })),
        }
        m.out_len = out_len;
        m.src_len = src_len;
    }

    /// A piece whose source starts at `src_start`, before the end of the map: it and every
    /// piece it overlaps become one group (a copy piece that starts before `src_start` keeps
    /// that part). Each piece is taken into a group at most once, so building stays linear.
    fn merge(&mut self, src_start: usize, src: usize, out: usize) {
        let m = &mut self.map;
        let src_end = (src_start + src).max(m.src_len);
        let out_end = m.out_len + out;
        let mut g_src = src_start;
        let mut g_out = m.out_len;
        while let Some(packed) = m.pieces.last_mut() {
            let mut last = packed.get();
            // An insertion at `g_src` stays before the group; one after it is overlapped.
            if last.src_end() <= g_src {
                break;
            }
            if last.copy && last.src_start < g_src {
                let keep = g_src - last.src_start;
                last.src_len = keep;
                last.out_len = keep;
                *packed = Packed::pack(last);
                g_out = last.out_end();
                break;
            }
            g_src = g_src.min(last.src_start);
            g_out = last.out_start;
            m.pieces.pop();
        }
        // The map now ends at the start of the group.
        m.out_len = g_out;
        m.src_len = g_src;
        self.append(src_end - g_src, out_end - g_out, false);
    }

    /// The finished map.
    pub fn finish(self) -> OffsetMap {
        self.map
    }

    /// The finished map of a source of `src_len` characters: the source after the last piece
    /// is deleted.
    fn finish_source(mut self, src_len: usize) -> OffsetMap {
        let end = self.map.src_len;
        debug_assert!(end <= src_len, "pieces past the source ({end} > {src_len})");
        if src_len > end {
            self.append(src_len - end, 0, false);
        }
        self.map
    }
}

impl OffsetMap {
    /// A map to fill in with [`OffsetMapBuilder::copy`] and [`OffsetMapBuilder::replace`].
    pub fn builder() -> OffsetMapBuilder {
        OffsetMapBuilder::default()
    }

    /// The identity map of a text of `n` characters.
    pub fn identity(n: usize) -> Self {
        let mut b = Self::builder();
        b.copy(n);
        b.finish()
    }

    /// Length of the output text, in characters.
    pub fn output_len(&self) -> usize {
        self.out_len
    }

    /// Length of the source text, in characters.
    pub fn source_len(&self) -> usize {
        self.src_len
    }

    /// The runs of the map, in order, by value (they are stored packed).
    pub fn pieces(&self) -> impl ExactSizeIterator<Item = Piece> + DoubleEndedIterator + Clone + '_ {
        self.pieces.iter().map(|p| p.get())
    }

    /// Bytes of heap the map holds (its pieces, 16 bytes each).
    pub fn heap_size(&self) -> usize {
        self.pieces.capacity() * std::mem::size_of::<Packed>()
    }

    /// Run `k` of the map.
    ///
    /// # Panics
    /// If `k >= self.pieces().len()`.
    pub fn piece(&self, k: usize) -> Piece {
        self.pieces[k].get()
    }

    /// Index of the piece holding output character `i`, searching forward from `hint` when it
    /// is at or before that piece (composition walks positions in order), else by bisection.
    fn piece_index(&self, i: usize, hint: usize) -> usize {
        let ends_before = |p: &Packed| p.out_end() <= i;
        let mut idx = if hint < self.pieces.len() && self.pieces[hint].out_start() <= i {
            let mut k = hint;
            // A few steps forward, then give up and bisect.
            let stop = (hint + 8).min(self.pieces.len());
            while k < stop && ends_before(&self.pieces[k]) {
                k += 1;
            }
            if k < self.pieces.len() && ends_before(&self.pieces[k]) {
                self.pieces.partition_point(ends_before)
            } else {
                k
            }
        } else {
            self.pieces.partition_point(ends_before)
        };
        // Skip deletions (out_len 0) that sit at the same output position.
        while self.pieces[idx].out_len == 0 {
            idx += 1;
        }
        idx
    }

    /// The source span `[start, end)` that output character `i` comes from.
    ///
    /// # Panics
    /// If `i >= self.output_len()`.
    pub fn source_span(&self, i: usize) -> (usize, usize) {
        assert!(
            i < self.out_len,
            "position {i} outside the output ({} chars)",
            self.out_len
        );
        self.pieces[self.piece_index(i, 0)].span(i)
    }

    /// The source span covering output characters `[start, end)`; for an empty range, the
    /// empty source span at the corresponding boundary.
    pub fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        assert!(
            start <= end && end <= self.out_len,
            "range {start}..{end} outside the output"
        );
        if start == end {
            let b = self.source_boundary(start);
            return (b, b);
        }
        (self.source_span(start).0, self.source_span(end - 1).1)
    }

    /// The source position of the boundary before output character `pos` (`pos` may be the
    /// output length: the end of the source).
    pub fn source_boundary(&self, pos: usize) -> usize {
        if pos >= self.out_len {
            return self.src_len;
        }
        self.source_span(pos).0
    }

    /// `self` maps `mid -> src`, `later` maps `out -> mid`: the map `out -> src`.
    pub fn then(&self, later: &OffsetMap) -> OffsetMap {
        assert_eq!(later.src_len, self.out_len, "maps do not chain: lengths differ");
        let mut c = self.composer();
        for p in later.pieces() {
            c.push(p, 0);
        }
        c.finish()
    }

    /// [`OffsetMap::then`] with the later map given a piece at a time, so that it need not
    /// exist whole (a text converted in chunks).
    pub(crate) fn composer(&self) -> Composer<'_> {
        Composer {
            first: self,
            b: OffsetMap::builder(),
            hint: 0,
        }
    }

    /// The source spans of ordered, disjoint output spans `[start, end)` (tokens, sections),
    /// ordered and disjoint in the source: spans that share a group of unequal lengths merge
    /// into one (see [`SpanMerger`]), so the result may be shorter than the input.
    ///
    /// # Panics
    /// If a span is out of order, overlaps the previous one or ends past the output.
    pub fn map_spans(&self, spans: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
        let mut merger = SpanMerger::new(self);
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (s, e) in spans {
            let (span, joined) = merger.push(s, e);
            match out.last_mut() {
                Some(last) if joined => *last = span,
                _ => out.push(span),
            }
        }
        out
    }

    /// Panics unless the map satisfies the invariants of the module documentation (pieces
    /// tile the output and the source, none is empty, copies have equal lengths). For tests
    /// and debug assertions; linear in the number of pieces.
    pub fn check(&self) {
        let (mut out, mut src) = (0, 0);
        for (i, p) in self.pieces().enumerate() {
            assert!(
                p.out_start == out && p.src_start == src,
                "piece {i} {p:?} does not start where piece {} ended (out {out}, source {src})",
                i as isize - 1
            );
            assert!(p.out_len + p.src_len > 0, "piece {i} {p:?} is empty");
            assert!(
                !p.copy || p.out_len == p.src_len,
                "piece {i} {p:?}: a copy of unequal lengths"
            );
            out += p.out_len;
            src += p.src_len;
        }
        assert_eq!(
            (out, src),
            (self.out_len, self.src_len),
            "pieces do not cover both texts"
        );
    }
}

/// Maps ordered, disjoint output spans to ordered, disjoint source spans, one at a time.
///
/// Each span maps to the source span from its first character's source start to its last
/// character's source end ([`OffsetMap::source_range`]). Because source spans are monotone
/// (see the module's invariants), a span can only overlap the one before it, and only when a
/// group of unequal lengths holds the boundary between them (`記憶體` -> `内存` cut between `内`
/// and `存`): it then joins that span, which grows to cover both. A span whose source is empty
/// (a run of inserted characters) joins the previous span too, and an empty first span is
/// joined by the next, so no span of the result is empty unless every input span is.
#[derive(Debug)]
pub struct SpanMerger<'a> {
    map: &'a OffsetMap,
    hint: usize,
    /// The output end of the last span pushed, and the source span of its run.
    out_end: usize,
    last: Option<(usize, usize)>,
}

impl<'a> SpanMerger<'a> {
    /// A merger over `map`'s output.
    pub fn new(map: &'a OffsetMap) -> Self {
        SpanMerger {
            map,
            hint: 0,
            out_end: 0,
            last: None,
        }
    }

    /// Source start and end of output character `i`, looked up from the last piece found.
    fn span(&mut self, i: usize) -> (usize, usize) {
        self.hint = self.map.piece_index(i, self.hint);
        self.map.pieces[self.hint].span(i)
    }

    /// The next output span `[start, end)`: the source span of the run it now belongs to, and
    /// whether it joined the run of the previous span (whose source span this replaces)
    /// instead of starting a new one.
    ///
    /// # Panics
    /// If the span starts before the end of the previous one or ends past the output.
    pub fn push(&mut self, start: usize, end: usize) -> ((usize, usize), bool) {
        assert!(
            self.out_end <= start && start <= end && end <= self.map.out_len,
            "span {start}..{end} out of order or outside the output ({} chars, previous end {})",
            self.map.out_len,
            self.out_end
        );
        self.out_end = end;
        let (s, e) = if start == end {
            let b = self.map.source_boundary(start);
            (b, b)
        } else {
            (self.span(start).0, self.span(end - 1).1)
        };
        match self.last {
            Some((ls, le)) if s < le || s == e || ls == le => {
                let run = (ls.min(s), le.max(e));
                self.last = Some(run);
                (run, true)
            }
            _ => {
                self.last = Some((s, e));
                ((s, e), false)
            }
        }
    }
}

/// Composes an [`OffsetMap`] (`mid -> src`) with a later map (`out -> mid`) fed piece by piece
/// in output order.
pub(crate) struct Composer<'a> {
    first: &'a OffsetMap,
    b: OffsetMapBuilder,
    hint: usize,
}

impl Composer<'_> {
    /// The next piece of the later map, whose source positions are `offset` characters into
    /// the middle text (the start of the chunk it was made from).
    pub(crate) fn push(&mut self, p: Piece, offset: usize) {
        let first = self.first;
        let b = &mut self.b;
        let src_start = p.src_start + offset;
        if p.copy {
            // Walk the piece's mid range through first's pieces, keeping copies as copies.
            let (mut mid, end) = (src_start, src_start + p.src_len);
            while mid < end {
                self.hint = first.piece_index(mid, self.hint);
                let q = first.pieces[self.hint].get();
                let take = (q.out_start + q.out_len).min(end) - mid;
                if q.copy {
                    b.copy_at(take, q.src_start + (mid - q.out_start));
                } else {
                    b.replace_at(q.src_len, take, q.src_start);
                }
                mid += take;
            }
        } else if p.src_len == 0 {
            let s = first.source_boundary(src_start);
            b.replace_at(0, p.out_len, s);
        } else {
            // `first.source_range`, with the piece lookups started from the hint: pieces come
            // in output order, so their middle positions mostly move forward.
            let span = |hint: &mut usize, i: usize| {
                *hint = first.piece_index(i, *hint);
                first.pieces[*hint].span(i)
            };
            let (s, _) = span(&mut self.hint, src_start);
            let (_, e) = span(&mut self.hint, src_start + p.src_len - 1);
            b.replace_at(e - s, p.out_len, s);
        }
    }

    /// The composed map (the source after its last piece is a deletion).
    pub(crate) fn finish(self) -> OffsetMap {
        let map = self.b.finish_source(self.first.src_len);
        #[cfg(debug_assertions)]
        map.check();
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    fn spans(m: &OffsetMap) -> Vec<(usize, usize)> {
        (0..m.output_len()).map(|i| m.source_span(i)).collect()
    }

    fn pieces(m: &OffsetMap) -> Vec<(usize, usize, usize, usize, bool)> {
        m.pieces()
            .map(|p| (p.out_start, p.out_len, p.src_start, p.src_len, p.copy))
            .collect()
    }

    fn build(steps: &[(usize, usize)]) -> OffsetMap {
        let mut b = OffsetMap::builder();
        for &(src, out) in steps {
            b.replace(src, out);
        }
        let m = b.finish();
        m.check();
        m
    }

    #[test]
    fn copy_and_replace() {
        let mut b = OffsetMap::builder();
        b.copy(1);
        b.replace(2, 0); // deletion
        b.replace(0, 1); // insertion
        b.copy(2);
        let m = b.finish();
        m.check();
        assert_eq!(m.output_len(), 4);
        assert_eq!(m.source_len(), 5);
        assert_eq!(spans(&m), [(0, 1), (3, 3), (3, 4), (4, 5)]);
    }

    #[test]
    fn equal_lengths_map_character_by_character() {
        // t2s 乾盛世 -> 乾盛世, 藉口 -> 借口: one copy with the text around them.
        let m = build(&[(1, 1), (3, 3), (2, 2), (1, 1)]);
        assert_eq!(pieces(&m), [(0, 7, 0, 7, true)]);
        assert_eq!(spans(&m)[2], (2, 3));
        // Unequal groups stay groups; neighbouring deletions join.
        let m = build(&[(3, 2), (1, 0), (2, 0), (0, 1)]);
        assert_eq!(
            pieces(&m),
            [(0, 2, 0, 3, false), (2, 0, 3, 3, false), (2, 1, 6, 0, false)]
        );
    }

    #[test]
    fn composition_follows_both_maps() {
        // src "a(qū)區b" -> mid "a區b" (cleaning deletes a reading) -> out "a区b" (conversion)
        let clean = build(&[(1, 1), (4, 0), (2, 2)]);
        let m = clean.then(&OffsetMap::identity(3));
        assert_eq!(spans(&m), [(0, 1), (5, 6), (6, 7)]);
        assert_eq!(
            pieces(&m),
            [(0, 1, 0, 1, true), (1, 0, 1, 4, false), (1, 2, 5, 2, true)]
        );

        // src "記憶 體x" -> mid "記憶體x" -> out "内存x": the deleted space joins the group.
        let clean = build(&[(2, 2), (1, 0), (2, 2)]);
        let conv = build(&[(3, 2), (1, 1)]);
        let m = clean.then(&conv);
        assert_eq!(spans(&m), [(0, 4), (0, 4), (4, 5)]);
        assert_eq!(pieces(&m), [(0, 2, 0, 4, false), (2, 1, 4, 1, true)]);
    }

    #[test]
    fn composition_keeps_deletions_of_the_first_map() {
        // normalize("\u200d一"): the zero-width joiner is deleted, then the text converted.
        let clean = build(&[(1, 0), (1, 1)]);
        let m = clean.then(&OffsetMap::identity(1));
        assert_eq!(pieces(&m), [(0, 0, 0, 1, false), (0, 1, 1, 1, true)]);
        // At the end too, and in the middle of a copy of the later map.
        let clean = build(&[(2, 2), (2, 0), (1, 1), (3, 0)]);
        let m = clean.then(&OffsetMap::identity(3));
        assert_eq!(
            pieces(&m),
            [
                (0, 2, 0, 2, true),
                (2, 0, 2, 2, false),
                (2, 1, 4, 1, true),
                (3, 0, 5, 3, false)
            ]
        );
        assert_eq!(m.source_len(), 8);
    }

    #[test]
    fn composition_merges_pieces_that_overlap_in_the_source() {
        // A later step cuts an earlier group: s2twp 光二极管 gave two pieces over source 0..4.
        let first = build(&[(3, 2)]);
        let later = build(&[(1, 1), (1, 3)]);
        let m = first.then(&later);
        m.check();
        assert_eq!(pieces(&m), [(0, 4, 0, 3, false)]);
        // Parts of a group that a later step copies stay a group, even of equal lengths (their
        // characters do not correspond), and merge with what the later step made of the rest.
        let first = build(&[(2, 2), (2, 3)]);
        let later = build(&[(4, 4), (1, 2)]);
        let m = first.then(&later);
        assert_eq!(pieces(&m), [(0, 2, 0, 2, true), (2, 4, 2, 2, false)]);
        // A copy that is only partly overlapped keeps its one-to-one part: the first character
        // of 1 -> 3 copied by the later step joins the copy before it, then the rest of the
        // group, joined into one character, takes it back.
        let first = build(&[(2, 2), (1, 3)]);
        let later = build(&[(3, 3), (2, 1)]);
        let m = first.then(&later);
        assert_eq!(pieces(&m), [(0, 2, 0, 2, true), (2, 2, 2, 1, false)]);
        // An insertion after the start of the overlap is taken into the group.
        let first = build(&[(1, 1), (2, 3)]);
        let later = build(&[(2, 2), (1, 0), (0, 1), (1, 2)]);
        let m = first.then(&later);
        assert_eq!(pieces(&m), [(0, 1, 0, 1, true), (1, 4, 1, 2, false)]);
    }

    #[test]
    fn spans_that_share_a_group_merge() {
        // "ab記憶體c" -> "ab内存c"
        let m = build(&[(2, 2), (3, 2), (1, 1)]);
        assert_eq!(m.map_spans([(0, 2), (2, 3), (3, 5)]), [(0, 2), (2, 6)]);
        assert_eq!(
            m.map_spans([(0, 1), (1, 2), (2, 4), (4, 5)]),
            [(0, 1), (1, 2), (2, 5), (5, 6)]
        );
        assert_eq!(m.map_spans([(2, 3), (3, 4)]), [(2, 5)]);
        // Not tiling the output: sections with gaps between them.
        assert_eq!(m.map_spans([(0, 1), (4, 5)]), [(0, 1), (5, 6)]);
        // Inserted characters join the span before them.
        let m = build(&[(1, 1), (0, 2), (1, 1)]);
        assert_eq!(m.map_spans([(0, 1), (1, 3), (3, 4)]), [(0, 1), (1, 2)]);
        let mut merger = SpanMerger::new(&m);
        assert_eq!(merger.push(0, 1), ((0, 1), false));
        assert_eq!(merger.push(1, 2), ((0, 1), true));
    }

    #[test]
    fn pieces_are_stored_in_16_bytes_and_round_trip() {
        assert_eq!(std::mem::size_of::<Packed>(), 16);
        // Every kind of piece, with positions and lengths up to the limit.
        let m = MAX_CHARS;
        for p in [
            (0, 0, 0, 1, false),
            (0, 1, 0, 0, false),
            (0, 3, 0, 3, true),
            (0, 3, 0, 3, false),
            (5, 2, 7, 3, false),
            (0, m, 0, m, true),
            (0, m, 0, m, false),
            (0, 0, 0, m, false),
            (0, m, 0, 0, false),
            (m - 1, 1, 0, m, false),
            (m - 1, 1, m - 1, 1, true),
        ] {
            let piece = Piece {
                out_start: p.0,
                out_len: p.1,
                src_start: p.2,
                src_len: p.3,
                copy: p.4,
            };
            assert_eq!(Packed::pack(piece).get(), piece);
        }
        // A map's pieces come back as they were appended, one by one and by index.
        let m = build(&[(2, 2), (3, 2), (1, 0), (0, 4), (2, 2), (1, 3)]);
        assert_eq!(
            pieces(&m),
            [
                (0, 2, 0, 2, true),
                (2, 2, 2, 3, false),
                (4, 0, 5, 1, false),
                (4, 4, 6, 0, false),
                (8, 2, 6, 2, true),
                (10, 3, 8, 1, false)
            ]
        );
        assert_eq!(m.pieces().len(), 6);
        assert_eq!(m.pieces().next_back(), Some(m.piece(5)));
        for (k, p) in m.pieces().enumerate() {
            assert_eq!(m.piece(k), p);
        }
        // A map of the largest text: one copy piece, positions up to the last character.
        let big = OffsetMap::identity(MAX_CHARS);
        big.check();
        assert_eq!(big.source_span(MAX_CHARS - 1), (MAX_CHARS - 1, MAX_CHARS));
        assert_eq!(pieces(&big), [(0, MAX_CHARS, 0, MAX_CHARS, true)]);
        let mut b = OffsetMap::builder();
        b.copy(1);
        b.replace(MAX_CHARS - 1, 2);
        let big = b.finish();
        big.check();
        assert_eq!(big.source_span(2), (1, MAX_CHARS));
    }

    #[test]
    #[should_panic(expected = "text too long for an offset map")]
    fn texts_past_the_limit_panic() {
        let mut b = OffsetMap::builder();
        b.copy(MAX_CHARS);
        b.replace(0, 1);
    }

    #[test]
    #[should_panic(expected = "text too long for an offset map")]
    fn sources_past_the_limit_panic() {
        let mut b = OffsetMap::builder();
        b.replace(MAX_CHARS, 1);
        b.replace(1, 0);
    }

    #[test]
    #[should_panic(expected = "text too long for an offset map")]
    fn lengths_that_overflow_panic() {
        let mut b = OffsetMap::builder();
        b.copy(2);
        b.replace(usize::MAX, 0);
    }

    #[test]
    #[should_panic(expected = "out of order")]
    fn spans_must_come_in_order() {
        OffsetMap::identity(5).map_spans([(2, 4), (3, 5)]);
    }

    /// A random map of a source of `src_len` characters: copies, equal and unequal groups,
    /// deletions, insertions.
    fn random_map(rng: &mut Rng, src_len: usize) -> OffsetMap {
        let mut b = OffsetMap::builder();
        let mut left = src_len;
        while left > 0 {
            let k = (1 + rng.below(4)).min(left);
            match rng.below(6) {
                0 | 1 => b.copy(k),
                2 => b.replace(k, 0),
                3 => b.replace(0, 1 + rng.below(2)),
                _ => b.replace(k, 1 + rng.below(4)),
            }
            // An insertion consumes no source.
            left = src_len - b.map.src_len;
        }
        let m = b.finish();
        m.check();
        m
    }

    #[test]
    fn random_compositions_tile_and_contain_the_reference_spans() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            let src_len = rng.below(24);
            let first = random_map(&mut rng, src_len);
            let second = random_map(&mut rng, first.output_len());
            let third = random_map(&mut rng, second.output_len());
            let both = first.then(&second);
            both.check();
            let all = both.then(&third);
            all.check();
            // Composing can only widen a span (when it merges groups), never move it. (Merging
            // makes composition not associative: the groups depend on the order.)
            let st = second.then(&third);
            let other = first.then(&st);
            other.check();
            for (m, earlier, later) in [(&both, &first, &second), (&all, &both, &third), (&other, &first, &st)] {
                for i in 0..m.output_len() {
                    let (a, b) = later.source_span(i);
                    let (s, e) = earlier.source_range(a, b);
                    let (cs, ce) = m.source_span(i);
                    assert!(
                        cs <= s && e <= ce,
                        "round {round}, char {i}: {:?} vs {:?}",
                        (cs, ce),
                        (s, e)
                    );
                }
            }
            // Spans of every cut of the output into tokens: ordered, disjoint, covering.
            let n = all.output_len();
            let mut cuts = vec![0];
            while *cuts.last().unwrap() < n {
                let at = *cuts.last().unwrap();
                cuts.push((at + 1 + rng.below(3)).min(n));
            }
            let toks: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
            let mapped = all.map_spans(toks.iter().copied());
            assert!(mapped.windows(2).all(|w| w[0].1 <= w[1].0), "round {round}: {mapped:?}");
            assert!(mapped.len() <= toks.len());
            for &(s, e) in &toks {
                let (a, b) = all.source_range(s, e);
                assert!(mapped.iter().any(|&(ms, me)| ms <= a && b <= me), "round {round}");
            }
        }
    }
}
