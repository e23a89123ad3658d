//! Print the indicators of files (or of the text given with `-e`), one a line.
//!
//! `cargo run --release -p gongwen-core --example scan -- FILE...` or `-- -e TEXT`.

use gongwen_core::clean::{CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::scan::{scan_indicators, IndicatorRules};
use gongwen_core::segment::Segmenter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--profile") {
        // `--profile FILE`: only the scan, without structure and segmenter, three times.
        let text = std::fs::read_to_string(&args[1]).expect("readable UTF-8 file");
        let rules = IndicatorRules::default_rules();
        let mut n = 0;
        for _ in 0..3 {
            for d in text.split('\u{c}') {
                let c: Vec<char> = d.chars().collect();
                n += gongwen_core::scan::Scanner::new(rules, None).scan(&c, None).len();
            }
        }
        println!("{n}");
        return;
    }
    if args.first().map(String::as_str) == Some("--time") {
        // `--time FILE`: documents separated by form feeds, already normalised; time the scan.
        let text = std::fs::read_to_string(&args[1]).expect("readable UTF-8 file");
        let docs: Vec<&str> = text.split('\u{c}').collect();
        let snapshot = Segmenter::global().snapshot();
        let cutter = snapshot.cutter();
        let t = std::time::Instant::now();
        let mut n = 0;
        for d in &docs {
            n += gongwen_core::scan::scan_text(d, IndicatorRules::default_rules(), Some(&cutter)).len();
        }
        let s = t.elapsed().as_secs_f64();
        println!("{n} indicators, {:.1} MB/s", text.len() as f64 / 1e6 / s);
        let mb = text.len() as f64 / 1e6;
        let time = |name: &str, f: &dyn Fn(&str) -> usize| {
            let t = std::time::Instant::now();
            let n: usize = docs.iter().map(|d| f(d)).sum();
            println!("  {name:28} {:8.1} MB/s ({n})", mb / t.elapsed().as_secs_f64());
        };
        let rules = IndicatorRules::default_rules();
        time("chars", &|d| d.chars().collect::<Vec<char>>().len());
        time("structure", &|d| gongwen_core::structure::analyze(d).paragraphs.len());
        time("scan, no structure, no cutter", &|d| {
            let c: Vec<char> = d.chars().collect();
            gongwen_core::scan::Scanner::new(rules, None).scan(&c, None).len()
        });
        time("scan, no structure", &|d| {
            let c: Vec<char> = d.chars().collect();
            gongwen_core::scan::Scanner::new(rules, Some(&cutter))
                .scan(&c, None)
                .len()
        });
        return;
    }
    let texts: Vec<(String, String)> = if args.first().map(String::as_str) == Some("-e") {
        args[1..].iter().map(|t| ("-e".to_string(), t.clone())).collect()
    } else {
        args.iter()
            .map(|p| (p.clone(), std::fs::read_to_string(p).expect("readable UTF-8 file")))
            .collect()
    };
    let conv = Converter::new("t2s").expect("config");
    let snapshot = Segmenter::global().snapshot();
    let cutter = snapshot.cutter();
    let opts = CleanOptions::default();
    for (name, text) in &texts {
        let found = scan_indicators(
            text,
            Some((&opts, Rules::default_rules())),
            Some(&conv),
            IndicatorRules::default_rules(),
            Some(&cutter),
        );
        for i in &found {
            println!(
                "{name}\t{}\t{}\t{}\t{}\t{:?}\t{:?}\t{}\t{}\t{}\t{}\t{}\t{:?}",
                i.start,
                i.raw,
                i.metric.as_deref().unwrap_or("-"),
                i.unit,
                i.value,
                i.value_high,
                i.comparator.as_str(),
                i.stance.as_str(),
                if i.change { "change" } else { "-" },
                if i.placeholder { "placeholder" } else { "-" },
                i.period.as_deref().unwrap_or("-"),
                i.section
            );
        }
    }
}
