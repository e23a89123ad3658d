//! Peak heap of each stage on one huge document, with a counting allocator: where the bytes
//! per input byte of `Pipeline::process_file` go.
//!
//! `cargo run --release -p gongwen-core --example memory -- FILE`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use gongwen_core::clean::{normalize, CleanOptions, Rules};
use gongwen_core::convert::Converter;
use gongwen_core::pipeline::{Pipeline, PipelineOptions};
use gongwen_core::scan::{IndicatorRules, Scanner};
use gongwen_core::segment::{Mode, Segmenter};
use gongwen_core::structure;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // A moving realloc holds both blocks for a moment.
        let n = NOW.fetch_add(new, Relaxed) + new;
        PEAK.fetch_max(n, Relaxed);
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let size = std::fs::metadata(&path).expect("readable").len() as f64;
    let p = Pipeline::new(PipelineOptions::default()).unwrap();
    let conv = Converter::new("t2s").unwrap();
    let rules = IndicatorRules::default_shared().clone();
    let seg = Segmenter::new();
    let snap = seg.snapshot();
    let cutter = snap.cutter();
    let base = NOW.load(Relaxed);
    let report = |name: &str| {
        let (now, peak) = (NOW.load(Relaxed) - base, PEAK.swap(0, Relaxed).saturating_sub(base));
        println!(
            "{name:28} peak {:5.2} B/B   live after {:5.2} B/B",
            peak as f64 / size,
            now as f64 / size
        );
        PEAK.store(NOW.load(Relaxed), Relaxed);
    };
    PEAK.store(base, Relaxed);
    {
        let out = p.process_file(path.as_ref()).unwrap();
        report("process_file (whole)");
        drop(out);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    report("read");
    let n = normalize(&text, &CleanOptions::default(), Rules::default_rules(), Some(&conv));
    report("normalize");
    let mut k = 0;
    cutter.cut_with(&n.text, Mode::Default { hmm: true }, |_| k += 1);
    report("segment (count)");
    let st = structure::analyze(&n.text);
    report("structure");
    let chars: Vec<char> = n.text.chars().collect();
    report("chars");
    let ind = Scanner::new(&rules, Some(&cutter)).scan(&chars, Some(&st));
    report("scan");
    println!("{} tokens, {} indicators", k, ind.len());
    let mut kinds: std::collections::BTreeMap<(bool, usize, usize), usize> = Default::default();
    for q in n.map.pieces() {
        let key = if q.copy {
            (true, 0, 0)
        } else {
            (false, q.src_len.min(9), q.out_len.min(9))
        };
        *kinds.entry(key).or_default() += 1;
    }
    println!("pieces by (copy, src, out): {kinds:?}");
    let cleaned = gongwen_core::clean::clean(&text, &CleanOptions::default(), Rules::default_rules());
    println!("clean alone: {} pieces", cleaned.map.pieces().len());
    let headings: usize = st.paragraphs.iter().map(|p| p.heading_path.len()).sum();
    println!(
        "{} map pieces ({:.1} MB, {:.2} B/B), {} removed, {} paragraphs ({} B each), {} headings on paragraphs ({} B each), {} chars",
        n.map.pieces().len(),
        n.map.heap_size() as f64 / 1e6,
        n.map.heap_size() as f64 / size,
        n.removed.len(),
        st.paragraphs.len(),
        std::mem::size_of::<structure::Paragraph>(),
        headings,
        std::mem::size_of::<structure::Heading>(),
        chars.len()
    );
}
