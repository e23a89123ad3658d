//! Script conversion identical to OpenCC 1.4.2.
//!
//! Users trust OpenCC's output, so this module reproduces `opencc.OpenCC(config).convert(text)`
//! for all sixteen configurations OpenCC ships, over OpenCC's own dictionaries (exported from the
//! 1.4.2 package, see `data/opencc/README.md`) and OpenCC's algorithm, specified rule by rule in
//! `data/opencc/ALGORITHM.md` (R1-R12 below refer to it): normalisation passes, maximum-forward-
//! match segmentation, and a chain of greedy longest-prefix conversions applied to each segment
//! on its own. Dictionaries are compiled into double-array tries at build time.
//!
//! One deliberate difference: OpenCC drops everything after a NUL character inside an unmatched
//! run when a config segments (R8, a C-string artefact that loses text). Here NUL is an ordinary
//! character in every configuration.
//!
//! ```
//! use gongwen_core::convert::Converter;
//!
//! let t2s = Converter::new("t2s").unwrap();
//! assert_eq!(t2s.convert("區交通運輸局"), "区交通运输局");
//! let tw2sp = Converter::new("tw2sp").unwrap();
//! let (out, map) = tw2sp.convert_with_map("記憶體不足");
//! assert_eq!(out, "内存不足");
//! assert_eq!(map.source_span(0), (0, 3)); // 内 <- 記憶體
//! ```

mod config;
mod dicts;
mod engine;

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::charset::CharSet;
use crate::offsets::OffsetMap;
use dicts::Node;
/// Tested against the dictionary sources by the clean stage, which cuts texts after it.
#[cfg(test)]
pub(crate) use engine::is_break;
pub(crate) use engine::push_chars;

/// The configurations OpenCC ships, in OpenCC's order of documentation.
pub const CONFIGS: [&str; 16] = [
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "hk2t", "t2hk", "tw2t", "s2hkp", "hk2sp",
    "t2jp", "jp2t",
];

/// A reusable OpenCC converter for one configuration.
pub struct Converter {
    config: &'static str,
    normalization: Vec<Node>,
    /// The characters a normalisation pass stops at (ideographic description characters and
    /// the first characters of every normalisation node), and the lowest of them: a chunk
    /// without any needs no normalisation pass.
    norm_stop: CharSet,
    norm_min: char,
    segmentation: Option<Node>,
    chain: Vec<Node>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter").field("config", &self.config).finish()
    }
}

impl Converter {
    /// The configuration name.
    pub fn config(&self) -> &'static str {
        self.config
    }

    /// Convert `text` exactly as `opencc.OpenCC(config).convert(text)` does.
    pub fn convert(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        match self.run(&chars, false).0 {
            Cow::Borrowed(_) => text.to_string(),
            Cow::Owned(o) => {
                let mut s = String::new();
                push_chars(&mut s, &o);
                s
            }
        }
    }

    /// [`Converter::convert`] on a text given as characters (how the Python binding reads a
    /// `str`, without a round trip through UTF-8).
    pub fn convert_chars(&self, text: &[char]) -> Vec<char> {
        self.run(text, false).0.into_owned()
    }

    /// [`Converter::convert`], with the map from every output character back to the span of
    /// `text` (in characters) it came from.
    pub fn convert_with_map(&self, text: &str) -> (String, OffsetMap) {
        let chars: Vec<char> = text.chars().collect();
        let (out, map) = self.run(&chars, true);
        let out = match out {
            Cow::Borrowed(_) => text.to_string(),
            Cow::Owned(o) => {
                let mut s = String::new();
                push_chars(&mut s, &o);
                s
            }
        };
        (out, map.expect("tracked"))
    }
}

/// `text` and its Traditional forms (OpenCC s2t, s2tw, s2hk), each once, in that order: how
/// data written in Simplified (boilerplate rules, indicator tables) also matches text that was
/// not converted.
pub fn with_traditional_forms(text: &str) -> Vec<String> {
    static VARIANTS: OnceLock<Vec<Converter>> = OnceLock::new();
    let variants = VARIANTS.get_or_init(|| {
        ["s2t", "s2tw", "s2hk"]
            .iter()
            .map(|c| Converter::new(c).expect("bundled config"))
            .collect()
    });
    let mut forms = vec![text.to_string()];
    for v in variants {
        let t = v.convert(text);
        if !forms.contains(&t) {
            forms.push(t);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_chars_is_string_extend() {
        let chars: Vec<char> = "a\u{7F}\u{80}é\u{7FF}\u{800}區\u{FFFF}\u{10000}\u{2A6D6}\u{10FFFF}"
            .chars()
            .collect();
        let mut out = String::from("前");
        push_chars(&mut out, &chars);
        assert_eq!(out, format!("前{}", chars.iter().collect::<String>()));
    }

    #[test]
    fn unknown_config_lists_valid_ones() {
        let err = Converter::new("x2y").unwrap_err().to_string();
        assert!(
            err.contains("x2y") && err.contains("tw2sp") && err.contains("jp2t"),
            "{err}"
        );
    }

    #[test]
    fn every_config_loads() {
        for c in CONFIGS {
            assert_eq!(Converter::new(c).unwrap().config(), c);
        }
    }

    #[test]
    fn opencc_examples() {
        let c = |cfg: &str, s: &str| Converter::new(cfg).unwrap().convert(s);
        assert_eq!(c("t2s", "虛偽歎息"), "虚伪叹息");
        assert_eq!(c("s2twp", "较低级别"), "較低級別"); // segment boundaries persist (R10)
        assert_eq!(c("s2t", "头⿰发发发"), "頭⿰发发發"); // IDS copied verbatim (R7)
        assert_eq!(c("s2t", "豈发"), "豈發"); // normalisation first (R9)
        assert_eq!(c("s2tw", "头发\0头发"), "頭髮\0頭髮"); // NUL kept (deliberate)
        assert_eq!(c("t2s", ""), "");
    }

    #[test]
    fn map_points_back_through_phrases() {
        let conv = Converter::new("tw2sp").unwrap();
        let (out, map) = conv.convert_with_map("用滑鼠存取記憶體");
        assert_eq!(out, "用鼠标访问内存");
        let spans: Vec<_> = (0..map.output_len()).map(|i| map.source_span(i)).collect();
        // 滑鼠 -> 鼠标 and 存取 -> 访问 keep their lengths: character by character.
        assert_eq!(spans, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 8), (5, 8)]);
        assert_eq!(map.source_len(), 8);
        map.check();
    }

    #[test]
    fn maps_tile_the_source() {
        // Chained dictionaries: s2t's 4 -> 4 phrase cut by TWPhrases' 二極管 -> 二極體 gave two
        // pieces over source 0..4.
        let (out, map) = Converter::new("s2twp").unwrap().convert_with_map("光二极管");
        assert_eq!(out, "光二極體");
        map.check();
        let pieces: Vec<_> = map.pieces().map(|p| (p.out_start, p.out_len, p.copy)).collect();
        assert_eq!(pieces, [(0, 4, true)]);
        // Token boundaries in equal-length phrases (t2s 乾盛世, 藉口) stay boundaries.
        let (out, map) = Converter::new("t2s")
            .unwrap()
            .convert_with_map("史稱康乾盛世，會找藉口");
        assert_eq!(out, "史称康乾盛世，会找借口");
        assert_eq!(
            map.map_spans([(0, 2), (2, 3), (3, 4), (4, 6), (6, 7), (7, 9), (9, 11)])
                .len(),
            7
        );
        // Every configuration on real text and on OpenCC's cases.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut texts: Vec<String> = std::fs::read_dir(format!("{dir}/seeds"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push(std::fs::read_to_string(format!("{dir}/opencc/testcases.json")).unwrap());
        for config in CONFIGS {
            let conv = Converter::new(config).unwrap();
            for text in &texts {
                let (out, map) = conv.convert_with_map(text);
                map.check();
                assert_eq!(
                    (map.output_len(), map.source_len()),
                    (out.chars().count(), text.chars().count())
                );
            }
        }
    }
}
