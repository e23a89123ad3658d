//! `scan_indicators`, `Indicator` and `IndicatorRules`.

use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::clean::{CleanOptions, Rules};
use gongwen_core::scan::{self as core_scan, Indicator, IndicatorRules};
use gongwen_core::segment::Segmenter;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::shared;
use crate::error::to_py_err;
use crate::segment::PySegmenter;
use crate::utils::{enter, extract_all};

/// One quantity of a report (the contract is gongwen's ``indicators.md``): ``start``/``end``
/// (``str`` indices into the text given, number through unit), ``raw``, ``metric`` (what is
/// measured, Simplified, or ``None``), ``value`` (scale applied; ``None`` for a placeholder),
/// ``value_high`` (upper end of a range), ``unit`` (canonical, scale removed), ``comparator``
/// (``"eq"``, ``"ge"``, ``"le"``, ``"approx"``, ``"range"``), ``stance`` (``"target"`` or
/// ``"actual"``), ``change`` (a change or growth rate), ``placeholder``, ``period`` (the year of
/// the sentence), ``section`` (the heading path, ``" > "``-joined), ``sentence`` (the sentence
/// it is in, from the cleaned, converted text) and ``clean_start``/``clean_end`` (its span in
/// that text: the ``text`` of a document kept with ``keep_text``). Immutable.
#[pyclass(name = "Indicator", module = "gongwen", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyIndicator {
    pub start: usize,
    pub end: usize,
    pub raw: String,
    pub metric: Option<String>,
    pub value: Option<f64>,
    pub value_high: Option<f64>,
    pub unit: String,
    pub comparator: &'static str,
    pub stance: &'static str,
    pub change: bool,
    pub placeholder: bool,
    pub period: Option<String>,
    pub section: Option<String>,
    pub sentence: String,
    pub clean_start: usize,
    pub clean_end: usize,
}

impl From<Indicator> for PyIndicator {
    fn from(i: Indicator) -> Self {
        PyIndicator {
            start: i.start,
            end: i.end,
            raw: i.raw,
            metric: i.metric,
            value: i.value,
            value_high: i.value_high,
            unit: i.unit,
            comparator: i.comparator.as_str(),
            stance: i.stance.as_str(),
            change: i.change,
            placeholder: i.placeholder,
            period: i.period,
            section: i.section.map(|s| s.to_string()),
            sentence: i.sentence.to_string(),
            clean_start: i.clean_start,
            clean_end: i.clean_end,
        }
    }
}

#[pymethods]
impl PyIndicator {
    /// Every field as a ``dict``.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("raw", &self.raw)?;
        d.set_item("metric", &self.metric)?;
        d.set_item("value", self.value)?;
        d.set_item("value_high", self.value_high)?;
        d.set_item("unit", &self.unit)?;
        d.set_item("comparator", self.comparator)?;
        d.set_item("stance", self.stance)?;
        d.set_item("change", self.change)?;
        d.set_item("placeholder", self.placeholder)?;
        d.set_item("period", &self.period)?;
        d.set_item("section", &self.section)?;
        d.set_item("sentence", &self.sentence)?;
        d.set_item("clean_start", self.clean_start)?;
        d.set_item("clean_end", self.clean_end)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let num = |v: Option<f64>| v.map_or("None".to_string(), |v| format!("{v:?}"));
        let s = |v: &Option<String>| v.as_deref().map_or("None".to_string(), py_str);
        let mut r = format!(
            "Indicator(raw={}, metric={}, value={}, ",
            py_str(&self.raw),
            s(&self.metric),
            num(self.value)
        );
        if self.value_high.is_some() {
            r.push_str(&format!("value_high={}, ", num(self.value_high)));
        }
        r.push_str(&format!(
            "unit={}, comparator={}, stance={}, change={}, ",
            py_str(&self.unit),
            py_str(self.comparator),
            py_str(self.stance),
            if self.change { "True" } else { "False" }
        ));
        if self.placeholder {
            r.push_str("placeholder=True, ");
        }
        r.push_str(&format!(
            "period={}, start={}, end={})",
            s(&self.period),
            self.start,
            self.end
        ));
        r
    }
}

/// A `str` as Python's `repr` writes it (for the texts an indicator holds).
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The tables the indicator scanner reads (units, comparator words, stance cues, change verbs,
/// metric trimming words): gongwen's own, optionally extended (or replaced) by a file of
/// ``KIND<TAB>WORD<TAB>VALUE[<TAB>FLAG]`` lines in the format of gongwen's
/// ``data/scan/indicators.tsv`` (its header documents every kind). Words are written in
/// Simplified; Traditional forms are added. The file is UTF-8, with or without a byte-order
/// mark; a bad line, or bytes that are not UTF-8, raise ``DictionaryError`` naming the line.
///
/// Examples
/// --------
/// >>> import pathlib, tempfile
/// >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.tsv"
/// >>> _ = p.write_text("unit\t口井\t口\n", encoding="utf-8")
/// >>> [i.unit for i in scan_indicators("新打3口井。", rules=IndicatorRules(p))]
/// ['口']
#[pyclass(name = "IndicatorRules", module = "gongwen", frozen)]
pub(crate) struct PyIndicatorRules {
    own: Option<Arc<IndicatorRules>>,
}

impl PyIndicatorRules {
    pub(crate) fn get(&self) -> &IndicatorRules {
        match &self.own {
            Some(own) => own,
            None => IndicatorRules::default_rules(),
        }
    }
}

#[pymethods]
impl PyIndicatorRules {
    #[new]
    #[pyo3(signature = (path=None, *, extend_default=true))]
    fn new(py: Python<'_>, path: Option<PathBuf>, extend_default: bool) -> PyResult<Self> {
        let Some(p) = path else {
            return Ok(PyIndicatorRules { own: None });
        };
        let own = enter(py, || {
            if extend_default {
                IndicatorRules::default_rules().extended_from_file(&p)
            } else {
                IndicatorRules::from_file(&p)
            }
        })?;
        Ok(PyIndicatorRules {
            own: Some(Arc::new(own)),
        })
    }

    fn __len__(&self) -> usize {
        self.get().len()
    }

    fn __repr__(&self) -> String {
        format!("IndicatorRules({} entries)", self.get().len())
    }
}

/// The rules a call was given, checked.
pub(crate) fn rules_arg<'py>(rules: Option<&Bound<'py, PyAny>>) -> PyResult<Option<Bound<'py, PyIndicatorRules>>> {
    rules
        .map(|r| {
            r.downcast::<PyIndicatorRules>()
                .cloned()
                .map_err(|_| PyTypeError::new_err("rules must be a gongwen.IndicatorRules"))
        })
        .transpose()
}

/// The segmenter a call was given, checked.
pub(crate) fn segmenter_arg<'py>(seg: Option<&Bound<'py, PyAny>>) -> PyResult<Option<Bound<'py, PySegmenter>>> {
    seg.map(|s| {
        s.downcast::<PySegmenter>()
            .cloned()
            .map_err(|_| PyTypeError::new_err("segmenter must be a gongwen.Segmenter"))
    })
    .transpose()
}

/// Every quantitative indicator of a report, in text order. ``text`` is raw: in either
/// script, with the defects of scraped documents; it is cleaned (``clean=True``) and
/// converted (``convert``, an OpenCC config, ``None`` for none) internally, and ``start``,
/// ``end`` and ``raw`` refer to ``text`` itself. ``rules`` extends the tables
/// (``IndicatorRules``); ``segmenter`` (default: gongwen's) places metric boundaries.
///
/// Examples
/// --------
/// >>> [i] = scan_indicators("力爭全年空氣質量優良天數比率達99.2%以上。")
/// >>> i.raw, i.metric, i.value, i.unit, i.comparator, i.stance
/// ('99.2%', '空气质量优良天数比率', 99.2, '%', 'ge', 'target')
#[pyfunction]
#[pyo3(signature = (text, *, clean=true, convert="t2s", rules=None, segmenter=None))]
pub(crate) fn scan_indicators(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    clean: bool,
    convert: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
    segmenter: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyIndicator>> {
    let s = crate::utils::text(text, "text")?;
    let mut found = scan_all(py, &[s.as_ref()], clean, convert, rules, segmenter, 1)?;
    Ok(found.pop().unwrap_or_default())
}

/// ``scan_indicators`` of many texts, in parallel on ``threads`` threads (default: every
/// core), the GIL released; one list per text, in input order.
#[pyfunction]
#[pyo3(signature = (texts, *, clean=true, convert="t2s", rules=None, segmenter=None, threads=None))]
pub(crate) fn scan_indicators_batch(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    clean: bool,
    convert: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
    segmenter: Option<&Bound<'_, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Vec<Vec<PyIndicator>>> {
    let items = crate::utils::texts(texts)?;
    let strs = extract_all(&items)?;
    let refs: Vec<&str> = strs.iter().map(|s| s.as_ref()).collect();
    let threads = gongwen_core::parallel::resolve_threads(threads).map_err(to_py_err)?;
    scan_all(py, &refs, clean, convert, rules, segmenter, threads)
}

/// The arguments of both calls checked, then every text scanned without the GIL.
fn scan_all(
    py: Python<'_>,
    texts: &[&str],
    clean: bool,
    convert: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
    segmenter: Option<&Bound<'_, PyAny>>,
    threads: usize,
) -> PyResult<Vec<Vec<PyIndicator>>> {
    let conv = enter(py, || convert.map(shared).transpose())?;
    let rules = rules_arg(rules)?;
    let seg = segmenter_arg(segmenter)?;
    let table = rules
        .as_ref()
        .map_or(IndicatorRules::default_rules(), |r| r.get().get());
    let segmenter = seg.as_ref().map_or(Segmenter::global(), |s| &s.get().inner);
    let opts = CleanOptions::default();
    let found = enter(py, || {
        let snap = segmenter.snapshot();
        Ok(gongwen_core::parallel::map_ordered(texts, threads, |s| {
            core_scan::scan_indicators(
                s,
                clean.then_some((&opts, Rules::default_rules())),
                conv.as_deref(),
                table,
                Some(&snap.cutter()),
            )
        }))
    })?;
    Ok(found
        .into_iter()
        .map(|v| v.into_iter().map(PyIndicator::from).collect())
        .collect())
}
