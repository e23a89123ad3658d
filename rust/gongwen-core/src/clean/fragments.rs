//! The literal fragments a regex's every match must contain, for a prefilter: an
//! Aho-Corasick automaton over the fragments of all boilerplate rules tells in one pass over a
//! text which rules can match it at all, so a text meets only the rules whose fragments it
//! holds, however many rules there are.
//!
//! Fragments are bytes with ASCII letters lower-cased, to be searched ASCII case-insensitively
//! (the rules are case-insensitive); a character with other case variants (`k`: `K`, `k`, the
//! Kelvin sign) becomes one fragment per variant.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings a product of sets (a concatenation) may hold: past this a part is not used.
const MAX_SET: usize = 32;
/// Most strings a union of sets (an alternation) may hold.
const MAX_UNION: usize = 512;
/// Most characters of a class expanded into alternatives.
const MAX_CLASS: usize = 8;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frags(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap();
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
}
