//! Helpers every binding uses: text extraction with clear errors, and one way to run core work.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyString};

use crate::error::{to_py_err, GongwenError};

/// The message of a caught panic.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn internal_error(msg: String) -> PyErr {
    GongwenError::new_err(format!("internal error in gongwen (please report it): {msg}"))
}

/// `[build(i, work(item)) for i, item in enumerate(items)]`, with `work` on `threads` threads
/// without the GIL and `build` (which needs the GIL: it makes Python objects) on this thread,
/// overlapped: results are turned into Python objects as they arrive, so that creating them does
/// not serialise the end of a batch. Output in input order.
pub(crate) fn pipelined<'py, T, R, W, B>(
    py: Python<'py>,
    items: &[T],
    threads: usize,
    work: W,
    mut build: B,
) -> PyResult<Vec<Bound<'py, PyAny>>>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync + Send,
    B: FnMut(R) -> PyResult<Bound<'py, PyAny>>,
{
    if threads <= 1 || items.len() <= 1 {
        let results = run(py, || Ok(items.iter().map(&work).collect::<Vec<R>>()))?;
        return results.into_iter().map(build).collect();
    }
    let mut slots: Vec<Option<Bound<'py, PyAny>>> = (0..items.len()).map(|_| None).collect();
    let (tx, mut rx) = std::sync::mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| -> PyResult<()> {
        let work = &work;
        scope.spawn(move || {
            gongwen_core::parallel::for_each_unordered(items, threads, |i, item| {
                let r = catch_unwind(AssertUnwindSafe(|| work(item)));
                // The receiver is gone only if this thread's caller already failed.
                let _ = tx.send((i, r));
            })
        });
        for _ in 0..items.len() {
            // A `&mut` is `Send` where the receiver is not `Sync`.
            let rx = &mut rx;
            let (i, r) = py
                .allow_threads(move || rx.recv())
                .map_err(|_| internal_error("a worker thread stopped".into()))?;
            match r {
                Ok(v) => slots[i] = Some(build(v)?),
                Err(panic) => return Err(internal_error(panic_message(&*panic))),
            }
        }
        Ok(())
    })?;
    Ok(slots.into_iter().map(|s| s.expect("every item was built")).collect())
}

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
        Err(panic) => Err(internal_error(panic_message(&*panic))),
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
    utf8(s).map_err(|err| {
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

/// The UTF-8 form of `s`, borrowed from the `str` object where the interpreter can provide it.
///
/// The limited API of CPython 3.9 (our abi3 floor) only offers `PyUnicode_AsUTF8String`, a
/// fresh `bytes` object that PyO3 then copies again. `PyUnicode_AsUTF8AndSize` has been in every
/// CPython 3 (and in the limited API since 3.10): it encodes once and caches the result in the
/// `str` object, which is how non-abi3 extensions (zhconv-rs, rjieba) read text. It is not
/// exported by `python3.dll` before 3.10, hence the Windows fallback.
#[cfg(not(windows))]
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    use std::os::raw::c_char;
    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut pyo3::ffi::PyObject,
            size: *mut pyo3::ffi::Py_ssize_t,
        ) -> *const c_char;
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str`; the returned buffer belongs to it and lives as long as it,
    // which `'a` ties to the borrow of `s`. It is valid UTF-8 by contract.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
        if data.is_null() {
            return Err(PyErr::fetch(s.py()));
        }
        let bytes = std::slice::from_raw_parts(data as *const u8, size as usize);
        Ok(Cow::Borrowed(std::str::from_utf8_unchecked(bytes)))
    }
}

#[cfg(windows)]
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    s.to_cow()
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
