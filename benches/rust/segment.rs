//! Criterion benchmarks of the segment stage on the five seed documents (Simplified and
//! Traditional government reports, 549 kB), each cut whole as one document.
//!
//! - `cut`: gongwen-core's accurate mode with the HMM against `jieba-rs`, the engine `rjieba`
//!   wraps. `gongwen_core` counts tokens through the callback API, `gongwen_core_vec` collects
//!   them into a `Vec<&str>` as `jieba_rs` (whose `Vec<Token>` is its only public form) must.
//! - `tag`: POS tagging, `Snapshot::tag_with` against `Jieba::tag`.
//! - `threads`: the corpus repeated four times, cut through `parallel::map_ordered` on one
//!   thread, two, and all cores: the core's scaling without Python in the way.
//!
//! Throughput is UTF-8 input bytes; criterion prints it in MiB/s (the Python benchmarks use
//! MB/s, 10^6 bytes). Run with `cargo bench -p gongwen-core --bench segment` (append
//! `-- --quick` for a smoke run, or a group name such as `-- threads` to select).

use std::hint::black_box;
use std::sync::LazyLock;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use gongwen_core::parallel::{default_threads, map_ordered};
use gongwen_core::segment::{Mode, Segmenter, Snapshot};
use jieba_rs::Jieba;

const SEEDS: [&str; 5] = [
    include_str!("../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
    include_str!("../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
    include_str!("../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
    include_str!("../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
    include_str!("../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
];

const HMM: Mode = Mode::Default { hmm: true };

// Built once outside the measured loops, as gongwen's own global segmenter is.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

fn total_bytes(docs: &[&str]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

fn count_tokens(snap: &Snapshot, text: &str) -> usize {
    let mut n = 0;
    snap.cut_with(text, HMM, |_| n += 1);
    n
}

fn cut(c: &mut Criterion) {
    let snap = Segmenter::global().snapshot();
    LazyLock::force(&JIEBA);
    let mut group = c.benchmark_group("cut");
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    group.bench_function("gongwen_core", |b| {
        b.iter(|| SEEDS.iter().map(|d| count_tokens(&snap, black_box(d))).sum::<usize>())
    });
    group.bench_function("gongwen_core_vec", |b| {
        b.iter(|| {
            for doc in SEEDS {
                let doc = black_box(doc);
                let mut words = Vec::new();
                snap.cut_with(doc, HMM, |t| words.push(&doc[t.start..t.end]));
                black_box(words);
            }
        })
    });
    group.bench_function("jieba_rs", |b| {
        b.iter(|| {
            for doc in SEEDS {
                black_box(JIEBA.cut(black_box(doc), true));
            }
        })
    });
    group.finish();
}

fn tag(c: &mut Criterion) {
    let snap = Segmenter::global().snapshot();
    LazyLock::force(&JIEBA);
    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Bytes(total_bytes(&SEEDS)));
    // jieba's POS HMM is slow on long runs of characters outside the dictionary (Traditional
    // text), and gongwen reproduces it: an iteration can take half a second, so sample flat
    // and long enough for ten of them.
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("gongwen_core", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for doc in SEEDS {
                snap.tag_with(black_box(doc), true, |_, tag| n += tag.len());
            }
            n
        })
    });
    group.bench_function("jieba_rs", |b| {
        b.iter(|| {
            for doc in SEEDS {
                black_box(JIEBA.tag(black_box(doc), true));
            }
        })
    });
    group.finish();
}

fn threads(c: &mut Criterion) {
    let snap = Segmenter::global().snapshot();
    // Four copies, so the largest document (half of one copy) does not bound the speed-up.
    let docs: Vec<&str> = SEEDS.iter().copied().cycle().take(4 * SEEDS.len()).collect();
    let mut counts = vec![1, 2, default_threads()];
    counts.sort_unstable();
    counts.dedup();
    let mut group = c.benchmark_group("threads");
    group.throughput(Throughput::Bytes(total_bytes(&docs)));
    group.sampling_mode(SamplingMode::Flat);
    for n in counts {
        group.bench_with_input(BenchmarkId::new("map_ordered", n), &n, |b, &n| {
            b.iter(|| map_ordered(black_box(&docs), n, |d| count_tokens(&snap, d)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Whole-corpus iterations take tens of milliseconds: ten samples over a few seconds are
    // stable to a few percent and keep `cargo bench` short on a small machine.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = cut, tag, threads
}
criterion_main!(benches);
