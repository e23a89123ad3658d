//! OpenCC's dictionaries as the configurations use them (R1-R5 of `data/opencc/ALGORITHM.md`):
//! a [`Leaf`] is one dictionary, compiled into a double-array trie at build time and loaded on
//! first use; a [`Node`] is a configuration's dictionary or group of dictionaries, with the
//! tables that let a pass skip most characters, and its longest-match lookup.

use std::sync::OnceLock;

use super::engine::with_ids;
use crate::charset::CharSet;

include!(concat!(env!("OUT_DIR"), "/opencc_dicts.rs"));

/// One OpenCC dictionary: a trie over its keys and the first value of every entry (R1).
struct Leaf {
    trie: crawdad::Trie,
    /// `offs[i]..offs[i + 1]` is entry `i`'s value in `values`.
    offs: Vec<u32>,
    values: &'static str,
    /// Characters that start a key.
    first: CharSet,
    /// Characters that start a key of two or more characters: only there is the trie walked.
    multi: CharSet,
}

impl Leaf {
    fn load(name: &str) -> Option<&'static Leaf> {
        static LOADED: OnceLock<Vec<OnceLock<Leaf>>> = OnceLock::new();
        let slots = LOADED.get_or_init(|| DICTS.iter().map(|_| OnceLock::new()).collect());
        let idx = DICTS.iter().position(|(n, _, _, _)| *n == name)?;
        Some(slots[idx].get_or_init(|| {
            let (_, trie, vals, first_chars) = DICTS[idx];
            let (trie, _) = crawdad::Trie::deserialize_from_slice(trie);
            let n = u32::from_le_bytes(vals[..4].try_into().unwrap()) as usize;
            let offs: Vec<u32> = vals[4..4 + 4 * (n + 1)]
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            let values = std::str::from_utf8(&vals[4 + 4 * (n + 1)..]).expect("build.rs wrote UTF-8");
            let mut first = CharSet::default();
            let mut multi = CharSet::default();
            let mut in_multi = false;
            for b in first_chars.chunks_exact(4) {
                let c = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                if c == 0 {
                    in_multi = true;
                } else if in_multi {
                    multi.insert(c);
                } else {
                    first.insert(c);
                }
            }
            Leaf {
                trie,
                offs,
                values,
                first,
                multi,
            }
        }))
    }

    #[inline(always)]
    fn value(&self, id: u32) -> &'static str {
        let id = id as usize;
        &self.values[self.offs[id] as usize..self.offs[id + 1] as usize]
    }

    /// R3: the longest key that is a prefix of `s` (whose first char is `c`), as
    /// (length in chars, value).
    #[inline]
    fn longest(&self, c: char, s: &[char]) -> Option<(usize, &'static str)> {
        if self.multi.may_contain(c) {
            return self
                .trie
                .common_prefix_search(s.iter().copied())
                .last()
                .map(|(id, len)| (len, self.value(id)));
        }
        // Only a one-character key can match; [`Node`]'s table answers this for BMP characters
        // without reaching here.
        self.trie.exact_match(std::iter::once(c)).map(|id| (1, self.value(id)))
    }
}

/// A dictionary node of a configuration (R1), with the characters its keys start with.
pub(super) struct Node {
    pub(super) first: CharSet,
    /// No key starts below this character, and no ideographic description character is below
    /// it either: most characters of a text are passed over with one comparison.
    pub(super) min_first: char,
    /// `first` and the ideographic description characters: the characters a pass must stop
    /// at, tested with one bit instead of a bit and a range check.
    pub(super) start: CharSet,
    /// Characters that may start a match of two or more characters in this node.
    pub(super) multi: CharSet,
    /// For every other BMP character: index + 1 into `singles` of this node's one-character
    /// match (0: none), so the common case is one table read whatever the node's shape.
    pub(super) single_bmp: Box<[u16]>,
    pub(super) singles: Vec<&'static str>,
    /// `singles` as characters where a value is one character (most are): a pass writes it
    /// without decoding the value.
    pub(super) single_chars: Vec<Option<char>>,
    kind: Kind,
}

enum Kind {
    Leaf(&'static Leaf),
    /// R4: the first child with a match decides.
    ShortCircuit(Vec<Node>),
    /// R5: the longest match over all children; the earliest child on a tie.
    Union(Vec<Node>),
}

impl Node {
    fn new(first: CharSet, kind: Kind) -> Node {
        let lowest = first.lowest();
        // Ideographic description characters (U+2FF0..) must reach the IDS check (R7).
        let min_first = char::from_u32(lowest.min(0x2FF0)).unwrap_or('\u{2FF0}');
        let mut multi = CharSet::default();
        match &kind {
            Kind::Leaf(l) => multi.union(&l.multi),
            Kind::ShortCircuit(children) | Kind::Union(children) => {
                for c in children {
                    multi.union(&c.multi);
                }
            }
        }
        let start = with_ids(first.clone());
        let mut node = Node {
            first,
            min_first,
            start,
            multi,
            single_bmp: vec![0u16; 0x10000].into_boxed_slice(),
            singles: Vec::new(),
            single_chars: Vec::new(),
            kind,
        };
        // A character that starts no longer key can only match itself: decide once, by the
        // node's rules (R3-R5), which value it gets.
        let mut ids: rustc_hash::FxHashMap<&'static str, u16> = rustc_hash::FxHashMap::default();
        for c in 0..0x10000u32 {
            let Some(ch) = char::from_u32(c) else { continue };
            if !node.first.may_contain(ch) || node.multi.may_contain(ch) {
                continue;
            }
            if let Some((1, value)) = node.longest_in(ch, &[ch]) {
                let next = node.singles.len();
                assert!(next < u16::MAX as usize, "too many distinct one-character values");
                let id = *ids.entry(value).or_insert(next as u16);
                if id as usize == next {
                    node.singles.push(value);
                    let mut chars = value.chars();
                    node.single_chars.push(chars.next().filter(|_| chars.next().is_none()));
                }
                node.single_bmp[c as usize] = id + 1;
            }
        }
        node
    }

    /// The match at the start of `s` (whose first character is `c`), as (chars, value).
    #[inline(always)]
    pub(super) fn lookup(&self, c: char, s: &[char]) -> Option<(usize, &'static str)> {
        if !self.first.may_contain(c) {
            return None;
        }
        if (c as u32) < 0x10000 && !self.multi.may_contain(c) {
            let id = self.single_bmp[c as usize];
            return (id != 0).then(|| (1, self.singles[id as usize - 1]));
        }
        self.longest_in(c, s)
    }

    fn longest_in(&self, c: char, s: &[char]) -> Option<(usize, &'static str)> {
        match &self.kind {
            Kind::Leaf(l) => l.longest(c, s),
            Kind::ShortCircuit(children) => children.iter().find_map(|n| n.lookup(c, s)),
            Kind::Union(children) => {
                let mut best: Option<(usize, &'static str)> = None;
                for n in children {
                    if let Some(m) = n.lookup(c, s) {
                        if best.is_none_or(|b| m.0 > b.0) {
                            best = Some(m);
                        }
                    }
                }
                best
            }
        }
    }

    pub(super) fn parse(v: &serde_json::Value, config: &str) -> Node {
        let bad = |what: &str| -> ! { panic!("OpenCC config {config}: {what}") };
        match v["type"].as_str() {
            Some("group") => {
                let children: Vec<Node> = v["dicts"]
                    .as_array()
                    .unwrap_or_else(|| bad("group without dicts"))
                    .iter()
                    .map(|c| Node::parse(c, config))
                    .collect();
                let mut first = CharSet::default();
                for c in &children {
                    first.union(&c.first);
                }
                let kind = match v["match_policy"].as_str().unwrap_or("short_circuit") {
                    "short_circuit" => Kind::ShortCircuit(children),
                    "union" => Kind::Union(children),
                    other => bad(&format!("unknown match_policy {other}")),
                };
                Node::new(first, kind)
            }
            Some("ocd2") => {
                let file = v["file"].as_str().unwrap_or_else(|| bad("dict without file"));
                let name = file.trim_end_matches(".ocd2");
                let leaf = Leaf::load(name).unwrap_or_else(|| bad(&format!("no dictionary {name}")));
                let mut first = CharSet::default();
                first.union(&leaf.first);
                Node::new(first, Kind::Leaf(leaf))
            }
            other => bad(&format!("unknown dict type {other:?}")),
        }
    }
}
