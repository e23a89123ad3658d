//! Detection: which of UTF-8, GB18030 and Big5 a document without a byte order mark is in,
//! from a bounded sample, with `chardetng` deciding between GB18030 and Big5.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030};

use super::label::{canonical, name};
use super::strict::{first_malformed, Malformed};
use crate::error::Error;

/// The non-ASCII bytes of the sample whose validity in GB18030 and Big5 decides between them:
/// 4 KB, about 2,000 Chinese characters, checked at hundreds of MB/s.
pub(super) const SAMPLE_NON_ASCII: usize = 4096;

/// The non-ASCII bytes of the sample shown to `chardetng` when the sample is valid in both. The
/// detector runs at about 7 MB/s on Big5 (it scores some twenty encodings byte by byte), so it
/// dominates the cost of a Big5 document of tens of KB; on excerpts of the seed documents, 32
/// characters already let it choose right every time, and 1 KB is about 500.
pub(super) const DETECTOR_NON_ASCII: usize = 512;

/// The non-ASCII bytes (about 32 Chinese characters) below which text valid in two of UTF-8,
/// GB18030 and Big5 is never [`Decoded::confident`]: on excerpts of the seed documents the
/// detector misreads a few percent of shorter ones, mostly Traditional text in GB18030, and a
/// few Chinese characters in GB18030 can be valid UTF-8.
pub(super) const CONFIDENT_NON_ASCII: usize = 64;

/// The most bytes of the sample, so that ASCII-heavy documents (markup, tables of figures)
/// do not make detection cost grow with their size.
pub(super) const SAMPLE_MAX: usize = 64 * 1024;

/// The top-level domain passed to `chardetng` as its prior. `.sg` is the domain where chardetng
/// treats both GBK and Big5 as native: they compete on their own merit, every other encoding is
/// set aside when either of them fits, and GBK wins a tie. That is exactly our corpora's prior,
/// and on short excerpts of the seed documents it is right more often than no prior (`None`).
pub(super) const CHINESE_TLD: &[u8] = b"sg";

/// `chardetng`, Firefox's detector, fed the start of a document's sample.
pub(super) struct Detector {
    inner: EncodingDetector,
    /// The non-ASCII bytes it was fed.
    pub(super) non_ascii: usize,
}

impl Detector {
    pub(super) fn new(sample: &[u8]) -> Detector {
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
    pub(super) fn choice(&self) -> &'static Encoding {
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
    pub(super) fn unprimed(&self) -> &'static Encoding {
        canonical(self.inner.guess(None, Utf8Detection::Deny))
    }
}

/// Whether `sample`, a prefix of a document, is valid in `encoding` as far as it goes.
pub(super) fn fits(encoding: &'static Encoding, sample: &[u8]) -> bool {
    first_malformed(encoding, sample, false).is_none()
}

/// Whether valid UTF-8 `bytes` are short legacy text too: fewer than [`CONFIDENT_NON_ASCII`]
/// non-ASCII bytes that are also valid GB18030 or Big5 (你好 in UTF-8 is 浣犲ソ in GB18030).
pub(super) fn ambiguous_utf8(bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|&&b| b >= 0x80).take(CONFIDENT_NON_ASCII).count();
    (1..CONFIDENT_NON_ASCII).contains(&non_ascii)
        && (first_malformed(GB18030, bytes, true).is_none() || first_malformed(BIG5, bytes, true).is_none())
}

/// Whether `sample`, a prefix of a document, is valid UTF-8 as far as it goes.
pub(super) fn fits_utf8(sample: &[u8]) -> bool {
    std::str::from_utf8(sample).map_or_else(|e| e.error_len().is_none(), |_| true)
}

/// The sample of `bytes` that decides the encoding: from just before the first non-ASCII byte
/// (the detector uses two bytes of context; everything before is ASCII, so this never splits a
/// character) until it holds [`SAMPLE_NON_ASCII`] non-ASCII bytes or [`SAMPLE_MAX`] bytes.
pub(super) fn sample(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b >= 0x80).unwrap_or(bytes.len());
    let rest = &bytes[first.saturating_sub(2)..];
    head(rest, SAMPLE_NON_ASCII)
}

/// The longest prefix of `bytes` of at most [`SAMPLE_MAX`] bytes with at most `non_ascii`
/// non-ASCII bytes.
pub(super) fn head(bytes: &[u8], non_ascii: usize) -> &[u8] {
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
pub(super) fn undecodable(bytes: &[u8], utf8: Malformed, detector: &Detector) -> Error {
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
