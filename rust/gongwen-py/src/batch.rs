//! A batch of inputs for `gongwen.process_corpus` and `gongwen.ray`: `Units` (a batch of the
//! load stage's units, texts from Python kept as `str` until the run reads them), `Loader`
//! (inputs to bounded batches, paths expanded by the core: directories, JSONL; Parquet through
//! a Python reader) and `Batch` (a run's records, statistics and documents, built only when
//! asked for); `pipeline::run_batch` turns `Units` into a `Batch`.

use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::emit;
use gongwen_core::load::{self, Batcher, Columns, ErrorKind, Glob, Meta, MetaValue, PathUnits, Source};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};

use crate::document::{BatchData, PyDocument};
use crate::options::PyLoadOptions;
use crate::utils::{enter, guarded};

/// A unit whose text may still be a Python `str`.
pub(crate) enum Unit {
    Core(Source),
    PyText {
        id: String,
        text: Py<PyAny>,
        source: Option<String>,
        size: u64,
        meta: Meta,
    },
}

/// Carried metadata given from Python: a ``dict`` of ``str`` keys to ``str``, ``int`` (64-bit),
/// ``float``, ``bool`` or ``None`` (``gongwen._inputs.meta_items`` makes any mapping so).
pub(crate) fn meta_arg(meta: Option<&Bound<'_, PyAny>>) -> PyResult<Meta> {
    let Some(meta) = meta.filter(|m| !m.is_none()) else {
        return Ok(Vec::new());
    };
    let dict = meta.downcast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "meta must be a dict, not {}",
            meta.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
        ))
    })?;
    let mut out = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        if !k.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("meta keys must be str"));
        }
        let key: String = k.extract()?;
        let value = if v.is_none() {
            MetaValue::Null
        } else if let Ok(b) = v.downcast::<PyBool>() {
            MetaValue::Bool(b.is_true())
        } else if v.is_instance_of::<PyInt>() {
            match v.extract::<i64>() {
                Ok(i) => MetaValue::Int(i),
                Err(_) => MetaValue::Str(v.str()?.extract()?),
            }
        } else if let Ok(f) = v.downcast::<PyFloat>() {
            MetaValue::Float(f.value())
        } else if v.is_instance_of::<PyString>() {
            MetaValue::Str(v.extract()?)
        } else {
            return Err(PyTypeError::new_err(format!(
                "meta[{key:?}] must be str, int, float, bool or None, not {}",
                v.get_type().name()?
            )));
        };
        out.push((key, value));
    }
    Ok(out)
}

fn kind_arg(kind: &str) -> PyResult<ErrorKind> {
    kind.parse().map_err(PyValueError::new_err)
}

/// A batch of units, in input order.
#[pyclass(name = "Units", module = "gongwen._core")]
#[derive(Default)]
pub(crate) struct PyUnits {
    pub(crate) units: Vec<Unit>,
}

impl PyUnits {
    fn text_unit(text: &Bound<'_, PyAny>, id: String, source: Option<String>, meta: Meta) -> PyResult<Unit> {
        crate::utils::check_str(text, "text")?;
        // An estimate to bound the batch (three bytes a character, one if ASCII); the exact
        // size is read when the run reads the text.
        let chars = text.len()? as u64;
        let ascii = text.call_method0(intern!(text.py(), "isascii"))?.is_truthy()?;
        let size = if ascii { chars } else { 3 * chars };
        Ok(Unit::PyText {
            id,
            text: text.clone().unbind(),
            source,
            size,
            meta,
        })
    }
}

#[pymethods]
impl PyUnits {
    #[new]
    fn new() -> Self {
        PyUnits::default()
    }

    fn __len__(&self) -> usize {
        self.units.len()
    }

    /// Add a text (``str``) with its id and carried metadata (a ``dict``).
    #[pyo3(signature = (id, text, source=None, meta=None))]
    fn text(
        &mut self,
        id: String,
        text: &Bound<'_, PyAny>,
        source: Option<String>,
        meta: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.units.push(Self::text_unit(text, id, source, meta_arg(meta)?)?);
        Ok(())
    }

    /// Add raw bytes, decoded by the run, with carried metadata (a ``dict``).
    #[pyo3(signature = (id, data, source=None, meta=None))]
    fn bytes(
        &mut self,
        id: String,
        data: &Bound<'_, PyBytes>,
        source: Option<String>,
        meta: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let meta = meta_arg(meta)?;
        let bytes = data.as_bytes().to_vec();
        self.units.push(Unit::Core(Source::Bytes {
            id,
            bytes,
            source,
            meta,
        }));
        Ok(())
    }

    /// Add an error row (``kind``: ``"io"``, ``"decode"`` or ``"input"``).
    fn failed(&mut self, id: String, source: Option<String>, kind: &str, message: String) -> PyResult<()> {
        let kind = kind_arg(kind)?;
        self.units.push(Unit::Core(Source::failed(id, source, kind, message)));
        Ok(())
    }

    /// Add a column of documents at once (a table's text column): ``values[i]`` is the text
    /// (``str``) or the raw bytes of document ``ids[i]``, or ``None``, which is an ``"input"``
    /// error row saying ``null_message``.
    fn column(&mut self, ids: Vec<String>, values: Vec<Bound<'_, PyAny>>, null_message: String) -> PyResult<()> {
        if ids.len() != values.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} values",
                ids.len(),
                values.len()
            )));
        }
        self.units.reserve(ids.len());
        for (id, value) in ids.into_iter().zip(values) {
            let unit = if value.is_none() {
                Unit::Core(Source::failed(id, None, ErrorKind::Input, null_message.clone()))
            } else if let Ok(b) = value.downcast::<PyBytes>() {
                let bytes = b.as_bytes().to_vec();
                Unit::Core(Source::Bytes {
                    id,
                    bytes,
                    source: None,
                    meta: Vec::new(),
                })
            } else {
                Self::text_unit(&value, id, None, Vec::new())?
            };
            self.units.push(unit);
        }
        Ok(())
    }

    /// Add the documents of a JSONL file given as its bytes, named ``source`` (a line that is
    /// not a document is an error row).
    #[pyo3(signature = (source, data, text_column="text", id_column=None))]
    fn jsonl(
        &mut self,
        py: Python<'_>,
        source: String,
        data: &Bound<'_, PyBytes>,
        text_column: &str,
        id_column: Option<String>,
    ) -> PyResult<()> {
        let columns = Columns {
            text: text_column.to_string(),
            id: id_column,
            encoding: None,
        };
        let bytes = data.as_bytes();
        let lines = enter(py, || Ok(load::jsonl::read(bytes, source, columns).collect::<Vec<_>>()))?;
        self.units.extend(lines.into_iter().map(Unit::Core));
        Ok(())
    }

    /// Add the documents of a CSV file given as its bytes, named ``source``, one a row, read
    /// as a CSV path is (``encoding``: the run's; a bad row is an error row, a header without
    /// ``text_column`` one error row naming the columns it has).
    #[pyo3(signature = (source, data, text_column="text", id_column=None, encoding=None))]
    fn csv(
        &mut self,
        py: Python<'_>,
        source: String,
        data: &Bound<'_, PyBytes>,
        text_column: &str,
        id_column: Option<String>,
        encoding: Option<String>,
    ) -> PyResult<()> {
        let columns = Columns {
            text: text_column.to_string(),
            id: id_column,
            encoding,
        };
        let bytes = data.as_bytes();
        let rows = enter(py, || Ok(load::csv::read(bytes, source, columns).collect::<Vec<_>>()))?;
        self.units.extend(rows.into_iter().map(Unit::Core));
        Ok(())
    }
}

/// Where the units of a loader come from while it expands a path.
enum Pending {
    Path(Box<PathUnits>),
    /// A Python iterator of ``("text", id, text, source[, meta])`` or ``("failed", id, source,
    /// kind, message)`` tuples: the rows of a Parquet file.
    Table(Py<PyAny>),
}

/// Inputs to bounded batches, in input order. Add items (``text``, ``bytes``, ``failed``,
/// ``path``), then take the batches they complete with ``next_batch()`` until it gives
/// ``None``, before adding the next item; ``next_batch(final=True)`` gives the last one.
#[pyclass(name = "Loader", module = "gongwen._core")]
pub(crate) struct PyLoader {
    glob: Glob,
    columns: Columns,
    batcher: Batcher<Unit>,
    ready: std::collections::VecDeque<Vec<Unit>>,
    pending: Vec<Pending>,
    read_table: Option<Py<PyAny>>,
}

impl PyLoader {
    fn push(&mut self, unit: Unit) {
        let size = match &unit {
            Unit::Core(s) => s.size(|t| t.len() as u64),
            Unit::PyText { size, .. } => *size,
        };
        if let Some(batch) = self.batcher.push(unit, size) {
            self.ready.push_back(batch);
        }
    }

    fn check_idle(&self) -> PyResult<()> {
        if self.pending.is_empty() {
            Ok(())
        } else {
            Err(PyRuntimeError::new_err(
                "take the batches of the last path before adding an item",
            ))
        }
    }

    /// Pull units from the pending paths until a batch is ready or none is left (run inside
    /// [`guarded`]: the paths are walked and the table reader called with the GIL held).
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        while self.ready.is_empty() {
            let Some(top) = self.pending.last_mut() else {
                return Ok(());
            };
            match top {
                Pending::Path(units) => match units.next() {
                    Some(Source::Table { path }) => {
                        let reader = self.read_table.as_ref().ok_or_else(|| {
                            PyValueError::new_err(format!("{}: no reader for table files", path.display()))
                        })?;
                        let rows = reader.bind(py).call1((path,))?.try_iter()?;
                        self.pending.push(Pending::Table(rows.into_any().unbind()));
                    }
                    Some(unit) => self.push(Unit::Core(unit)),
                    None => {
                        self.pending.pop();
                    }
                },
                Pending::Table(rows) => {
                    let next = rows.bind(py).call_method0(intern!(py, "__next__"));
                    match next {
                        Ok(row) => {
                            let unit = table_row(&row)?;
                            self.push(unit);
                        }
                        Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => {
                            self.pending.pop();
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Ok(())
    }
}

fn table_row(row: &Bound<'_, PyAny>) -> PyResult<Unit> {
    let kind: String = row.get_item(0)?.extract()?;
    if kind == "text" {
        let id: String = row.get_item(1)?.extract()?;
        let source: Option<String> = row.get_item(3)?.extract()?;
        let meta = if row.len()? > 4 {
            meta_arg(Some(&row.get_item(4)?))?
        } else {
            Vec::new()
        };
        PyUnits::text_unit(&row.get_item(2)?, id, source, meta)
    } else {
        let (_, id, source, kind, message): (String, String, Option<String>, String, String) = row.extract()?;
        Ok(Unit::Core(Source::failed(id, source, kind_arg(&kind)?, message)))
    }
}

#[pymethods]
impl PyLoader {
    /// A loader with the load options of a run (``gongwen.options.resolve(...).load``), which
    /// were checked when they were made; ``read_table(path)`` reads a Parquet file's rows;
    /// ``encoding`` (the run's, checked with it) is the encoding CSV files are read in.
    #[new]
    #[pyo3(signature = (options, read_table=None, encoding=None))]
    fn new(
        py: Python<'_>,
        options: PyRef<'_, PyLoadOptions>,
        read_table: Option<Py<PyAny>>,
        encoding: Option<String>,
    ) -> PyResult<Self> {
        let o = &options.inner;
        Ok(PyLoader {
            glob: enter(py, || Glob::new(&o.glob))?,
            columns: Columns {
                text: o.text_column.clone(),
                id: o.id_column.clone(),
                encoding,
            },
            batcher: Batcher::new(o.batch_docs, o.batch_bytes as u64),
            ready: Default::default(),
            pending: Vec::new(),
            read_table,
        })
    }

    /// Add a text with its id and carried metadata (a ``dict``).
    #[pyo3(signature = (id, text, source=None, meta=None))]
    fn text(
        &mut self,
        id: String,
        text: &Bound<'_, PyAny>,
        source: Option<String>,
        meta: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.check_idle()?;
        let unit = PyUnits::text_unit(text, id, source, meta_arg(meta)?)?;
        self.push(unit);
        Ok(())
    }

    /// Add raw bytes.
    #[pyo3(signature = (id, data, source=None))]
    fn bytes(&mut self, id: String, data: &Bound<'_, PyBytes>, source: Option<String>) -> PyResult<()> {
        self.check_idle()?;
        let bytes = data.as_bytes().to_vec();
        self.push(Unit::Core(Source::Bytes {
            id,
            bytes,
            source,
            meta: Vec::new(),
        }));
        Ok(())
    }

    /// Add an error row.
    fn failed(&mut self, id: String, source: Option<String>, kind: &str, message: String) -> PyResult<()> {
        self.check_idle()?;
        let kind = kind_arg(kind)?;
        self.push(Unit::Core(Source::failed(id, source, kind, message)));
        Ok(())
    }

    /// Add a path: a directory (walked with the glob), a JSONL, CSV, Parquet or other file; read
    /// lazily as the batches are taken.
    fn path(&mut self, path: PathBuf) -> PyResult<()> {
        self.check_idle()?;
        self.pending.push(Pending::Path(Box::new(load::path_units(
            &path,
            &self.glob,
            &self.columns,
        ))));
        Ok(())
    }

    /// The next complete batch, or ``None``; with ``final``, also the last partial one.
    #[pyo3(signature = (final_=false))]
    fn next_batch(&mut self, py: Python<'_>, final_: bool) -> PyResult<Option<PyUnits>> {
        guarded(py, || {
            self.fill(py)?;
            if let Some(units) = self.ready.pop_front() {
                return Ok(Some(PyUnits { units }));
            }
            Ok(final_
                .then(|| self.batcher.finish())
                .flatten()
                .map(|units| PyUnits { units }))
        })
    }
}

/// Check a path given before any work: ``FileNotFoundError`` if it does not exist,
/// ``OSError`` (``errno`` and ``filename`` set) for a directory that cannot be listed,
/// ``ValueError`` for one without a file matching ``glob``; with ``text_column``, ``ValueError``
/// for a CSV file whose header lacks it (or ``id_column``), naming the columns it has.
#[pyfunction]
#[pyo3(signature = (path, glob, text_column=None, id_column=None, encoding=None))]
pub(crate) fn check_path(
    py: Python<'_>,
    path: PathBuf,
    glob: &str,
    text_column: Option<String>,
    id_column: Option<String>,
    encoding: Option<String>,
) -> PyResult<()> {
    enter(py, || {
        load::check_path(&path, &Glob::new(glob)?)?;
        match text_column {
            Some(text) if path.is_file() && load::expand::file_kind(&path) == load::FileKind::Csv => {
                let columns = Columns {
                    text,
                    id: id_column,
                    encoding,
                };
                load::csv::check_header(&path, &columns)
            }
            _ => Ok(()),
        }
    })
}

/// The results of one batch: ``len()``, ``stats()``, ``documents()``; its tables come from
/// ``gongwen._core.arrow_tables``.
#[pyclass(name = "Batch", module = "gongwen._core", frozen)]
pub(crate) struct PyBatch {
    pub(crate) data: Arc<BatchData>,
}

#[pymethods]
impl PyBatch {
    fn __len__(&self) -> usize {
        self.data.records.len()
    }

    /// ``{"documents", "succeeded", "failed", "indicators", "chars", "bytes", "error_kinds",
    /// "duplicates", "dropped"}``: ``documents == succeeded + failed + dropped``.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut s = emit::stats(&self.data.records);
        s.add_dropped(self.data.dropped);
        let d = PyDict::new(py);
        d.set_item("documents", s.documents)?;
        d.set_item("succeeded", s.succeeded)?;
        d.set_item("failed", s.failed)?;
        d.set_item("indicators", s.indicators)?;
        d.set_item("chars", s.chars)?;
        d.set_item("bytes", s.bytes)?;
        d.set_item("duplicates", s.duplicates)?;
        d.set_item("dropped", s.dropped)?;
        let kinds = PyDict::new(py);
        for (k, n) in s.error_kinds {
            kinds.set_item(k.as_str(), n)?;
        }
        d.set_item("error_kinds", kinds)?;
        Ok(d)
    }

    /// The documents, built now.
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let docs = (0..self.data.records.len())
            .map(|i| Py::new(py, PyDocument::new(self.data.clone(), i)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, docs)
    }
}

/// The files of directory ``path`` matching ``glob``, in walk order, listed now; a directory that
/// cannot be listed raises ``OSError`` with ``errno`` and ``filename`` (what ``gongwen.ray``
/// needs before any work).
#[pyfunction]
pub(crate) fn discover(py: Python<'_>, path: PathBuf, glob: &str) -> PyResult<Vec<PathBuf>> {
    enter(py, || load::discover_files(&path, &Glob::new(glob)?))
}
