//! Time `clean::normalize` (default options and rules, t2s) on documents separated by form
//! feeds, and print a digest of every result so that two builds can be checked for identical
//! output.
//!
//! `cargo run --release -p gongwen-core --example normalize -- FILE [ROUNDS]`

use std::hash::{Hash, Hasher};
use std::time::Instant;

use gongwen_core::clean::{normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&args[0]).expect("readable UTF-8 file");
    let rounds: usize = args.get(1).map_or(3, |r| r.parse().expect("a number of rounds"));
    let docs: Vec<&str> = text.split('\u{c}').collect();
    let mb = text.len() as f64 / 1e6;
    let conv = Converter::new("t2s").unwrap();
    let opts = CleanOptions::default();
    let rules = Rules::default_rules();
    let mut digest = 0;
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        let results: Vec<_> = docs.iter().map(|d| normalize(d, &opts, rules, Some(&conv))).collect();
        let s = t.elapsed().as_secs_f64();
        let mut h = rustc_hash::FxHasher::default();
        for r in results {
            r.text.hash(&mut h);
            for p in r.map.pieces() {
                (p.out_start, p.out_len, p.src_start, p.src_len, p.copy).hash(&mut h);
            }
            (r.map.output_len(), r.map.source_len(), r.readings).hash(&mut h);
            for x in &r.removed {
                (x.start, x.end, &x.rule, &x.text).hash(&mut h);
            }
        }
        best = best.min(s);
        println!("normalize {:7.2} ms/MB {:7.1} MB/s", s * 1e3 / mb, mb / s);
        digest = h.finish();
    }
    println!("best {:7.2} ms/MB  digest {digest:016x}", best * 1e3 / mb);
}
