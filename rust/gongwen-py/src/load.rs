//! `decode`: the bytes of a document to its text, in the encoding detected or named.

use gongwen_core::load as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

use crate::utils::enter;

/// Decode the bytes of a document to text, detecting the encoding unless ``encoding`` names it;
/// returns ``(text, encoding)``.
///
/// Detection knows the encodings of scraped Chinese documents: a byte order mark decides
/// (UTF-8, UTF-16LE, UTF-16BE; it is not part of the text); otherwise valid UTF-8 is UTF-8, and
/// anything else is GB18030 or Big5, chosen from the first few kilobytes of non-ASCII text and
/// Firefox's detector. GBK data is GB18030 (its superset) and reported as ``'GB18030'``.
/// Empty data is ``('', 'UTF-8')``.
///
/// Decoding is strict: a byte sequence that is not a character in the encoding (a damaged or
/// truncated file) raises ``DecodeError`` naming the encoding and the byte offset, never a
/// silent U+FFFD. Data with a NUL byte and no byte order mark is not text (an image, an
/// archive, or UTF-16 without a byte order mark) and raises ``DecodeError`` too.
///
/// ``encoding`` forces an encoding: a WHATWG label (``'gb18030'``, ``'gbk'``, ``'big5'``,
/// ``'utf-8'``, ``'utf-16le'``, ``'shift_jis'``, ...) or Python's ``'utf_8_sig'``,
/// ``'utf-16-le'``, ``'cp936'``, ``'cp950'``, ``'big5hkscs'``; its byte order mark is removed.
/// An unknown label raises ``ValueError``. ``data`` that is not ``bytes``, ``bytearray`` or
/// ``memoryview`` raises ``TypeError``. The GIL is released while decoding.
///
/// Examples
/// --------
/// >>> decode("公文一式两份".encode("gb18030"))
/// ('公文一式两份', 'GB18030')
/// >>> decode(b"\xef\xbb\xbfreport")
/// ('report', 'UTF-8')
/// >>> decode("公文".encode("utf-16-le"), encoding="utf-16le")
/// ('公文', 'UTF-16LE')
#[pyfunction]
#[pyo3(signature = (data, encoding=None))]
pub(crate) fn decode<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    encoding: Option<&str>,
) -> PyResult<(Bound<'py, PyString>, &'static str)> {
    let (text, name) = decode_to_string(py, data, encoding)?;
    Ok((PyString::new(py, &text), name))
}

/// [`decode`] into a Rust `String` (for the stages that continue in Rust).
pub(crate) fn decode_to_string(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    encoding: Option<&str>,
) -> PyResult<(String, &'static str)> {
    // `bytes` is immutable, so it is read in place with the GIL released; a `bytearray` or the
    // buffer behind a `memoryview` could be resized by another thread meanwhile, so they are
    // copied first.
    let copy: Vec<u8>;
    let view: Bound<'_, PyBytes>;
    let bytes: &[u8] = if let Ok(b) = data.downcast::<PyBytes>() {
        b.as_bytes()
    } else if let Ok(b) = data.downcast::<PyByteArray>() {
        copy = b.to_vec();
        &copy
    } else if data.is_instance_of::<PyMemoryView>() {
        view = data.call_method0("tobytes")?.downcast_into::<PyBytes>()?;
        view.as_bytes()
    } else {
        let ty = data
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        let hint = if ty == "str" { " (a str is already text)" } else { "" };
        return Err(PyTypeError::new_err(format!(
            "data must be bytes, bytearray or memoryview, not {ty}{hint}"
        )));
    };
    let doc = enter(py, || match encoding {
        None => core::decode(bytes),
        Some(label) => core::decode_as(bytes, label),
    })?;
    Ok((doc.text, doc.encoding))
}
