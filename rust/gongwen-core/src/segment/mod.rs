//! Segmentation identical to Python `jieba` 0.42.1.
//!
//! Researchers compare word counts across papers, so "almost jieba" is not good enough: every
//! function here reproduces jieba's output token for token, including its quirks (how digits,
//! `-`, `.` and `%` are split, the empty strings of full mode, how `posseg` tags numbers). The
//! algorithm is jieba's own, ported: the text is split into blocks with jieba's character
//! classes; a block's dictionary DAG is built from a double-array trie over jieba's `dict.txt`;
//! the maximum-probability route is computed with jieba's float arithmetic and tie-breaking;
//! runs the route leaves as single characters go through jieba's HMMs with jieba's parameters.
//!
//! The `jieba-rs` crate was the starting point and remains the speed reference in
//! `benches/rust/segment.rs`, but its output differs from jieba's (it keeps `2023-03-14`, `1-2`
//! and `xx.xx` whole, adds parts of alphanumeric compounds in search mode, guesses tags for
//! unknown words instead of running jieba's POS HMM), so no stage depends on it.
//!
//! ```
//! use gongwen_core::segment::Segmenter;
//!
//! let seg = Segmenter::new();
//! assert_eq!(seg.cut("我来到北京清华大学", true), ["我", "来到", "北京", "清华大学"]);
//! assert_eq!(seg.cut("2023-03-14发布", true), ["2023", "-", "03", "-", "14", "发布"]);
//! ```

mod blocks;
mod cutter;
mod dict;
mod finalseg;
mod posseg;
mod trie;
mod userdict;

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parallel::{ForkLock, ForkMutex, Hold};
pub use cutter::Cutter;
use dict::Dict;

/// One token: a span of the input text, in bytes and in characters (Unicode scalar values,
/// which are Python `str` indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

/// How to cut: jieba's accurate mode with or without the HMM, or its search mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `jieba.cut(text, HMM=hmm)`
    Default { hmm: bool },
    /// `jieba.cut_for_search(text, HMM=hmm)`
    Search { hmm: bool },
}

/// A frozen view of a segmenter's dictionary: what one call, or one batch, segments with.
/// Cheap to clone; later changes to the [`Segmenter`] do not affect it.
#[derive(Clone)]
pub struct Snapshot {
    dict: Arc<Dict>,
}

impl Snapshot {
    /// The segmentation algorithms over this dictionary state.
    #[inline]
    pub fn cutter(&self) -> Cutter<'_> {
        Cutter { dict: &self.dict }
    }

    /// See [`Cutter::cut_with`].
    pub fn cut_with(&self, text: &str, mode: Mode, emit: impl FnMut(Token)) {
        self.cutter().cut_with(text, mode, emit)
    }

    /// See [`Cutter::cut_all_with`].
    pub fn cut_all_with(&self, text: &str, emit: impl FnMut(&str)) {
        self.cutter().cut_all_with(text, emit)
    }

    /// See [`Cutter::tag_with`].
    pub fn tag_with(&self, text: &str, hmm: bool, emit: impl FnMut(Token, &str)) {
        self.cutter().tag_with(text, hmm, emit)
    }

    /// See [`Cutter::freq`].
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.cutter().freq(word)
    }
}

/// The longest word, in characters, that a segmenter's dictionary takes (`add_word`, user
/// dictionaries, token-mode lexicon terms); a longer one is an [`Error::WordTooLong`] or, in a
/// user dictionary, an [`Error::TableLine`] naming the line. jieba's longest word has 16
/// characters. jieba keeps every prefix of a word as a key, so a word of `n` characters cost
/// memory in `n²` before gongwen kept them in a trie; a cap still keeps one line of a broken
/// file (a whole document without newlines) from slowing every later cut.
pub const MAX_WORD_CHARS: usize = 256;

/// `Err` if `word` is longer than [`MAX_WORD_CHARS`]; `what` says where it came from.
pub fn check_word(word: &str, what: impl FnOnce() -> String) -> Result<()> {
    // A word of at most MAX_WORD_CHARS characters has at most 4 bytes each.
    if word.len() <= MAX_WORD_CHARS || word.chars().count() <= MAX_WORD_CHARS {
        return Ok(());
    }
    Err(Error::WordTooLong {
        what: what(),
        chars: word.chars().count(),
        max: MAX_WORD_CHARS,
        start: word.chars().take(12).collect(),
    })
}

/// A jieba-identical segmenter that owns its dictionary.
///
/// Segmentation takes a [`Snapshot`] of the dictionary, so any number of threads can cut at
/// once while another adds words; a change is seen by calls that start after it.
///
/// Readers never wait for a writer: the current dictionary is locked only to copy or replace
/// the pointer to it. A change that takes a while (a user dictionary, a lexicon's terms) is made
/// on a copy, outside any lock, and then published; one word (`add_word`) is changed in place
/// when no snapshot holds the dictionary, which takes microseconds. Writers take turns. Both
/// locks survive `fork()` (see [`crate::parallel`]): a child forked while another thread loads a
/// user dictionary uses the dictionary as it was before the load.
pub struct Segmenter {
    /// The dictionary as it is now.
    dict: ForkMutex<Arc<Dict>>,
    /// Held by the one writer at a time, through its whole change.
    writer: ForkLock,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// A segmenter over jieba's default dictionary.
    pub fn new() -> Self {
        Self::over(Arc::new(Dict::new_default()))
    }

    fn over(dict: Arc<Dict>) -> Self {
        Segmenter {
            dict: ForkMutex::new(dict),
            writer: ForkLock::new(),
        }
    }

    /// The process-wide default segmenter, built on first use.
    pub fn global() -> &'static Segmenter {
        static GLOBAL: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        GLOBAL.get_or_init(Segmenter::new)
    }

    /// The dictionary as it is now.
    pub fn snapshot(&self) -> Snapshot {
        // One reference count incremented: a child may take the lock over at any point of it.
        let dict = self.dict.with(Hold::Consistent, |d| d.clone());
        Snapshot { dict }
    }

    /// A new segmenter that starts from this one's dictionary as it is now; changes to either
    /// afterwards do not affect the other. Cheap: the dictionary is copied on the first change.
    pub fn fork(&self) -> Segmenter {
        Self::over(self.snapshot().dict)
    }

    /// A small change: in place if no snapshot holds the dictionary, else on a copy.
    fn modify<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R {
        let _writer = self.writer.lock(Hold::Consistent);
        // Readers wait only for `f`, and only if nothing else holds the dictionary.
        let mut f = Some(f);
        let done = self.dict.with(Hold::Mutating, |d| {
            Arc::get_mut(d).map(|d| (f.take().expect("not called yet"))(d))
        });
        match done {
            Some(r) => r,
            None => self.publish_with(f.expect("not called yet")),
        }
    }

    /// A change made on a copy of the dictionary, outside the lock readers take, then published.
    /// The caller holds the writer lock.
    fn publish_with<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R {
        let mut copy = Dict::clone(&self.snapshot().dict);
        let r = f(&mut copy);
        let old = self
            .dict
            .with(Hold::Consistent, |d| std::mem::replace(d, Arc::new(copy)));
        // Freed, if no snapshot holds it, outside the lock.
        drop(old);
        r
    }

    /// A change that takes a while: on a copy, so that readers never wait for it.
    fn modify_long<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R {
        let _writer = self.writer.lock(Hold::Consistent);
        self.publish_with(f)
    }

    /// `jieba.lcut(text, HMM=hmm)` as string slices.
    pub fn cut<'a>(&self, text: &'a str, hmm: bool) -> Vec<&'a str> {
        let mut out = Vec::new();
        self.snapshot()
            .cut_with(text, Mode::Default { hmm }, |t| out.push(&text[t.start..t.end]));
        out
    }

    /// jieba's `add_word`: `freq` defaults to [`Segmenter::suggest_freq`]; returns the frequency
    /// set. A word longer than [`MAX_WORD_CHARS`] is an error.
    pub fn add_word(&self, word: &str, freq: Option<u64>, tag: Option<&str>) -> Result<u64> {
        check_word(word, || "add_word".into())?;
        Ok(self.modify(|dict| add_word_in(dict, word, freq, tag)))
    }

    /// `for w in words: jieba.add_word(w)`, as one change: each word gets the frequency
    /// [`Segmenter::suggest_freq`] gives it after the words before it were added. Nothing is
    /// added if a word is longer than [`MAX_WORD_CHARS`].
    pub fn add_words<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Result<()> {
        let words: Vec<&str> = words.into_iter().collect();
        for (i, w) in words.iter().enumerate() {
            check_word(w, || format!("word {i}"))?;
        }
        self.modify_long(|dict| {
            for w in words {
                add_word_in(dict, w, None, None);
            }
        });
        Ok(())
    }

    /// jieba's `del_word`: the word gets frequency 0 and the HMM will not produce it either.
    pub fn del_word(&self, word: &str) -> Result<()> {
        check_word(word, || "del_word".into())?;
        self.modify(|dict| dict.add_word(word, 0, None));
        Ok(())
    }

    /// jieba's `suggest_freq(segment, tune)` for a string: the frequency that makes `segment`
    /// come out as one word. With `tune`, the word is added with it (an error if it is longer
    /// than [`MAX_WORD_CHARS`]).
    pub fn suggest_freq(&self, segment: &str, tune: bool) -> Result<u64> {
        if tune {
            check_word(segment, || "suggest_freq".into())?;
            Ok(self.modify(|dict| add_word_in(dict, segment, None, None)))
        } else {
            Ok(suggest_freq_in(self.snapshot().cutter(), segment))
        }
    }

    /// jieba's `suggest_freq(parts, tune)` for a sequence: the frequency that makes the joined
    /// word come out cut into exactly these parts.
    pub fn suggest_freq_split(&self, parts: &[&str], tune: bool) -> Result<u64> {
        let word: String = parts.concat();
        let compute = |c: Cutter<'_>| {
            let total = c.dict.total();
            let ftotal = total as f64;
            let mut freq = 1.0f64;
            for p in parts {
                freq *= c.freq(p).unwrap_or(1) as f64 / ftotal;
            }
            ((freq * total as f64) as u64).min(c.freq(&word).unwrap_or(0))
        };
        if tune {
            check_word(&word, || "suggest_freq".into())?;
            Ok(self.modify(|dict| {
                let f = compute(Cutter { dict });
                dict.add_word(&word, f, None);
                f
            }))
        } else {
            Ok(compute(self.snapshot().cutter()))
        }
    }
}

/// jieba's `add_word`, where a missing frequency is suggested from the words added so far.
fn add_word_in(dict: &mut Dict, word: &str, freq: Option<u64>, tag: Option<&str>) -> u64 {
    let freq = freq.unwrap_or_else(|| suggest_freq_in(Cutter { dict }, word));
    dict.add_word(word, freq, tag);
    freq
}

fn suggest_freq_in(c: Cutter<'_>, word: &str) -> u64 {
    let total = c.dict.total();
    let ftotal = total as f64;
    let mut freq = 1.0f64;
    c.cut_with(word, Mode::Default { hmm: false }, |t| {
        freq *= c.freq(&word[t.start..t.end]).unwrap_or(1) as f64 / ftotal;
    });
    ((freq * total as f64) as u64 + 1).max(c.freq(word).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_taken_during_a_load_sees_the_dictionary_before_it() {
        let seg = Segmenter::new();
        let held = seg.snapshot();
        // With a snapshot held, even a single word goes to a copy.
        seg.add_word("杭研", Some(7), None).unwrap();
        assert_eq!(held.freq("杭研"), None);
        assert_eq!(seg.snapshot().freq("杭研"), Some(7));
        seg.load_userdict_from("大厦杭研 9\n".as_bytes(), "x").unwrap();
        assert_eq!(seg.snapshot().freq("大厦杭研"), Some(9));
        assert_eq!(seg.snapshot().freq("杭研"), Some(7));
    }

    #[test]
    fn add_and_delete_words() {
        let seg = Segmenter::new();
        assert_eq!(seg.cut("杭研大厦", false), ["杭", "研", "大厦"]);
        seg.add_word("杭研", None, None).unwrap();
        assert_eq!(seg.cut("杭研大厦", false), ["杭研", "大厦"]);
        seg.del_word("大厦").unwrap();
        assert_eq!(seg.cut("杭研大厦", false), ["杭研", "大", "厦"]);
    }

    #[test]
    fn a_prefix_of_the_default_dictionary_becomes_a_word_and_back() {
        let seg = Segmenter::new();
        let snap = seg.snapshot();
        assert_eq!(snap.freq("清华大"), Some(0));
        assert_eq!(seg.cut("清华大", false), ["清华", "大"]);
        seg.add_word("清华大", Some(1_000_000), None).unwrap();
        assert_eq!(seg.cut("清华大", false), ["清华大"]);
        assert_eq!(seg.cut("清华大学", false), ["清华大学"]);
        seg.add_word("清华大", Some(0), None).unwrap();
        assert_eq!(seg.cut("清华大", false), ["清华", "大"]);
        // The snapshot taken before the changes keeps the default dictionary.
        let mut old = Vec::new();
        snap.cut_with("清华大", Mode::Default { hmm: false }, |t| old.push(t.end));
        assert_eq!(old, [6, 9]);
    }
}
