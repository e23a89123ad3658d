//! `analyze_structure`: the documents of a compilation, heading paths and section stance.

use gongwen_core::structure::{self as core, Stance};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::utils::enter;

fn stance_name(s: Stance) -> &'static str {
    match s {
        Stance::Actual => "actual",
        Stance::Target => "target",
        Stance::Unknown => "unknown",
    }
}

/// The structure of a (cleaned) report or compilation of reports: its documents, and for every
/// paragraph (line) its document, heading path (``一、`` / ``(一)`` / ``1.`` / ``(1)`` / ``一是``)
/// and whether its section reports results (``"actual"``: 工作总结, 主要成效 ...) or sets
/// plans (``"target"``: 工作计划, 下步打算 ...). Offsets are ``str`` indices.
///
/// Returns ``{"documents": [{"start", "end", "title"}], "paragraphs": [{"start", "end", "doc",
/// "heading_path": [{"level", "marker", "text", "start"}], "stance", "is_heading"}]}``.
///
/// Examples
/// --------
/// >>> s = analyze_structure("2023年工作计划\n一、主要目标\n地区生产总值增长6%左右。")
/// >>> s["paragraphs"][2]["stance"]
/// 'target'
#[pyfunction]
pub(crate) fn analyze_structure<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let s = crate::utils::text(text, "text")?;
    let st = enter(py, || Ok(core::analyze(&s)))?;
    let documents = PyList::empty(py);
    for d in &st.documents {
        let item = PyDict::new(py);
        item.set_item("start", d.start)?;
        item.set_item("end", d.end)?;
        item.set_item("title", d.title.as_deref())?;
        documents.append(item)?;
    }
    let paragraphs = PyList::empty(py);
    for p in &st.paragraphs {
        let item = PyDict::new(py);
        item.set_item("start", p.start)?;
        item.set_item("end", p.end)?;
        item.set_item("doc", p.doc)?;
        let path = PyList::empty(py);
        for h in p.heading_path.iter() {
            let hd = PyDict::new(py);
            hd.set_item("level", h.level)?;
            hd.set_item("marker", &h.marker)?;
            hd.set_item("text", &h.text)?;
            hd.set_item("start", h.start)?;
            path.append(hd)?;
        }
        item.set_item("heading_path", path)?;
        item.set_item("stance", stance_name(p.stance))?;
        item.set_item("is_heading", p.is_heading)?;
        paragraphs.append(item)?;
    }
    let out = PyDict::new(py);
    out.set_item("documents", documents)?;
    out.set_item("paragraphs", paragraphs)?;
    Ok(out)
}
