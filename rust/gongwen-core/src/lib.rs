//! # gongwen-core
//!
//! The pure-Rust core of gongwen (公文): it turns corpora of Chinese official documents into
//! analysable data. It knows nothing of Python; `gongwen-py` is a thin binding over it.
//!
//! The data flow, one module a stage:
//!
//! 0. [`load`]: document bytes to text, in the encoding detected (UTF-8, UTF-16 with a BOM,
//!    GB18030, Big5) or named, strictly: malformed bytes are an error, never U+FFFD.
//! 1. [`clean`]: remove the defects of scraped reports (inserted pinyin readings, ASCII
//!    punctuation, widths, odd spaces, site boilerplate), with a map back to the input.
//! 2. [`convert`]: script conversion exactly as OpenCC 1.4.2 does, all sixteen configurations.
//! 3. [`segment`]: words exactly as Python `jieba` 0.42.1 cuts them, with user dictionaries,
//!    offsets and POS tags.
//! 4. [`structure`]: the documents of a compilation, heading paths, and whether a section
//!    reports results or sets targets.
//! 5. [`scan`]: quantitative indicators (value, unit, comparator, stance, change, period,
//!    metric) and keyword-lexicon counts.
//!
//! [`options`] defines the options of a corpus run once and checks them; [`pipeline`] runs them all on one document in one pass, every position in the original text.
//! [`offsets`] maps every derived text back to the original, composing across stages.
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

mod charset;
pub mod clean;
pub mod convert;
pub mod dedup;
pub mod describe;
pub mod emit;
pub mod error;
pub mod load;
pub mod numeral;
pub mod offsets;
pub mod options;
pub mod parallel;
pub mod pipeline;
pub mod rulefile;
pub mod scan;
pub mod segment;
pub mod structure;
#[cfg(test)]
mod test_rng;

pub use error::{Error, Result};

/// The version of the crate (and of the Python package).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
