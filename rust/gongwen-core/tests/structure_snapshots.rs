//! Snapshots of [`structure::analyze`] on the seed reports and on every real report under
//! `tests/fixtures/real`, recorded before `structure.rs` was split into modules so that moving
//! the code can be shown to change nothing. Each file under `tests/snapshots/structure/` holds
//! the documents, then one line per paragraph: its span, document, stance, whether it is only a
//! heading, and its heading path (`^` when it is the previous paragraph's path).
//!
//! Record again (only for an intended change, and read the diff) with
//! `UPDATE_EXPECT=1 cargo test -p gongwen-core --test structure_snapshots`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use expect_test::{expect, expect_file, Expect, ExpectFile};
use gongwen_core::clean::{clean, CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::load;
use gongwen_core::structure::{analyze, Heading, Stance, Structure};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn read_seeds() -> Vec<(String, String)> {
    let dir = fixtures().join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| (std::fs::read_to_string(dir.join(&n)).unwrap(), n))
        .collect()
}

fn stance(s: Stance) -> char {
    match s {
        Stance::Actual => 'A',
        Stance::Target => 'T',
        Stance::Unknown => 'U',
    }
}

fn write_path(out: &mut String, path: &[Heading]) {
    for (i, h) in path.iter().enumerate() {
        if i > 0 {
            out.push_str(" > ");
        }
        write!(out, "{} {:?} {:?} @{}", h.level, h.marker, h.text, h.start).unwrap();
    }
}

/// The compact text form of a structure.
fn render(s: &Structure) -> String {
    let mut out = String::new();
    writeln!(out, "documents {}", s.documents.len()).unwrap();
    for (i, d) in s.documents.iter().enumerate() {
        writeln!(out, "doc {i} {}..{} {:?}", d.start, d.end, d.title).unwrap();
    }
    writeln!(out, "paragraphs {}", s.paragraphs.len()).unwrap();
    let mut prev: Option<&[Heading]> = None;
    for p in &s.paragraphs {
        let h = if p.is_heading { " H" } else { "" };
        write!(out, "{}..{} d{} {}{h} ", p.start, p.end, p.doc, stance(p.stance)).unwrap();
        if prev == Some(&p.heading_path[..]) {
            out.push('^');
        } else if p.heading_path.is_empty() {
            out.push('-');
        } else {
            write_path(&mut out, &p.heading_path);
        }
        out.push('\n');
        prev = Some(&p.heading_path[..]);
    }
    out
}

/// FNV-1a over the `Debug` form of each structure: a digest that any change of output changes.
fn digest(texts: impl IntoIterator<Item = String>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut n, mut docs, mut paras) = (0, 0, 0);
    for t in texts {
        let s = analyze(&t);
        n += 1;
        docs += s.documents.len();
        paras += s.paragraphs.len();
        for b in format!("{s:?}").bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("texts {n} documents {docs} paragraphs {paras} fnv {h:016x}")
}

fn check(text: &str, file: ExpectFile) {
    file.assert_eq(&render(&analyze(text)));
}

#[test]
fn seeds() {
    let files = [
        expect_file!["snapshots/structure/seed_000.txt"],
        expect_file!["snapshots/structure/seed_001.txt"],
        expect_file!["snapshots/structure/seed_002.txt"],
        expect_file!["snapshots/structure/seed_003.txt"],
        expect_file!["snapshots/structure/seed_004.txt"],
    ];
    let seeds = read_seeds();
    assert_eq!(seeds.len(), files.len());
    for ((text, _), file) in seeds.iter().zip(files) {
        check(text, file);
    }
}

/// The seeds as the pipeline gives them to the stage (cleaned, in Simplified script), with CRLF
/// line ends, and all five as one text.
#[test]
fn seeds_normalised_crlf_and_joined() {
    let seeds: Vec<String> = read_seeds().into_iter().map(|(t, _)| t).collect();
    let t2s = Converter::new("t2s").unwrap();
    let norm = |t: &String| t2s.convert(&clean(t, &CleanOptions::default(), Rules::default_rules()).text);
    let cases: [(Vec<String>, Expect); 3] = [
        (
            seeds.iter().map(norm).collect(),
            expect!["texts 5 documents 50 paragraphs 1186 fnv 2c85c3d72b875649"],
        ),
        (
            seeds.iter().map(|t| t.replace('\n', "\r\n")).collect(),
            expect!["texts 5 documents 46 paragraphs 1211 fnv 4cc3678e23b291f0"],
        ),
        (
            vec![seeds.concat()],
            expect!["texts 1 documents 44 paragraphs 1207 fnv 3ab906ce227cc00c"],
        ),
    ];
    for (texts, want) in cases {
        want.assert_eq(&digest(texts));
    }
}

#[test]
fn gov_cn_gbk() {
    let dir = fixtures().join("real/gov_cn_gbk");
    let files = [
        ("1980.txt", expect_file!["snapshots/structure/gov_cn_gbk_1980.txt"]),
        ("1995.txt", expect_file!["snapshots/structure/gov_cn_gbk_1995.txt"]),
        ("2002.txt", expect_file!["snapshots/structure/gov_cn_gbk_2002.txt"]),
    ];
    for (name, file) in files {
        let d = load::decode(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        assert_eq!(d.encoding, "GB18030", "{name}");
        check(&d.text, file);
    }
}

#[test]
fn national_reports() {
    let jsonl = std::fs::read_to_string(fixtures().join("real/national/national_reports.jsonl")).unwrap();
    let mut out = String::new();
    for (i, line) in jsonl.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let content = rec["content"].as_str().unwrap();
        writeln!(out, "== record {i}: {}", rec["title"].as_str().unwrap_or("")).unwrap();
        out.push_str(&render(&analyze(content)));
    }
    expect_file!["snapshots/structure/national_reports.txt"].assert_eq(&out);
}

#[test]
fn provincial_2026_csv() {
    let dir = fixtures().join("real/provincial_2026");
    let files = [
        (
            "2026_四川省_政府工作报告.csv",
            expect_file!["snapshots/structure/provincial_2026_sichuan.txt"],
        ),
        (
            "2026_河南省_政府工作报告.csv",
            expect_file!["snapshots/structure/provincial_2026_henan.txt"],
        ),
        (
            "2026_重庆市_政府工作报告.csv",
            expect_file!["snapshots/structure/provincial_2026_chongqing.txt"],
        ),
    ];
    for (name, file) in files {
        check(&std::fs::read_to_string(dir.join(name)).unwrap(), file);
    }
}
