//! The literal fragments a regex's every match must contain, for a prefilter: an
//! Aho-Corasick automaton over the fragments of all boilerplate rules tells in one pass over a
//! text which rules can match it at all, so a text meets only the rules whose fragments it
//! holds, however many rules there are.
//!
//! Fragments are bytes with ASCII letters lower-cased, to be searched ASCII case-insensitively
//! (the rules are case-insensitive); a character with other case variants (`k`: `K`, `k`, the
//! Kelvin sign) becomes one fragment per variant.

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

/// Most strings a product of sets (a concatenation) may hold: past this a part is not used.
const MAX_SET: usize = 32;
/// Most strings a union of sets (an alternation) may hold.
const MAX_UNION: usize = 512;
/// Most characters of a class expanded into alternatives (10: the digits, so a rule headed by
/// `^\s*[0-9]` is tried only at lines starting with a digit).
const MAX_CLASS: usize = 10;
/// Bytes kept of a fragment (a prefix of a required string is required too): with at most
/// this many fragments ending at any byte, the automaton's overlapping pass stays linear.
pub(super) const MAX_LEN: usize = 30;

type Set = Vec<Vec<u8>>;

/// Strings of which every match of `hir` contains at least one, each at most [`MAX_LEN`]
/// bytes, ASCII lower-cased; `None` when no such set of non-empty strings was found (a rule
/// that must be tried on every text).
pub(super) fn required_fragments(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut set: Set = required(hir)?.into_iter().map(truncate).collect();
    set.sort_unstable();
    set.dedup();
    // A string holding another of the set adds nothing: `(本)?文档为` needs only `文档为`.
    let minimal: Set = set
        .iter()
        .filter(|s| !set.iter().any(|t| t.len() < s.len() && contains(s, t)))
        .cloned()
        .collect();
    (!minimal.is_empty() && minimal.iter().all(|s| !s.is_empty())).then_some(minimal)
}

/// Whether `haystack` holds `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// `s` cut to at most [`MAX_LEN`] bytes at a character boundary (or at `MAX_LEN` if `s` is
/// not UTF-8, which a byte class can give).
fn truncate(mut s: Vec<u8>) -> Vec<u8> {
    if s.len() > MAX_LEN {
        let mut end = MAX_LEN;
        if std::str::from_utf8(&s).is_ok() {
            while end > 0 && (s[end] as i8) < -0x40 {
                end -= 1;
            }
        }
        s.truncate(end);
    }
    s
}

/// How good a required set is as a filter: longer shortest fragment first, then fewer.
fn score(set: &Set) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|s| s.len().min(MAX_LEN)).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// A required set made of `set`, if it has no empty string.
fn usable(set: Set) -> Option<Set> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

/// Every string of `a` followed by every string of `b`, if there are at most [`MAX_SET`].
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out: Set = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            out.push(s);
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The complete set of strings `hir` matches (ASCII case folded), if it is small.
fn exact(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut count = 0;
            for r in class.iter() {
                count += (r.end() as usize) - (r.start() as usize) + 1;
                if count > 2 * MAX_CLASS {
                    return None;
                }
            }
            let mut out: Set = Vec::new();
            for r in class.iter() {
                for c in r.start()..=r.end() {
                    let mut buf = [0u8; 4];
                    out.push(c.to_ascii_lowercase().encode_utf8(&mut buf).as_bytes().to_vec());
                }
            }
            out.sort_unstable();
            out.dedup();
            (out.len() <= MAX_CLASS).then_some(out)
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut out: Set = Vec::new();
            for r in class.iter() {
                if out.len() + usize::from(r.end() - r.start()) >= 2 * MAX_CLASS {
                    return None;
                }
                out.extend((r.start()..=r.end()).map(|b| vec![b.to_ascii_lowercase()]));
            }
            out.sort_unstable();
            out.dedup();
            (out.len() <= MAX_CLASS).then_some(out)
        }
        HirKind::Repetition(rep) => {
            let sub = exact(&rep.sub)?;
            match (rep.min, rep.max) {
                (0, Some(1)) => {
                    let mut s = sub;
                    s.push(Vec::new());
                    s.sort_unstable();
                    s.dedup();
                    (s.len() <= MAX_SET).then_some(s)
                }
                (m, Some(x)) if m == x && m <= 4 => {
                    let mut acc = vec![Vec::new()];
                    for _ in 0..m {
                        acc = product(&acc, &sub)?;
                    }
                    Some(acc)
                }
                _ => None,
            }
        }
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Concat(subs) => {
            let mut acc = vec![Vec::new()];
            for s in subs {
                acc = product(&acc, &exact(s)?)?;
            }
            Some(acc)
        }
        HirKind::Alternation(subs) => {
            let mut out: Set = Vec::new();
            for s in subs {
                out.extend(exact(s)?);
                if out.len() > 2 * MAX_UNION {
                    return None;
                }
            }
            out.sort_unstable();
            out.dedup();
            (out.len() <= MAX_UNION).then_some(out)
        }
    }
}

/// A set of non-empty strings of which every match of `hir` contains one.
fn required(hir: &Hir) -> Option<Set> {
    if let Some(set) = exact(hir).and_then(usable) {
        return Some(set);
    }
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Alternation(subs) => {
            let mut out: Set = Vec::new();
            for s in subs {
                out.extend(required(s)?.into_iter().map(truncate));
                if out.len() > 2 * MAX_UNION {
                    return None;
                }
            }
            out.sort_unstable();
            out.dedup();
            (out.len() <= MAX_UNION).then_some(out)
        }
        HirKind::Concat(subs) => {
            // The best of: each child's required set, and the strings of each run of children
            // whose strings are all known (`^\s*(本)?文档为(doc|pdf)格式`: `文档为doc格式`, ...).
            let mut best: Option<Set> = None;
            let mut consider = |set: Option<Set>| {
                if let Some(set) = set.and_then(usable) {
                    if best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                        best = Some(set);
                    }
                }
            };
            let mut run: Set = vec![Vec::new()];
            for s in subs {
                match exact(s) {
                    Some(e) => match product(&run, &e) {
                        Some(p) => run = p,
                        None => {
                            consider(Some(std::mem::replace(&mut run, e)));
                        }
                    },
                    None => {
                        consider(Some(std::mem::replace(&mut run, vec![Vec::new()])));
                        consider(required(s));
                    }
                }
            }
            consider(Some(run));
            best
        }
        _ => None,
    }
}

// ------------------------------------------------------------------- rules anchored at lines

/// A rule every match of which starts at a line start with one of `prefixes` (`^HEAD...`), or
/// at a line start followed by whitespace up to one of `prefixes` (`^\s*HEAD...`, `ws`). HEAD
/// matches no line break, and what follows it crosses line breaks only through whitespace or a
/// bounded number of times: a try at a line start reads the blank lines after it and a
/// bounded number of lines with text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LineAnchor {
    pub(super) ws: bool,
    /// ASCII lower-cased, none a prefix of another; with `ws`, none starting with whitespace.
    pub(super) prefixes: Vec<Vec<u8>>,
}

/// The `\s` class (Unicode White_Space), as the rules' parser builds it.
pub(super) fn whitespace_class() -> &'static ClassUnicode {
    static WS: std::sync::OnceLock<ClassUnicode> = std::sync::OnceLock::new();
    WS.get_or_init(|| {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .case_insensitive(true)
            .build()
            .parse(r"\s")
            .expect("\\s parses");
        match hir.into_kind() {
            HirKind::Class(Class::Unicode(c)) => c,
            _ => unreachable!("\\s is a Unicode class"),
        }
    })
}

/// Whether `c` is in `class`.
pub(super) fn in_class(class: &ClassUnicode, c: char) -> bool {
    let ranges = class.ranges();
    let k = ranges.partition_point(|r| r.end() < c);
    k < ranges.len() && ranges[k].start() <= c
}

/// Whether no match of `hir` holds a line break.
fn never_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => !lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => !in_class(c, '\n'),
        HirKind::Class(Class::Bytes(c)) => !c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(rep) => never_newline(&rep.sub),
        HirKind::Capture(cap) => never_newline(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(never_newline),
    }
}

/// Whether `hir` is a repetition of whitespace: `\s*`, `\s+`, `[ \t]{2,}`...
fn whitespace_run(hir: &Hir, unbounded: bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) if rep.max.is_none() || !unbounded => match rep.sub.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                let ws = whitespace_class();
                if unbounded {
                    c == ws
                } else {
                    c.ranges().iter().all(|r| {
                        let mut sub = ClassUnicode::new([*r]);
                        sub.difference(ws);
                        sub.ranges().is_empty()
                    })
                }
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether the part after a rule's head can cross line breaks only a bounded number of times
/// or through whitespace: a try at a line start then reads a bounded number of lines with
/// text on them.
fn tail_ok(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) | HirKind::Class(_) => true,
        HirKind::Repetition(rep) => {
            never_newline(&rep.sub)
                || whitespace_run(hir, false)
                || (rep.max.is_some_and(|m| m <= 16) && tail_ok(&rep.sub))
        }
        HirKind::Capture(cap) => tail_ok(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(tail_ok),
    }
}

/// The items of `hir` as a sequence.
fn items(hir: &Hir) -> Vec<&Hir> {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().collect(),
        _ => vec![hir],
    }
}

/// `hir` as alternative sequences of items, alternations before the head distributed
/// (`^(?:\s*A|\s*B)` is `^\s*A` or `^\s*B`, the shape regex-syntax gives the Traditional
/// variants of a rule); `None` past [`MAX_UNION`] sequences.
fn sequences(hir: &Hir) -> Option<Vec<Vec<&Hir>>> {
    let mut todo: Vec<Vec<&Hir>> = match hir.kind() {
        HirKind::Alternation(alts) => alts.iter().map(items).collect(),
        _ => vec![items(hir)],
    };
    let mut done = Vec::new();
    while let Some(seq) = todo.pop() {
        // An alternation among the leading `^` and whitespace run is distributed.
        let lead = seq
            .iter()
            .position(|h| !matches!(h.kind(), HirKind::Look(_)) && !whitespace_run(h, true));
        match lead.map(|i| (i, seq[i].kind())) {
            Some((i, HirKind::Alternation(alts))) => {
                for alt in alts {
                    let mut s = seq[..i].to_vec();
                    s.extend(items(alt));
                    s.extend_from_slice(&seq[i + 1..]);
                    todo.push(s);
                }
            }
            _ => done.push(seq),
        }
        if todo.len() + done.len() > MAX_UNION {
            return None;
        }
    }
    Some(done)
}

/// Whether every match of `hir` starts at a line start as [`LineAnchor`] describes, and its
/// prefixes if so.
pub(super) fn line_anchored(hir: &Hir) -> Option<LineAnchor> {
    let ws_class = whitespace_class();
    let mut ws_all: Option<bool> = None;
    let mut prefixes: Set = Vec::new();
    for seq in sequences(hir)? {
        let mut rest = seq.as_slice();
        // `^` (multi-line), then `\s*` or nothing.
        match rest.first().map(|h| h.kind()) {
            Some(HirKind::Look(Look::StartLF)) => rest = &rest[1..],
            _ => return None,
        }
        let ws = rest.first().is_some_and(|h| whitespace_run(h, true));
        if ws {
            rest = &rest[1..];
        }
        if *ws_all.get_or_insert(ws) != ws {
            return None;
        }
        let head_len = rest.iter().take_while(|h| never_newline(h)).count();
        let (head, tail) = rest.split_at(head_len);
        if !tail.iter().all(|h| tail_ok(h)) {
            return None;
        }
        let set = leading_strings(head)?;
        // After `\s*`, the head starts at the first character that is not whitespace.
        let starts_with_text = |f: &Vec<u8>| {
            std::str::from_utf8(f).is_ok_and(|f| f.chars().next().is_some_and(|c| !in_class(ws_class, c)))
        };
        if ws && !set.iter().all(starts_with_text) {
            return None;
        }
        prefixes.extend(set);
        if prefixes.len() > MAX_UNION {
            return None;
        }
    }
    Some(LineAnchor {
        ws: ws_all?,
        prefixes: prefix_free(prefixes),
    })
}

/// Most characters a rule's set of first characters ([`first_chars`]) may hold.
const MAX_FIRST: usize = 1024;

/// For a rule every match of which starts at a line start followed by whitespace (`^\s*...`,
/// in every alternative) and holds a character that is not whitespace: the characters its
/// first such character can be, sorted (at most [`MAX_FIRST`]). A match from a line start
/// then needs the first character after it that is not whitespace (across blank lines) to be
/// one of them, so the rule is tried only at the runs of line starts that lead to one: a rule
/// whose prefixes cannot be listed (`^\s*[0-9]{4}...`, `^\s*((下载|打印)\s*)*...`) is not searched
/// through the whole text.
pub(super) fn first_chars(hir: &Hir) -> Option<Vec<char>> {
    let ws = whitespace_class();
    let mut class = ClassUnicode::empty();
    for seq in sequences(hir)? {
        let mut rest = seq.as_slice();
        match rest.first().map(|h| h.kind()) {
            Some(HirKind::Look(Look::StartLF)) => rest = &rest[1..],
            _ => return None,
        }
        if !rest.first().is_some_and(|h| whitespace_run(h, true)) {
            return None;
        }
        let mut set = ClassUnicode::empty();
        // A match of only whitespace has no first character that is not whitespace.
        if first_text(&rest[1..], ws, &mut set) {
            return None;
        }
        class.union(&set);
        let size: u32 = class
            .ranges()
            .iter()
            .map(|r| r.end() as u32 - r.start() as u32 + 1)
            .sum();
        if size as usize > MAX_FIRST {
            return None;
        }
    }
    let chars: Vec<char> = class.ranges().iter().flat_map(|r| r.start()..=r.end()).collect();
    (!chars.is_empty()).then_some(chars)
}

/// For a rule every match of which starts at a line start (`^HEAD...`, no `\s*` before HEAD,
/// in every alternative), HEAD matching no line break: strings of which every match of HEAD
/// contains one (see [`required_fragments`]). A match then starts at the start of a line that
/// holds one of them, so the rule is tried only at those lines (`^[^\n。]{0,60}(www\.|http)`
/// is not searched through a whole text that holds `www.` somewhere).
pub(super) fn head_fragments(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut all: Set = Vec::new();
    for seq in sequences(hir)? {
        let mut rest = seq.as_slice();
        match rest.first().map(|h| h.kind()) {
            Some(HirKind::Look(Look::StartLF)) => rest = &rest[1..],
            _ => return None,
        }
        let head_len = rest.iter().take_while(|h| never_newline(h)).count();
        let head = Hir::concat(rest[..head_len].iter().map(|h| (*h).clone()).collect());
        all.extend(required_fragments(&head)?);
        if all.len() > MAX_UNION {
            return None;
        }
    }
    all.sort_unstable();
    all.dedup();
    (!all.is_empty()).then_some(all)
}

/// Adds to `set` the characters that are not whitespace which can come first, among those that
/// are not whitespace, in a match of `items`; whether `items` can match only whitespace (or
/// nothing), so that what follows them can give that character.
fn first_text(items: &[&Hir], ws: &ClassUnicode, set: &mut ClassUnicode) -> bool {
    for h in items {
        if !first_text_of(h, ws, set) {
            return false;
        }
    }
    true
}

fn first_text_of(hir: &Hir, ws: &ClassUnicode, set: &mut ClassUnicode) -> bool {
    let mut add = |mut c: ClassUnicode| {
        let before = c.ranges().len();
        let mut text = c.clone();
        text.difference(ws);
        set.union(&text);
        // Whether `c` holds whitespace.
        c.intersect(ws);
        before > 0 && !c.ranges().is_empty()
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) => match text.chars().find(|&c| !in_class(ws, c)) {
                Some(c) => {
                    add(ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(c, c)]));
                    false
                }
                None => true,
            },
            // Not UTF-8 (a byte literal): any character may come first.
            Err(_) => {
                set.union(&ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(
                    '\0',
                    char::MAX,
                )]));
                true
            }
        },
        HirKind::Class(Class::Unicode(c)) => add(c.clone()),
        HirKind::Class(Class::Bytes(_)) => {
            set.union(&ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(
                '\0',
                char::MAX,
            )]));
            true
        }
        HirKind::Repetition(rep) => {
            let through = first_text_of(&rep.sub, ws, set);
            through || rep.min == 0
        }
        HirKind::Capture(cap) => first_text_of(&cap.sub, ws, set),
        HirKind::Concat(subs) => first_text(&subs.iter().collect::<Vec<_>>(), ws, set),
        HirKind::Alternation(subs) => {
            let mut through = false;
            for s in subs {
                through |= first_text_of(s, ws, set);
            }
            through
        }
    }
}

/// The strings every match of `items` starts with one of: the complete strings of its
/// longest leading run of items whose strings are known (cut at [`MAX_LEN`] bytes); `None`
/// when that run can match the empty string.
fn leading_strings(items: &[&Hir]) -> Option<Set> {
    let mut acc: Set = vec![Vec::new()];
    for h in items {
        let Some(e) = exact(h) else { break };
        let Some(p) = product(&acc, &e) else { break };
        acc = p;
        if acc.iter().all(|s| s.len() >= MAX_LEN) {
            break;
        }
    }
    usable(acc.into_iter().map(truncate).collect())
}

/// `set` without the strings another string of it is a prefix of, sorted.
fn prefix_free(mut set: Set) -> Vec<Vec<u8>> {
    set.sort_unstable();
    set.dedup();
    // Sorted, a string's prefixes in the set come just before the strings they begin.
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(set.len());
    for s in set {
        if !out.last().is_some_and(|p| s.starts_with(p)) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pattern` parsed as the boilerplate rules are.
    fn hir(pattern: &str) -> regex_syntax::hir::Hir {
        regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap()
    }

    fn frags(pattern: &str) -> Option<Vec<String>> {
        let hir = hir(pattern);
        required_fragments(&hir).map(|set| set.into_iter().map(|s| String::from_utf8(s).unwrap()).collect())
    }

    #[test]
    fn fragments_of_typical_rules() {
        assert_eq!(
            frags("小编为大家(整理|收集)").unwrap(),
            ["小编为大家收集", "小编为大家整理"]
        );
        assert_eq!(frags(r"^\s*(首页|当前位置)\s*[:：>]").unwrap(), ["当前位置", "首页"]);
        assert_eq!(
            frags(r"^\s*(本)?文档为(doc|pdf)格式[。.]?\s*$").unwrap(),
            ["文档为doc格式", "文档为pdf格式"]
        );
        // Case variants: ASCII folded, the others (the Kelvin sign of `k`) each a fragment.
        assert_eq!(frags(r"^\s*COPYRIGHT").unwrap(), ["copyright"]);
        assert_eq!(frags("K线").unwrap(), ["k线", "\u{212a}线"]);
        assert_eq!(
            frags(r"^\s*(https?://|www\.)\S+$").unwrap(),
            ["http://", "https://", "httpſ://", "www."]
        );
        // Nothing every match holds.
        assert_eq!(frags(r"^\s*$"), None);
        assert_eq!(frags(r"\d+年|公告").unwrap(), ["公告", "年"]);
        assert_eq!(frags(r"\d+|公告"), None);
        assert_eq!(frags(r"(广告)?\d+"), None);
        // Long fragments are cut at a character boundary.
        let long = frags(&"长".repeat(40)).unwrap();
        assert_eq!(long, ["长".repeat(MAX_LEN / 3)]);
    }

    fn anchor(pattern: &str) -> Option<(bool, Vec<String>)> {
        let hir = hir(pattern);
        line_anchored(&hir).map(|a| {
            (
                a.ws,
                a.prefixes.into_iter().map(|s| String::from_utf8(s).unwrap()).collect(),
            )
        })
    }

    #[test]
    fn rules_anchored_at_line_starts() {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let menu = anchor(r"(?:^\s*(首页|当前位置)\s*[:：>])|(?:^\s*(首頁|當前位置)\s*[:：>])").unwrap();
        assert_eq!(menu, (true, strings(&["当前位置", "當前位置", "首頁", "首页"])));
        let count = anchor(r"^\s*\(?共有\s*\d*\s*条评论\)?\s*$").unwrap();
        assert_eq!(
            count,
            (true, strings(&["(共有", "共有"])),
            "the head ends at the first `\\s*`"
        );
        let format = anchor(r"^\s*(本)?文档为(doc|pdf)格式[。.]?\s*$").unwrap();
        assert_eq!(format.1.len(), 4, "{format:?}");
        let link = anchor(r"^\s*(https?://|www\.)\S+\s*$").unwrap();
        assert_eq!(link, (true, strings(&["http://", "https://", "httpſ://", "www."])));
        assert_eq!(anchor(r"^本站声明").unwrap(), (false, strings(&["本站声明"])));
        assert_eq!(
            anchor(r"^(上一|上一篇)").unwrap(),
            (false, strings(&["上一"])),
            "prefix free"
        );
        // Not anchored, no head, a head starting with no known string, a tail crossing lines
        // unboundedly, another class before the head, alternatives of both forms, a head
        // starting with whitespace.
        for p in [
            r"首页",
            r"^\s*首页|隐藏",
            r"^\s*\n\s*链接",
            r"^\s*\d+",
            r"^\s*(本)?\d",
            r"^\s*首页[^x]*$",
            r"^[\s\S]*首页",
            r"^\s*首页|^隐藏",
            r"^\s* 首页",
        ] {
            assert_eq!(anchor(p), None, "{p}");
        }
    }

    #[test]
    fn first_chars_of_line_rules() {
        let chars = |p: &str| first_chars(&hir(p)).map(|c| c.into_iter().collect::<String>());
        assert_eq!(chars(r"^\s*[0-9]{4}\s*年").as_deref(), Some("0123456789"));
        // Optional items and whitespace before the first character that is not whitespace.
        assert_eq!(chars(r"^\s*[（(]?\s*(编辑|审核)\s*[:：]").as_deref(), Some("(审编（"));
        assert_eq!(
            chars(r"^\s*((下载|打印)\s*)*(【|关闭)\s*$").as_deref(),
            Some("【下关打")
        );
        assert_eq!(chars(r"^\s*\n\s*链接").as_deref(), Some("链"));
        // Case folded as the rules are.
        assert_eq!(chars(r"^\s*[a-c]{8}").as_deref(), Some("ABCabc"));
        // Not `^\s*` in every alternative, a match of whitespace only, too many characters.
        assert_eq!(chars(r"^[0-9]+"), None);
        assert_eq!(chars(r"^\s*首页|隐藏"), None);
        assert_eq!(chars(r"^\s*$"), None);
        assert_eq!(chars(r"^\s*[ \t]*"), None);
        assert_eq!(chars(r"^\s*[^\n]{0,60}版权所有"), None);
    }

    #[test]
    fn head_fragments_of_line_rules() {
        let frags = |p: &str| {
            head_fragments(&hir(p)).map(|f| f.into_iter().map(|s| String::from_utf8(s).unwrap()).collect::<Vec<_>>())
        };
        assert_eq!(
            frags(r"^[^\n。]{0,60}(www\.|版权)[^\n]*$"),
            Some(vec!["www.".into(), "版权".into()])
        );
        // Only the head, up to what can cross a line break.
        assert_eq!(frags(r"^[^\n]{0,9}?记者\s*李四"), Some(vec!["记者".into()]));
        assert_eq!(frags(r"^[^\n]{0,9}\s*记者"), None);
        assert_eq!(frags(r"^\s*记者"), None);
        assert_eq!(frags(r"记者"), None);
    }
}
