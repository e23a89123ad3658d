//! Loading a configuration: the sixteen OpenCC JSON configurations bundled with the crate, read
//! into a [`Converter`]'s normalisation, segmentation and conversion chain.

use super::dicts::Node;
use super::engine::with_ids;
use super::{Converter, CONFIGS};
use crate::charset::CharSet;
use crate::error::{Error, Result};

const CONFIG_JSON: [(&str, &str); 16] = [
    ("s2t", include_str!("../../data/opencc/s2t.json")),
    ("t2s", include_str!("../../data/opencc/t2s.json")),
    ("s2tw", include_str!("../../data/opencc/s2tw.json")),
    ("tw2s", include_str!("../../data/opencc/tw2s.json")),
    ("s2hk", include_str!("../../data/opencc/s2hk.json")),
    ("hk2s", include_str!("../../data/opencc/hk2s.json")),
    ("s2twp", include_str!("../../data/opencc/s2twp.json")),
    ("tw2sp", include_str!("../../data/opencc/tw2sp.json")),
    ("t2tw", include_str!("../../data/opencc/t2tw.json")),
    ("hk2t", include_str!("../../data/opencc/hk2t.json")),
    ("t2hk", include_str!("../../data/opencc/t2hk.json")),
    ("tw2t", include_str!("../../data/opencc/tw2t.json")),
    ("s2hkp", include_str!("../../data/opencc/s2hkp.json")),
    ("hk2sp", include_str!("../../data/opencc/hk2sp.json")),
    ("t2jp", include_str!("../../data/opencc/t2jp.json")),
    ("jp2t", include_str!("../../data/opencc/jp2t.json")),
];

impl Converter {
    /// The converter for an OpenCC configuration name (`"t2s"`, `"s2twp"`, ...; a trailing
    /// `.json` is accepted). An unknown name is an [`Error::InvalidArgument`] listing the valid ones.
    pub fn new(config: &str) -> Result<Self> {
        let name = config.trim_end_matches(".json");
        let Some(&(config, json)) = CONFIG_JSON.iter().find(|(n, _)| *n == name) else {
            return Err(Error::InvalidArgument(format!(
                "unknown conversion config '{config}'; valid configs: {}",
                CONFIGS.join(", ")
            )));
        };
        let v: serde_json::Value = serde_json::from_str(json).expect("bundled OpenCC config is JSON");
        let steps = |key: &str| -> Vec<Node> {
            v[key]
                .as_array()
                .map(|a| a.iter().map(|s| Node::parse(&s["dict"], config)).collect())
                .unwrap_or_default()
        };
        let normalization = steps("normalization");
        let mut norm_stop = with_ids(CharSet::default());
        let mut norm_min = '\u{2FF0}';
        for node in &normalization {
            norm_stop.union(&node.start);
            norm_min = norm_min.min(node.min_first);
        }
        Ok(Converter {
            config,
            normalization,
            norm_stop,
            norm_min,
            segmentation: v.get("segmentation").map(|s| Node::parse(&s["dict"], config)),
            chain: steps("conversion_chain"),
        })
    }
}
