//! Metadata the user carried with a text (CSV columns, JSONL fields) overrides what the text
//! gave.

use super::dates;
use super::gazetteer::{Gazetteer, Level, NATIONAL_CODE, NATIONAL_NAME};
use super::About;

/// Values that name the state as a whole.
const NATIONAL: [&str; 8] = [
    "全国",
    "全國",
    "中国",
    "中國",
    "中华人民共和国",
    "中華人民共和國",
    "国务院",
    "national",
];

/// Override `meta` by the carried key/value pairs: `title`; `year` (`2026`, `2026年`,
/// `2026.0`); `date` or `publish_date` (normalised to ISO: `2026/2/3 10:00` is `2026-02-03`);
/// `region`, `province`, `city`, `county` (read against the gazetteer in either script, with old
/// names: canonical name, code and level; the most specific that agrees with the others wins:
/// `province=湖北省, city=襄樊` is 襄阳市, 420600). Keys are matched case-insensitively and
/// blank values are ignored; a value that does not parse (a year `n/a`) leaves the found value.
/// A region the gazetteer does not know is kept as given, with no code or level.
pub fn apply_carried<'a>(meta: &mut About, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let g = Gazetteer::global();
    let mut places: Vec<(u8, &str)> = Vec::new();
    let (mut date, mut publish_date) = (None, None);
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => {
                meta.title = Some(value.to_string());
                meta.title_span = None;
            }
            "year" => {
                let v = value.trim_end_matches('年');
                let v = v.strip_suffix(".0").unwrap_or(v);
                if let Some(y) = dates::year(v) {
                    meta.year = Some(i64::from(y));
                }
            }
            "date" => date = dates::parse_user_date(value).or(date),
            "publish_date" => publish_date = dates::parse_user_date(value).or(publish_date),
            "region" => places.push((0, value)),
            "province" => places.push((1, value)),
            "city" => places.push((2, value)),
            "county" => places.push((3, value)),
            _ => {}
        }
    }
    // `date` wins over `publish_date`, whatever their order.
    if let Some(d) = date.or(publish_date) {
        meta.date = Some(d.iso());
    }
    if places.is_empty() {
        return;
    }
    if places.iter().all(|(_, v)| NATIONAL.contains(v)) {
        meta.region = Some(NATIONAL_NAME.to_string());
        meta.region_code = Some(NATIONAL_CODE.to_string());
        meta.level = Some(Level::National.as_str());
        return;
    }
    // Resolve each value in the light of the others; the most specific resolved one wins.
    let alone: Vec<usize> = places
        .iter()
        .filter_map(|(_, v)| g.resolve(g.lookup(v), &[], None))
        .collect();
    let year = meta.year.map(|y| y as i32);
    let mut best: Option<usize> = None;
    for (_, v) in &places {
        if let Some(k) = g.resolve(g.lookup(v), &alone, year) {
            if best.is_none_or(|b| g.region(k).level > g.region(b).level && g.within(k, b)) {
                best = Some(k);
            }
        }
    }
    match best {
        Some(k) => {
            let r = g.region(k);
            meta.region = Some(r.name.clone());
            meta.region_code = Some(super::gazetteer::code_string(r.code));
            meta.level = Some(r.level.as_str());
        }
        None => {
            // Unknown to the gazetteer (or ambiguous): the user's words, nothing derived.
            let (_, v) = places.iter().max_by_key(|(r, _)| *r).expect("non-empty");
            meta.region = Some(v.to_string());
            meta.region_code = None;
            meta.level = None;
        }
    }
}
