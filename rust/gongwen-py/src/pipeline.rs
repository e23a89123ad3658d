//! `Pipeline` and `Document`: the binding of `gongwen_core::pipeline`, which
//! `gongwen.process_corpus` drives through `gongwen._core.run_batch`.

use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::emit::Record;
use gongwen_core::load::{ErrorKind, Source};
use gongwen_core::pipeline::{DocOutput, Emit, Pipeline, PipelineOptions};
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::batch::{run_units, BatchData, Lexicons, PyBatch, Unit};
use crate::error::to_py_err;
use crate::lexicon::PyLexiconCount;
use crate::options::options_from_kwargs;
use crate::scan::PyIndicator;
use crate::utils::enter;

/// One input document's result. Every input gives exactly one, errors included: ``ok`` is
/// false and ``error``/``error_kind`` (``"io"``, ``"decode"``, ``"input"``) say why. Positions
/// (``spans``, indicators, sections) are ``str`` indices into the original text.
///
/// A view of one record of a batch (the results stay Rust values, which the tables read): the
/// Python objects of ``tokens``, ``spans``, ``indicators``, ``sections`` and ``lexicons`` are
/// built when first read, and are then the same objects on every read.
#[pyclass(name = "Document", module = "gongwen", frozen)]
pub(crate) struct PyDocument {
    data: Arc<BatchData>,
    index: usize,
    tokens: GILOnceCell<Option<Py<PyList>>>,
    spans: GILOnceCell<Option<Py<PyList>>>,
    indicator_list: GILOnceCell<Py<PyList>>,
    section_list: GILOnceCell<Py<PyList>>,
    lexicon_dict: GILOnceCell<Py<PyDict>>,
}

impl PyDocument {
    pub(crate) fn new(data: Arc<BatchData>, index: usize) -> Self {
        PyDocument {
            data,
            index,
            tokens: GILOnceCell::new(),
            spans: GILOnceCell::new(),
            indicator_list: GILOnceCell::new(),
            section_list: GILOnceCell::new(),
            lexicon_dict: GILOnceCell::new(),
        }
    }

    pub(crate) fn record(&self) -> &Record {
        &self.data.records[self.index]
    }

    fn out(&self) -> Option<&DocOutput> {
        self.record().result.as_ref().ok()
    }

    fn failed(id: String, source: Option<String>, kind: &'static str, message: String) -> Self {
        let data = BatchData {
            records: vec![Record::failed(id, source, kind, message)],
            lexicons: Arc::from(Vec::new()),
            emit: Emit::Counts,
        };
        PyDocument::new(Arc::new(data), 0)
    }
}

#[pymethods]
impl PyDocument {
    #[getter]
    fn id(&self) -> &str {
        &self.record().id
    }

    #[getter]
    fn source(&self) -> Option<&str> {
        self.record().source.as_deref()
    }

    #[getter]
    fn encoding(&self) -> Option<&'static str> {
        self.out().and_then(|o| o.encoding)
    }

    #[getter]
    fn error(&self) -> Option<&str> {
        self.record().result.as_ref().err().map(|e| e.message.as_str())
    }

    #[getter]
    fn error_kind(&self) -> Option<&'static str> {
        self.record().result.as_ref().err().map(|e| e.kind)
    }

    #[getter]
    fn chars(&self) -> usize {
        self.out().map_or(0, |o| o.chars)
    }

    #[getter]
    fn text(&self) -> Option<&str> {
        self.out().and_then(|o| o.text.as_deref())
    }

    #[getter]
    fn token_count(&self) -> usize {
        self.out().map_or(0, |o| o.token_count)
    }

    /// The tokens of the original text (with ``emit="tokens"``).
    #[getter]
    fn tokens(&self, py: Python<'_>) -> PyResult<Option<Py<PyList>>> {
        let list = self.tokens.get_or_try_init(py, || {
            let tokens = if self.data.emit == Emit::Tokens {
                self.record().tokens()
            } else {
                None
            };
            tokens.map(|t| PyList::new(py, t).map(Bound::unbind)).transpose()
        })?;
        Ok(list.as_ref().map(|l| l.clone_ref(py)))
    }

    /// ``(start, end)`` spans of the tokens (with ``emit="tokens"`` or ``"offsets"``).
    #[getter]
    fn spans(&self, py: Python<'_>) -> PyResult<Option<Py<PyList>>> {
        let list = self
            .spans
            .get_or_try_init(py, || match self.out().filter(|_| self.data.emit != Emit::Counts) {
                Some(o) => Ok::<_, PyErr>(Some(PyList::new(py, o.spans.iter().map(|&(s, e)| (s, e)))?.unbind())),
                None => Ok(None),
            })?;
        Ok(list.as_ref().map(|l| l.clone_ref(py)))
    }

    /// ``{name: LexiconCount}`` per lexicon.
    #[getter]
    fn lexicons(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        let d = self.lexicon_dict.get_or_try_init(py, || {
            let d = PyDict::new(py);
            if let Some(o) = self.out() {
                for ((name, terms), c) in self.data.lexicons.iter().zip(&o.lexicons) {
                    d.set_item(
                        &**name,
                        Py::new(py, PyLexiconCount::new(name.clone(), terms.clone(), c.clone()))?,
                    )?;
                }
            }
            Ok::<_, PyErr>(d.unbind())
        })?;
        Ok(d.clone_ref(py))
    }

    /// Whether the document was processed (``error`` is ``None``).
    #[getter]
    fn ok(&self) -> bool {
        self.record().result.is_ok()
    }

    /// The quantitative indicators found, in text order (the same list on every read).
    #[getter]
    fn indicators(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let list = self.indicator_list.get_or_try_init(py, || {
            let rows = self.out().map_or(&[][..], |o| o.indicators.as_slice());
            let objects = rows
                .iter()
                .map(|i| Py::new(py, PyIndicator::from(i.clone())))
                .collect::<PyResult<Vec<_>>>()?;
            Ok::<_, PyErr>(PyList::new(py, objects)?.unbind())
        })?;
        Ok(list.clone_ref(py))
    }

    /// The headed paragraphs: ``{"start", "end", "path", "stance"}`` dicts in text order, with
    /// the heading path ``" > "``-joined and the section's stance (``"target"``, ``"actual"``,
    /// ``"unknown"``) (the same list on every read).
    #[getter]
    fn sections(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let list = self.section_list.get_or_try_init(py, || {
            let (start, end, path, stance) = (
                intern!(py, "start"),
                intern!(py, "end"),
                intern!(py, "path"),
                intern!(py, "stance"),
            );
            let list = PyList::empty(py);
            for s in self.out().map_or(&[][..], |o| o.sections.as_slice()) {
                let d = PyDict::new(py);
                d.set_item(start, s.start)?;
                d.set_item(end, s.end)?;
                d.set_item(path, &s.path)?;
                d.set_item(stance, s.stance)?;
                list.append(d)?;
            }
            Ok::<_, PyErr>(list.unbind())
        })?;
        Ok(list.clone_ref(py))
    }

    /// ``len(indicators)``, without building them.
    #[getter]
    fn n_indicators(&self) -> usize {
        self.out().map_or(0, |o| o.indicators.len())
    }

    /// Every field as plain Python data (indicators and lexicon counts as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id())?;
        d.set_item("source", self.source())?;
        d.set_item("encoding", self.encoding())?;
        d.set_item("ok", self.ok())?;
        d.set_item("error", self.error())?;
        d.set_item("error_kind", self.error_kind())?;
        d.set_item("chars", self.chars())?;
        d.set_item("text", self.text())?;
        d.set_item("tokens", self.tokens(py)?)?;
        d.set_item("spans", self.spans(py)?)?;
        d.set_item("token_count", self.token_count())?;
        let inds = PyList::empty(py);
        for i in self.out().map_or(&[][..], |o| o.indicators.as_slice()) {
            inds.append(PyIndicator::from(i.clone()).to_dict(py)?)?;
        }
        d.set_item("indicators", inds)?;
        let lex = PyDict::new(py);
        for (k, v) in self.lexicons(py)?.bind(py).iter() {
            lex.set_item(k, v.call_method0("to_dict")?)?;
        }
        d.set_item("lexicons", lex)?;
        d.set_item("sections", self.sections(py)?)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        match self.error() {
            Some(e) => format!(
                "Document(id={:?}, error_kind={:?}, error={:?})",
                self.id(),
                self.error_kind().unwrap_or(""),
                e
            ),
            None => format!(
                "Document(id={:?}, chars={}, token_count={}, indicators={})",
                self.id(),
                self.chars(),
                self.token_count(),
                self.n_indicators()
            ),
        }
    }
}

/// The whole job, built once: clean -> convert -> segment -> scan, with the options of
/// ``gongwen.process_corpus``. Argument errors (an unknown conversion config, a missing user
/// dictionary, a bad lexicon) raise here, before any document is read. The ``run_*`` methods
/// process a batch in parallel on ``threads`` threads with the GIL released and return one
/// ``Document`` per input, in input order; a document that cannot be read or decoded gives an
/// error ``Document``, never an exception.
#[pyclass(name = "Pipeline", module = "gongwen", frozen)]
pub(crate) struct PyPipeline {
    inner: Arc<Pipeline>,
    lexicon_names: Lexicons,
    #[pyo3(get)]
    pub(crate) threads: usize,
}

impl PyPipeline {
    /// The pipeline of checked options (see `options::options_from_kwargs`), built with the GIL
    /// released.
    pub(crate) fn from_options(py: Python<'_>, opts: PipelineOptions, threads: Option<usize>) -> PyResult<Self> {
        let threads = gongwen_core::parallel::resolve_threads(threads).map_err(to_py_err)?;
        let inner = enter(py, || Pipeline::new(opts))?;
        let lexicon_names = inner
            .lexicons()
            .iter()
            .map(|l| (Arc::<str>::from(l.name()), Arc::<[String]>::from(l.terms().to_vec())))
            .collect();
        Ok(PyPipeline {
            inner: Arc::new(inner),
            lexicon_names,
            threads,
        })
    }

    pub(crate) fn inner(&self) -> Arc<Pipeline> {
        self.inner.clone()
    }

    /// The records of a run as a batch of this pipeline.
    pub(crate) fn batch(&self, records: Vec<Record>) -> PyBatch {
        PyBatch {
            data: Arc::new(BatchData {
                records,
                lexicons: self.lexicon_names.clone(),
                emit: self.inner.options().emit,
            }),
        }
    }

    fn documents(&self, py: Python<'_>, units: Vec<Unit>) -> PyResult<Vec<Py<PyDocument>>> {
        let records = run_units(py, self, units)?;
        let batch = self.batch(records);
        (0..batch.data.records.len())
            .map(|i| Py::new(py, PyDocument::new(batch.data.clone(), i)))
            .collect()
    }
}

fn sources_arg(sources: Option<Vec<Option<String>>>, n: usize) -> PyResult<Vec<Option<String>>> {
    match sources {
        Some(s) if s.len() != n => Err(PyValueError::new_err(format!(
            "sources has {} items for {n} documents",
            s.len()
        ))),
        Some(s) => Ok(s),
        None => Ok(vec![None; n]),
    }
}

#[pymethods]
impl PyPipeline {
    /// Build the pipeline from the pipeline options of ``gongwen.options.CorpusOptions`` (all
    /// but the load options), converted and checked by ``options::options_from_kwargs``.
    #[new]
    #[pyo3(signature = (**options))]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let o = options_from_kwargs(py, options.map(|d| d.as_any()), false)?;
        Self::from_options(py, o.pipeline, o.threads)
    }

    /// The ``emit`` option it was built with.
    #[getter]
    fn emit(&self) -> &'static str {
        self.inner.options().emit.name()
    }

    /// The ``keep_text`` option it was built with.
    #[getter]
    fn keep_text(&self) -> bool {
        self.inner.options().keep_text
    }

    /// The names of its lexicons, in order.
    #[getter]
    fn lexicon_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.lexicon_names.iter().map(|(n, _)| &**n))
    }

    /// The options that build this pipeline again (``threads`` aside), lexicons as lists of
    /// terms: ``Pipeline(**p.options(), threads=n)`` in another process needs no lexicon file.
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let o = self.inner.options();
        let d = PyDict::new(py);
        d.set_item("clean", o.clean.is_some())?;
        d.set_item("convert", o.convert.as_deref())?;
        d.set_item("mode", o.mode.name())?;
        d.set_item("hmm", o.mode.hmm())?;
        d.set_item("userdict", o.userdict.as_deref())?;
        d.set_item("indicators", o.indicators.is_some())?;
        if self.lexicon_names.is_empty() {
            d.set_item("lexicons", py.None())?;
        } else {
            let lex = PyDict::new(py);
            for (name, terms) in self.lexicon_names.iter() {
                lex.set_item(&**name, terms.to_vec())?;
            }
            d.set_item("lexicons", lex)?;
        }
        d.set_item("lexicon_mode", o.lexicon_mode.name())?;
        d.set_item("emit", o.emit.name())?;
        d.set_item("keep_text", o.keep_text)?;
        d.set_item("encoding", o.encoding.as_deref())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let o = self.inner.options();
        format!(
            "Pipeline(clean={}, convert={:?}, emit={:?}, indicators={}, lexicons={}, threads={})",
            if o.clean.is_some() { "True" } else { "False" },
            o.convert,
            o.emit,
            if o.indicators.is_some() { "True" } else { "False" },
            self.lexicon_names.len(),
            self.threads
        )
    }

    /// Process texts (``str``); ``ids`` and optional ``sources`` align with them. A text that
    /// is empty or only whitespace (``"input"``, as empty bytes and files) or has a lone
    /// surrogate (``"decode"``) gives an error ``Document``.
    #[pyo3(signature = (ids, texts, sources=None))]
    fn run_texts(
        &self,
        py: Python<'_>,
        ids: Vec<String>,
        texts: Vec<Bound<'_, PyAny>>,
        sources: Option<Vec<Option<String>>>,
    ) -> PyResult<Vec<Py<PyDocument>>> {
        if ids.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                texts.len()
            )));
        }
        let sources = sources_arg(sources, texts.len())?;
        // Anything but a `str` is an argument error, raised before any work starts.
        for (i, t) in texts.iter().enumerate() {
            crate::utils::check_str(t, &format!("texts[{i}]"))?;
        }
        let units = ids
            .into_iter()
            .zip(texts)
            .zip(sources)
            .map(|((id, text), source)| Unit::PyText {
                id,
                text: text.unbind(),
                source,
                size: 0,
            })
            .collect();
        self.documents(py, units)
    }

    /// Process documents given as ``bytes``: decoded in Rust (encoding detected, or the
    /// pipeline's ``encoding``); undecodable bytes give an error ``Document``.
    #[pyo3(signature = (ids, blobs, sources=None))]
    fn run_bytes(
        &self,
        py: Python<'_>,
        ids: Vec<String>,
        blobs: Vec<Bound<'_, PyBytes>>,
        sources: Option<Vec<Option<String>>>,
    ) -> PyResult<Vec<Py<PyDocument>>> {
        if ids.len() != blobs.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} blobs",
                ids.len(),
                blobs.len()
            )));
        }
        let sources = sources_arg(sources, blobs.len())?;
        let units = ids
            .into_iter()
            .zip(blobs)
            .zip(sources)
            .map(|((id, b), source)| {
                Unit::Core(Source::Bytes {
                    id,
                    bytes: b.as_bytes().to_vec(),
                    source,
                })
            })
            .collect();
        self.documents(py, units)
    }

    /// Read, decode and process files, in Rust and in parallel. ``ids`` default to the paths;
    /// a file that cannot be read or decoded gives an error ``Document``.
    #[pyo3(signature = (paths, ids=None))]
    fn run_files(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        ids: Option<Vec<String>>,
    ) -> PyResult<Vec<Py<PyDocument>>> {
        let ids = match ids {
            Some(ids) if ids.len() != paths.len() => {
                return Err(PyValueError::new_err(format!(
                    "{} ids for {} paths",
                    ids.len(),
                    paths.len()
                )))
            }
            Some(ids) => ids,
            None => paths.iter().map(|p| p.display().to_string()).collect(),
        };
        let units = ids
            .into_iter()
            .zip(paths)
            .map(|(id, path)| {
                let size = path.metadata().map_or(0, |m| m.len());
                Unit::Core(Source::File { id, path, size })
            })
            .collect();
        self.documents(py, units)
    }

    /// An error ``Document`` made by the caller (a bad JSONL line, a missing text column).
    #[staticmethod]
    fn failed(id: String, source: Option<String>, kind: &str, message: String) -> PyResult<PyDocument> {
        let kind: ErrorKind = kind.parse().map_err(PyValueError::new_err)?;
        Ok(PyDocument::failed(id, source, kind.as_str(), message))
    }
}
