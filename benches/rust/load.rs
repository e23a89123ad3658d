//! Criterion benchmarks of the load stage: bytes to text with the encoding detected (GBK
//! reports as scraped, UTF-8 seeds) or named. Throughput is input bytes. Run with
//! `cargo bench -p gongwen-core --bench load` (append `-- --quick` for a smoke run).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongwen_core::load::{decode, decode_as};

mod seeds;
use seeds::{total_bytes, GBK, SEEDS};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(total_bytes(&GBK)));
    group.bench_function("gbk_detect", |b| {
        b.iter(|| {
            GBK.iter()
                .map(|d| decode(black_box(d)).unwrap().text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("gbk_named", |b| {
        b.iter(|| {
            GBK.iter()
                .map(|d| decode_as(black_box(d), "gbk").unwrap().text.len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.bench_function("utf8_detect", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| decode(black_box(d.as_bytes())).unwrap().text.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = seeds::config(3);
    targets = load
}
criterion_main!(benches);
