//! Criterion benchmarks of the clean stage on the seeds: `clean` (readings, punctuation,
//! widths, spaces, line ends, boilerplate) and `normalize` (the same, then OpenCC t2s in
//! chunks, one map to the input). Throughput is input bytes. Run with
//! `cargo bench -p gongwen-core --bench clean` (append `-- --quick` for a smoke run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen_core::clean::{clean, normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;

mod seeds;
use seeds::{total_bytes, SEEDS};

fn bench_clean(c: &mut Criterion) {
    let opts = CleanOptions::default();
    let rules = Rules::default_rules();
    let t2s = Converter::new("t2s").unwrap();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.bench_function("clean", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| clean(black_box(d), &opts, rules).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("readings_only", |b| {
        let only = CleanOptions::only_readings();
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| clean(black_box(d), &only, rules).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("normalize_t2s", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| normalize(black_box(d), &opts, rules, Some(&t2s)).text.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = seeds::config(3);
    targets = bench_clean
}
criterion_main!(benches);
