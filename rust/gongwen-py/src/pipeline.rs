//! `Pipeline`, the binding of `gongwen_core::pipeline`; `resolve_options`, which builds it from
//! a run's options; and `run_batch`, the one batch function of `gongwen.process_corpus` and
//! `gongwen.ray` (a batch of units through the pipeline, in parallel, GIL released).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use gongwen_core::dedup;
use gongwen_core::emit::Record;
use gongwen_core::load::{ErrorKind, Source};
use gongwen_core::pipeline::{self, Duplicates, Pipeline, PipelineOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use crate::batch::{PyBatch, PyUnits, Unit};
use crate::document::{BatchData, Lexicons, PyDocument};
use crate::error::to_py_err;
use crate::options::{options_from_kwargs, PyLoadOptions};
use crate::utils::{enter, streamed};

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

    /// The records of a run as a batch of this pipeline (`dropped` duplicates left out).
    pub(crate) fn batch(&self, records: Vec<Record>, dropped: u64) -> PyBatch {
        PyBatch {
            data: Arc::new(BatchData {
                records,
                lexicons: self.lexicon_names.clone(),
                emit: self.inner.options().emit,
                dropped,
            }),
        }
    }

    /// A new index of the run's documents, for ``duplicates``.
    fn new_index(&self) -> dedup::Index {
        dedup::Index::new(self.inner.options().duplicate_threshold)
    }

    /// The `run_*` methods: one document per input, duplicates flagged among the call's
    /// documents (``"drop"`` flags them too: every input gives its document).
    fn documents(&self, py: Python<'_>, units: Vec<Unit>) -> PyResult<Vec<Py<PyDocument>>> {
        let mut records = run_units(py, self, units)?;
        if self.inner.options().duplicates != Duplicates::Off {
            pipeline::flag_duplicates(&mut self.new_index(), &mut records);
        }
        let batch = self.batch(records, 0);
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
        d.set_item("duplicates", o.duplicates.name())?;
        d.set_item("duplicate_threshold", o.duplicate_threshold)?;
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
                meta: Vec::new(),
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
                    meta: Vec::new(),
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
        Ok(PyDocument::failed(id, source, kind, message))
    }
}

/// The duplicate index of a run (``gongwen_core::dedup``): the originals seen so far by the
/// batches given to ``run_batch`` with it, in order. One per run; without one, ``run_batch``
/// looks for duplicates within its batch only.
#[pyclass(name = "DuplicateIndex", module = "gongwen._core", frozen)]
pub(crate) struct PyDuplicateIndex {
    index: Mutex<dedup::Index>,
}

#[pymethods]
impl PyDuplicateIndex {
    /// An empty index with ``pipeline``'s ``duplicate_threshold``.
    #[new]
    fn new(pipeline: &PyPipeline) -> Self {
        PyDuplicateIndex {
            index: Mutex::new(pipeline.new_index()),
        }
    }

    /// The number of originals seen.
    fn __len__(&self) -> usize {
        self.index.lock().map_or(0, |i| i.len())
    }
}

/// Run a batch of units through the pipeline, in parallel with the GIL released, to a
/// ``Batch`` (one record each, in order). Texts from Python are read as the workers go. Then
/// the duplicates (the pipeline's ``duplicates``): against ``index`` (the run's, across its
/// batches), or within the batch without one; with ``"drop"`` they leave the batch, counted
/// in its ``stats()["dropped"]``. The batches of a run go through in input order, so the
/// flags do not depend on the threads.
#[pyfunction]
#[pyo3(signature = (pipeline, units, index=None))]
pub(crate) fn run_batch(
    py: Python<'_>,
    pipeline: &PyPipeline,
    units: &mut PyUnits,
    index: Option<&PyDuplicateIndex>,
) -> PyResult<PyBatch> {
    let units = std::mem::take(&mut units.units);
    let records = run_units(py, pipeline, units)?;
    let mode = pipeline.inner.options().duplicates;
    let (records, dropped) = enter(py, || {
        Ok(match index {
            Some(i) => {
                let mut guard = i.index.lock().unwrap_or_else(|e| e.into_inner());
                pipeline::apply_duplicates(&mut guard, records, mode)
            }
            None => pipeline::apply_duplicates(&mut pipeline.new_index(), records, mode),
        })
    })?;
    Ok(pipeline.batch(records, dropped))
}

pub(crate) fn run_units(py: Python<'_>, pipeline: &PyPipeline, units: Vec<Unit>) -> PyResult<Vec<Record>> {
    let pipe = pipeline.inner();
    let threads = pipeline.threads;
    let n = units.len();
    let (mut core_at, mut core): (Vec<usize>, Vec<Source>) = (Vec::new(), Vec::new());
    let mut texts: Vec<(usize, String, Option<String>, gongwen_core::load::Meta)> = Vec::new();
    let mut objects: Vec<Bound<'_, PyAny>> = Vec::new();
    for (i, u) in units.into_iter().enumerate() {
        match u {
            Unit::Core(s) => {
                core_at.push(i);
                core.push(s);
            }
            Unit::PyText {
                id, text, source, meta, ..
            } => {
                texts.push((i, id, source, meta));
                objects.push(text.into_bound(py));
            }
        }
    }
    let mut out: Vec<Option<Record>> = (0..n).map(|_| None).collect();
    if !core.is_empty() {
        let p = pipe.clone();
        let records = enter(py, || Ok(p.process_batch(&core, threads)))?;
        for (i, r) in core_at.into_iter().zip(records) {
            out[i] = Some(r);
        }
    }
    if !texts.is_empty() {
        let records = streamed(
            py,
            &objects,
            threads,
            // A text with a lone surrogate has no UTF-8 form: its row is an error, the others run.
            |k, t| match crate::utils::text(t, "the text") {
                Ok(s) => Ok((k, Ok(s))),
                Err(e) if e.is_instance_of::<PyValueError>(py) => Ok((k, Err(e.value(py).to_string()))),
                Err(e) => Err(e),
            },
            |(k, s)| {
                let (size, r) = match &s {
                    Ok(s) => (s.len() as u64, pipe.process_str(s)),
                    Err(message) => (
                        0,
                        Err(gongwen_core::pipeline::DocError {
                            kind: gongwen_core::load::ErrorKind::Decode,
                            message: message.clone(),
                        }),
                    ),
                };
                (k, size, r)
            },
            |(k, size, r)| Ok((k, size, r)),
        )?;
        for (k, size, r) in records {
            let (i, id, source, meta) = &mut texts[k];
            let mut record = pipe.record(std::mem::take(id), source.take(), size, r);
            record.meta = std::mem::take(meta);
            out[*i] = Some(record);
        }
    }
    Ok(out.into_iter().map(|r| r.expect("one record per unit")).collect())
}

/// Every option of a corpus run (``gongwen.options.CorpusOptions``) checked and built at once:
/// ``(Pipeline, LoadOptions)``. ``options`` maps option names to values; a missing name or
/// ``None`` takes the default. Raises ``TypeError`` for a name that is no option or a value of
/// the wrong type, ``ValueError`` for a bad value, ``FileNotFoundError`` for a missing user
/// dictionary or lexicon file, ``DictionaryError`` for a bad line in one; all before any work.
#[pyfunction]
pub(crate) fn resolve_options(py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<(PyPipeline, PyLoadOptions)> {
    let o = options_from_kwargs(py, Some(options), true)?;
    let pipeline = PyPipeline::from_options(py, o.pipeline, o.threads)?;
    Ok((pipeline, PyLoadOptions { inner: o.load }))
}
