//! Building a [`Structure`] line by line: documents (titles, closing lines, numbering
//! restarts), the heading stack and the paragraphs' heading paths, then the stances.

use std::sync::Arc;

use super::chars::is_space;
use super::cues::{Cue, Kind, Vocab};
use super::headings::RawHead;
use super::lines::{classify, plain_long_line, LineClass, LineKind, PEEK};
use super::prefix::Prefix;
use super::*;

#[derive(Debug)]
struct HeadRec<'t> {
    level: u8,
    numeral: Option<u32>,
    marker: &'t str,
    text: &'t str,
    start: usize,
    cue: Cue,
}

#[derive(Debug)]
struct ParaRec {
    line_start: usize,
    start: usize,
    end: usize,
    doc: usize,
    /// Its heading path: a range of `Builder::path_arena`.
    path: (u32, u32),
    is_heading: bool,
    /// A body line without heading, title or closing: may be a report's introduction.
    plain: bool,
    /// A body line whose start names problems (我们也清醒看到…): its stance is Actual.
    problem: bool,
}

#[derive(Debug)]
struct DocRec {
    start: usize,
    first_para: usize,
    title: Option<String>,
    cue: Cue,
    titled: bool,
}

pub(super) struct Builder<'v, 't> {
    v: &'v Vocab,
    heads: Vec<HeadRec<'t>>,
    paras: Vec<ParaRec>,
    docs: Vec<DocRec>,
    stack: Vec<u32>,
    /// The buffers of a line's [`Prefix`] and of its headings, kept from line to line.
    chars: Vec<char>,
    folded: Vec<char>,
    line_heads: Vec<RawHead<'t>>,
    /// The heading paths of all paragraphs, one allocation.
    path_arena: Vec<u32>,
    /// Paragraphs of the current document other than title lines.
    content: usize,
    /// Whether a heading was pushed in the current document.
    has_heads: bool,
    /// The last closing line has not been followed by a substantial paragraph yet.
    after_closing: bool,
    /// Stance of the current document's last unnumbered part heading.
    last_part: Option<Stance>,
    /// The last line was prose broken off mid-sentence (see [`Builder::line`]).
    open_prose: bool,
}

impl<'v, 't> Builder<'v, 't> {
    pub(super) fn new(v: &'v Vocab, lines: usize) -> Self {
        Builder {
            v,
            heads: Vec::new(),
            paras: Vec::with_capacity(lines),
            docs: Vec::new(),
            stack: Vec::new(),
            chars: Vec::new(),
            folded: Vec::new(),
            line_heads: Vec::new(),
            path_arena: Vec::with_capacity(2 * lines),
            content: 0,
            has_heads: false,
            after_closing: false,
            last_part: None,
            open_prose: false,
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
            p.path.1 = p.path.0;
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
        // A `(一)` heading at the top of its document (no `一、` above it: `（一）关于经济形势`)
        // is a top heading: its weak and top-tier words count as at level 1.
        if level == 2 && self.stack.is_empty() {
            let cue = Cue::of(self.v, &self.v.fold_str(self.heads[h as usize].text), 1, true);
            self.heads[h as usize].cue = cue;
        }
        self.stack.push(h);
        self.has_heads = true;
    }
}

impl<'t> Builder<'_, 't> {
    pub(super) fn line(&mut self, line: &'t str, line_start: usize, n: usize) {
        let text = line.trim_start_matches(is_space);
        if text.is_empty() {
            return;
        }
        let lead = line[..line.len() - text.len()].chars().count();
        let trimmed = text.trim_end_matches(is_space);
        let trail = text[trimmed.len()..].chars().count();
        let len = n - lead - trail;
        let mut p = Prefix {
            text: trimmed,
            rest: trimmed.chars(),
            chars: std::mem::take(&mut self.chars),
            folded: std::mem::take(&mut self.folded),
            len: len.min(PREFIX),
            full: len,
        };
        p.chars.clear();
        p.folded.clear();
        let mut heads = std::mem::take(&mut self.line_heads);
        // A long line is body text unless its first characters say otherwise.
        let plain = len > MAX_TITLE && {
            p.decode(PEEK);
            plain_long_line(self.v, &p.chars[..PEEK])
        };
        let mut class = if plain {
            LineClass::body()
        } else {
            classify(self.v, &mut p, &mut heads)
        };
        // A short line between the halves of a broken sentence (`…今年发展的\n主要目标\n是：`,
        // link text on a line of its own) goes on with the prose before it: no title, part
        // or topic heading. Prose: a line with a comma or longer than a title, or such a
        // continuation itself, that ends without a sentence's end.
        let unmarked = heads.first().is_none_or(|h| h.marker.is_empty());
        let continues = self.open_prose && len <= MAX_TITLE && unmarked && !class.closing;
        if continues && !matches!(class.kind, LineKind::Body) {
            class = LineClass::body();
            heads.clear();
        }
        let body = matches!(class.kind, LineKind::Body) && heads.is_empty() && !class.closing;
        self.open_prose = body && (continues || len > MAX_TITLE || trimmed.contains(['，', ','])) && ends_open(trimmed);
        let problem =
            heads.is_empty() && matches!(class.kind, LineKind::Body) && !class.closing && len > MAX_TITLE && {
                p.fold(self.v, PROBLEM_READ);
                self.v
                    .contains(&p.folded[..p.folded.len().min(PROBLEM_READ)], Kind::Problem)
            };
        (self.chars, self.folded) = (p.chars, p.folded);
        let pstart = line_start + lead;
        self.place(class, &mut heads, line_start, pstart, pstart + len);
        if problem {
            if let Some(q) = self.paras.last_mut() {
                q.problem = true;
            }
        }
        heads.clear();
        self.line_heads = heads;
    }

    /// Place a line of class `class` and headings `heads` (drained).
    fn place(
        &mut self,
        class: LineClass<'t>,
        heads: &mut Vec<RawHead<'t>>,
        line_start: usize,
        start: usize,
        end: usize,
    ) {
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
                        self.set_title(t.to_string());
                    }
                } else if first && !self.has_heads && paras_in_doc <= MAX_PREAMBLE {
                    self.set_title(t.to_string());
                } else {
                    self.open_doc(Some(t.to_string()), false, line_start);
                }
            }
            _ => {
                let substantial = !heads.is_empty() || end - start > MAX_SIGNATURE;
                let restart = heads.first().is_some_and(|h| h.level == 1 && h.numeral == Some(1))
                    && !self.docs.last().is_some_and(|d| d.titled)
                    && self.restarts();
                if self.after_closing && substantial && !class.closing {
                    self.open_doc(None, false, line_start);
                } else if let Some(st) = part_stance.filter(|&st| st != Stance::Unknown) {
                    // A second summary (or a summary after a plan) is another report's bare title.
                    if self
                        .last_part
                        .is_some_and(|p| !(p == Stance::Actual && st == Stance::Target))
                    {
                        let title = heads.first().map_or("", |h| h.text);
                        self.open_doc(Some(title.to_string()), false, line_start);
                        if heads.len() == 1 {
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
        let plain = matches!(kind, LineKind::Body) && heads.is_empty() && !class.closing;
        if !title_line {
            for h in heads.drain(..) {
                self.heads.push(HeadRec {
                    level: h.level,
                    numeral: h.numeral,
                    start: start + if h.marker.is_empty() { h.text_at } else { h.marker_at },
                    marker: h.marker,
                    text: h.text,
                    cue: h.cue,
                });
                let id = (self.heads.len() - 1) as u32;
                self.push(id);
            }
        }
        if part_stance.is_some_and(|st| st != Stance::Unknown) {
            self.last_part = part_stance;
        }
        let p0 = self.path_arena.len() as u32;
        if !matches!(kind, LineKind::Title(_) | LineKind::Glued(_)) {
            self.path_arena.extend_from_slice(&self.stack);
        }
        let path = (p0, self.path_arena.len() as u32);
        self.paras.push(ParaRec {
            line_start,
            start,
            end,
            doc,
            path,
            is_heading: title_line || class.heading_only,
            plain,
            problem: false,
        });
        if !title_line {
            self.content += 1;
        }
        if class.closing {
            self.after_closing = true;
        }
    }

    pub(super) fn finish(mut self, total: usize) -> Structure {
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
        // summary of 2022 with a plan for 2023). Every heading is on the path of the paragraph
        // that opens it, in its document, and the title's cue is the document's: a paragraph
        // whose stance compares a year has a document year. (No fallback on the year the body
        // names most often: no stance could read it.)
        let n = self.docs.len();
        let mut doc_years: Vec<Option<u32>> = self.docs.iter().map(|d| d.cue.year).collect();
        for p in &self.paras {
            for &h in &self.path_arena[p.path.0 as usize..p.path.1 as usize] {
                if let Some(y) = self.heads[h as usize].cue.year {
                    let d = &mut doc_years[p.doc];
                    *d = Some(d.map_or(y, |d| d.min(y)));
                }
            }
        }
        let documents: Vec<DocSpan> = (0..n)
            .map(|i| DocSpan {
                start: if i == 0 { 0 } else { self.docs[i].start },
                end: self.docs.get(i + 1).map_or(total, |d| d.start),
                title: self.docs[i].title.clone(),
            })
            .collect();
        // The path of the paragraph before (head ids) and its shared copy.
        let mut last_path: Option<(&[u32], Arc<[Heading]>)> = None;
        let paragraphs = self
            .paras
            .iter()
            .map(|p| {
                let doc_year = doc_years[p.doc];
                let mut weak = Stance::Unknown;
                let mut stance = None;
                // A title's year says which report it is (`2026年浙江省政府工作报告` reviews
                // 2025), not whether what follows reports results: only its words count.
                let title_cue = Cue {
                    year: None,
                    ..self.docs[p.doc].cue
                };
                let path = &self.path_arena[p.path.0 as usize..p.path.1 as usize];
                for cue in path
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
                let heading_path = match &last_path {
                    Some((ids, shared)) if *ids == path => shared.clone(),
                    _ => {
                        let shared: Arc<[Heading]> = path
                            .iter()
                            .map(|&h| {
                                let h = &self.heads[h as usize];
                                Heading {
                                    level: h.level,
                                    marker: h.marker.to_string(),
                                    text: h.text.to_string(),
                                    start: h.start,
                                }
                            })
                            .collect();
                        last_path = Some((path, shared.clone()));
                        shared
                    }
                };
                Paragraph {
                    start: p.start,
                    end: p.end,
                    doc: p.doc,
                    heading_path,
                    stance: if p.problem {
                        Stance::Actual
                    } else {
                        stance.unwrap_or(weak)
                    },
                    is_heading: p.is_heading,
                }
            })
            .collect();
        Structure { documents, paragraphs }
    }
}

/// Whether a line ends mid-sentence: its last character is no sentence end (`。！？；：…`),
/// nor a closing quote or bracket right after one.
fn ends_open(line: &str) -> bool {
    let end = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '…' | '.');
    let mut rev = line.chars().rev();
    match rev.next() {
        None => false,
        Some(c) if end(c) => false,
        Some('”' | '’' | '"' | '）' | ')' | '」' | '』' | '】' | '》') => !rev.next().is_some_and(end),
        Some(_) => true,
    }
}
