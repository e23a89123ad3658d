//! The options of a corpus run from Python: a mapping of keyword arguments to the core's
//! `CorpusOptions`, converted in one function ([`options_from_kwargs`]) and checked by the
//! core's one `validate`; `_core.OPTIONS`, the core's table as Python data; `resolve_options`,
//! the pipeline and the load options of a run in one call; and `LoadOptions`.

use gongwen_core::options::{
    choice_error, empty_error, not_positive, CorpusOptions, DefaultValue, Duplicates, Emit, LexiconMode, LoadOptions,
    Mode, OptionGroup, OptionSpec, OptionType, OPTIONS,
};
use gongwen_core::scan::IndicatorRules;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyMapping, PyString, PyTuple};

use crate::error::to_py_err;
use crate::lexicon::{build_lexicons, extract_lexicons};
use crate::utils::enter;

/// The type name of `obj`, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn repr(obj: &Bound<'_, PyAny>) -> String {
    obj.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into())
}

fn wrong_type(spec: &OptionSpec, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!("{} must be {expected}, not {}", spec.name, type_name(got)))
}

/// A value of `spec`'s type: `None` for none (where the type allows it).
fn is_none(v: &Bound<'_, PyAny>) -> bool {
    v.is_none()
}

fn get_bool(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<bool> {
    v.downcast::<PyBool>()
        .map(|b| b.is_true())
        .map_err(|_| wrong_type(spec, "bool", v))
}

fn get_str(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<String> {
    crate::utils::text(v, spec.name).map(|s| s.into_owned())
}

/// A text that must not be empty (`glob`, `text_column`): anything but a `str` is a
/// `ValueError` with the core's message for an empty one, as an empty `str` is.
fn get_nonempty_str(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<String> {
    if !v.is_instance_of::<PyString>() {
        let message = empty_error(spec.name).to_string().replace("''", &repr(v));
        return Err(PyValueError::new_err(message));
    }
    get_str(spec, v)
}

fn get_optional_str(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if is_none(v) {
        return Ok(None);
    }
    get_str(spec, v).map(Some)
}

/// A count: a Python `int` (not a `bool`) that is positive; anything else is a `ValueError`
/// naming the option (zero is left to the core's check, which gives the same message).
fn get_count(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<usize> {
    let n = if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
        None
    } else {
        v.extract::<usize>().ok()
    };
    n.ok_or_else(|| to_py_err(not_positive(spec.name, &repr(v))))
}

/// A number (`int` or `float`, not `bool`); its range is the core's check.
fn get_fraction(spec: &OptionSpec, v: &Bound<'_, PyAny>) -> PyResult<f64> {
    if v.is_instance_of::<PyBool>() {
        return Err(wrong_type(spec, "float", v));
    }
    v.extract::<f64>().map_err(|_| wrong_type(spec, "float", v))
}

/// A choice: the name of a value; anything else (another `str`, or no `str`) is a `ValueError`
/// naming the option and its choices.
fn get_choice<T>(
    spec: &OptionSpec,
    v: &Bound<'_, PyAny>,
    parse: impl Fn(&str) -> gongwen_core::Result<T>,
) -> PyResult<T> {
    match v.downcast::<PyString>() {
        Ok(s) => parse(&s.to_cow()?).map_err(to_py_err),
        Err(_) => Err(to_py_err(choice_error(spec.name, spec.choices, &repr(v)))),
    }
}

/// The options of `kwargs` (a mapping of option names to values; `None` or missing names take
/// their defaults) as the core's `CorpusOptions`, checked: the one conversion of every option
/// from Python. A name that is not an option (or, without `load`, a load option) is a
/// `TypeError`; a value of the wrong type a `TypeError` (a `ValueError` for enumerated options
/// and counts, as always), a bad value the core's error (`ValueError`, `FileNotFoundError`,
/// `DictionaryError`). Lexicon files are read here.
pub(crate) fn options_from_kwargs(
    py: Python<'_>,
    kwargs: Option<&Bound<'_, PyAny>>,
    load: bool,
) -> PyResult<CorpusOptions> {
    let given = PyDict::new(py);
    if let Some(k) = kwargs {
        let map = k
            .downcast::<PyMapping>()
            .map_err(|_| PyTypeError::new_err(format!("options must be a mapping, not {}", type_name(k))))?;
        for item in map.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            given.set_item(key, value)?;
        }
    }
    let mut unknown: Vec<String> = Vec::new();
    for key in given.keys() {
        let name = key.str()?.to_string();
        let known = OPTIONS
            .iter()
            .any(|o| o.name == name && (load || o.group == OptionGroup::Pipeline));
        if !known || !key.is_instance_of::<PyString>() {
            unknown.push(name);
        }
    }
    if !unknown.is_empty() {
        unknown.sort();
        return Err(PyTypeError::new_err(format!(
            "unexpected option(s): {}",
            unknown.join(", ")
        )));
    }
    let mut o = CorpusOptions::default();
    let mut hmm = true;
    for spec in OPTIONS {
        let Some(v) = given.get_item(spec.name)? else { continue };
        let p = &mut o.pipeline;
        let l = &mut o.load;
        match spec.name {
            "clean" => p.clean = get_bool(spec, &v)?.then(Default::default),
            "convert" => p.convert = get_optional_str(spec, &v)?,
            "mode" => p.mode = get_choice(spec, &v, str::parse::<Mode>)?,
            "hmm" => hmm = get_bool(spec, &v)?,
            "userdict" => {
                p.userdict = if is_none(&v) {
                    None
                } else {
                    Some(v.extract().map_err(|_| wrong_type(spec, "a path or None", &v))?)
                }
            }
            "indicators" => p.indicators = get_bool(spec, &v)?.then(|| IndicatorRules::default_shared().clone()),
            "lexicons" => {
                p.lexicons = if is_none(&v) {
                    Vec::new()
                } else {
                    let sources = extract_lexicons(&v)?;
                    enter(py, || build_lexicons(sources))?
                }
            }
            "lexicon_mode" => p.lexicon_mode = get_choice(spec, &v, str::parse::<LexiconMode>)?,
            "emit" => p.emit = get_choice(spec, &v, str::parse::<Emit>)?,
            "keep_text" => p.keep_text = get_bool(spec, &v)?,
            "encoding" => p.encoding = get_optional_str(spec, &v)?,
            "duplicates" => p.duplicates = get_choice(spec, &v, str::parse::<Duplicates>)?,
            "duplicate_threshold" => p.duplicate_threshold = get_fraction(spec, &v)?,
            "threads" => o.threads = if is_none(&v) { None } else { Some(get_count(spec, &v)?) },
            "glob" => l.glob = get_nonempty_str(spec, &v)?,
            "text_column" => l.text_column = get_nonempty_str(spec, &v)?,
            "id_column" => l.id_column = get_optional_str(spec, &v)?,
            "batch_docs" => l.batch_docs = get_count(spec, &v)?,
            "batch_bytes" => l.batch_bytes = get_count(spec, &v)?,
            other => unreachable!("option {other} has no conversion"),
        }
        debug_assert!(spec.kind != OptionType::Choice || !spec.choices.is_empty());
    }
    o.pipeline.mode = o.pipeline.mode.with_hmm(hmm);
    o.validate().map_err(to_py_err)?;
    Ok(o)
}

/// How inputs are found, read and cut into batches: ``glob``, ``text_column``, ``id_column``,
/// ``batch_docs``, ``batch_bytes``, checked (made by ``resolve_options``).
#[pyclass(name = "LoadOptions", module = "gongwen", frozen)]
pub(crate) struct PyLoadOptions {
    pub(crate) inner: LoadOptions,
}

#[pymethods]
impl PyLoadOptions {
    #[getter]
    fn glob(&self) -> &str {
        &self.inner.glob
    }

    #[getter]
    fn text_column(&self) -> &str {
        &self.inner.text_column
    }

    #[getter]
    fn id_column(&self) -> Option<&str> {
        self.inner.id_column.as_deref()
    }

    #[getter]
    fn batch_docs(&self) -> usize {
        self.inner.batch_docs
    }

    #[getter]
    fn batch_bytes(&self) -> usize {
        self.inner.batch_bytes
    }

    fn __repr__(&self) -> String {
        let l = &self.inner;
        format!(
            "LoadOptions(glob={:?}, text_column={:?}, id_column={:?}, batch_docs={}, batch_bytes={})",
            l.glob, l.text_column, l.id_column, l.batch_docs, l.batch_bytes
        )
    }
}

/// `_core.OPTIONS`: one dict per option (``name``, ``type``, ``default``, ``choices``, ``help``,
/// ``group``), from the core's table.
pub(crate) fn options_table(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    let rows = OPTIONS
        .iter()
        .map(|o| {
            let d = PyDict::new(py);
            d.set_item("name", o.name)?;
            d.set_item("type", o.kind.name())?;
            match o.default {
                DefaultValue::None => d.set_item("default", py.None())?,
                DefaultValue::Bool(b) => d.set_item("default", b)?,
                DefaultValue::Str(s) => d.set_item("default", s)?,
                DefaultValue::Count(n) => d.set_item("default", n)?,
                DefaultValue::Fraction(x) => d.set_item("default", x)?,
            }
            d.set_item("choices", PyTuple::new(py, o.choices)?)?;
            d.set_item("help", o.help)?;
            d.set_item("group", o.group.name())?;
            Ok(d)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, rows)
}
