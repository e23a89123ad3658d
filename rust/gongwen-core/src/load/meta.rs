//! Carried metadata: the fields of an input record other than its text and id (the other columns
//! of a CSV or Parquet row, the other fields of a JSON line, a mapping passed with a text), kept
//! with their types and carried to the document's row.
//!
//! The tables hold one `meta_<key>` string column a key ([`MetaValue::text`]); a binding gives
//! the typed values (`Document.meta` in Python).

use std::borrow::Cow;

use serde_json::Value;

use super::shown::{escaped, lone_surrogate};

/// One carried value. CSV fields are always [`MetaValue::Str`] (CSV has no types); a nested JSON
/// value (an array or an object) is its JSON text.
#[derive(Clone, Debug, PartialEq)]
pub enum MetaValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

/// The carried metadata of a document: `(key, value)` pairs in the order of the input (a CSV's
/// header, a JSON object's fields), keys unique.
pub type Meta = Vec<(String, MetaValue)>;

impl MetaValue {
    /// The value `serde_json` read (integers beyond `i64` as their digits; beyond `u64`,
    /// `serde_json` reads a float).
    pub fn from_json(v: &Value) -> MetaValue {
        match v {
            Value::Null => MetaValue::Null,
            Value::Bool(b) => MetaValue::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => MetaValue::Int(i),
                (None, Some(f)) if n.is_f64() => MetaValue::Float(f),
                _ => MetaValue::Str(n.to_string()),
            },
            Value::String(s) => MetaValue::Str(shown(s)),
            nested => MetaValue::Str(shown(&nested.to_string())),
        }
    }

    /// The value as the tables write it: a string as it is, an integer in digits, a float as
    /// Python writes it (`2003.0`, `1e+20`; `NaN`, `Infinity`, `-Infinity` as JSON writers do),
    /// `true`/`false`; `None` for null.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            MetaValue::Str(s) => Some(Cow::Borrowed(s)),
            MetaValue::Int(i) => Some(Cow::Owned(i.to_string())),
            MetaValue::Float(f) if f.is_nan() => Some(Cow::Borrowed("NaN")),
            MetaValue::Float(f) if f.is_infinite() => {
                Some(Cow::Borrowed(if *f > 0.0 { "Infinity" } else { "-Infinity" }))
            }
            MetaValue::Float(f) => Some(Cow::Owned(python_float(*f))),
            MetaValue::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            MetaValue::Null => None,
        }
    }
}

/// The value of `key` in `meta`, if it has the key.
pub fn meta_get<'a>(meta: &'a Meta, key: &str) -> Option<&'a MetaValue> {
    meta.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The keys of several documents' metadata, each once, in the order they first come.
pub fn meta_keys<'a>(metas: impl IntoIterator<Item = &'a Meta>) -> Vec<&'a str> {
    let mut keys: Vec<&'a str> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for meta in metas {
        for (k, _) in meta {
            if seen.insert(k.as_str()) {
                keys.push(k);
            }
        }
    }
    keys
}

/// A JSON string as UTF-8 holds it: a lone surrogate (read as a private-use stand-in) as its
/// `\ud800` escape.
fn shown(s: &str) -> String {
    match lone_surrogate(s) {
        Some(_) => escaped(s),
        None => s.to_string(),
    }
}

/// Python's `repr` of a float.
pub(super) fn python_float(f: f64) -> String {
    if f.is_finite() && f == f.trunc() && f.abs() < 1e16 {
        return format!("{f:.1}");
    }
    let s = format!("{f:?}");
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e:0>2}"),
        Some((m, e)) => format!("{m}e-{:0>2}", &e[1..]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_keep_their_types_and_render_as_text() {
        let v: Value =
            serde_json::from_str(r#"{"a": "x", "b": 2003, "c": 1.5, "d": true, "e": null, "f": [1, "二"], "g": 18446744073709551615, "h": 2003.0}"#)
                .unwrap();
        let Value::Object(o) = v else { panic!() };
        let got: Vec<MetaValue> = o.values().map(MetaValue::from_json).collect();
        assert_eq!(
            got,
            [
                MetaValue::Str("x".into()),
                MetaValue::Int(2003),
                MetaValue::Float(1.5),
                MetaValue::Bool(true),
                MetaValue::Null,
                MetaValue::Str("[1,\"二\"]".into()),
                MetaValue::Str("18446744073709551615".into()),
                MetaValue::Float(2003.0),
            ]
        );
        let shown: Vec<Option<String>> = got.iter().map(|v| v.text().map(Cow::into_owned)).collect();
        assert_eq!(
            shown,
            [
                Some("x"),
                Some("2003"),
                Some("1.5"),
                Some("true"),
                None,
                Some("[1,\"二\"]"),
                Some("18446744073709551615"),
                Some("2003.0")
            ]
            .map(|s| s.map(String::from))
        );
        assert_eq!(MetaValue::Float(1e20).text().unwrap(), "1e+20");
        assert_eq!(MetaValue::Float(f64::NEG_INFINITY).text().unwrap(), "-Infinity");
    }

    #[test]
    fn keys_in_the_order_they_first_come() {
        let a: Meta = vec![("year".into(), MetaValue::Int(1)), ("title".into(), MetaValue::Null)];
        let b: Meta = vec![("url".into(), MetaValue::Null), ("year".into(), MetaValue::Int(2))];
        assert_eq!(meta_keys([&a, &b]), ["year", "title", "url"]);
        assert_eq!(meta_get(&b, "year"), Some(&MetaValue::Int(2)));
        assert_eq!(meta_get(&b, "title"), None);
    }
}
