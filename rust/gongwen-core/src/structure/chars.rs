//! Character classes of the structure rules: blanks, sentence punctuation, the marks that end a
//! heading's clause or trim its text, and the brackets of `(一)` markers.

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// Sentence punctuation that a title or part heading never contains.
pub(super) fn is_sentence_punct(c: char) -> bool {
    matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// Where a heading's clause ends.
pub(super) fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// What may follow a heading's clause on a heading-only line.
pub(super) fn is_closing_mark(c: char) -> bool {
    is_space(c) || matches!(c, '。' | '”' | '’' | '"' | ')' | '）' | '」' | '』' | '》' | '〕' | '.')
}

/// Trimmed off the ends of a heading's text.
pub(super) fn is_edge_punct(c: char) -> bool {
    is_space(c) || matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';' | '。' | '.' | '．')
}

pub(super) fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '〔' | '［' | '[')
}

pub(super) fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '〕' | '］' | ']')
}
