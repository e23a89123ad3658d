//! Compiles jieba's `dict.txt` into a double-array trie at build time, so that loading the
//! default dictionary at run time is a copy of a few arrays instead of parsing 349k lines.
//!
//! Every key jieba's `FREQ` table holds gets an id: each word of the dictionary and each proper
//! prefix of a word (jieba stores prefixes with frequency 0 and its lookups tell "prefix" from
//! "absent"). Ids are assigned in sorted key order.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let dict_path = "data/jieba/dict.txt";
    println!("cargo:rerun-if-changed={dict_path}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(dict_path).expect("read data/jieba/dict.txt");

    // word -> (freq, tag); a repeated word keeps its last line, as jieba's dicts do, while the
    // total counts every line, as jieba's `gen_pfdict` does.
    let mut keys: BTreeMap<String, (u32, Option<String>)> = BTreeMap::new();
    let mut total: u64 = 0;
    let mut words: Vec<(String, u32, String)> = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim();
        let mut parts = line.split(' ');
        let word = parts.next().unwrap_or_default();
        let freq: u32 = parts
            .next()
            .and_then(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("dict.txt line {}: bad entry {line:?}", lineno + 1));
        let tag = parts.next().unwrap_or("").to_string();
        total += u64::from(freq);
        words.push((word.to_string(), freq, tag));
    }
    for (word, freq, tag) in &words {
        keys.insert(word.clone(), (*freq, Some(tag.clone())));
        let mut end = 0;
        for c in word.chars() {
            end += c.len_utf8();
            if end < word.len() {
                keys.entry(word[..end].to_string()).or_insert((0, None));
            }
        }
    }

    let mut tag_names: Vec<String> = vec![String::new()];
    let mut freqs = Vec::with_capacity(keys.len() * 4);
    let mut tags = Vec::with_capacity(keys.len());
    let mut records = Vec::with_capacity(keys.len());
    for (id, (key, (freq, tag))) in keys.iter().enumerate() {
        records.push((key.as_str(), id as u32));
        freqs.extend_from_slice(&freq.to_le_bytes());
        // Tag 0 means "no entry in jieba's word_tag_tab" (a prefix-only key).
        let tag_id = match tag {
            None => 0u8,
            Some(t) => match tag_names.iter().position(|n| n == t && !t.is_empty()) {
                Some(i) => i as u8,
                None => {
                    tag_names.push(t.clone());
                    (tag_names.len() - 1) as u8
                }
            },
        };
        tags.push(tag_id);
    }
    assert!(tag_names.len() < 256, "too many POS tags");
    let trie = crawdad::Trie::from_records(records).expect("build trie");

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("dict.trie"), trie.serialize_to_vec()).unwrap();
    fs::write(out.join("dict.freq"), freqs).unwrap();
    fs::write(out.join("dict.tag"), tags).unwrap();
    fs::write(out.join("dict.tagnames"), tag_names[1..].join("\n")).unwrap();
    fs::write(out.join("dict.total"), total.to_le_bytes()).unwrap();
}
