//! The implementation of [`super::analyze`] before its speed-up, kept unchanged as the
//! reference that the exactness tests compare the fast one with.

#![allow(dead_code, clippy::all)]

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::{DocSpan, Heading, Paragraph, Stance, Structure};

pub fn analyze(text: &str) -> Structure {
    let mut b = Builder::new(vocab());
    let mut pos = 0usize;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let n = line.chars().count();
        b.line(line, pos, n);
        pos += n + (raw.len() - line.len()) + 1;
    }
    b.finish(pos - 1)
}

// ---------------------------------------------------------------------------------------------
// Limits (characters). They bound the work per line, so a 10 MB line costs one scan.

/// Characters of a line that the marker, title and heading rules look at.
const PREFIX: usize = 200;
/// Longest title line.
const MAX_TITLE: usize = 50;
/// Longest unnumbered part heading.
const MAX_PART: usize = 24;
/// Longest heading clause kept; a longer one is cut at its first comma.
const MAX_HEADING_TEXT: usize = 60;
/// A heading line ending in 。 is heading-only up to this clause length (longer: a sentence).
const MAX_HEADING_ONLY: usize = 40;
/// Without a final stop, a heading-only line (often a broken line) up to this length.
const MAX_HEADING_ONLY_NOTERM: usize = 50;
/// Longest closing line (`以上汇报不妥之处，请批评指正。`).
const MAX_CLOSING: usize = 40;
/// Lines after a closing line up to this length without 。 are signatures and dates.
const MAX_SIGNATURE: usize = 30;
/// A title glued to its body ends within this many characters.
const GLUE_WINDOW: usize = 40;
/// Lines before the first title, without headings, that count as its lead-in.
const MAX_PREAMBLE: usize = 2;

// ---------------------------------------------------------------------------------------------
// Cue tables

const CUES_TSV: &str = include_str!("../data/structure/cues.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Phrase,
    Top,
    Weak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cue(Stance, Tier),
    Genre,
    Collection,
    Decoration,
    Generic,
    Closing,
    About,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        use Stance::{Actual, Target};
        Some(match s {
            "actual-phrase" => Kind::Cue(Actual, Tier::Phrase),
            "actual-top" => Kind::Cue(Actual, Tier::Top),
            "actual-weak" => Kind::Cue(Actual, Tier::Weak),
            "target-phrase" => Kind::Cue(Target, Tier::Phrase),
            "target-top" => Kind::Cue(Target, Tier::Top),
            "target-weak" => Kind::Cue(Target, Tier::Weak),
            "genre" => Kind::Genre,
            "collection" => Kind::Collection,
            "decoration" => Kind::Decoration,
            "generic" => Kind::Generic,
            "closing" => Kind::Closing,
            "about" => Kind::About,
            _ => return None,
        })
    }
}

/// The parsed cue table: a Traditional-to-Simplified character fold and the folded words.
struct Vocab {
    fold: FxHashMap<char, char>,
    words: Vec<(Vec<char>, Kind)>,
    /// Indices into `words` by first character, longest word first.
    by_first: FxHashMap<char, Vec<usize>>,
    /// Indices into `words` of the genre, collection and decoration words.
    genre: Vec<usize>,
    collection: Vec<usize>,
    decoration: Vec<usize>,
    /// Rows whose Traditional form folds a character two ways (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    conflicts: Vec<(char, char, char)>,
    /// Rows with an unknown kind or a missing column (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    bad_rows: Vec<String>,
}

impl Vocab {
    fn parse(tsv: &str) -> Vocab {
        let mut rows: Vec<(Kind, &str, Vec<&str>)> = Vec::new();
        let mut bad_rows = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(simp)) = (cols.next().and_then(Kind::parse), cols.next()) else {
                bad_rows.push(line.to_string());
                continue;
            };
            if simp.is_empty() {
                bad_rows.push(line.to_string());
                continue;
            }
            let trad = cols.next().unwrap_or("").split(' ').filter(|t| !t.is_empty()).collect();
            rows.push((kind, simp, trad));
        }
        let mut fold = FxHashMap::default();
        let mut conflicts = Vec::new();
        for (_, simp, trad) in &rows {
            for t in trad {
                if t.chars().count() != simp.chars().count() {
                    continue;
                }
                for (a, b) in t.chars().zip(simp.chars()) {
                    if a == b {
                        continue;
                    }
                    match fold.get(&a) {
                        Some(&x) if x != b => conflicts.push((a, x, b)),
                        Some(_) => {}
                        None => {
                            fold.insert(a, b);
                        }
                    }
                }
            }
        }
        let mut v = Vocab {
            fold,
            words: Vec::new(),
            by_first: FxHashMap::default(),
            genre: Vec::new(),
            collection: Vec::new(),
            decoration: Vec::new(),
            conflicts,
            bad_rows,
        };
        for (kind, simp, trad) in &rows {
            let s = v.fold_str(simp);
            for t in trad {
                let f = v.fold_str(t);
                if f != s {
                    v.words.push((f, *kind));
                }
            }
            v.words.push((s, *kind));
        }
        for (i, (w, kind)) in v.words.iter().enumerate() {
            v.by_first.entry(w[0]).or_default().push(i);
            match kind {
                Kind::Genre => v.genre.push(i),
                Kind::Collection => v.collection.push(i),
                Kind::Decoration => v.decoration.push(i),
                _ => {}
            }
        }
        let words = &v.words;
        for list in v.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(words[i].0.len()));
        }
        v
    }

    fn fold(&self, c: char) -> char {
        *self.fold.get(&c).unwrap_or(&c)
    }

    fn fold_str(&self, s: &str) -> Vec<char> {
        s.chars().map(|c| self.fold(c)).collect()
    }

    /// The words starting at `s[i]`, longest first, with their lengths.
    fn at<'a>(&'a self, s: &'a [char], i: usize) -> impl Iterator<Item = (usize, Kind)> + 'a {
        let list = s
            .get(i)
            .and_then(|c| self.by_first.get(c))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        list.iter().filter_map(move |&k| {
            let (w, kind) = &self.words[k];
            s[i..].starts_with(w).then_some((w.len(), *kind))
        })
    }

    /// Length of the longest of the words `list` (indices) that `s` ends with.
    fn ends_with(&self, s: &[char], list: &[usize]) -> Option<usize> {
        list.iter()
            .map(|&i| &self.words[i].0)
            .filter(|w| s.ends_with(w))
            .map(Vec::len)
            .max()
    }

    /// Whether `s` contains a word of `kind`.
    fn contains(&self, s: &[char], kind: Kind) -> bool {
        (0..s.len()).any(|i| self.at(s, i).any(|(_, k)| k == kind))
    }
}

fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab::parse(CUES_TSV))
}

/// Cue strengths of one heading or title: 0 none, 1 weak, 2 strong (top tier), 3 phrase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cue {
    actual: u8,
    target: u8,
    /// The single year a title or level 0/1 heading names.
    year: Option<u32>,
}

impl Cue {
    /// The cues of a heading's (or, at level 0, a title's) folded text. `standalone`: the
    /// heading is a line of its own, not a clause that the paragraph's body continues.
    fn of(v: &Vocab, folded: &[char], level: u8, standalone: bool) -> Cue {
        let mut cue = Cue::default();
        for i in 0..folded.len() {
            for (_, kind) in v.at(folded, i) {
                let Kind::Cue(stance, tier) = kind else { continue };
                // Deep headings are topics (巩固脱贫攻坚成果, 突出工作重点): only a phrase counts,
                // and below level 2 only on a heading line of its own.
                let strength = match tier {
                    Tier::Phrase if level <= 2 || standalone => 3,
                    Tier::Top if level <= 1 => 2,
                    Tier::Weak if level <= 1 => 1,
                    Tier::Phrase | Tier::Top | Tier::Weak => 0,
                };
                match stance {
                    Stance::Actual => cue.actual = cue.actual.max(strength),
                    Stance::Target => cue.target = cue.target.max(strength),
                    Stance::Unknown => {}
                }
            }
        }
        if level <= 1 {
            let mut years = Vec::new();
            scan_years(folded.iter().copied(), |y| years.push(y));
            if years.first().is_some_and(|&y| years.iter().all(|&z| z == y)) {
                cue.year = years.first().copied();
            }
        }
        cue
    }

    /// The winning stance and its strength (`Unknown` with strength >= 2 when mixed).
    fn resolve(self, doc_year: Option<u32>) -> (Stance, u8) {
        let (mut a, mut t) = (self.actual, self.target);
        if let (Some(y), Some(d)) = (self.year, doc_year) {
            if y > d {
                t = 3;
            } else if y < d {
                a = 3;
            }
        }
        if a > t {
            (Stance::Actual, a)
        } else if t > a {
            (Stance::Target, t)
        } else if a >= 2 {
            (Stance::Unknown, a)
        } else {
            (Stance::Unknown, 0)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Characters

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// Sentence punctuation that a title or part heading never contains.
fn is_sentence_punct(c: char) -> bool {
    matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// Where a heading's clause ends.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
}

/// What may follow a heading's clause on a heading-only line.
fn is_closing_mark(c: char) -> bool {
    is_space(c) || matches!(c, '。' | '”' | '’' | '"' | ')' | '）' | '」' | '』' | '》' | '〕' | '.')
}

/// Trimmed off the ends of a heading's text.
fn is_edge_punct(c: char) -> bool {
    is_space(c) || matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';' | '。' | '.' | '．')
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Calls `f` with every year written as four digits (`2023年`, `２０２３年`, `二〇二三年`).
fn scan_years(chars: impl IntoIterator<Item = char>, mut f: impl FnMut(u32)) {
    let (mut run, mut val, mut cn_run, mut cn_val) = (0u32, 0u32, 0u32, 0u32);
    for c in chars {
        if let Some(d) = digit(c) {
            run += 1;
            val = val.saturating_mul(10).saturating_add(d);
            cn_run = 0;
            cn_val = 0;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            cn_run += 1;
            cn_val = cn_val.saturating_mul(10).saturating_add(d);
            run = 0;
            val = 0;
            continue;
        }
        if c == '年' {
            if run == 4 && (1949..=2100).contains(&val) {
                f(val);
            } else if cn_run == 4 && (1949..=2100).contains(&cn_val) {
                f(cn_val);
            }
        }
        (run, val, cn_run, cn_val) = (0, 0, 0, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Markers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    level: u8,
    numeral: Option<u32>,
    len: usize,
}

fn cn_value(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '〇' | '零' => None,
        _ => cn_digit(c),
    }
}

/// A Chinese numeral from 1 to 99 at `s[i..]` (一, 十, 十一, 二十, 二十三): value and length.
fn cn_numeral(s: &[char], i: usize) -> Option<(u32, usize)> {
    let a = cn_value(*s.get(i)?)?;
    let b = s.get(i + 1).and_then(|&c| cn_value(c));
    let c = s.get(i + 2).and_then(|&c| cn_value(c));
    Some(match (a, b, c) {
        (10, Some(d), _) if d < 10 => (10 + d, 2),
        (10, _, _) => (10, 1),
        (d, Some(10), Some(e)) if e < 10 => (d * 10 + e, 3),
        (d, Some(10), _) => (d * 10, 2),
        (d, _, _) => (d, 1),
    })
}

/// One or two Arabic digits (ASCII or full-width) at `s[i..]`, not followed by a third.
fn arabic(s: &[char], i: usize) -> Option<(u32, usize)> {
    let mut v = 0;
    let mut n = 0;
    while let Some(d) = s.get(i + n).and_then(|&c| digit(c)) {
        if n == 2 {
            return None;
        }
        v = v * 10 + d;
        n += 1;
    }
    (n > 0 && v > 0).then_some((v, n))
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '〔' | '［' | '[')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '〕' | '］' | ']')
}

/// The heading marker at `s[i..]`, if any.
fn parse_marker(s: &[char], i: usize) -> Option<Marker> {
    let c = *s.get(i)?;
    let at = |k: usize| s.get(k).copied();
    let mk = |level, numeral, len| Some(Marker { level, numeral, len });
    match c {
        '第' => {
            let (n, l) = cn_numeral(s, i + 1).or_else(|| arabic(s, i + 1))?;
            let j = i + 1 + l;
            match (at(j), at(j + 1)) {
                (Some('部'), Some('分')) => mk(0, Some(n), j + 2 - i),
                (Some('章' | '篇'), _) => mk(0, Some(n), j + 1 - i),
                (Some('，' | ',' | '、'), _) if cn_numeral(s, i + 1).is_some() => mk(5, Some(n), j + 1 - i),
                _ => None,
            }
        }
        _ if is_open(c) => {
            let (level, numeral, j) = if let Some((n, l)) = cn_numeral(s, i + 1) {
                (2, Some(n), i + 1 + l)
            } else if let Some((n, l)) = arabic(s, i + 1) {
                (4, Some(n), i + 1 + l)
            } else {
                // `()主要工作完成情况`: the numeral was lost, the heading was not.
                let next = at(i + 2)?;
                if is_space(next) || is_sentence_punct(next) || is_close(next) || is_open(next) {
                    return None;
                }
                (2, None, i + 1)
            };
            if !at(j).is_some_and(is_close) {
                return None;
            }
            let len = j + 1 - i + usize::from(at(j + 1) == Some('、'));
            mk(level, numeral, len)
        }
        '⑴'..='⒇' => mk(4, Some(c as u32 - '⑴' as u32 + 1), 1),
        '①'..='⑳' => mk(5, Some(c as u32 - '①' as u32 + 1), 1),
        '_' | '＿' => {
            let n = s[i..].iter().take_while(|&&c| c == '_' || c == '＿').count();
            let ok = n <= 3
                && matches!(at(i + n), Some('、' | '.' | '．'))
                && at(i + n + 1).is_none_or(|c| digit(c).is_none());
            if ok {
                mk(3, None, n + 1)
            } else {
                None
            }
        }
        _ if cn_value(c).is_some() => {
            let (n, l) = cn_numeral(s, i)?;
            match at(i + l) {
                Some('、' | '．' | '.') => mk(1, Some(n), l + 1),
                Some('是') => mk(5, Some(n), l + 1),
                _ => None,
            }
        }
        _ if digit(c).is_some() => {
            let (n, l) = arabic(s, i)?;
            let decimal = at(i + l + 1).is_some_and(|c| digit(c).is_some());
            match at(i + l) {
                Some('、') => mk(3, Some(n), l + 1),
                Some('.' | '．') if !decimal => mk(3, Some(n), l + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A marker numbered one, deeper than `parent`, glued right after a heading's clause at `s[j]`.
fn glued_child(s: &[char], j: usize, parent: u8) -> Option<Marker> {
    let m = parse_marker(s, j)?;
    if m.level <= parent || m.numeral != Some(1) || j == 0 {
        return None;
    }
    let prev = s[j - 1];
    if m.level == 3 && (digit(prev).is_some() || matches!(prev, '.' | '．' | '第')) {
        return None;
    }
    // 统一是, 唯一是 ...: words ending in 一, not a list.
    if s[j] == '一'
        && matches!(
            prev,
            '统' | '統'
                | '唯'
                | '单'
                | '單'
                | '同'
                | '万'
                | '萬'
                | '之'
                | '专'
                | '專'
                | '归'
                | '歸'
                | '合'
                | '划'
                | '劃'
                | '整'
                | '逐'
                | '每'
                | '不'
        )
    {
        return None;
    }
    Some(m)
}

// ---------------------------------------------------------------------------------------------
// Lines

/// A heading as parsed from a line, positions relative to the line's first non-blank character.
#[derive(Debug, Clone)]
struct RawHead {
    level: u8,
    numeral: Option<u32>,
    marker_at: usize,
    marker: String,
    text: String,
    text_at: usize,
    /// The heading's text is complete: a heading line, or a heading a glued child follows.
    standalone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum LineKind {
    Body,
    /// A title line.
    Title(String),
    /// A title glued to the body on the same line.
    Glued(String),
    /// A compilation title.
    Collection,
    /// An unnumbered part heading with its stance (its heads hold the level-0 heading).
    Part(Stance),
}

#[derive(Debug, Clone)]
struct LineClass {
    kind: LineKind,
    heads: Vec<RawHead>,
    heading_only: bool,
    closing: bool,
}

impl LineClass {
    fn body() -> LineClass {
        LineClass {
            kind: LineKind::Body,
            heads: Vec::new(),
            heading_only: false,
            closing: false,
        }
    }
}

fn trim_text(s: &[char]) -> (usize, usize) {
    let mut a = 0;
    let mut b = s.len();
    while a < b && is_edge_punct(s[a]) {
        a += 1;
    }
    while b > a && is_edge_punct(s[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// Parse the chain of headings starting at `s[i]` (a marker). `full` is the line's length.
fn parse_chain(s: &[char], full: usize, mut i: usize, heads: &mut Vec<RawHead>) -> bool {
    let whole = s.len() == full;
    while let Some(m) = parse_marker(s, i) {
        if heads.last().is_some_and(|h| h.level >= m.level) || heads.len() >= 6 {
            break;
        }
        let start = i + m.len;
        let window = (start + MAX_HEADING_TEXT).min(s.len());
        let mut j = start;
        let mut child = None;
        let mut term = None;
        while j < window {
            if is_terminator(s[j]) {
                term = Some(j);
                break;
            }
            if j > start {
                if let Some(c) = glued_child(s, j, m.level) {
                    child = Some(c);
                    break;
                }
            }
            j += 1;
        }
        let (end, heading_only) = match (child, term) {
            (Some(_), _) => (j, false),
            (None, Some(t)) => {
                let rest_empty = whole && s[t + 1..].iter().all(|&c| is_closing_mark(c));
                (t, rest_empty && t - start <= MAX_HEADING_ONLY)
            }
            (None, None) if whole && window == s.len() => (s.len(), s.len() - start <= MAX_HEADING_ONLY_NOTERM),
            (None, None) => {
                // A long clause without a stop: keep it up to its first comma.
                let comma = s[start..window].iter().position(|&c| matches!(c, '，' | ','));
                (comma.map_or(window, |p| start + p), false)
            }
        };
        let (a, b) = trim_text(&s[start..end]);
        heads.push(RawHead {
            level: m.level,
            numeral: m.numeral,
            marker_at: i,
            marker: s[i..i + m.len].iter().collect(),
            text: s[start + a..start + b].iter().collect(),
            text_at: start + a,
            standalone: child.is_some() || heading_only,
        });
        if child.is_none() {
            return heading_only;
        }
        i = j;
    }
    false
}

/// Whether `f` (folded) is only years, cue words, genres and generic words (`2023年工作思路`,
/// `主要情况`), with nothing that names a subject (`宣传工作情况汇报`).
fn vocab_only(v: &Vocab, f: &[char]) -> bool {
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        if is_space(c) || matches!(c, '“' | '”' | '"' | '、' | '—' | '-' | '《' | '》') {
            i += 1;
            continue;
        }
        if digit(c).is_some() || cn_digit(c).is_some() || matches!(c, 'x' | 'X' | '_' | '＿') {
            let n = f[i..]
                .iter()
                .take_while(|&&c| digit(c).is_some() || cn_digit(c).is_some() || matches!(c, 'x' | 'X' | '_' | '＿'))
                .count();
            if f.get(i + n) == Some(&'年') {
                i += n;
                continue;
            }
            // 一年来: a cue word that starts with a numeral.
        }
        let Some((len, _)) = v
            .at(f, i)
            .find(|(_, k)| !matches!(k, Kind::Closing | Kind::About | Kind::Collection))
        else {
            return false;
        };
        i += len;
    }
    true
}

/// The stance of a line made only of cue and generic words, if it has one strong cue: a part
/// heading such as `2023年工作思路`. `Some(Unknown)` when its strong cues are mixed.
fn bare_stance(v: &Vocab, f: &[char]) -> Option<Stance> {
    if !vocab_only(v, f) {
        return None;
    }
    match Cue::of(v, f, 0, true).resolve(None) {
        (s, strength) if strength >= 2 => Some(s),
        _ => None,
    }
}

/// `Some(true)` for a compilation title, `Some(false)` for a document title.
fn title_kind(v: &Vocab, f: &[char]) -> Option<bool> {
    let mut end = f.len();
    let mut collection = false;
    loop {
        while end > 0 && is_space(f[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let last = f[end - 1];
        if is_close(last) || last == '】' {
            let open = (0..end - 1).rev().find(|&k| is_open(f[k]) || f[k] == '【')?;
            let inner = &f[open + 1..end - 1];
            if inner.last() == Some(&'篇') && inner[..inner.len() - 1].iter().all(|&c| digit(c).is_some()) {
                collection = true;
            }
            end = open;
            continue;
        }
        if let Some(n) = v.ends_with(&f[..end], &v.decoration) {
            end -= n;
            continue;
        }
        break;
    }
    if collection || v.ends_with(&f[..end], &v.collection).is_some() {
        return Some(true);
    }
    (end >= 4 && v.ends_with(&f[..end], &v.genre).is_some()).then_some(false)
}

/// `关于宣传工作情况汇报我镇宣传工作在…`: the length of the title glued to the body.
fn glued_title(v: &Vocab, f: &[char], full: usize) -> Option<usize> {
    let about = v.at(f, 0).find(|(_, k)| *k == Kind::About)?.0;
    let limit = f.len().min(GLUE_WINDOW);
    let genre_at = |i: usize| v.at(f, i).find(|(_, k)| *k == Kind::Genre).map(|(n, _)| n);
    let mut i = about;
    while i < limit {
        if is_sentence_punct(f[i]) || is_open(f[i]) {
            return None;
        }
        if let Some(n) = genre_at(i) {
            let mut e = i + n;
            while let Some(n2) = genre_at(e) {
                e += n2;
            }
            let next = *f.get(e)?;
            let stop = is_sentence_punct(next)
                || is_space(next)
                || matches!(
                    next,
                    '的' | '之' | '中' | '时' | '時' | '如' | '和' | '及' | '与' | '與' | '并' | '並' | '等' | '、'
                        | '》' | '”' | '"' | ')' | '）' | '工' | '书' | '書' | '稿' | '材'
                        // 的通知要求, 通知精神, 规定, 指示, 部署, 文件, 以后: the sentence goes on.
                        | '要' | '精' | '规' | '規' | '指' | '部' | '文' | '以' | '后' | '後'
                );
            if !stop && full - e >= 8 {
                return Some(e);
            }
        }
        i += 1;
    }
    None
}

/// Classify a line: `s` is its first [`PREFIX`] non-blank characters, `full` its trimmed length.
fn classify(v: &Vocab, s: &[char], full: usize) -> LineClass {
    let mut class = LineClass::body();
    if parse_marker(s, 0).is_some() {
        class.heading_only = parse_chain(s, full, 0, &mut class.heads);
        return class;
    }
    let f: Vec<char> = s.iter().map(|&c| v.fold(c)).collect();
    if full <= MAX_CLOSING && v.contains(&f, Kind::Closing) {
        class.closing = true;
        return class;
    }
    let whole = s.len() == full;
    let clean =
        !s.iter().any(|&c| is_sentence_punct(c)) && !matches!(s.first(), Some('—' | '-' | '–' | '·' | '•' | '*'));
    let bare = (whole && clean && full <= MAX_TITLE && vocab_only(v, &f)).then(|| bare_stance(v, &f));
    if full <= MAX_PART {
        if let Some(Some(stance @ (Stance::Actual | Stance::Target))) = bare {
            class.kind = LineKind::Part(stance);
            class.heads.push(RawHead {
                level: 0,
                numeral: None,
                marker_at: 0,
                marker: String::new(),
                text: s.iter().collect(),
                text_at: 0,
                standalone: true,
            });
            class.heading_only = true;
            return class;
        }
    }
    // Only years, cues and generic words, without one strong stance: a title if its cues are
    // mixed (`2022年度工作总结及2023年工作计划`), else nothing (`主要情况`).
    if bare.is_some_and(|b| b != Some(Stance::Unknown)) {
        return class;
    }
    if whole && clean && full <= MAX_TITLE {
        match title_kind(v, &f) {
            Some(true) => class.kind = LineKind::Collection,
            Some(false) => class.kind = LineKind::Title(s.iter().collect()),
            None => {}
        }
        return class;
    }
    // `2021年工作计划一、宣传工作。`: a part heading glued to the first heading.
    for p in 2..=MAX_PART.min(s.len().saturating_sub(1)) {
        if is_sentence_punct(s[p - 1]) {
            break;
        }
        let Some(m) = parse_marker(s, p) else { continue };
        if m.numeral != Some(1) || !(1..=2).contains(&m.level) {
            continue;
        }
        if let Some(stance @ (Stance::Actual | Stance::Target)) = bare_stance(v, &f[..p]) {
            class.kind = LineKind::Part(stance);
            class.heads.push(RawHead {
                level: 0,
                numeral: None,
                marker_at: 0,
                marker: String::new(),
                text: s[..p].iter().collect(),
                text_at: 0,
                standalone: true,
            });
            class.heading_only = parse_chain(s, full, p, &mut class.heads);
            return class;
        }
    }
    if let Some(e) = glued_title(v, &f, full) {
        class.kind = LineKind::Glued(s[..e].iter().collect());
    }
    class
}

// ---------------------------------------------------------------------------------------------
// Building

#[derive(Debug)]
struct HeadRec {
    level: u8,
    numeral: Option<u32>,
    marker: String,
    text: String,
    start: usize,
    cue: Cue,
}

#[derive(Debug)]
struct ParaRec {
    line_start: usize,
    start: usize,
    end: usize,
    doc: usize,
    path: Vec<u32>,
    is_heading: bool,
    /// A body line without heading, title or closing: may be a report's introduction.
    plain: bool,
    /// Years its body text names (for the document's year).
    years: Vec<u16>,
}

#[derive(Debug)]
struct DocRec {
    start: usize,
    first_para: usize,
    title: Option<String>,
    cue: Cue,
    titled: bool,
}

struct Builder<'v> {
    v: &'v Vocab,
    heads: Vec<HeadRec>,
    paras: Vec<ParaRec>,
    docs: Vec<DocRec>,
    stack: Vec<u32>,
    buf: Vec<char>,
    /// Paragraphs of the current document other than title lines.
    content: usize,
    /// Whether a heading was pushed in the current document.
    has_heads: bool,
    /// The last closing line has not been followed by a substantial paragraph yet.
    after_closing: bool,
    /// Stance of the current document's last unnumbered part heading.
    last_part: Option<Stance>,
}

impl<'v> Builder<'v> {
    fn new(v: &'v Vocab) -> Self {
        Builder {
            v,
            heads: Vec::new(),
            paras: Vec::new(),
            docs: Vec::new(),
            stack: Vec::new(),
            buf: Vec::new(),
            content: 0,
            has_heads: false,
            after_closing: false,
            last_part: None,
        }
    }

    fn title_cue(&self, title: &str) -> Cue {
        Cue::of(self.v, &self.v.fold_str(title), 0, true)
    }

    fn set_title(&mut self, title: String) {
        let cue = self.title_cue(&title);
        if let Some(d) = self.docs.last_mut() {
            d.cue = cue;
            d.title = Some(title);
            d.titled = true;
        }
    }

    fn level_open(&self, level: u8) -> bool {
        self.stack.iter().any(|&h| self.heads[h as usize].level == level)
    }

    /// `一、` now restarts the numbering of the current document.
    fn restarts(&self) -> bool {
        // Right under a part heading (`2023年工作计划`), `一、` starts that part's numbering.
        if self.stack.last().is_some_and(|&h| self.heads[h as usize].level == 0) {
            return false;
        }
        self.level_open(1)
            || self.stack.iter().any(|&h| {
                let h = &self.heads[h as usize];
                h.level == 2 && h.numeral.is_some_and(|n| n >= 2)
            })
    }

    /// The previous paragraph introduces the report that the current line's `一、` opens.
    fn intro_before(&self) -> bool {
        let (Some(doc), Some(q)) = (self.docs.last(), self.paras.len().checked_sub(1)) else {
            return false;
        };
        q > doc.first_para && self.paras[q].plain && !self.paras[q - 1].is_heading
    }

    /// Open a document at the line starting at `line_start`, or at the previous paragraph.
    fn open_doc(&mut self, title: Option<String>, with_intro: bool, line_start: usize) {
        let para = self.paras.len();
        let (first_para, start) = if with_intro {
            (para - 1, self.paras[para - 1].line_start)
        } else {
            (para, line_start)
        };
        let cue = title.as_deref().map(|t| self.title_cue(t)).unwrap_or_default();
        let titled = title.is_some();
        self.docs.push(DocRec {
            start,
            first_para,
            title,
            cue,
            titled,
        });
        self.stack.clear();
        self.content = 0;
        self.has_heads = false;
        self.after_closing = false;
        self.last_part = None;
        if with_intro {
            let doc = self.docs.len() - 1;
            let p = &mut self.paras[para - 1];
            p.doc = doc;
            p.path.clear();
            self.content = 1;
        }
    }

    fn push(&mut self, h: u32) {
        let (level, numeral) = (self.heads[h as usize].level, self.heads[h as usize].numeral);
        let sibling = self.level_open(level);
        while self
            .stack
            .last()
            .is_some_and(|&t| self.heads[t as usize].level >= level)
        {
            self.stack.pop();
        }
        // Numbering restarted under the same parent: the parent's sections have ended.
        if sibling && numeral == Some(1) && (1..=4).contains(&level) {
            self.stack.pop();
        }
        self.stack.push(h);
        self.has_heads = true;
    }
}

impl Builder<'_> {
    fn line(&mut self, line: &str, line_start: usize, n: usize) {
        let lead = line.chars().take_while(|&c| is_space(c)).count();
        if lead == n {
            return;
        }
        let trail = line.chars().rev().take_while(|&c| is_space(c)).count();
        let len = n - lead - trail;
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.extend(line.chars().skip(lead).take(len.min(PREFIX)));
        let class = classify(self.v, &buf, len);
        self.buf = buf;
        let pstart = line_start + lead;
        let body_text = !matches!(
            class.kind,
            LineKind::Title(_) | LineKind::Collection | LineKind::Part(_)
        ) && !class.heading_only;
        let mut years = Vec::new();
        if body_text {
            scan_years(line.chars(), |y| years.push(y as u16));
        }
        self.place(class, line_start, pstart, pstart + len, years);
    }

    fn place(&mut self, class: LineClass, line_start: usize, start: usize, end: usize, years: Vec<u16>) {
        if self.docs.is_empty() {
            self.docs.push(DocRec {
                start: 0,
                first_para: 0,
                title: None,
                cue: Cue::default(),
                titled: false,
            });
        }
        let mut kind = class.kind;
        let part_stance = if let LineKind::Part(st) = kind { Some(st) } else { None };
        let paras_in_doc = self.paras.len() - self.docs.last().map_or(0, |d| d.first_para);
        match &kind {
            LineKind::Title(t) | LineKind::Glued(t) => {
                let first = self.docs.len() == 1 && !self.docs[0].titled;
                if self.content == 0 {
                    if !self.docs.last().is_some_and(|d| d.titled) {
                        self.set_title(t.clone());
                    }
                } else if first && !self.has_heads && paras_in_doc <= MAX_PREAMBLE {
                    self.set_title(t.clone());
                } else {
                    self.open_doc(Some(t.clone()), false, line_start);
                }
            }
            _ => {
                let substantial = !class.heads.is_empty() || end - start > MAX_SIGNATURE;
                let restart = class
                    .heads
                    .first()
                    .is_some_and(|h| h.level == 1 && h.numeral == Some(1))
                    && !self.docs.last().is_some_and(|d| d.titled)
                    && self.restarts();
                if self.after_closing && substantial && !class.closing {
                    self.open_doc(None, false, line_start);
                } else if let Some(st) = part_stance {
                    // A second summary (or a summary after a plan) is another report's bare title.
                    if self
                        .last_part
                        .is_some_and(|p| !(p == Stance::Actual && st == Stance::Target))
                    {
                        let title: String = class.heads.first().map(|h| h.text.clone()).unwrap_or_default();
                        self.open_doc(Some(title.clone()), false, line_start);
                        if class.heads.len() == 1 {
                            kind = LineKind::Title(title);
                        }
                    }
                } else if restart {
                    let intro = self.intro_before();
                    self.open_doc(None, intro, line_start);
                }
            }
        }
        let doc = self.docs.len() - 1;
        let title_line = matches!(kind, LineKind::Title(_) | LineKind::Collection);
        if !title_line {
            for h in &class.heads {
                let folded: Vec<char> = h.text.chars().map(|c| self.v.fold(c)).collect();
                let cue = Cue::of(self.v, &folded, h.level, h.standalone);
                self.heads.push(HeadRec {
                    level: h.level,
                    numeral: h.numeral,
                    marker: h.marker.clone(),
                    text: h.text.clone(),
                    start: start + if h.marker.is_empty() { h.text_at } else { h.marker_at },
                    cue,
                });
                let id = (self.heads.len() - 1) as u32;
                self.push(id);
            }
        }
        if part_stance.is_some() {
            self.last_part = part_stance;
        }
        let path = if matches!(kind, LineKind::Title(_) | LineKind::Glued(_)) {
            Vec::new()
        } else {
            self.stack.clone()
        };
        let plain = matches!(kind, LineKind::Body) && class.heads.is_empty() && !class.closing;
        self.paras.push(ParaRec {
            line_start,
            start,
            end,
            doc,
            path,
            is_heading: title_line || class.heading_only,
            plain,
            years,
        });
        if !title_line {
            self.content += 1;
        }
        if class.closing {
            self.after_closing = true;
        }
    }

    fn finish(mut self, total: usize) -> Structure {
        if self.paras.is_empty() {
            return Structure::default();
        }
        // A title at the very end opens nothing.
        if self.docs.len() > 1 && self.content == 0 {
            self.docs.pop();
            let last = self.docs.len() - 1;
            for p in self.paras.iter_mut().rev().take_while(|p| p.doc > last) {
                p.doc = last;
            }
        }
        // The year a document reports on: the earliest its title and top headings name (a
        // summary of 2022 with a plan for 2023), else the year its body names most often.
        let n = self.docs.len();
        let mut doc_years: Vec<Option<u32>> = self.docs.iter().map(|d| d.cue.year).collect();
        let mut counts: FxHashMap<u16, u32> = FxHashMap::default();
        for (i, p) in self.paras.iter().enumerate() {
            for &h in &p.path {
                if let Some(y) = self.heads[h as usize].cue.year {
                    let d = &mut doc_years[p.doc];
                    *d = Some(d.map_or(y, |d| d.min(y)));
                }
            }
            for &y in &p.years {
                *counts.entry(y).or_default() += 1;
            }
            let last_of_doc = self.paras.get(i + 1).is_none_or(|q| q.doc != p.doc);
            if last_of_doc {
                if doc_years[p.doc].is_none() {
                    doc_years[p.doc] = counts
                        .iter()
                        .max_by_key(|&(&y, &c)| (c, std::cmp::Reverse(y)))
                        .map(|(&y, _)| y as u32);
                }
                counts.clear();
            }
        }
        let documents: Vec<DocSpan> = (0..n)
            .map(|i| DocSpan {
                start: if i == 0 { 0 } else { self.docs[i].start },
                end: self.docs.get(i + 1).map_or(total, |d| d.start),
                title: self.docs[i].title.clone(),
            })
            .collect();
        let paragraphs = self
            .paras
            .iter()
            .map(|p| {
                let doc_year = doc_years[p.doc];
                let mut weak = Stance::Unknown;
                let mut stance = None;
                let title_cue = self.docs[p.doc].cue;
                for cue in p
                    .path
                    .iter()
                    .rev()
                    .map(|&h| self.heads[h as usize].cue)
                    .chain(std::iter::once(title_cue))
                {
                    let (s, strength) = cue.resolve(doc_year);
                    if strength >= 2 {
                        stance = Some(s);
                        break;
                    }
                    if strength == 1 && weak == Stance::Unknown {
                        weak = s;
                    }
                }
                Paragraph {
                    start: p.start,
                    end: p.end,
                    doc: p.doc,
                    heading_path: p
                        .path
                        .iter()
                        .map(|&h| {
                            let h = &self.heads[h as usize];
                            Heading {
                                level: h.level,
                                marker: h.marker.clone(),
                                text: h.text.clone(),
                                start: h.start,
                            }
                        })
                        .collect(),
                    stance: stance.unwrap_or(weak),
                    is_heading: p.is_heading,
                }
            })
            .collect();
        Structure { documents, paragraphs }
    }
}
