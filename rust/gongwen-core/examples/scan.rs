//! Print the indicators of files (or of the text given with `-e`), one a line.
//!
//! `cargo run --release -p gongwen-core --example scan -- FILE...` or `-- -e TEXT`.
//!
//! `-- --text-only FILE [RUNS]` runs `scan_text` alone on documents taken as normalised, and
//! `-- --raw-only FILE [RUNS]` runs `scan_indicators` alone on raw documents (for a profiler). `-- --digest FILE` scans each document of FILE (form-feed separated) and prints the
//! number of indicators and a hash of all their fields instead: a check that a change to the
//! scanner keeps its output. `-- --time FILE [RUNS]` times the scan of the normalised
//! documents (characters collected, structure given, segmenter on), best of RUNS, in CPU
//! time of the thread where Linux reports it.

use gongwen_core::clean::{CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::scan::{scan_indicators, IndicatorRules};
use gongwen_core::segment::Segmenter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--digest") {
        digest(&args[1]);
        return;
    }
    if args.first().map(String::as_str) == Some("--text-only") {
        text_only(
            &args[1],
            args.get(2).map_or(5, |r| r.parse().expect("a number of runs")),
        );
        return;
    }
    if args.first().map(String::as_str) == Some("--raw-only") {
        raw_only(
            &args[1],
            args.get(2).map_or(5, |r| r.parse().expect("a number of runs")),
        );
        return;
    }
    if args.first().map(String::as_str) == Some("--time") {
        time(
            &args[1],
            args.get(2).map_or(5, |r| r.parse().expect("a number of runs")),
        );
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

/// Count and hash every field of every indicator of each document of `path`, scanned from
/// raw text (clean, t2s, offsets back to the source) and from the normalised text with and
/// without the segmenter.
fn digest(path: &str) {
    use gongwen_core::clean::normalize;
    use gongwen_core::scan::Scanner;
    use std::hash::{Hash, Hasher};

    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let conv = Converter::new("t2s").expect("config");
    let snapshot = Segmenter::global().snapshot();
    let cutter = snapshot.cutter();
    let opts = CleanOptions::default();
    let rules = IndicatorRules::default_rules();
    let hash = |h: &mut std::collections::hash_map::DefaultHasher, i: &gongwen_core::scan::Indicator| {
        (i.start, i.end, &i.raw, &i.metric, &i.unit).hash(h);
        (i.value.map(f64::to_bits), i.value_high.map(f64::to_bits)).hash(h);
        (i.comparator, i.stance, i.change, i.placeholder, &i.period, &i.section).hash(h);
    };
    let mut raw = (0usize, std::collections::hash_map::DefaultHasher::new());
    let mut norm = (0usize, std::collections::hash_map::DefaultHasher::new());
    let mut bare = (0usize, std::collections::hash_map::DefaultHasher::new());
    for doc in text.split('\u{c}') {
        let found = scan_indicators(
            doc,
            Some((&opts, Rules::default_rules())),
            Some(&conv),
            rules,
            Some(&cutter),
        );
        raw.0 += found.len();
        found.iter().for_each(|i| hash(&mut raw.1, i));
        let n = normalize(doc, &opts, Rules::default_rules(), Some(&conv)).text;
        let chars: Vec<char> = n.chars().collect();
        let st = gongwen_core::structure::analyze(&n);
        let found = Scanner::new(rules, Some(&cutter)).scan(&chars, Some(&st));
        norm.0 += found.len();
        found.iter().for_each(|i| hash(&mut norm.1, i));
        let found = Scanner::new(rules, None).scan(&chars, None);
        bare.0 += found.len();
        found.iter().for_each(|i| hash(&mut bare.1, i));
    }
    println!("raw        {} {:016x}", raw.0, raw.1.finish());
    println!("normalised {} {:016x}", norm.0, norm.1.finish());
    println!("no cutter  {} {:016x}", bare.0, bare.1.finish());
}

/// The best of `runs` scans of the normalised documents of `path`, in ms/MB of the raw text,
/// and of `scan_text` (structure analysed too, as `scan_indicators(clean=False, convert=None)`
/// runs) in ms/MB of the normalised text.
fn time(path: &str, runs: usize) {
    use gongwen_core::clean::normalize;
    use gongwen_core::scan::Scanner;

    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let mb = text.len() as f64 / 1e6;
    let conv = Converter::new("t2s").expect("config");
    let snapshot = Segmenter::global().snapshot();
    let cutter = snapshot.cutter();
    let opts = CleanOptions::default();
    let rules = IndicatorRules::default_rules();
    let docs: Vec<(String, gongwen_core::structure::Structure)> = text
        .split('\u{c}')
        .map(|d| {
            let n = normalize(d, &opts, Rules::default_rules(), Some(&conv)).text;
            let st = gongwen_core::structure::analyze(&n);
            (n, st)
        })
        .collect();
    let norm_mb = docs.iter().map(|(d, _)| d.len()).sum::<usize>() as f64 / 1e6;
    let (mut best, mut best_bare, mut best_text, mut n) = (f64::MAX, f64::MAX, f64::MAX, 0);
    for _ in 0..runs {
        let t = Clock::start();
        for (d, _) in &docs {
            n += gongwen_core::scan::scan_text(d, rules, Some(&cutter)).len();
        }
        best_text = best_text.min(t.seconds());
        let t = Clock::start();
        for (d, st) in &docs {
            let chars = gongwen_core::scan::collect_chars(d);
            n += Scanner::new(rules, Some(&cutter)).scan(&chars, Some(st)).len();
        }
        best = best.min(t.seconds());
        let t = Clock::start();
        for (d, st) in &docs {
            let chars = gongwen_core::scan::collect_chars(d);
            n += Scanner::new(rules, None).scan(&chars, Some(st)).len();
        }
        best_bare = best_bare.min(t.seconds());
    }
    println!("indicators                {:6.2} ms/MB", best * 1e3 / mb);
    println!("indicators (no segmenter) {:6.2} ms/MB  ({n})", best_bare * 1e3 / mb);
    println!(
        "scan_text (structure too) {:6.2} ms/MB of normalised text ({:.1} MB/s)",
        best_text * 1e3 / norm_mb,
        norm_mb / best_text
    );
}

/// `scan_text` alone, `runs` times, over the documents of `path` taken as already normalised:
/// nothing else runs, for a profiler.
fn text_only(path: &str, runs: usize) {
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let snapshot = Segmenter::global().snapshot();
    let cutter = snapshot.cutter();
    let rules = IndicatorRules::default_rules();
    let docs: Vec<&str> = text.split('\u{c}').collect();
    let (best, n) = best_of(runs, || {
        docs.iter()
            .map(|d| gongwen_core::scan::scan_text(d, rules, Some(&cutter)).len())
            .sum()
    });
    let mb = text.len() as f64 / 1e6;
    println!("scan_text {:6.2} ms/MB ({:.1} MB/s, {n})", best * 1e3 / mb, mb / best);
}

/// `scan_indicators` alone (clean, t2s, scan, offsets back to the source), `runs` times, over
/// the raw documents of `path`: what `scan_indicators(text)` runs, for a profiler.
fn raw_only(path: &str, runs: usize) {
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let conv = Converter::new("t2s").expect("config");
    let snapshot = Segmenter::global().snapshot();
    let cutter = snapshot.cutter();
    let opts = CleanOptions::default();
    let rules = IndicatorRules::default_rules();
    let docs: Vec<&str> = text.split('\u{c}').collect();
    let (best, n) = best_of(runs, || {
        docs.iter()
            .map(|d| {
                scan_indicators(
                    d,
                    Some((&opts, Rules::default_rules())),
                    Some(&conv),
                    rules,
                    Some(&cutter),
                )
                .len()
            })
            .sum()
    });
    let mb = text.len() as f64 / 1e6;
    println!(
        "scan_indicators {:6.2} ms/MB of raw text ({:.1} MB/s, {n})",
        best * 1e3 / mb,
        mb / best
    );
}

/// The best time of `runs` calls of `f` (seconds) and the sum of what the calls return (the
/// indicators found, so that no call is optimised away).
fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let (mut best, mut n) = (f64::MAX, 0);
    for _ in 0..runs {
        let t = Clock::start();
        n += f();
        best = best.min(t.seconds());
    }
    (best, n)
}

/// The CPU time of this thread where Linux reports it (`/proc/thread-self/schedstat`), else
/// the wall clock: on a machine shared with other jobs, the time waiting for a core is left
/// out.
enum Clock {
    Cpu(u64),
    Wall(std::time::Instant),
}

impl Clock {
    fn cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }

    fn start() -> Clock {
        Self::cpu_ns().map_or_else(|| Clock::Wall(std::time::Instant::now()), Clock::Cpu)
    }

    fn seconds(&self) -> f64 {
        match self {
            Clock::Cpu(ns) => Self::cpu_ns().map_or(f64::NAN, |now| (now - ns) as f64 / 1e9),
            Clock::Wall(t) => t.elapsed().as_secs_f64(),
        }
    }
}
