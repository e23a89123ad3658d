//! Script conversion identical to OpenCC 1.4.2.
//!
//! Users trust OpenCC's output, so this module reproduces `opencc.OpenCC(config).convert(text)`
//! for all sixteen configurations OpenCC ships, over OpenCC's own dictionaries (exported from the
//! 1.4.2 package, see `data/opencc/README.md`) and OpenCC's algorithm, specified rule by rule in
//! `data/opencc/ALGORITHM.md` (R1-R12 below refer to it): normalisation passes, maximum-forward-
//! match segmentation, and a chain of greedy longest-prefix conversions applied to each segment
//! on its own. Dictionaries are compiled into double-array tries at build time.
//!
//! One deliberate difference: OpenCC drops everything after a NUL character inside an unmatched
//! run when a config segments (R8, a C-string artefact that loses text). Here NUL is an ordinary
//! character in every configuration.
//!
//! ```
//! use gongwen_core::convert::Converter;
//!
//! let t2s = Converter::new("t2s").unwrap();
//! assert_eq!(t2s.convert("區交通運輸局"), "区交通运输局");
//! let tw2sp = Converter::new("tw2sp").unwrap();
//! let (out, map) = tw2sp.convert_with_map("記憶體不足");
//! assert_eq!(out, "内存不足");
//! assert_eq!(map.source_span(0), (0, 3)); // 内 <- 記憶體
//! ```

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::charset::CharSet;
use crate::error::{Error, Result};
use crate::offsets::{OffsetMap, OffsetMapBuilder};

include!(concat!(env!("OUT_DIR"), "/opencc_dicts.rs"));

/// The configurations OpenCC ships, in OpenCC's order of documentation.
pub const CONFIGS: [&str; 16] = [
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "hk2t", "t2hk", "tw2t", "s2hkp", "hk2sp",
    "t2jp", "jp2t",
];

const CONFIG_JSON: [(&str, &str); 16] = [
    ("s2t", include_str!("../data/opencc/s2t.json")),
    ("t2s", include_str!("../data/opencc/t2s.json")),
    ("s2tw", include_str!("../data/opencc/s2tw.json")),
    ("tw2s", include_str!("../data/opencc/tw2s.json")),
    ("s2hk", include_str!("../data/opencc/s2hk.json")),
    ("hk2s", include_str!("../data/opencc/hk2s.json")),
    ("s2twp", include_str!("../data/opencc/s2twp.json")),
    ("tw2sp", include_str!("../data/opencc/tw2sp.json")),
    ("t2tw", include_str!("../data/opencc/t2tw.json")),
    ("hk2t", include_str!("../data/opencc/hk2t.json")),
    ("t2hk", include_str!("../data/opencc/t2hk.json")),
    ("tw2t", include_str!("../data/opencc/tw2t.json")),
    ("s2hkp", include_str!("../data/opencc/s2hkp.json")),
    ("hk2sp", include_str!("../data/opencc/hk2sp.json")),
    ("t2jp", include_str!("../data/opencc/t2jp.json")),
    ("jp2t", include_str!("../data/opencc/jp2t.json")),
];

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
struct Node {
    first: CharSet,
    /// No key starts below this character, and no ideographic description character is below
    /// it either: most characters of a text are passed over with one comparison.
    min_first: char,
    /// `first` and the ideographic description characters: the characters a pass must stop
    /// at, tested with one bit instead of a bit and a range check.
    start: CharSet,
    /// Characters that may start a match of two or more characters in this node.
    multi: CharSet,
    /// For every other BMP character: index + 1 into `singles` of this node's one-character
    /// match (0: none), so the common case is one table read whatever the node's shape.
    single_bmp: Box<[u16]>,
    singles: Vec<&'static str>,
    /// `singles` as characters where a value is one character (most are): a pass writes it
    /// without decoding the value.
    single_chars: Vec<Option<char>>,
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
    fn lookup(&self, c: char, s: &[char]) -> Option<(usize, &'static str)> {
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

    fn parse(v: &serde_json::Value, config: &str) -> Node {
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

/// R7: operand count of an ideographic description character (0 for any other char).
#[inline]
fn ids_arity(c: char) -> u32 {
    match c as u32 {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// `set` and every ideographic description character (those [`ids_arity`] gives operands).
fn with_ids(mut set: CharSet) -> CharSet {
    for c in 0x2FF0..=0x2FFF {
        set.insert(c);
    }
    set
}

/// The longest ideographic description sequence [`ids_len`] accepts, in characters.
const IDS_SPAN: usize = 64;

/// A character that no key of any dictionary contains (checked by a test over the dictionary
/// sources): a text can be cut after it and converted in pieces.
#[inline]
pub(crate) fn is_break(c: char) -> bool {
    match c {
        '\n' | ' ' | '0'..='9' | 'a'..='z' => true,
        '-' => false,
        c if c.is_ascii_punctuation() => true,
        '。' | '，' | '、' | '；' | '：' | '！' | '？' | '（' | '）' | '“' | '”' | '‘' | '’' | '《' | '》' => {
            true
        }
        _ => false,
    }
}

/// R7: length of the complete ideographic description sequence at the start of `s`, or 0.
fn ids_len(s: &[char]) -> usize {
    const MAX_DEPTH: u32 = 16;
    const MAX_NODES: u32 = IDS_SPAN as u32;
    fn consume(s: &[char], p: usize, depth_left: u32, nodes: &mut u32) -> Option<usize> {
        if p >= s.len() || depth_left == 0 || *nodes >= MAX_NODES {
            return None;
        }
        *nodes += 1;
        let mut q = p + 1;
        for _ in 0..ids_arity(s[p]) {
            q = consume(s, q, depth_left - 1, nodes)?;
        }
        Some(q)
    }
    if s.is_empty() || ids_arity(s[0]) == 0 {
        return 0;
    }
    consume(s, 0, MAX_DEPTH, &mut 0).unwrap_or(0)
}

/// Append `chars` to `out` in UTF-8, each character's bytes written straight into reserved
/// space as one four-byte store (four bytes a character are reserved, so there is always room;
/// the bytes past a shorter encoding are overwritten by the next character or left beyond the
/// length). `String::extend` and `String::push` go through the general encoder and a capacity
/// check per character, the largest cost of a converted chunk's output.
pub(crate) fn push_chars(out: &mut String, chars: &[char]) {
    out.reserve(4 * chars.len());
    // SAFETY: the bytes up to the new length are the complete UTF-8 encodings of `chars`, so
    // `out` stays valid UTF-8.
    let bytes = unsafe { out.as_mut_vec() };
    let len = bytes.len();
    let spare = &mut bytes.spare_capacity_mut()[..4 * chars.len()];
    let mut n = 0;
    for &c in chars {
        let u = c as u32;
        let (word, width) = if u < 0x80 {
            (u, 1)
        } else if u < 0x800 {
            (0xC0 | u >> 6 | (0x80 | (u & 0x3F)) << 8, 2)
        } else if u < 0x10000 {
            (
                0xE0 | u >> 12 | (0x80 | ((u >> 6) & 0x3F)) << 8 | (0x80 | (u & 0x3F)) << 16,
                3,
            )
        } else {
            let w = 0xF0 | u >> 18 | (0x80 | ((u >> 12) & 0x3F)) << 8 | (0x80 | ((u >> 6) & 0x3F)) << 16;
            (w | (0x80 | (u & 0x3F)) << 24, 4)
        };
        for (d, b) in spare[n..n + 4].iter_mut().zip(word.to_le_bytes()) {
            d.write(b);
        }
        n += width;
    }
    // SAFETY: the `n` bytes after `len` were written above and are within the capacity.
    unsafe { bytes.set_len(len + n) };
}

/// R2: one greedy longest-prefix conversion of `s` with `node`. `None` when nothing matched
/// (the output is `s` itself; most normalisation passes), so no copy is made then.
///
/// With `map`, the pieces mapping the output back to `s` are appended to it (copies for
/// unchanged runs and one-for-one substitutions, joint replacements for phrases).
fn convert_chars(node: &Node, s: &[char], mut map: Option<&mut OffsetMapBuilder>) -> Option<Vec<char>> {
    let mut out: Vec<char> = Vec::new();
    let mut changed = false;
    // Characters from `run_start` on are not in `out` yet; from `map_start` on not in `map`.
    // A one-for-one substitution maps like a copy, so it does not end the map's run.
    let mut run_start = 0;
    let mut map_start = 0;
    let mut p = 0;
    while p < s.len() {
        let c = s[p];
        // Most characters start no key and no ideographic description sequence.
        if c < node.min_first || !node.start.may_contain(c) {
            p += 1;
            continue;
        }
        // A BMP character that starts no longer key: one table read decides ([`Node::lookup`]).
        if (c as u32) < 0x10000 && !node.multi.may_contain(c) {
            let id = node.single_bmp[c as usize];
            if id == 0 {
                p += ids_len(&s[p..]).max(1);
                continue;
            }
            if let Some(v) = node.single_chars[id as usize - 1] {
                if v != c {
                    if !changed {
                        changed = true;
                        out.reserve(s.len() + s.len() / 8);
                    }
                    out.extend_from_slice(&s[run_start..p]);
                    out.push(v);
                    run_start = p + 1;
                }
                // A character mapped to itself changes nothing.
                p += 1;
                continue;
            }
        }
        if let Some((n, value)) = node.lookup(c, &s[p..]) {
            if !changed {
                changed = true;
                out.reserve(s.len() + s.len() / 8);
            }
            out.extend_from_slice(&s[run_start..p]);
            let before = out.len();
            out.extend(value.chars());
            if let Some(m) = map.as_deref_mut() {
                m.copy(p - map_start);
                m.replace(n, out.len() - before);
            }
            p += n;
            run_start = p;
            map_start = p;
            continue;
        }
        p += ids_len(&s[p..]).max(1);
    }
    if let Some(m) = map {
        m.copy(s.len() - map_start);
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&s[run_start..]);
    Some(out)
}

/// `text` and its Traditional forms (OpenCC s2t, s2tw, s2hk), each once, in that order: how
/// data written in Simplified (boilerplate rules, indicator tables) also matches text that was
/// not converted.
pub fn with_traditional_forms(text: &str) -> Vec<String> {
    static VARIANTS: OnceLock<Vec<Converter>> = OnceLock::new();
    let variants = VARIANTS.get_or_init(|| {
        ["s2t", "s2tw", "s2hk"]
            .iter()
            .map(|c| Converter::new(c).expect("bundled config"))
            .collect()
    });
    let mut forms = vec![text.to_string()];
    for v in variants {
        let t = v.convert(text);
        if !forms.contains(&t) {
            forms.push(t);
        }
    }
    forms
}

/// A reusable OpenCC converter for one configuration.
pub struct Converter {
    config: &'static str,
    normalization: Vec<Node>,
    /// The characters a normalisation pass stops at (ideographic description characters and
    /// the first characters of every normalisation node), and the lowest of them: a chunk
    /// without any needs no normalisation pass.
    norm_stop: CharSet,
    norm_min: char,
    segmentation: Option<Node>,
    chain: Vec<Node>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter").field("config", &self.config).finish()
    }
}

impl Converter {
    /// The converter for an OpenCC configuration name (`"t2s"`, `"s2twp"`, ...; a trailing
    /// `.json` is accepted). An unknown name is an [`Error::InvalidArgument`] listing the valid ones.
    pub fn new(config: &str) -> Result<Self> {
        let name = config.trim_end_matches(".json");
        let Some(&(config, json)) = CONFIG_JSON.iter().find(|(n, _)| *n == name) else {
            return Err(Error::InvalidArgument(format!(
                "unknown conversion config '{config}'; valid configs: {}",
                CONFIGS.join(", ")
            )));
        };
        let v: serde_json::Value = serde_json::from_str(json).expect("bundled OpenCC config is JSON");
        let steps = |key: &str| -> Vec<Node> {
            v[key]
                .as_array()
                .map(|a| a.iter().map(|s| Node::parse(&s["dict"], config)).collect())
                .unwrap_or_default()
        };
        let normalization = steps("normalization");
        let mut norm_stop = with_ids(CharSet::default());
        let mut norm_min = '\u{2FF0}';
        for node in &normalization {
            norm_stop.union(&node.start);
            norm_min = norm_min.min(node.min_first);
        }
        Ok(Converter {
            config,
            normalization,
            norm_stop,
            norm_min,
            segmentation: v.get("segmentation").map(|s| Node::parse(&s["dict"], config)),
            chain: steps("conversion_chain"),
        })
    }

    /// The configuration name.
    pub fn config(&self) -> &'static str {
        self.config
    }

    /// R6: maximum forward matching: the matches and the unmatched runs between them.
    fn segments(&self, s: &[char]) -> Vec<(usize, usize)> {
        let Some(seg) = &self.segmentation else {
            return vec![(0, s.len())];
        };
        let mut segs = Vec::new();
        let (mut start, mut p) = (0, 0);
        while p < s.len() {
            let c = s[p];
            if c >= seg.min_first {
                if let Some((n, _)) = seg.lookup(c, &s[p..]) {
                    if p > start {
                        segs.push((start, p));
                    }
                    segs.push((p, p + n));
                    p += n;
                    start = p;
                    continue;
                }
            }
            p += ids_len(&s[p..]).max(1);
        }
        if p > start {
            segs.push((start, p));
        }
        segs
    }

    /// Convert `text`; with `track`, also the map from the output back to `text`, composed
    /// from one map per step (normalisation passes, then each step of the chain across all
    /// segments). The text comes back borrowed when no step changed it (a Simplified text
    /// through t2s, mostly), so callers can copy their own form of it instead.
    fn run<'t>(&self, text: &'t [char], track: bool) -> (Cow<'t, [char]>, Option<OffsetMap>) {
        self.run_after_check(text, track, true)
    }

    /// [`Converter::run`]; `normalize` false tells that `text` holds no character in
    /// `norm_stop`, so no normalisation pass would change it and none is run.
    fn run_after_check<'t>(
        &self,
        text: &'t [char],
        track: bool,
        normalize: bool,
    ) -> (Cow<'t, [char]>, Option<OffsetMap>) {
        let mut cur: Cow<[char]> = Cow::Borrowed(text);
        let mut map: Option<OffsetMap> = track.then(|| OffsetMap::identity(text.len()));
        // R9: normalisation over the whole text.
        for node in self.normalization.iter().filter(|_| normalize) {
            let mut b = track.then(OffsetMap::builder);
            if let Some(out) = convert_chars(node, &cur, b.as_mut()) {
                cur = Cow::Owned(out);
                if let (Some(m), Some(b)) = (map.as_mut(), b) {
                    *m = m.then(&b.finish());
                }
            }
        }
        // R6 + R10: every segment through the whole chain on its own. The output is written
        // from the first segment that changes.
        let mut out: Option<Vec<char>> = None;
        let mut steps: Vec<OffsetMapBuilder> = if track {
            self.chain.iter().map(|_| OffsetMap::builder()).collect()
        } else {
            Vec::new()
        };
        for (s, e) in self.segments(&cur) {
            let mut seg: Cow<[char]> = Cow::Borrowed(&cur[s..e]);
            for (k, node) in self.chain.iter().enumerate() {
                if let Some(o) = convert_chars(node, &seg, steps.get_mut(k)) {
                    seg = Cow::Owned(o);
                }
            }
            match (&mut out, seg) {
                (Some(out), seg) => out.extend_from_slice(&seg),
                (None, Cow::Owned(seg)) => {
                    let mut o = Vec::with_capacity(cur.len() + cur.len() / 8);
                    o.extend_from_slice(&cur[..s]);
                    o.extend_from_slice(&seg);
                    out = Some(o);
                }
                (None, Cow::Borrowed(_)) => {}
            }
        }
        if let Some(m) = map.as_mut() {
            for b in steps {
                *m = m.then(&b.finish());
            }
        }
        (out.map_or(cur, Cow::Owned), map)
    }

    /// [`Converter::convert_with_map`] of `text` composed after `before` (a map from `text` to
    /// an earlier text): the converted text and the map from it to `before`'s source.
    ///
    /// `text` is converted `chunk` characters at a time (a chunk ends at the first safe cut
    /// after `chunk` characters), so no copy of the whole text as characters and no whole
    /// intermediate map is made; the result is identical to converting the whole text. A cut
    /// is safe after a character that no key of any OpenCC dictionary contains ([`is_break`]):
    /// every pass leaves it unchanged and no match can span it, so each pass's greedy scan
    /// restarts there exactly as it does in the whole text. Ideographic description sequences
    /// (R7) are skipped whole and may contain any character: there is no cut within
    /// [`IDS_SPAN`] characters after an ideographic description character. A text without
    /// safe cuts is converted whole.
    ///
    /// `text` is given as the pieces it is made of, in order.
    pub(crate) fn convert_after(&self, text: &[&str], before: &OffsetMap, chunk: usize) -> (String, OffsetMap) {
        let len: usize = text.iter().map(|p| p.len()).sum();
        // Room for the text, a little growth, and the four bytes a character that
        // `push_chars` reserves for the last chunk: the string is not moved as it fills.
        let mut out = String::with_capacity(len + len / 16 + 4 * chunk.min(len));
        let mut map = before.composer();
        let mut buf: Vec<char> = Vec::with_capacity(chunk.min(len) + 64);
        // The chunk in `buf` as slices of `text`: copied as they are when nothing changed.
        let mut parts: Vec<&str> = Vec::new();
        let mut offset = 0;
        // Whether the chunk in `buf` holds a character a normalisation pass stops at.
        let mut normalize = false;
        let mut flush = |buf: &mut Vec<char>, parts: &mut Vec<&str>, offset: &mut usize, normalize: &mut bool| {
            let (o, m) = self.run_after_check(buf, true, *normalize);
            *normalize = false;
            match o {
                Cow::Borrowed(_) => parts.iter().for_each(|p| out.push_str(p)),
                Cow::Owned(o) => push_chars(&mut out, &o),
            }
            for p in m.expect("tracked").pieces() {
                map.push(p, *offset);
            }
            *offset += buf.len();
            buf.clear();
            parts.clear();
        };
        // Characters since the last ideographic description character.
        let mut since_ids = IDS_SPAN + 1;
        for piece in text {
            let mut from = 0;
            for (i, c) in piece.char_indices() {
                buf.push(c);
                since_ids = since_ids.saturating_add(1);
                // Ideographic description characters are among the stops.
                if c >= self.norm_min && self.norm_stop.may_contain(c) {
                    normalize = true;
                    if ids_arity(c) > 0 {
                        since_ids = 0;
                    }
                }
                if buf.len() >= chunk && since_ids > IDS_SPAN && is_break(c) {
                    let end = i + c.len_utf8();
                    parts.push(&piece[from..end]);
                    from = end;
                    flush(&mut buf, &mut parts, &mut offset, &mut normalize);
                }
            }
            if from < piece.len() {
                parts.push(&piece[from..]);
            }
        }
        if !buf.is_empty() || offset == 0 {
            flush(&mut buf, &mut parts, &mut offset, &mut normalize);
        }
        (out, map.finish())
    }

    /// Convert `text` exactly as `opencc.OpenCC(config).convert(text)` does.
    pub fn convert(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        match self.run(&chars, false).0 {
            Cow::Borrowed(_) => text.to_string(),
            Cow::Owned(o) => {
                let mut s = String::new();
                push_chars(&mut s, &o);
                s
            }
        }
    }

    /// [`Converter::convert`] on a text given as characters (how the Python binding reads a
    /// `str`, without a round trip through UTF-8).
    pub fn convert_chars(&self, text: &[char]) -> Vec<char> {
        self.run(text, false).0.into_owned()
    }

    /// [`Converter::convert`], with the map from every output character back to the span of
    /// `text` (in characters) it came from.
    pub fn convert_with_map(&self, text: &str) -> (String, OffsetMap) {
        let chars: Vec<char> = text.chars().collect();
        let (out, map) = self.run(&chars, true);
        let out = match out {
            Cow::Borrowed(_) => text.to_string(),
            Cow::Owned(o) => {
                let mut s = String::new();
                push_chars(&mut s, &o);
                s
            }
        };
        (out, map.expect("tracked"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_chars_is_string_extend() {
        let chars: Vec<char> = "a\u{7F}\u{80}é\u{7FF}\u{800}區\u{FFFF}\u{10000}\u{2A6D6}\u{10FFFF}"
            .chars()
            .collect();
        let mut out = String::from("前");
        push_chars(&mut out, &chars);
        assert_eq!(out, format!("前{}", chars.iter().collect::<String>()));
    }

    #[test]
    fn unknown_config_lists_valid_ones() {
        let err = Converter::new("x2y").unwrap_err().to_string();
        assert!(
            err.contains("x2y") && err.contains("tw2sp") && err.contains("jp2t"),
            "{err}"
        );
    }

    #[test]
    fn every_config_loads() {
        for c in CONFIGS {
            assert_eq!(Converter::new(c).unwrap().config(), c);
        }
    }

    #[test]
    fn opencc_examples() {
        let c = |cfg: &str, s: &str| Converter::new(cfg).unwrap().convert(s);
        assert_eq!(c("t2s", "虛偽歎息"), "虚伪叹息");
        assert_eq!(c("s2twp", "较低级别"), "較低級別"); // segment boundaries persist (R10)
        assert_eq!(c("s2t", "头⿰发发发"), "頭⿰发发發"); // IDS copied verbatim (R7)
        assert_eq!(c("s2t", "豈发"), "豈發"); // normalisation first (R9)
        assert_eq!(c("s2tw", "头发\0头发"), "頭髮\0頭髮"); // NUL kept (deliberate)
        assert_eq!(c("t2s", ""), "");
    }

    #[test]
    fn map_points_back_through_phrases() {
        let conv = Converter::new("tw2sp").unwrap();
        let (out, map) = conv.convert_with_map("用滑鼠存取記憶體");
        assert_eq!(out, "用鼠标访问内存");
        let spans: Vec<_> = (0..map.output_len()).map(|i| map.source_span(i)).collect();
        // 滑鼠 -> 鼠标 and 存取 -> 访问 keep their lengths: character by character.
        assert_eq!(spans, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 8), (5, 8)]);
        assert_eq!(map.source_len(), 8);
        map.check();
    }

    #[test]
    fn maps_tile_the_source() {
        // Chained dictionaries: s2t's 4 -> 4 phrase cut by TWPhrases' 二極管 -> 二極體 gave two
        // pieces over source 0..4.
        let (out, map) = Converter::new("s2twp").unwrap().convert_with_map("光二极管");
        assert_eq!(out, "光二極體");
        map.check();
        let pieces: Vec<_> = map.pieces().map(|p| (p.out_start, p.out_len, p.copy)).collect();
        assert_eq!(pieces, [(0, 4, true)]);
        // Token boundaries in equal-length phrases (t2s 乾盛世, 藉口) stay boundaries.
        let (out, map) = Converter::new("t2s")
            .unwrap()
            .convert_with_map("史稱康乾盛世，會找藉口");
        assert_eq!(out, "史称康乾盛世，会找借口");
        assert_eq!(
            map.map_spans([(0, 2), (2, 3), (3, 4), (4, 6), (6, 7), (7, 9), (9, 11)])
                .len(),
            7
        );
        // Every configuration on real text and on OpenCC's cases.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut texts: Vec<String> = std::fs::read_dir(format!("{dir}/seeds"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push(std::fs::read_to_string(format!("{dir}/opencc/testcases.json")).unwrap());
        for config in CONFIGS {
            let conv = Converter::new(config).unwrap();
            for text in &texts {
                let (out, map) = conv.convert_with_map(text);
                map.check();
                assert_eq!(
                    (map.output_len(), map.source_len()),
                    (out.chars().count(), text.chars().count())
                );
            }
        }
    }
}
