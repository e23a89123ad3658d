//! JSONL: one document per line, a JSON object with its text under `text_column` (and its id
//! under `id_column`, else `<file>:<line>`), its other fields carried as metadata
//! ([`MetaValue::from_json`]: typed; nested values as their JSON text). Every line gives one unit: a bad line (blank, not
//! JSON, not UTF-8, not an object, without a string text) is an error row that says why, and a
//! file without a line is one error row.
//!
//! JSON allows lone surrogate escapes (`"\ud800"`), which UTF-8 cannot hold: a line with one is
//! read with each lone surrogate as a private-use character (see [`super::shown`]), so that its
//! other fields still count; a text or an id with one is an error row that gives its position.

use std::io::{BufRead, BufReader, Read};

use serde_json::{Map, Value};

use super::meta::{python_float, Meta, MetaValue};
use super::shown::{escaped, lone_surrogate, py_repr, SURROGATE_MARK};
use super::{ErrorKind, Source};

/// The columns of a JSONL (or other table) input, and the encoding a CSV file is read in
/// (`None`: detected; JSONL is UTF-8).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub text: String,
    pub id: Option<String>,
    pub encoding: Option<String>,
}

/// The units of a JSONL stream named `source`, lazily, one a line.
pub struct JsonlUnits<R> {
    reader: R,
    source: String,
    columns: Columns,
    lineno: usize,
    done: bool,
    buf: Vec<u8>,
}

/// Read the JSONL stream `reader`, named `source` in ids and messages.
pub fn read<R: Read>(reader: R, source: String, columns: Columns) -> JsonlUnits<BufReader<R>> {
    JsonlUnits {
        reader: BufReader::with_capacity(1 << 16, reader),
        source,
        columns,
        lineno: 0,
        done: false,
        buf: Vec::new(),
    }
}

impl<R: BufRead> Iterator for JsonlUnits<R> {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        if self.done {
            return None;
        }
        self.buf.clear();
        let source = self.source.clone();
        match self.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) => {
                self.done = true;
                (self.lineno == 0).then(|| {
                    Source::failed(
                        &source,
                        Some(source.clone()),
                        ErrorKind::Input,
                        "the file is empty: no JSON line",
                    )
                })
            }
            Ok(_) => {
                self.lineno += 1;
                let line = trim_end_newlines(&self.buf);
                Some(parse_line(line, self.lineno, &source, &self.columns))
            }
            Err(e) => {
                self.done = true;
                Some(Source::failed(
                    &source,
                    Some(source.clone()),
                    ErrorKind::Io,
                    format!("read error: {e}"),
                ))
            }
        }
    }
}

fn trim_end_newlines(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    line
}

/// The unit of line `lineno` of `source`.
pub fn parse_line(line: &[u8], lineno: usize, source: &str, columns: &Columns) -> Source {
    let id = format!("{source}:{lineno}");
    let failed = |id: String, kind, message: String| Source::failed(id, Some(source.to_string()), kind, message);
    if line.iter().all(|b| b" \t\n\r\x0b\x0c".contains(b)) {
        return failed(id, ErrorKind::Input, format!("line {lineno} is empty"));
    }
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(e) => {
            return failed(
                id,
                ErrorKind::Decode,
                format!("line {lineno} is not UTF-8: {}", utf8_message(line, &e)),
            )
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // What Python's `json` reads and serde_json does not: lone surrogate escapes, and the
        // constants NaN, Infinity and -Infinity that `json.dumps` writes for floats.
        Err(e) => {
            let marked = with_surrogates_marked(text);
            let base = marked.as_deref().unwrap_or(text);
            let parsed = match marked.as_deref() {
                Some(t) => serde_json::from_str(t).ok(),
                None => None,
            }
            .or_else(|| with_python_constants(base).and_then(|t| serde_json::from_str(&t).ok()));
            match parsed {
                Some(v) => v,
                None => return failed(id, ErrorKind::Input, format!("line {lineno} is not valid JSON: {e}")),
            }
        }
    };
    let Value::Object(obj) = value else {
        let kind = python_type(&value);
        return failed(
            id,
            ErrorKind::Input,
            format!("line {lineno} is a JSON {kind}, not an object"),
        );
    };
    let id = match columns.id.as_ref().and_then(|c| obj.get(c)) {
        Some(v) if !v.is_null() => python_str(v),
        _ => id,
    };
    let unit = match obj.get(&columns.text) {
        Some(Value::String(text)) => match lone_surrogate(text) {
            Some(pos) => failed(
                id,
                ErrorKind::Decode,
                format!("line {lineno}: the text has a lone surrogate at position {pos}, which UTF-8 cannot hold"),
            ),
            None => {
                let text = text.clone();
                let id_column = columns.id.as_deref();
                let meta: Meta = obj
                    .iter()
                    .filter(|(k, _)| **k != columns.text && Some(k.as_str()) != id_column)
                    .map(|(k, v)| (shown_key(k), MetaValue::from_json(v)))
                    .collect();
                Source::Text {
                    id,
                    text,
                    source: Some(source.to_string()),
                    meta,
                }
            }
        },
        _ => {
            let message = no_text(lineno, &obj, &columns.text);
            return checked_id(failed(id, ErrorKind::Input, message), "");
        }
    };
    checked_id(unit, &format!("line {lineno}: "))
}

/// `unit`, or an error row if its id has a lone surrogate (it could be neither run nor written).
fn checked_id(unit: Source, prefix: &str) -> Source {
    let Some(pos) = lone_surrogate(unit.id()) else {
        return unit;
    };
    let shown = escaped(unit.id());
    let source = match &unit {
        Source::Text { source, .. } | Source::Failed { source, .. } => source.clone(),
        _ => None,
    };
    let message = format!("{prefix}the id {shown} has a lone surrogate at position {pos}, which UTF-8 cannot hold");
    Source::failed(shown, source, ErrorKind::Input, message)
}

/// Why a JSON object has no text, with the fields it has (the likely text field among them).
fn no_text(lineno: usize, obj: &Map<String, Value>, column: &str) -> String {
    if let Some(v) = obj.get(column) {
        return format!(
            "line {lineno} has a {} as its {} text column, not a string",
            python_type(v),
            py_repr(column)
        );
    }
    let names: Vec<String> = obj.keys().take(20).map(|k| py_repr(k)).collect();
    let mut fields = names.join(", ");
    if obj.len() > 20 {
        fields.push_str(&format!(", ... ({} fields)", obj.len()));
    }
    if fields.is_empty() {
        fields.push_str("none");
    }
    format!(
        "line {lineno} has no {} text column; its fields are {fields} (name the text field with text_column=, or \
         --text-column on the command line)",
        py_repr(column)
    )
}

/// The name of the Python type `json.loads` makes of `v`.
fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `str()` of the Python value `json.loads` makes of `v` (an id given as a number).
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) => match n.as_f64().filter(|_| n.is_f64()) {
            Some(f) => python_float(f),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// A field name as UTF-8 holds it (a lone surrogate as its escape).
fn shown_key(k: &str) -> String {
    match lone_surrogate(k) {
        Some(_) => escaped(k),
        None => k.to_string(),
    }
}

/// Python's message for bytes that are not UTF-8.
fn utf8_message(line: &[u8], e: &std::str::Utf8Error) -> String {
    let pos = e.valid_up_to();
    let byte = line[pos];
    let why = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {why}")
}

/// `text` with every lone surrogate escape (`\ud800` not part of a pair) replaced by the escape
/// of its private-use stand-in, or `None` if it has none.
/// `text` with the constants `NaN`, `Infinity` and `-Infinity` outside strings written as
/// `null` (Python's `json.dumps` writes them for floats; a metadata field such as a score must
/// not turn a report into an error row), or `None` when it has none.
fn with_python_constants(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut last, mut in_string, mut found) = (0, 0, false, false);
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 2,
                b'"' => {
                    in_string = false;
                    i += 1;
                }
                _ => i += 1,
            }
            continue;
        }
        if c == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        let word = [&b"-Infinity"[..], b"Infinity", b"NaN"]
            .into_iter()
            .find(|w| b[i..].starts_with(w) && !b.get(i + w.len()).is_some_and(|n| n.is_ascii_alphanumeric()));
        match word {
            Some(w) if i == 0 || !b[i - 1].is_ascii_alphanumeric() => {
                out.push_str(&text[last..i]);
                out.push_str("null");
                i += w.len();
                last = i;
                found = true;
            }
            _ => i += 1,
        }
    }
    found.then(|| {
        out.push_str(&text[last..]);
        out
    })
}

fn with_surrogates_marked(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let hex = |i: usize| -> Option<u32> {
        let s = text.get(i..i + 4)?;
        u32::from_str_radix(s, 16)
            .ok()
            .filter(|_| s.bytes().all(|c| c.is_ascii_hexdigit()))
    };
    let mut out = String::with_capacity(text.len());
    let (mut i, mut last, mut found) = (0, 0, false);
    while i + 1 < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b[i + 1] != b'u' {
            i += 2;
            continue;
        }
        let Some(unit) = hex(i + 2) else {
            i += 2;
            continue;
        };
        let paired = (0xd800..0xdc00).contains(&unit)
            && b.get(i + 6) == Some(&b'\\')
            && b.get(i + 7) == Some(&b'u')
            && hex(i + 8).is_some_and(|low| (0xdc00..0xe000).contains(&low));
        if paired {
            i += 12;
        } else if (0xd800..0xe000).contains(&unit) {
            let mark = char::from_u32(SURROGATE_MARK + unit - 0xd800).expect("a private-use character");
            out.push_str(&text[last..i]);
            out.push(mark);
            i += 6;
            last = i;
            found = true;
        } else {
            i += 6;
        }
    }
    found.then(|| {
        out.push_str(&text[last..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(data: &[u8], id: Option<&str>) -> Vec<(String, Option<&'static str>, String)> {
        let columns = Columns {
            text: "text".into(),
            id: id.map(str::to_string),
            ..Default::default()
        };
        read(data, "f.jsonl".into(), columns)
            .map(|u| match u {
                Source::Text { id, text, .. } => (id, None, text),
                Source::Failed { id, kind, message, .. } => (id, Some(kind.as_str()), message),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn python_float_constants_in_metadata_read_as_json_dumps_writes_them() {
        // json.dumps({"text": ..., "score": float("nan")}) writes NaN; json.loads reads it back.
        let data = "{\"text\": \"城镇新增就业1200万人\", \"score\": NaN, \"lo\": -Infinity, \"hi\": Infinity}\n\
            {\"text\": \"NaN and Infinity in a string stay\", \"n\": [NaN]}\n{\"text\": NaNa}\n{\"text\": NaN}";
        let got = units(data.as_bytes(), None);
        assert_eq!(got[0], ("f.jsonl:1".into(), None, "城镇新增就业1200万人".into()));
        assert_eq!(
            got[1],
            ("f.jsonl:2".into(), None, "NaN and Infinity in a string stay".into())
        );
        assert_eq!((got[2].1, got[3].1), (Some("input"), Some("input")));
        assert!(got[2].2.starts_with("line 3 is not valid JSON"), "{}", got[2].2);
        assert!(got[3].2.contains("text"), "{}", got[3].2);
        assert_eq!(
            with_python_constants(r#"{"a": "NaN\"NaN", "b": NaN}"#).unwrap(),
            r#"{"a": "NaN\"NaN", "b": null}"#
        );
    }

    #[test]
    fn every_line_is_a_unit_and_bad_lines_say_why() {
        let data = b"{\"text\": \"a\"}\n\n   \r\n{not json\n[1, 2]\n{\"body\": \"x\", \"id\": 1}\n{\"text\": 12}\n\
            {\"text\": \"\xff\xfe\"}\n{\"text\": \"b\"}";
        let got = units(data, None);
        let kinds: Vec<_> = got.iter().map(|u| u.1).collect();
        let input = Some("input");
        assert_eq!(
            kinds,
            [None, input, input, input, input, input, input, Some("decode"), None]
        );
        assert_eq!(got[0], ("f.jsonl:1".into(), None, "a".into()));
        assert_eq!(got[1].2, "line 2 is empty");
        assert_eq!(got[4].2, "line 5 is a JSON list, not an object");
        assert!(
            got[5]
                .2
                .contains("no 'text' text column; its fields are 'body', 'id' (name"),
            "{}",
            got[5].2
        );
        assert_eq!(got[6].2, "line 7 has a int as its 'text' text column, not a string");
        assert!(got[7]
            .2
            .starts_with("line 8 is not UTF-8: 'utf-8' codec can't decode byte 0xff in position 10"));
        assert_eq!(got[8].0, "f.jsonl:9");
        assert_eq!(
            units(b"", None)[0],
            (
                "f.jsonl".into(),
                Some("input"),
                "the file is empty: no JSON line".into()
            )
        );
    }

    #[test]
    fn ids_from_the_id_column_as_python_writes_them() {
        let data = b"{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": 7, \"text\": \"x\"}\n{\"id\": 1.5, \"text\": \"x\"}\n\
            {\"id\": null, \"text\": \"x\"}\n{\"id\": true, \"text\": \"x\"}";
        let ids: Vec<_> = units(data, Some("id")).into_iter().map(|u| u.0).collect();
        assert_eq!(ids, ["a", "7", "1.5", "f.jsonl:4", "True"]);
    }

    #[test]
    fn lone_surrogates_are_rows_with_their_position() {
        let data = b"{\"text\": \"\\u589e\\u957f\\ud800\"}\n{\"id\": \"b\\udc80\", \"text\": \"x\"}\n\
            {\"text\": \"ok\", \"other\": \"\\ud800\"}\n{\"text\": \"\\ud83d\\ude00\"}";
        let got = units(data, Some("id"));
        assert_eq!(got[0].1, Some("decode"));
        assert_eq!(
            got[0].2,
            "line 1: the text has a lone surrogate at position 2, which UTF-8 cannot hold"
        );
        assert_eq!((got[1].0.as_str(), got[1].1), ("b\\udc80", Some("input")));
        assert!(got[1]
            .2
            .starts_with("line 2: the id b\\udc80 has a lone surrogate at position 1"));
        assert_eq!(
            got[2],
            ("f.jsonl:3".into(), None, "ok".into()),
            "another field's surrogate is no error"
        );
        assert_eq!(got[3].2, "\u{1f600}");
    }
}
