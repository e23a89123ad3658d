//! Criterion benchmarks of the scan stage with the bundled indicator tables: `scan_text` on
//! the normalised seeds (structure included, with and without the segmenter's word
//! boundaries), and `scan_indicators` on the raw seeds (clean, t2s, scan, spans mapped back).
//! Throughput is input bytes. Run with `cargo bench -p gongwen-core --bench scan` (append
//! `-- --quick` for a smoke run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen_core::clean::{CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::scan::{scan_indicators, scan_text, IndicatorRules};
use gongwen_core::segment::Segmenter;

mod seeds;
use seeds::{normalised, total_bytes, SEEDS};

fn scan(c: &mut Criterion) {
    let rules = IndicatorRules::default_rules();
    let snap = Segmenter::global().snapshot();
    let cutter = snap.cutter();
    let norm = normalised();
    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(total_bytes(&norm)));
    group.bench_function("scan_text", |b| {
        b.iter(|| {
            norm.iter()
                .map(|d| scan_text(black_box(d), rules, None).len())
                .sum::<usize>()
        })
    });
    group.bench_function("scan_text_words", |b| {
        b.iter(|| {
            norm.iter()
                .map(|d| scan_text(black_box(d), rules, Some(&cutter)).len())
                .sum::<usize>()
        })
    });
    let opts = CleanOptions::default();
    let t2s = Converter::new("t2s").unwrap();
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.bench_function("scan_indicators_raw", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| {
                    scan_indicators(
                        black_box(d),
                        Some((&opts, Rules::default_rules())),
                        Some(&t2s),
                        rules,
                        None,
                    )
                    .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = seeds::config(3);
    targets = scan
}
criterion_main!(benches);
