//! The [`Cutter`]: jieba's cuts over one dictionary state. The best route through a block
//! (`get_DAG` + `calc` in one pass), accurate mode with and without the HMM, search mode, full
//! mode (`cut_all`), and `posseg` tagging.

use super::blocks::{
    for_each_block, is_han_default, is_han_internal, is_py_space, split_skip, split_skip_detail, with_work, Block, Work,
};
use super::dict::Dict;
use super::{finalseg, posseg, Mode, Token};

/// The segmentation algorithms over one dictionary state.
#[derive(Clone, Copy)]
pub struct Cutter<'d> {
    pub(super) dict: &'d Dict,
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

#[cfg(test)]
mod tests {
    use crate::segment::Segmenter;

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
}
