//! Tests of the CSV reader: the real provincial reports, the conventions of ids and metadata,
//! and every kind of bad input as an error row.

use super::*;
use crate::load::meta::meta_get;

/// A unit as `(id, kind, text or message, meta)`.
type Got = (String, Option<&'static str>, String, Meta);

fn columns(text: &str, id: Option<&str>) -> Columns {
    Columns {
        text: text.into(),
        id: id.map(str::to_string),
        encoding: None,
    }
}

fn units_with(data: &[u8], columns: Columns, limit: usize) -> Vec<Got> {
    read(data, "f.csv".into(), columns)
        .with_limit(limit)
        .map(|u| match u {
            Source::Text { id, text, meta, .. } => (id, None, text, meta),
            Source::Failed { id, kind, message, .. } => (id, Some(kind.as_str()), message, Vec::new()),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn units(data: &[u8]) -> Vec<Got> {
    units_with(data, columns("text", None), MAX_ROW_BYTES)
}

fn real(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/real/provincial_2026");
    std::fs::read(format!("{dir}/{name}")).expect("fixture")
}

fn s(v: &str) -> MetaValue {
    MetaValue::Str(v.into())
}

#[test]
fn real_provincial_reports_are_one_row_each_with_their_metadata() {
    for (file, province) in [
        ("2026_四川省_政府工作报告.csv", "四川省"),
        ("2026_河南省_政府工作报告.csv", "河南省"),
        ("2026_重庆市_政府工作报告.csv", "重庆市"),
    ] {
        let bytes = real(file);
        assert!(
            bytes.starts_with(b"\xef\xbb\xbfprovince,"),
            "the fixture has a byte order mark"
        );
        let got = units_with(&bytes, columns("full_text", None), MAX_ROW_BYTES);
        assert_eq!(got.len(), 1, "{file}");
        let (id, kind, text, meta) = &got[0];
        assert_eq!((id.as_str(), *kind), ("f.csv:1", None));
        let keys: Vec<&str> = meta.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["province", "year", "title", "source_url", "publish_date"]);
        assert_eq!(meta_get(meta, "province"), Some(&s(province)));
        assert_eq!(meta_get(meta, "year"), Some(&s("2026")));
        // The text is the field as written: multi-line, quotes undoubled, nothing of the others.
        assert!(text.lines().count() > 50, "{file}");
        assert!(text.contains("政府工作报告"), "{file}");
        assert!(!text.starts_with('"') && !text.contains("\"\""), "{file}");
        let whole = std::str::from_utf8(&bytes[3..]).unwrap();
        let start: String = text.chars().take(40).collect();
        assert!(whole.contains(&start), "{file}");
    }
}

#[test]
fn ids_rows_and_metadata_follow_jsonl() {
    let data = "id,text,year,note\r\na,\"城镇新增就业1200万人，\n增长5%\",2026,\r\n,第二篇,2025,x\r\n\r\n \n\"c\",第三篇,\"20\"\"26\",y";
    let got = units_with(data.as_bytes(), columns("text", Some("id")), MAX_ROW_BYTES);
    let ids: Vec<&str> = got.iter().map(|u| u.0.as_str()).collect();
    assert_eq!(ids, ["a", "f.csv:2", "c"], "an empty id falls back to <file>:<row>");
    assert_eq!(got[0].2, "城镇新增就业1200万人，\n增长5%");
    assert_eq!(got[0].3, vec![("year".into(), s("2026")), ("note".into(), s(""))]);
    assert_eq!(got[2].3[0].1, s("20\"26"));
    // Without id_column, an `id` column is metadata like any other.
    let got = units(data.as_bytes());
    assert_eq!(got[0].0, "f.csv:1");
    assert_eq!(got[0].3[0], ("id".into(), s("a")));
}

#[test]
fn header_names_are_made_unique() {
    let got = units(b",text,year,year\n0,a,1,2\n");
    let keys: Vec<&str> = got[0].3.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["unnamed_1", "year", "year.1"]);
}

#[test]
fn a_header_without_the_text_column_names_its_columns() {
    let got = units("province,year,full_text\n河南省,2026,报告\n".as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, Some("input"));
    assert_eq!(
        got[0].2,
        "the header has no 'text' text column; its columns are 'province', 'year', 'full_text' (name the text \
         column with text_column=, or --text-column on the command line)"
    );
    let got = units_with(b"text\nx\n", columns("text", Some("doc")), MAX_ROW_BYTES);
    assert!(
        got[0]
            .2
            .starts_with("the header has no 'doc' id column; its columns are 'text'"),
        "{}",
        got[0].2
    );
}

#[test]
fn check_header_is_an_argument_error() {
    let dir = std::env::temp_dir().join(format!("gongwen-csv-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.csv");
    std::fs::write(&path, "\u{feff}province,full_text\n河南省,报告\n").unwrap();
    let err = check_header(&path, &columns("text", None)).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("has no 'text' text column; its columns are 'province', 'full_text'"),
        "{err}"
    );
    check_header(&path, &columns("full_text", None)).unwrap();
    std::fs::write(&path, "").unwrap();
    check_header(&path, &columns("text", None)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn empty_files_and_headers_alone_are_one_error_row() {
    let expect = |data: &[u8], message: &str| {
        assert_eq!(
            units(data),
            [("f.csv".into(), Some("input"), message.into(), Vec::new())],
            "{data:?}"
        );
    };
    expect(b"", "the file is empty: no header row");
    expect(b"\xef\xbb\xbf\n\n", "the file is empty: no header row");
    expect(b"text,year\n", "the file has a header and no row");
    expect(b"text,year\r\n\r\n", "the file has a header and no row");
}

#[test]
fn ragged_rows_are_error_rows_and_the_others_go_on() {
    let got = units(b"text,year\na,1\nb\nc,3,extra\nd,4\n");
    let kinds: Vec<_> = got.iter().map(|u| u.1).collect();
    assert_eq!(kinds, [None, Some("input"), Some("input"), None]);
    assert_eq!(got[1].0, "f.csv:2");
    assert_eq!(got[1].2, "row 2 (line 3) has 1 fields, the header has 2");
    assert_eq!(got[2].2, "row 3 (line 4) has 3 fields, the header has 2");
    assert_eq!((got[3].0.as_str(), got[3].2.as_str()), ("f.csv:4", "d"));
}

#[test]
fn an_unterminated_quote_names_the_line_where_its_field_starts() {
    let got = units(b"text,year\na,1\n\"b\nmore,2\nc,3\n");
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].1, Some("input"));
    assert_eq!(
        got[1].2,
        "row 2: the quoted field of column 'text' starts on line 3 and has no closing quote (the rest of the file \
         is in it)"
    );
    let header = units(b"text,\"year\n");
    assert_eq!(
        header[0].2,
        "the header has a quoted field that starts on line 1 and has no closing quote"
    );
}

#[test]
fn a_row_over_the_limit_is_an_error_row_and_the_next_rows_go_on() {
    let big = "增".repeat(100);
    let data = format!("text,year\na,1\n\"{big}\",2\nb,3\n");
    let got = units_with(data.as_bytes(), columns("text", None), 64);
    let kinds: Vec<_> = got.iter().map(|u| u.1).collect();
    assert_eq!(kinds, [None, Some("input"), None]);
    assert_eq!(
        got[1].2,
        "row 2 (line 3) is larger than 64 bytes, the most a row may hold"
    );
    assert_eq!(got[2].2, "b");
    // The same at the full limit: nothing is held beyond it.
    assert_eq!(size(MAX_ROW_BYTES), "256 MiB");
}

#[test]
fn mixed_encodings_are_read_row_by_row_and_a_damaged_row_is_a_decode_error_row() {
    // Two exports appended: UTF-8 rows, then GB18030 rows.
    let rows = [
        "城镇新增就业1200万人以上,2026",
        "国内生产总值增长5%左右,2025",
        "居民收入增长和经济增长同步,2024",
        "粮食产量保持在1.3万亿斤以上,2023",
    ];
    let mut data = b"text,year\n".to_vec();
    for (i, row) in rows.iter().enumerate() {
        let line = format!("{row}\n");
        if i < 2 {
            data.extend(line.as_bytes());
        } else {
            data.extend(encoding_rs::GB18030.encode(&line).0.iter());
        }
    }
    let got = units(&data);
    let texts: Vec<&str> = got.iter().map(|u| u.2.as_str()).collect();
    let want: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    assert_eq!(texts, want);
    assert_eq!(got[3].3, vec![("year".into(), s("2023"))]);
    // A GB18030 file with a row cut in the middle of a character (0xd4 without its second byte).
    let mut data = encoding_rs::GB18030
        .encode("text,year\n国内生产总值,1\n")
        .0
        .into_owned();
    data.extend(b"\xd4,2\n");
    data.extend(encoding_rs::GB18030.encode("增长5%,3\n").0.iter());
    let got = units(&data);
    let kinds: Vec<_> = got.iter().map(|u| u.1).collect();
    assert_eq!(kinds, [None, Some("decode"), None]);
    assert!(
        got[1].2.eq(
            "row 2 (line 3): column 'text': invalid GB18030 at byte offset 0: byte d4 at the end of the input is not a \
             complete character (truncated?) (an offset in the field; GB18030 is the file's encoding for rows that are \
             not UTF-8)"
        ),
        "{}",
        got[1].2
    );
    assert_eq!(got[2].2, "增长5%");
}

#[test]
fn a_damaged_utf8_row_is_a_utf8_error_not_text_in_another_encoding() {
    // A UTF-8 row with a character cut short after 30 characters: it is not read as GB18030.
    let mut data = "text,year\n城镇新增就业1200万人以上,2026\n".as_bytes().to_vec();
    data.extend("居民收入增长和经济增长基本同步，国内生产总值增长5%左右，城镇新增".as_bytes());
    data.extend(&"就".as_bytes()[..2]);
    data.extend("业1200万人以上,2025\n".as_bytes());
    data.extend("居民收入增长和经济增长同步,2024\n".as_bytes());
    let got = units(&data);
    let kinds: Vec<_> = got.iter().map(|u| u.1).collect();
    assert_eq!(kinds, [None, Some("decode"), None]);
    assert!(
        got[1].2.eq(
            "row 2 (line 3): column 'text': invalid UTF-8 at byte offset 95: bytes e5 b0 do not form a character (an \
             offset in the field; the row is UTF-8 up to there: damaged or cut short?)"
        ),
        "{}",
        got[1].2
    );
}

#[test]
fn legacy_encodings_and_utf16_are_read_and_forced_encodings_obeyed() {
    let text = "province,text\n河南省,\"国内生产总值增长5%左右，\n城镇新增就业1200万人以上\"\n";
    let gb = encoding_rs::GB18030.encode(text).0.into_owned();
    let got = units(&gb);
    assert_eq!(got[0].2, "国内生产总值增长5%左右，\n城镇新增就业1200万人以上");
    assert_eq!(got[0].3, vec![("province".into(), s("河南省"))]);
    let trad = "province,text\n臺灣省,\"國內生產總值增長5%左右，\n城鎮新增就業1200萬人以上，堅持穩中求進工作總基調\"\n";
    let big5 = encoding_rs::BIG5.encode(trad).0.into_owned();
    assert_eq!(units(&big5)[0].3, vec![("province".into(), s("臺灣省"))]);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    assert_eq!(units(&utf16)[0].2, got[0].2);
    let forced = Columns {
        encoding: Some("gbk".into()),
        ..columns("text", None)
    };
    assert_eq!(units_with(&gb, forced.clone(), MAX_ROW_BYTES)[0].2, got[0].2);
    let utf8 = units_with(text.as_bytes(), forced, MAX_ROW_BYTES);
    assert_eq!(utf8[0].1, Some("decode"), "UTF-8 bytes read as GBK: {}", utf8[0].2);
    let nul = units(b"text\n\x00\x01");
    assert_eq!(nul[0].1, Some("decode"));
    assert!(
        nul[0].2.starts_with("not a text file: NUL byte at byte offset 5"),
        "{}",
        nul[0].2
    );
}

#[test]
fn the_legacy_encoding_comes_from_the_first_rows_that_are_not_utf8() {
    let mut data = b"text,n\n".to_vec();
    for i in 0..20 {
        data.extend(format!("row {i},{i}\n").bytes());
    }
    let row = "国内生产总值增长5%左右，城镇新增就业1200万人以上，居民消费价格涨幅2%左右";
    data.extend(encoding_rs::GB18030.encode(&format!("{row},x\n")).0.iter());
    let got = units(&data);
    assert_eq!(got.len(), 21);
    assert_eq!(got[20].2, row);
}

#[test]
fn python_csv_leniency_and_line_ends() {
    // A quote inside an unquoted field is a character; characters after a closing quote join.
    let got = units(b"text,n\nsay \"hi\",1\n\"ab\"c,2\rlast,3");
    let texts: Vec<&str> = got.iter().map(|u| u.2.as_str()).collect();
    assert_eq!(texts, ["say \"hi\"", "abc", "last"]);
    let got = units(b"text,n\r\n\"a\r\nb\",1\r\n");
    assert_eq!(got[0].2, "a\r\nb");
}

#[test]
fn line_numbers_count_quoted_line_breaks() {
    let got = units(b"text,n\n\"a\nb\nc\",1\nd\n");
    assert_eq!(got[1].2, "row 2 (line 5) has 1 fields, the header has 2");
}
