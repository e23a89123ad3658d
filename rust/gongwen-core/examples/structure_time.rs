//! Time `structure::analyze` on the seeds replicated to ~20 MB, raw and normalised.
//!
//! `cargo run --release -p gongwen-core --example structure_time -- [MB] [raw|norm|both]`.

use gongwen_core::clean::{clean, CleanOptions, Rules};
use gongwen_core::convert::Converter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
                let s = gongwen_core::structure::analyze(d);
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
