//! Years and dates as reports write them: `2026年1月26日`, `１９８０年８月３０日`,
//! `一九八○年八月三十日`, `二〇二三年一月`, `2026-02-03`; and the sessions of the National
//! People's Congress (`第十届全国人民代表大会第一次会议` was held in 2003).

use std::sync::OnceLock;

use regex::Regex;

/// A date as precise as the text states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Date {
    /// ISO `yyyy-mm-dd`, `yyyy-mm` or `yyyy`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

/// The value of a digit of any width, or of a Chinese numeral digit (`〇`, `○`, `零`, `一` ...).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '○' | '零' | 'Ｏ' | 'O' | 'o' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A year of four digits (`2026`, `１９８０`, `一九八○`), if plausible for a report (1949-2100).
pub fn year(s: &str) -> Option<i32> {
    let mut n = 0i32;
    let mut k = 0;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        n = n * 10 + digit(c)? as i32;
        k += 1;
    }
    (k == 4 && (1949..=2100).contains(&n)).then_some(n)
}

/// A small number: digits of any width, or Chinese numerals up to 九十九 (`十二`, `二十三`).
pub fn small(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) && !s.is_empty() {
        return s.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?));
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u).filter(|&d| d > 0),
        _ => None,
    }
}

const Y: &str = r"([0-9０-９〇○零Ｏ一二三四五六七八九]{4}|[0-9] ?[0-9] ?[0-9] ?[0-9])";
const N: &str = r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})";

fn date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!(r"{Y}\s*年\s*(?:{N}\s*月(?:\s*{N}\s*[日号號])?)?")).expect("date regex"))
}

fn iso_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9])([12][0-9]{3})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[^0-9]|$)").expect("iso regex")
    })
}

fn make(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Option<Date> {
    let year = y?;
    let month = m.filter(|m| (1..=12).contains(m));
    let day = d.filter(|d| month.is_some() && (1..=31).contains(d));
    Some(Date { year, month, day })
}

/// The dates written `…年…月…日` in `s`, with their byte spans.
pub fn dates(s: &str) -> impl Iterator<Item = (usize, usize, Date)> + '_ {
    date_re().captures_iter(s).filter_map(|c| {
        let m = c.get(0)?;
        let date = make(
            year(c.get(1)?.as_str()),
            c.get(2).and_then(|m| small(m.as_str())),
            c.get(3).and_then(|m| small(m.as_str())),
        )?;
        Some((m.start(), m.end(), date))
    })
}

/// The first ISO-like date (`2026-02-03`, `2026/2/3`) in `s`.
pub fn iso_date(s: &str) -> Option<Date> {
    let c = iso_re().captures(s)?;
    let d = make(
        year(c.get(1)?.as_str()),
        c.get(2).and_then(|m| small(m.as_str())),
        c.get(3).and_then(|m| small(m.as_str())),
    )?;
    d.day.is_some().then_some(d)
}

/// A date a user gave (`2026-02-03`, `2026/2/3 10:00`, `2026年2月3日`, `2026-02`, `2026`).
pub fn parse_user_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = iso_date(s) {
        return Some(d);
    }
    if let Some((_, _, d)) = dates(s).next() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m] => make(year(y), small(m), None).filter(|d| d.month.is_some()),
        [y] => make(year(y), None, None),
        _ => None,
    }
}

fn session_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"第([一二三四五六七八九十]{1,3})[届屆]全[国國]人民代表大[会會]第([一二三四五六七八九十]{1,3})次[会會]",
        )
        .expect("session regex")
    })
}

/// The year of session `k` of the `n`th National People's Congress. The first five congresses
/// met irregularly (table); from the sixth (1983) on, each meets once a year for five years.
pub fn npc_session_year(n: u32, k: u32) -> Option<i32> {
    const EARLY: [&[i32]; 5] = [
        &[1954, 1955, 1956, 1957, 1958],
        &[1959, 1960, 1962, 1963],
        &[1964],
        &[1975],
        &[1978, 1979, 1980, 1981, 1982],
    ];
    match n {
        1..=5 => EARLY[n as usize - 1].get(k.checked_sub(1)? as usize).copied(),
        _ if (1..=5).contains(&k) => Some(1983 + 5 * (n as i32 - 6) + k as i32 - 1),
        _ => None,
    }
}

/// The year of the session of the National People's Congress that `s` says the report is made
/// to (`向第十届全国人民代表大会第一次会议报告`, `在第九届…第五次会议上`), or that it dates from
/// last year (`从去年９月第五届…第三次会议到现在`: a year later). Sessions named as the past
/// (`根据一九八三年六月第六届…的决议`, `…第一次会议以来`) give nothing.
pub fn npc_year(s: &str) -> Option<i32> {
    for c in session_re().captures_iter(s) {
        let m = c.get(0)?;
        let y = npc_session_year(small(c.get(1)?.as_str())?, small(c.get(2)?.as_str())?)?;
        let before: String = {
            let head = &s[..m.start()];
            let chars: Vec<char> = head.chars().rev().take(8).collect();
            chars.into_iter().rev().collect()
        };
        let after: String = s[m.end()..].chars().take(6).collect();
        if after.starts_with("以来") || after.starts_with("議以來") || after.starts_with("议以来") {
            continue;
        }
        if dates(&before).next().is_some() {
            continue;
        }
        if before.contains("去年") {
            return Some(y + 1);
        }
        if before.ends_with('向') || before.ends_with('在') || before.contains("今年") || before.ends_with("这次")
        {
            return Some(y);
        }
    }
    None
}
