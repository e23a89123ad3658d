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

use crate::error::{Error, Result};
use crate::offsets::OffsetMap;

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

/// Characters at or above this have no bit in a [`FirstChars`] and always go to the lookup.
const FIRST_LIMIT: usize = 0x30000;

/// A set of characters as a bitmap: which characters start some key. Most characters of a text
/// start no key of most dictionaries; one bit test skips them. Covers U+0000..U+2FFFF (24 KiB);
/// characters above may match and are looked up.
struct FirstChars(Box<[u64]>);

impl FirstChars {
    fn empty() -> Self {
        FirstChars(vec![0u64; FIRST_LIMIT / 64].into_boxed_slice())
    }

    #[inline(always)]
    fn contains(&self, c: char) -> bool {
        let c = c as usize;
        c >= FIRST_LIMIT || (self.0[c >> 6] >> (c & 63)) & 1 == 1
    }

    fn insert(&mut self, c: u32) {
        let c = c as usize;
        if c < FIRST_LIMIT {
            self.0[c >> 6] |= 1 << (c & 63);
        }
    }

    fn union(&mut self, other: &FirstChars) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }
}

/// One OpenCC dictionary: a trie over its keys and the first value of every entry (R1).
struct Leaf {
    trie: crawdad::Trie,
    /// `offs[i]..offs[i + 1]` is entry `i`'s value in `values`.
    offs: Vec<u32>,
    values: &'static str,
    /// Characters that start a key.
    first: FirstChars,
    /// Characters that start a key of two or more characters: only there is the trie walked.
    multi: FirstChars,
    /// Entry id + 1 of the one-character key of each BMP character (0: none); most
    /// dictionaries (TSCharacters, STCharacters, variants) hold only such keys.
    single_bmp: Box<[u32]>,
    single_astral: rustc_hash::FxHashMap<char, u32>,
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
            let mut first = FirstChars::empty();
            let mut multi = FirstChars::empty();
            let mut single_bmp = vec![0u32; 0x10000].into_boxed_slice();
            let mut single_astral = rustc_hash::FxHashMap::default();
            let mut in_multi = false;
            for b in first_chars.chunks_exact(4) {
                let c = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                if c == 0 {
                    in_multi = true;
                } else if in_multi {
                    multi.insert(c);
                } else {
                    first.insert(c);
                    let ch = char::from_u32(c).expect("key characters are chars");
                    if let Some(id) = trie.exact_match(std::iter::once(ch)) {
                        if c < 0x10000 {
                            single_bmp[c as usize] = id + 1;
                        } else {
                            single_astral.insert(ch, id + 1);
                        }
                    }
                }
            }
            Leaf {
                trie,
                offs,
                values,
                first,
                multi,
                single_bmp,
                single_astral,
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
    fn longest(&self, c: char, s: &str) -> Option<(usize, &'static str)> {
        if self.multi.contains(c) {
            return self
                .trie
                .common_prefix_search(s.chars())
                .last()
                .map(|(id, len)| (len, self.value(id)));
        }
        let id = if (c as u32) < 0x10000 {
            self.single_bmp[c as usize]
        } else {
            self.single_astral.get(&c).copied().unwrap_or(0)
        };
        (id != 0).then(|| (1, self.value(id - 1)))
    }
}

/// A dictionary node of a configuration (R1), with the characters its keys start with.
struct Node {
    first: FirstChars,
    /// When the UTF-8 lead bytes of those characters are few (the compatibility ideographs of
    /// normalisation start with `EF` or `F0`): a table of them, plus `E2` (ideographic
    /// description characters, R7) and `F0`-`F4`. Text between such bytes is skipped a byte at
    /// a time instead of decoded character by character.
    rare_leads: Option<Box<[bool; 256]>>,
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
    fn new(first: FirstChars, kind: Kind) -> Node {
        let mut leads = [false; 256];
        for (w, word) in first.0.iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let c = (w * 64 + bits.trailing_zeros() as usize) as u32;
                bits &= bits - 1;
                let mut buf = [0u8; 4];
                if let Some(ch) = char::from_u32(c) {
                    leads[ch.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
                }
            }
        }
        // Characters past FIRST_LIMIT have no bits but may start keys (lead bytes F0-F4), and
        // an ideographic description sequence (lead byte E2) must be skipped whole.
        leads[0xF0..=0xF4].iter_mut().for_each(|l| *l = true);
        leads[0xE2] = true;
        let few = leads.iter().filter(|&&l| l).count() <= 8;
        Node {
            first,
            rare_leads: few.then(|| Box::new(leads)),
            kind,
        }
    }

    /// The longest match at the start of `s`, whose first character is `c`.
    #[inline(always)]
    fn longest(&self, c: char, s: &str) -> Option<(usize, &'static str)> {
        if !self.first.contains(c) {
            return None;
        }
        self.longest_in(c, s)
    }

    fn longest_in(&self, c: char, s: &str) -> Option<(usize, &'static str)> {
        match &self.kind {
            Kind::Leaf(l) => l.longest(c, s),
            Kind::ShortCircuit(children) => children.iter().find_map(|n| n.longest(c, s)),
            Kind::Union(children) => {
                let mut best: Option<(usize, &'static str)> = None;
                for n in children {
                    if let Some(m) = n.longest(c, s) {
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
                let mut first = FirstChars::empty();
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
                let mut first = FirstChars::empty();
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

/// R7: the complete ideographic description sequence at the start of `s`, as (chars, bytes),
/// or `None`.
fn ids_len(s: &str) -> Option<(usize, usize)> {
    const MAX_DEPTH: u32 = 16;
    const MAX_NODES: u32 = 64;
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
    // A sequence has at most MAX_NODES characters.
    let chars: Vec<char> = s.chars().take(MAX_NODES as usize).collect();
    if chars.is_empty() || ids_arity(chars[0]) == 0 {
        return None;
    }
    let n = consume(&chars, 0, MAX_DEPTH, &mut 0)?;
    Some((n, chars[..n].iter().map(|c| c.len_utf8()).sum()))
}

/// The char starting at byte `p` of valid UTF-8 `b`, and its length: the converter's inner
/// loop decodes every character of the text, so this avoids `str::chars()`'s generality.
#[inline(always)]
fn decode(b: &[u8], p: usize) -> (char, usize) {
    let b0 = b[p] as u32;
    let (c, len) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[p + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((b[p + 1] as u32 & 0x3F) << 6) | (b[p + 2] as u32 & 0x3F),
            3,
        )
    } else {
        let c = ((b0 & 0x07) << 18)
            | ((b[p + 1] as u32 & 0x3F) << 12)
            | ((b[p + 2] as u32 & 0x3F) << 6)
            | (b[p + 3] as u32 & 0x3F);
        (c, 4)
    };
    // Valid UTF-8 (the input is a `str`) decodes to a valid scalar value.
    (char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

/// Byte length of the first `n` characters of `s`.
#[inline]
fn byte_len(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Where converted text comes from: per output char, the source span `[start, end)` in the
/// original text, in chars. Only tracked when the caller asks for an offset map.
type Spans = Vec<(u32, u32)>;

/// R2: one greedy longest-prefix conversion of `s` with `node`. `None` when nothing matched
/// (the output is `s` itself; most normalisation passes), so no copy is made then.
///
/// With `spans`, `src[i]` is the source span of char `i` of `s`, and the spans of the output
/// chars are returned alongside.
fn convert_str(node: &Node, s: &str, src: Option<&[(u32, u32)]>) -> Option<(String, Spans)> {
    if let (Some(leads), None) = (&node.rare_leads, src) {
        return convert_sparse(node, leads, s).map(|o| (o, Vec::new()));
    }
    let mut out = String::new();
    let mut dst: Spans = Vec::new();
    let mut changed = false;
    let (mut run_start, mut run_ci) = (0, 0);
    let (mut p, mut ci) = (0, 0);
    let bytes = s.as_bytes();
    while p < s.len() {
        let (c, clen) = decode(bytes, p);
        if let Some((n, value)) = node.first.contains(c).then(|| node.longest_in(c, &s[p..])).flatten() {
            if !changed {
                changed = true;
                out.reserve(s.len() + s.len() / 8);
            }
            out.push_str(&s[run_start..p]);
            let blen = byte_len(&s[p..], n);
            out.push_str(value);
            if let Some(src) = src {
                dst.extend_from_slice(&src[run_ci..ci]);
                let added = value.chars().count();
                if n == 1 && added == 1 {
                    dst.push(src[ci]);
                } else {
                    let joint = (src[ci].0, src[ci + n - 1].1);
                    dst.extend(std::iter::repeat_n(joint, added));
                }
            }
            p += blen;
            ci += n;
            run_start = p;
            run_ci = ci;
            continue;
        }
        if ids_arity(c) > 0 {
            if let Some((n, blen)) = ids_len(&s[p..]) {
                p += blen;
                ci += n;
                continue;
            }
        }
        p += clen;
        ci += 1;
    }
    if !changed {
        return None;
    }
    out.push_str(&s[run_start..]);
    if let Some(src) = src {
        dst.extend_from_slice(&src[run_ci..ci]);
    }
    Some((out, dst))
}

/// [`convert_str`] without spans for a node whose keys start with rare lead bytes: only the
/// positions of such bytes are decoded and looked up.
fn convert_sparse(node: &Node, leads: &[bool; 256], s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let (mut run_start, mut p) = (0, 0);
    while let Some(off) = bytes[p..].iter().position(|&b| leads[b as usize]) {
        p += off;
        let (c, clen) = decode(bytes, p);
        if let Some((n, value)) = node.first.contains(c).then(|| node.longest_in(c, &s[p..])).flatten() {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len() + s.len() / 8));
            o.push_str(&s[run_start..p]);
            o.push_str(value);
            p += byte_len(&s[p..], n);
            run_start = p;
            continue;
        }
        p += match (ids_arity(c) > 0).then(|| ids_len(&s[p..])).flatten() {
            Some((_, blen)) => blen,
            None => clen,
        };
    }
    let mut o = out?;
    o.push_str(&s[run_start..]);
    Some(o)
}

/// A reusable OpenCC converter for one configuration.
pub struct Converter {
    config: &'static str,
    normalization: Vec<Node>,
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
        Ok(Converter {
            config,
            normalization: steps("normalization"),
            segmentation: v.get("segmentation").map(|s| Node::parse(&s["dict"], config)),
            chain: steps("conversion_chain"),
        })
    }

    /// The configuration name.
    pub fn config(&self) -> &'static str {
        self.config
    }

    /// R6: maximum forward matching: the matches and the unmatched runs between them, as
    /// (byte start, byte end, char start, char end).
    fn segments(&self, s: &str) -> Vec<(usize, usize, usize, usize)> {
        let Some(seg) = &self.segmentation else {
            return vec![(0, s.len(), 0, usize::MAX)];
        };
        let mut segs = Vec::new();
        let (mut start, mut start_ci) = (0, 0);
        let (mut p, mut ci) = (0, 0);
        while p < s.len() {
            let c = s[p..].chars().next().expect("char boundary");
            if let Some((n, _)) = seg.longest(c, &s[p..]) {
                if p > start {
                    segs.push((start, p, start_ci, ci));
                }
                let blen = byte_len(&s[p..], n);
                segs.push((p, p + blen, ci, ci + n));
                p += blen;
                ci += n;
                start = p;
                start_ci = ci;
                continue;
            }
            match (ids_arity(c) > 0).then(|| ids_len(&s[p..])).flatten() {
                Some((n, blen)) => {
                    p += blen;
                    ci += n;
                }
                None => {
                    p += c.len_utf8();
                    ci += 1;
                }
            }
        }
        if p > start {
            segs.push((start, p, start_ci, ci));
        }
        segs
    }

    fn run(&self, text: &str, track: bool) -> (String, Option<Spans>) {
        let mut cur: Cow<str> = Cow::Borrowed(text);
        let mut spans: Option<Spans> = track.then(|| (0..text.chars().count() as u32).map(|i| (i, i + 1)).collect());
        // R9: normalisation over the whole text.
        for node in &self.normalization {
            if let Some((out, sp)) = convert_str(node, &cur, spans.as_deref()) {
                cur = Cow::Owned(out);
                if track {
                    spans = Some(sp);
                }
            }
        }
        // R6 + R10: every segment through the whole chain on its own.
        let mut out = String::with_capacity(cur.len() + cur.len() / 8);
        let mut out_spans: Spans = Vec::new();
        for (bs, be, cs, ce) in self.segments(&cur) {
            let mut seg: Cow<str> = Cow::Borrowed(&cur[bs..be]);
            let mut seg_spans: Cow<[(u32, u32)]> = match &spans {
                Some(sp) => Cow::Borrowed(&sp[cs..ce.min(sp.len())]),
                None => Cow::Borrowed(&[]),
            };
            for node in &self.chain {
                if let Some((o, sp)) = convert_str(node, &seg, track.then_some(&seg_spans[..])) {
                    seg = Cow::Owned(o);
                    if track {
                        seg_spans = Cow::Owned(sp);
                    }
                }
            }
            out.push_str(&seg);
            if track {
                out_spans.extend_from_slice(&seg_spans);
            }
        }
        (out, track.then_some(out_spans))
    }

    /// Convert `text` exactly as `opencc.OpenCC(config).convert(text)` does.
    pub fn convert(&self, text: &str) -> String {
        self.run(text, false).0
    }

    /// [`Converter::convert`], with the map from every output character back to the span of
    /// `text` (in characters) it came from.
    pub fn convert_with_map(&self, text: &str) -> (String, OffsetMap) {
        let n = text.chars().count();
        let (out, spans) = self.run(text, true);
        let map = OffsetMap::from_spans(&spans.unwrap_or_default(), n);
        (out, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(spans, [(0, 1), (1, 3), (1, 3), (3, 5), (3, 5), (5, 8), (5, 8)]);
        assert_eq!(map.source_len(), 8);
    }
}
