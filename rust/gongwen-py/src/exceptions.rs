//! Every Python exception class gongwen defines, and their registration in `gongwen._core`.
//! The mapping from core errors to them is in `error.rs`.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
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
    "A bad line in a data table (a user dictionary, boilerplate rules, indicator tables, a lexicon \
     file): ``path`` names the file and ``line`` the line (from 1); or a word too long for a \
     dictionary (``path`` and ``line`` are then ``None``)."
);
create_exception!(
    gongwen,
    DecodeError,
    GongwenError,
    "A document whose bytes are not text in the encoding detected or named. ``encoding`` is the \
     encoding (``None`` for binary data) and ``offset`` the byte offset of the first malformed \
     sequence (or of the NUL byte that makes the data binary)."
);

/// Add the classes to the module, with class-level defaults for their attributes so that the
/// attributes exist (and the stub holds) even on an instance raised by user code.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GongwenError", py.get_type::<GongwenError>())?;
    let dictionary = py.get_type::<DictionaryError>();
    dictionary.setattr("path", py.None())?;
    dictionary.setattr("line", py.None())?;
    m.add("DictionaryError", dictionary)?;
    let decode = py.get_type::<DecodeError>();
    decode.setattr("encoding", py.None())?;
    decode.setattr("offset", 0)?;
    m.add("DecodeError", decode)?;
    Ok(())
}
