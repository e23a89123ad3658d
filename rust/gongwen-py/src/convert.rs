//! `Converter` and `OffsetMap`: OpenCC-identical script conversion.

use std::sync::{Arc, OnceLock};

use gongwen_core::convert::{Converter, CONFIGS};
use gongwen_core::offsets::OffsetMap;
use gongwen_core::parallel::resolve_threads;
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::error::to_py_err;
use crate::utils::{chars, enter, str_from_chars, streamed};

/// The converter for `config`, built once per process and shared (run it inside [`enter`]: the
/// first use of a config reads its dictionaries). An unknown name is the core's error.
pub(crate) fn shared(config: &str) -> gongwen_core::Result<Arc<Converter>> {
    static CACHE: OnceLock<[OnceLock<Arc<Converter>>; 16]> = OnceLock::new();
    let slots = CACHE.get_or_init(Default::default);
    let name = config.trim_end_matches(".json");
    let Some(i) = CONFIGS.iter().position(|c| *c == name) else {
        return Converter::new(config).map(Arc::new);
    };
    if let Some(c) = slots[i].get() {
        return Ok(c.clone());
    }
    // Two threads may build it at once; one of them is kept.
    let built = Arc::new(Converter::new(CONFIGS[i])?);
    Ok(slots[i].get_or_init(|| built).clone())
}

/// Converts between Chinese scripts exactly as OpenCC 1.4.2 does.
///
/// ``config`` is one of OpenCC's configurations: ``t2s``, ``s2t``, ``tw2s``, ``tw2sp``,
/// ``hk2s``, ``hk2sp``, ``s2tw``, ``s2twp``, ``s2hk``, ``s2hkp``, ``t2tw``, ``t2hk``, ``tw2t``,
/// ``hk2t``, ``t2jp``, ``jp2t``. An unknown name raises ``ValueError`` listing them.
///
/// Examples
/// --------
/// >>> Converter("t2s").convert("區交通運輸局")
/// '区交通运输局'
#[pyclass(name = "Converter", module = "gongwen", frozen)]
pub(crate) struct PyConverter {
    inner: Arc<Converter>,
}

#[pymethods]
impl PyConverter {
    #[new]
    #[pyo3(signature = (config="t2s"))]
    fn new(py: Python<'_>, config: &str) -> PyResult<Self> {
        Ok(PyConverter {
            inner: enter(py, || shared(config))?,
        })
    }

    /// The configuration name.
    #[getter]
    fn config(&self) -> &'static str {
        self.inner.config()
    }

    fn __repr__(&self) -> String {
        format!("Converter('{}')", self.inner.config())
    }

    /// Convert ``text``; identical to ``opencc.OpenCC(config).convert(text)``.
    fn convert<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
        convert_one(py, &self.inner, text)
    }

    /// Convert ``text`` and return ``(converted, offset_map)``, where the map sends every
    /// position of the converted text back to the span of ``text`` it came from
    /// (``tw2sp``: ``記憶體`` becomes ``内存``, and both characters map to the span of ``記憶體``).
    fn convert_with_map(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<(String, PyOffsetMap)> {
        let s = crate::utils::text(text, "text")?;
        let conv = &self.inner;
        let (out, map) = enter(py, || Ok(conv.convert_with_map(&s)))?;
        Ok((out, PyOffsetMap { inner: Arc::new(map) }))
    }

    /// ``[convert(t) for t in texts]`` on ``threads`` threads (default: all cores, or
    /// ``GONGWEN_NUM_THREADS``), with the GIL released; results in input order.
    #[pyo3(signature = (texts, threads=None))]
    fn convert_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let items = crate::utils::texts(texts)?;
        let n = resolve_threads(threads).map_err(to_py_err)?;
        let conv = &self.inner;
        let out = streamed(
            py,
            &items,
            n,
            |i, t| chars(t, &format!("texts[{i}]")),
            |d: Vec<char>| conv.convert_chars(&d),
            |s| Ok(str_from_chars(py, &s)?.into_any()),
        )?;
        PyList::new(py, out)
    }
}

/// The list of configuration names ``Converter`` accepts.
#[pyfunction]
pub(crate) fn conversion_configs() -> Vec<&'static str> {
    CONFIGS.to_vec()
}

/// Maps every position of a derived text (converted, cleaned) back to the span of the text it
/// came from, in ``str`` indices.
///
/// ``source_span(i)`` is the ``(start, end)`` span of the source that output character ``i``
/// comes from; ``source_range(start, end)`` the span covering output ``text[start:end]``;
/// ``map_spans(spans)`` maps the tokens of a segmentation of the output (ordered, disjoint
/// spans) to ordered, disjoint spans of the source; ``then(later)`` composes ``self``
/// (mid -> source) with ``later`` (output -> mid).
///
/// A conversion group of equal lengths maps character by character (``藉口`` -> ``借口``); one
/// of unequal lengths maps every output character to the whole group (``記憶體`` -> ``内存``).
/// ``pieces()`` tile both texts: each starts where the previous one ended, in the output and in
/// the source, and deleted source characters are pieces with no output.
#[pyclass(name = "OffsetMap", module = "gongwen", frozen)]
pub(crate) struct PyOffsetMap {
    pub(crate) inner: Arc<OffsetMap>,
}

impl PyOffsetMap {
    fn check(&self, i: usize, what: &str) -> PyResult<()> {
        if i >= self.inner.output_len() {
            return Err(PyIndexError::new_err(format!(
                "{what} {i} outside the output ({} characters)",
                self.inner.output_len()
            )));
        }
        Ok(())
    }
}

#[pymethods]
impl PyOffsetMap {
    /// Length of the output text, in characters.
    #[getter]
    fn output_len(&self) -> usize {
        self.inner.output_len()
    }

    /// Length of the source text, in characters.
    #[getter]
    fn source_len(&self) -> usize {
        self.inner.source_len()
    }

    fn __len__(&self) -> usize {
        self.inner.output_len()
    }

    fn __repr__(&self) -> String {
        format!(
            "OffsetMap(output_len={}, source_len={}, pieces={})",
            self.inner.output_len(),
            self.inner.source_len(),
            self.inner.pieces().len()
        )
    }

    /// The ``(start, end)`` source span output character ``i`` comes from.
    fn source_span(&self, i: usize) -> PyResult<(usize, usize)> {
        self.check(i, "position")?;
        Ok(self.inner.source_span(i))
    }

    /// The source span covering output characters ``[start, end)``.
    fn source_range(&self, start: usize, end: usize) -> PyResult<(usize, usize)> {
        if start > end || end > self.inner.output_len() {
            return Err(PyIndexError::new_err(format!(
                "range {start}..{end} outside the output ({} characters)",
                self.inner.output_len()
            )));
        }
        Ok(self.inner.source_range(start, end))
    }

    /// ``[source_span(i) for i in range(output_len)]``.
    fn spans(&self) -> Vec<(usize, usize)> {
        (0..self.inner.output_len())
            .map(|i| self.inner.source_span(i))
            .collect()
    }

    /// The source spans of ordered, disjoint output spans ``[(start, end), ...]`` (the tokens of
    /// a segmentation of the output, its sentences), ordered and disjoint in the source: spans
    /// that share a group of unequal lengths (a token boundary inside ``記憶體`` -> ``内存``)
    /// merge into one span over the group, so the list may be shorter than ``spans``.
    /// ``ValueError`` if a span is out of order or overlaps the previous one, ``IndexError`` if
    /// it ends past the output.
    fn map_spans(&self, spans: Vec<(usize, usize)>) -> PyResult<Vec<(usize, usize)>> {
        let mut prev = 0;
        for &(s, e) in &spans {
            if s < prev || e < s {
                return Err(PyValueError::new_err(format!(
                    "span ({s}, {e}) out of order: spans must be ordered and disjoint (previous end {prev})"
                )));
            }
            if e > self.inner.output_len() {
                return Err(PyIndexError::new_err(format!(
                    "span ({s}, {e}) outside the output ({} characters)",
                    self.inner.output_len()
                )));
            }
            prev = e;
        }
        Ok(self.inner.map_spans(spans))
    }

    /// The runs of the map, ``(out_start, out_len, src_start, src_len, is_copy)``, in order: they
    /// tile the output and the source (each starts where the previous one ended in both; a
    /// deletion has ``out_len == 0``). A copy maps character ``i`` of the run to source character
    /// ``src_start + i``; any other run maps each of its output characters to its whole source.
    fn pieces(&self) -> Vec<(usize, usize, usize, usize, bool)> {
        self.inner
            .pieces()
            .map(|p| (p.out_start, p.out_len, p.src_start, p.src_len, p.copy))
            .collect()
    }

    /// The map ``output -> source`` from ``self`` (mid -> source) and ``later`` (output -> mid).
    fn then(&self, later: &PyOffsetMap) -> PyResult<PyOffsetMap> {
        if later.inner.source_len() != self.inner.output_len() {
            return Err(PyValueError::new_err(format!(
                "cannot chain: this map's output has {} characters, the later map's source {}",
                self.inner.output_len(),
                later.inner.source_len()
            )));
        }
        Ok(PyOffsetMap {
            inner: Arc::new(self.inner.then(&later.inner)),
        })
    }
}

/// Convert ``text`` with the shared converter of ``config``.
#[pyfunction]
#[pyo3(signature = (text, config="t2s"))]
pub(crate) fn convert<'py>(py: Python<'py>, text: &Bound<'py, PyAny>, config: &str) -> PyResult<Bound<'py, PyString>> {
    let conv = enter(py, || shared(config))?;
    convert_one(py, &conv, text)
}

fn convert_one<'py>(py: Python<'py>, conv: &Converter, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let s = chars(text, "text")?;
    let out = enter(py, || Ok(conv.convert_chars(&s)))?;
    str_from_chars(py, &out)
}
