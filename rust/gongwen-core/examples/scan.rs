//! Print the indicators of files (or of the text given with `-e`), one a line.
//!
//! `cargo run --release -p gongwen-core --example scan -- FILE...` or `-- -e TEXT`.

use gongwen_core::clean::{CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::scan::{scan_indicators, IndicatorRules};
use gongwen_core::segment::Segmenter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
