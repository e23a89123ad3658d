//! Time each stage of the pipeline on documents separated by form feeds.
//!
//! `cargo run --release -p gongwen-core --example stages -- FILE [LEXICON]`

use std::time::Instant;

use gongwen_core::clean::{normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::pipeline::{Pipeline, PipelineOptions};
use gongwen_core::scan::lexicon::Lexicon;
use gongwen_core::scan::{IndicatorRules, Scanner};
use gongwen_core::segment::{Mode, Segmenter};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&args[0]).expect("readable UTF-8 file");
    let docs: Vec<&str> = text.split('\u{c}').collect();
    let mb = text.len() as f64 / 1e6;
    let conv = Converter::new("t2s").unwrap();
    let opts = CleanOptions::default();
    let report = |name: &str, t: Instant| {
        let s = t.elapsed().as_secs_f64();
        println!("{name:34} {:7.1} ms/MB {:8.1} MB/s", s * 1e3 / mb, mb / s);
    };
    let t = Instant::now();
    let norm: Vec<String> = docs
        .iter()
        .map(|d| normalize(d, &opts, Rules::default_rules(), Some(&conv)).text)
        .collect();
    report("normalize (clean + t2s + map)", t);
    let seg = Segmenter::new();
    let snap = seg.snapshot();
    let cutter = snap.cutter();
    let t = Instant::now();
    let mut n = 0;
    for d in &norm {
        cutter.cut_with(d, Mode::Default { hmm: true }, |_| n += 1);
    }
    report("segment (default dictionary)", t);
    let t = Instant::now();
    let sts: Vec<_> = norm.iter().map(|d| gongwen_core::structure::analyze(d)).collect();
    report("structure", t);
    let rules = IndicatorRules::default_rules();
    let t = Instant::now();
    for (d, st) in norm.iter().zip(&sts) {
        let c = gongwen_core::scan::collect_chars(d);
        n += Scanner::new(rules, Some(&cutter)).scan(&c, Some(st)).len();
    }
    report("indicators (no structure)", t);
    let t = Instant::now();
    for (d, st) in norm.iter().zip(&sts) {
        let c = gongwen_core::scan::collect_chars(d);
        n += Scanner::new(rules, None).scan(&c, Some(st)).len();
    }
    report("indicators without metric segmenter", t);
    let mut lexicons = Vec::new();
    if let Some(p) = args.get(1) {
        lexicons.push(Lexicon::from_file("lex", std::path::Path::new(p)).unwrap());
        let set = gongwen_core::scan::lexicon::LexiconSet::new(lexicons.clone()).unwrap();
        let seg2 = Segmenter::new();
        set.add_to_segmenter(&seg2).unwrap();
        let snap2 = seg2.snapshot();
        let cutter2 = snap2.cutter();
        let t = Instant::now();
        for d in &norm {
            cutter2.cut_with(d, Mode::Default { hmm: true }, |_| n += 1);
        }
        report("segment (lexicon words added)", t);
        let t = Instant::now();
        for d in &norm {
            let mut tally = set.tally();
            cutter2.cut_with(d, Mode::Default { hmm: true }, |tok| {
                tally.add_token(&d[tok.start..tok.end])
            });
            n += tally.finish(None).len();
        }
        report("segment + token counting", t);
    }
    let p = Pipeline::new(PipelineOptions {
        lexicons: lexicons.clone(),
        ..Default::default()
    })
    .unwrap();
    let t = Instant::now();
    for d in &docs {
        n += p.process_text(d).token_count;
    }
    report("pipeline (all, with the lexicon)", t);
    let p = Pipeline::new(PipelineOptions::default()).unwrap();
    let t = Instant::now();
    for d in &docs {
        n += p.process_text(d).token_count;
    }
    report("pipeline (all, no lexicon)", t);
    println!("({n})");
}
