//! Criterion benchmarks of the whole pipeline (clean, t2s, segment with the HMM, structure,
//! indicators; token counts, no spans) with its default options.
//!
//! - `pipeline`: each seed through `Pipeline::process_text`, one thread.
//! - `pipeline_threads`: the seeds repeated four times as a batch through
//!   `parallel::map_ordered`, as the Python binding runs a batch, on one thread and on all
//!   cores (`GONGWEN_NUM_THREADS` or the machine's count).
//!
//! Throughput is input bytes. Run with `cargo bench -p gongwen-core --bench pipeline` (append
//! `-- --quick` for a smoke run, or `-- pipeline_threads` to select a group).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use gongwen_core::parallel::{default_threads, map_ordered};
use gongwen_core::pipeline::{Pipeline, PipelineOptions};

mod seeds;
use seeds::{total_bytes, SEEDS};

fn pipeline(c: &mut Criterion) {
    let pipe = Pipeline::new(PipelineOptions::default()).unwrap();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("process_text", |b| {
        b.iter(|| {
            SEEDS
                .iter()
                .map(|d| pipe.process_text(black_box(d)).token_count)
                .sum::<usize>()
        })
    });
    group.finish();
}

fn pipeline_threads(c: &mut Criterion) {
    let pipe = Pipeline::new(PipelineOptions::default()).unwrap();
    // Four copies, so the largest document does not bound the speed-up.
    let docs: Vec<&str> = SEEDS.iter().copied().cycle().take(4 * SEEDS.len()).collect();
    let mut counts = vec![1, default_threads()];
    counts.dedup();
    let mut group = c.benchmark_group("pipeline_threads");
    group.throughput(Throughput::Bytes(total_bytes(&docs)));
    group.sampling_mode(SamplingMode::Flat);
    for n in counts {
        group.bench_with_input(BenchmarkId::new("map_ordered", n), &n, |b, &n| {
            b.iter(|| map_ordered(black_box(&docs), n, |d| pipe.process_text(d).token_count))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // A pass over the seeds takes a good fraction of a second: ten flat samples.
    config = seeds::config(5);
    targets = pipeline, pipeline_threads
}
criterion_main!(benches);
