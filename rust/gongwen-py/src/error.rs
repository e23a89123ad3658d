//! The Python exception classes, and the mapping from core errors to them.

use gongwen_core::Error;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;

create_exception!(
    gongwen,
    GongwenError,
    PyException,
    "Base class of every error gongwen raises (argument errors stay TypeError/ValueError)."
);
create_exception!(
    gongwen,
    DictionaryError,
    GongwenError,
    "A user dictionary or rule table that cannot be loaded (names the file and the line), or a word too long for a dictionary."
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GongwenError", py.get_type::<GongwenError>())?;
    m.add("DictionaryError", py.get_type::<DictionaryError>())?;
    m.add("DecodeError", crate::load::decode_error_type(py)?)?;
    Ok(())
}

/// The orphan rule forbids `From<gongwen_core::Error> for PyErr`, hence a function.
pub(crate) fn to_py_err(err: Error) -> PyErr {
    match &err {
        Error::Dictionary { .. } | Error::WordTooLong { .. } => DictionaryError::new_err(err.to_string()),
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(err.to_string())
        }
        Error::Io { .. } => PyOSError::new_err(err.to_string()),
        Error::InvalidArgument(_) => PyValueError::new_err(err.to_string()),
    }
}
