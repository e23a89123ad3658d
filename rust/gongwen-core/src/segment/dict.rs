//! jieba's `FREQ` table: the embedded default dictionary plus the words a user adds.
//!
//! jieba keeps one hash map from every word *and every proper prefix of a word* to a frequency
//! (0 for a prefix). Its lookups distinguish three answers, and so do ours: absent (`None`),
//! present with frequency 0 (a prefix, or a deleted word), and a word with a positive frequency.
//!
//! The default dictionary is a double-array trie compiled by `build.rs`; a [`Dict`] layers the
//! user's changes over it without copying it: changed frequencies of keys the trie has, by id,
//! and a small second trie for keys it does not have.

use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use super::trie::{DoubleArray, CLASSES, CLASS_OTHER};
use crate::charset::CharSet;

static NODE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.nodes"));
static CHAR_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.chars"));
static FREQ_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.freq"));
static TAG_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.tag"));
static TAG_NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/dict.tagnames"));
static FREQ_CLASS_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.freqclass"));
static TOTAL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.total"));

/// The embedded jieba 0.42.1 dictionary, loaded once per process.
pub(crate) struct BaseDict {
    /// The keys; a key's id is its cell in the double array, which indexes the arrays below.
    trie: DoubleArray,
    /// `ln(freq)` per frequency class; `CLASS_OTHER` and unused classes hold NaN.
    class_log: Box<[f64; CLASSES]>,
    /// Frequency per key id; 0 for a prefix-only key and for a cell that holds no key.
    freqs: Vec<u32>,
    /// `ln(freq)` per key id, so the route never calls `ln` for a dictionary word.
    log_freqs: Vec<f64>,
    tags: &'static [u8],
    tag_names: Vec<&'static str>,
    total: u64,
}

impl BaseDict {
    fn load() -> Self {
        let trie = DoubleArray::from_bytes(NODE_BYTES, CHAR_BYTES);
        let freqs: Vec<u32> = FREQ_BYTES
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        // Most cells are prefixes or empty, of frequency 0: their `-inf` needs no call to `ln`
        // (which takes its slow error path for 0), a third of the load time.
        let log_freqs = freqs
            .iter()
            .map(|&f| if f == 0 { f64::NEG_INFINITY } else { (f as f64).ln() })
            .collect();
        let mut class_log = Box::new([f64::NAN; CLASSES]);
        for (slot, b) in class_log.iter_mut().zip(FREQ_CLASS_BYTES.chunks_exact(4)) {
            *slot = (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64).ln();
        }
        let mut tag_names = vec![""];
        tag_names.extend(TAG_NAMES.split('\n'));
        let total = u64::from_le_bytes(TOTAL_BYTES.try_into().expect("dict.total is 8 bytes"));
        debug_assert_eq!(freqs.len(), trie.len());
        BaseDict {
            trie,
            class_log,
            freqs,
            log_freqs,
            tags: TAG_BYTES,
            tag_names,
            total,
        }
    }

    /// The process-wide default dictionary.
    pub(crate) fn shared() -> Arc<BaseDict> {
        static BASE: OnceLock<Arc<BaseDict>> = OnceLock::new();
        BASE.get_or_init(|| Arc::new(BaseDict::load())).clone()
    }

    /// The id of a key (a word or a proper prefix of one), `None` for anything else.
    #[inline]
    fn id_of(&self, word: &[char]) -> Option<u32> {
        self.trie.exact(word).map(|(cell, _)| cell as u32)
    }
}

/// One segmenter's dictionary state: the shared default dictionary plus the user's changes.
#[derive(Clone)]
pub(crate) struct Dict {
    base: Arc<BaseDict>,
    /// Frequencies of the default dictionary's keys the user changed, by key id.
    overrides: Option<Arc<Overrides>>,
    /// Keys (words and their prefixes) not in the default dictionary, with the user's words
    /// for the route, kept up to date by every change (`add_words` segments with the words
    /// added before each next one).
    user: Arc<UserTrie>,
    /// POS tags given with `add_word` or a user dictionary (jieba's `user_word_tag_tab`).
    user_tags: FxHashMap<Box<str>, Box<str>>,
    /// Words added with frequency 0: the HMM must not emit them whole (jieba's `Force_Split_Words`).
    force_split: FxHashSet<Box<str>>,
    total: u64,
    log_total: f64,
}

/// The frequencies of the default dictionary's keys the user changed.
///
/// A lexicon of a few thousand terms changes a few thousand of the 959k keys: a map of the
/// changes and a bitmap (120 KiB) to test for one cost a pipeline a fraction of a millisecond,
/// where copies of the whole frequency arrays cost tens.
#[derive(Clone)]
struct Overrides {
    /// Key id -> (frequency, its `ln`).
    freqs: FxHashMap<u32, (u64, f64)>,
    /// One bit per key id: the user changed its frequency. Unchanged keys keep reading the
    /// frequency class from the trie value, so the route stays on its cache-friendly path.
    changed: Vec<u64>,
}

impl Overrides {
    #[inline]
    fn get(&self, id: usize) -> Option<(u64, f64)> {
        if self.changed[id / 64] & (1 << (id % 64)) == 0 {
            return None;
        }
        self.freqs.get(&(id as u32)).copied()
    }
}

/// The keys the user added that the default dictionary lacks (words and, as jieba keeps them,
/// every proper prefix of a word), as a trie: one node per key, so memory and the time of an
/// insertion are linear in the word's length. (A map from every prefix to its value, as jieba
/// keeps them, holds `n(n+1)/2` characters for a word of `n`: 291 MiB for one of 8,000.)
///
/// A walk from a position of the text follows the nodes and stops at the first string that is
/// not a node. Nodes also stand for the prefixes of a user word that the default dictionary
/// has: the walk must pass them to reach the word; the default dictionary answers for their
/// frequencies.
#[derive(Clone)]
struct UserTrie {
    /// (node, character) -> the node of the string one character longer; node 0 is the root.
    children: FxHashMap<(u32, char), u32>,
    /// Per node: jieba's `FREQ` of the string if it is a user key, `None` for the root and for
    /// keys of the default dictionary.
    freq: Vec<Option<u64>>,
    /// Per node: `ln(freq)` of a user word, `-inf` for anything else (a prefix only, a word set
    /// to 0, a key of the default dictionary).
    log_freq: Vec<f64>,
    /// First characters of the words: most positions skip the walk.
    first: CharSet,
    /// Whether any word has been given a positive frequency.
    any_word: bool,
}

impl Default for UserTrie {
    fn default() -> Self {
        UserTrie {
            children: FxHashMap::default(),
            freq: vec![None],
            log_freq: vec![f64::NEG_INFINITY],
            first: CharSet::default(),
            any_word: false,
        }
    }
}

impl UserTrie {
    /// Whether a user word may start `s`: false for most positions, which then skip
    /// [`UserTrie::prefixes`] altogether.
    #[inline(always)]
    fn may_start(&self, s: &[char]) -> bool {
        self.any_word && s.first().is_some_and(|&c| self.first.may_contain(c))
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        self.children.get(&(node, c)).copied()
    }

    /// The node of `key`, if the trie has it.
    fn node(&self, key: &[char]) -> Option<u32> {
        key.iter().try_fold(0, |n, &c| self.child(n, c))
    }

    /// jieba's `FREQ.get(key)` for a key the default dictionary lacks.
    fn freq(&self, key: &[char]) -> Option<u64> {
        if self.children.is_empty() {
            return None;
        }
        self.freq[self.node(key)? as usize]
    }

    /// Every user word that starts `s`, as (length in chars, `ln(freq)`), shortest first.
    #[inline]
    fn prefixes<'a>(&'a self, s: &'a [char]) -> impl Iterator<Item = (usize, f64)> + 'a {
        let mut node = 0;
        s.iter()
            .map_while(move |&c| {
                node = self.child(node, c)?;
                Some(node)
            })
            .enumerate()
            .map(|(i, n)| (i + 1, self.log_freq[n as usize]))
            .filter(|&(_, lf)| lf >= 0.0)
    }

    /// jieba's `add_word` for a word whose first `in_base` prefixes are keys of the default
    /// dictionary, and not the word itself: `FREQ[word] = freq`, and every longer proper prefix
    /// that is no key yet becomes one of frequency 0.
    fn add(&mut self, word: &[char], in_base: usize, freq: u64) {
        debug_assert!(in_base < word.len());
        let mut node = 0u32;
        for (i, &c) in word.iter().enumerate() {
            node = match self.child(node, c) {
                Some(n) => n,
                None => {
                    let n = u32::try_from(self.freq.len()).expect("fewer than 2^32 user keys");
                    self.children.insert((node, c), n);
                    self.freq.push(None);
                    self.log_freq.push(f64::NEG_INFINITY);
                    n
                }
            };
            let n = node as usize;
            if i + 1 == word.len() {
                self.freq[n] = Some(freq);
                self.log_freq[n] = if freq == 0 {
                    f64::NEG_INFINITY
                } else {
                    (freq as f64).ln()
                };
            } else if i >= in_base && self.freq[n].is_none() {
                self.freq[n] = Some(0);
            }
        }
        if freq > 0 {
            self.first.insert(word[0] as u32);
            self.any_word = true;
        }
    }
}

/// One outgoing edge of the DAG: the word ends before char `end`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub end: u32,
}

/// One edge of jieba's `calc`: the word that ends before `end`, of `ln(freq)` `log_freq`, replaces
/// `best` (`(prob, end)`, `end` 0 for none yet) if `max((prob, end))` picks it: a tie goes to
/// the longer word.
#[inline(always)]
fn consider(best: &mut (f64, u32), end: usize, log_freq: f64, logtotal: f64, route: &[(f64, u32)]) {
    let p = log_freq - logtotal + route[end].0;
    let end = end as u32;
    if best.1 == 0 || p > best.0 || (p == best.0 && end > best.1) {
        *best = (p, end);
    }
}

impl Dict {
    pub(crate) fn new_default() -> Self {
        let base = BaseDict::shared();
        let total = base.total;
        Dict {
            base,
            overrides: None,
            user: Arc::default(),
            user_tags: FxHashMap::default(),
            force_split: FxHashSet::default(),
            total,
            log_total: (total as f64).ln(),
        }
    }

    /// jieba's `total`: the sum of every frequency ever loaded or added.
    #[inline]
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    #[inline]
    pub(crate) fn log_total(&self) -> f64 {
        self.log_total
    }

    /// jieba's `FREQ.get(word)`.
    pub(crate) fn freq(&self, word: &[char]) -> Option<u64> {
        if let Some(id) = self.base.id_of(word) {
            if let Some((f, _)) = self.overrides.as_ref().and_then(|o| o.get(id as usize)) {
                return Some(f);
            }
            return Some(u64::from(self.base.freqs[id as usize]));
        }
        self.user.freq(word)
    }

    /// `FREQ.get(word)` is truthy: the word is in the dictionary with a positive frequency.
    #[inline]
    pub(crate) fn is_word(&self, word: &[char]) -> bool {
        self.freq(word).is_some_and(|f| f > 0)
    }

    pub(crate) fn freq_str(&self, word: &str) -> Option<u64> {
        let chars: Vec<char> = word.chars().collect();
        self.freq(&chars)
    }

    /// Append to `out` the DAG edges from `chars[k]`: every dictionary word with a positive
    /// frequency that starts there, shortest first (jieba's `get_DAG`). Full mode's DAG; the
    /// route scores edges as it walks them ([`Dict::best_from`]).
    pub(crate) fn edges_from(&self, chars: &[char], k: usize, out: &mut Vec<Edge>) {
        let start = out.len();
        let log_freqs = &self.base.log_freqs;
        for (len, cell, _) in self.base.trie.prefixes(&chars[k..]) {
            let lf = match self.overrides.as_ref().and_then(|o| o.get(cell)) {
                Some((_, lf)) => lf,
                None => log_freqs[cell],
            };
            // `ln(0)` is `-inf`: a prefix or a deleted word, not an edge.
            if lf >= 0.0 {
                out.push(Edge { end: (k + len) as u32 });
            }
        }
        let before = out.len();
        if self.user.may_start(&chars[k..]) {
            for (len, _) in self.user.prefixes(&chars[k..]) {
                out.push(Edge { end: (k + len) as u32 });
            }
        }
        if out.len() > before && before > start {
            out[start..].sort_unstable_by_key(|e| e.end);
        }
    }

    /// Start loading the trie cell that the walk from `chars[k]` reaches at step `depth` (see
    /// [`DoubleArray::prefetch`]).
    #[inline(always)]
    pub(crate) fn prefetch(&self, chars: &[char], k: usize, depth: usize) {
        self.base.trie.prefetch(&chars[k..], depth);
    }

    /// jieba's `calc` step at `k`: `max((log(FREQ[w]) - logtotal + route[end][0], end))` over
    /// the DAG edges from `chars[k]`, computed while the trie is walked, with no edge list.
    /// `route[end]` must be final for every `end > k`. A tie goes to the longer word whatever
    /// the order the edges arrive in, so the user trie's edges need no sorting. When no word
    /// starts at `k`, jieba's DAG holds `[k]` and `FREQ.get(c) or 1` is 1.
    #[inline]
    pub(crate) fn best_from(&self, chars: &[char], k: usize, logtotal: f64, route: &[(f64, u32)]) -> (f64, u32) {
        let mut best = (f64::NEG_INFINITY, 0u32);
        let mut take = |end: usize, log_freq: f64| consider(&mut best, end, log_freq, logtotal, route);
        let base = &*self.base;
        // The node says whether the key is a word and the class of its frequency, so a step of
        // the walk reads one cell and, for a word, the small class table.
        let word_log = |cell: usize, class: usize| {
            if class != CLASS_OTHER {
                base.class_log[class]
            } else {
                base.log_freqs[cell]
            }
        };
        let rest = &chars[k..];
        match &self.overrides {
            None => {
                for (len, cell, node) in base.trie.prefixes(rest) {
                    if node.is_word() {
                        take(k + len, word_log(cell, node.class()));
                    }
                }
            }
            Some(o) => {
                for (len, cell, node) in base.trie.prefixes(rest) {
                    // A key the user changed may have become a word or stopped being one.
                    let lf = if let Some((_, lf)) = o.get(cell) {
                        lf
                    } else if node.is_word() {
                        word_log(cell, node.class())
                    } else {
                        continue;
                    };
                    // `ln(0)` is `-inf`: a deleted word is no edge.
                    if lf >= 0.0 {
                        take(k + len, lf);
                    }
                }
            }
        }
        if self.user.may_start(rest) {
            best = self.user_best(rest, k, logtotal, route, best);
        }
        if best.1 == 0 {
            (0.0 - logtotal + route[k + 1].0, k as u32 + 1)
        } else {
            best
        }
    }

    /// [`Dict::best_from`]'s `best` after the user words from `chars[k]` (`rest`). Out of
    /// line, since few positions have any, and by value, so that `best` stays in registers in
    /// the walk of every other position.
    #[inline(never)]
    fn user_best(
        &self,
        rest: &[char],
        k: usize,
        logtotal: f64,
        route: &[(f64, u32)],
        mut best: (f64, u32),
    ) -> (f64, u32) {
        for (len, lf) in self.user.prefixes(rest) {
            consider(&mut best, k + len, lf, logtotal, route);
        }
        best
    }

    /// jieba's `word_tag_tab.get(word)` after user tags are merged in.
    pub(crate) fn tag_of(&self, word: &[char]) -> Option<&str> {
        if !self.user_tags.is_empty() {
            let s: String = word.iter().collect();
            if let Some(t) = self.user_tags.get(s.as_str()) {
                return Some(t);
            }
        }
        let id = self.base.id_of(word)?;
        match self.base.tags[id as usize] {
            0 => None,
            t => Some(self.base.tag_names[t as usize]),
        }
    }

    #[inline]
    pub(crate) fn is_force_split(&self, word: &[char]) -> bool {
        !self.force_split.is_empty() && {
            let s: String = word.iter().collect();
            self.force_split.contains(s.as_str())
        }
    }

    /// jieba's `add_word(word, freq, tag)` with the frequency already decided: `FREQ[word] =
    /// freq`, and every proper prefix that is no key yet becomes one of frequency 0. Time and
    /// memory linear in the word's length.
    pub(crate) fn add_word(&mut self, word: &str, freq: u64, tag: Option<&str>) {
        let chars: Vec<char> = word.chars().collect();
        if chars.is_empty() {
            return;
        }
        // The default dictionary's keys are closed under prefixes: those among the word's
        // prefixes are the first `in_base`, which the walk meets in turn.
        let (mut in_base, mut cell) = (0, 0);
        for (len, c, _) in self.base.trie.prefixes(&chars) {
            (in_base, cell) = (len, c);
        }
        if in_base == chars.len() {
            self.set_base_freq(cell, freq);
        } else {
            Arc::make_mut(&mut self.user).add(&chars, in_base, freq);
        }
        self.total += freq;
        self.log_total = (self.total as f64).ln();
        if let Some(tag) = tag.filter(|t| !t.is_empty()) {
            self.user_tags.insert(word.into(), tag.into());
        }
        if freq == 0 {
            self.force_split.insert(word.into());
        }
    }

    /// Change the frequency of the default dictionary's key of id `id`.
    fn set_base_freq(&mut self, id: usize, freq: u64) {
        let base = &self.base;
        let o = self.overrides.get_or_insert_with(|| {
            Arc::new(Overrides {
                freqs: FxHashMap::default(),
                changed: vec![0; base.freqs.len().div_ceil(64)],
            })
        });
        let o = Arc::make_mut(o);
        o.freqs.insert(id as u32, (freq, (freq as f64).ln()));
        o.changed[id / 64] |= 1 << (id % 64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// jieba's `FREQ` as `gen_pfdict` builds it from `dict.txt`.
    fn jieba_freq() -> HashMap<String, u32> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/jieba/dict.txt");
        let text = std::fs::read_to_string(path).expect("read dict.txt");
        let mut freq = HashMap::new();
        for line in text.lines() {
            let mut parts = line.trim().split(' ');
            let word = parts.next().unwrap();
            let f: u32 = parts.next().unwrap().parse().unwrap();
            freq.insert(word.to_string(), f);
            for (i, _) in word.char_indices().skip(1) {
                freq.entry(word[..i].to_string()).or_insert(0);
            }
        }
        freq
    }

    #[test]
    fn every_key_and_prefix_has_its_frequency_and_nothing_else_is_a_key() {
        let base = BaseDict::shared();
        let freq = jieba_freq();
        let mut ids = std::collections::HashSet::new();
        for (key, &f) in &freq {
            let chars: Vec<char> = key.chars().collect();
            let (id, node) = base.trie.exact(&chars).unwrap_or_else(|| panic!("{key} missing"));
            assert!(ids.insert(id), "{key} shares id {id}");
            assert_eq!(base.freqs[id], f, "{key}");
            assert_eq!(node.is_word(), f > 0, "{key}");
            if f > 0 {
                let lf = (f as f64).ln();
                match node.class() {
                    CLASS_OTHER => assert_eq!(base.log_freqs[id], lf, "{key}"),
                    class => assert_eq!(base.class_log[class], lf, "{key}"),
                }
            }
            // Every prefix of a key is a key, so the walk over the key meets each of them.
            let walked: Vec<usize> = base.trie.prefixes(&chars).map(|(len, _, _)| len).collect();
            assert_eq!(walked, (1..=chars.len()).collect::<Vec<_>>(), "{key}");
            for extra in ['的', 'x', '\u{3000}', '\u{20000}', '\u{9fff}', chars[0]] {
                let mut longer = chars.clone();
                longer.push(extra);
                let s: String = longer.iter().collect();
                assert_eq!(base.trie.exact(&longer).is_some(), freq.contains_key(&s), "{s}");
            }
        }
        for absent in ["", "\u{0}", "\u{ffff}", "\u{10ffff}", "qqqq", "的的的的"] {
            let chars: Vec<char> = absent.chars().collect();
            assert_eq!(
                base.trie.exact(&chars).is_some(),
                freq.contains_key(absent),
                "{absent:?}"
            );
        }
    }

    #[test]
    fn a_long_word_takes_memory_linear_in_its_length() {
        // jieba keeps every prefix as a key: as strings, n(n+1)/2 characters for a word of n.
        let mut d = Dict::new_default();
        let word: String = (0..8_000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
            .collect();
        d.add_word(&word, 5, None);
        // One node per prefix that is no key of the default dictionary (the first character is).
        assert!(d.user.children.len() <= 8_000 && d.user.freq.len() == d.user.children.len() + 1);
        let chars: Vec<char> = word.chars().collect();
        assert_eq!(d.freq(&chars), Some(5));
        assert_eq!(
            d.freq(&chars[..1]),
            BaseDict::shared()
                .id_of(&chars[..1])
                .map(|id| u64::from(BaseDict::shared().freqs[id as usize]))
        );
        assert_eq!(d.freq(&chars[..4000]), Some(0));
        let mut edges = Vec::new();
        d.edges_from(&chars, 0, &mut edges);
        assert_eq!(edges.last().map(|e| e.end), Some(8_000));
        // Adding it again adds no node.
        let before = d.user.freq.len();
        d.add_word(&word, 6, None);
        assert_eq!(d.user.freq.len(), before);
        assert_eq!(d.freq(&chars), Some(6));
    }
}
