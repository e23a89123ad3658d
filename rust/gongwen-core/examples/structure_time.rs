//! Time `structure::analyze` on the seeds replicated to ~20 MB, raw and normalised; digest or
//! run it on the form-feed separated documents of files.
//!
//! - `cargo run --release -p gongwen-core --example structure_time -- [MB] [raw|norm|both]`
//! - `... -- digest FILE...`: for each file, a hash of every field of the [`Structure`] of each
//!   document, raw and normalised (`clean::normalize` with `t2s`). Any change in the output of
//!   `analyze` changes a digest.
//! - `... -- run raw|norm FILE`: analyse each document once (for `valgrind --tool=callgrind
//!   --toggle-collect='*structure*analyze*'`).

use gongwen_core::clean::{clean, normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::structure::{analyze, Stance, Structure};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("digest") => digest(&args[1..]),
        Some("run") => run(&args[1], &args[2]),
        _ => time(&args),
    }
}

/// The documents of a file, raw or normalised.
fn documents(path: &str, which: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let raw = text.split('\u{c}').map(str::to_string);
    match which {
        "raw" => raw.collect(),
        "norm" => {
            let conv = Converter::new("t2s").expect("config");
            raw.map(|d| normalize(&d, &CleanOptions::default(), Rules::default_rules(), Some(&conv)).text)
                .collect()
        }
        _ => panic!("raw or norm, not {which}"),
    }
}

fn run(which: &str, path: &str) {
    let docs = documents(path, which);
    let mut n = 0;
    for d in &docs {
        let s = analyze(d);
        n += s.paragraphs.len() + s.documents.len();
    }
    println!("{which} {path}: {n} paragraphs and documents");
}

/// FNV-1a, 64 bits: stable across builds and Rust versions.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn num(&mut self, x: usize) {
        self.bytes(&(x as u64).to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.num(s.len());
        self.bytes(s.as_bytes());
    }
}

/// Every field of `s`, lengths included, so no two different structures hash alike by layout.
fn hash_structure(h: &mut Fnv, s: &Structure) {
    h.num(s.documents.len());
    for d in &s.documents {
        h.num(d.start);
        h.num(d.end);
        match &d.title {
            Some(t) => {
                h.num(1);
                h.str(t);
            }
            None => h.num(0),
        }
    }
    h.num(s.paragraphs.len());
    for p in &s.paragraphs {
        h.num(p.start);
        h.num(p.end);
        h.num(p.doc);
        h.num(match p.stance {
            Stance::Actual => 0,
            Stance::Target => 1,
            Stance::Unknown => 2,
        });
        h.num(usize::from(p.is_heading));
        h.num(p.heading_path.len());
        for x in p.heading_path.iter() {
            h.num(usize::from(x.level));
            h.str(&x.marker);
            h.str(&x.text);
            h.num(x.start);
        }
    }
}

fn digest(paths: &[String]) {
    for path in paths {
        for which in ["raw", "norm"] {
            let docs = documents(path, which);
            let mut h = Fnv(0xcbf2_9ce4_8422_2325);
            let (mut nd, mut np) = (0, 0);
            for d in &docs {
                let s = analyze(d);
                nd += s.documents.len();
                np += s.paragraphs.len();
                hash_structure(&mut h, &s);
            }
            println!(
                "{path} {which:4} {:016x} ({} texts, {nd} documents, {np} paragraphs)",
                h.0,
                docs.len()
            );
        }
    }
}

fn time(args: &[String]) {
    let mb: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20);
    let which = args.get(1).map(String::as_str).unwrap_or("both");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let raw: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let conv = Converter::new("t2s").expect("config");
    let opts = CleanOptions::default();
    let norm: Vec<String> = raw
        .iter()
        .map(|t| conv.convert(&clean(t, &opts, Rules::default_rules()).text))
        .collect();
    fn rep(docs: &[String], mb: usize) -> Vec<&str> {
        let per: usize = docs.iter().map(String::len).sum();
        let times = (mb * 1_000_000).div_ceil(per);
        (0..times).flat_map(|_| docs.iter().map(String::as_str)).collect()
    }
    for (name, docs) in [("raw", &raw), ("norm", &norm)] {
        if which != "both" && which != name {
            continue;
        }
        let docs = rep(docs, mb);
        let bytes: usize = docs.iter().map(|d| d.len()).sum();
        // Best of five runs: the machine is shared.
        let mut secs = f64::INFINITY;
        let mut n = 0usize;
        for _ in 0..5 {
            let t = std::time::Instant::now();
            n = 0;
            for d in &docs {
                let s = analyze(d);
                n += s.paragraphs.len() + s.documents.len();
            }
            secs = secs.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name:5} {:6.1} MB {:8.1} MB/s ({n})",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
}
