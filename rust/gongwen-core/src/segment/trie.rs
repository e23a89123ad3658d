//! jieba's dictionary as a double array whose one 8-byte node holds all the route reads.
//!
//! The route walks the trie from every position of the text, and a walk is a chain of
//! dependent loads into an array larger than the L2 cache, so its cost is cache misses. A
//! general-purpose trie (crawdad) spends two or three per step: the child's `check`, then a
//! separate terminal node holding the value. Here a step is one load: node `n`'s child along a
//! character of code `c` is the cell `base(n) + c`, and that cell's `u64` holds its parent (the
//! check), its own `base`, whether the key is a word (positive frequency), and the class of its
//! frequency, whose `ln` comes from a small table. The node's cell index is the key's id, for
//! the arrays read off the hot path (frequencies, tags).
//!
//! `build.rs` builds the array: character codes by descending frequency, nodes placed breadth
//! first, so the root's children and their children, which almost every walk reads, are packed
//! at the front of the array and stay in cache.

/// Bits of a cell index (the `base` and `check` fields).
const INDEX_BITS: u32 = 22;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;
const WORD_BIT: u32 = 2 * INDEX_BITS;
const CLASS_SHIFT: u32 = WORD_BIT + 1;
/// Number of frequency classes; the last, [`CLASS_OTHER`], stands for all rarer frequencies.
pub(crate) const CLASSES: usize = 1 << 13;
/// The class of a frequency outside the class table: its `ln` is in a per-node array.
pub(crate) const CLASS_OTHER: usize = CLASSES - 1;

/// One cell of the double array: `base | check << 22 | is_word << 44 | class << 45` (13 bits), where
/// `check` is the parent's cell (all ones for an empty cell and for the root). Must match
/// `build.rs`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node(u64);

impl Node {
    #[inline(always)]
    fn base(self) -> usize {
        (self.0 & INDEX_MASK) as usize
    }

    #[inline(always)]
    fn parent(self) -> u64 {
        (self.0 >> INDEX_BITS) & INDEX_MASK
    }

    /// The key is a word of the dictionary (positive frequency), not only a prefix of one.
    #[inline(always)]
    pub(crate) fn is_word(self) -> bool {
        (self.0 >> WORD_BIT) & 1 == 1
    }

    /// The word's frequency class, an index into the class table (meaningful for words only).
    #[inline(always)]
    pub(crate) fn class(self) -> usize {
        (self.0 >> CLASS_SHIFT) as usize & (CLASSES - 1)
    }
}

/// The double array and the map from characters to codes.
pub(crate) struct DoubleArray {
    nodes: Box<[u64]>,
    /// Code of each character by code point, 0 for a character no key has. Codes start at 1,
    /// so code 0 never reaches a child: a cell `base(n) + 0` whose parent were `n` would be a
    /// child with code 0.
    codes: Box<[u16]>,
}

impl DoubleArray {
    /// Load the arrays `build.rs` wrote: nodes as little-endian `u64`s, and the characters in
    /// code order (code 1 first) as little-endian `u32`s.
    pub(crate) fn from_bytes(nodes: &[u8], chars: &[u8]) -> Self {
        let nodes: Box<[u64]> = nodes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let chars: Vec<u32> = chars
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect();
        let mut codes = vec![0u16; chars.iter().max().map_or(0, |&c| c as usize + 1)];
        for (i, &c) in chars.iter().enumerate() {
            codes[c as usize] = u16::try_from(i + 1).expect("fewer than 65536 characters");
        }
        // `build.rs` padded the array so that `base + code` is in bounds for every code.
        debug_assert!(nodes.iter().all(|&n| Node(n).base() + chars.len() < nodes.len()));
        DoubleArray {
            nodes,
            codes: codes.into_boxed_slice(),
        }
    }

    /// Number of cells: the bound of every key id.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The child of cell `at` along `c`: its cell and node.
    #[inline(always)]
    fn child(&self, at: usize, c: char) -> Option<(usize, Node)> {
        let code = self.codes.get(c as usize).map_or(0, |&x| usize::from(x));
        let cell = Node(self.nodes[at]).base() + code;
        let node = Node(self.nodes[cell]);
        (node.parent() == at as u64).then_some((cell, node))
    }

    /// The cell (key id) and node of `key` if it is a key: a word or a proper prefix of one.
    pub(crate) fn exact(&self, key: &[char]) -> Option<(usize, Node)> {
        let (&first, rest) = key.split_first()?;
        let mut hit = self.child(0, first)?;
        for &c in rest {
            hit = self.child(hit.0, c)?;
        }
        Some(hit)
    }

    /// Start loading the cell that the walk over `text` reaches at step `depth` (at least 2),
    /// so that the walk itself, a few positions later in the route, finds it in cache. The
    /// first `depth - 1` steps are taken: their cells are near the root or were prefetched at
    /// a smaller depth before. Does nothing if the walk ends earlier or `text` is shorter.
    #[inline(always)]
    pub(crate) fn prefetch(&self, text: &[char], depth: usize) {
        let Some((&last, path)) = text.get(..depth).and_then(|t| t.split_last()) else {
            return;
        };
        let mut at = 0;
        for &c in path {
            match self.child(at, c) {
                Some((cell, _)) => at = cell,
                None => return,
            }
        }
        let code = self.codes.get(last as usize).map_or(0, |&x| usize::from(x));
        prefetch_read(&self.nodes[Node(self.nodes[at]).base() + code]);
    }

    /// Every key that is a prefix of `text`, shortest first, as (length in chars, cell, node).
    #[inline(always)]
    pub(crate) fn prefixes<'a>(&'a self, text: &'a [char]) -> Prefixes<'a> {
        Prefixes {
            da: self,
            text: text.iter(),
            at: 0,
            len: 0,
        }
    }
}

/// Ask the CPU to bring the cache line of `x` in, without waiting for it.
#[inline(always)]
fn prefetch_read<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE, which `_mm_prefetch` needs, is part of every x86_64 target; a prefetch is
    // only a hint, never faults and changes no memory, and `x` is a valid reference anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// The walk of [`DoubleArray::prefixes`]: it stops at the first character without a child.
pub(crate) struct Prefixes<'a> {
    da: &'a DoubleArray,
    text: std::slice::Iter<'a, char>,
    at: usize,
    len: usize,
}

impl Iterator for Prefixes<'_> {
    type Item = (usize, usize, Node);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let &c = self.text.next()?;
        let Some((cell, node)) = self.da.child(self.at, c) else {
            // Once a character has no child the walk is over, even if `text` goes on.
            self.text = [].iter();
            return None;
        };
        self.at = cell;
        self.len += 1;
        Some((self.len, cell, node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_build_rs() {
        let build = include_str!("../../build.rs");
        assert!(build.contains(&format!("const DA_INDEX_BITS: u32 = {INDEX_BITS};")));
        assert!(build.contains("const DA_WORD_BIT: u32 = 2 * DA_INDEX_BITS;"));
        assert!(build.contains("const DA_CLASS_SHIFT: u32 = DA_WORD_BIT + 1;"));
        assert!(build.contains(&format!("const DA_CLASSES: usize = 1 << {};", CLASSES.trailing_zeros())));
    }
}
