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

mod builder;
mod compose;
mod spans;
#[cfg(test)]
mod tests;

pub use builder::OffsetMapBuilder;
pub use spans::SpanMerger;

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
