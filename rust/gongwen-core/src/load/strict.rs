//! Strict decoding: a document's text in one encoding, or the first byte sequence that is not a
//! character in it (never a U+FFFD).

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use super::label::name;
use super::DecodeErrorKind;
use crate::error::{Error, Result};

/// A malformed byte sequence: where it starts, how long it is, in which encoding.
#[derive(Debug, Clone, Copy)]
pub(super) struct Malformed {
    pub(super) encoding: &'static Encoding,
    pub(super) start: usize,
    pub(super) len: usize,
}

impl Malformed {
    pub(super) fn from_utf8(e: std::str::Utf8Error, total: usize) -> Malformed {
        let start = e.valid_up_to();
        Malformed {
            encoding: UTF_8,
            start,
            len: e.error_len().unwrap_or(total - start),
        }
    }

    pub(super) fn into_error(self, bytes: &[u8], context: &str) -> Error {
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

pub(super) fn binary(offset: usize) -> Error {
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
pub(super) fn strict(encoding: &'static Encoding, bytes: &[u8], skip: usize) -> Result<String, Malformed> {
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
pub(super) fn first_malformed(encoding: &'static Encoding, bytes: &[u8], last: bool) -> Option<Malformed> {
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
