//! `clean`, `normalize`, `Cleaned` and `BoilerplateRules`.

use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::clean::{self as core_clean, CleanOptions, Cleaned, Rules};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::convert::{shared, PyOffsetMap};
use crate::utils::enter;

/// A boilerplate rule set: gongwen's own rules, optionally extended (or replaced) by a file of
/// ``KIND<TAB>NAME<TAB>PATTERN`` lines (``line`` or ``fragment``; a Rust regex written in
/// Simplified Chinese, Traditional variants are added automatically). The file is UTF-8 (a
/// byte-order mark is allowed); a bad line, or bytes that are not UTF-8, raise
/// ``DictionaryError`` naming the file and line.
#[pyclass(name = "BoilerplateRules", module = "gongwen", frozen)]
pub(crate) struct PyRules {
    /// `None`: gongwen's own rules, compiled once per process.
    own: Option<Arc<Rules>>,
}

impl PyRules {
    fn get(&self) -> &Rules {
        match &self.own {
            Some(own) => own,
            None => Rules::default_rules(),
        }
    }
}

#[pymethods]
impl PyRules {
    #[new]
    #[pyo3(signature = (path=None, *, extend_default=true))]
    fn new(py: Python<'_>, path: Option<PathBuf>, extend_default: bool) -> PyResult<Self> {
        let own = match &path {
            Some(p) => Some(enter(py, || Rules::from_file(p))?),
            None => None,
        };
        let own = match (own, extend_default) {
            (Some(own), true) => Some(Rules::default_rules().extended(own)),
            (Some(own), false) => Some(own),
            (None, _) => None,
        };
        Ok(PyRules { own: own.map(Arc::new) })
    }

    fn __len__(&self) -> usize {
        self.get().len()
    }

    fn __repr__(&self) -> String {
        format!("BoilerplateRules({} rules)", self.get().len())
    }
}

/// The result of ``clean`` or ``normalize``: the text, its ``OffsetMap`` back to the input,
/// the boilerplate removed as ``(start, end, rule, text)`` with ``start``/``end`` in the input
/// and ``text`` the input's ``text[start:end]``, and the number of pinyin readings removed.
#[pyclass(name = "Cleaned", module = "gongwen", frozen)]
pub(crate) struct PyCleaned {
    #[pyo3(get)]
    text: String,
    map: Arc<gongwen_core::offsets::OffsetMap>,
    #[pyo3(get)]
    removed: Vec<(usize, usize, String, String)>,
    #[pyo3(get)]
    readings_removed: usize,
    /// Number of repeated copies of the text removed (listed in ``removed`` under the rule
    /// ``"repeated copy"``).
    #[pyo3(get)]
    copies_removed: usize,
    /// The encoding the input bytes were decoded from (``None`` for ``str`` input).
    #[pyo3(get)]
    encoding: Option<&'static str>,
}

#[pymethods]
impl PyCleaned {
    /// The map from every position of ``text`` back to the input.
    #[getter]
    fn map(&self) -> PyOffsetMap {
        PyOffsetMap {
            inner: self.map.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Cleaned(len(text)={}, readings_removed={}, removed={})",
            self.text.chars().count(),
            self.readings_removed,
            self.removed.len()
        )
    }
}

impl From<Cleaned> for PyCleaned {
    fn from(c: Cleaned) -> Self {
        PyCleaned {
            text: c.text,
            map: Arc::new(c.map),
            removed: c
                .removed
                .into_iter()
                .map(|r| (r.start, r.end, r.rule, r.text))
                .collect(),
            readings_removed: c.readings,
            copies_removed: c.copies,
            encoding: None,
        }
    }
}

/// The text of a `str`, or of `bytes` decoded (encoding detected unless named): positions
/// then refer to the decoded text.
fn input_text<'a>(
    py: Python<'_>,
    text: &'a Bound<'_, PyAny>,
    encoding: Option<&str>,
) -> PyResult<(std::borrow::Cow<'a, str>, Option<&'static str>)> {
    if text.is_instance_of::<pyo3::types::PyString>() {
        return Ok((crate::utils::text(text, "text")?, None));
    }
    let (s, name) = crate::load::decode_to_string(py, text, encoding)?;
    Ok((std::borrow::Cow::Owned(s), Some(name)))
}

fn options(
    readings: bool,
    punctuation: bool,
    widths: bool,
    spaces: bool,
    newlines: bool,
    boilerplate: bool,
    copies: bool,
) -> CleanOptions {
    CleanOptions {
        readings,
        punctuation,
        widths,
        spaces,
        // A line broken inside a sentence is joined with the line ends made one (`newlines`).
        joins: newlines,
        newlines,
        boilerplate,
        copies,
    }
}

/// The `BoilerplateRules` a call was given, checked.
fn rules_arg<'py>(rules: Option<&Bound<'py, PyAny>>) -> PyResult<Option<Bound<'py, PyRules>>> {
    rules
        .map(|r| {
            r.downcast::<PyRules>()
                .cloned()
                .map_err(|_| PyTypeError::new_err("rules must be a gongwen.BoilerplateRules"))
        })
        .transpose()
}

/// Clean a web-scraped document: remove inserted pinyin readings (``區(qū)`` -> ``區``), make
/// ASCII ``, ; : ( ) ? !`` in Chinese text full-width, full-width digits and letters ASCII,
/// normalise odd spaces and line breaks, remove site boilerplate (``rules``, default:
/// gongwen's own) and, of a text the document holds several times, every copy but the fullest
/// (``copies``; ``Cleaned.copies_removed`` counts them). Every rule can be turned off. Returns a ``Cleaned`` with the text, the map
/// back to ``text`` and what was removed. ``text`` may also be ``bytes``: it is decoded first
/// (encoding detected, or ``encoding``), positions refer to the decoded text and
/// ``Cleaned.encoding`` names the encoding; undecodable bytes raise ``DecodeError``.
///
/// Examples
/// --------
/// >>> clean("區(qū)交通運輸局(GDP)增長５%").text
/// '區交通運輸局（GDP）增長5%'
#[pyfunction]
#[pyo3(signature = (text, *, readings=true, punctuation=true, widths=true, spaces=true, newlines=true, boilerplate=true, copies=true, rules=None, encoding=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn clean(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    readings: bool,
    punctuation: bool,
    widths: bool,
    spaces: bool,
    newlines: bool,
    boilerplate: bool,
    copies: bool,
    rules: Option<&Bound<'_, PyAny>>,
    encoding: Option<&str>,
) -> PyResult<PyCleaned> {
    let opts = options(readings, punctuation, widths, spaces, newlines, boilerplate, copies);
    run_normalize(py, text, None, &opts, rules, encoding)
}

/// ``clean`` then convert script with OpenCC's ``convert`` config (``None``: no conversion);
/// the ``Cleaned`` result has one map from the final text to the input.
///
/// Examples
/// --------
/// >>> normalize("區(qū)交通運輸局").text
/// '区交通运输局'
#[pyfunction]
#[pyo3(signature = (text, convert="t2s", *, readings=true, punctuation=true, widths=true, spaces=true, newlines=true, boilerplate=true, copies=true, rules=None, encoding=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn normalize(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    convert: Option<&str>,
    readings: bool,
    punctuation: bool,
    widths: bool,
    spaces: bool,
    newlines: bool,
    boilerplate: bool,
    copies: bool,
    rules: Option<&Bound<'_, PyAny>>,
    encoding: Option<&str>,
) -> PyResult<PyCleaned> {
    let conv = enter(py, || convert.map(shared).transpose())?;
    let opts = options(readings, punctuation, widths, spaces, newlines, boilerplate, copies);
    run_normalize(py, text, conv.as_deref(), &opts, rules, encoding)
}

/// `clean` (no `conv`) or `normalize`, on a `str` or on bytes decoded first.
fn run_normalize(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    conv: Option<&gongwen_core::convert::Converter>,
    opts: &CleanOptions,
    rules: Option<&Bound<'_, PyAny>>,
    encoding: Option<&str>,
) -> PyResult<PyCleaned> {
    let (s, detected) = input_text(py, text, encoding)?;
    let given = rules_arg(rules)?;
    let rules: &Rules = match &given {
        Some(r) => r.get().get(),
        None => Rules::default_rules(),
    };
    let r = enter(py, || Ok(core_clean::normalize(&s, opts, rules, conv)))?;
    Ok(PyCleaned {
        encoding: detected,
        ..r.into()
    })
}
