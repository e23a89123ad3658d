//! Helpers every binding uses: text extraction with clear errors, and one way to run core work.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyString};

use crate::error::{to_py_err, GongwenError};

/// Run `f` with the GIL released. A core error becomes its Python class; a panic (a bug)
/// becomes `GongwenError` instead of unwinding into the interpreter.
pub(crate) fn run<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> gongwen_core::Result<T> + Send,
{
    match py.allow_threads(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py_err(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(GongwenError::new_err(format!(
                "internal error in gongwen (please report it): {msg}"
            )))
        }
    }
}

/// The UTF-8 text of a Python `str`: `TypeError` for anything else, `ValueError` naming the
/// position of a lone surrogate (which has no UTF-8 form).
pub(crate) fn text<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    let s = obj.downcast::<PyString>().map_err(|_| {
        let ty = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{what} must be str, not {ty}"))
    })?;
    s.to_cow().map_err(|err| {
        let py = obj.py();
        if err.is_instance_of::<PyUnicodeEncodeError>(py) {
            let start = err
                .value(py)
                .getattr("start")
                .and_then(|v| v.extract::<usize>())
                .unwrap_or(0);
            PyValueError::new_err(format!(
                "{what} contains a lone surrogate at position {start}; it has no UTF-8 form \
                 (decode the source with errors='replace' or fix it upstream)"
            ))
        } else {
            err
        }
    })
}

/// Every item of an iterable of `str`, with the index of a bad item in the error.
pub(crate) fn texts<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (wrap it in a list)",
        ));
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("texts must be an iterable of str"))?
        .collect()
}

pub(crate) fn extract_all<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<Cow<'a, str>>> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| text(t, &format!("texts[{i}]")))
        .collect()
}

/// A Python `array.array` of `typecode` holding `data`'s native-endian bytes.
pub(crate) fn array<'py, T: Copy>(py: Python<'py>, typecode: &str, data: &[T]) -> PyResult<Bound<'py, PyAny>> {
    static ARRAY: GILOnceCell<Py<PyAny>> = GILOnceCell::new();
    let ctor = ARRAY.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("array")?.getattr("array")?.unbind())
    })?;
    // SAFETY: T is a plain integer type (u32/u64) without padding; viewing it as bytes is sound.
    let bytes = unsafe { std::slice::from_raw_parts(data.as_ptr() as *const u8, std::mem::size_of_val(data)) };
    ctor.bind(py).call1((typecode, PyBytes::new(py, bytes)))
}
