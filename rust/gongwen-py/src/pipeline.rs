//! `Pipeline`, `Document`, `document_columns` and `indicator_columns`: the binding of
//! `gongwen_core::pipeline`, which `gongwen.process_corpus` drives.

use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::pipeline::{check_not_empty, DocError, DocOutput, Emit, Pipeline, PipelineOptions, Section};
use gongwen_core::scan::CharCursor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::error::to_py_err;
use crate::lexicon::PyLexiconCount;
use crate::options::options_from_kwargs;
use crate::scan::{PyIndicator, FIELDS};
use crate::utils::{enter, streamed};

/// One input document's result. Every input gives exactly one, errors included: ``ok`` is
/// false and ``error``/``error_kind`` (``"io"``, ``"decode"``, ``"input"``) say why. Positions
/// (``spans``, indicators, sections) are ``str`` indices into the original text.
#[pyclass(name = "Document", module = "gongwen", frozen)]
pub(crate) struct PyDocument {
    #[pyo3(get)]
    id: String,
    #[pyo3(get)]
    source: Option<String>,
    #[pyo3(get)]
    encoding: Option<&'static str>,
    #[pyo3(get)]
    error: Option<String>,
    #[pyo3(get)]
    error_kind: Option<String>,
    #[pyo3(get)]
    chars: usize,
    #[pyo3(get)]
    text: Option<String>,
    #[pyo3(get)]
    tokens: Option<Py<PyList>>,
    #[pyo3(get)]
    spans: Option<Py<PyList>>,
    #[pyo3(get)]
    token_count: usize,
    /// The indicators as Rust values: the tables are built from them directly, and the
    /// Python objects of ``indicators`` only when it is first read (a corpus has tens of
    /// thousands, and building them was the largest serial part of a multi-threaded run).
    indicator_rows: Vec<PyIndicator>,
    indicator_list: GILOnceCell<Py<PyList>>,
    #[pyo3(get)]
    lexicons: Py<PyDict>,
    /// The sections as Rust values, their dicts built when ``sections`` is first read: a
    /// report has hundreds of headed paragraphs, and building them was, after the indicators,
    /// the largest serial part of a multi-threaded run.
    section_rows: Vec<Section>,
    section_list: GILOnceCell<Py<PyList>>,
}

#[pymethods]
impl PyDocument {
    /// Whether the document was processed (``error`` is ``None``).
    #[getter]
    fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// The quantitative indicators found, in text order (the same list on every read).
    #[getter]
    fn indicators(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let list = self.indicator_list.get_or_try_init(py, || {
            let objects = self
                .indicator_rows
                .iter()
                .map(|i| Py::new(py, i.clone()))
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
            for s in &self.section_rows {
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
        self.indicator_rows.len()
    }

    /// Every field as plain Python data (indicators and lexicon counts as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", &self.id)?;
        d.set_item("source", &self.source)?;
        d.set_item("encoding", self.encoding)?;
        d.set_item("ok", self.error.is_none())?;
        d.set_item("error", &self.error)?;
        d.set_item("error_kind", &self.error_kind)?;
        d.set_item("chars", self.chars)?;
        d.set_item("text", &self.text)?;
        d.set_item("tokens", self.tokens.as_ref().map(|t| t.bind(py)))?;
        d.set_item("spans", self.spans.as_ref().map(|t| t.bind(py)))?;
        d.set_item("token_count", self.token_count)?;
        let inds = PyList::empty(py);
        for i in &self.indicator_rows {
            inds.append(i.to_dict(py)?)?;
        }
        d.set_item("indicators", inds)?;
        let lex = PyDict::new(py);
        for (k, v) in self.lexicons.bind(py).iter() {
            lex.set_item(k, v.call_method0("to_dict")?)?;
        }
        d.set_item("lexicons", lex)?;
        d.set_item("sections", self.sections(py)?)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        match &self.error {
            Some(e) => format!(
                "Document(id={:?}, error_kind={:?}, error={:?})",
                self.id, self.error_kind, e
            ),
            None => format!(
                "Document(id={:?}, chars={}, token_count={}, indicators={})",
                self.id,
                self.chars,
                self.token_count,
                self.indicator_rows.len()
            ),
        }
    }
}

impl PyDocument {
    fn failed(py: Python<'_>, id: String, source: Option<String>, kind: &str, message: String) -> Self {
        PyDocument {
            id,
            source,
            encoding: None,
            error: Some(message),
            error_kind: Some(kind.to_string()),
            chars: 0,
            text: None,
            tokens: None,
            spans: None,
            token_count: 0,
            indicator_rows: Vec::new(),
            indicator_list: GILOnceCell::new(),
            lexicons: PyDict::new(py).unbind(),
            section_rows: Vec::new(),
            section_list: GILOnceCell::new(),
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
    lexicon_names: Vec<(Arc<str>, Arc<[String]>)>,
    #[pyo3(get)]
    threads: usize,
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

    fn build(
        &self,
        py: Python<'_>,
        id: String,
        source: Option<String>,
        original: Option<&str>,
        r: std::result::Result<DocOutput, DocError>,
    ) -> PyResult<PyDocument> {
        let out = match r {
            Ok(out) => out,
            Err(e) => return Ok(PyDocument::failed(py, id, source, e.kind, e.message)),
        };
        let emit = self.inner.options().emit;
        let original: Option<&str> = out.original.as_deref().or(original);
        let spans = if emit == Emit::Counts {
            None
        } else {
            let l = PyList::empty(py);
            for &(s, e) in &out.spans {
                l.append(PyTuple::new(py, [s, e])?)?;
            }
            Some(l.unbind())
        };
        let tokens = match (emit, original) {
            (Emit::Tokens, Some(text)) => {
                let l = PyList::empty(py);
                let mut cur = CharCursor::new(text);
                for &(s, e) in &out.spans {
                    let (bs, be) = (cur.byte(s), cur.byte(e));
                    l.append(PyString::new(py, &text[bs..be]))?;
                }
                Some(l.unbind())
            }
            _ => None,
        };
        let lex = PyDict::new(py);
        for ((name, terms), c) in self.lexicon_names.iter().zip(out.lexicons) {
            lex.set_item(
                &**name,
                Py::new(py, PyLexiconCount::new(name.clone(), terms.clone(), c))?,
            )?;
        }
        Ok(PyDocument {
            id,
            source,
            encoding: out.encoding,
            error: None,
            error_kind: None,
            chars: out.chars,
            text: out.text,
            tokens,
            spans,
            token_count: out.token_count,
            indicator_rows: out.indicators.into_iter().map(PyIndicator::from).collect(),
            indicator_list: GILOnceCell::new(),
            lexicons: lex.unbind(),
            section_rows: out.sections,
            section_list: GILOnceCell::new(),
        })
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
            for (name, terms) in &self.lexicon_names {
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
    ) -> PyResult<Vec<PyDocument>> {
        if ids.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                texts.len()
            )));
        }
        let mut sources = sources_arg(sources, texts.len())?;
        // Anything but a `str` is an argument error, raised before any work starts.
        for (i, t) in texts.iter().enumerate() {
            crate::utils::check_str(t, &format!("texts[{i}]"))?;
        }
        let mut ids: Vec<Option<String>> = ids.into_iter().map(Some).collect();
        let pipe = &self.inner;
        // Reading a `str` (its UTF-8 form: CPython encodes most texts on the first read) needs
        // the GIL, so it is serial: `streamed` reads the texts one after another on this
        // thread while the workers process those already read, instead of reading them all
        // first, which on many cores became the longest part of a batch.
        streamed(
            py,
            &texts,
            self.threads,
            // A text with a lone surrogate has no UTF-8 form: its row is an error, the others run.
            // The message names the position in the text, not in this batch (which means nothing
            // to the caller; `process_corpus` prefixes a JSONL line's number).
            |i, t| match crate::utils::text(t, "the text") {
                Ok(s) => Ok((i, Ok(s))),
                Err(e) if e.is_instance_of::<PyValueError>(py) => Ok((i, Err(e.value(py).to_string()))),
                Err(e) => Err(e),
            },
            |(i, s)| {
                let r = match &s {
                    // Whitespace only is the same error row as for bytes and files.
                    Ok(s) => check_not_empty(s).map(|()| pipe.process_text(s)),
                    Err(message) => Err(DocError {
                        kind: "decode",
                        message: message.clone(),
                    }),
                };
                (i, s, r)
            },
            |(i, s, r)| {
                let id = ids[i].take().expect("one result per text");
                self.build(py, id, sources[i].take(), s.as_deref().ok(), r)
            },
        )
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
    ) -> PyResult<Vec<PyDocument>> {
        if ids.len() != blobs.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} blobs",
                ids.len(),
                blobs.len()
            )));
        }
        let sources = sources_arg(sources, blobs.len())?;
        let bytes: Vec<&[u8]> = blobs.iter().map(|b| b.as_bytes()).collect();
        let pipe = self.inner.clone();
        let threads = self.threads;
        let outs = enter(py, || {
            Ok(gongwen_core::parallel::map_ordered(&bytes, threads, |b| {
                pipe.process_bytes(b)
            }))
        })?;
        ids.into_iter()
            .zip(sources)
            .zip(outs)
            .map(|((id, src), r)| self.build(py, id, src, None, r))
            .collect()
    }

    /// Read, decode and process files, in Rust and in parallel. ``ids`` default to the paths;
    /// a file that cannot be read or decoded gives an error ``Document``.
    #[pyo3(signature = (paths, ids=None))]
    fn run_files(&self, py: Python<'_>, paths: Vec<PathBuf>, ids: Option<Vec<String>>) -> PyResult<Vec<PyDocument>> {
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
        let pipe = self.inner.clone();
        let threads = self.threads;
        let outs = enter(py, || {
            Ok(gongwen_core::parallel::map_ordered(&paths, threads, |p| {
                pipe.process_file(p)
            }))
        })?;
        ids.into_iter()
            .zip(paths)
            .zip(outs)
            .map(|((id, p), r)| self.build(py, id, Some(p.display().to_string()), None, r))
            .collect()
    }

    /// An error ``Document`` made by the caller (a bad JSONL line, a missing text column).
    #[staticmethod]
    fn failed(py: Python<'_>, id: String, source: Option<String>, kind: &str, message: String) -> PyDocument {
        PyDocument::failed(py, id, source, kind, message)
    }
}

fn docs_arg<'py>(docs: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyDocument>>> {
    docs.try_iter()?
        .map(|d| {
            d?.downcast_into::<PyDocument>()
                .map_err(|_| PyTypeError::new_err("expected gongwen.Document objects"))
        })
        .collect()
}

/// The documents as columns (``dict`` of equal-length lists), one row per document, for
/// ``pyarrow.table``: id, source, encoding, ok, error, error_kind, chars, token_count, words,
/// n_indicators, then ``text`` and ``tokens`` when any document has them, then
/// ``lexicon_<name>_total`` and ``lexicon_<name>_share`` per lexicon.
#[pyfunction]
pub(crate) fn document_columns<'py>(py: Python<'py>, docs: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let docs = docs_arg(docs)?;
    let n = docs.len();
    let mut id = Vec::with_capacity(n);
    let mut source = Vec::with_capacity(n);
    let mut encoding = Vec::with_capacity(n);
    let mut ok = Vec::with_capacity(n);
    let mut error = Vec::with_capacity(n);
    let mut error_kind = Vec::with_capacity(n);
    let mut chars = Vec::with_capacity(n);
    let mut token_count = Vec::with_capacity(n);
    let mut n_ind = Vec::with_capacity(n);
    let mut text = Vec::with_capacity(n);
    let mut tokens = Vec::with_capacity(n);
    let mut lex_names: Vec<String> = Vec::new();
    for d in &docs {
        for (k, _) in d.get().lexicons.bind(py).iter() {
            let k: String = k.extract()?;
            if !lex_names.contains(&k) {
                lex_names.push(k);
            }
        }
    }
    let mut lex_total: Vec<Vec<Option<u64>>> = vec![Vec::with_capacity(n); lex_names.len()];
    let mut lex_share: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(n); lex_names.len()];
    for d in &docs {
        let d = d.get();
        id.push(d.id.clone());
        source.push(d.source.clone());
        encoding.push(d.encoding);
        ok.push(d.error.is_none());
        error.push(d.error.clone());
        error_kind.push(d.error_kind.clone());
        chars.push(d.chars);
        token_count.push(d.token_count);
        n_ind.push(d.indicator_rows.len());
        text.push(d.text.clone());
        tokens.push(d.tokens.as_ref().map(|t| t.clone_ref(py)));
        let lex = d.lexicons.bind(py);
        for (k, name) in lex_names.iter().enumerate() {
            match lex.get_item(name)? {
                Some(c) => {
                    let c = c.downcast_into::<PyLexiconCount>()?;
                    lex_total[k].push(Some(c.get().total()));
                    lex_share[k].push(Some(c.get().share()));
                }
                None => {
                    lex_total[k].push(None);
                    lex_share[k].push(None);
                }
            }
        }
    }
    let out = PyDict::new(py);
    out.set_item("id", id)?;
    out.set_item("source", source)?;
    out.set_item("encoding", encoding)?;
    out.set_item("ok", ok)?;
    out.set_item("error", error)?;
    out.set_item("error_kind", error_kind)?;
    out.set_item("chars", chars)?;
    out.set_item("token_count", &token_count)?;
    out.set_item("words", token_count)?;
    out.set_item("n_indicators", n_ind)?;
    if text.iter().any(Option::is_some) {
        out.set_item("text", text)?;
    }
    if tokens.iter().any(Option::is_some) {
        out.set_item("tokens", tokens)?;
    }
    for (k, name) in lex_names.iter().enumerate() {
        out.set_item(format!("lexicon_{name}_total"), &lex_total[k])?;
        out.set_item(format!("lexicon_{name}_share"), &lex_share[k])?;
    }
    Ok(out)
}

/// The indicators of the documents as columns, one row per indicator: ``doc_id`` then every
/// ``Indicator`` field.
#[pyfunction]
pub(crate) fn indicator_columns<'py>(py: Python<'py>, docs: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let docs = docs_arg(docs)?;
    let mut doc_id: Vec<String> = Vec::new();
    let mut rows: Vec<&PyIndicator> = Vec::new();
    for d in &docs {
        let d = d.get();
        for i in &d.indicator_rows {
            doc_id.push(d.id.clone());
            rows.push(i);
        }
    }
    let out = PyDict::new(py);
    out.set_item("doc_id", doc_id)?;
    macro_rules! col {
        ($name:literal, $f:ident) => {
            out.set_item($name, rows.iter().map(|r| r.$f.clone()).collect::<Vec<_>>())?;
        };
    }
    col!("start", start);
    col!("end", end);
    col!("raw", raw);
    col!("metric", metric);
    col!("value", value);
    col!("value_high", value_high);
    col!("unit", unit);
    col!("comparator", comparator);
    col!("stance", stance);
    col!("change", change);
    col!("placeholder", placeholder);
    col!("period", period);
    col!("section", section);
    debug_assert_eq!(out.len(), FIELDS.len() + 1);
    Ok(out)
}
