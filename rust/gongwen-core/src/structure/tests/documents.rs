//! Where documents start: titles, restarts, part headings, closing lines, glued titles.

use super::*;

#[test]
fn titles_split_a_compilation() {
    let t = "反诈宣传工作情况汇报\n5月以来,市公安局不断探索反诈新手段。\n一、主要做法\n正文一。\n疫情防控宣传工作情况汇报模板\n自新冠肺炎疫情防控阻击战打响以来,x县高度重视。\n(一)加强领导\n正文二。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 2);
    assert_eq!(s.documents[0].title.as_deref(), Some("反诈宣传工作情况汇报"));
    assert_eq!(s.documents[1].title.as_deref(), Some("疫情防控宣传工作情况汇报模板"));
    assert_eq!(chars(t, s.documents[1].start, s.documents[1].start + 4), "疫情防控");
    assert!(s.paragraphs[4].is_heading && s.paragraphs[4].heading_path.is_empty());
    // The boundary resets the stack.
    assert_eq!(path(&s.paragraphs[6]), ["(一)加强领导"]);
    // 工作情况 in the title: the report's sections are Actual unless a heading says otherwise.
    assert!(s.paragraphs.iter().all(|p| p.stance == Stance::Actual));
}

#[test]
fn restart_opens_an_untitled_report_with_its_introduction() {
    let t = "一、2022年工作总结\n(一)党建\n正文。\n二、2023年工作计划\n(一)发展\n计划正文。\n2022年,区审计局紧密围绕全区大局,依法履行审计监督职能。\n一、2022年度工作总结\n正文。\n二、2023年工作思路\n进一步健全服务保障体系。\n一、主要工作措施\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 3);
    // The paragraph before 一、 introduces the second report ...
    assert_eq!(line_of(t, s.documents[1].start), 7);
    assert_eq!(s.paragraphs[6].doc, 1);
    assert!(s.paragraphs[6].heading_path.is_empty());
    // ... but not when it is the only body of the heading before it (line 11 under line 10).
    assert_eq!(line_of(t, s.documents[2].start), 12);
    assert_eq!((on_line(t, &s, 11).doc, on_line(t, &s, 11).stance), (1, Stance::Target));
    assert_eq!(
        s.documents.iter().map(|d| d.title.clone()).collect::<Vec<_>>(),
        [None, None, None]
    );
}

#[test]
fn restart_inside_a_titled_report_is_a_new_section() {
    let t = "XX区2022年工作总结和2023年工作计划\n一、经济运行\n二、社会事业\n2023年,我区将重点抓好以下工作:\n一、扩大投资\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(path(on_line(t, &s, 6)), ["一、扩大投资"]);
    // Title mixed, headings without cues: Unknown.
    assert_eq!(on_line(t, &s, 6).stance, Stance::Unknown);
}

#[test]
fn part_headings_shield_only_the_numbering_right_after_them() {
    let t = "一、主要成绩\n正文。\n二、存在问题\n正文。\n2023年工作计划\n一、扩大投资\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(path(on_line(t, &s, 7)), ["2023年工作计划", "一、扩大投资"]);
    assert_eq!(on_line(t, &s, 7).stance, Stance::Target);
    assert_eq!(on_line(t, &s, 2).stance, Stance::Actual);
    // Sections under the part, then 一、 again: another report (002, lines 1245-1283).
    let t = "一、主要工作做法\n正文。\n2023年工作思路\n(一)提升效能\n正文。\n(二)深化服务\n正文。\n今年以来,区退役军人事务局扎实推进各项工作,取得良好成效。\n一、今年以来工作开展情况\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 2);
    assert_eq!(line_of(t, s.documents[1].start), 8);
}

#[test]
fn a_repeated_part_heading_is_another_report() {
    let t = "2022年工作总结\n一、党建\n正文。\n2023年工作计划\n一、发展\n正文。\n2022年工作总结\n一、民生\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 2);
    assert_eq!(s.documents[1].title.as_deref(), Some("2022年工作总结"));
    assert_eq!(line_of(t, s.documents[1].start), 7);
    assert_eq!(on_line(t, &s, 9).stance, Stance::Actual);
    assert_eq!(on_line(t, &s, 6).stance, Stance::Target);
}

#[test]
fn a_closing_line_ends_a_report_but_keeps_its_signature() {
    let t = "一、基本情况\n正文。\n汇报完毕。\nXX区人民政府\n2023年1月5日\n开展“新冠”疫情防控工作以来,xx市委市政府认真履行主体责任,深入贯彻落实。\n一是大员上阵。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 2);
    assert_eq!(line_of(t, s.documents[1].start), 6);
    assert_eq!(on_line(t, &s, 5).doc, 0);
    assert_eq!(on_line(t, &s, 6).stance, Stance::Unknown);
}

#[test]
fn glued_title_opens_a_report() {
    let t = "宣傳工作情況匯報\n關于宣傳工作情況匯報我鎮宣傳工作在縣宣傳部的正確領導下,取得了較好成績。\n一、工作總結\n關於宣傳工作情況彙報2020年以來,鎮宣傳辦在縣委宣傳部的正確指導下開展工作。\n關于印發《xx方案》的通知要求各單位認真落實。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 2);
    // A title right after a title: one report, titled by the first.
    assert_eq!(s.documents[0].title.as_deref(), Some("宣傳工作情況匯報"));
    assert_eq!(s.documents[1].title.as_deref(), Some("關於宣傳工作情況彙報"));
    assert!(!on_line(t, &s, 4).is_heading);
    // 的通知 followed by 要求: a sentence, not a title.
    assert_eq!(on_line(t, &s, 5).doc, 1);
}

#[test]
fn compilation_titles_preambles_and_bare_lines() {
    let t = "文汇系列5694--2022年度工作总结及2023年工作计划汇编(85篇)\n2023-03-14 05:05:17 121\n一、2022年工作进展和成效\n正文。\n主要情况\n正文。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(s.documents[0].title, None);
    assert!(s.paragraphs[0].is_heading);
    // 主要情况: only generic words, no subject, no strong cue: neither title nor part.
    assert!(on_line(t, &s, 5).heading_path.len() == 1 && !on_line(t, &s, 5).is_heading);
    let t = "下面是小编为大家整理的,供大家参考。\n宣传工作情况汇报\n我镇宣传工作在县委宣传部的正确领导下有序开展。\n";
    let s = run(t);
    assert_eq!(s.documents.len(), 1);
    assert_eq!(s.documents[0].title.as_deref(), Some("宣传工作情况汇报"));
    // A title at the very end opens nothing.
    let s = run("一、基本情况\n正文。\n宣传工作情况汇报\n");
    assert_eq!(s.documents.len(), 1);
}
