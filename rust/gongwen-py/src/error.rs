//! The one mapping from the core's errors to Python exceptions (the classes are declared in
//! `exceptions.rs`).

use gongwen_core::error::DecodeErrorKind;
use gongwen_core::Error;
use pyo3::exceptions::{PyBaseException, PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;

use crate::exceptions::{DecodeError, DictionaryError};

/// The Python form of a core error: a bad table line `DictionaryError` with `path` and `line`,
/// a word too long `DictionaryError`, bytes that are not text `DecodeError` with `encoding` and
/// `offset`, an unknown encoding label and any other bad argument `ValueError`, a file that
/// cannot be read `FileNotFoundError` or `OSError`. (The orphan rule forbids
/// `From<gongwen_core::Error> for PyErr`, hence a function.)
pub(crate) fn to_py_err(err: Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::TableLine { path, line, .. } => with_attributes(DictionaryError::new_err(message), |e| {
            e.setattr("path", path)?;
            e.setattr("line", line)
        }),
        Error::WordTooLong { .. } => DictionaryError::new_err(message),
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        Error::Io { .. } => PyOSError::new_err(message),
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

/// `err` with attributes set on its instance by `set` (or the error that setting them raised).
fn with_attributes(err: PyErr, set: impl FnOnce(&Bound<'_, PyBaseException>) -> PyResult<()>) -> PyErr {
    Python::with_gil(|py| match set(err.value(py)) {
        Ok(()) => err,
        Err(e) => e,
    })
}
