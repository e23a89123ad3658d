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
    build_jieba();
    build_opencc();
}

/// Compiles every OpenCC dictionary in `data/opencc/*.txt` into a double-array trie over its keys
/// plus a table of default values (the first value of each entry, which is what OpenCC's
/// conversion emits), and writes `opencc_dicts.rs`, a table from dictionary name to both.
fn build_opencc() {
    let dir = PathBuf::from("data/opencc");
    println!("cargo:rerun-if-changed=data/opencc");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("opencc");
    fs::create_dir_all(&out).unwrap();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension().is_some_and(|x| x == "txt")).then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    let mut table =
        String::from("/// OpenCC dictionaries compiled by build.rs: (name, trie, values, first chars of keys).\n");
    table.push_str("#[allow(clippy::type_complexity)]\npub(crate) static DICTS: &[(&str, &[u8], &[u8], &[u8])] = &[\n");
    for name in &names {
        let path = dir.join(format!("{name}.txt"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap();
        let mut entries: BTreeMap<&str, &str> = BTreeMap::new();
        for line in text.lines() {
            if line.starts_with("# from OpenCC") || line.is_empty() {
                continue;
            }
            let (key, values) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{name}.txt: no tab in {line:?}"));
            let default = values.split(' ').next().unwrap();
            entries.insert(key, default);
        }
        let records = entries.keys().enumerate().map(|(i, k)| (*k, i as u32));
        let trie = crawdad::Trie::from_records(records).expect("build OpenCC trie");
        let mut vals: Vec<u8> = Vec::new();
        vals.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let mut offset = 0u32;
        vals.extend_from_slice(&offset.to_le_bytes());
        for v in entries.values() {
            offset += v.len() as u32;
            vals.extend_from_slice(&offset.to_le_bytes());
        }
        for v in entries.values() {
            vals.extend_from_slice(v.as_bytes());
        }
        // First characters of all keys, then a 0 separator, then those of keys longer than one
        // character: the converter looks a character up in a table unless a longer key may follow.
        let first_chars = |multi: bool| {
            let mut v: Vec<u32> = entries
                .keys()
                .filter(|k| !multi || k.chars().nth(1).is_some())
                .map(|k| k.chars().next().unwrap() as u32)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut first = first_chars(false);
        first.push(0);
        first.extend(first_chars(true));
        let first: Vec<u8> = first.iter().flat_map(|c| c.to_le_bytes()).collect();
        fs::write(out.join(format!("{name}.trie")), trie.serialize_to_vec()).unwrap();
        fs::write(out.join(format!("{name}.vals")), vals).unwrap();
        fs::write(out.join(format!("{name}.first")), first).unwrap();
        table.push_str(&format!(
            "    (\"{name}\", include_bytes!(concat!(env!(\"OUT_DIR\"), \"/opencc/{name}.trie\")), \
             include_bytes!(concat!(env!(\"OUT_DIR\"), \"/opencc/{name}.vals\")), \
             include_bytes!(concat!(env!(\"OUT_DIR\"), \"/opencc/{name}.first\"))),\n"
        ));
    }
    table.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").unwrap()).join("opencc_dicts.rs"),
        table,
    )
    .unwrap();
}

fn build_jieba() {
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

    // A key's trie value is its id in the low `DICT_ID_BITS` bits and, above, the class of its
    // frequency: the index of that frequency among the `DICT_CLASSES - 1` most common ones, or
    // `DICT_CLASSES - 1` for the rest. The route reads `ln(freq)` from the small class table
    // (hot in cache) instead of a 4 MB array indexed by id. crawdad values are below 2^31.
    const DICT_ID_BITS: u32 = 19;
    const DICT_CLASSES: usize = 1 << (31 - DICT_ID_BITS);
    assert!(
        keys.len() < 1 << DICT_ID_BITS,
        "too many dictionary keys for DICT_ID_BITS"
    );
    let mut freq_count: BTreeMap<u32, usize> = BTreeMap::new();
    for (freq, _) in keys.values() {
        *freq_count.entry(*freq).or_default() += 1;
    }
    let mut by_count: Vec<(u32, usize)> = freq_count.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_count.truncate(DICT_CLASSES - 1);
    let class_of: BTreeMap<u32, u32> = by_count.iter().enumerate().map(|(i, &(f, _))| (f, i as u32)).collect();
    let mut class_freqs = Vec::with_capacity(by_count.len() * 4);
    for &(f, _) in &by_count {
        class_freqs.extend_from_slice(&f.to_le_bytes());
    }

    let mut tag_names: Vec<String> = vec![String::new()];
    let mut freqs = Vec::with_capacity(keys.len() * 4);
    let mut tags = Vec::with_capacity(keys.len());
    let mut records = Vec::with_capacity(keys.len());
    for (id, (key, (freq, tag))) in keys.iter().enumerate() {
        let class = class_of.get(freq).copied().unwrap_or(DICT_CLASSES as u32 - 1);
        records.push((key.as_str(), id as u32 | class << DICT_ID_BITS));
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
    fs::write(out.join("dict.freqclass"), class_freqs).unwrap();
    fs::write(out.join("dict.tag"), tags).unwrap();
    fs::write(out.join("dict.tagnames"), tag_names[1..].join("\n")).unwrap();
    fs::write(out.join("dict.total"), total.to_le_bytes()).unwrap();
}
