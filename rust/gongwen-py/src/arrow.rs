//! The emit stage's columns as Arrow record batches, handed to Python through the Arrow C data
//! interface (``__arrow_c_array__``/``__arrow_c_schema__`` PyCapsules, which ``pyarrow.record_batch``
//! imports without a copy): the tables are built without a Python object per row.

use std::ffi::CString;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, ListBuilder, StringBuilder};
use arrow_array::ffi::{to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, StructArray};
use arrow_schema::{Field, Schema};
use gongwen_core::emit::{self, Column, Record, INDICATOR_COLUMNS};
use gongwen_core::pipeline::Emit;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::batch::PyBatch;
use crate::document::PyDocument;
use crate::utils::guarded;

fn array(column: Column<'_>) -> ArrayRef {
    match column {
        Column::Str(v) => Arc::new(StringArray::from(v)),
        Column::StrCow(v) => Arc::new(v.iter().map(|s| s.as_deref()).collect::<StringArray>()),
        Column::Bool(v) => Arc::new(BooleanArray::from(v)),
        Column::Int(v) => Arc::new(Int64Array::from(v)),
        Column::Float(v) => Arc::new(Float64Array::from(v)),
        Column::StrList(v) => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for row in v {
                match row {
                    Some(tokens) => {
                        for t in tokens {
                            b.values().append_value(t);
                        }
                        b.append(true);
                    }
                    None => b.append(false),
                }
            }
            Arc::new(b.finish())
        }
        Column::Spans(v) => {
            let mut b = ListBuilder::new(ListBuilder::new(Int64Builder::new()));
            for row in v {
                match row {
                    Some(spans) => {
                        for &(s, e) in spans {
                            let inner = b.values();
                            inner.values().append_value(s as i64);
                            inner.values().append_value(e as i64);
                            inner.append(true);
                        }
                        b.append(true);
                    }
                    None => b.append(false),
                }
            }
            Arc::new(b.finish())
        }
    }
}

fn batch(names: &[String], arrays: Vec<ArrayRef>) -> PyResult<RecordBatch> {
    let fields: Vec<Field> = names
        .iter()
        .zip(&arrays)
        .map(|(n, a)| Field::new(n, a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A record batch Python takes through the Arrow PyCapsule interface.
#[pyclass(name = "ArrowBatch", module = "gongwen._core", frozen)]
pub(crate) struct PyArrowBatch {
    batch: RecordBatch,
}

#[pymethods]
impl PyArrowBatch {
    /// The batch as ``(schema capsule, array capsule)`` (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let schema = PyCapsule::new(py, schema, Some(CString::new("arrow_schema").expect("no NUL")))?;
        let array = PyCapsule::new(py, array, Some(CString::new("arrow_array").expect("no NUL")))?;
        Ok((schema, array))
    }

    /// The schema as a capsule (the Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.batch.schema().as_ref())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        PyCapsule::new(py, schema, Some(CString::new("arrow_schema").expect("no NUL")))
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

// The FFI structs own their buffers; moving them between threads is what the interface is for.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<FFI_ArrowArray>();
    send::<FFI_ArrowSchema>();
};

/// The records of ``items``: ``Batch`` objects (all their records) and ``Document`` objects.
fn records<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<&'a Record>> {
    let mut out = Vec::new();
    for item in items {
        if let Ok(b) = item.downcast::<PyBatch>() {
            out.extend(b.get().data.records.iter());
        } else if let Ok(d) = item.downcast::<PyDocument>() {
            out.push(d.get().record());
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected gongwen Batch or Document objects, not {}",
                item.get_type().name()?
            )));
        }
    }
    Ok(out)
}

/// ``(documents, indicators)`` record batches of ``items`` (``Batch`` or ``Document``
/// objects), the documents' columns as the options call for them (``emit``, ``keep_text``,
/// the lexicon names). ``n_indicators`` of the documents gives each one's indicator rows.
#[pyfunction]
#[pyo3(signature = (items, *, emit, keep_text, lexicons))]
pub(crate) fn arrow_tables(
    py: Python<'_>,
    items: Vec<Bound<'_, PyAny>>,
    emit: &str,
    keep_text: bool,
    lexicons: Vec<String>,
) -> PyResult<(PyArrowBatch, PyArrowBatch)> {
    // The records are borrowed from the Python objects: built with the GIL held.
    guarded(py, || {
        let emit: Emit = emit.parse()?;
        let records = records(&items)?;
        let names = emit::document_layout(&records, emit, keep_text, &lexicons);
        let arrays = names
            .iter()
            .map(|n| array(emit::document_column(&records, n, &lexicons)))
            .collect();
        let documents = batch(&names, arrays)?;
        let (columns, _) = emit::indicator_columns(&records);
        let names: Vec<String> = INDICATOR_COLUMNS.iter().map(|s| s.to_string()).collect();
        let indicators = batch(&names, columns.into_iter().map(array).collect())?;
        Ok((PyArrowBatch { batch: documents }, PyArrowBatch { batch: indicators }))
    })
}
