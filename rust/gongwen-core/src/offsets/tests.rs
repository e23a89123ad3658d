//! Tests of the maps: building, composing (against spans composed one character at a time on
//! random maps), merging spans, the packed form and its size limits.

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
