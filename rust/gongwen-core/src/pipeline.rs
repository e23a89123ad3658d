//! The whole job on one document, in one pass: read -> clean -> convert -> segment -> scan, with
//! every position reported in the user's original text.
//!
//! A [`Pipeline`] is built once (tables, converter, segmenter with the user's dictionary and the
//! lexicon terms) and shared by all threads; [`Pipeline::process_text`] and friends run one
//! document and never panic on any input; a document that cannot be read or decoded gives a
//! [`DocError`] that the caller turns into an error row.
//!
//! ```
//! use gongwen_core::pipeline::{Emit, Pipeline, PipelineOptions};
//!
//! let p = Pipeline::new(PipelineOptions { emit: Emit::Tokens, ..Default::default() }).unwrap();
//! let text = "區(qū)交通運輸局，共排查企業123餘家。";
//! let out = p.process_text(text);
//! let chars: Vec<char> = text.chars().collect();
//! let tokens: Vec<String> = out.spans.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
//! assert_eq!(tokens[..2], ["區", "交通運輸"]); // cut on the Simplified text, spans of the original
//! assert_eq!(out.indicators[0].raw, "123餘家");
//! assert_eq!(out.indicators[0].metric.as_deref(), Some("排查企业"));
//! ```

use std::path::Path;

use crate::clean::{normalize, Rules};
use crate::convert::Converter;
use crate::dedup;
use crate::describe;
use crate::emit::Record;
pub use crate::emit::{DocError, DocOutput, Section};
use crate::error::Result;
use crate::load::{self, ErrorKind, Source};
use crate::offsets::{OffsetMap, SpanMerger};
use crate::scan::indicator::Scanner;
use crate::scan::lexicon::{Lexicon, LexiconSet, MatchKind};
use crate::scan::to_source;
use crate::segment::Segmenter;
use crate::structure;

// The options are defined (and checked) in `options`; they are used here under these names too.
pub use crate::options::{Duplicates, Emit, LexiconMode, PipelineOptions};

/// The built pipeline.
pub struct Pipeline {
    opts: PipelineOptions,
    converter: Option<Converter>,
    segmenter: Segmenter,
    lexicons: Option<LexiconSet>,
}

impl Pipeline {
    /// Build the pipeline: check the configuration, load the user dictionary, compile the
    /// lexicons. All argument errors surface here, before any document is read.
    pub fn new(opts: PipelineOptions) -> Result<Pipeline> {
        let converter = opts.convert.as_deref().map(Converter::new).transpose()?;
        opts.validate()?;
        let segmenter = Segmenter::new();
        if let Some(p) = &opts.userdict {
            segmenter.load_userdict(p)?;
        }
        let lexicons = if opts.lexicons.is_empty() {
            None
        } else {
            let set = LexiconSet::new(opts.lexicons.clone())?;
            match opts.lexicon_mode {
                LexiconMode::Token => set.add_to_segmenter(&segmenter)?,
                LexiconMode::Substring => set.prepare(MatchKind::LeftmostLongest)?,
            }
            Some(set)
        };
        Ok(Pipeline {
            opts,
            converter,
            segmenter,
            lexicons,
        })
    }

    /// The options it was built with.
    pub fn options(&self) -> &PipelineOptions {
        &self.opts
    }

    /// The lexicons, in the order of [`DocOutput::lexicons`].
    pub fn lexicons(&self) -> &[Lexicon] {
        self.lexicons.as_ref().map_or(&[], |l| l.lexicons())
    }

    /// Run one document given as text. A document that cleaning leaves without text (see
    /// [`Pipeline::process_checked`]) gives an output without tokens.
    pub fn process_text(&self, text: &str) -> DocOutput {
        self.process_checked(text).unwrap_or_else(|_| DocOutput {
            chars: text.chars().count(),
            ..DocOutput::default()
        })
    }

    /// [`Pipeline::process_text`], or the error of a document with text that cleaning leaves
    /// empty: a page of site chrome only (menus, toolbars, page metadata, footers), which would
    /// otherwise come out as a report of no words. The message names the rules that removed it.
    pub fn process_checked(&self, text: &str) -> std::result::Result<DocOutput, DocError> {
        let rules: &Rules = match self.opts.boilerplate.as_deref() {
            Some(r) => r,
            None => Rules::default_rules(),
        };
        // Memory: the cleaned text is gone before the scanner's characters are made, and the
        // normalised text before the scan runs (unless it is kept), so that at most the original
        // and two of {cleaned text, normalised text, characters} live at once: a huge document
        // costs under 4 bytes per input byte, not 7.
        let mut copies_removed = 0;
        let (norm_cow, map): (std::borrow::Cow<'_, str>, Option<OffsetMap>) = match (&self.opts.clean, &self.converter)
        {
            (Some(o), c) => {
                let n = normalize(text, o, rules, c.as_ref());
                if n.text.trim().is_empty() && !text.trim().is_empty() {
                    return Err(nothing_left(&n.removed));
                }
                copies_removed = n.copies;
                (n.text.into(), Some(n.map))
            }
            (None, Some(c)) => {
                let (t, m) = c.convert_with_map(text);
                (t.into(), Some(m))
            }
            (None, None) => (text.into(), None),
        };
        let norm: &str = &norm_cow;
        let chars = text.chars().count();
        // The signature for the run's duplicates, of the text every count is made of.
        let signature = match self.opts.duplicates {
            Duplicates::Off => None,
            _ => crate::dedup::signature(norm),
        };
        let snap = self.segmenter.snapshot();
        let cutter = snap.cutter();
        // Segment.
        let mut token_count = 0usize;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let want_spans = self.opts.emit != Emit::Counts;
        let token_lexicons = self
            .lexicons
            .as_ref()
            .filter(|_| self.opts.lexicon_mode == LexiconMode::Token);
        let mut lex_tokens = token_lexicons.map(|l| l.tally());
        // Tokens that share a conversion group of unequal lengths become one token (see
        // `DocOutput::spans`): a token is counted, and looked up in the lexicons, when the
        // next one does not join it. `run` is its byte span in `norm`.
        let mut merger = map.as_ref().map(SpanMerger::new);
        let mut run: Option<(usize, usize)> = None;
        let mut close = |run: (usize, usize)| {
            token_count += 1;
            if let Some(c) = lex_tokens.as_mut() {
                c.add_token(&norm[run.0..run.1]);
            }
        };
        cutter.cut_with(norm, self.opts.mode, |t| {
            let (span, joined) = match merger.as_mut() {
                Some(m) => m.push(t.char_start, t.char_end),
                None => ((t.char_start, t.char_end), false),
            };
            match run.as_mut() {
                Some(r) if joined => r.1 = t.end,
                _ => {
                    if let Some(r) = run.replace((t.start, t.end)) {
                        close(r);
                    }
                }
            }
            if want_spans {
                match spans.last_mut() {
                    Some(last) if joined => *last = span,
                    _ => spans.push(span),
                }
            }
        });
        if let Some(r) = run {
            close(r);
        }
        // Structure, lexicons by substring, and the characters the scanner reads: what needs
        // the normalised text, which is then dropped unless the caller keeps it.
        let st = structure::analyze(norm);
        let mut about = describe::describe(norm, &st);
        if let (Some(span), Some(m)) = (about.title_span, &map) {
            about.title = Some(describe::in_original(span, m, text, norm));
        }
        let lexicons = match (&self.lexicons, lex_tokens) {
            (Some(_), Some(c)) => c.finish(None),
            // The automaton was built in `new`, so this cannot fail.
            (Some(l), None) => l
                .count_substrings(norm, MatchKind::LeftmostLongest, token_count as u64)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let scan_chars = self.opts.indicators.as_ref().map(|_| crate::scan::collect_chars(norm));
        let kept_text = self.opts.keep_text.then(|| norm_cow.into_owned());
        let mut indicators = match (&self.opts.indicators, scan_chars) {
            (Some(rules), Some(t)) => Scanner::new(rules, Some(&cutter)).scan(&t, Some(&st)),
            _ => Vec::new(),
        };
        if let Some(map) = &map {
            to_source(&mut indicators, map, text);
        }
        // Paragraphs are cut at line breaks, which no conversion group spans; were two to share
        // a group all the same, the later section would start where the earlier one ends, so
        // sections stay ordered and disjoint, one per headed paragraph.
        let mut section_end = 0;
        // In a compilation, each document's title heads the paths of its paragraphs (and its
        // paragraphs under no heading get the title alone as their path).
        let doc_titles: Vec<Option<&str>> = if about.doc_type == Some(describe::DocType::Compilation.as_str()) {
            st.documents
                .iter()
                .map(|d| d.title.as_deref().filter(|t| !t.trim().is_empty()))
                .collect()
        } else {
            Vec::new()
        };
        let sections = st
            .paragraphs
            .iter()
            .filter(|p| !p.heading_path.is_empty() || doc_titles.get(p.doc).copied().flatten().is_some())
            .map(|p| {
                let (start, end) = match &map {
                    Some(m) => m.source_range(p.start, p.end),
                    None => (p.start, p.end),
                };
                let start = start.max(section_end);
                let end = end.max(start);
                section_end = end;
                let mut path: Vec<&str> = p.heading_path.iter().map(|h| h.text.as_str()).collect();
                if let Some(t) = doc_titles.get(p.doc).copied().flatten() {
                    path.insert(0, t);
                }
                Section {
                    start,
                    end,
                    path: path.join(" > "),
                    stance: match p.stance {
                        structure::Stance::Target => "target",
                        structure::Stance::Actual => "actual",
                        structure::Stance::Unknown => "unknown",
                    },
                }
            })
            .collect();
        Ok(DocOutput {
            chars,
            encoding: None,
            original: None,
            text: kept_text,
            spans,
            token_count,
            indicators,
            lexicons,
            sections,
            about,
            copies_removed,
            duplicate_of: None,
            signature,
        })
    }

    /// Run one document given as bytes: decode (detected, or the pipeline's `encoding`), then
    /// [`Pipeline::process_text`]. The output keeps the decoded text in `original`.
    pub fn process_bytes(&self, bytes: &[u8]) -> std::result::Result<DocOutput, DocError> {
        let decoded = match &self.opts.encoding {
            Some(enc) => load::decode_as(bytes, enc),
            None => load::decode(bytes),
        };
        self.process_decoded(decoded)
    }

    fn process_decoded(&self, decoded: Result<load::Decoded>) -> std::result::Result<DocOutput, DocError> {
        let decoded = decoded.map_err(|e| DocError {
            kind: ErrorKind::Decode,
            message: e.to_string(),
        })?;
        check_not_empty(&decoded.text)?;
        let mut out = self.process_checked(&decoded.text)?;
        out.encoding = Some(decoded.encoding);
        out.original = Some(decoded.text);
        Ok(out)
    }

    /// Read, decode and run one file.
    pub fn process_file(&self, path: &Path) -> std::result::Result<DocOutput, DocError> {
        let bytes = std::fs::read(path).map_err(|e| DocError {
            kind: ErrorKind::Io,
            message: format!("{}: {e}", path.display()),
        })?;
        // The bytes go to the decoder, which keeps UTF-8 in place: a file is never held twice.
        let decoded = match &self.opts.encoding {
            // The temporary is dropped at the end of the statement, before processing.
            Some(enc) => load::decode_as(&{ bytes }, enc),
            None => load::decode_owned(bytes),
        };
        self.process_decoded(decoded).map_err(|mut e| {
            e.message = format!("{}: {}", path.display(), e.message);
            e
        })
    }
}

impl Pipeline {
    /// Run one unit of the load stage to its [`Record`]: a text, bytes or a file; an error row
    /// as it is. The original text is kept (for the tokens) only with [`Emit::Tokens`].
    pub fn process_source(&self, unit: &Source) -> Record {
        let (id, source, input_bytes, result, meta) = match unit {
            Source::Text { id, text, source, meta } => (
                id,
                source.clone(),
                text.len() as u64,
                self.process_str(text),
                Some(meta),
            ),
            Source::Bytes {
                id,
                bytes,
                source,
                meta,
            } => (
                id,
                source.clone(),
                bytes.len() as u64,
                self.process_bytes(bytes),
                Some(meta),
            ),
            Source::File { id, path, size } => (
                id,
                Some(path.display().to_string()),
                *size,
                self.process_file(path),
                None,
            ),
            Source::Failed {
                id,
                source,
                kind,
                message,
            } => return Record::failed(id.clone(), source.clone(), *kind, message.clone()),
            Source::Table { path } => {
                let name = path.display().to_string();
                let message = "a table file is read by the caller, not the core".to_string();
                return Record::failed(name.clone(), Some(name), ErrorKind::Input, message);
            }
        };
        let mut record = self.record(id.clone(), source, input_bytes, result);
        record.meta = meta.cloned().unwrap_or_default();
        // Metadata the user gave wins over what the text says (title, year, date, region).
        if let (Ok(out), false) = (&mut record.result, record.meta.is_empty()) {
            let pairs: Vec<(&str, std::borrow::Cow<'_, str>)> = record
                .meta
                .iter()
                .filter_map(|(k, v)| Some((k.as_str(), v.text()?)))
                .collect();
            describe::apply_carried(&mut out.about, pairs.iter().map(|(k, v)| (*k, v.as_ref())));
        }
        record
    }

    /// Run a text given as such (the empty check included), keeping it for the tokens.
    pub fn process_str(&self, text: &str) -> std::result::Result<DocOutput, DocError> {
        check_not_empty(text)?;
        let mut out = self.process_checked(text)?;
        if self.opts.emit == Emit::Tokens {
            out.original = Some(text.to_string());
        }
        Ok(out)
    }

    /// The record of a result: the original text dropped unless the tokens need it.
    pub fn record(
        &self,
        id: String,
        source: Option<String>,
        input_bytes: u64,
        mut result: std::result::Result<DocOutput, DocError>,
    ) -> Record {
        if self.opts.emit != Emit::Tokens {
            if let Ok(out) = result.as_mut() {
                out.original = None;
            }
        }
        Record {
            id,
            source,
            input_bytes,
            result,
            meta: Vec::new(),
        }
    }

    /// Run a batch of units on `threads` threads, one [`Record`] each, in order.
    pub fn process_batch(&self, units: &[Source], threads: usize) -> Vec<Record> {
        crate::parallel::map_ordered(units, threads, |u| self.process_source(u))
    }
}

/// The error of a document whose text cleaning removed whole: which rules removed it, or that
/// no rule did (characters the character pass drops, such as zero-width spaces).
fn nothing_left(removed: &[crate::clean::Removal]) -> DocError {
    let mut rules: Vec<&str> = Vec::new();
    for r in removed {
        if !rules.contains(&r.rule.as_str()) {
            rules.push(&r.rule);
        }
    }
    let message = if rules.is_empty() {
        "nothing left after cleaning: the document holds only characters that cleaning removes".to_string()
    } else {
        format!(
            "nothing left after cleaning: the document is only site chrome (removed by the boilerplate rules {})",
            rules.join(", ")
        )
    };
    DocError {
        kind: ErrorKind::Input,
        message,
    }
}

/// Flag the duplicates among `records` (in order) against the run's `index`: `duplicate_of`
/// of each record that duplicates an earlier original of the run. Error rows and documents
/// without a signature are left alone. Returns the number flagged.
pub fn flag_duplicates(index: &mut dedup::Index, records: &mut [Record]) -> usize {
    let mut flagged = 0;
    for r in records.iter_mut() {
        let Ok(out) = r.result.as_mut() else { continue };
        let Some(sig) = out.signature.take() else { continue };
        if let Some(original) = index.add(&r.id, &sig) {
            out.duplicate_of = Some(original.to_string());
            flagged += 1;
        }
    }
    flagged
}

/// A batch's records after the run's `index` has seen them, in order, with `mode`: flagged
/// (`Flag`), without the duplicates (`Drop`), or as they were (`Off`); and the number dropped.
pub fn apply_duplicates(index: &mut dedup::Index, mut records: Vec<Record>, mode: Duplicates) -> (Vec<Record>, u64) {
    match mode {
        Duplicates::Off => (records, 0),
        Duplicates::Flag => {
            flag_duplicates(index, &mut records);
            (records, 0)
        }
        Duplicates::Drop => {
            flag_duplicates(index, &mut records);
            let before = records.len();
            records.retain(|r| r.result.as_ref().map_or(true, |o| o.duplicate_of.is_none()));
            let dropped = (before - records.len()) as u64;
            (records, dropped)
        }
    }
}

/// The error of a document with no text: empty or only whitespace (Unicode `White_Space`, as
/// [`str::trim`] has it), whether it came as bytes, a file or a text, so that the same content
/// gives the same row whatever its form. Callers of [`Pipeline::process_text`] check with it.
pub fn check_not_empty(text: &str) -> std::result::Result<(), DocError> {
    if text.trim().is_empty() {
        return Err(DocError {
            kind: ErrorKind::Input,
            message: "the document is empty (no text, or only whitespace)".to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/seeds");
        let entry = std::fs::read_dir(dir)
            .expect("seed fixtures")
            .filter_map(|e| e.ok())
            .find(|e| e.file_name().to_string_lossy().starts_with(name))
            .expect("seed file");
        std::fs::read_to_string(entry.path()).expect("utf-8")
    }

    #[test]
    fn spans_are_in_the_original_and_cover_it() {
        let p = Pipeline::new(PipelineOptions {
            emit: Emit::Offsets,
            ..Default::default()
        })
        .unwrap();
        let text = seed("000");
        let out = p.process_text(&text);
        assert_eq!(out.token_count, out.spans.len());
        assert!(out.spans.windows(2).all(|w| w[0].1 <= w[1].0));
        assert!(out.spans.iter().all(|&(s, e)| s < e && e <= out.chars));
        let chars: Vec<char> = text.chars().collect();
        // A removed reading is never a token and never ends one (it can sit inside a word:
        // 區(qū)域 is one token of the original).
        let tokens: Vec<String> = out.spans.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
        assert!(tokens.iter().any(|t| t == "交通"));
        assert!(tokens.iter().any(|t| t.contains("(qū)")));
        assert!(!tokens.iter().any(|t| t.ends_with("(qū)")));
        assert!(!out.indicators.is_empty());
        for i in &out.indicators {
            assert_eq!(i.raw, chars[i.start..i.end].iter().collect::<String>());
        }
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        assert_eq!(
            p.process_bytes(b"\x00\x01\x02binary").unwrap_err().kind,
            ErrorKind::Decode
        );
        assert_eq!(p.process_bytes(b"").unwrap_err().kind, ErrorKind::Input);
        assert_eq!(
            p.process_file(Path::new("/no/such/file")).unwrap_err().kind,
            ErrorKind::Io
        );
        let out = p.process_text("");
        assert_eq!((out.token_count, out.indicators.len()), (0, 0));
    }

    #[test]
    fn argument_errors_come_first() {
        let bad = |o: PipelineOptions| Pipeline::new(o).is_err();
        assert!(bad(PipelineOptions {
            convert: Some("nope".into()),
            ..Default::default()
        }));
        assert!(bad(PipelineOptions {
            userdict: Some("/no/such/dict.txt".into()),
            ..Default::default()
        }));
        assert!(bad(PipelineOptions {
            encoding: Some("klingon".into()),
            ..Default::default()
        }));
        // WHATWG's "replacement" encoding reads nothing: a bad argument, not a row per document.
        assert!(bad(PipelineOptions {
            encoding: Some("hz-gb-2312".into()),
            ..Default::default()
        }));
    }

    #[test]
    fn carried_metadata_wins_over_what_the_text_says() {
        use crate::load::meta::MetaValue;
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        let text = "2026年河南省政府工作报告\n——2026年1月26日在河南省第十四届人民代表大会第四次会议上\n各位代表：\n全省生产总值增长5.3%。";
        let unit = |meta: Vec<(String, MetaValue)>| Source::Text {
            id: "a".into(),
            text: text.to_string(),
            source: None,
            meta,
        };
        let found = p.process_source(&unit(Vec::new()));
        let about = &found.result.as_ref().unwrap().about;
        assert_eq!((about.year, about.region.as_deref()), (Some(2026), Some("河南省")));
        let carried = p.process_source(&unit(vec![
            ("year".into(), MetaValue::Int(2025)),
            ("province".into(), MetaValue::Str("湖北省".into())),
            ("city".into(), MetaValue::Str("襄樊".into())),
            ("url".into(), MetaValue::Null),
        ]));
        let about = &carried.result.as_ref().unwrap().about;
        assert_eq!(
            (about.year, about.region.as_deref(), about.region_code.as_deref()),
            (Some(2025), Some("襄阳市"), Some("420600"))
        );
        assert_eq!(carried.meta.len(), 4, "the carried fields stay on the record");
    }

    #[test]
    fn every_label_decode_as_reads_builds_a_pipeline() {
        for &(label, expected) in load::tests::DOCUMENTED_LABELS {
            let p = Pipeline::new(PipelineOptions {
                encoding: Some(label.to_string()),
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{label}: {e}"));
            let out = p.process_bytes(b"growth5%").unwrap();
            assert_eq!(out.encoding, Some(expected), "{label}");
        }
    }

    #[test]
    fn duplicates_are_flagged_or_dropped_in_order() {
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        let (a, b) = (seed("000"), seed("001"));
        let units: Vec<Source> = [("a", &a), ("b", &b), ("a2", &a), ("bad", &String::new()), ("b2", &b)]
            .iter()
            .map(|(id, t)| Source::Text {
                id: id.to_string(),
                text: t.to_string(),
                source: None,
                meta: Vec::new(),
            })
            .collect();
        let flags = |threads: usize, mode: Duplicates| {
            let mut index = dedup::Index::new(p.options().duplicate_threshold);
            let (records, dropped) = apply_duplicates(&mut index, p.process_batch(&units, threads), mode);
            let flags: Vec<(String, Option<String>)> = records
                .iter()
                .map(|r| {
                    (
                        r.id.clone(),
                        r.result.as_ref().ok().and_then(|o| o.duplicate_of.clone()),
                    )
                })
                .collect();
            (flags, dropped)
        };
        let (flagged, dropped) = flags(2, Duplicates::Flag);
        let dup = |id: &str, of: Option<&str>| (id.to_string(), of.map(String::from));
        assert_eq!(
            flagged,
            [
                dup("a", None),
                dup("b", None),
                dup("a2", Some("a")),
                dup("bad", None),
                dup("b2", Some("b"))
            ]
        );
        assert_eq!(dropped, 0);
        assert_eq!(flags(1, Duplicates::Flag), (flagged, 0));
        let (kept, dropped) = flags(2, Duplicates::Drop);
        assert_eq!((kept.len(), dropped), (3, 2));
        let (off, _) = flags(2, Duplicates::Off);
        assert!(off.iter().all(|(_, of)| of.is_none()));
    }

    #[test]
    fn whitespace_only_is_empty_in_every_form() {
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        for text in ["", " ", "\n\r\n\t", "\u{3000}\u{3000}", "\u{a0}\n"] {
            let err = check_not_empty(text).unwrap_err();
            assert_eq!(p.process_bytes(text.as_bytes()).unwrap_err(), err, "{text:?}");
            assert_eq!(err.kind, ErrorKind::Input);
        }
        assert!(check_not_empty("\u{3000}增长5%").is_ok());
    }

    #[test]
    fn a_document_of_chrome_only_is_an_input_error() {
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        let chrome = "<!-- -->\n<U+00A0>当前位置：首页 > 政务公开\n【字体：大 中 小】【打印本页】【关闭窗口】\n来源：某某日报\n时间：2026-02-09\n";
        let err = p.process_str(chrome).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Input);
        assert!(
            err.message
                .starts_with("nothing left after cleaning: the document is only site chrome")
                && err.message.contains("menu")
                && err.message.contains("toolbar"),
            "{}",
            err.message
        );
        assert_eq!(p.process_bytes(chrome.as_bytes()).unwrap_err(), err);
        let units = [
            Source::Text {
                id: "chrome".into(),
                text: chrome.into(),
                source: None,
                meta: Default::default(),
            },
            Source::Text {
                id: "report".into(),
                text: format!("{chrome}各位代表：全省生产总值增长5.5%。"),
                source: None,
                meta: Default::default(),
            },
        ];
        let records = p.process_batch(&units, 1);
        assert_eq!(records[0].result.as_ref().unwrap_err(), &err);
        let report = records[1].result.as_ref().unwrap();
        assert!(report.token_count > 5 && report.indicators.len() == 1);
        // Characters cleaning drops without a rule: said so.
        let err = p.process_str("\u{200b}\u{200b}").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Input);
        assert!(
            err.message.contains("only characters that cleaning removes"),
            "{}",
            err.message
        );
        // Without cleaning, the same page is a document of its words.
        let raw = Pipeline::new(PipelineOptions {
            clean: None,
            ..Default::default()
        })
        .unwrap();
        assert!(raw.process_str(chrome).unwrap().token_count > 0);
    }
}
