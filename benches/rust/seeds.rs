//! The five seed documents (Simplified and Traditional government reports, 549 kB) and the
//! three GBK reports of `tests/fixtures/real/gov_cn_gbk`, shared by the per-stage benchmarks.

#![allow(dead_code)] // each benchmark uses part of it

use std::time::Duration;

use criterion::Criterion;
use gongwen_core::clean::{normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;

pub const SEEDS: [&str; 5] = [
    include_str!("../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
    include_str!("../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
    include_str!("../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
    include_str!("../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
    include_str!("../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
];

/// Reports scraped from the central government's site, as GBK bytes (one with CRLF lines).
pub const GBK: [&[u8]; 3] = [
    include_bytes!("../../tests/fixtures/real/gov_cn_gbk/1980.txt"),
    include_bytes!("../../tests/fixtures/real/gov_cn_gbk/1995.txt"),
    include_bytes!("../../tests/fixtures/real/gov_cn_gbk/2002.txt"),
];

/// Total UTF-8 (or raw) bytes: criterion's throughput.
pub fn total_bytes<T: AsRef<[u8]>>(docs: &[T]) -> u64 {
    docs.iter().map(|d| d.as_ref().len() as u64).sum()
}

/// The seeds as the pipeline hands them to the later stages: cleaned and converted to
/// Simplified (t2s).
pub fn normalised() -> Vec<String> {
    let t2s = Converter::new("t2s").unwrap();
    SEEDS
        .iter()
        .map(|s| normalize(s, &CleanOptions::default(), Rules::default_rules(), Some(&t2s)).text)
        .collect()
}

/// The criterion settings of the per-stage benchmarks: ten samples of `seconds` each stage,
/// after a second of warm-up (the whole suite stays under a few minutes).
pub fn config(seconds: u64) -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(seconds))
}
