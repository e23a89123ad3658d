//! Repeated copies of a document inside the document: scraped pages often hold the whole
//! report several times (the page printed once per tab, with the site's chrome between), which
//! multiplies every count downstream. One copy stays; the others are cut out of the cleaned
//! text like boilerplate, each listed in `removed` under [`RULE`], the map kept exact.
//!
//! The unit is the line (a paragraph of the cleaned text), compared without the spaces at its
//! ends:
//!
//! 1. Lines of at least [`MIN_LINE`] characters are *units*; each is fingerprinted (a fixed
//!    64-bit hash of its bytes, so the same text gives the same result on every run).
//! 2. Each unit has a *twin*: the occurrence of its text that stays (at first the first one).
//!    A unit that is not its own twin is a candidate for removal. Candidates chain into a
//!    *group* while their twins go forward through the text as they do (allowing
//!    [`MAX_GAP`] other units in between and twins that skip up to [`MAX_SKIP`] units: a copy
//!    may lack a line or hold a line of chrome). A group is a copy of a part of the document.
//! 3. Only a group of at least [`MIN_COPY_CHARS`] characters and [`MIN_COPY_SHARE`] of the
//!    document (its distinct units) is removed: a repeated heading (`一、`), a slogan or a
//!    paragraph quoted twice stays.
//! 4. The copies are the stretches between groups that start reading the document again from
//!    an earlier point; the one with the most characters (the fullest, the first of equals)
//!    keeps its lines, and step 2 runs again with twins in it.
//! 5. What goes is every candidate unit of a kept group, the blank and short lines between
//!    them whose text occurs elsewhere too, and the blank and short lines at a group's edges
//!    that match those at its twins' edges. A line whose text occurs once in the document is
//!    never removed, so a copy that holds a line the kept one lacks keeps that line.
//!
//! Time and memory are linear in the text (one pass for the lines, hash maps over them, edge
//! matching bounded by [`MAX_EDGE`] lines a group). Copies are found line by line: copies
//! whose lines are broken differently (one without line breaks) are not.

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::uncut::Uncut;
use super::Removal;
use crate::offsets::OffsetMap;

/// The rule name of a removed copy in [`super::Cleaned::removed`].
pub const RULE: &str = "repeated copy";

/// Characters of a line that can anchor a copy.
pub const MIN_LINE: usize = 10;
/// Characters (of its units) a copy needs to be removed.
pub const MIN_COPY_CHARS: usize = 200;
/// The share of the document (its distinct lines) a copy needs to be removed.
pub const MIN_COPY_SHARE: f64 = 0.1;
/// Other units allowed between two units of a copy.
const MAX_GAP: usize = 3;
/// Units of the kept copy a copy may skip from one of its units to the next.
const MAX_SKIP: usize = 8;
/// Lines matched at each edge of a copy.
const MAX_EDGE: usize = 64;

/// A line of the kept text.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Kept-text characters: start, and after its line break (or the end of the text).
    start: usize,
    next: usize,
    /// Byte positions in `mid` of the same.
    start_byte: usize,
    next_byte: usize,
    /// Fingerprint of its text without the whitespace at its ends (0: blank).
    hash: u64,
    /// Characters of the same.
    weight: usize,
}

/// The lines of the kept pieces of `u` (a line may span pieces).
fn lines(u: &Uncut) -> Vec<Line> {
    let mut out = Vec::new();
    let mut chars = 0usize;
    // A line that spans pieces, gathered.
    let mut spill: Vec<u8> = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (start char, start byte) of a spilled line
    let end_byte = u.kept.last().map_or(0, |k| k.1);
    for (p, &(s, e)) in u.kept.iter().enumerate() {
        let last = p + 1 == u.kept.len();
        let piece = &u.mid.as_bytes()[s..e];
        let mut at = 0;
        while at < piece.len() {
            let nl = memchr::memchr(b'\n', &piece[at..]).map(|k| at + k);
            let stop = nl.map_or(piece.len(), |k| k + 1);
            let bytes = &piece[at..nl.unwrap_or(piece.len())];
            let n = count_chars(&piece[at..stop]);
            match (nl, open.take()) {
                (Some(_), None) => out.push(line(chars, chars + n, s + at, s + stop, bytes)),
                (Some(_), Some((c0, b0))) => {
                    spill.extend_from_slice(bytes);
                    out.push(line(c0, chars + n, b0, s + stop, &spill));
                    spill.clear();
                }
                // The text's last line, in one piece: read where it is (a huge document may
                // be one line).
                (None, None) if last => out.push(line(chars, chars + n, s + at, s + stop, bytes)),
                (None, o) => {
                    if spill.len() < MAX_SPILL {
                        spill.extend_from_slice(bytes);
                    }
                    open = Some(o.unwrap_or((chars, s + at)));
                }
            }
            chars += n;
            at = stop;
        }
    }
    if let Some((c0, b0)) = open {
        out.push(line(c0, chars, b0, end_byte, &spill));
    }
    out
}

/// Bytes of a line spanning pieces (boilerplate cut out of it) that are gathered to compare it;
/// a longer one is compared by its first `MAX_SPILL` bytes.
const MAX_SPILL: usize = 1 << 20;

/// A line of `bytes` (without its line break), compared without the ASCII whitespace at its
/// ends (cleaning made odd spaces ASCII).
fn line(start: usize, next: usize, start_byte: usize, next_byte: usize, bytes: &[u8]) -> Line {
    let text = bytes.trim_ascii();
    let (hash, weight) = if text.is_empty() {
        (0, 0)
    } else {
        let mut h = rustc_hash::FxHasher::default();
        h.write(text);
        // 0 stands for a blank line.
        (h.finish() | 1, count_chars(text))
    };
    Line {
        start,
        next,
        start_byte,
        next_byte,
        hash,
        weight,
    }
}

/// Characters of UTF-8 `bytes`.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A run of candidate units copying a part of the document.
#[derive(Clone, Debug)]
struct Group {
    /// Indices into the units.
    units: Vec<usize>,
    weight: usize,
}

/// Chain the candidates (`twin[i] != i`) into groups, in text order.
fn groups(twin: &[usize], weights: &[usize]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut open: Option<Group> = None;
    for i in 0..twin.len() {
        if twin[i] == i {
            continue;
        }
        let extends = open.as_ref().is_some_and(|g| {
            let last = *g.units.last().expect("a group has units");
            i - last <= MAX_GAP + 1 && twin[i] > twin[last] && twin[i] - twin[last] <= MAX_SKIP + 1
        });
        if extends {
            let g = open.as_mut().expect("open");
            g.units.push(i);
            g.weight += weights[i];
        } else {
            out.extend(open.take());
            open = Some(Group {
                units: vec![i],
                weight: weights[i],
            });
        }
    }
    out.extend(open);
    out
}

/// What [`remove_copies`] found: ranges of the kept text to cut (characters and `mid`
/// bytes, ordered, disjoint) and the number of copies they make.
#[derive(Debug, Default, PartialEq, Eq)]
struct Cuts {
    chars: Vec<(usize, usize)>,
    bytes: Vec<(usize, usize)>,
    copies: usize,
}

fn find(lines: &[Line]) -> Cuts {
    // Units and the counts of every non-blank line's text.
    let units: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].weight >= MIN_LINE).collect();
    if units.len() < 2 {
        return Cuts::default();
    }
    let mut count: FxHashMap<u64, u32> = FxHashMap::default();
    for l in lines.iter().filter(|l| l.hash != 0) {
        *count.entry(l.hash).or_insert(0) += 1;
    }
    if !units.iter().any(|&k| count[&lines[k].hash] > 1) {
        return Cuts::default();
    }
    let weights: Vec<usize> = units.iter().map(|&k| lines[k].weight).collect();
    let hashes: Vec<u64> = units.iter().map(|&k| lines[k].hash).collect();
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    let mut distinct = 0usize;
    for (i, &h) in hashes.iter().enumerate() {
        first.entry(h).or_insert_with(|| {
            distinct += weights[i];
            i
        });
    }
    let min_copy = MIN_COPY_CHARS.max((MIN_COPY_SHARE * distinct as f64).ceil() as usize);
    let mut twin: Vec<usize> = hashes.iter().map(|h| first[h]).collect();
    let mut kept: Vec<Group> = groups(&twin, &weights)
        .into_iter()
        .filter(|g| g.weight >= min_copy)
        .collect();
    if kept.is_empty() {
        return Cuts::default();
    }
    // The copies: stretches of units starting where a group reads the document again.
    let starts = restarts(&kept, &twin);
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(starts.iter().map(|&g| kept[g].units[0]));
    bounds.push(units.len());
    let fullest = bounds
        .windows(2)
        .enumerate()
        .max_by_key(|(k, w)| (weights[w[0]..w[1]].iter().sum::<usize>(), std::cmp::Reverse(*k)))
        .map_or(0, |(k, _)| k);
    if fullest > 0 {
        // Twins in the fullest copy where it has the text.
        let (lo, hi) = (bounds[fullest], bounds[fullest + 1]);
        let mut inside: FxHashMap<u64, usize> = FxHashMap::default();
        for (i, &h) in hashes.iter().enumerate().take(hi).skip(lo) {
            inside.entry(h).or_insert(i);
        }
        twin = hashes
            .iter()
            .map(|h| inside.get(h).copied().unwrap_or(first[h]))
            .collect();
        kept = groups(&twin, &weights)
            .into_iter()
            .filter(|g| g.weight >= min_copy)
            .collect();
    }
    let copies = restarts(&kept, &twin).len();
    // Lines no edge of a copy may take: the gaps around the kept copy when it is not the first
    // (the first copy's neighbours are all copies of it).
    let protect = (fullest > 0).then(|| {
        let (lo, hi) = (bounds[fullest], bounds[fullest + 1]);
        let from = if lo == 0 { 0 } else { units[lo - 1] + 1 };
        let to = if hi >= units.len() { lines.len() } else { units[hi] };
        (from, to)
    });
    let free = |k: usize| protect.is_none_or(|(from, to)| k < from || k >= to);
    // Line ranges to cut: runs of candidate units with what lies between them, then the edges.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for g in &kept {
        // Runs: (first line, last line, first unit, last unit).
        let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &u in &g.units {
            let line = units[u];
            match runs.last_mut() {
                Some(r) if u == r.3 + 1 && between_repeat(lines, r.1, line, &count) => {
                    r.1 = line;
                    r.3 = u;
                }
                _ => runs.push((line, line, u, u)),
            }
        }
        for (mut a, mut b, u0, u1) in runs {
            let (t0, t1) = (units[twin[u0]], units[twin[u1]]);
            let floor = ranges.last().map_or(0, |r| r.1 + 1);
            // Short and blank lines before the run that match those before its twin.
            let mut k = 0;
            while k < MAX_EDGE && a > floor && t0 > k && free(a - 1) && same_short(&lines[a - 1], &lines[t0 - 1 - k]) {
                a -= 1;
                k += 1;
            }
            let mut k = 0;
            while k < MAX_EDGE
                && b + 1 < lines.len()
                && t1 + 1 + k < lines.len()
                && free(b + 1)
                && same_short(&lines[b + 1], &lines[t1 + 1 + k])
            {
                b += 1;
                k += 1;
            }
            ranges.push((a, b));
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match merged.last_mut() {
            // Overlapping ranges merge; adjacent ones (two copies) stay apart.
            Some(m) if a <= m.1 => m.1 = m.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    Cuts {
        chars: merged.iter().map(|&(a, b)| (lines[a].start, lines[b].next)).collect(),
        bytes: merged
            .iter()
            .map(|&(a, b)| (lines[a].start_byte, lines[b].next_byte))
            .collect(),
        copies,
    }
}

/// Whether the lines strictly between lines `b` and `line` are all blank or short lines whose
/// text occurs more than once.
fn between_repeat(lines: &[Line], b: usize, line: usize, count: &FxHashMap<u64, u32>) -> bool {
    lines[b + 1..line]
        .iter()
        .all(|l| l.hash == 0 || count.get(&l.hash).is_some_and(|&n| n > 1))
}

/// Whether `l` (not a unit) has the text of `twin`.
fn same_short(l: &Line, twin: &Line) -> bool {
    l.weight < MIN_LINE && l.hash == twin.hash
}

/// The kept groups (indices) that start reading the document again: the first, and each whose
/// first twin is not after the last twin of the group before.
fn restarts(kept: &[Group], twin: &[usize]) -> Vec<usize> {
    (0..kept.len())
        .filter(|&g| g == 0 || twin[kept[g].units[0]] <= twin[*kept[g - 1].units.last().expect("units")])
        .collect()
}

/// Cut the repeated copies out of `u` (see the module documentation): its kept ranges, its
/// map and its removals (a copy's removal takes in those found inside it).
pub(super) fn remove_copies(mut u: Uncut, text: &str) -> (Uncut, usize) {
    let lines = lines(&u);
    let cuts = find(&lines);
    if cuts.chars.is_empty() {
        return (u, 0);
    }
    // The map of the cut, over the kept text.
    let total = u.map.output_len();
    let mut cut = OffsetMap::builder();
    let mut pos = 0;
    for &(a, b) in &cuts.chars {
        cut.copy(a - pos);
        cut.replace(b - a, 0);
        pos = b;
    }
    cut.copy(total - pos);
    // Removals, as the input had them.
    let spans: Vec<(usize, usize)> = cuts.chars.iter().map(|&(a, b)| u.map.source_range(a, b)).collect();
    let mut at = CharBytes::new(text);
    let mut removed: Vec<Removal> = spans
        .iter()
        .map(|&(start, end)| Removal {
            start,
            end,
            rule: RULE.to_string(),
            text: text[at.byte(start)..at.byte(end)].to_string(),
        })
        .collect();
    let inside = |r: &Removal| {
        let k = spans.partition_point(|s| s.1 <= r.start);
        spans.get(k).is_some_and(|s| s.0 <= r.start && r.end <= s.1)
    };
    removed.extend(std::mem::take(&mut u.removed).into_iter().filter(|r| !inside(r)));
    removed.sort_by_key(|r| (r.start, r.end));
    u.removed = removed;
    u.map = u.map.then(&cut.finish());
    u.kept = subtract(&u.kept, &cuts.bytes);
    (u, cuts.copies)
}

/// `kept` (ordered, disjoint byte ranges) without `cuts` (the same).
fn subtract(kept: &[(usize, usize)], cuts: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(kept.len() + cuts.len());
    let mut c = 0;
    for &(mut s, e) in kept {
        while s < e {
            while c < cuts.len() && cuts[c].1 <= s {
                c += 1;
            }
            match cuts.get(c) {
                Some(&(cs, ce)) if cs < e => {
                    if cs > s {
                        out.push((s, cs));
                    }
                    s = ce.max(s);
                }
                _ => {
                    out.push((s, e));
                    break;
                }
            }
        }
    }
    out
}

/// Byte offsets of character positions asked for in increasing order.
struct CharBytes<'a> {
    iter: std::iter::Peekable<std::str::CharIndices<'a>>,
    chars: usize,
    len: usize,
}

impl<'a> CharBytes<'a> {
    fn new(text: &'a str) -> Self {
        CharBytes {
            iter: text.char_indices().peekable(),
            chars: 0,
            len: text.len(),
        }
    }

    fn byte(&mut self, chars: usize) -> usize {
        while self.chars < chars && self.iter.next().is_some() {
            self.chars += 1;
        }
        self.iter.peek().map_or(self.len, |&(b, _)| b)
    }
}

#[cfg(test)]
#[path = "copies_tests.rs"]
mod tests;
