//! Criterion benchmarks of the structure stage: `structure::analyze` (documents, heading paths,
//! stances) on the seeds as they come and as the pipeline hands them over (cleaned, t2s).
//! Throughput is input bytes. Run with `cargo bench -p gongwen-core --bench structure`
//! (append `-- --quick` for a smoke run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen_core::structure::analyze;

mod seeds;
use seeds::{normalised, total_bytes, SEEDS};

fn structure(c: &mut Criterion) {
    let norm = normalised();
    let mut group = c.benchmark_group("structure");
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.bench_function("raw", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| analyze(black_box(d)).paragraphs.len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(total_bytes(&norm)));
    group.bench_function("normalised", |b| {
        b.iter(|| {
            norm.iter()
                .map(|d| analyze(black_box(d)).paragraphs.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = seeds::config(3);
    targets = structure
}
criterion_main!(benches);
