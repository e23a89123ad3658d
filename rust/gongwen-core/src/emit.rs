//! The `emit` stage: the results of a batch as columns (one row per document, one row per
//! indicator) and the batch's statistics, for a binding to hand over as Arrow arrays without
//! touching a row.
//!
//! The documents table has `id, source, encoding, ok, error, error_kind, chars, token_count,
//! words, n_indicators, title, date, year, region, region_code, level, doc_type` (the metadata of
//! [`crate::describe`]), `copies_removed, duplicate_of`, then `text` and `tokens` when a
//! document has them, the lexicon
//! columns (`lexicon_<name>_total`, `lexicon_<name>_share`) when a document has them, `spans`
//! with `Emit::Offsets`/`Emit::Tokens`, then the optional columns the options call for that no
//! document had (all null), so that every batch of a run has every column ([`document_layout`]);
//! last, the carried metadata: a `meta_<key>` string column for each key any of the records has,
//! in the order the keys first come (null where a document lacks the key). Batches with other
//! keys have other `meta_` columns: a run's table holds their union.

use std::borrow::Cow;

use crate::load::meta::{meta_get, meta_keys, Meta};
use crate::load::ErrorKind;
use crate::options::Emit;
use crate::scan::lexicon::LexiconCount;
use crate::scan::{CharCursor, Indicator};

/// A paragraph with a heading path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Span of the paragraph in the original text (characters).
    pub start: usize,
    pub end: usize,
    /// The heading path, outermost first, `" > "`-joined.
    pub path: String,
    /// `"target"`, `"actual"` or `"unknown"`.
    pub stance: &'static str,
}

/// What one document gave.
#[derive(Clone, Debug, Default)]
pub struct DocOutput {
    /// Length of the original text in characters.
    pub chars: usize,
    /// The encoding the bytes were decoded from (`None` for text input).
    pub encoding: Option<&'static str>,
    /// The original text, for callers that got bytes or a file (to slice tokens from).
    pub original: Option<String>,
    /// The cleaned, converted text (with `keep_text`).
    pub text: Option<String>,
    /// Token spans in the original text, characters (empty with [`Emit::Counts`]): ordered,
    /// disjoint, and in the original exactly the token's characters.
    ///
    /// The text is segmented after cleaning and conversion, and the tokens mapped back. Where
    /// a token boundary falls inside a conversion group of equal lengths (`藉口` -> `借口`), the
    /// group maps character by character and the boundary stays; where it falls inside a
    /// group of unequal lengths (tw2sp `記憶體` -> `内存` cut between `内` and `存`), which has no
    /// such boundary in the original, the tokens that share the group become one token over it.
    pub spans: Vec<(usize, usize)>,
    /// Number of tokens, as in `spans` (joined tokens count once, in every [`Emit`] mode; the
    /// segmenter's count on the normalised text unless a boundary fell inside an unequal
    /// group). Token-mode lexicons look up the same tokens and use it as their `words`.
    pub token_count: usize,
    pub indicators: Vec<Indicator>,
    /// One entry per lexicon, in the order given.
    pub lexicons: Vec<LexiconCount>,
    pub sections: Vec<Section>,
    /// Title, date, year, region and type found in the text (see [`crate::describe`]).
    pub about: crate::describe::About,
    /// Repeated copies of the text cut out by cleaning (the `copies_removed` column).
    pub copies_removed: usize,
    /// The id of the run's first document this one duplicates (the `duplicate_of` column;
    /// set by [`crate::pipeline::flag_duplicates`]).
    pub duplicate_of: Option<String>,
    /// The document's MinHash signature, until the run's index has taken it.
    pub signature: Option<crate::dedup::Signature>,
}

/// Why a document gave no output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    /// What kind of failure: the `error_kind` column.
    pub kind: ErrorKind,
    pub message: String,
}

/// One document's result, with what the tables need besides it.
#[derive(Debug)]
pub struct Record {
    pub id: String,
    pub source: Option<String>,
    /// The size of its input in bytes (a file's size, a text's UTF-8 size).
    pub input_bytes: u64,
    pub result: Result<DocOutput, DocError>,
    /// The metadata carried from its input (the other fields of its record), error rows too.
    pub meta: Meta,
}

impl Record {
    /// An error row.
    pub fn failed(id: String, source: Option<String>, kind: ErrorKind, message: String) -> Record {
        Record {
            id,
            source,
            input_bytes: 0,
            result: Err(DocError { kind, message }),
            meta: Vec::new(),
        }
    }

    /// The carried value of `key` as text ([`MetaValue::text`](crate::load::MetaValue::text)),
    /// if the document has it and it is neither null nor blank: what the user gave for it.
    pub fn meta_str(&self, key: &str) -> Option<String> {
        let text = meta_get(&self.meta, key)?.text()?;
        (!text.trim().is_empty()).then(|| text.into_owned())
    }

    /// The tokens of the original text (with `Emit::Tokens`; `None` for an error row or when the
    /// original was not kept).
    pub fn tokens(&self) -> Option<Vec<&str>> {
        let out = self.result.as_ref().ok()?;
        let text = out.original.as_deref()?;
        let mut cur = CharCursor::new(text);
        Some(
            out.spans
                .iter()
                .map(|&(s, e)| &text[cur.byte(s)..cur.byte(e)])
                .collect(),
        )
    }
}

/// The counts of a batch (or a run: they add up).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    pub documents: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub indicators: u64,
    pub chars: u64,
    /// The input size of the documents that succeeded.
    pub bytes: u64,
    /// Failed documents by error kind, in the order the kinds first came.
    pub error_kinds: Vec<(ErrorKind, u64)>,
    /// Documents that duplicate an earlier one of the run, flagged or dropped.
    pub duplicates: u64,
    /// Duplicates left out of the output (`duplicates="drop"`): counted in `documents`, not
    /// in `succeeded`, so that `documents == succeeded + failed + dropped`.
    pub dropped: u64,
}

impl Stats {
    /// Count `n` duplicates left out of the output (see [`Stats::dropped`]).
    pub fn add_dropped(&mut self, n: u64) {
        self.documents += n;
        self.duplicates += n;
        self.dropped += n;
    }
}

/// The statistics of `records`.
pub fn stats<'a>(records: impl IntoIterator<Item = &'a Record>) -> Stats {
    let mut s = Stats::default();
    for r in records {
        s.documents += 1;
        match &r.result {
            Ok(out) => {
                s.succeeded += 1;
                s.duplicates += u64::from(out.duplicate_of.is_some());
                s.indicators += out.indicators.len() as u64;
                s.chars += out.chars as u64;
                s.bytes += r.input_bytes;
            }
            Err(e) => {
                s.failed += 1;
                match s.error_kinds.iter_mut().find(|(k, _)| *k == e.kind) {
                    Some((_, n)) => *n += 1,
                    None => s.error_kinds.push((e.kind, 1)),
                }
            }
        }
    }
    s
}

/// A column of values, borrowed from the records.
#[derive(Debug)]
pub enum Column<'a> {
    Str(Vec<Option<&'a str>>),
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    /// `list<string>`: the tokens.
    StrList(Vec<Option<Vec<&'a str>>>),
    /// `list<list<int64>>`: `[start, end]` spans.
    Spans(Vec<Option<&'a [(usize, usize)]>>),
    /// Strings, some borrowed and some made (a `meta_<key>` column).
    StrCow(Vec<Option<Cow<'a, str>>>),
}

/// The prefix of the carried metadata's columns.
pub const META_PREFIX: &str = "meta_";

/// The documents table's column names for `records` (see the [module documentation](self)).
pub fn document_layout(records: &[&Record], emit: Emit, keep_text: bool, lexicons: &[String]) -> Vec<String> {
    let mut names: Vec<String> = [
        "id",
        "source",
        "encoding",
        "ok",
        "error",
        "error_kind",
        "chars",
        "token_count",
        "words",
        "n_indicators",
        "title",
        "date",
        "year",
        "region",
        "region_code",
        "level",
        "doc_type",
        "copies_removed",
        "duplicate_of",
    ]
    .map(String::from)
    .to_vec();
    let ok = || records.iter().filter_map(|r| r.result.as_ref().ok());
    let add = |names: &mut Vec<String>, name: String| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    if ok().any(|o| o.text.is_some()) {
        add(&mut names, "text".into());
    }
    if emit == Emit::Tokens && ok().any(|o| o.original.is_some()) {
        add(&mut names, "tokens".into());
    }
    let lexicon_columns = |names: &mut Vec<String>| {
        for name in lexicons {
            for part in ["total", "share"] {
                let column = format!("lexicon_{name}_{part}");
                if !names.contains(&column) {
                    names.push(column);
                }
            }
        }
    };
    if ok().any(|o| !o.lexicons.is_empty()) {
        lexicon_columns(&mut names);
    }
    if emit != Emit::Counts {
        add(&mut names, "spans".into());
    }
    if keep_text {
        add(&mut names, "text".into());
    }
    if emit == Emit::Tokens {
        add(&mut names, "tokens".into());
    }
    lexicon_columns(&mut names);
    for key in meta_keys(records.iter().map(|r| &r.meta)) {
        add(&mut names, format!("{META_PREFIX}{key}"));
    }
    names
}

/// The column `name` of the documents table (one of [`document_layout`]'s names).
pub fn document_column<'a>(records: &[&'a Record], name: &str, lexicons: &[String]) -> Column<'a> {
    let ok = |r: &'a Record| r.result.as_ref().ok();
    let err = |r: &'a Record| r.result.as_ref().err();
    let str_col = |f: &dyn Fn(&'a Record) -> Option<&'a str>| Column::Str(records.iter().map(|r| f(r)).collect());
    let int_col = |f: &dyn Fn(&'a Record) -> i64| Column::Int(records.iter().map(|r| Some(f(r))).collect());
    match name {
        "id" => str_col(&|r| Some(r.id.as_str())),
        "source" => str_col(&|r| r.source.as_deref()),
        "encoding" => str_col(&|r| ok(r).and_then(|o| o.encoding)),
        "ok" => Column::Bool(records.iter().map(|r| Some(r.result.is_ok())).collect()),
        "error" => str_col(&|r| err(r).map(|e| e.message.as_str())),
        "error_kind" => str_col(&|r| err(r).map(|e| e.kind.as_str())),
        "chars" => int_col(&|r| ok(r).map_or(0, |o| o.chars as i64)),
        "token_count" | "words" => int_col(&|r| ok(r).map_or(0, |o| o.token_count as i64)),
        "n_indicators" => int_col(&|r| ok(r).map_or(0, |o| o.indicators.len() as i64)),
        "title" => str_col(&|r| ok(r).and_then(|o| o.about.title.as_deref())),
        "date" => str_col(&|r| ok(r).and_then(|o| o.about.date.as_deref())),
        "year" => Column::Int(records.iter().map(|r| ok(r).and_then(|o| o.about.year)).collect()),
        "region" => str_col(&|r| ok(r).and_then(|o| o.about.region.as_deref())),
        "region_code" => str_col(&|r| ok(r).and_then(|o| o.about.region_code.as_deref())),
        "level" => str_col(&|r| ok(r).and_then(|o| o.about.level)),
        "doc_type" => str_col(&|r| ok(r).and_then(|o| o.about.doc_type)),
        "copies_removed" => int_col(&|r| ok(r).map_or(0, |o| o.copies_removed as i64)),
        "duplicate_of" => str_col(&|r| ok(r).and_then(|o| o.duplicate_of.as_deref())),
        "text" => str_col(&|r| ok(r).and_then(|o| o.text.as_deref())),
        "tokens" => Column::StrList(records.iter().map(|r| r.tokens()).collect()),
        "spans" => Column::Spans(records.iter().map(|r| ok(r).map(|o| o.spans.as_slice())).collect()),
        meta if meta.starts_with(META_PREFIX) => {
            let key = &meta[META_PREFIX.len()..];
            Column::StrCow(
                records
                    .iter()
                    .map(|r| meta_get(&r.meta, key).and_then(|v| v.text()))
                    .collect(),
            )
        }
        other => {
            let (k, total) = lexicon_column(other, lexicons).unwrap_or_else(|| panic!("no document column {other:?}"));
            let count = |r: &'a Record| ok(r).and_then(|o| o.lexicons.get(k));
            if total {
                Column::Int(records.iter().map(|r| count(r).map(|c| c.total as i64)).collect())
            } else {
                Column::Float(records.iter().map(|r| count(r).map(|c| c.share)).collect())
            }
        }
    }
}

/// Which lexicon a `lexicon_<name>_total`/`_share` column is of, and whether it is the total.
fn lexicon_column(column: &str, lexicons: &[String]) -> Option<(usize, bool)> {
    lexicons.iter().enumerate().find_map(|(k, name)| {
        if column == format!("lexicon_{name}_total") {
            Some((k, true))
        } else if column == format!("lexicon_{name}_share") {
            Some((k, false))
        } else {
            None
        }
    })
}

/// The indicators table's column names: `doc_id` then every field of an indicator.
pub const INDICATOR_COLUMNS: [&str; 17] = [
    "doc_id",
    "start",
    "end",
    "raw",
    "metric",
    "value",
    "value_high",
    "unit",
    "comparator",
    "stance",
    "change",
    "placeholder",
    "period",
    "section",
    "sentence",
    "clean_start",
    "clean_end",
];

/// The indicators table, one row per indicator of `records` in order, as
/// [`INDICATOR_COLUMNS`]; and each record's number of rows.
pub fn indicator_columns<'a>(records: &[&'a Record]) -> (Vec<Column<'a>>, Vec<usize>) {
    let counts: Vec<usize> = records
        .iter()
        .map(|r| r.result.as_ref().map_or(0, |o| o.indicators.len()))
        .collect();
    let rows: Vec<(&'a str, &'a crate::scan::Indicator)> = records
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|o| (r.id.as_str(), o)))
        .flat_map(|(id, o)| o.indicators.iter().map(move |i| (id, i)))
        .collect();
    let s = |f: &dyn Fn(&'a crate::scan::Indicator) -> Option<&'a str>| {
        Column::Str(rows.iter().map(|(_, i)| f(i)).collect())
    };
    let columns = vec![
        Column::Str(rows.iter().map(|(id, _)| Some(*id)).collect()),
        Column::Int(rows.iter().map(|(_, i)| Some(i.start as i64)).collect()),
        Column::Int(rows.iter().map(|(_, i)| Some(i.end as i64)).collect()),
        s(&|i| Some(i.raw.as_str())),
        s(&|i| i.metric.as_deref()),
        Column::Float(rows.iter().map(|(_, i)| i.value).collect()),
        Column::Float(rows.iter().map(|(_, i)| i.value_high).collect()),
        s(&|i| Some(i.unit.as_str())),
        s(&|i| Some(i.comparator.as_str())),
        s(&|i| Some(i.stance.as_str())),
        Column::Bool(rows.iter().map(|(_, i)| Some(i.change)).collect()),
        Column::Bool(rows.iter().map(|(_, i)| Some(i.placeholder)).collect()),
        s(&|i| i.period.as_deref()),
        s(&|i| i.section.as_deref()),
        s(&|i| Some(&*i.sentence)),
        Column::Int(rows.iter().map(|(_, i)| Some(i.clean_start as i64)).collect()),
        Column::Int(rows.iter().map(|(_, i)| Some(i.clean_end as i64)).collect()),
    ];
    (columns, counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Pipeline, PipelineOptions};

    fn record(p: &Pipeline, id: &str, text: &str) -> Record {
        let mut out = p.process_text(text);
        out.original = Some(text.to_string());
        Record {
            id: id.into(),
            source: None,
            input_bytes: text.len() as u64,
            result: Ok(out),
            meta: Vec::new(),
        }
    }

    #[test]
    fn columns_and_stats_of_a_batch() {
        let p = Pipeline::new(PipelineOptions {
            emit: Emit::Tokens,
            ..Default::default()
        })
        .unwrap();
        let records = [
            record(&p, "a", "城镇新增就业1200万人以上"),
            Record::failed("b".into(), Some("f".into()), ErrorKind::Input, "empty".into()),
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let names = document_layout(&refs, Emit::Tokens, true, &[]);
        assert_eq!(
            names[9..],
            [
                "n_indicators",
                "title",
                "date",
                "year",
                "region",
                "region_code",
                "level",
                "doc_type",
                "copies_removed",
                "duplicate_of",
                "tokens",
                "spans",
                "text"
            ],
            "no text kept: text comes last"
        );
        let Column::StrList(tokens) = document_column(&refs, "tokens", &[]) else {
            panic!()
        };
        assert_eq!(tokens[0].as_ref().unwrap().concat(), "城镇新增就业1200万人以上");
        assert!(tokens[1].is_none());
        let (columns, counts) = indicator_columns(&refs);
        assert_eq!(counts, [1, 0]);
        let Column::Str(doc_id) = &columns[0] else { panic!() };
        assert_eq!(doc_id, &[Some("a")]);
        let s = stats(&records);
        assert_eq!((s.documents, s.succeeded, s.failed, s.indicators), (2, 1, 1, 1));
        assert_eq!((s.bytes, s.error_kinds.clone()), (34, vec![(ErrorKind::Input, 1)]));
    }

    #[test]
    fn carried_metadata_is_one_string_column_a_key_last() {
        use crate::load::MetaValue;
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        let mut a = record(&p, "a", "城镇新增就业1200万人以上");
        a.meta = vec![
            ("province".into(), MetaValue::Str("河南省".into())),
            ("year".into(), MetaValue::Int(2026)),
        ];
        let mut b = Record::failed("b".into(), None, ErrorKind::Input, "empty".into());
        b.meta = vec![
            ("year".into(), MetaValue::Float(2025.0)),
            ("final".into(), MetaValue::Bool(true)),
            ("url".into(), MetaValue::Null),
        ];
        let c = record(&p, "c", "增长5%");
        let refs = [&a, &b, &c];
        let names = document_layout(&refs, Emit::Counts, false, &[]);
        assert_eq!(names[19..], ["meta_province", "meta_year", "meta_final", "meta_url"]);
        let column = |name: &str| match document_column(&refs, name, &[]) {
            Column::StrCow(v) => v.into_iter().map(|c| c.map(|c| c.into_owned())).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(column("meta_year"), [Some("2026".into()), Some("2025.0".into()), None]);
        assert_eq!(column("meta_final"), [None, Some("true".into()), None]);
        assert_eq!(column("meta_url"), [None, None, None]);
        assert_eq!(a.meta_str("province").as_deref(), Some("河南省"));
        assert_eq!((a.meta_str("year").as_deref(), b.meta_str("url")), (Some("2026"), None));
    }
}
