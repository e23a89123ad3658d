//! # gongwen-core
//!
//! The pure-Rust core of gongwen (公文): it turns corpora of Chinese official documents into
//! analysable data. It knows nothing of Python; `gongwen-py` is a thin binding over it.
//!
//! The data flow, one module a stage:
//!
//! 1. [`segment`]: words exactly as Python `jieba` 0.42.1 cuts them, with user dictionaries,
//!    offsets and POS tags.
//!
//! Every stage runs on many documents at once through [`parallel`].
//!
//! ```
//! use gongwen_core::segment::{Mode, Segmenter};
//!
//! let seg = Segmenter::global();
//! let mut words = Vec::new();
//! let text = "城镇新增就业1200万人以上";
//! seg.snapshot().cut_with(text, Mode::Default { hmm: true }, |t| words.push(&text[t.start..t.end]));
//! assert_eq!(words, ["城镇", "新增", "就业", "1200", "万人", "以上"]);
//! ```

pub mod clean;
pub mod convert;
pub mod error;
pub mod offsets;
pub mod parallel;
pub mod segment;

pub use error::{Error, Result};

/// The version of the crate (and of the Python package).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
