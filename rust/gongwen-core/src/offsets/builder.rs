//! [`OffsetMapBuilder`]: an [`OffsetMap`] built left to right, merging adjacent pieces so that
//! the map stays run-length.

use super::{OffsetMap, Packed, Piece, COPY, MAX_CHARS};

/// Builds an [`OffsetMap`] left to right.
///
/// # Panics
/// When the output or the source grows past [`MAX_CHARS`] characters.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    pub(super) map: OffsetMap,
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
    pub(super) fn copy_at(&mut self, n: usize, src_start: usize) {
        self.push_at(src_start, n, n, true);
    }

    /// `out` output characters that jointly come from source characters
    /// `src_start..src_start + src`, as a group whatever the lengths (composition: a part of
    /// an earlier group, or a later group over earlier pieces).
    pub(super) fn replace_at(&mut self, src: usize, out: usize, src_start: usize) {
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
    pub(super) fn finish_source(mut self, src_len: usize) -> OffsetMap {
        let end = self.map.src_len;
        debug_assert!(end <= src_len, "pieces past the source ({end} > {src_len})");
        if src_len > end {
            self.append(src_len - end, 0, false);
        }
        self.map
    }
}
