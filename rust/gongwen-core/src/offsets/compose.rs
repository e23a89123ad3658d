//! Composition of maps: [`OffsetMap::then`] and the [`Composer`] that composes with a later
//! map given a piece at a time (a text converted in chunks).

use super::{OffsetMap, OffsetMapBuilder, Piece};

impl OffsetMap {
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
