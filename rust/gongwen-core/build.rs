//! Compiles jieba's `dict.txt` into a double-array trie at build time, so that loading the
//! default dictionary at run time is a copy of a few arrays instead of parsing 349k lines.
//!
//! Every key jieba's `FREQ` table holds gets an id: each word of the dictionary and each proper
//! prefix of a word (jieba stores prefixes with frequency 0 and its lookups tell "prefix" from
//! "absent"). A key's id is its cell in the double array (see `src/segment/trie.rs`), and the
//! per-key arrays (frequencies, tags) have one entry per cell.

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

/// Layout of one node of the jieba double array, shared with `src/segment/trie.rs` (whose
/// tests check that both agree): `base | check << 22 | is_word << 44 | class << 45`, 58 bits.
const DA_INDEX_BITS: u32 = 22;
/// `check` of an empty cell and of the root: no node has this index.
const DA_NO_PARENT: u64 = (1 << DA_INDEX_BITS) - 1;
const DA_WORD_BIT: u32 = 2 * DA_INDEX_BITS;
const DA_CLASS_SHIFT: u32 = DA_WORD_BIT + 1;
/// Frequency classes: the `DA_CLASSES - 1` most common positive frequencies, and one class
/// (the last) for all others, whose `ln` the segmenter reads from a per-node array.
const DA_CLASSES: usize = 1 << 13;

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

    // Character codes by descending weight (the summed frequency of the words a character
    // occurs in, a proxy for how often text has it): the root's children sit at their codes, so
    // the characters a text is mostly made of share a few cache lines near the root.
    let mut weight: BTreeMap<char, u64> = BTreeMap::new();
    for (key, (freq, _)) in &keys {
        for c in key.chars() {
            *weight.entry(c).or_default() += u64::from(*freq) + 1;
        }
    }
    let mut by_weight: Vec<(char, u64)> = weight.into_iter().collect();
    by_weight.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let code_of: BTreeMap<char, u32> = by_weight
        .iter()
        .enumerate()
        .map(|(i, &(c, _))| (c, i as u32 + 1))
        .collect();

    // The trie as a tree of temporary ids (sorted key order, root = keys.len()). Every proper
    // prefix of a key is a key, so a key's parent is the key without its last character.
    let root = keys.len();
    let index: std::collections::HashMap<&str, usize> = keys.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut children: Vec<Vec<(u32, usize)>> = vec![Vec::new(); keys.len() + 1];
    for (i, key) in keys.keys().enumerate() {
        let (cut, last) = key.char_indices().next_back().expect("keys are not empty");
        let parent = if cut == 0 { root } else { index[&key[..cut]] };
        children[parent].push((code_of[&last], i));
    }
    for kids in &mut children {
        kids.sort_unstable();
    }
    let cell_of = place_double_array(&children, root);
    let base_of = |node: usize| -> u64 {
        children[node]
            .first()
            .map_or(0, |&(code, child)| (cell_of[child] - code as usize) as u64)
    };

    // The class of a positive frequency: its rank among all of them by the summed frequency of
    // the words that have it (a proxy for how often a text has such a word), or
    // `DA_CLASSES - 1` past the first `DA_CLASSES - 1`. jieba's dictionary has fewer distinct
    // frequencies than that, so the route reads every `ln(freq)` from the class table, whose
    // first cache lines, the classes of the common words, stay in L1, and never from the large
    // per-key array. (Ranking by the number of words instead leaves the common words, whose
    // frequencies are unique, out of the table.)
    let mut freq_mass: BTreeMap<u32, u64> = BTreeMap::new();
    for (freq, _) in keys.values().filter(|(f, _)| *f > 0) {
        *freq_mass.entry(*freq).or_default() += u64::from(*freq);
    }
    let mut by_mass: Vec<(u32, u64)> = freq_mass.into_iter().collect();
    by_mass.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_mass.truncate(DA_CLASSES - 1);
    let class_of: BTreeMap<u32, u64> = by_mass.iter().enumerate().map(|(i, &(f, _))| (f, i as u64)).collect();
    let mut class_freqs = Vec::with_capacity(by_mass.len() * 4);
    for &(f, _) in &by_mass {
        class_freqs.extend_from_slice(&f.to_le_bytes());
    }

    // Pad so that `base + code` is in bounds for every node and every code.
    let max_code = by_weight.len();
    let len = (0..=root).map(|n| base_of(n) as usize).max().unwrap() + max_code + 1;
    assert!((len as u64) < DA_NO_PARENT, "double array too large for DA_INDEX_BITS");
    let mut nodes = vec![DA_NO_PARENT << DA_INDEX_BITS; len];
    let mut freqs = vec![0u32; len];
    let mut tags = vec![0u8; len];
    let mut tag_names: Vec<String> = vec![String::new()];
    nodes[cell_of[root]] = base_of(root) | DA_NO_PARENT << DA_INDEX_BITS;
    for (parent, kids) in children.iter().enumerate() {
        for &(_, child) in kids {
            nodes[cell_of[child]] = base_of(child) | (cell_of[parent] as u64) << DA_INDEX_BITS;
        }
    }
    for (i, (_key, (freq, tag))) in keys.iter().enumerate() {
        let cell = cell_of[i];
        if *freq > 0 {
            let class = class_of.get(freq).copied().unwrap_or(DA_CLASSES as u64 - 1);
            nodes[cell] |= 1 << DA_WORD_BIT | class << DA_CLASS_SHIFT;
        }
        freqs[cell] = *freq;
        // Tag 0 means "no entry in jieba's word_tag_tab" (a prefix-only key).
        tags[cell] = match tag {
            None => 0u8,
            Some(t) => match tag_names.iter().position(|n| n == t && !t.is_empty()) {
                Some(i) => i as u8,
                None => {
                    tag_names.push(t.clone());
                    (tag_names.len() - 1) as u8
                }
            },
        };
    }
    assert!(tag_names.len() < 256, "too many POS tags");

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let nodes: Vec<u8> = nodes.iter().flat_map(|n| n.to_le_bytes()).collect();
    let chars: Vec<u8> = by_weight.iter().flat_map(|&(c, _)| (c as u32).to_le_bytes()).collect();
    let freqs: Vec<u8> = freqs.iter().flat_map(|f| f.to_le_bytes()).collect();
    fs::write(out.join("dict.nodes"), nodes).unwrap();
    fs::write(out.join("dict.chars"), chars).unwrap();
    fs::write(out.join("dict.freq"), freqs).unwrap();
    fs::write(out.join("dict.freqclass"), class_freqs).unwrap();
    fs::write(out.join("dict.tag"), tags).unwrap();
    fs::write(out.join("dict.tagnames"), tag_names[1..].join("\n")).unwrap();
    fs::write(out.join("dict.total"), total.to_le_bytes()).unwrap();
}

/// Give every node of the tree a cell of a double array: node `n`'s children sit at
/// `base(n) + code`, for one `base(n)` per node. Returns the cell of each node.
///
/// Nodes are placed breadth first, children in code order, so the root's children come first
/// and then the children of the most frequent characters: the nodes most walks touch end up in
/// one dense region at the front. Each base is the first fit over the free cells, searched from
/// where the last node with about as many children fit (a node with one child from the start):
/// where a node failed, a node as wide fails too, and the search stays short.
fn place_double_array(children: &[Vec<(u32, usize)>], root: usize) -> Vec<usize> {
    let max_code = children.iter().flatten().map(|&(c, _)| c as usize).max().unwrap_or(0);
    let cap = children.len() * 2 + max_code * 2 + 1024;
    let mut used = vec![false; cap];
    // `free[i] == i`: cell `i` is free; else a later cell may be (a union-find over the free
    // cells, compressed as it is read).
    let mut free: Vec<usize> = (0..cap).collect();
    fn find(next: &mut [usize], mut x: usize) -> usize {
        while next[x] != x {
            let up = next[next[x]];
            next[x] = up;
            x = up;
        }
        x
    }
    // Where the first child of the last node with `2^(i-1)..2^i` children went.
    let mut resume = [0usize; usize::BITS as usize + 1];
    let mut cell_of = vec![usize::MAX; children.len()];
    cell_of[root] = 0;
    used[0] = true;
    free[0] = 1;
    let mut queue = std::collections::VecDeque::from([root]);
    while let Some(node) = queue.pop_front() {
        let kids = &children[node];
        let Some(&(first, _)) = kids.first() else { continue };
        let first = first as usize;
        let width = (usize::BITS - (kids.len() - 1).leading_zeros()) as usize;
        let mut cell = find(&mut free, first.max(resume[width]));
        let base = loop {
            let base = cell - first;
            if kids[1..].iter().all(|&(c, _)| !used[base + c as usize]) {
                break base;
            }
            cell = find(&mut free, cell + 1);
        };
        if width > 0 {
            resume[width] = cell;
        }
        assert!(base + max_code + 1 < cap, "double array capacity exceeded");
        for &(code, child) in kids {
            let cell = base + code as usize;
            used[cell] = true;
            free[cell] = cell + 1;
            cell_of[child] = cell;
            queue.push_back(child);
        }
    }
    cell_of
}
