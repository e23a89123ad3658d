//! Punctuation the scanner reads: sentence and clause ends, quotes and brackets; searching a
//! range of characters for a mark.

/// Whether `c` lies between the ASCII and CJK punctuation (。 U+3002) and the full-width forms
/// (！ U+FF01): Han characters do, and no sentence or clause end does, so one comparison
/// settles most characters of a text.
#[inline(always)]
pub(super) fn between_marks(c: char) -> bool {
    (0x3003..0xFF01).contains(&(c as u32))
}

#[inline]
pub(super) fn is_sentence_end(c: char) -> bool {
    !between_marks(c) && matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

#[inline]
pub(super) fn is_clause_end(c: char) -> bool {
    !between_marks(c) && (is_sentence_end(c) || matches!(c, '，' | '；' | '：' | ',' | ';' | ':'))
}

/// Quotation marks around names and slogans (opening, closing), whose words are no cues of the
/// sentence.
pub(super) const QUOTES: [(char, char); 4] = [('“', '”'), ('《', '》'), ('「', '」'), ('『', '』')];
/// The longest quotation read as one (characters); a mark never closed stops counting after it.
pub(super) const QUOTED: usize = 40;

/// The other marks that come in pairs, besides [`QUOTES`].
pub(super) const BRACKETS: [(char, char); 3] = [('‘', '’'), ('（', '）'), ('(', ')')];

/// Quotes and brackets, each (opening, closing).
pub(super) fn pairs() -> impl Iterator<Item = &'static (char, char)> {
    QUOTES.iter().chain(BRACKETS.iter())
}

pub(super) fn is_pair_mark(c: char) -> bool {
    pairs().any(|&(a, b)| c == a || c == b)
}

/// `m` without the quote and bracket marks whose partner lies outside it (三公”经费支出, where
/// the metric starts inside “三公”): a closing mark before any opening one, an opening mark
/// never closed.
pub(super) fn balanced(m: &str) -> String {
    let cs: Vec<char> = m.chars().collect();
    let mut keep = vec![true; cs.len()];
    for &(open, close) in pairs() {
        let mut opened: Vec<usize> = Vec::new();
        for (k, &c) in cs.iter().enumerate() {
            if c == open {
                opened.push(k);
            } else if c == close && opened.pop().is_none() {
                keep[k] = false;
            }
        }
        for k in opened {
            keep[k] = false;
        }
    }
    cs.iter().zip(keep).filter(|&(_, k)| k).map(|(c, _)| *c).collect()
}

/// `cs` as a string allocated once at its size.
pub(super) fn string_of(cs: &[char]) -> String {
    let mut s = String::with_capacity(cs.iter().map(|c| c.len_utf8()).sum());
    for &c in cs {
        s.push(c);
    }
    s
}

/// The first `k` in `a..b` where `f(t[k])` (none when the range is empty): over a slice, so
/// without a bounds test a character.
#[inline]
pub(super) fn find_first(t: &[char], a: usize, b: usize, f: impl Fn(char) -> bool) -> Option<usize> {
    if a >= b {
        return None;
    }
    t[a..b].iter().position(|&c| f(c)).map(|k| a + k)
}

/// The last `k` in `a..b` where `f(t[k])` (none when the range is empty).
#[inline]
pub(super) fn find_last(t: &[char], a: usize, b: usize, f: impl Fn(char) -> bool) -> Option<usize> {
    if a >= b {
        return None;
    }
    t[a..b].iter().rposition(|&c| f(c)).map(|k| a + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_clause_ends() {
        for c in ['。', '！', '？', '!', '?', '\n'] {
            assert!(is_sentence_end(c) && is_clause_end(c), "{c:?}");
        }
        for c in ['，', '；', '：', ',', ';', ':'] {
            assert!(!is_sentence_end(c) && is_clause_end(c), "{c:?}");
        }
        for c in ['增', '、', '“', '5', '%', 'a', ' '] {
            assert!(!is_clause_end(c), "{c:?}");
        }
    }

    #[test]
    fn quotes_and_brackets_whose_partner_is_outside_go() {
        assert_eq!(balanced("三公”经费支出"), "三公经费支出");
        assert_eq!(balanced("“三公”经费支出"), "“三公”经费支出");
        assert_eq!(balanced("投放“食安封签"), "投放食安封签");
        assert_eq!(balanced("收入（不含土地出让"), "收入不含土地出让");
        assert!(is_pair_mark('《') && is_pair_mark(')') && !is_pair_mark('、'));
    }

    #[test]
    fn find_in_a_range() {
        let t: Vec<char> = "增长5%，达到6%。".chars().collect();
        assert_eq!(find_first(&t, 0, t.len(), is_clause_end), Some(4));
        assert_eq!(find_last(&t, 0, t.len(), is_clause_end), Some(9));
        assert_eq!(find_last(&t, 0, 4, is_clause_end), None);
        assert_eq!(find_first(&t, 5, 5, is_clause_end), None);
        assert_eq!(string_of(&t[..4]), "增长5%");
    }
}
