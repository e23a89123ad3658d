//! The gazetteer: China's administrative divisions (`data/describe/regions.tsv`, with the hand-kept
//! `changes.tsv` on top and the old names of `old_names.tsv`), every name form in one
//! Aho-Corasick automaton.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::convert::with_traditional_forms;

const REGIONS: &str = include_str!("../../data/describe/regions.tsv");
const CHANGES: &str = include_str!("../../data/describe/changes.tsv");
const OLD_NAMES: &str = include_str!("../../data/describe/old_names.tsv");

/// The level of a division (and of a document).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    National,
    Provincial,
    Prefecture,
    County,
}

impl Level {
    /// The column value.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        match s {
            "provincial" => Some(Level::Provincial),
            "prefecture" => Some(Level::Prefecture),
            "county" => Some(Level::County),
            _ => None,
        }
    }
}

/// One division.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The six-digit code.
    pub code: u32,
    /// The canonical name (`襄阳市`).
    pub name: String,
    pub level: Level,
    /// The parent's code (`None` for a province).
    pub parent: Option<u32>,
    /// Abolished before this year (a division of `old_names.tsv` that is no longer on the list).
    pub until: Option<i32>,
}

/// How a name form names its division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The full name (`河南省`, `襄阳市`), or an old full name (`襄樊市`).
    Full,
    /// A short form (`河南`, `襄阳`): weaker evidence, ambiguous more often.
    Short,
}

/// A name form: which division, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub region: usize,
    pub form: Form,
}

/// A name found in a text: its byte span and the divisions it may name.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'g> {
    pub start: usize,
    pub end: usize,
    pub names: &'g [Name],
}

impl Hit<'_> {
    /// Whether every candidate is a full name.
    pub fn is_full(&self) -> bool {
        self.names.iter().all(|n| n.form == Form::Full)
    }
}

/// The gazetteer.
pub struct Gazetteer {
    regions: Vec<Region>,
    by_code: HashMap<u32, usize>,
    automaton: AhoCorasick,
    /// The divisions each pattern of the automaton names.
    found_names: Vec<Vec<Name>>,
    /// The divisions each name form names (index from `by_name`).
    names: Vec<Vec<Name>>,
    by_name: HashMap<String, usize>,
}

fn code(s: &str) -> Option<u32> {
    (s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// The national pseudo-code (the state has no code in GB/T 2260; 100000 is the common usage).
pub const NATIONAL_CODE: &str = "100000";
/// The national region's name.
pub const NATIONAL_NAME: &str = "中华人民共和国";

impl Gazetteer {
    /// The bundled gazetteer, built once.
    pub fn global() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut regions: Vec<Region> = Vec::new();
        let mut forms: Vec<(String, Name)> = Vec::new();
        let mut removed: Vec<u32> = Vec::new();
        for r in rows(CHANGES) {
            removed.extend(r[6].split_whitespace().filter_map(code));
        }
        let add = |regions: &mut Vec<Region>, forms: &mut Vec<(String, Name)>, region: Region, short: &[&str]| {
            let k = regions.len();
            for f in with_traditional_forms(&region.name) {
                forms.push((
                    f,
                    Name {
                        region: k,
                        form: Form::Full,
                    },
                ));
            }
            for s in short.iter().filter(|s| s.chars().count() >= 2) {
                for f in with_traditional_forms(s) {
                    forms.push((
                        f,
                        Name {
                            region: k,
                            form: Form::Short,
                        },
                    ));
                }
            }
            regions.push(region);
        };
        let table = rows(REGIONS).map(|r| (r[0], r[1], r[2], r[3], r[4]));
        let changes = rows(CHANGES).map(|r| (r[0], r[1], r[2], r[3], r[4]));
        for (c, name, level, parent, short) in table.chain(changes) {
            let (Some(c), Some(level)) = (code(c), Level::parse(level)) else {
                continue;
            };
            if removed.contains(&c) {
                continue;
            }
            let region = Region {
                code: c,
                name: name.to_string(),
                level,
                parent: code(parent),
                until: None,
            };
            let short: Vec<&str> = short.split_whitespace().collect();
            add(&mut regions, &mut forms, region, &short);
        }
        let mut by_code: HashMap<u32, usize> = regions.iter().enumerate().map(|(k, r)| (r.code, k)).collect();
        for r in rows(OLD_NAMES) {
            let (old, Some(c)) = (r[0], code(r[1])) else { continue };
            let until = r[4].trim().parse::<i32>().ok();
            let (k, form) = match by_code.get(&c) {
                // A rename: the old name means the current division.
                Some(&k) => (
                    k,
                    if old.ends_with(['省', '市', '县', '区', '州', '盟', '旗']) {
                        Form::Full
                    } else {
                        Form::Short
                    },
                ),
                // An abolished division whose name lives on elsewhere.
                None => {
                    let Some(level) = Level::parse(r[2]) else { continue };
                    let k = regions.len();
                    regions.push(Region {
                        code: c,
                        name: old.to_string(),
                        level,
                        parent: code(r[3]),
                        until,
                    });
                    by_code.insert(c, k);
                    (k, Form::Full)
                }
            };
            for f in with_traditional_forms(old) {
                forms.push((f, Name { region: k, form }));
            }
        }
        // One pattern per distinct form.
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<Vec<Name>> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for (f, n) in forms {
            let k = *by_name.entry(f.clone()).or_insert_with(|| {
                patterns.push(f);
                names.push(Vec::new());
                names.len() - 1
            });
            if !names[k].contains(&n) {
                names[k].push(n);
            }
        }
        // Short forms of counties (资源 of 资源县, 和平 of 和平区) are common words: the
        // automaton leaves them out; `lookup` (of a name the user gave) keeps them.
        let mut found_patterns: Vec<&str> = Vec::new();
        let mut found_names: Vec<Vec<Name>> = Vec::new();
        for (p, ns) in patterns.iter().zip(&names) {
            let kept: Vec<Name> = ns
                .iter()
                .copied()
                .filter(|n| !(n.form == Form::Short && regions[n.region].level == Level::County))
                .collect();
            if !kept.is_empty() {
                found_patterns.push(p);
                found_names.push(kept);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&found_patterns)
            .expect("gazetteer patterns");
        Gazetteer {
            regions,
            by_code,
            automaton,
            found_names,
            names,
            by_name,
        }
    }

    /// Division `k`.
    pub fn region(&self, k: usize) -> &Region {
        &self.regions[k]
    }

    /// The division with this code.
    pub fn by_code(&self, code: u32) -> Option<usize> {
        self.by_code.get(&code).copied()
    }

    /// Number of divisions (current and abolished).
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// Whether it has no divisions (never: it is bundled).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// The names found in `text`, leftmost-longest, in order.
    pub fn hits<'g, 't>(&'g self, text: &'t str) -> impl Iterator<Item = Hit<'g>> + 't
    where
        'g: 't,
    {
        self.automaton.find_iter(text).map(move |m| Hit {
            start: m.start(),
            end: m.end(),
            names: &self.found_names[m.pattern().as_usize()],
        })
    }

    /// The divisions `name` names exactly (any form, either script).
    pub fn lookup(&self, name: &str) -> &[Name] {
        self.by_name.get(name).map_or(&[], |&k| &self.names[k])
    }

    /// Whether division `k` is `ancestor` or lies within it.
    pub fn within(&self, mut k: usize, ancestor: usize) -> bool {
        for _ in 0..4 {
            if k == ancestor {
                return true;
            }
            match self.regions[k].parent.and_then(|p| self.by_code(p)) {
                Some(p) => k = p,
                None => return false,
            }
        }
        false
    }

    /// The one division `names` stand for, given the divisions `context` mentions (a province
    /// or city named nearby) and the document's year (for abolished divisions); `None` when it
    /// stays ambiguous. Full names beat short forms; among several, the one within a division
    /// of the context; failing that, for short forms only, the one of the highest level if it
    /// is the only one there (`西安` is the city, not the districts named 西安区).
    pub fn resolve(&self, names: &[Name], context: &[usize], year: Option<i32>) -> Option<usize> {
        let live = |n: &&Name| match self.regions[n.region].until {
            Some(until) => year.is_some_and(|y| y < until),
            None => true,
        };
        let mut cands: Vec<Name> = names.iter().filter(live).copied().collect();
        // An abolished division whose year applies hides the current one of the same name.
        if cands.iter().any(|n| self.regions[n.region].until.is_some()) {
            cands.retain(|n| self.regions[n.region].until.is_some());
        }
        if cands.iter().any(|n| n.form == Form::Full) {
            cands.retain(|n| n.form == Form::Full);
        }
        let mut ks: Vec<usize> = cands.iter().map(|n| n.region).collect();
        ks.sort_unstable();
        ks.dedup();
        if ks.len() <= 1 {
            return ks.first().copied();
        }
        let inside: Vec<usize> = ks
            .iter()
            .copied()
            .filter(|&k| context.iter().any(|&c| c != k && self.within(k, c)))
            .collect();
        if inside.len() == 1 {
            return Some(inside[0]);
        }
        if cands.iter().all(|n| n.form == Form::Short) {
            let top = ks.iter().map(|&k| self.regions[k].level).min()?;
            let at_top: Vec<usize> = ks.iter().copied().filter(|&k| self.regions[k].level == top).collect();
            if at_top.len() == 1 && top != Level::County {
                return Some(at_top[0]);
            }
        }
        None
    }
}

/// The code as six digits.
pub fn code_string(code: u32) -> String {
    format!("{code:06}")
}
