//! Encoding labels: the one parser of the names a caller gives an encoding (WHATWG labels and
//! Python's names for the encodings of Chinese documents), and the names reported back.

use encoding_rs::{Encoding, GB18030, GBK, REPLACEMENT};

use super::DecodeErrorKind;
use crate::error::{Error, Result};

/// The name [`decode_as`](super::decode_as) reports for the encoding `label` names (`"cp936"` -> `"GB18030"`,
/// `"utf-16"` -> `"UTF-16LE"`, whose byte order a mark may still change): the one label parser
/// of every entry point that takes an encoding, so that a label one of them accepts is accepted
/// by all (a pipeline checks its `encoding` with it before reading any document).
///
/// # Errors
///
/// [`DecodeErrorKind::UnknownEncoding`] for a label [`decode_as`](super::decode_as) rejects.
///
/// ```
/// use gongwen_core::load::encoding_for_label;
///
/// assert_eq!(encoding_for_label("cp936").unwrap(), "GB18030");
/// assert_eq!(encoding_for_label(" Big5-HKSCS ").unwrap(), "Big5");
/// assert!(encoding_for_label("klingon").is_err());
/// ```
pub fn encoding_for_label(label: &str) -> Result<&'static str> {
    resolve(label)
        .map(|(encoding, _)| name(encoding))
        .ok_or_else(|| unknown_label(label))
}

pub(super) fn unknown_label(label: &str) -> Error {
    Error::Decode {
        kind: DecodeErrorKind::UnknownEncoding,
        encoding: None,
        offset: 0,
        message: format!(
            "unknown encoding {label:?}: expected a WHATWG encoding label such as 'utf-8', 'gb18030', 'gbk', \
             'big5', 'utf-16le' or 'utf-16be', or Python's 'utf_8_sig', 'utf-16-le', 'cp936', 'cp950', 'big5hkscs'"
        ),
    }
}

/// The encoding `label` names, and whether it is Python's BOM-sniffing `"utf-16"`.
pub(super) fn resolve(label: &str) -> Option<(&'static Encoding, bool)> {
    let trimmed = label.trim();
    let normal = trimmed.to_ascii_lowercase().replace('_', "-");
    // Python's names for the encodings of our corpora that WHATWG does not list.
    let alias = match normal.as_str() {
        "utf-8-sig" | "utf8-sig" => "utf-8",
        "utf16" => "utf-16",
        "utf-16-le" | "utf16le" => "utf-16le",
        "utf-16-be" | "utf16be" => "utf-16be",
        "cp936" | "ms936" | "936" => "gbk",
        "cp950" | "ms950" | "950" => "big5",
        "big5hkscs" => "big5",
        other => other,
    };
    // WHATWG labels may contain `_` (`shift_jis`), Python's use it for `-`: try both spellings.
    let encoding = Encoding::for_label(trimmed.as_bytes()).or_else(|| Encoding::for_label(alias.as_bytes()))?;
    if encoding == REPLACEMENT {
        // The WHATWG "replacement" encoding (labels such as `hz-gb-2312`, `iso-2022-kr`) turns
        // any input into one U+FFFD: it exists to stop content from being read, not to read it.
        return None;
    }
    Some((canonical(encoding), alias == "utf-16"))
}

/// The name reported for `encoding`: its WHATWG name, except that GB18030 is spelt as its
/// standard spells it (WHATWG writes "gb18030", unlike every other name it defines).
pub(super) fn name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// GBK as GB18030: in `encoding_rs` (as in the WHATWG standard) they share one decoder, and
/// GB18030 is the honest name for what it accepts.
pub(super) fn canonical(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}
