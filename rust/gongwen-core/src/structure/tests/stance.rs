//! Stances from cues: the nearest strong cue, later years, Traditional and mixed script.

use super::*;

#[test]
fn stance_from_the_nearest_strong_cue() {
    let t = "一、基本情况\n(二)制定计划、有序推进\n正文。\n二、重点工作完成情况\n三、存在的问题及下一步打算\n四、存在的困难和问题\n五、意见和建议\n六、2023年工作计划\n(一)巩固拓展脱贫攻坚成果\n()拟打造的特色亮点工作\n(三)下一步工作打算\n";
    let s = run(t);
    let st = |l| on_line(t, &s, l).stance;
    use Stance::{Actual, Target, Unknown};
    // A weak cue deep down does not override a strong one above.
    assert_eq!(st(3), Actual);
    assert_eq!(st(4), Actual); // 完成情况 (phrase) beats 重点工作 (top)
    assert_eq!(st(5), Target); // 下一步 (phrase) beats 问题 (weak)
    assert_eq!(st(6), Actual); // weak only: 问题 困难
    assert_eq!(st(7), Unknown);
    assert_eq!(st(9), Target); // 成果 is a topic at level 2
    assert_eq!(st(10), Target);
    // A phrase at level 2 counts.
    let s2 = run("一、2022年工作情况\n(三)下一步工作打算\n正文。\n");
    assert_eq!(s2.paragraphs[2].stance, Target);
    // Mixed strong cues: Unknown, and no fallback outwards.
    let s3 = run("XX局工作汇报\n一、2022年工作总结及2023年工作计划\n正文。\n");
    assert_eq!(s3.paragraphs[2].stance, Unknown);
}

#[test]
fn a_later_year_is_a_target() {
    use Stance::{Actual, Target};
    let t = "一、2022年主要工作\n正文,2022年完成投资。\n二、2023年主要工作\n力争2023年完成投资。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
    // The document's year: the earliest its headings name, not the body's most frequent.
    let t = "一、2022年度工作总结\n对2021年、2021年、2021年的资金开展审计。\n二、2023年重点工作\n正文。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
    // The title's year is the document's.
    let t = "XX局二〇二三年工作要点\n一、2023年主要任务\n2023年要完成的任务。2023年。\n二、2022年工作回顾\n2022年。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[2].stance, s.paragraphs[4].stance), (Target, Actual));
}

#[test]
fn traditional_and_mixed_script_cues() {
    use Stance::{Actual, Target};
    let t = "一、工作總結\n正文。\n二、下一步工作計劃\n正文。\n三、今後打算\n正文。\n四、今后工作安排\n正文。\n";
    let s = run(t);
    assert_eq!(
        [2, 4, 6, 8].map(|l| on_line(t, &s, l).stance),
        [Actual, Target, Target, Target]
    );
}

/// A government work report as portals publish it: a title with the report's year, a dateline,
/// the speaker, then the review of last year and the plan of this one.
const PORTAL: &str = "2026年浙江省政府工作报告\n——2026年1月26日在浙江省第十四届人民代表大会第四次会议上\n浙江省省长 王某\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n“十四五”时期工作回顾\n过去一年，全省生产总值增长5.5%。\n2026年重点工作\n今年全省生产总值增长5%左右。\n政府自身建设\n深入开展学习教育。\n附件1 2026年省十件民生实事\n新增托位1万个。\n附件2 名词解释\n1.“两重”：是指国家重大战略实施。\n";

#[test]
fn a_year_in_the_title_does_not_make_the_review_a_plan() {
    use Stance::{Actual, Target};
    let s = run(PORTAL);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(s.documents[0].title.as_deref(), Some("2026年浙江省政府工作报告"));
    let p = on_line(PORTAL, &s, 7);
    assert_eq!(
        p.heading_path.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(),
        ["“十四五”时期工作回顾"]
    );
    assert_eq!(p.stance, Actual);
    // The lines before the first heading: the title's year sets nothing.
    assert_ne!(on_line(PORTAL, &s, 5).stance, Target);
    assert_eq!(on_line(PORTAL, &s, 9).stance, Target);
}

#[test]
fn unnumbered_top_headings_and_appendices() {
    let s = run(PORTAL);
    let path = |l| {
        on_line(PORTAL, &s, l)
            .heading_path
            .iter()
            .map(|h| (h.level, h.marker.clone(), h.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(path(8), [(0, String::new(), "2026年重点工作".to_string())]);
    assert_eq!(path(10), [(0, String::new(), "政府自身建设".to_string())]);
    // Appendices are top-level sections, not nested under the last heading.
    assert_eq!(path(12), [(0, "附件1".to_string(), "2026年省十件民生实事".to_string())]);
    assert_eq!(path(14)[0].1, "附件2");
    assert_eq!(path(15).len(), 2);
    for (t, text) in [
        ("过去五年工作回顾\n正文。\n", "过去五年工作回顾"),
        ("今年工作安排\n正文。\n", "今年工作安排"),
        ("2025年工作回顾\n正文。\n", "2025年工作回顾"),
    ] {
        let s = run(t);
        assert_eq!(s.paragraphs[1].heading_path[0].text, text);
        assert_eq!(s.paragraphs[1].heading_path[0].level, 0);
    }
    // `附件` in a sentence is no heading.
    assert!(run("附件材料已报送。\n").paragraphs[0].heading_path.is_empty());
}

#[test]
fn a_report_on_one_line_keeps_its_sections() {
    use Stance::{Actual, Target};
    let body = "经济运行稳中有进，全年完成投资12亿元。".repeat(120);
    let plan = "力争完成投资15亿元，推进项目建设。".repeat(120);
    let t = format!(
        "各位代表：现在我代表政府报告工作。一、2025年工作回顾{body}二、2026年工作安排{plan}（一）扩大投资。{plan}"
    );
    let s = run(&t);
    let heads: Vec<_> = s
        .paragraphs
        .iter()
        .map(|p| (p.heading_path.last().map(|h| h.marker.clone()), p.stance))
        .collect();
    assert_eq!(
        heads,
        [
            (None, Stance::Unknown),
            (Some("一、".into()), Actual),
            (Some("二、".into()), Target),
            (Some("（一）".into()), Target)
        ]
    );
    // The paragraphs cover the line.
    assert_eq!(s.paragraphs[1].start, t.chars().position(|c| c == '一').unwrap());
    assert_eq!(s.paragraphs.last().unwrap().end, t.chars().count());
}

#[test]
fn problem_paragraphs_describe_what_is() {
    // A review's closing problem paragraph is no plan, even under a heading that names the
    // next steps, or under a topic heading with no stance; in both scripts.
    for text in [
        "三、存在的问题和下一步打算\n我们也清醒看到，发展中还存在不少困难和问题：部分企业生产经营困难，全年仍有12家企业亏损，有效需求依然不足。\n（一）扩大投资。力争完成投资15亿元。\n",
        "三、存在的問題和下一步打算\n我們也清醒看到，發展中還存在不少困難和問題：部分企業生產經營困難，全年仍有12家企業虧損，有效需求依然不足。\n（一）擴大投資。力爭完成投資15億元。\n",
    ] {
        let s = analyze(text);
        let st: Vec<Stance> = s.paragraphs.iter().map(|p| p.stance).collect();
        assert_eq!(st, [Stance::Target, Stance::Actual, Stance::Target], "{text}");
    }
}

#[test]
fn a_top_level_bracket_heading_reads_its_weak_cues() {
    use Stance::{Actual, Target};
    // A report whose top sections are `（一）`: 形势 (the situation) reports, 方针 plans.
    let t = "各位代表：\n（一）当前的经济形势\n今年工业总产值增长12%。\n（二）今后经济建设的方针\n正文。\n";
    let s = run(t);
    assert_eq!((on_line(t, &s, 3).stance, on_line(t, &s, 5).stance), (Actual, Target));
}

#[test]
fn a_short_line_inside_a_broken_sentence_is_no_heading() {
    use Stance::{Actual, Unknown};
    // `主要目标` broken out of a review's sentence, and link text on lines of their own
    // (`关于\n进一步贯彻…的通知\n》，`): the prose goes on, under the same heading.
    let t = "一、2025年工作回顾\n全省地区生产总值增长5.6%，完成了年初确定的\n主要目标\n任务，城镇新增就业121万人。\n\
             今年初，国务院发布了《关于\n进一步贯彻实施民族区域自治法若干问题的通知\n》，民族地区生产总值增长7%。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 1);
    for line in 2..=7 {
        let p = on_line(t, &s, line);
        assert_eq!(
            (path(p), p.stance, p.is_heading),
            (vec!["一、2025年工作回顾".to_string()], Actual, false),
            "{line}"
        );
    }
    // A short line after a closed sentence is still a heading.
    let t = "一、2025年工作回顾\n全省地区生产总值增长5.6%。\n政府自身建设\n正文。\n";
    let s = run(t);
    assert_eq!(
        (path(on_line(t, &s, 4)), on_line(t, &s, 4).stance),
        (vec!["政府自身建设".to_string()], Unknown)
    );
}

#[test]
fn older_national_headings_say_their_stance() {
    use Stance::{Actual, Target, Unknown};
    // Unnumbered top headings with a phrase cue, and `关于…的问题`, a topic.
    let t = "过去五年国内工作的基本总结\n正文。\n今后五年建设和改革的目标、方针和任务\n正文。\n\
             一、关于一九八四年的工作回顾\n正文。\n二、关于一九八五年的工作\n正文。\n三、关于价格改革的问题\n正文。\n";
    let s = run(t);
    let st = |l| on_line(t, &s, l).stance;
    assert_eq!((st(2), st(4)), (Actual, Target));
    assert_eq!(path(on_line(t, &s, 4)), ["今后五年建设和改革的目标、方针和任务"]);
    // Numbered headings under the plan part: a review (回顾), a year's work, and a topic that
    // the part's plan covers...
    assert_eq!((st(6), st(8), st(10)), (Actual, Target, Target));
    // ...and on its own, `关于…的问题` has no stance (问题 is the topic's word, no problem's).
    let t = "一、关于经济形势\n正文。\n二、关于价格改革的问题\n正文。\n";
    let s = run(t);
    assert_eq!((on_line(t, &s, 2).stance, on_line(t, &s, 4).stance), (Actual, Unknown));
    // A short line with a figure is no heading (明年新建学校3所).
    let t = "一、工作回顾\n正文。\n明年新建学校3所\n正文。\n";
    let s = run(t);
    assert_eq!(path(on_line(t, &s, 3)), ["一、工作回顾"]);
}
