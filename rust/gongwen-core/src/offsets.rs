//! Offset maps: from positions in a derived text (cleaned, converted) back to the text it came
//! from, so that every later stage can report positions in the user's original document.
//!
//! Positions are character indices (Python `str` indices). A map is a run-length list of
//! pieces: a *copy* piece maps `n` output characters one to one onto `n` source characters; a
//! *replace* piece maps `m` output characters jointly onto a span of `k` source characters
//! (`記憶體` -> `内存`: each of the two output characters comes from the whole three-character
//! span). `m = 0` is a deletion, `k = 0` an insertion. Maps compose, so cleaning and conversion
//! give one map to the original.
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
//! ```

/// One run of the map.
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

/// A map from output character positions to source character spans.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    out_len: usize,
    src_len: usize,
}

/// Builds an [`OffsetMap`] left to right.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    map: OffsetMap,
    /// Source position after the last piece pushed by `copy`/`replace`.
    src_pos: usize,
}

impl OffsetMapBuilder {
    /// `n` characters copied unchanged.
    pub fn copy(&mut self, n: usize) {
        let at = self.src_pos;
        self.copy_at(n, at);
    }

    /// `src` source characters became `out` output characters (either may be 0).
    pub fn replace(&mut self, src: usize, out: usize) {
        let at = self.src_pos;
        self.replace_at(src, out, at);
    }

    /// `n` output characters copied one to one from source characters `src_start..`.
    fn copy_at(&mut self, n: usize, src_start: usize) {
        if n == 0 {
            return;
        }
        let m = &mut self.map;
        match m.pieces.last_mut() {
            Some(last) if last.copy && last.src_start + last.src_len == src_start => {
                last.out_len += n;
                last.src_len += n;
            }
            _ => m.pieces.push(Piece {
                out_start: m.out_len,
                out_len: n,
                src_start,
                src_len: n,
                copy: true,
            }),
        }
        m.out_len += n;
        self.src_pos = src_start + n;
        m.src_len = m.src_len.max(self.src_pos);
    }

    /// `out` output characters that jointly come from source characters
    /// `src_start..src_start + src` (shared spans are allowed when composing).
    fn replace_at(&mut self, src: usize, out: usize, src_start: usize) {
        if src == 1 && out == 1 {
            // A one-character substitution is as precise as a copy.
            return self.copy_at(1, src_start);
        }
        if src == 0 && out == 0 {
            return;
        }
        let m = &mut self.map;
        m.pieces.push(Piece {
            out_start: m.out_len,
            out_len: out,
            src_start,
            src_len: src,
            copy: false,
        });
        m.out_len += out;
        self.src_pos = src_start + src;
        m.src_len = m.src_len.max(self.src_pos);
    }

    /// The finished map.
    pub fn finish(self) -> OffsetMap {
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

    /// The runs of the map, in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Index of the piece holding output character `i` (pieces with output are searched).
    fn piece_of(&self, i: usize) -> &Piece {
        &self.pieces[self.piece_index(i, 0)]
    }

    /// Index of the piece holding output character `i`, searching forward from `hint` when it
    /// is at or before that piece (composition walks positions in order), else by bisection.
    fn piece_index(&self, i: usize, hint: usize) -> usize {
        let ends_before = |p: &Piece| p.out_start + p.out_len <= i;
        let mut idx = if hint < self.pieces.len() && self.pieces[hint].out_start <= i {
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
        let p = self.piece_of(i);
        if p.copy {
            let s = p.src_start + (i - p.out_start);
            (s, s + 1)
        } else {
            (p.src_start, p.src_start + p.src_len)
        }
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
        for p in &later.pieces {
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
    pub(crate) fn push(&mut self, p: &Piece, offset: usize) {
        let first = self.first;
        let b = &mut self.b;
        let src_start = p.src_start + offset;
        if p.copy {
            // Walk the piece's mid range through first's pieces, keeping copies as copies.
            let (mut mid, end) = (src_start, src_start + p.src_len);
            while mid < end {
                self.hint = first.piece_index(mid, self.hint);
                let q = first.pieces[self.hint];
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
                let q = &first.pieces[*hint];
                if q.copy {
                    let s = q.src_start + (i - q.out_start);
                    (s, s + 1)
                } else {
                    (q.src_start, q.src_start + q.src_len)
                }
            };
            let (s, _) = span(&mut self.hint, src_start);
            let (_, e) = span(&mut self.hint, src_start + p.src_len - 1);
            b.replace_at(e - s, p.out_len, s);
        }
    }

    /// The composed map.
    pub(crate) fn finish(self) -> OffsetMap {
        let mut map = self.b.finish();
        map.src_len = self.first.src_len;
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(m: &OffsetMap) -> Vec<(usize, usize)> {
        (0..m.output_len()).map(|i| m.source_span(i)).collect()
    }

    #[test]
    fn copy_and_replace() {
        let mut b = OffsetMap::builder();
        b.copy(1);
        b.replace(2, 0); // deletion
        b.replace(0, 1); // insertion
        b.copy(2);
        let m = b.finish();
        assert_eq!(m.output_len(), 4);
        assert_eq!(m.source_len(), 5);
        assert_eq!(spans(&m), [(0, 1), (3, 3), (3, 4), (4, 5)]);
    }

    #[test]
    fn composition_follows_both_maps() {
        // src "a(qū)區b" -> mid "a區b" (cleaning deletes a reading) -> out "a区b" (conversion)
        let mut clean = OffsetMap::builder();
        clean.copy(1);
        clean.replace(4, 0);
        clean.copy(2);
        let clean = clean.finish();
        let convert = OffsetMap::identity(3);
        let m = clean.then(&convert);
        assert_eq!(spans(&m), [(0, 1), (5, 6), (6, 7)]);

        // mid "記憶體x" -> out "内存x"
        let mut conv = OffsetMap::builder();
        conv.replace(3, 2);
        conv.copy(1);
        let conv = conv.finish();
        let mut clean = OffsetMap::builder();
        clean.copy(2);
        clean.replace(1, 0);
        clean.copy(2);
        let clean = clean.finish(); // src "記憶 體x" -> mid "記憶體x"
        let m = clean.then(&conv);
        assert_eq!(spans(&m), [(0, 4), (0, 4), (4, 5)]);
    }
}
