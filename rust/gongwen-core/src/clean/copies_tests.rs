//! Tests of copy removal: written documents (copies with chrome, a truncated first copy, a
//! line only one copy has, short lines and slogans that recur) and the real gov.cn scrapes
//! against the same reports from a clean source.

use super::*;
use crate::clean::{clean, CleanOptions, Cleaned, Rules};

fn c(text: &str) -> Cleaned {
    clean(text, &CleanOptions::default(), Rules::default_rules())
}

/// A report of `n` paragraphs (each unique, about 60 characters) under short headings.
fn report(n: usize) -> String {
    let mut s = String::from("某某市政府工作报告\n\n各位代表：\n\n");
    for k in 0..n {
        if k % 5 == 0 {
            s.push_str(&format!(
                "{}、\n\n",
                ["一", "二", "三", "四", "五", "六", "七", "八"][k / 5 % 8]
            ));
        }
        s.push_str(&format!(
            "第{k}项工作，全年完成投资{k}亿元，比上年增长{}%，新建项目{}个，各项任务顺利完成。\n\n",
            k % 9 + 1,
            k * 3 + 7
        ));
    }
    s
}

fn check_removals(text: &str, r: &Cleaned) {
    r.map.check();
    let chars: Vec<char> = text.chars().collect();
    for x in &r.removed {
        assert_eq!(x.text, chars[x.start..x.end].iter().collect::<String>());
    }
    assert!(
        r.removed.windows(2).all(|w| w[0].end <= w[1].start),
        "ordered, disjoint"
    );
    // Every Han character kept maps to the same character of the input.
    for (i, ch) in r.text.chars().enumerate() {
        let (s, e) = r.map.source_span(i);
        if e == s + 1 && crate::clean::is_han(ch) {
            assert_eq!(chars[s], ch, "{i}");
        }
    }
}

#[test]
fn copies_with_chrome_between_keep_one() {
    let body = report(30);
    let chrome = "当前位置：首页>>中国概况\n【字体：大 中 小】\n";
    let text = format!("{chrome}{body}{chrome}{body}{chrome}{body}{chrome}{body}");
    let r = c(&text);
    check_removals(&text, &r);
    assert_eq!(r.copies, 3);
    assert_eq!(r.text.matches("第17项工作").count(), 1);
    assert_eq!(r.text.matches("各位代表").count(), 1);
    assert_eq!(r.text.matches("某某市政府工作报告").count(), 1);
    // Headings of the kept copy stay, once each.
    assert_eq!(r.text.matches("\n三、\n").count(), 1);
    let gone: Vec<&Removal> = r.removed.iter().filter(|x| x.rule == RULE).collect();
    assert_eq!(gone.len(), 3);
    assert!(r.text.len() < body.len() + 2 * chrome.len());
}

#[test]
fn recurring_lines_and_slogans_stay() {
    // A slogan paragraph three times, headings again and again, a paragraph quoted twice, and
    // a passage of six paragraphs (over MIN_COPY_CHARS, under a tenth of the report) again.
    let slogan = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。\n\n";
    let mut text = report(80);
    text.push_str(slogan);
    let quoted = text.lines().find(|l| l.starts_with("第1项")).unwrap().to_string();
    text.push_str(&format!("{quoted}\n\n"));
    text.push_str(slogan);
    let (from, to) = (text.find("第31项").unwrap(), text.find("第37项").unwrap());
    let passage = text[from..to].replace("七、\n\n", "");
    assert!((MIN_COPY_CHARS..text.chars().count() / 10).contains(&passage.chars().count()));
    text.push_str("下面是结束语。\n\n");
    text.push_str(&passage);
    text.push_str(slogan);
    let r = c(&text);
    assert_eq!(r.copies, 0);
    assert_eq!(r.text, c_no_copies(&text).text);
}

fn c_no_copies(text: &str) -> Cleaned {
    let opts = CleanOptions {
        copies: false,
        ..CleanOptions::default()
    };
    clean(text, &opts, Rules::default_rules())
}

#[test]
fn the_fullest_copy_stays() {
    let body = report(30);
    let cut = body.find("第20项").unwrap();
    let truncated = &body[..cut];
    let text = format!("页头\n{truncated}\n页尾\n页头\n{body}页尾\n页头\n{body}页尾\n");
    let r = c(&text);
    check_removals(&text, &r);
    assert_eq!(r.copies, 2);
    for k in 0..30 {
        assert_eq!(r.text.matches(&format!("第{k}项工作")).count(), 1, "{k}");
    }
    // The kept copy is the second, whole.
    let kept = r
        .removed
        .iter()
        .filter(|x| x.rule == RULE)
        .map(|x| x.start)
        .collect::<Vec<_>>();
    assert!(
        kept[0] < text.chars().count() / 5,
        "the truncated first copy went: {kept:?}"
    );
}

#[test]
fn a_line_only_one_copy_has_stays() {
    let body = report(30);
    let mut second = body.clone();
    let at = second.find("第12项").unwrap();
    second.insert_str(at, "此段仅见于第二份，记录一项补充说明，不得删除。\n\n");
    let text = format!("{body}{second}{body}");
    let r = c(&text);
    check_removals(&text, &r);
    assert_eq!(r.copies, 2);
    assert_eq!(r.text.matches("此段仅见于第二份").count(), 1);
    assert_eq!(r.text.matches("第12项工作").count(), 1);
}

#[test]
fn nothing_to_do_without_copies() {
    for text in ["", "\n\n", "短文", "一行\n两行\n一行\n两行"] {
        let r = c(text);
        assert_eq!((r.copies, r.text.clone()), (0, c_no_copies(text).text), "{text:?}");
    }
    let text = report(40);
    assert_eq!(c(&text).text, c_no_copies(&text).text);
}

#[test]
fn subtract_cuts_across_pieces() {
    assert_eq!(subtract(&[(0, 10), (12, 20)], &[(5, 15)]), [(0, 5), (15, 20)]);
    assert_eq!(
        subtract(&[(0, 10), (12, 20)], &[(10, 12), (18, 20)]),
        [(0, 10), (12, 18)]
    );
    assert_eq!(subtract(&[(0, 10)], &[(0, 10)]), []);
}

fn real(path: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/real/");
    let bytes = std::fs::read(format!("{dir}{path}")).expect("real fixture");
    crate::load::decode(&bytes).expect("decodes").text
}

fn national(year: &str) -> String {
    let all = real("national/national_reports.jsonl");
    for line in all.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["year"].to_string().trim_matches('"') == year {
            return v["content"].as_str().unwrap().to_string();
        }
    }
    panic!("no {year}")
}

/// Characters of a text that are Han or digits (chrome-independent: the site's chrome is
/// mostly Latin and punctuation; both sources share the report's words).
fn han(s: &str) -> usize {
    s.chars().filter(|c| crate::clean::is_han(*c)).count()
}

#[test]
fn gov_cn_scrapes_keep_one_copy() {
    for year in ["1980", "1995", "2002"] {
        let text = real(&format!("gov_cn_gbk/{year}.txt"));
        let r = c(&text);
        check_removals(&text, &r);
        let clean_source = c(&national(year));
        let (got, want) = (han(&r.text), han(&clean_source.text));
        let ratio = got as f64 / want as f64;
        assert!(r.copies >= 5, "{year}: {} copies", r.copies);
        assert!((0.97..1.03).contains(&ratio), "{year}: {got} vs {want} Han characters");
    }
}
