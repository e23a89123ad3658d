//! Cleaning web-scraped official documents, with a map back to the original text.
//!
//! Every number computed downstream (word counts, indicators) is wrong if the text still holds
//! the defects of scraped reports (see the seed corpus): pinyin readings inserted after
//! machine-converted characters (`區(qū)交通`), ASCII punctuation inside Chinese text,
//! full-width digits and letters, odd spaces, mixed line endings, and site boilerplate. One
//! pass over the characters fixes all but the boilerplate; a second pass removes boilerplate
//! with a data-driven rule set (`data/clean/boilerplate.txt`, extensible by the user). Each
//! pass records an [`OffsetMap`], and the two compose, so every character of the cleaned text
//! maps back to the character of the input it came from.
//!
//! ```
//! use gongwen_core::clean::{clean, CleanOptions, Rules};
//!
//! let c = clean("區(qū)交通運輸局(GDP)增長５%", &CleanOptions::default(), Rules::default_rules());
//! assert_eq!(c.text, "區交通運輸局（GDP）增長5%");
//! assert_eq!(c.readings, 1);
//! assert_eq!(c.map.source_span(1), (5, 6)); // 交 was at position 5 of the input
//! ```

use crate::convert::Converter;
use crate::offsets::OffsetMap;

/// Which defects to fix. Every rule can be turned off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanOptions {
    /// Remove pinyin readings inserted after a Han character: `區(qū)` -> `區`.
    pub readings: bool,
    /// ASCII `, ; : ( ) ? !` inside Chinese text become `，；：（）？！`.
    pub punctuation: bool,
    /// Full-width digits and Latin letters become ASCII.
    pub widths: bool,
    /// Odd spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000) become a space, zero-width
    /// characters (U+200B-U+200D, U+2060, U+FEFF) go, and each line loses leading and
    /// trailing spaces.
    pub spaces: bool,
    /// `\r\n`, `\r`, U+0085, U+2028 and U+2029 become `\n`.
    pub newlines: bool,
    /// Remove site boilerplate by the rule set, after decoding the escapes scraping leaves
    /// (`<U+00A0>`, `&nbsp;`, `&amp;`: each becomes its character, mapped to the escape).
    pub boilerplate: bool,
    /// Join a line broken inside a sentence to the next (`切实贯彻《\n会计法\n》` ->
    /// `切实贯彻《会计法》`); each break joined is listed in `removed` as `join_line`. See the
    /// rules in `clean/join.rs`.
    pub joins: bool,
    /// Keep one copy of a text the document holds several times (see [`copies`]).
    pub copies: bool,
}

impl CleanOptions {
    /// Only the removal of inserted readings: line breaks and every other character stay.
    pub fn only_readings() -> Self {
        CleanOptions {
            readings: true,
            punctuation: false,
            widths: false,
            spaces: false,
            newlines: false,
            boilerplate: false,
            joins: false,
            copies: false,
        }
    }
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            readings: true,
            punctuation: true,
            widths: true,
            spaces: true,
            newlines: true,
            boilerplate: true,
            joins: true,
            copies: true,
        }
    }
}

/// Something cleaning removed, with its span in the original text (characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub start: usize,
    pub end: usize,
    /// The boilerplate rule's name.
    pub rule: String,
    /// The removed text as the input had it: the input's characters `start..end`.
    pub text: String,
}

/// A cleaned text, its map back to the input, and what was removed.
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub text: String,
    pub map: OffsetMap,
    /// Boilerplate removed, in text order.
    pub removed: Vec<Removal>,
    /// Number of pinyin readings removed.
    pub readings: usize,
    /// Number of repeated copies of the text removed (rule [`COPY_RULE`] in `removed`).
    pub copies: usize,
}

mod boilerplate;
mod char_pass;
mod chars;
#[cfg(test)]
mod chrome_tests;
pub mod copies;
mod filter;
mod fragments;
mod join;
mod markup;
mod readings;
#[cfg(test)]
mod tests;
mod uncut;

pub use boilerplate::{Rules, DEFAULT_RULES};
pub(crate) use chars::is_han;
pub use copies::RULE as COPY_RULE;
use uncut::clean_uncut;

/// Clean `text`: the character pass, then boilerplate removal by `rules`.
///
/// Memory: the cleaned text is written once and boilerplate is cut out of it in place, so
/// besides `text` the peak is the cleaned text and its map (no copy of the text as
/// characters, no second copy of the cleaned text).
pub fn clean(text: &str, opts: &CleanOptions, rules: &Rules) -> Cleaned {
    let (uncut, copies) = without_copies(clean_uncut(text, opts, rules), text, opts);
    Cleaned {
        copies,
        ..uncut.into_cleaned()
    }
}

/// The repeated copies cut out of `uncut` too (with `opts.copies`), and their number.
fn without_copies(uncut: uncut::Uncut, text: &str, opts: &CleanOptions) -> (uncut::Uncut, usize) {
    if opts.copies {
        copies::remove_copies(uncut, text)
    } else {
        (uncut, 0)
    }
}

/// Clean, then convert script with OpenCC's `config` (`None`: no conversion), with one map from
/// the final text to `text`.
///
/// The conversion reads the cleaned text a piece at a time (see
/// `Converter::convert_after`), so a 100 MB single line needs about the input, the cleaned
/// text, the output and their maps, and the time stays linear.
pub fn normalize(text: &str, opts: &CleanOptions, rules: &Rules, config: Option<&Converter>) -> Cleaned {
    normalize_in_chunks(text, opts, rules, config, CONVERT_CHUNK)
}

/// Characters converted at a time by [`normalize`] (a chunk ends at the first safe cut after
/// this many).
const CONVERT_CHUNK: usize = 64 * 1024;

fn normalize_in_chunks(
    text: &str,
    opts: &CleanOptions,
    rules: &Rules,
    config: Option<&Converter>,
    chunk: usize,
) -> Cleaned {
    let (uncut, copies) = without_copies(clean_uncut(text, opts, rules), text, opts);
    let Some(conv) = config else {
        return Cleaned {
            copies,
            ..uncut.into_cleaned()
        };
    };
    // The conversion reads the kept pieces where they are: the cleaned text is never
    // compacted (a move and a UTF-8 validation of the whole text).
    let (converted, map) = conv.convert_after(&uncut.pieces(), &uncut.map, chunk);
    Cleaned {
        text: converted,
        map,
        removed: uncut.removed,
        readings: uncut.readings,
        copies,
    }
}
