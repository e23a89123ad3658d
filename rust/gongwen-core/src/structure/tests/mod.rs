//! Tests of [`analyze`](super::analyze) on texts written for each rule and on the seed reports,
//! with the helpers they share: every structure is checked for well-formedness (documents
//! partition the text, paragraphs and heading markers point at the right characters).

mod documents;
mod headings;
mod robustness;
mod seeds;
mod snapshot_digests;
mod stance;

use super::chars::is_space;
use super::*;

/// The Traditional seeds still carry the pinyin readings (`匯報(bào)`) that the clean stage
/// removes before this one: remove them with that stage, readings only, so line numbers
/// are unchanged.
fn strip_pinyin(s: &str) -> String {
    use crate::clean::{clean, CleanOptions, Rules};
    clean(s, &CleanOptions::only_readings(), Rules::default_rules()).text
}

/// The paragraph on 1-based line `line` of `text`.
fn on_line<'a>(text: &str, s: &'a Structure, line: usize) -> &'a Paragraph {
    let mut start = 0;
    for (i, l) in text.split('\n').enumerate() {
        let n = l.chars().count();
        if i + 1 == line {
            return s
                .paragraphs
                .iter()
                .find(|p| (start..=start + n).contains(&p.start))
                .unwrap_or_else(|| panic!("no paragraph on line {line}"));
        }
        start += n + 1;
    }
    panic!("no line {line}");
}

fn chars(text: &str, a: usize, b: usize) -> String {
    text.chars().skip(a).take(b - a).collect()
}

fn ptext(text: &str, p: &Paragraph) -> String {
    chars(text, p.start, p.end)
}

/// `marker + text` of each heading on the path.
fn path(p: &Paragraph) -> Vec<String> {
    p.heading_path
        .iter()
        .map(|h| format!("{}{}", h.marker, h.text))
        .collect()
}

fn levels(p: &Paragraph) -> Vec<u8> {
    p.heading_path.iter().map(|h| h.level).collect()
}

/// The 1-based line of a character offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.chars().take(offset).filter(|&c| c == '\n').count() + 1
}

/// Documents partition the text; paragraphs are in order, inside their document, and their
/// spans and headings point at the right characters.
fn check(text: &str, s: &Structure) {
    let total = text.chars().count();
    if s.paragraphs.is_empty() {
        assert!(s.documents.is_empty());
        return;
    }
    assert_eq!(s.documents[0].start, 0);
    assert_eq!(s.documents.last().unwrap().end, total);
    for w in s.documents.windows(2) {
        assert_eq!(w[0].end, w[1].start);
        assert!(w[0].start < w[0].end);
    }
    let cs: Vec<char> = text.chars().collect();
    let mut prev_end = 0;
    for p in &s.paragraphs {
        assert!(prev_end <= p.start && p.start < p.end && p.end <= total);
        prev_end = p.end;
        let d = &s.documents[p.doc];
        assert!(d.start <= p.start && p.end <= d.end);
        assert!(!is_space(cs[p.start]) && !is_space(cs[p.end - 1]));
        assert!(!cs[p.start..p.end].contains(&'\n'));
        for w in p.heading_path.windows(2) {
            assert!(w[0].level < w[1].level);
        }
        for h in p.heading_path.iter() {
            let m: String = cs[h.start..(h.start + h.marker.chars().count()).min(total)]
                .iter()
                .collect();
            assert_eq!(m, h.marker);
        }
    }
    for w in s.paragraphs.windows(2) {
        assert!(w[0].doc <= w[1].doc);
    }
}

fn run(text: &str) -> Structure {
    let s = analyze(text);
    check(text, &s);
    s
}
