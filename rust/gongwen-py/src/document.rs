//! `Document`: one record of a batch as Python sees it, its Python objects built on first read;
//! and [`BatchData`], the records of a batch with what they need to become documents and tables.

use std::sync::Arc;

use gongwen_core::emit::Record;
use gongwen_core::load::{ErrorKind, MetaValue};
use gongwen_core::pipeline::{DocOutput, Emit};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyDict, PyList};

use crate::lexicon::PyLexiconCount;
use crate::scan::PyIndicator;

/// The pipeline's lexicons: each name with its terms.
pub(crate) type Lexicons = Arc<[(Arc<str>, Arc<[String]>)]>;

/// What a batch's records need to become documents and tables.
pub(crate) struct BatchData {
    pub(crate) records: Vec<Record>,
    pub(crate) lexicons: Lexicons,
    pub(crate) emit: gongwen_core::pipeline::Emit,
    /// Duplicates of the run left out of this batch (``duplicates="drop"``).
    pub(crate) dropped: u64,
}

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
    meta_dict: GILOnceCell<Py<PyDict>>,
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
            meta_dict: GILOnceCell::new(),
        }
    }

    pub(crate) fn record(&self) -> &Record {
        &self.data.records[self.index]
    }

    fn out(&self) -> Option<&DocOutput> {
        self.record().result.as_ref().ok()
    }

    pub(crate) fn failed(id: String, source: Option<String>, kind: ErrorKind, message: String) -> Self {
        let data = BatchData {
            records: vec![Record::failed(id, source, kind, message)],
            lexicons: Arc::from(Vec::new()),
            emit: Emit::Counts,
            dropped: 0,
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
        self.record().result.as_ref().err().map(|e| e.kind.as_str())
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

    /// The metadata carried from the input: the other columns of a CSV or Parquet row, the
    /// other fields of a JSON line, the mapping of a ``(doc_id, text, meta)`` item; ``{key:
    /// value}`` in input order, values ``str``, ``int``, ``float``, ``bool`` or ``None`` (CSV
    /// values are ``str``; a nested JSON value is its JSON text). The same dict on every read.
    #[getter]
    fn meta(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        let d = self.meta_dict.get_or_try_init(py, || {
            let d = PyDict::new(py);
            for (k, v) in &self.record().meta {
                match v {
                    MetaValue::Str(s) => d.set_item(k, s)?,
                    MetaValue::Int(i) => d.set_item(k, i)?,
                    MetaValue::Float(f) => d.set_item(k, f)?,
                    MetaValue::Bool(b) => d.set_item(k, b)?,
                    MetaValue::Null => d.set_item(k, py.None())?,
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

    /// The title found in the text (in its own script), or carried with it.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.out().and_then(|o| o.about.title.as_deref())
    }

    /// The date of delivery or publication the text states: ISO ``yyyy-mm-dd`` (``yyyy-mm``
    /// when no day is stated).
    #[getter]
    fn date(&self) -> Option<&str> {
        self.out().and_then(|o| o.about.date.as_deref())
    }

    /// The year the document is for (the 2026 report reviews 2025 and plans 2026: 2026).
    #[getter]
    fn year(&self) -> Option<i64> {
        self.out().and_then(|o| o.about.year)
    }

    /// The region's canonical name (``"中华人民共和国"`` for a national document).
    #[getter]
    fn region(&self) -> Option<&str> {
        self.out().and_then(|o| o.about.region.as_deref())
    }

    /// The region's six-digit administrative division code (``"100000"``: national).
    #[getter]
    fn region_code(&self) -> Option<&str> {
        self.out().and_then(|o| o.about.region_code.as_deref())
    }

    /// ``"national"``, ``"provincial"``, ``"prefecture"`` or ``"county"``.
    #[getter]
    fn level(&self) -> Option<&'static str> {
        self.out().and_then(|o| o.about.level)
    }

    /// ``"government_work_report"``, ``"work_summary"``, ``"work_plan"``, ``"speech"``,
    /// ``"resolution"``, ``"compilation"`` or ``"other"``.
    #[getter]
    fn doc_type(&self) -> Option<&'static str> {
        self.out().and_then(|o| o.about.doc_type)
    }

    /// Repeated copies of the text that cleaning cut out (0 when none).
    #[getter]
    fn copies_removed(&self) -> usize {
        self.out().map_or(0, |o| o.copies_removed)
    }

    /// The id of the run's first document this one duplicates (``None`` for an original).
    #[getter]
    fn duplicate_of(&self) -> Option<&str> {
        self.out().and_then(|o| o.duplicate_of.as_deref())
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
        d.set_item("title", self.title())?;
        d.set_item("date", self.date())?;
        d.set_item("year", self.year())?;
        d.set_item("region", self.region())?;
        d.set_item("region_code", self.region_code())?;
        d.set_item("level", self.level())?;
        d.set_item("doc_type", self.doc_type())?;
        d.set_item("copies_removed", self.copies_removed())?;
        d.set_item("duplicate_of", self.duplicate_of())?;
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
        d.set_item("meta", self.meta(py)?.bind(py).copy()?)?;
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
