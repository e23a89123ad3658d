//! The `load` stage: the bytes of a document to its text, in the encoding it was written in.
//!
//! Scraped corpora of Chinese official documents come in UTF-8 (with or without a byte order
//! mark), UTF-16 with a byte order mark, GB18030/GBK and Big5, unlabelled. [`decode`] works out
//! which and decodes strictly; [`decode_as`] decodes in an encoding the caller names.
//!
//! ```
//! use gongwen_core::load::{decode, decode_as};
//! use gongwen_core::Error;
//!
//! // "公文" in GB18030, as an old Windows editor in mainland China would have saved it.
//! let gb = [0xB9, 0xAB, 0xCE, 0xC4, 0xD2, 0xBB, 0xCA, 0xBD, 0xC1, 0xBD, 0xB7, 0xDD];
//! let doc = decode(&gb).unwrap();
//! assert_eq!((doc.text.as_str(), doc.encoding), ("公文一式两份", "GB18030"));
//!
//! // A document cut short in the middle of a character is an error, not a U+FFFD.
//! let Error::Decode { encoding, offset, .. } = decode_as(&gb[..5], "gbk").unwrap_err() else { unreachable!() };
//! assert_eq!((encoding, offset), (Some("GB18030"), 4));
//! ```
//!
//! # How the encoding is chosen ([`decode`])
//!
//! 1. A byte order mark decides: UTF-8, UTF-16LE or UTF-16BE; the mark is not part of the text.
//! 2. Otherwise a NUL byte anywhere means "not a text file" (an image, an archive, or UTF-16
//!    without a byte order mark, which has a NUL in every ASCII character): an error of kind
//!    [`DecodeErrorKind::Binary`] rather than text full of U+0000 or mojibake. Text files do not
//!    contain NUL; [`decode_as`] reads one anyway.
//! 3. Input that is valid UTF-8 is UTF-8 (so are empty and pure-ASCII input). The check is exact,
//!    and legacy Chinese text that happens to be valid UTF-8 is vanishingly rare beyond a few
//!    characters.
//! 4. Otherwise a sample of the document decides: its first few kilobytes that contain non-ASCII
//!    bytes. If the sample is valid in only one of GB18030 and Big5, that is the encoding;
//!    if in both (Big5 bytes nearly always are valid GB18030), `chardetng`, Firefox's
//!    detector, chooses from the characters they make. The whole document is then decoded
//!    strictly in that encoding. A sample valid UTF-8 (a UTF-8 document damaged further on) is
//!    reported as malformed UTF-8. A sample valid in none of them leaves no choice to trust: the
//!    error names the one among UTF-8, GB18030 and Big5 in which the document decodes furthest,
//!    which for a damaged or truncated file is the one it was written in.
//!
//! Detection only ever answers UTF-8, UTF-16LE, UTF-16BE, GB18030 or Big5: a detector that
//! could also answer windows-1252 or Shift_JIS would turn every damaged Chinese file into
//! plausible-looking mojibake. Other encodings are read with [`decode_as`].
//!
//! GBK is a subset of GB18030 and the WHATWG/`encoding_rs` GBK decoder *is* the GB18030
//! decoder, so GB data is always reported as `"GB18030"`, whatever the detector or the caller
//! called it. Big5 is WHATWG's Big5, i.e. Big5 with the HKSCS and common vendor extensions.
//!
//! # Errors, never replacement characters
//!
//! A byte sequence that is not a character in the chosen encoding is an [`Error::Decode`](crate::Error::Decode) naming
//! the encoding and the byte offset (in the input, byte order mark included) of the first bad
//! sequence: a silently inserted U+FFFD would corrupt word counts and indicator values
//! downstream without anyone noticing.
//!
//! # Cost
//!
//! Linear in the input, with one output `String` (about 1.5 bytes a byte for Chinese text) as
//! the only large allocation. Detection looks at a bounded sample, not the whole document: the
//! detector is slow (about 7 MB/s on Big5, 20 MB/s on GB18030) and a few dozen characters
//! already decide between GB18030 and Big5.

pub mod csv;
mod detect;
pub mod discover;
pub mod expand;
pub mod jsonl;
mod label;
pub mod meta;
pub mod shown;
pub mod source;
mod strict;
#[cfg(test)]
pub(crate) mod tests;

use crate::error::Result;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use detect::{ambiguous_utf8, fits, fits_utf8, sample, undecodable, Detector, CONFIDENT_NON_ASCII};
pub use label::encoding_for_label;
use label::{name, resolve, unknown_label};
use strict::{binary, strict, Malformed};

pub use discover::Glob;
pub use expand::{check_path, discover_files, path_units, FileKind, PathUnits};
pub use jsonl::Columns;
pub use meta::{Meta, MetaValue};
pub use source::{Batcher, ErrorKind, Source};

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The WHATWG name of the encoding used: `"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"`,
    /// `"GB18030"` (also for GBK data), `"Big5"`, or with [`decode_as`] any other WHATWG name.
    pub encoding: &'static str,
    /// Whether the input started with a byte order mark (which is not part of `text`).
    pub had_bom: bool,
    /// Whether the encoding is certain rather than a statistical choice that may be wrong: true
    /// for a byte order mark and a forced encoding; for valid UTF-8 unless it has fewer than
    /// about 32 non-ASCII characters and these are valid GB18030 or Big5 too; for GB18030 or
    /// Big5 detected, when `chardetng` makes the same choice without being told that the text is
    /// Chinese and, if the text is valid in both, it has at least about 32 non-ASCII characters.
    /// False flags short texts (titles, a few characters) and text in another legacy encoding
    /// (a Shift_JIS document is valid GB18030), whose reading should be checked.
    pub confident: bool,
}

pub use crate::error::DecodeErrorKind;

/// Decode `bytes`, detecting the encoding (see the [module documentation](self) for the rules).
///
/// # Errors
///
/// [`DecodeErrorKind::Binary`] for input with a NUL byte and no byte order mark,
/// [`DecodeErrorKind::Malformed`] for a byte sequence that is not a character in the encoding
/// detected.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return strict(encoding, bytes, bom_len)
            .map(|text| Decoded {
                text,
                encoding: name(encoding),
                had_bom: true,
                confident: true,
            })
            .map_err(|bad| bad.into_error(bytes, ""));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(binary(offset));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_owned(),
                encoding: UTF_8.name(),
                had_bom: false,
                confident: !ambiguous_utf8(bytes),
            })
        }
        Err(e) => Malformed::from_utf8(e, bytes.len()),
    };
    let sample = sample(bytes);
    if fits_utf8(sample) {
        // UTF-8 as far as the sample goes: a UTF-8 document damaged or cut short further on.
        return Err(utf8_error.into_error(bytes, "; the document is UTF-8 up to there (damaged or truncated?)"));
    }
    let detector = Detector::new(sample);
    let (encoding, confident) = match (fits(GB18030, sample), fits(BIG5, sample)) {
        (true, true) => {
            let choice = detector.choice();
            (
                choice,
                detector.unprimed() == choice && detector.non_ascii >= CONFIDENT_NON_ASCII,
            )
        }
        (true, false) => (GB18030, detector.unprimed() == GB18030),
        (false, true) => (BIG5, detector.unprimed() == BIG5),
        (false, false) => return Err(undecodable(bytes, utf8_error, &detector)),
    };
    strict(encoding, bytes, 0)
        .map(|text| Decoded {
            text,
            encoding: name(encoding),
            had_bom: false,
            confident,
        })
        .map_err(|bad| {
            bad.into_error(
                bytes,
                " (encoding detected from the content; pass an encoding to force another)",
            )
        })
}

/// [`decode`] of bytes the caller gives up: a UTF-8 document without a byte order mark (most
/// of them) becomes its text in place, with no copy, so a huge file is never held twice.
///
/// ```
/// use gongwen_core::load::{decode, decode_owned};
///
/// let gbk = vec![0xd4, 0xf6, 0xb3, 0xa4, 0x35, 0x25]; // 增长5% in GBK
/// assert_eq!(decode_owned(gbk.clone()).unwrap(), decode(&gbk).unwrap());
/// assert_eq!(decode_owned("增长5%".as_bytes().to_vec()).unwrap().text, "增长5%");
/// ```
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded> {
    if Encoding::for_bom(&bytes).is_some() || memchr::memchr(0, &bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let confident = !ambiguous_utf8(text.as_bytes());
            Ok(Decoded {
                text,
                encoding: UTF_8.name(),
                had_bom: false,
                confident,
            })
        }
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decode `bytes` in the encoding `label` names: a WHATWG label (`"gb18030"`, `"gbk"`,
/// `"gb2312"`, `"big5"`, `"utf-8"`, `"utf-16le"`, `"shift_jis"`, ...) or one of Python's names
/// for the encodings of Chinese documents (`"utf_8_sig"`, `"utf-16-le"`, `"cp936"`, `"cp950"`,
/// `"big5hkscs"`), case-insensitive. A byte order mark of that encoding is removed (`"utf-16"`
/// takes the byte order from a mark if there is one, as Python does, else little-endian). GBK
/// labels decode as GB18030 and report `"GB18030"`. No NUL check: the caller has said what the
/// bytes are.
///
/// # Errors
///
/// [`DecodeErrorKind::UnknownEncoding`] for a label that names no encoding (or WHATWG's
/// "replacement" encoding, which cannot decode anything), [`DecodeErrorKind::Malformed`] for a
/// byte sequence that is not a character in it.
pub fn decode_as(bytes: &[u8], label: &str) -> Result<Decoded> {
    let (encoding, either_utf16_bom) = resolve(label).ok_or_else(|| unknown_label(label))?;
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((bom, len)) if bom == encoding => (encoding, len),
        Some((bom, len)) if either_utf16_bom && (bom == UTF_16LE || bom == UTF_16BE) => (bom, len),
        _ => (encoding, 0),
    };
    strict(encoding, bytes, bom_len)
        .map(|text| Decoded {
            text,
            encoding: name(encoding),
            had_bom: bom_len > 0,
            confident: true,
        })
        .map_err(|bad| bad.into_error(bytes, ""))
}
