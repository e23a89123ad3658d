//! Tests of the load stage's decoding: detection, forced encodings, labels, errors.

use crate::error::Error;
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8};

use super::label::*;
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
const TRADITIONAL: &str = "堅持安全為基，保障行穩致遠。強化年度安全目標管理：2024年初，區交通運輸局與局屬3個監管部門\
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
