//! What jieba cuts before the dictionary: its character classes, the blocks of a text (maximal
//! runs of one class), the per-thread buffers a cut reuses, and the `re.split` of the runs
//! that are not Han (numbers, letters, `%`).

use std::cell::RefCell;

use super::dict::Edge;
use super::{finalseg, posseg, Token};

/// jieba's `re_han_default`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]`.
#[inline(always)]
pub(super) fn is_han_default(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        finalseg::is_hmm_han(c)
    }
}

/// `posseg`'s `re_han_internal`: `[\u4E00-\u9FD5a-zA-Z0-9+#&\._]` (no `%`, no `-`).
#[inline(always)]
pub(super) fn is_han_internal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_')
    } else {
        finalseg::is_hmm_han(c)
    }
}

/// Python's `\s` for `str` patterns (`str.isspace`).
#[inline]
pub(super) fn is_py_space(c: char) -> bool {
    matches!(c,
        '\t'..='\r' | '\x1c'..='\x20' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}'
        | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// A block of the input: its characters and the byte offset of each (plus the end).
#[derive(Default)]
pub(super) struct Block {
    pub(super) chars: Vec<char>,
    pub(super) offs: Vec<usize>,
    /// Character index of the block's first character in the whole text.
    pub(super) char_base: usize,
}

impl Block {
    #[inline(always)]
    pub(super) fn token(&self, a: usize, b: usize) -> Token {
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
pub(super) struct Work {
    pub(super) starts: Vec<u32>,
    pub(super) edges: Vec<Edge>,
    pub(super) route: Vec<(f64, u32)>,
    pub(super) hmm: finalseg::Scratch,
    pub(super) pos: posseg::Scratch,
}

thread_local! {
    static BLOCK: RefCell<Block> = RefCell::new(Block::default());
}

/// Split `text` into maximal runs of `is_han(c)` and of its complement, and hand each run to
/// `f(block, is_han_run)`.
pub(super) fn for_each_block(text: &str, is_han: fn(char) -> bool, mut f: impl FnMut(&Block, bool)) {
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
pub(super) fn with_work<R>(f: impl FnOnce(&mut Work) -> R) -> R {
    thread_local! {
        static WORK: RefCell<Work> = RefCell::new(Work::default());
    }
    WORK.with(|w| f(&mut w.borrow_mut()))
}

/// `re.split("([a-zA-Z0-9]+(?:\.\d+)?%?)", s)` with empty pieces dropped, as char ranges.
pub(super) fn split_skip(chars: &[char], mut emit: impl FnMut(usize, usize)) {
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
pub(super) fn split_skip_detail(chars: &[char], mut emit: impl FnMut(usize, usize)) {
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
