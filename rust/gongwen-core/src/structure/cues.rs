//! The cue table (`data/structure/cues.tsv`) parsed into a [`Vocab`]: a Traditional-to-
//! Simplified character fold and the folded cue, genre, collection, decoration, generic,
//! closing and `About` words; and the [`Cue`] strengths of a heading or title and the stance
//! they resolve to.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::numerals::scan_years;
use super::Stance;
use crate::charset::CharSet;

const CUES_TSV: &str = include_str!("../../data/structure/cues.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    Phrase,
    Top,
    Weak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Cue(Stance, Tier),
    Genre,
    Collection,
    Decoration,
    Generic,
    Closing,
    About,
    /// A word ending in 一 that is no list marker (统一是, 唯一是): `not-list`.
    NotList,
    /// A character after a genre word that goes on with the sentence (的, 时, 要 of 通知要求),
    /// so the words are no title: `goes-on`.
    GoesOn,
    /// A word that makes a short line of its own an unnumbered top heading without a stance
    /// (政府自身建设, 结束语, 名词解释): `topic`.
    Topic,
    /// Words near the start of a body paragraph that make it a review's problem paragraph
    /// (我们也清醒看到…, 存在的问题和不足): it describes what is, so its stance is `Actual`.
    Problem,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        use Stance::{Actual, Target};
        Some(match s {
            "actual-phrase" => Kind::Cue(Actual, Tier::Phrase),
            "actual-top" => Kind::Cue(Actual, Tier::Top),
            "actual-weak" => Kind::Cue(Actual, Tier::Weak),
            "target-phrase" => Kind::Cue(Target, Tier::Phrase),
            "target-top" => Kind::Cue(Target, Tier::Top),
            "target-weak" => Kind::Cue(Target, Tier::Weak),
            "genre" => Kind::Genre,
            "collection" => Kind::Collection,
            "decoration" => Kind::Decoration,
            "generic" => Kind::Generic,
            "closing" => Kind::Closing,
            "about" => Kind::About,
            "not-list" => Kind::NotList,
            "goes-on" => Kind::GoesOn,
            "topic" => Kind::Topic,
            "problem" => Kind::Problem,
            _ => return None,
        })
    }
}

/// The parsed cue table: a Traditional-to-Simplified character fold and the folded words.
pub(super) struct Vocab {
    pub(super) fold: FxHashMap<char, char>,
    pub(super) words: Vec<(Vec<char>, Kind)>,
    /// Indices into `words` by first character, longest word first.
    pub(super) by_first: FxHashMap<char, Vec<usize>>,
    /// Bit `c & 0xffff` set for every key of `fold`, and for every first character of a word:
    /// most characters are neither, and a bit test is cheaper than a hash probe.
    pub(super) fold_bits: CharSet,
    pub(super) first_bits: CharSet,
    /// First characters of the `About` words.
    pub(super) about_first: Vec<char>,
    /// Indices into `words` of the genre, collection and decoration words.
    pub(super) genre: Vec<usize>,
    pub(super) collection: Vec<usize>,
    pub(super) decoration: Vec<usize>,
    /// The `not-list` words and the `goes-on` characters, folded (kept out of `words`: they
    /// are read at one place each, not matched along a line).
    pub(super) not_list: Vec<Vec<char>>,
    pub(super) goes_on: Vec<char>,
    /// Rows whose Traditional form folds a character two ways (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) conflicts: Vec<(char, char, char)>,
    /// Rows with an unknown kind or a missing column (the tests require none).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) bad_rows: Vec<String>,
}

impl Vocab {
    fn parse(tsv: &str) -> Vocab {
        let mut rows: Vec<(Kind, &str, Vec<&str>)> = Vec::new();
        let mut bad_rows = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(simp)) = (cols.next().and_then(Kind::parse), cols.next()) else {
                bad_rows.push(line.to_string());
                continue;
            };
            if simp.is_empty() {
                bad_rows.push(line.to_string());
                continue;
            }
            let trad = cols.next().unwrap_or("").split(' ').filter(|t| !t.is_empty()).collect();
            rows.push((kind, simp, trad));
        }
        let mut fold = FxHashMap::default();
        let mut conflicts = Vec::new();
        for (_, simp, trad) in &rows {
            for t in trad {
                if t.chars().count() != simp.chars().count() {
                    continue;
                }
                for (a, b) in t.chars().zip(simp.chars()) {
                    if a == b {
                        continue;
                    }
                    match fold.get(&a) {
                        Some(&x) if x != b => conflicts.push((a, x, b)),
                        Some(_) => {}
                        None => {
                            fold.insert(a, b);
                        }
                    }
                }
            }
        }
        let mut fold_bits = CharSet::default();
        for &c in fold.keys() {
            fold_bits.insert(c as u32);
        }
        let mut v = Vocab {
            fold,
            words: Vec::new(),
            by_first: FxHashMap::default(),
            fold_bits,
            first_bits: CharSet::default(),
            about_first: Vec::new(),
            genre: Vec::new(),
            collection: Vec::new(),
            decoration: Vec::new(),
            not_list: Vec::new(),
            goes_on: Vec::new(),
            conflicts,
            bad_rows,
        };
        for (kind, simp, _) in &rows {
            match kind {
                Kind::NotList => v.not_list.push(v.fold_str(simp)),
                Kind::GoesOn => v.goes_on.extend(v.fold_str(simp)),
                _ => {}
            }
        }
        for (kind, simp, trad) in rows.iter().filter(|r| !matches!(r.0, Kind::NotList | Kind::GoesOn)) {
            let s = v.fold_str(simp);
            for t in trad {
                let f = v.fold_str(t);
                if f != s {
                    v.words.push((f, *kind));
                }
            }
            v.words.push((s, *kind));
        }
        for (i, (w, kind)) in v.words.iter().enumerate() {
            v.by_first.entry(w[0]).or_default().push(i);
            v.first_bits.insert(w[0] as u32);
            if *kind == Kind::About && !v.about_first.contains(&w[0]) {
                v.about_first.push(w[0]);
            }
            match kind {
                Kind::Genre => v.genre.push(i),
                Kind::Collection => v.collection.push(i),
                Kind::Decoration => v.decoration.push(i),
                _ => {}
            }
        }
        let words = &v.words;
        for list in v.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(words[i].0.len()));
        }
        v
    }

    #[inline]
    pub(super) fn fold(&self, c: char) -> char {
        if !self.fold_bits.may_contain(c) {
            return c;
        }
        *self.fold.get(&c).unwrap_or(&c)
    }

    /// Whether a word may start with `c`.
    #[inline]
    fn may_start(&self, c: char) -> bool {
        self.first_bits.may_contain(c)
    }

    pub(super) fn fold_str(&self, s: &str) -> Vec<char> {
        s.chars().map(|c| self.fold(c)).collect()
    }

    /// The words starting at `s[i]`, longest first, with their lengths.
    pub(super) fn at<'a>(&'a self, s: &'a [char], i: usize) -> impl Iterator<Item = (usize, Kind)> + 'a {
        let list = s
            .get(i)
            .filter(|&&c| self.may_start(c))
            .and_then(|c| self.by_first.get(c))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        list.iter().filter_map(move |&k| {
            let (w, kind) = &self.words[k];
            let t = &s[i..];
            (t.len() >= w.len() && w.iter().zip(t).all(|(a, b)| a == b)).then_some((w.len(), *kind))
        })
    }

    /// Length of the longest of the words `list` (indices) that `s` ends with.
    pub(super) fn ends_with(&self, s: &[char], list: &[usize]) -> Option<usize> {
        list.iter()
            .map(|&i| &self.words[i].0)
            .filter(|w| s.ends_with(w))
            .map(Vec::len)
            .max()
    }

    /// Whether `s` contains a word of `kind`.
    pub(super) fn contains(&self, s: &[char], kind: Kind) -> bool {
        (0..s.len()).any(|i| self.at(s, i).any(|(_, k)| k == kind))
    }
}

pub(super) fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab::parse(CUES_TSV))
}

/// Cue strengths of one heading or title: 0 none, 1 weak, 2 strong (top tier), 3 phrase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Cue {
    pub(super) actual: u8,
    pub(super) target: u8,
    /// The single year a title or level 0/1 heading names.
    pub(super) year: Option<u32>,
}

impl Cue {
    /// Whether a heading of `level` can have cues at all: below level 2, a clause that the
    /// paragraph's body continues has none (see [`Cue::of`]).
    pub(super) fn possible(level: u8, standalone: bool) -> bool {
        level <= 2 || standalone
    }

    /// The cues of a heading's (or, at level 0, a title's) folded text. `standalone`: the
    /// heading is a line of its own, not a clause that the paragraph's body continues.
    pub(super) fn of(v: &Vocab, folded: &[char], level: u8, standalone: bool) -> Cue {
        let mut cue = Cue::default();
        if !Cue::possible(level, standalone) {
            return cue;
        }
        // `关于…的问题` names a topic (the question of …): its weak words say nothing of its
        // stance (`关于经济形势` still reports).
        let about = folded.ends_with(&['问', '题']) && v.at(folded, 0).any(|(_, k)| k == Kind::About);
        for i in 0..folded.len() {
            for (_, kind) in v.at(folded, i) {
                let Kind::Cue(stance, tier) = kind else { continue };
                // Deep headings are topics (巩固脱贫攻坚成果, 突出工作重点): only a phrase counts,
                // and below level 2 only on a heading line of its own.
                let strength = match tier {
                    Tier::Phrase if level <= 2 || standalone => 3,
                    Tier::Top if level <= 1 => 2,
                    Tier::Weak if level <= 1 && !about => 1,
                    Tier::Phrase | Tier::Top | Tier::Weak => 0,
                };
                match stance {
                    Stance::Actual => cue.actual = cue.actual.max(strength),
                    Stance::Target => cue.target = cue.target.max(strength),
                    Stance::Unknown => {}
                }
            }
        }
        if level <= 1 {
            // The year, if every year the text names is the same.
            let (mut first, mut single) = (None, true);
            scan_years(folded.iter().copied(), |y| match first {
                None => first = Some(y),
                Some(f) => single &= f == y,
            });
            cue.year = first.filter(|_| single);
        }
        cue
    }

    /// The winning stance and its strength (`Unknown` with strength >= 2 when mixed).
    pub(super) fn resolve(self, doc_year: Option<u32>) -> (Stance, u8) {
        let (mut a, mut t) = (self.actual, self.target);
        if let (Some(y), Some(d)) = (self.year, doc_year) {
            if y > d {
                t = 3;
            } else if y < d {
                a = 3;
            }
        }
        if a > t {
            (Stance::Actual, a)
        } else if t > a {
            (Stance::Target, t)
        } else if a >= 2 {
            (Stance::Unknown, a)
        } else {
            (Stance::Unknown, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Converter;

    #[test]
    fn cue_table_is_well_formed_and_covers_opencc() {
        let v = vocab();
        assert!(v.bad_rows.is_empty(), "{:?}", v.bad_rows);
        assert!(v.conflicts.is_empty(), "{:?}", v.conflicts);
        let convs: Vec<Converter> = ["s2t", "s2tw", "s2hk", "s2twp"]
            .iter()
            .map(|c| Converter::new(c).unwrap())
            .collect();
        let mut rows = 0;
        for line in CUES_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let simp = v.fold_str(cols[1]);
            for c in &convs {
                let t = c.convert(cols[1]);
                assert_eq!(
                    v.fold_str(&t),
                    simp,
                    "{} -> {t} ({}) does not fold back",
                    cols[1],
                    c.config()
                );
                assert!(
                    cols.get(2).is_some_and(|l| l.split(' ').any(|f| f == t)) || t == cols[1],
                    "{line}: add {t}"
                );
            }
            for t in cols
                .get(2)
                .map(|l| l.split(' ').filter(|t| !t.is_empty()).collect::<Vec<_>>())
                .unwrap_or_default()
            {
                assert_eq!(v.fold_str(t), simp, "{line}");
            }
            rows += 1;
        }
        assert!(rows > 150);
        for kind in [
            "actual-phrase",
            "actual-top",
            "actual-weak",
            "target-phrase",
            "target-top",
            "target-weak",
            "genre",
            "collection",
            "decoration",
            "generic",
            "closing",
            "about",
            "not-list",
            "goes-on",
            "topic",
            "problem",
        ] {
            assert!(CUES_TSV.lines().any(|l| l.starts_with(&format!("{kind}\t"))), "{kind}");
        }
    }
}
