//! `gongwen._core`: the thin PyO3 layer over `gongwen-core`.
//!
//! Each function extracts its arguments into Rust values, releases the GIL, calls one core
//! function (see [`utils::enter`]) and converts the result. No logic lives here.

mod arrow;
mod batch;
mod clean;
mod convert;
mod document;
mod error;
mod exceptions;
mod lexicon;
mod load;
mod options;
mod pipeline;
mod scan;
mod segment;
mod structure;
mod utils;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", gongwen_core::VERSION)?;
    exceptions::register(m)?;
    m.add_class::<segment::PySegmenter>()?;
    m.add_class::<convert::PyConverter>()?;
    m.add_class::<convert::PyOffsetMap>()?;
    m.add_function(wrap_pyfunction!(convert::convert, m)?)?;
    m.add_function(wrap_pyfunction!(convert::conversion_configs, m)?)?;
    m.add_function(wrap_pyfunction!(load::decode, m)?)?;
    m.add_function(wrap_pyfunction!(structure::analyze_structure, m)?)?;
    m.add_class::<clean::PyRules>()?;
    m.add_class::<clean::PyCleaned>()?;
    m.add_function(wrap_pyfunction!(clean::clean, m)?)?;
    m.add_function(wrap_pyfunction!(clean::normalize, m)?)?;
    m.add_class::<scan::PyIndicator>()?;
    m.add_class::<scan::PyIndicatorRules>()?;
    m.add_function(wrap_pyfunction!(scan::scan_indicators, m)?)?;
    m.add_function(wrap_pyfunction!(scan::scan_indicators_batch, m)?)?;
    m.add_class::<lexicon::PyLexiconCount>()?;
    m.add_function(wrap_pyfunction!(lexicon::count_lexicons, m)?)?;
    m.add_function(wrap_pyfunction!(lexicon::count_lexicons_batch, m)?)?;
    m.add_function(wrap_pyfunction!(lexicon::load_lexicon, m)?)?;
    m.add("OPTIONS", options::options_table(m.py())?)?;
    m.add(
        "INDICATOR_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), gongwen_core::emit::INDICATOR_COLUMNS)?,
    )?;
    m.add_class::<options::PyLoadOptions>()?;
    m.add_function(wrap_pyfunction!(pipeline::resolve_options, m)?)?;
    m.add_class::<pipeline::PyPipeline>()?;
    m.add_class::<pipeline::PyDuplicateIndex>()?;
    m.add_class::<document::PyDocument>()?;
    m.add_class::<batch::PyUnits>()?;
    m.add_class::<batch::PyLoader>()?;
    m.add_class::<batch::PyBatch>()?;
    m.add_class::<arrow::PyArrowBatch>()?;
    m.add_function(wrap_pyfunction!(pipeline::run_batch, m)?)?;
    m.add_function(wrap_pyfunction!(batch::check_path, m)?)?;
    m.add_function(wrap_pyfunction!(batch::discover, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::arrow_tables, m)?)?;
    m.add_function(wrap_pyfunction!(default_threads, m)?)?;
    m.add_function(wrap_pyfunction!(utf8_size, m)?)?;
    Ok(())
}

/// The length of ``text`` in UTF-8 bytes, or ``None`` if it is no ``str`` or holds a lone
/// surrogate (which has no UTF-8 form). The interpreter keeps the UTF-8 form it computes in the
/// ``str``: once the pipeline has read a text, its size costs no encoding.
#[pyfunction]
fn utf8_size(text: &Bound<'_, PyAny>) -> Option<usize> {
    utils::text(text, "text").ok().map(|t| t.len())
}

/// The number of threads a batch call uses when ``threads`` is not given:
/// ``GONGWEN_NUM_THREADS`` if set, else the number of CPUs available to the process.
#[pyfunction]
fn default_threads() -> usize {
    gongwen_core::parallel::default_threads()
}
