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

mod dict;
mod finalseg;
mod posseg;
mod trie;

use std::cell::RefCell;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parallel::{ForkLock, ForkMutex, Hold};
use dict::{Dict, Edge};

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

/// jieba's `re_han_default`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]`.
#[inline(always)]
fn is_han_default(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        finalseg::is_hmm_han(c)
    }
}

/// `posseg`'s `re_han_internal`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._]` (no `%`, no `-`).
#[inline(always)]
fn is_han_internal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_')
    } else {
        finalseg::is_hmm_han(c)
    }
}

/// Python's `\s` for `str` patterns (`str.isspace`).
#[inline]
fn is_py_space(c: char) -> bool {
    matches!(c,
        '\t'..='\r' | '\x1c'..='\x20' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}'
        | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// A block of the input: its characters and the byte offset of each (plus the end).
#[derive(Default)]
struct Block {
    chars: Vec<char>,
    offs: Vec<usize>,
    /// Character index of the block's first character in the whole text.
    char_base: usize,
}

impl Block {
    #[inline(always)]
    fn token(&self, a: usize, b: usize) -> Token {
        Token {
            start: self.offs[a],
            end: self.offs[b],
            char_start: self.char_base + a,
            char_end: self.char_base + b,
        }
    }
}

/// Per-thread buffers reused across calls, so cutting a sentence allocates only its output.
#[derive(Default)]
struct Work {
    starts: Vec<u32>,
    edges: Vec<Edge>,
    route: Vec<(f64, u32)>,
    hmm: finalseg::Scratch,
    pos: posseg::Scratch,
}

thread_local! {
    static BLOCK: RefCell<Block> = RefCell::new(Block::default());
}

/// Split `text` into maximal runs of `is_han(c)` and of its complement, and hand each run to
/// `f(block, is_han_run)`.
fn for_each_block(text: &str, is_han: fn(char) -> bool, mut f: impl FnMut(&Block, bool)) {
    BLOCK.with(|cell| {
        let block = &mut *cell.borrow_mut();
        let mut char_pos = 0;
        let mut iter = text.char_indices().peekable();
        while let Some(&(_, first)) = iter.peek() {
            let kind = is_han(first);
            block.chars.clear();
            block.offs.clear();
            block.char_base = char_pos;
            while let Some(&(i, c)) = iter.peek() {
                if is_han(c) != kind {
                    break;
                }
                block.chars.push(c);
                block.offs.push(i);
                iter.next();
            }
            block.offs.push(iter.peek().map_or(text.len(), |&(i, _)| i));
            char_pos += block.chars.len();
            f(block, kind);
        }
    });
}

/// Run `f` with this thread's work buffers. Not re-entrant; `f` must not segment.
fn with_work<R>(f: impl FnOnce(&mut Work) -> R) -> R {
    thread_local! {
        static WORK: RefCell<Work> = RefCell::new(Work::default());
    }
    WORK.with(|w| f(&mut w.borrow_mut()))
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

/// The segmentation algorithms over one dictionary state.
#[derive(Clone, Copy)]
pub struct Cutter<'d> {
    dict: &'d Dict,
}

impl<'d> Cutter<'d> {
    /// jieba's `get_DAG` + `calc` in one right-to-left pass: the best route through the block,
    /// left in `work.route`. The edges from `idx` are walked in the trie and scored at once
    /// (`route[end]` is final for every `end > idx`), so no DAG is stored.
    ///
    /// The walks are bound by cache misses, mostly at their second step (the root's children
    /// stay in cache; most walks end at the second or third). The walks of different positions
    /// are independent, so the second cell of the walk `AHEAD` positions to the left is
    /// prefetched while the walk at `idx` runs: the misses overlap instead of coming one after
    /// another. Prefetching the third cells too (after loading the second) cost more than it
    /// saved.
    fn route(&self, chars: &[char], work: &mut Work) {
        /// How far ahead (to the left) the second cell of a walk is prefetched: about a clause,
        /// so a short block has all of them asked for before its first walk.
        const AHEAD: usize = 32;
        let d = self.dict;
        let n = chars.len();
        let logtotal = d.log_total();
        let route = &mut work.route;
        route.clear();
        route.resize(n + 1, (0.0, 0));
        for idx in n.saturating_sub(AHEAD)..n {
            d.prefetch(chars, idx, 2);
        }
        for idx in (0..n).rev() {
            if let Some(ahead) = idx.checked_sub(AHEAD) {
                d.prefetch(chars, ahead, 2);
            }
            route[idx] = d.best_from(chars, idx, logtotal, route);
        }
    }

    /// Cut `text` as jieba's `cut` (accurate mode) or `cut_for_search` does.
    pub fn cut_with(&self, text: &str, mode: Mode, mut emit: impl FnMut(Token)) {
        match mode {
            Mode::Default { hmm } => self.cut_default(text, hmm, &mut emit),
            Mode::Search { hmm } => {
                let mut chars = Vec::new();
                self.cut_default(text, hmm, &mut |t: Token| {
                    let n = t.char_end - t.char_start;
                    if n > 2 {
                        chars.clear();
                        chars.extend(text[t.start..t.end].chars());
                        let mut offs = Vec::with_capacity(n + 1);
                        offs.extend(text[t.start..t.end].char_indices().map(|(i, _)| t.start + i));
                        offs.push(t.end);
                        for len in [2usize, 3] {
                            if n > len {
                                for i in 0..=n - len {
                                    if self.dict.is_word(&chars[i..i + len]) {
                                        emit(Token {
                                            start: offs[i],
                                            end: offs[i + len],
                                            char_start: t.char_start + i,
                                            char_end: t.char_start + i + len,
                                        });
                                    }
                                }
                            }
                        }
                    }
                    emit(t);
                })
            }
        }
    }

    fn cut_default(&self, text: &str, hmm: bool, emit: &mut impl FnMut(Token)) {
        for_each_block(text, is_han_default, |b, han| {
            if han {
                with_work(|w| {
                    if hmm {
                        self.cut_dag_hmm(b, w, emit)
                    } else {
                        self.cut_dag_no_hmm(b, w, emit)
                    }
                });
            } else {
                let n = b.chars.len();
                let mut i = 0;
                while i < n {
                    let len = if b.chars[i] == '\r' && i + 1 < n && b.chars[i + 1] == '\n' {
                        2
                    } else {
                        1
                    };
                    emit(b.token(i, i + len));
                    i += len;
                }
            }
        });
    }

    /// jieba's `__cut_DAG_NO_HMM`.
    fn cut_dag_no_hmm(&self, b: &Block, w: &mut Work, emit: &mut impl FnMut(Token)) {
        self.route(&b.chars, w);
        let n = b.chars.len();
        let mut buf: Option<usize> = None;
        let mut x = 0;
        while x < n {
            let y = w.route[x].1 as usize;
            if y - x == 1 && b.chars[x].is_ascii_alphanumeric() {
                buf.get_or_insert(x);
            } else {
                if let Some(s) = buf.take() {
                    emit(b.token(s, x));
                }
                emit(b.token(x, y));
            }
            x = y;
        }
        if let Some(s) = buf {
            emit(b.token(s, n));
        }
    }

    /// jieba's `__cut_DAG`.
    fn cut_dag_hmm(&self, b: &Block, w: &mut Work, emit: &mut impl FnMut(Token)) {
        self.route(&b.chars, w);
        let n = b.chars.len();
        let mut buf: Option<usize> = None;
        let mut x = 0;
        while x < n {
            let y = w.route[x].1 as usize;
            if y - x == 1 {
                buf.get_or_insert(x);
            } else {
                if let Some(s) = buf.take() {
                    self.flush_buf(b, s, x, &mut w.hmm, emit);
                }
                emit(b.token(x, y));
            }
            x = y;
        }
        if let Some(s) = buf {
            self.flush_buf(b, s, n, &mut w.hmm, emit);
        }
    }

    /// The single characters `a..b` the route left: one token, each character alone if the
    /// run is a dictionary word, else jieba's `finalseg.cut`.
    fn flush_buf(&self, b: &Block, s: usize, e: usize, hmm: &mut finalseg::Scratch, emit: &mut impl FnMut(Token)) {
        if e - s == 1 {
            emit(b.token(s, e));
        } else if !self.dict.is_word(&b.chars[s..e]) {
            self.finalseg_cut(b, s, e, hmm, emit);
        } else {
            for i in s..e {
                emit(b.token(i, i + 1));
            }
        }
    }

    /// jieba's `finalseg.cut`: Han runs through the HMM, the rest split by
    /// `re_skip = ([a-zA-Z0-9]+(?:\.\d+)?%?)`, gaps kept whole.
    fn finalseg_cut(&self, b: &Block, s: usize, e: usize, hmm: &mut finalseg::Scratch, emit: &mut impl FnMut(Token)) {
        let chars = &b.chars;
        let model = finalseg::Model::shared();
        let mut i = s;
        while i < e {
            if finalseg::is_hmm_han(chars[i]) {
                let mut j = i + 1;
                while j < e && finalseg::is_hmm_han(chars[j]) {
                    j += 1;
                }
                let run = &chars[i..j];
                finalseg::cut_han(model, run, hmm, |x, y| {
                    if y - x > 1 && self.dict.is_force_split(&run[x..y]) {
                        for k in x..y {
                            emit(b.token(i + k, i + k + 1));
                        }
                    } else {
                        emit(b.token(i + x, i + y));
                    }
                });
                i = j;
            } else {
                let mut j = i + 1;
                while j < e && !finalseg::is_hmm_han(chars[j]) {
                    j += 1;
                }
                split_skip(&chars[i..j], |x, y| emit(b.token(i + x, i + y)));
                i = j;
            }
        }
    }

    /// Cut `text` as jieba's full mode (`jieba.cut(text, cut_all=True)`) does. Full mode can
    /// join non-adjacent pieces into one string, so it yields strings, not spans.
    pub fn cut_all_with(&self, text: &str, mut emit: impl FnMut(&str)) {
        for_each_block(text, is_han_default, |b, han| {
            let slice = |a: usize, z: usize| &text[b.offs[a]..b.offs[z]];
            if han {
                with_work(|w| self.cut_all_block(b, w, text, &mut emit));
            } else {
                let n = b.chars.len();
                let (mut gap, mut i) = (0, 0);
                while i < n {
                    let sep = if b.chars[i] == '\r' && i + 1 < n && b.chars[i + 1] == '\n' {
                        2
                    } else if is_py_space(b.chars[i]) {
                        1
                    } else {
                        0
                    };
                    if sep > 0 {
                        emit(slice(gap, i));
                        emit(slice(i, i + sep));
                        i += sep;
                        gap = i;
                    } else {
                        i += 1;
                    }
                }
                emit(slice(gap, n));
            }
        });
    }

    /// jieba's `__cut_all`, with its `eng_buf` that may concatenate non-adjacent pieces.
    fn cut_all_block(&self, b: &Block, w: &mut Work, text: &str, emit: &mut impl FnMut(&str)) {
        let chars = &b.chars;
        let n = chars.len();
        let slice = |a: usize, z: usize| &text[b.offs[a]..b.offs[z]];
        w.starts.clear();
        w.edges.clear();
        for k in 0..n {
            w.starts.push(w.edges.len() as u32);
            self.dict.edges_from(chars, k, &mut w.edges);
        }
        w.starts.push(w.edges.len() as u32);
        let mut old_j: isize = -1;
        let mut eng_buf: Option<String> = None;
        for (k, &c) in chars.iter().enumerate() {
            if eng_buf.is_some() && !c.is_ascii_alphanumeric() {
                emit(&eng_buf.take().unwrap());
            }
            let edges = &w.edges[w.starts[k] as usize..w.starts[k + 1] as usize];
            // DAG[k] as jieba builds it: inclusive end indices, `[k]` when no word starts here.
            let single_end = match edges {
                [] => Some(k),
                [e] => Some(e.end as usize - 1),
                _ => None,
            };
            match single_end {
                Some(j) if k as isize > old_j => {
                    let word = slice(k, j + 1);
                    if c.is_ascii_alphanumeric() {
                        eng_buf.get_or_insert_with(String::new).push_str(word);
                    }
                    if eng_buf.is_none() {
                        emit(word);
                    }
                    old_j = j as isize;
                }
                _ => {
                    let ends: Vec<usize> = if edges.is_empty() {
                        vec![k]
                    } else {
                        edges.iter().map(|e| e.end as usize - 1).collect()
                    };
                    for j in ends {
                        if j > k {
                            emit(slice(k, j + 1));
                            old_j = j as isize;
                        }
                    }
                }
            }
        }
        if let Some(buf) = eng_buf {
            emit(&buf);
        }
    }

    /// Cut and tag `text` as `jieba.posseg.cut(text, HMM=hmm)` does.
    pub fn tag_with(&self, text: &str, hmm: bool, mut emit: impl FnMut(Token, &'d str)) {
        for_each_block(text, is_han_internal, |b, han| {
            if han {
                with_work(|w| {
                    if hmm {
                        self.tag_dag_hmm(b, w, &mut emit)
                    } else {
                        self.tag_dag_no_hmm(b, w, &mut emit)
                    }
                });
            } else {
                // Every character outside `re_han_internal` gets `x`: jieba's `re_num` and
                // `re_eng` tests here can only match characters that `re_han_internal` took.
                let n = b.chars.len();
                let mut i = 0;
                while i < n {
                    let len = if b.chars[i] == '\r' && i + 1 < n && b.chars[i + 1] == '\n' {
                        2
                    } else {
                        1
                    };
                    emit(b.token(i, i + len), "x");
                    i += len;
                }
            }
        });
    }

    fn word_tag(&self, chars: &[char]) -> &'d str {
        self.dict.tag_of(chars).unwrap_or("x")
    }

    /// `POSTokenizer.__cut_DAG_NO_HMM`.
    fn tag_dag_no_hmm(&self, b: &Block, w: &mut Work, emit: &mut impl FnMut(Token, &'d str)) {
        self.route(&b.chars, w);
        let n = b.chars.len();
        let mut buf: Option<usize> = None;
        let mut x = 0;
        while x < n {
            let y = w.route[x].1 as usize;
            if y - x == 1 && b.chars[x].is_ascii_alphanumeric() {
                buf.get_or_insert(x);
            } else {
                if let Some(s) = buf.take() {
                    emit(b.token(s, x), "eng");
                }
                emit(b.token(x, y), self.word_tag(&b.chars[x..y]));
            }
            x = y;
        }
        if let Some(s) = buf {
            emit(b.token(s, n), "eng");
        }
    }

    /// `POSTokenizer.__cut_DAG`.
    fn tag_dag_hmm(&self, b: &Block, w: &mut Work, emit: &mut impl FnMut(Token, &'d str)) {
        self.route(&b.chars, w);
        let n = b.chars.len();
        let mut buf: Option<usize> = None;
        let mut x = 0;
        while x < n {
            let y = w.route[x].1 as usize;
            if y - x == 1 {
                buf.get_or_insert(x);
            } else {
                if let Some(s) = buf.take() {
                    self.tag_buf(b, s, x, &mut w.pos, emit);
                }
                emit(b.token(x, y), self.word_tag(&b.chars[x..y]));
            }
            x = y;
        }
        if let Some(s) = buf {
            self.tag_buf(b, s, n, &mut w.pos, emit);
        }
    }

    fn tag_buf(&self, b: &Block, s: usize, e: usize, pos: &mut posseg::Scratch, emit: &mut impl FnMut(Token, &'d str)) {
        let chars = &b.chars;
        if e - s == 1 {
            emit(b.token(s, e), self.word_tag(&chars[s..e]));
        } else if !self.dict.is_word(&chars[s..e]) {
            self.cut_detail(b, s, e, pos, emit);
        } else {
            for i in s..e {
                emit(b.token(i, i + 1), self.word_tag(&chars[i..i + 1]));
            }
        }
    }

    /// `POSTokenizer.__cut_detail`: Han runs through the POS HMM, the rest split by
    /// `re_skip_detail = ([\.0-9]+|[a-zA-Z0-9]+)` and tagged `m`, `eng` or `x`.
    fn cut_detail(
        &self,
        b: &Block,
        s: usize,
        e: usize,
        pos: &mut posseg::Scratch,
        emit: &mut impl FnMut(Token, &'d str),
    ) {
        let chars = &b.chars;
        let model = posseg::Model::shared();
        let mut i = s;
        while i < e {
            let han = finalseg::is_hmm_han(chars[i]);
            let mut j = i + 1;
            while j < e && finalseg::is_hmm_han(chars[j]) == han {
                j += 1;
            }
            if han {
                posseg::cut_han(model, &chars[i..j], pos, |x, y, state| {
                    emit(b.token(i + x, i + y), state.map_or("x", |st| model.tag(st)));
                });
            } else {
                split_skip_detail(&chars[i..j], |x, y| {
                    let first = chars[i + x];
                    let tag = if first == '.' || first.is_ascii_digit() {
                        "m"
                    } else if first.is_ascii_alphanumeric() {
                        "eng"
                    } else {
                        "x"
                    };
                    emit(b.token(i + x, i + y), tag);
                });
            }
            i = j;
        }
    }

    /// jieba's `FREQ.get(word)`: `None` if absent, `Some(0)` for a prefix or deleted word.
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.dict.freq_str(word)
    }
}

/// `re.split("([a-zA-Z0-9]+(?:\.\d+)?%?)", s)` with empty pieces dropped, as char ranges.
fn split_skip(chars: &[char], mut emit: impl FnMut(usize, usize)) {
    let n = chars.len();
    let (mut gap, mut i) = (0, 0);
    while i < n {
        if chars[i].is_ascii_alphanumeric() {
            let start = i;
            while i < n && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i + 1 < n && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                i += 1;
                while i < n && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if i < n && chars[i] == '%' {
                i += 1;
            }
            if gap < start {
                emit(gap, start);
            }
            emit(start, i);
            gap = i;
        } else {
            i += 1;
        }
    }
    if gap < n {
        emit(gap, n);
    }
}

/// `re.split("([\.0-9]+|[a-zA-Z0-9]+)", s)` with empty pieces dropped, as char ranges.
fn split_skip_detail(chars: &[char], mut emit: impl FnMut(usize, usize)) {
    let n = chars.len();
    let (mut gap, mut i) = (0, 0);
    while i < n {
        let c = chars[i];
        let class: Option<fn(char) -> bool> = if c == '.' || c.is_ascii_digit() {
            Some(|c| c == '.' || c.is_ascii_digit())
        } else if c.is_ascii_alphanumeric() {
            Some(|c| c.is_ascii_alphanumeric())
        } else {
            None
        };
        match class {
            Some(class) => {
                let start = i;
                while i < n && class(chars[i]) {
                    i += 1;
                }
                if gap < start {
                    emit(gap, start);
                }
                emit(start, i);
                gap = i;
            }
            None => i += 1,
        }
    }
    if gap < n {
        emit(gap, n);
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

    /// Load a jieba-format user dictionary: one `word [freq] [tag]` per line, UTF-8.
    pub fn load_userdict(&self, path: &Path) -> Result<()> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.load_userdict_from(std::io::BufReader::new(file), &path.display().to_string())
    }

    /// [`Segmenter::load_userdict`] from any reader; `name` is used in error messages. Nothing
    /// is added unless every line is valid. The words are added to a copy of the dictionary,
    /// which replaces it at the end: calls on other threads meanwhile use the dictionary as it
    /// was, without waiting.
    pub fn load_userdict_from(&self, mut reader: impl BufRead, name: &str) -> Result<()> {
        let mut entries = Vec::new();
        let mut raw = Vec::new();
        let mut lineno = 0;
        loop {
            raw.clear();
            // A line is read at most one character past the longest word and its frequency
            // and tag, so that a file without newlines is not read whole into one line.
            let n = read_line_capped(&mut reader, &mut raw, MAX_LINE_BYTES).map_err(|source| Error::Io {
                path: name.to_string(),
                source,
            })?;
            if n == 0 {
                break;
            }
            lineno += 1;
            let bad = |message: String| Error::TableLine {
                path: name.to_string(),
                line: lineno,
                message,
            };
            if n > MAX_LINE_BYTES {
                return Err(bad(format!(
                    "line longer than {MAX_LINE_BYTES} bytes; a word may have at most {MAX_WORD_CHARS} characters"
                )));
            }
            let line = std::str::from_utf8(&raw).map_err(|e| bad(format!("not valid UTF-8 ({e})")))?;
            let line = line.trim_matches(|c: char| c.is_ascii_whitespace());
            let line = line.trim_start_matches('\u{feff}');
            if line.is_empty() {
                continue;
            }
            let entry = parse_userdict_line(line).map_err(bad)?;
            let chars = entry.0.chars().count();
            if chars > MAX_WORD_CHARS {
                return Err(bad(format!(
                    "word of {chars} characters; a word may have at most {MAX_WORD_CHARS}"
                )));
            }
            entries.push(entry);
        }
        self.modify_long(|dict| {
            for (word, freq, tag) in entries {
                add_word_in(dict, &word, freq, tag.as_deref());
            }
        });
        Ok(())
    }
}

/// The longest user dictionary line read: a word of [`MAX_WORD_CHARS`] characters of 4 bytes,
/// a frequency and a tag, with room to spare.
const MAX_LINE_BYTES: usize = 4 * MAX_WORD_CHARS + 256;

/// `read_until(b'\n')` that stops after `cap + 1` bytes: the number of bytes read (more than
/// `cap` for a line that is too long, whose rest is left unread).
fn read_line_capped(reader: &mut impl BufRead, out: &mut Vec<u8>, cap: usize) -> std::io::Result<usize> {
    let mut n = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(n);
        }
        let room = cap + 1 - n;
        let (take, end) = match memchr::memchr(b'\n', &buf[..buf.len().min(room)]) {
            Some(i) => (i + 1, true),
            None => (buf.len().min(room), false),
        };
        out.extend_from_slice(&buf[..take]);
        reader.consume(take);
        n += take;
        if end || n > cap {
            return Ok(n);
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

/// jieba's `re_userdict = ^(.+?)( [0-9]+)?( [a-z]+)?$`, applied to a stripped line.
/// jieba would take a line such as `词 12.5 n` whole as the word `词 12.5 n`; that is never what
/// the author meant, so a word containing whitespace is reported instead.
fn parse_userdict_line(line: &str) -> std::result::Result<(String, Option<u64>, Option<String>), String> {
    let all = |s: &str, f: fn(&u8) -> bool| !s.is_empty() && s.as_bytes().iter().all(f);
    let (rest, tag) = match line.rsplit_once(' ') {
        Some((a, t)) if !a.is_empty() && all(t, u8::is_ascii_lowercase) => (a, Some(t.to_string())),
        _ => (line, None),
    };
    let (word, freq) = match rest.rsplit_once(' ') {
        Some((w, f)) if !w.is_empty() && all(f, u8::is_ascii_digit) => {
            let f: u64 = f.parse().map_err(|_| format!("frequency {f} is too large"))?;
            (w, Some(f))
        }
        _ => (rest, None),
    };
    if word.chars().any(char::is_whitespace) {
        return Err(format!(
            "expected `word [freq] [tag]` (freq digits, tag lowercase letters), got {line:?}"
        ));
    }
    Ok((word.to_string(), freq, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, hmm: bool) -> Vec<String> {
        Segmenter::global()
            .cut(text, hmm)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn accurate_mode_matches_jieba_examples() {
        assert_eq!(cut("我来到北京清华大学", true), ["我", "来到", "北京", "清华大学"]);
        assert_eq!(
            cut("他来到了网易杭研大厦", true),
            ["他", "来到", "了", "网易", "杭研", "大厦"]
        );
        assert_eq!(
            cut("他来到了网易杭研大厦", false),
            ["他", "来到", "了", "网易", "杭", "研", "大厦"]
        );
    }

    #[test]
    fn numbers_split_like_jieba() {
        assert_eq!(
            cut("2023-03-14发布1-2个xx.xx万元 3.5%B超", true),
            [
                "2023", "-", "03", "-", "14", "发布", "1", "-", "2", "个", "xx", ".", "xx", "万元", " ", "3.5%", "B超"
            ]
        );
    }

    #[test]
    fn full_mode_keeps_jieba_empty_strings() {
        let mut out = Vec::new();
        Segmenter::global()
            .snapshot()
            .cut_all_with("你好 世界，。ab", |w| out.push(w.to_string()));
        assert_eq!(out, ["你好", "", " ", "", "世界", "，。", "ab"]);
    }

    #[test]
    fn posseg_tags_numbers_like_jieba() {
        let mut out = Vec::new();
        Segmenter::global()
            .snapshot()
            .tag_with("发布1-2个xx.xx万元", true, |t, tag| {
                out.push((t.start, tag.to_string()))
            });
        let tags: Vec<&str> = out.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(tags, ["v", "x", "x", "m", "m", "eng", "m", "eng", "m"]);
    }

    #[test]
    fn userdict_line_grammar() {
        assert_eq!(
            parse_userdict_line("云计算 5 n").unwrap(),
            ("云计算".into(), Some(5), Some("n".into()))
        );
        assert_eq!(
            parse_userdict_line("创新办 3").unwrap(),
            ("创新办".into(), Some(3), None)
        );
        assert_eq!(parse_userdict_line("台中").unwrap(), ("台中".into(), None, None));
        assert!(parse_userdict_line("词 12.5 n").is_err());
    }

    #[test]
    fn lines_are_read_whole_up_to_the_cap() {
        let text = "云计算 5 n\n创新办 3\r\n\n".to_string() + &"研".repeat(40) + "\n台中";
        for capacity in [1, 3, 7, 64] {
            let mut reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut lines = Vec::new();
            loop {
                let mut raw = Vec::new();
                let n = read_line_capped(&mut reader, &mut raw, 50).unwrap();
                if n == 0 {
                    break;
                }
                assert_eq!(n, raw.len());
                lines.push(String::from_utf8_lossy(&raw).into_owned());
            }
            // The long line stops one byte past the cap; the rest of it is read as further lines.
            assert_eq!(lines[..3], ["云计算 5 n\n", "创新办 3\r\n", "\n"], "{capacity}");
            assert_eq!(lines[3].len(), 51, "{capacity}");
            assert_eq!(lines.concat(), text, "{capacity}");
        }
    }

    #[test]
    fn too_long_words_are_refused_and_nothing_is_added() {
        let seg = Segmenter::new();
        let word: String = "研".repeat(MAX_WORD_CHARS);
        assert!(seg.add_word(&word, Some(3), None).is_ok());
        let longer = word.clone() + "究";
        assert!(matches!(
            seg.add_word(&longer, None, None),
            Err(Error::WordTooLong {
                chars: 257,
                max: MAX_WORD_CHARS,
                ..
            })
        ));
        assert!(seg.add_words(["杭研", &longer]).is_err());
        assert_eq!(seg.snapshot().freq("杭研"), None, "all or nothing");
        let file = format!("杭研 5\n{longer} 3 n\n");
        let err = seg.load_userdict_from(file.as_bytes(), "mine.txt").unwrap_err();
        assert!(err.to_string().contains("mine.txt at line 2"), "{err}");
        assert_eq!(seg.snapshot().freq("杭研"), None);
    }

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
