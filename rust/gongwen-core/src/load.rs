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
//! A byte sequence that is not a character in the chosen encoding is an [`Error::Decode`] naming
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

use crate::error::{Error, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

/// The non-ASCII bytes of the sample whose validity in GB18030 and Big5 decides between them:
/// 4 KB, about 2,000 Chinese characters, checked at hundreds of MB/s.
const SAMPLE_NON_ASCII: usize = 4096;

/// The non-ASCII bytes of the sample shown to `chardetng` when the sample is valid in both. The
/// detector runs at about 7 MB/s on Big5 (it scores some twenty encodings byte by byte), so it
/// dominates the cost of a Big5 document of tens of KB; on excerpts of the seed documents, 32
/// characters already let it choose right every time, and 1 KB is about 500.
const DETECTOR_NON_ASCII: usize = 512;

/// The non-ASCII bytes (about 32 Chinese characters) below which text valid in two of UTF-8,
/// GB18030 and Big5 is never [`Decoded::confident`]: on excerpts of the seed documents the
/// detector misreads a few percent of shorter ones, mostly Traditional text in GB18030, and a
/// few Chinese characters in GB18030 can be valid UTF-8.
const CONFIDENT_NON_ASCII: usize = 64;

/// The most bytes of the sample, so that ASCII-heavy documents (markup, tables of figures)
/// do not make detection cost grow with their size.
const SAMPLE_MAX: usize = 64 * 1024;

/// The top-level domain passed to `chardetng` as its prior. `.sg` is the domain where chardetng
/// treats both GBK and Big5 as native: they compete on their own merit, every other encoding is
/// set aside when either of them fits, and GBK wins a tie. That is exactly our corpora's prior,
/// and on short excerpts of the seed documents it is right more often than no prior (`None`).
const CHINESE_TLD: &[u8] = b"sg";

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

/// The name [`decode_as`] reports for the encoding `label` names (`"cp936"` -> `"GB18030"`,
/// `"utf-16"` -> `"UTF-16LE"`, whose byte order a mark may still change): the one label parser
/// of every entry point that takes an encoding, so that a label one of them accepts is accepted
/// by all (a pipeline checks its `encoding` with it before reading any document).
///
/// # Errors
///
/// [`DecodeErrorKind::UnknownEncoding`] for a label [`decode_as`] rejects.
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

fn unknown_label(label: &str) -> Error {
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
fn resolve(label: &str) -> Option<(&'static Encoding, bool)> {
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
fn name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// GBK as GB18030: in `encoding_rs` (as in the WHATWG standard) they share one decoder, and
/// GB18030 is the honest name for what it accepts.
fn canonical(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

/// `chardetng`, Firefox's detector, fed the start of a document's sample.
struct Detector {
    inner: EncodingDetector,
    /// The non-ASCII bytes it was fed.
    non_ascii: usize,
}

impl Detector {
    fn new(sample: &[u8]) -> Detector {
        let mut inner = EncodingDetector::new(Iso2022JpDetection::Deny);
        let fed = head(sample, DETECTOR_NON_ASCII);
        // `last = false`: the sample may end inside a character of the document.
        inner.feed(fed, false);
        Detector {
            inner,
            non_ascii: fed.iter().filter(|&&b| b >= 0x80).count(),
        }
    }

    /// GB18030 or Big5, for a sample valid in both.
    fn choice(&self) -> &'static Encoding {
        // With either encoding valid, the Chinese prior leaves the detector no other answer;
        // GB18030 is the fallback should a future version find one.
        match canonical(self.inner.guess(Some(CHINESE_TLD), Utf8Detection::Deny)) {
            e if e == BIG5 => BIG5,
            _ => GB18030,
        }
    }

    /// The detector's choice without the Chinese prior, among every encoding it knows: what
    /// [`Decoded::confident`] compares with (a Shift_JIS document is valid GB18030 but not
    /// Big5, and should not be decoded as GB18030 with confidence).
    fn unprimed(&self) -> &'static Encoding {
        canonical(self.inner.guess(None, Utf8Detection::Deny))
    }
}

/// Whether `sample`, a prefix of a document, is valid in `encoding` as far as it goes.
fn fits(encoding: &'static Encoding, sample: &[u8]) -> bool {
    first_malformed(encoding, sample, false).is_none()
}

/// Whether valid UTF-8 `bytes` are short legacy text too: fewer than [`CONFIDENT_NON_ASCII`]
/// non-ASCII bytes that are also valid GB18030 or Big5 (你好 in UTF-8 is 浣犲ソ in GB18030).
fn ambiguous_utf8(bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|&&b| b >= 0x80).take(CONFIDENT_NON_ASCII).count();
    (1..CONFIDENT_NON_ASCII).contains(&non_ascii)
        && (first_malformed(GB18030, bytes, true).is_none() || first_malformed(BIG5, bytes, true).is_none())
}

/// Whether `sample`, a prefix of a document, is valid UTF-8 as far as it goes.
fn fits_utf8(sample: &[u8]) -> bool {
    std::str::from_utf8(sample).map_or_else(|e| e.error_len().is_none(), |_| true)
}

/// The sample of `bytes` that decides the encoding: from just before the first non-ASCII byte
/// (the detector uses two bytes of context; everything before is ASCII, so this never splits a
/// character) until it holds [`SAMPLE_NON_ASCII`] non-ASCII bytes or [`SAMPLE_MAX`] bytes.
fn sample(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b >= 0x80).unwrap_or(bytes.len());
    let rest = &bytes[first.saturating_sub(2)..];
    head(rest, SAMPLE_NON_ASCII)
}

/// The longest prefix of `bytes` of at most [`SAMPLE_MAX`] bytes with at most `non_ascii`
/// non-ASCII bytes.
fn head(bytes: &[u8], non_ascii: usize) -> &[u8] {
    let limit = bytes.len().min(SAMPLE_MAX);
    let mut seen = 0;
    let end = bytes[..limit]
        .iter()
        .position(|&b| {
            seen += usize::from(b >= 0x80);
            seen > non_ascii
        })
        .unwrap_or(limit);
    &bytes[..end]
}

/// The error for a document whose sample is valid in none of UTF-8, GB18030 and Big5: the
/// first malformed sequence in the one in which it decodes furthest, which for a damaged or
/// truncated document is the one it was written in. On a tie the detector, shown what precedes
/// the error, decides between GB18030 and Big5, and either beats UTF-8 (the sample was not
/// UTF-8).
fn undecodable(bytes: &[u8], utf8: Malformed, detector: &Detector) -> Error {
    let gb = first_malformed(GB18030, bytes, true);
    let big5 = first_malformed(BIG5, bytes, true);
    let furthest = [gb, big5, Some(utf8)]
        .into_iter()
        .flatten()
        .map(|m| m.start)
        .max()
        .unwrap_or(0);
    let chosen = match (gb, big5) {
        (Some(g), Some(b)) if g.start == furthest && b.start == furthest => {
            if Detector::new(sample(&bytes[..furthest])).choice() == BIG5 {
                b
            } else {
                g
            }
        }
        (Some(g), _) if g.start == furthest => g,
        (_, Some(b)) if b.start == furthest => b,
        _ => utf8,
    };
    // Neither is `None` here (the sample is malformed in both), but a valid one would fail "at
    // the end".
    let at = |m: Option<Malformed>| m.map_or(bytes.len(), |m| m.start);
    let context = format!(
        "; the document is not valid in any encoding detected automatically (UTF-8 fails at byte {}, GB18030 at \
         byte {}, Big5 at byte {}): it may be damaged, truncated, mix encodings or be in another encoding{}; pass an \
         encoding to decode it as one",
        utf8.start,
        at(gb),
        at(big5),
        match detector.unprimed() {
            e if e == GB18030 || e == BIG5 => String::new(),
            e => format!(" (the detector's best guess is {})", name(e)),
        }
    );
    chosen.into_error(bytes, &context)
}

/// A malformed byte sequence: where it starts, how long it is, in which encoding.
#[derive(Debug, Clone, Copy)]
struct Malformed {
    encoding: &'static Encoding,
    start: usize,
    len: usize,
}

impl Malformed {
    fn from_utf8(e: std::str::Utf8Error, total: usize) -> Malformed {
        let start = e.valid_up_to();
        Malformed {
            encoding: UTF_8,
            start,
            len: e.error_len().unwrap_or(total - start),
        }
    }

    fn into_error(self, bytes: &[u8], context: &str) -> Error {
        let name = name(self.encoding);
        let end = (self.start + self.len).min(bytes.len());
        let shown: Vec<String> = bytes[self.start..end].iter().map(|b| format!("{b:02x}")).collect();
        let what = match (shown.len(), end == bytes.len()) {
            (1, true) => "byte {} at the end of the input is not a complete character (truncated?)",
            (_, true) => "bytes {} at the end of the input are not a complete character (truncated?)",
            (1, false) => "byte {} does not form a character",
            (_, false) => "bytes {} do not form a character",
        }
        .replace("{}", &shown.join(" "));
        Error::Decode {
            kind: DecodeErrorKind::Malformed,
            encoding: Some(name),
            offset: self.start,
            message: format!("invalid {name} at byte offset {}: {what}{context}", self.start),
        }
    }
}

fn binary(offset: usize) -> Error {
    Error::Decode {
        kind: DecodeErrorKind::Binary,
        encoding: None,
        offset,
        message: format!(
            "not a text file: NUL byte at byte offset {offset} and no byte order mark (binary data, or UTF-16 \
             without a byte order mark: name the encoding, 'utf-16le' or 'utf-16be', to read it as such)"
        ),
    }
}

/// `bytes[skip..]` decoded strictly in `encoding`; offsets in the error count from `bytes[0]`.
fn strict(encoding: &'static Encoding, bytes: &[u8], skip: usize) -> Result<String, Malformed> {
    let input = &bytes[skip..];
    if encoding == UTF_8 {
        // std's validator is several GB/s and the copy is the only allocation.
        return std::str::from_utf8(input).map(str::to_owned).map_err(|e| {
            let m = Malformed::from_utf8(e, input.len());
            Malformed {
                start: skip + m.start,
                ..m
            }
        });
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // Chinese characters take 2 bytes in GB18030, Big5 and UTF-16 and 3 in UTF-8; ASCII takes
    // 1 in both. Sizing for 3/2 (not `encoding_rs`'s worst case of 3x) keeps the output
    // allocation close to the text's size; rarer expansions grow it below.
    let mut text = String::with_capacity(input.len() / 2 * 3 + 16);
    let mut read = 0;
    loop {
        let (result, n) = decoder.decode_to_string_without_replacement(&input[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => {
                // ASCII-heavy text leaves up to a third of the estimate unused.
                if text.capacity() - text.len() > text.len() / 4 {
                    text.shrink_to_fit();
                }
                return Ok(text);
            }
            DecoderResult::OutputFull => text.reserve_exact((input.len() - read) / 2 * 3 + 16),
            DecoderResult::Malformed(len, after) => {
                // `len` bytes ending `after` bytes before `read` (possibly begun in an earlier
                // call, which is why the start is computed from the end).
                let end = skip + read - usize::from(after);
                return Err(Malformed {
                    encoding,
                    start: end - usize::from(len),
                    len: usize::from(len),
                });
            }
        }
    }
}

/// The first malformed sequence of `bytes` in `encoding`, found without keeping the output;
/// `last = false` for a prefix, whose last character may be cut short.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8], last: bool) -> Option<Malformed> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut scratch = vec![0u8; 16 * 1024];
    let mut read = 0;
    loop {
        let (result, n, _) = decoder.decode_to_utf8_without_replacement(&bytes[read..], &mut scratch, last);
        read += n;
        match result {
            DecoderResult::InputEmpty => return None,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(len, after) => {
                let end = read - usize::from(after);
                return Some(Malformed {
                    encoding,
                    start: end - usize::from(len),
                    len: usize::from(len),
                });
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The fields of an [`Error::Decode`], for the assertions.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) struct Parts {
        pub kind: DecodeErrorKind,
        pub encoding: Option<&'static str>,
        pub offset: usize,
        pub message: String,
    }

    impl std::fmt::Display for Parts {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.message)
        }
    }

    pub(crate) fn parts(err: Error) -> Parts {
        match err {
            Error::Decode {
                kind,
                encoding,
                offset,
                message,
            } => Parts {
                kind,
                encoding,
                offset,
                message,
            },
            other => panic!("not a decoding error: {other}"),
        }
    }

    const SIMPLIFIED: &str = "一、2022年工作进展和成效\n(一)大力开展卫生创建工作。完成省级卫生城市届满复审申报工作，\
        推进文明城市创建，统筹推进各类群众性精神文明创建活动。";
    const TRADITIONAL: &str =
        "堅持安全為基，保障行穩致遠。強化年度安全目標管理：2024年初，區交通運輸局與局屬3個監管部門\
        和5個重點交通運輸企業簽訂了安全生產目標管理責任書。";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot encode the test text", name(encoding));
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    use crate::test_rng::Rng;

    #[track_caller]
    fn check(bytes: &[u8], text: &str, encoding: &str) -> Decoded {
        let doc = decode(bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.encoding, encoding);
        assert_eq!(doc.text, text);
        doc
    }

    #[test]
    fn empty_and_ascii_are_utf8() {
        let doc = check(b"", "", "UTF-8");
        assert!(doc.confident && !doc.had_bom);
        check(b"GDP grew 5.2% in 2023.\r\n", "GDP grew 5.2% in 2023.\r\n", "UTF-8");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let doc = check(SIMPLIFIED.as_bytes(), SIMPLIFIED, "UTF-8");
        assert!(doc.confident && !doc.had_bom);
        let with_bom = [b"\xEF\xBB\xBF", SIMPLIFIED.as_bytes()].concat();
        assert!(check(&with_bom, SIMPLIFIED, "UTF-8").had_bom);
        // The BOM is stripped once; a second U+FEFF is text.
        let twice = [b"\xEF\xBB\xBF\xEF\xBB\xBF", SIMPLIFIED.as_bytes()].concat();
        check(&twice, &format!("\u{FEFF}{SIMPLIFIED}"), "UTF-8");
    }

    #[test]
    fn utf16_with_bom() {
        let text = format!("{TRADITIONAL}\n😀 and ASCII");
        assert!(check(&utf16(&text, false), &text, "UTF-16LE").had_bom);
        assert!(check(&utf16(&text, true), &text, "UTF-16BE").had_bom);
        check(&[0xFF, 0xFE], "", "UTF-16LE");
    }

    #[test]
    fn utf16_errors_name_the_offset_in_the_input() {
        let mut odd = utf16("公文", false);
        odd.push(b'x');
        let err = decode(&odd).map_err(parts).unwrap_err();
        assert_eq!(
            (err.kind, err.encoding, err.offset),
            (DecodeErrorKind::Malformed, Some("UTF-16LE"), 6)
        );
        // A lone high surrogate: U+D800 followed by 'a'.
        let lone = [0xFF, 0xFE, 0x00, 0xD8, b'a', 0x00];
        let err = decode(&lone).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("UTF-16LE"), 2), "{err}");
    }

    #[test]
    fn gb18030_simplified_and_traditional() {
        let doc = check(&encode(GB18030, SIMPLIFIED), SIMPLIFIED, "GB18030");
        assert!(doc.confident && !doc.had_bom);
        check(&encode(GB18030, TRADITIONAL), TRADITIONAL, "GB18030");
        // Pinyin readings with tone marks (in GBK) and four-byte sequences (beyond GBK).
        let readings = format!("{TRADITIONAL}穩(wěn)區(qū)€😀\u{80}");
        check(&encode(GB18030, &readings), &readings, "GB18030");
    }

    #[test]
    fn gbk_is_reported_as_gb18030() {
        let bytes = encode(GBK, SIMPLIFIED);
        check(&bytes, SIMPLIFIED, "GB18030");
        for label in ["gbk", "GBK", "gb2312", "cp936", "x-gbk", "gb18030"] {
            assert_eq!(decode_as(&bytes, label).unwrap().encoding, "GB18030", "{label}");
        }
    }

    #[test]
    fn big5_traditional() {
        let doc = check(&encode(BIG5, TRADITIONAL), TRADITIONAL, "Big5");
        assert!(doc.confident);
    }

    #[test]
    fn a_misread_is_never_confident() {
        // Short texts are ambiguous: the first two characters of TRADITIONAL in GB18030 read
        // as Big5, 你好 in UTF-8 is 浣犲ソ in GB18030. Whatever the reading, a wrong one must
        // not claim confidence.
        let texts = [SIMPLIFIED, TRADITIONAL];
        let mut wrong = 0;
        for text in texts {
            let chars: Vec<char> = text.chars().collect();
            for len in [1, 2, 3, 4, 6, 8, 12, 16] {
                for start in 0..chars.len() - len {
                    let piece: String = chars[start..start + len].iter().collect();
                    for encoding in [GB18030, BIG5, UTF_8] {
                        let (bytes, _, unmappable) = encoding.encode(&piece);
                        let Ok(doc) = decode(&bytes) else { continue };
                        if !unmappable && doc.text != piece {
                            wrong += 1;
                            assert!(!doc.confident, "{piece:?} in {} read as {doc:?}", encoding.name());
                        }
                    }
                }
            }
        }
        assert!(wrong > 10, "{wrong}");
        let doc = check("你好".as_bytes(), "你好", "UTF-8");
        assert!(!doc.confident);
    }

    #[test]
    fn other_legacy_encodings_are_not_detected_with_confidence() {
        // Shift_JIS Japanese is valid GB18030 (not Big5): decoded, but flagged.
        let text = "日本語のテキストです。カタカナもあります。".repeat(5);
        let doc = decode(&encode(encoding_rs::SHIFT_JIS, &text)).unwrap();
        assert_eq!((doc.encoding, doc.confident), ("GB18030", false));
        assert_eq!(
            decode_as(&encode(encoding_rs::SHIFT_JIS, &text), "shift_jis")
                .unwrap()
                .text,
            text
        );
        // windows-1252 is valid in none: an error that suggests it.
        let err = decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e, \xe0 la carte")
            .map_err(parts)
            .unwrap_err();
        assert_eq!((err.kind, err.offset), (DecodeErrorKind::Malformed, 3));
        assert!(err.message.contains("windows-1252"), "{err}");
    }

    #[test]
    fn detection_looks_past_a_long_ascii_prefix() {
        let mut text = "<p>ascii markup</p>\n".repeat(10_000);
        text.push_str(TRADITIONAL);
        check(&encode(BIG5, &text), &text, "Big5");
        check(&encode(GB18030, &text), &text, "GB18030");
    }

    #[test]
    fn truncated_gb18030_is_an_error_at_the_cut() {
        let bytes = encode(GB18030, &SIMPLIFIED.repeat(20));
        let cut = &bytes[..bytes.len() - 1];
        let err = decode(cut).map_err(parts).unwrap_err();
        assert_eq!(
            (err.kind, err.encoding, err.offset),
            (DecodeErrorKind::Malformed, Some("GB18030"), cut.len() - 1)
        );
        assert!(
            err.to_string().contains(&format!("byte offset {}", cut.len() - 1)),
            "{err}"
        );
        assert!(err.to_string().contains("truncated"), "{err}");
        // Short enough for the detector to see the cut, too.
        let short = encode(GB18030, SIMPLIFIED);
        let err = decode(&short[..short.len() - 1]).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("GB18030"), short.len() - 2), "{err}");
    }

    #[test]
    fn truncated_big5_is_an_error_at_the_cut() {
        let bytes = encode(BIG5, &TRADITIONAL.repeat(20));
        let cut = &bytes[..bytes.len() - 1];
        let err = decode(cut).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("Big5"), cut.len() - 1), "{err}");
    }

    #[test]
    fn a_damaged_byte_is_reported_where_it_is() {
        for (encoding, text) in [(GB18030, SIMPLIFIED), (BIG5, TRADITIONAL)] {
            let head = encode(encoding, &text.repeat(3));
            // 0xFF is a lead byte in neither encoding; the detector sees it too.
            let bytes = [&head[..], b"\xFF", &head[..]].concat();
            let err = decode(&bytes).map_err(parts).unwrap_err();
            assert_eq!((err.encoding, err.offset), (Some(name(encoding)), head.len()), "{err}");
            assert!(err.message.contains("ff"), "{err}");
            // Beyond the detector's sample, the detected encoding is reported.
            let long = encode(encoding, &text.repeat(200));
            let bytes = [&long[..], b"\xFF", &long[..]].concat();
            let err = decode(&bytes).map_err(parts).unwrap_err();
            assert_eq!((err.encoding, err.offset), (Some(name(encoding)), long.len()), "{err}");
        }
    }

    #[test]
    fn damaged_utf8_is_reported_as_utf8() {
        let text = SIMPLIFIED.repeat(300);
        let bytes = text.as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        let err = decode(cut).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("UTF-8"), cut.len() - 2), "{err}");
        let mut damaged = bytes.to_vec();
        damaged[bytes.len() / 2] = 0xFF;
        let err = decode(&damaged).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("UTF-8"), bytes.len() / 2), "{err}");
        // With a BOM, the offset counts the BOM.
        let err = decode(&[b"\xEF\xBB\xBF", cut].concat()).map_err(parts).unwrap_err();
        assert_eq!((err.encoding, err.offset), (Some("UTF-8"), cut.len() + 1), "{err}");
    }

    #[test]
    fn binary_input_is_not_text() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
        let err = decode(png).map_err(parts).unwrap_err();
        assert_eq!((err.kind, err.encoding, err.offset), (DecodeErrorKind::Binary, None, 8));
        assert!(err.to_string().starts_with("not a text file"), "{err}");
        // UTF-16 without a BOM has a NUL in every ASCII character.
        let bomless = &utf16("report 2023", false)[2..];
        assert_eq!(
            decode(bomless).map_err(parts).unwrap_err().kind,
            DecodeErrorKind::Binary
        );
        assert_eq!(decode_as(bomless, "utf-16le").unwrap().text, "report 2023");
        // A BOM says text: NUL is then an ordinary character.
        check(b"\xEF\xBB\xBFa\x00b", "a\0b", "UTF-8");
    }

    #[test]
    fn forced_encodings() {
        let gb = encode(GB18030, SIMPLIFIED);
        let doc = decode_as(&gb, "GB18030").unwrap();
        assert_eq!(
            (doc.text.as_str(), doc.encoding, doc.confident),
            (SIMPLIFIED, "GB18030", true)
        );
        // Forcing the wrong encoding is strict too.
        let err = decode_as(&gb, "utf-8").map_err(parts).unwrap_err();
        let valid_up_to = std::str::from_utf8(&gb).unwrap_err().valid_up_to();
        assert_eq!((err.encoding, err.offset), (Some("UTF-8"), valid_up_to));
        // Traditional text in GB18030, read as Big5 on request: valid bytes, wrong characters
        // or an error, never a panic; the caller asked for it.
        let _ = decode_as(&encode(GB18030, TRADITIONAL), "big5");
        // Labels with `_`, Python's spellings, surrounding whitespace.
        assert_eq!(
            decode_as(&encode(encoding_rs::SHIFT_JIS, "日本"), "shift_jis")
                .unwrap()
                .text,
            "日本"
        );
        let sig = [b"\xEF\xBB\xBF", SIMPLIFIED.as_bytes()].concat();
        let doc = decode_as(&sig, "utf_8_sig").unwrap();
        assert_eq!((doc.text.as_str(), doc.had_bom), (SIMPLIFIED, true));
        assert_eq!(
            decode_as(&encode(BIG5, TRADITIONAL), " Big5-HKSCS ").unwrap().text,
            TRADITIONAL
        );
        assert_eq!(decode_as(&encode(BIG5, TRADITIONAL), "cp950").unwrap().encoding, "Big5");
        // Only this encoding's BOM is removed; another one is data.
        let le = utf16("公文", false);
        assert_eq!(decode_as(&le, "utf-16-le").unwrap().text, "公文");
        assert_eq!(decode_as(&le, "utf-16be").unwrap().text, "\u{FFFE}\u{6C51}\u{8765}");
        // Python's "utf-16" takes the byte order from the BOM.
        let doc = decode_as(&utf16("公文", true), "utf-16").unwrap();
        assert_eq!((doc.text.as_str(), doc.encoding), ("公文", "UTF-16BE"));
        assert_eq!(decode_as(&le[2..], "utf-16").unwrap().encoding, "UTF-16LE");
    }

    #[test]
    fn unknown_labels() {
        for label in ["", "gb-what", "utf-9", "hz-gb-2312", "iso-2022-kr", "chinese-ish"] {
            let err = decode_as(b"abc", label).map_err(parts).unwrap_err();
            assert_eq!(
                (err.kind, err.encoding),
                (DecodeErrorKind::UnknownEncoding, None),
                "{label}"
            );
            assert!(err.message.contains("unknown encoding"), "{err}");
            assert_eq!(encoding_for_label(label).map_err(parts), Err(err), "{label}");
        }
    }

    /// Every label the module documents, as `decode_as` reads it and `encoding_for_label` names it.
    pub(crate) const DOCUMENTED_LABELS: &[(&str, &str)] = &[
        ("gb18030", "GB18030"),
        ("GB18030", "GB18030"),
        ("gbk", "GB18030"),
        ("gb2312", "GB18030"),
        ("big5", "Big5"),
        ("utf-8", "UTF-8"),
        ("utf8", "UTF-8"),
        ("utf-16", "UTF-16LE"),
        ("utf-16le", "UTF-16LE"),
        ("utf-16be", "UTF-16BE"),
        ("shift_jis", "Shift_JIS"),
        ("utf_8_sig", "UTF-8"),
        ("utf-8-sig", "UTF-8"),
        ("utf8-sig", "UTF-8"),
        ("utf16", "UTF-16LE"),
        ("utf-16-le", "UTF-16LE"),
        ("utf_16_le", "UTF-16LE"),
        ("utf16le", "UTF-16LE"),
        ("utf-16-be", "UTF-16BE"),
        ("utf16be", "UTF-16BE"),
        ("cp936", "GB18030"),
        ("CP936", "GB18030"),
        ("ms936", "GB18030"),
        ("936", "GB18030"),
        ("cp950", "Big5"),
        ("ms950", "Big5"),
        ("950", "Big5"),
        ("big5hkscs", "Big5"),
        (" Big5-HKSCS ", "Big5"),
    ];

    #[test]
    fn one_label_parser() {
        for &(label, expected) in DOCUMENTED_LABELS {
            assert_eq!(encoding_for_label(label).map_err(parts), Ok(expected), "{label}");
            assert_eq!(
                decode_as(b"report", label).map(|d| d.encoding).map_err(parts),
                Ok(expected),
                "{label}"
            );
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            let len = (rng.next() % 300) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let b = rng.next() as u8;
                    match round % 3 {
                        0 => b | 0x80, // legacy-CJK-like
                        1 => b.max(1), // no NUL, so detection runs
                        _ => b,
                    }
                })
                .collect();
            if let Err(err) = decode(&bytes).map_err(parts) {
                assert!(err.offset < bytes.len(), "{err}");
            }
            for label in ["gb18030", "big5", "utf-8", "utf-16be", "shift_jis"] {
                if let Err(err) = decode_as(&bytes, label).map_err(parts) {
                    assert!(err.offset < bytes.len(), "{err}");
                }
            }
        }
    }

    #[test]
    fn the_offset_is_that_of_the_first_bad_sequence() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let docs = [
            encode(GB18030, &SIMPLIFIED.repeat(4)),
            encode(GB18030, &TRADITIONAL.repeat(4)),
            encode(BIG5, &TRADITIONAL.repeat(4)),
            SIMPLIFIED.repeat(4).into_bytes(),
            utf16(&TRADITIONAL.repeat(4), true),
        ];
        let mut errors = 0;
        for round in 0..2000 {
            let mut bytes = docs[round % docs.len()].clone();
            for _ in 0..1 + rng.next() % 3 {
                let i = (rng.next() as usize) % bytes.len();
                bytes[i] = (rng.next() as u8).max(1);
            }
            if round % 4 == 0 {
                bytes.truncate(bytes.len() - 1 - (rng.next() as usize) % 5);
            }
            let Err(err) = decode(&bytes).map_err(parts) else {
                continue;
            };
            if err.kind == DecodeErrorKind::Binary {
                // UTF-16 whose byte order mark was hit.
                assert!(Encoding::for_bom(&bytes).is_none() && bytes.contains(&0));
                continue;
            }
            errors += 1;
            let encoding = err.encoding.expect("malformed text names its encoding");
            // Everything before the offset decodes; the sequence at the offset does not.
            let before = decode_as(&bytes[..err.offset], encoding);
            assert!(before.is_ok(), "{err}: {:?}", before.unwrap_err());
            let after = decode_as(&bytes[..], encoding).map_err(parts).unwrap_err();
            assert_eq!(after.offset, err.offset, "{err}");
        }
        assert!(errors > 500, "{errors}");
    }

    #[test]
    fn output_capacity_grows_when_the_estimate_is_short() {
        // 0x80 is one byte for U+20AC (three in UTF-8), above the 3/2 estimate.
        let bytes = [&encode(GB18030, SIMPLIFIED)[..], &[0x80; 5000]].concat();
        let text = format!("{SIMPLIFIED}{}", "€".repeat(5000));
        check(&bytes, &text, "GB18030");
        assert_eq!(decode_as(&[0x80; 5000], "gb18030").unwrap().text, "€".repeat(5000));
    }

    #[test]
    fn output_is_allocated_once_at_about_its_size() {
        // Throughput (linear, several hundred MB/s) is measured in release builds, see the
        // README; here: no reallocation beyond the 3/2 estimate for Chinese text.
        let text = SIMPLIFIED.repeat(2_000);
        let doc = decode(&encode(GB18030, &text)).unwrap();
        assert_eq!(doc.text, text);
        assert!(
            doc.text.capacity() < doc.text.len() + doc.text.len() / 4,
            "{}",
            doc.text.capacity()
        );
    }
}
