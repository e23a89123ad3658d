//! Time `Pipeline::process_text` alone (default options, optional lexicon file) on documents
//! separated by form feeds: the loop to profile.
//!
//! `cargo run --release -p gongwen-core --example pipe_only -- FILE [LEXICON|-] [ROUNDS]`

use std::time::Instant;

use gongwen_core::pipeline::{Pipeline, PipelineOptions};
use gongwen_core::scan::lexicon::Lexicon;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&args[0]).expect("readable UTF-8 file");
    let docs: Vec<&str> = text.split('\u{c}').collect();
    let mb = text.len() as f64 / 1e6;
    let lexicons = match args.get(1).filter(|p| *p != "-") {
        Some(p) => vec![Lexicon::from_file("lex", std::path::Path::new(p)).expect("lexicon file")],
        None => Vec::new(),
    };
    let rounds: usize = args.get(2).map_or(3, |r| r.parse().expect("a number of rounds"));
    let p = Pipeline::new(PipelineOptions {
        lexicons,
        ..Default::default()
    })
    .expect("pipeline");
    let mut tokens = 0;
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        for d in &docs {
            tokens += p.process_text(d).token_count;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "pipeline {:.1} ms/MB ({} tokens a round)",
        best * 1e3 / mb,
        tokens / rounds
    );
}
