//! What the modules' tests share: a text scanned as `gongwen.scan_indicators` scans it by
//! default (cleaned, converted with OpenCC t2s, the shipped tables, the global segmenter), so
//! that the cases moved down from `tests/test_scan.py` read the same here.

use std::sync::OnceLock;

use super::{Indicator, IndicatorRules};
use crate::clean::{CleanOptions, Rules};
use crate::convert::Converter;
use crate::segment::Segmenter;

fn t2s() -> &'static Converter {
    static T2S: OnceLock<Converter> = OnceLock::new();
    T2S.get_or_init(|| Converter::new("t2s").expect("bundled config"))
}

/// `text` scanned with `rules`, cleaned and converted unless `raw` (the segmenter always).
pub(super) fn scan_with(text: &str, rules: &IndicatorRules, raw: bool) -> Vec<Indicator> {
    let snapshot = Segmenter::global().snapshot();
    let opts = CleanOptions::default();
    let clean = (!raw).then_some((&opts, Rules::default_rules()));
    let convert = (!raw).then(t2s);
    super::super::scan_indicators(text, clean, convert, rules, Some(&snapshot.cutter()))
}

/// `scan_indicators(text)` with the defaults of the Python call.
pub(super) fn scan(text: &str) -> Vec<Indicator> {
    scan_with(text, IndicatorRules::default_rules(), false)
}

/// The one indicator of `text`.
pub(super) fn one(text: &str) -> Indicator {
    let mut found = scan(text);
    assert_eq!(found.len(), 1, "{text}: {found:#?}");
    found.pop().expect("one")
}

/// The metrics of the indicators of `text`.
pub(super) fn metrics(text: &str) -> Vec<Option<String>> {
    scan(text).into_iter().map(|i| i.metric).collect()
}

/// `Some(s)` for each of `names`, to compare with [`metrics`].
pub(super) fn some(names: &[&str]) -> Vec<Option<String>> {
    names.iter().map(|s| Some(s.to_string())).collect()
}

/// Whether two values are the same up to rounding (`pytest.approx`'s relative 1e-6).
pub(super) fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1e-12),
        (None, None) => true,
        _ => false,
    }
}

/// The characters of `s`.
pub(super) fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}
