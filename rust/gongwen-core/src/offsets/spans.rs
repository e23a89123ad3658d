//! Spans of the output mapped to the source: [`OffsetMap::map_spans`] and the [`SpanMerger`]
//! that maps one span at a time, merging spans that share a group of unequal lengths.

use super::OffsetMap;

impl OffsetMap {
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
