//! Criterion benchmarks of the convert stage: OpenCC-identical t2s and s2twp on the Traditional
//! and Simplified seed documents, single-threaded and through `parallel::map_ordered`.
//! Run with `cargo bench -p gongwen-core --bench convert` (append `-- --quick` for a smoke run).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gongwen_core::convert::Converter;
use gongwen_core::parallel::map_ordered;

const TRADITIONAL: [&str; 3] = [
    include_str!("../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
    include_str!("../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
    include_str!("../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
];
const SIMPLIFIED: [&str; 2] = [
    include_str!("../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
    include_str!("../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
];

fn bytes(docs: &[&str]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

fn convert(c: &mut Criterion) {
    let mut group = c.benchmark_group("convert");
    group.sample_size(10).measurement_time(Duration::from_secs(3));
    for (config, docs) in [
        ("t2s", &TRADITIONAL[..]),
        ("tw2sp", &TRADITIONAL[..]),
        ("s2twp", &SIMPLIFIED[..]),
    ] {
        let conv = Converter::new(config).unwrap();
        group.throughput(Throughput::Bytes(bytes(docs)));
        group.bench_function(BenchmarkId::new(config, "1 thread"), |b| {
            b.iter(|| docs.iter().map(|d| conv.convert(black_box(d)).len()).sum::<usize>())
        });
        let many: Vec<&str> = docs.iter().cycle().take(docs.len() * 8).copied().collect();
        group.throughput(Throughput::Bytes(bytes(&many)));
        for threads in [1, 2] {
            group.bench_function(BenchmarkId::new(config, format!("x8 on {threads} threads")), |b| {
                b.iter(|| map_ordered(&many, threads, |d| conv.convert(black_box(d)).len()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, convert);
criterion_main!(benches);
