//! Document metadata found in the text itself: `title`, `date`, `year`, `region`,
//! `region_code`, `level` and `doc_type` ([`About`]), and the override by metadata the user
//! carried with the text ([`apply_carried`]).
//!
//! [`describe`] reads the cleaned, converted text (the pipeline runs it after `clean`, so site
//! chrome is gone and digits are ASCII; it also reads Traditional text and full-width or Chinese
//! numerals, for pipelines without cleaning or conversion). It looks at the head of the text (the
//! first 40 non-blank lines, at most 6,000 characters), its last lines and, for the year of a
//! national report that names none, at a few cue patterns; never the whole text twice.
//!
//! - **title**: the first line of the head that reads as one: at most 80 characters, no sentence
//!   punctuation, no heading marker, with a genre word (`政府工作报告`, `总结`, `计划`, `讲话`,
//!   `决议`, `汇编` ...: `data/describe/cues.tsv`) or ending in `报告`; a title line that goes on
//!   with its delivery line (`政府工作报告——2026年1月26日在…会议上`) is cut before `——`. The
//!   pipeline gives the title in the script of the original (Traditional text, Traditional title).
//! - **doc_type**: `compilation` when the structure stage finds several documents or the title
//!   is a compilation's (`汇编`, `合集`); else the title's genre (`resolution`, `speech`,
//!   `government_work_report`, `work_summary`, `work_plan`, in that precedence); else
//!   `government_work_report` when the opening says so (`我代表国务院`, `向大会报告工作`); else
//!   `other`.
//! - **date** of delivery (`——2026年1月26日在…人民代表大会…会议上`), else of publication as the
//!   page states it (`时间：2026-02-03`, `2026年02月10日 07时41分`), else the date line that signs
//!   the text at its end: ISO `yyyy-mm-dd`, or `yyyy-mm` when no day is stated.
//! - **year** the document is for: the year of its title (the `2026年…政府工作报告`, a
//!   `2022年度工作总结`; the first of two: `2022年度工作总结及2023年工作计划` is 2022); else the
//!   year of delivery; else the session of the National People's Congress the report is made to;
//!   else the year its review heading names, plus one for a government work report
//!   (`一、1999年国内工作回顾` is in the 2000 report); else the year of the date.
//! - **region**, **region_code**, **level**: from the title, then the delivery line
//!   (`在河南省第十四届人民代表大会…`), then the speaker's line (`河南省人民政府省长 王凯`); a
//!   national cue (`国务院`, `全国人民代表大会` with no province, `国务院总理`) makes the
//!   document national (region `中华人民共和国`, code `100000`: the state has no code of its own
//!   in GB/T 2260, and 100000 is the common usage); failing all these, `我省`/`全市` and the
//!   divisions the head names most, when one clearly leads. Names are read against the
//!   gazetteer (`data/describe/regions.tsv`, old names in `old_names.tsv`, both scripts): a
//!   name that stays ambiguous (`朝阳区` is in Beijing and Changchun) is resolved by a division
//!   of the text that contains it, or left null.
//!
//! ```
//! use gongwen_core::describe::describe;
//! use gongwen_core::structure::analyze;
//!
//! let text = "2026年河南省政府工作报告\n——2026年1月26日在河南省第十四届人民代表大会第四次会议上\n河南省人民政府省长 王凯\n各位代表：\n";
//! let m = describe(text, &analyze(text));
//! assert_eq!(m.title.as_deref(), Some("2026年河南省政府工作报告"));
//! assert_eq!((m.date.as_deref(), m.year), (Some("2026-01-26"), Some(2026)));
//! assert_eq!((m.region.as_deref(), m.region_code.as_deref(), m.level), (Some("河南省"), Some("410000"), Some("provincial")));
//! assert_eq!(m.doc_type, Some("government_work_report"));
//! ```

mod carried;
mod cues;
mod dates;
mod gazetteer;
#[cfg(test)]
mod tests;

pub use carried::apply_carried;
pub use cues::DocType;
pub use gazetteer::{Gazetteer, Level, Region, NATIONAL_CODE, NATIONAL_NAME};

use cues::Cues;
use dates::Date;

use crate::structure::Structure;

/// Non-blank lines read at the head of a text.
const HEAD_LINES: usize = 40;
/// Characters read at the head of a text, at most.
const HEAD_CHARS: usize = 6000;
/// Lines a title may be found among.
const TITLE_LINES: usize = 15;
/// Longest title, in characters.
const TITLE_CHARS: usize = 80;
/// Documents with distinct titles that make a text a compilation.
const COMPILATION_TITLES: usize = 3;
/// The salutations that open the body of a speech or report (the title is before them).
const SALUTATIONS: [&str; 8] = [
    "各位代表",
    "同志们",
    "同志們",
    "各位委员",
    "各位委員",
    "各位领导",
    "各位領導",
    "尊敬的",
];

/// The metadata of one document (every field may be unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    pub title: Option<String>,
    /// The title's span in the text described (characters), to take it from the original.
    pub title_span: Option<(usize, usize)>,
    pub date: Option<String>,
    pub year: Option<i64>,
    pub region: Option<String>,
    pub region_code: Option<String>,
    pub level: Option<&'static str>,
    pub doc_type: Option<&'static str>,
}

impl About {
    fn set_region(&mut self, g: &Gazetteer, k: usize) {
        let r = g.region(k);
        self.region = Some(r.name.clone());
        self.region_code = Some(gazetteer::code_string(r.code));
        self.level = Some(r.level.as_str());
    }

    fn set_national(&mut self) {
        self.region = Some(NATIONAL_NAME.to_string());
        self.region_code = Some(NATIONAL_CODE.to_string());
        self.level = Some(Level::National.as_str());
    }
}

/// The title at `span` (characters of `norm`, the text described) as the original `text` has
/// it: its Han characters as the original writes them (a Traditional title stays Traditional),
/// everything else as cleaning made it (ASCII digits, no escapes or odd spaces).
pub fn in_original(span: (usize, usize), map: &crate::offsets::OffsetMap, text: &str, norm: &str) -> String {
    let (start, end) = span;
    let norm_chars: Vec<char> = norm.chars().skip(start).take(end - start).collect();
    let (src_start, src_end) = map.source_range(start, start + norm_chars.len());
    let src: Vec<char> = text.chars().skip(src_start).take(src_end - src_start).collect();
    let is_han = |c: char| {
        ('\u{3400}'..='\u{9fff}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{20000}'..='\u{3ffff}').contains(&c)
    };
    let mut out = String::new();
    let mut i = 0;
    while i < norm_chars.len() {
        let (s, e) = map.source_span(start + i);
        // The characters of the cleaned text that share this source span (a conversion group).
        let mut j = i + 1;
        while j < norm_chars.len() && map.source_span(start + j) == (s, e) {
            j += 1;
        }
        let original: Vec<char> = src
            .get(s - src_start..e - src_start)
            .map_or(Vec::new(), <[char]>::to_vec);
        if !original.is_empty() && original.iter().all(|&c| is_han(c)) && norm_chars[i..j].iter().all(|&c| is_han(c)) {
            out.extend(original);
        } else {
            out.extend(&norm_chars[i..j]);
        }
        i = j;
    }
    out
}

/// A line of the head: its text (trimmed) and where it starts (bytes, characters).
struct Line<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

fn head_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    for raw in text.split('\n') {
        let n = raw.chars().count();
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if !t.is_empty() {
            out.push(Line {
                text: t,
                byte: byte + lead,
                char: chars + raw[..lead].chars().count(),
            });
        }
        byte += raw.len() + 1;
        chars += n + 1;
        if out.len() >= HEAD_LINES || chars >= HEAD_CHARS {
            break;
        }
    }
    out
}

/// The last `n` non-blank lines (at most 400 characters each), last first.
fn tail_lines(text: &str, n: usize) -> Vec<&str> {
    text.rsplit('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .filter(|l| l.len() <= 1200)
        .collect()
}

fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '；', '！', '？', ';', '!', '?'])
}

/// Whether a line starts with a heading marker (`一、`, `(一)`, `1.`, `第一部分`).
fn starts_with_marker(s: &str) -> bool {
    let mut it = s.chars();
    let first = it.next().unwrap_or(' ');
    let second = it.next().unwrap_or(' ');
    if matches!(first, '(' | '（' | '〔' | '⑴'..='⒇' | '①'..='⑳') {
        return true;
    }
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    if numeral(first) {
        let rest: String = s.chars().skip_while(|c| numeral(*c)).take(1).collect();
        return matches!(rest.as_str(), "、" | "." | "．" | "是");
    }
    if first.is_ascii_digit() {
        let rest: String = s.chars().skip_while(|c| c.is_ascii_digit()).take(1).collect();
        return matches!(rest.as_str(), "、" | "." | "．") && !second.is_ascii_digit();
    }
    s.starts_with('第') && (s.contains("部分") || s.contains("章")) && s.chars().count() < 20
}

/// Whether a line is a delivery line: `…年…月…日在…会议上`.
fn delivery_date(line: &str) -> Option<Date> {
    if !(line.contains("会议") || line.contains("會議") || line.contains("大会") || line.contains("大會")) {
        return None;
    }
    dates::dates(line).find_map(|(_, end, d)| {
        let after: String = line[end..].chars().take(3).collect();
        (d.month.is_some() && after.trim_start().starts_with('在')).then_some(d)
    })
}

/// The title of a line, if it reads as one: the span (bytes, in the line) of its title part.
fn title_part(line: &str, cues: &Cues) -> Option<(usize, usize)> {
    // A title that goes on with its delivery line or date: cut before the dash.
    let end = ["——", "--", "──", "—"]
        .iter()
        .filter_map(|d| line.find(d).map(|i| (i, i + d.len())))
        .filter(|&(_, after)| {
            let rest = &line[after..];
            delivery_date(rest).is_some()
                || dates::dates(rest)
                    .next()
                    .is_some_and(|(s, _, d)| s == 0 && d.month.is_some())
        })
        .map(|(i, _)| i)
        .min()
        .unwrap_or(line.len());
    let t = line[..end].trim_end();
    let n = t.chars().count();
    if !(4..=TITLE_CHARS).contains(&n) || has_sentence_punct(t) || starts_with_marker(t) {
        return None;
    }
    if t.ends_with(['：', ':', '，', ',']) || t.contains("：") || t.contains(">>") || t.contains("http") {
        return None;
    }
    if delivery_date(line).is_some() && end == line.len() {
        return None;
    }
    let ends_report = t.trim_end_matches([')', '）', '》', '」', '"', '”']).ends_with("报告")
        || t.trim_end_matches([')', '）', '》']).ends_with("報告");
    (cues.genre(t).is_some() || ends_report).then_some((0, t.len()))
}

/// Describe `text` (cleaned and converted as the pipeline has it), whose structure is `st`.
pub fn describe(text: &str, st: &Structure) -> About {
    let cues = Cues::global();
    let g = Gazetteer::global();
    let lines = head_lines(text);
    let mut meta = About::default();

    // Title.
    let mut body_lines = 0;
    for l in lines.iter().take(TITLE_LINES) {
        // The title comes before the body: the salutation, or a few sentences, end the search.
        if SALUTATIONS.iter().any(|w| l.text.starts_with(w)) {
            break;
        }
        if has_sentence_punct(l.text) || l.text.chars().count() > TITLE_CHARS {
            body_lines += 1;
            if body_lines > 2 {
                break;
            }
            continue;
        }
        if let Some((s, e)) = title_part(l.text, cues) {
            let t = &l.text[s..e];
            let start = l.char + l.text[..s].chars().count();
            meta.title = Some(t.to_string());
            meta.title_span = Some((start, start + t.chars().count()));
            break;
        }
    }
    let title = meta.title.clone().unwrap_or_default();

    // Doc type.
    let head_text = lines.first().map_or("", |f| {
        let last = lines.last().expect("non-empty");
        &text[f.byte..last.byte + last.text.len()]
    });
    let opening: String = head_text.chars().take(1500).collect();
    let mut titles: Vec<&str> = st
        .documents
        .iter()
        .filter_map(|d| d.title.as_deref().map(str::trim))
        .collect();
    titles.sort_unstable();
    titles.dedup();
    titles.retain(|t| !t.is_empty());
    let doc_type = if titles.len() >= COMPILATION_TITLES {
        DocType::Compilation
    } else if let Some(d) = cues.genre(&title) {
        d
    } else if cues.is_report(&opening) {
        DocType::GovernmentWorkReport
    } else {
        DocType::Other
    };
    meta.doc_type = Some(doc_type.as_str());

    // Dates: delivery, publication, signature.
    let delivery = lines
        .iter()
        .take(TITLE_LINES + 5)
        .find_map(|l| delivery_date(l.text).map(|d| (l, d)));
    let publication = lines.iter().take(TITLE_LINES + 5).find_map(|l| {
        if l.text.chars().count() > 60 || has_sentence_punct(l.text) {
            return None;
        }
        if let Some(d) = dates::iso_date(l.text) {
            return Some(d);
        }
        let stamped = l.text.contains('时') || l.text.contains('時');
        let labelled = ["时间", "時間", "日期", "发布", "發布"]
            .iter()
            .any(|w| l.text.contains(w));
        dates::dates(l.text)
            .map(|(_, _, d)| d)
            .find(|d| d.day.is_some() && (stamped || labelled))
    });
    let signature = tail_lines(text, 6).into_iter().find_map(|l| {
        let n = l.chars().count();
        if n > 24 {
            return None;
        }
        let (s, e, d) = dates::dates(l).next()?;
        let rest = format!("{}{}", &l[..s], &l[e..]);
        (rest.trim().chars().count() <= 2 && d.month.is_some()).then_some(d)
    });
    meta.date = delivery.map(|(_, d)| d).or(publication).or(signature).map(|d| d.iso());

    // Year.
    let title_year = dates::dates(&title).next().map(|(_, _, d)| d.year).or_else(|| {
        // `2022年度` and bare years: any four-digit year before 年 in the title.
        title.find('年').and_then(|i| {
            let before: String = title[..i]
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            dates::year(&before)
        })
    });
    let session = || dates::npc_year(&head_text.chars().take(3000).collect::<String>());
    let review = || review_year(head_text, doc_type);
    meta.year = title_year
        .or(delivery.map(|(_, d)| d.year))
        .or_else(session)
        .or_else(review)
        .or(signature.map(|d| d.year))
        .or_else(|| {
            (doc_type == DocType::GovernmentWorkReport)
                .then(|| modal_year(text))
                .flatten()
        })
        .map(i64::from);

    // Region.
    let year = meta.year.map(|y| y as i32);
    // The divisions the head names unambiguously, to resolve an ambiguous name by: read only
    // when a name needs it.
    let context_cell: std::cell::OnceCell<Vec<usize>> = std::cell::OnceCell::new();
    let context = || -> &[usize] {
        context_cell.get_or_init(|| {
            g.hits(head_text)
                .filter(|h| h.is_full() || h.names.iter().all(|n| g.region(n.region).level == Level::Provincial))
                .filter_map(|h| g.resolve(h.names, &[], year))
                .collect()
        })
    };
    let in_line = |s: &str| most_specific(g, s, &context, year);
    let found = in_line(&title)
        .or_else(|| delivery.and_then(|(l, _)| delivery_region(g, l.text, &context, year)))
        .or_else(|| {
            lines
                .iter()
                .take(TITLE_LINES + 5)
                .filter(|l| l.text.chars().count() <= 40 && cues.office(l.text).is_some())
                .find_map(|l| in_line(l.text))
        });
    let national = || {
        title.contains("国务院")
            || title.contains("國務院")
            || delivery.is_some_and(|(l, _)| l.text.contains("全国人民代表大会") || l.text.contains("全國人民代表大會"))
            || cues.is_national(&opening)
            || lines
                .iter()
                .take(TITLE_LINES + 5)
                .any(|l| l.text.chars().count() <= 40 && cues.is_national(l.text))
    };
    match found {
        Some(Some(k)) => meta.set_region(g, k),
        Some(None) => {}
        None if national() => meta.set_national(),
        None => match local_region(g, cues, head_text, context(), year) {
            Some(NATIONAL) => meta.set_national(),
            Some(k) => meta.set_region(g, k),
            None => {}
        },
    }
    meta
}

/// The most specific division named in `s`: `Some(Some(k))`; `Some(None)` when `s` names a
/// division that stays ambiguous (the region is then left unknown rather than guessed from
/// weaker cues); `None` when it names none.
fn most_specific<'c>(
    g: &Gazetteer,
    s: &str,
    context: &dyn Fn() -> &'c [usize],
    year: Option<i32>,
) -> Option<Option<usize>> {
    let hits: Vec<_> = g.hits(s).collect();
    if hits.is_empty() {
        return None;
    }
    // First the names that resolve alone, then the others in their light.
    let mut ctx: Vec<usize> = hits.iter().filter_map(|h| g.resolve(h.names, &[], year)).collect();
    if hits.iter().any(|h| g.resolve(h.names, &ctx, year).is_none()) {
        ctx.extend_from_slice(context());
    }
    let mut best: Option<usize> = None;
    let mut ambiguous = false;
    for h in &hits {
        match g.resolve(h.names, &ctx, year) {
            Some(k) => {
                let deeper = best.is_none_or(|b| g.region(k).level > g.region(b).level && g.within(k, b));
                if deeper {
                    best = Some(k);
                }
            }
            None => ambiguous = true,
        }
    }
    match best {
        Some(k) => Some(Some(k)),
        None if ambiguous => Some(None),
        None => None,
    }
}

/// The division of a delivery line: the one named before `人民代表大会` (none: the National
/// People's Congress).
fn delivery_region<'c>(
    g: &Gazetteer,
    line: &str,
    context: &dyn Fn() -> &'c [usize],
    year: Option<i32>,
) -> Option<Option<usize>> {
    let end = line.find("人民代表大会").or_else(|| line.find("人民代表大會"))?;
    most_specific(g, &line[..end], context, year)
}

/// The year a review heading names (`一、1999年国内工作回顾`, `首先报告２００１年的工作`,
/// `刚刚过去的１９８４年`): the next year for a government work report, that year otherwise.
fn review_year(head: &str, doc_type: DocType) -> Option<i32> {
    use std::sync::OnceLock;
    static R: OnceLock<regex::Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        let y = r"([0-9０-９〇○零一二三四五六七八九]{4})";
        regex::Regex::new(&format!(
            r"{y}年(?:国内|國內)?(?:的)?(?:工作|经济工作)(?:的)?(?:回顾|回顧)|(?:报告|報告|回顾|回顧){y}年(?:的)?工作|刚刚过去的{y}年|剛剛過去的{y}年"
        ))
        .expect("review regex")
    });
    let c = re.captures(head)?;
    let y = (1..=4).find_map(|i| c.get(i)).and_then(|m| dates::year(m.as_str()))?;
    Some(if doc_type == DocType::GovernmentWorkReport {
        y + 1
    } else {
        y
    })
}

/// The weakest cue of a government work report's year: the year its text names most, plus
/// one (a report reviews the year before), if it leads clearly (named at least three times and
/// twice as often as the next). One pass of the date pattern over the text.
fn modal_year(text: &str) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    // Each 年 and the four digits before it (a search for one character, not the date pattern).
    let years = text.match_indices('年').filter_map(|(i, _)| {
        // Spaced digits too (`1 9 9 3 年`, in one transcription).
        let before: Vec<char> = text[..i].chars().rev().take(8).filter(|&c| c != ' ').take(4).collect();
        let s: String = before.into_iter().rev().collect();
        dates::year(&s)
    });
    for year in years {
        match counts.iter_mut().find(|(y, _)| *y == year) {
            Some((_, n)) => *n += 1,
            None => counts.push((year, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let &(y, n) = counts.first()?;
    let second = counts.get(1).map_or(0, |c| c.1);
    (n >= 3 && n >= 2 * second).then_some(y + 1)
}

/// What [`local_region`] gives for a body that speaks of `全国`/`我国` most.
const NATIONAL: usize = usize::MAX;

/// The division a body speaks of as `我省`/`全市` ...: the suffix most such words name, and the
/// division of that suffix the head names most, if it leads clearly (at least twice, and twice
/// as often as the next).
fn local_region(g: &Gazetteer, cues: &Cues, head: &str, context: &[usize], year: Option<i32>) -> Option<usize> {
    let mut by_suffix: Vec<(char, usize)> = Vec::new();
    for (w, suffix) in &cues.local {
        let n = head.matches(w.as_str()).count();
        if n > 0 {
            match by_suffix.iter_mut().find(|(s, _)| s == suffix) {
                Some((_, c)) => *c += n,
                None => by_suffix.push((*suffix, n)),
            }
        }
    }
    by_suffix.sort_by_key(|c| std::cmp::Reverse(c.1));
    let &(suffix, n) = by_suffix.first()?;
    if n < 2 {
        return None;
    }
    let second = by_suffix.get(1).map_or(0, |c| c.1);
    if suffix == '国' {
        return (n >= 3 && n >= 2 * second).then_some(NATIONAL);
    }
    if n <= second {
        return None;
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for h in g.hits(head) {
        let Some(k) = g.resolve(h.names, context, year) else {
            continue;
        };
        if !g.region(k).name.ends_with(suffix) {
            continue;
        }
        match counts.iter_mut().find(|(r, _)| *r == k) {
            Some((_, c)) => *c += 1,
            None => counts.push((k, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let &(k, top) = counts.first()?;
    let second = counts.get(1).map_or(0, |c| c.1);
    (top >= 2 && top >= 2 * second.max(1)).then_some(k)
}
