//! The seed reports: compilations split into their reports, heading paths and stances.

use super::*;

const SEED_000: &str = include_str!("../../../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt");
const SEED_001: &str = include_str!("../../../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt");
const SEED_002: &str = include_str!("../../../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt");
const SEED_003: &str = include_str!("../../../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt");
const SEED_004: &str = include_str!("../../../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt");

/// Seed 002 says "汇编(85篇)" but the file holds the part of the compilation shown before the
/// site's "阅读全文" login wall (line 1456): 21 reports, each compiled without its title. Each
/// but the first starts with an introductory paragraph and restarts at 一、; the agencies
/// differ from one to the next (爱卫办, 街道, 食药安全, 垦殖场, 乡, 镇 ... 园林局, 住建局).
#[test]
fn seed_002_holds_21_reports() {
    let s = run(SEED_002);
    assert_eq!(s.documents.len(), 21);
    let starts: Vec<usize> = s.documents.iter().map(|d| line_of(SEED_002, d.start)).collect();
    assert_eq!(
        starts,
        [
            1, 135, 183, 219, 289, 345, 491, 567, 595, 627, 719, 793, 895, 947, 1015, 1089, 1145, 1281, 1297, 1371,
            1412
        ]
    );
    assert!(s.documents.iter().all(|d| d.title.is_none()));
    // Line 1297 starts a report (应急管理) with no introduction; line 1295 is the only body of
    // 二、2023年工作安排 (line 1293) of the report before (退役军人事务局).
    assert_eq!(
        ptext(SEED_002, &s.paragraphs[on_line_index(SEED_002, &s, 1297)]),
        "一、主要工作措施"
    );
    assert_eq!(on_line(SEED_002, &s, 1295).doc, 17);
    assert_eq!(on_line(SEED_002, &s, 1295).stance, Stance::Target);
    // The trailer after 阅读全文 stays with the last report.
    assert_eq!(on_line(SEED_002, &s, 1491).doc, 20);
}

fn on_line_index(text: &str, s: &Structure, line: usize) -> usize {
    let p = on_line(text, s, line);
    s.paragraphs.iter().position(|q| std::ptr::eq(q, p)).unwrap()
}

#[test]
fn seed_002_heading_paths_and_stances() {
    let t = SEED_002;
    let s = run(t);
    use Stance::{Actual, Target, Unknown};
    // Line 11 under 一、2022年工作进展和成效 (5) > (一)大力开展卫生创建工作 (7) > 1. (9).
    let p = on_line(t, &s, 11);
    assert_eq!(
        path(p),
        [
            "一、2022年工作进展和成效",
            "(一)大力开展卫生创建工作",
            "1.完成xx市省级卫生城市届满复审工作",
            "(1)完成省级卫生城市届满复审申报工作"
        ]
    );
    assert_eq!((p.stance, p.is_heading), (Actual, false));
    // Line 113: 四、2023年工作计划 (109) > (一)大力开展卫生创建工作 (111).
    assert_eq!(
        path(on_line(t, &s, 113)),
        ["四、2023年工作计划", "(一)大力开展卫生创建工作"]
    );
    assert_eq!(on_line(t, &s, 113).stance, Target);
    // Line 99 (problems, weak Actual), line 189 ((二)制定计划 under 一、基本情况: Actual).
    assert_eq!(on_line(t, &s, 99).stance, Actual);
    assert_eq!(on_line(t, &s, 189).stance, Actual);
    // Line 337 under 三、存在的问题及下一步打算 (333).
    assert_eq!(on_line(t, &s, 337).stance, Target);
    // Lines 135-181: a report whose headings have no cue (一、提高认识,建章立制 ...).
    assert_eq!(on_line(t, &s, 153).stance, Unknown);
    // Line 723: ()主要工作完成情况, a (一) whose numeral was lost.
    assert_eq!(
        path(on_line(t, &s, 725)),
        [
            "一、各项工作任务完成情况",
            "()主要工作完成情况",
            "一是落实解难帮困扶助工作"
        ]
    );
    // Line 1245 2023年工作思路 is an unnumbered part heading; line 1249 under it.
    assert_eq!(levels(on_line(t, &s, 1245)), [0]);
    assert_eq!(
        path(on_line(t, &s, 1249)),
        ["2023年工作思路", "(一)提升招商引资工作效能", "1.主动出击招大商"]
    );
    assert_eq!(on_line(t, &s, 1249).stance, Target);
    assert_eq!(on_line(t, &s, 1203).stance, Actual); // 二、主要工作做法 (1199)
                                                     // Line 1091 一、2022年度工作总结: the 审计局 report's body names 2021 most often, its
                                                     // headings 2022 first, which is its year.
    assert_eq!(on_line(t, &s, 1099).stance, Actual);
    // Introductions carry no section cue.
    assert_eq!(on_line(t, &s, 1412).stance, Unknown);
    assert!(on_line(t, &s, 1412).heading_path.is_empty());
}

#[test]
fn seed_003_is_one_report() {
    let s = run(SEED_003);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(s.documents[0].title, None);
    // Line 7: (四)抓民生、补短板,书写幸福生活新答卷。 then body; lines after it sit under it.
    let p = on_line(SEED_003, &s, 7);
    assert_eq!(path(p), ["(四)抓民生、补短板,书写幸福生活新答卷"]);
    assert!(!p.is_heading);
    assert_eq!(
        path(on_line(SEED_003, &s, 11)),
        ["(四)抓民生、补短板,书写幸福生活新答卷"]
    );
    // A plan, but no section cue says so (力争, 确保 are sentence cues).
    assert!(s.paragraphs.iter().all(|p| p.stance == Stance::Unknown));
}

/// Seed 004: 21 title lines (`…宣傳工作情況匯報`, repeated), found as 21 reports; the block
/// under line 169 holds three reports that each open with a glued `關于宣傳工作情況匯報…`
/// (lines 170, 189, 205; 169 and 170 are one report); the block under line 49 holds five
/// untitled reports, of which two are found: after the closing line `匯報完畢。` (74 -> 75)
/// and at `一、` (96) after a report whose top level was (一)-(四) (95 is its introduction).
/// A careful reader counts 27: the reports at lines 62 and 82 begin without a title, a
/// closing line or restarted numbering (only their opening sentences, `…會議召開后,xx區高度
/// 重視`, tell), so they stay with the report before them: 25.
#[test]
fn seed_004_holds_25_reports() {
    let t = strip_pinyin(SEED_004);
    let s = run(&t);
    assert_eq!(s.documents.len(), 25);
    let starts: Vec<usize> = s.documents.iter().map(|d| line_of(&t, d.start)).collect();
    assert_eq!(
        starts,
        [
            1, 39, 42, 49, 75, 95, 105, 110, 129, 152, 169, 189, 205, 212, 230, 245, 252, 267, 294, 304, 336, 351, 359,
            379, 392
        ]
    );
    let titled = s.documents.iter().filter(|d| d.title.is_some()).count();
    assert_eq!(titled, 23);
    assert_eq!(s.documents[0].title.as_deref(), Some("縣五年來輿論宣傳工作情況匯報"));
    assert_eq!(s.documents[11].title.as_deref(), Some("關于宣傳工作情況匯報"));
    assert_eq!(s.documents[22].title.as_deref(), Some("煙花爆竹宣傳工作情況匯報模板"));
    // Line 1 (the site's lead-in) belongs to the first report.
    assert_eq!(on_line(&t, &s, 1).doc, 0);
}

#[test]
fn seed_004_heading_paths_and_stances() {
    let t = strip_pinyin(SEED_004);
    let s = run(&t);
    use Stance::{Actual, Target};
    // Line 27 二、展望未來,任重道遠。 (展望: Target) after 一、五載耕耘,成果豐碩。 (6, Actual).
    assert_eq!(
        (on_line(&t, &s, 8).stance, on_line(&t, &s, 29).stance),
        (Actual, Target)
    );
    // Lines 269-293: 一、主要做法。 二、取得成效。 三、存在問題。 四、下一步工作計劃。
    assert_eq!(
        path(on_line(&t, &s, 270)),
        ["一、主要做法", "(一)加強組織領導,建立駐點和聯手幫扶制度"]
    );
    assert_eq!(
        [270, 277, 281, 288].map(|l| on_line(&t, &s, l).stance),
        [Actual, Actual, Actual, Target]
    );
    // Line 172 一、工作總結(一)圍繞十九大…: a glued (一).
    assert_eq!(levels(on_line(&t, &s, 172)), [1, 2]);
    // Line 180: 1. again under (二) (173): the list is no longer (二)'s.
    assert_eq!(
        path(on_line(&t, &s, 181)),
        ["一、工作總結", "1.繼續加強網絡意識形態的信息管控"]
    );
    // Line 208 2021年工作計劃一、宣傳工作。: a part heading glued to 一、.
    let p = on_line(&t, &s, 209);
    assert_eq!(levels(p), [0, 1, 2]);
    assert_eq!(p.heading_path[0].text, "2021年工作計劃");
    assert_eq!(p.stance, Target);
    // Line 144: (一) restarts inside the titled report of line 129 (its plans, part heading lost).
    assert_eq!(
        (on_line(&t, &s, 145).doc, path(on_line(&t, &s, 145))),
        (8, vec!["(一)推進打擊欺詐騙保專項治理行動升級".to_string()])
    );
}

#[test]
fn seeds_000_and_001_are_paragraph_collections() {
    for (seed, n) in [(SEED_000, 20), (SEED_001, 20)] {
        let t = strip_pinyin(seed);
        let s = run(&t);
        assert_eq!(s.paragraphs.len(), n);
    }
    let t = strip_pinyin(SEED_000);
    let s = run(&t);
    // Line 4: 二、下半年工作計劃下步,我局將… (a heading glued to its body).
    assert_eq!(path(on_line(&t, &s, 4)), ["二、下半年工作計劃下步"]);
    assert_eq!(on_line(&t, &s, 4).stance, Stance::Target);
    // Line 1: (五)堅持安全為基,保障行穩致遠1.強化年度安全目標管理。
    assert_eq!(
        path(on_line(&t, &s, 1)),
        ["(五)堅持安全為基,保障行穩致遠", "1.強化年度安全目標管理"]
    );
    let t = strip_pinyin(SEED_001);
    let s = run(&t);
    // Line 5: 三、2024年工作計劃(一)突出文化涵養,…
    assert_eq!(path(on_line(&t, &s, 5))[0], "三、2024年工作計劃");
    assert_eq!(on_line(&t, &s, 5).stance, Stance::Target);
}
