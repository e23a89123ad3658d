//! The one mapping from the core's errors to Python exceptions (the classes are declared in
//! `exceptions.rs`), and [`Failure`], what work that also calls Python can fail with.

use gongwen_core::error::DecodeErrorKind;
use gongwen_core::Error;
use pyo3::exceptions::{PyBaseException, PyFileNotFoundError, PyOSError, PyPermissionError, PyValueError};
use pyo3::prelude::*;

use crate::exceptions::{DecodeError, DictionaryError};

/// The Python form of a core error: a bad table line `DictionaryError` with `path` and `line`,
/// a word too long `DictionaryError`, bytes that are not text `DecodeError` with `encoding` and
/// `offset`, an unknown encoding label and any other bad argument `ValueError`, a file that
/// cannot be read `FileNotFoundError`, `PermissionError` or `OSError` made as Python makes its
/// own (`OSError(errno, strerror, filename)`: `errno`, `strerror` and `filename` set). (The
/// orphan rule forbids `From<gongwen_core::Error> for PyErr`, hence a function.)
pub(crate) fn to_py_err(err: Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::TableLine { path, line, .. } => with_attributes(DictionaryError::new_err(message), |e| {
            e.setattr("path", path)?;
            e.setattr("line", line)
        }),
        Error::WordTooLong { .. } => DictionaryError::new_err(message),
        Error::Io { path, source } => io_error(message, path, &source),
        Error::Decode {
            kind: DecodeErrorKind::UnknownEncoding,
            ..
        } => PyValueError::new_err(message),
        Error::Decode { encoding, offset, .. } => with_attributes(DecodeError::new_err(message), |e| {
            e.setattr("encoding", encoding)?;
            e.setattr("offset", offset)
        }),
        Error::InvalidArgument(_) => PyValueError::new_err(message),
    }
}

/// The Python form of the system error `source` about `path`: the class, `errno` and `strerror`
/// Python itself would give (`errno` from the error kind where the error is not the system's).
/// An error that is not the system's and of no kind with an errno keeps the whole `message`.
fn io_error(message: String, path: String, source: &std::io::Error) -> PyErr {
    use std::io::ErrorKind;
    // ENOENT and EACCES have these numbers on every platform Python runs on.
    let errno = source.raw_os_error().or(match source.kind() {
        ErrorKind::NotFound => Some(2),
        ErrorKind::PermissionDenied => Some(13),
        _ => None,
    });
    let Some(errno) = errno else {
        return with_attributes(PyOSError::new_err(message), |e| e.setattr("filename", path));
    };
    // `OSError(errno, ...)` itself picks the subclass of the other errnos (`IsADirectoryError`, ...).
    let args = (errno, gongwen_core::load::shown::strerror(source), path);
    match source.kind() {
        ErrorKind::NotFound => PyFileNotFoundError::new_err(args),
        ErrorKind::PermissionDenied => PyPermissionError::new_err(args),
        _ => PyOSError::new_err(args),
    }
}

/// How work that calls back into Python fails: a core error (mapped by [`to_py_err`] when it
/// reaches Python) or a Python exception (raised as it is). `?` turns either into it.
pub(crate) enum Failure {
    Core(Error),
    Py(PyErr),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Py(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Core(e) => to_py_err(e),
            Failure::Py(e) => e,
        }
    }
}

/// `err` with attributes set on its instance by `set` (or the error that setting them raised).
fn with_attributes(err: PyErr, set: impl FnOnce(&Bound<'_, PyBaseException>) -> PyResult<()>) -> PyErr {
    Python::with_gil(|py| match set(err.value(py)) {
        Ok(()) => err,
        Err(e) => e,
    })
}
