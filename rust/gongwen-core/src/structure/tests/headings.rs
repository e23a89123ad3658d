//! Heading markers, their levels and clauses, glued children and numbering restarts.

use super::*;

#[test]
fn blank_texts_have_no_documents() {
    for t in ["", "\n", "\r\n\r\n", "  \u{3000}\u{a0}\n\t\n"] {
        assert_eq!(run(t), Structure::default(), "{t:?}");
    }
}

#[test]
fn marker_levels_ascii_and_full_width() {
    let t = "第一部分 总体情况\n一、主要做法\n(一)组织领导\n1.健全机制\n(1)细化分工\n一是压实责任。\n（二）宣传引导\n１．广泛宣传\n（２）典型引路\n⑶其他\n①第一项\n二．二级\n第一，加强学习。\n";
    let s = run(t);
    let got: Vec<(u8, String, String, bool)> = s
        .paragraphs
        .iter()
        .map(|p| {
            let h = p.heading_path.last().unwrap();
            (h.level, h.marker.clone(), h.text.clone(), p.is_heading)
        })
        .collect();
    let want = [
        (0, "第一部分", "总体情况"),
        (1, "一、", "主要做法"),
        (2, "(一)", "组织领导"),
        (3, "1.", "健全机制"),
        (4, "(1)", "细化分工"),
        (5, "一是", "压实责任"),
        (2, "（二）", "宣传引导"),
        (3, "１．", "广泛宣传"),
        (4, "（２）", "典型引路"),
        (4, "⑶", "其他"),
        (5, "①", "第一项"),
        (1, "二．", "二级"),
        (5, "第一，", "加强学习"),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1.as_str(), g.2.as_str(), g.3), (w.0, w.1, w.2, true));
    }
    // The stack: (2) under １． under (二) under 一、 under 第一部分.
    assert_eq!(levels(&s.paragraphs[8]), [0, 1, 2, 3, 4]);
    assert_eq!(
        path(&s.paragraphs[8]),
        [
            "第一部分总体情况",
            "一、主要做法",
            "（二）宣传引导",
            "１．广泛宣传",
            "（２）典型引路"
        ]
    );
    // 二． pops everything under the part.
    assert_eq!(path(&s.paragraphs[11]), ["第一部分总体情况", "二．二级"]);
}

#[test]
fn heading_clause_and_inline_body() {
    let t = "(一)政策支持方面:一是人员不足,能力不均匀。\n1.完成复审工作。\n(2)完成城区病媒生物防制工作。市委市政府高度重视。\n一是经费充足,财政拨款xx万元。保障有力。\n二是督查整改。";
    let s = run(t);
    let p = &s.paragraphs;
    assert_eq!(
        (p[0].heading_path[0].text.as_str(), p[0].is_heading),
        ("政策支持方面", false)
    );
    assert_eq!(
        (p[1].heading_path[1].text.as_str(), p[1].is_heading),
        ("完成复审工作", true)
    );
    assert_eq!(
        (p[2].heading_path[2].text.as_str(), p[2].is_heading),
        ("完成城区病媒生物防制工作", false)
    );
    // 一是 is inline: its clause is the heading, the paragraph is body.
    assert_eq!(path(&p[3]).last().unwrap(), "一是经费充足,财政拨款xx万元");
    assert!(!p[3].is_heading);
    // A line that is only the clause is a heading line.
    assert!(p[4].is_heading);
    // A long clause without a stop is cut at its first comma.
    let long = format!("(三){},其余正文{}", "很长的标题".repeat(8), "字".repeat(80));
    let s = run(&long);
    assert_eq!(s.paragraphs[0].heading_path[0].text, "很长的标题".repeat(8));
}

#[test]
fn decimals_years_and_lists_are_not_markers() {
    for t in [
        "2.5万亩耕地完成整治。",
        "2023.1月起实施。",
        "12.5%的增幅。",
        "一二季度共提报线索7名。",
        "100、200、300为示例。",
        "(xx站)活动顺利举办。",
        "( )空括号不是标记。",
        "统一是前提。",
        "第一次全国普查。",
    ] {
        let s = run(t);
        assert!(
            s.paragraphs[0].heading_path.is_empty(),
            "{t}: {:?}",
            s.paragraphs[0].heading_path
        );
    }
}

#[test]
fn glued_children_and_glued_part_headings() {
    let t = "一、工作總結(一)圍繞十九大理論學習,加強中心組學習不放松\n(二)意識形態和理論武裝工作1、意識形態工作嚴格落實\n(四)聚焦高效能護航,社會治理體系上實現新提升一是提升生態治理。\n2021年工作計劃一、宣傳工作。\n";
    let s = run(t);
    let p = &s.paragraphs;
    assert_eq!(
        path(&p[0]),
        ["一、工作總結", "(一)圍繞十九大理論學習,加強中心組學習不放松"]
    );
    assert_eq!(
        path(&p[1]),
        ["一、工作總結", "(二)意識形態和理論武裝工作", "1、意識形態工作嚴格落實"]
    );
    assert_eq!(
        path(&p[2]),
        [
            "一、工作總結",
            "(四)聚焦高效能護航,社會治理體系上實現新提升",
            "一是提升生態治理"
        ]
    );
    assert_eq!(levels(&p[3]), [0, 1]);
    assert_eq!(path(&p[3]), ["2021年工作計劃", "一、宣傳工作"]);
    assert!(p[3].is_heading);
    assert_eq!((p[0].stance, p[3].stance), (Stance::Actual, Stance::Target));
    assert_eq!(s.documents.len(), 1);
}

#[test]
fn lost_numerals_are_still_headings() {
    let t = "一、各项工作任务完成情况\n()主要工作完成情况\n一是落实帮扶。\n_.推进电子商务的社会应用水平。\n";
    let s = run(t);
    assert_eq!(
        path(&s.paragraphs[1]),
        ["一、各项工作任务完成情况", "()主要工作完成情况"]
    );
    assert_eq!(levels(&s.paragraphs[1]), [1, 2]);
    assert_eq!(
        path(&s.paragraphs[3]),
        [
            "一、各项工作任务完成情况",
            "()主要工作完成情况",
            "_.推进电子商务的社会应用水平"
        ]
    );
}

#[test]
fn restarted_numbering_pops_the_parent() {
    let t = "一、工作总结\n(一)党建\n1.学习\n2.教育\n1.网络管控\n正文。\n(二)发展\n正文。\n";
    let s = run(t);
    // 1. again under (一): the second list is not (一)'s.
    assert_eq!(path(&s.paragraphs[5]), ["一、工作总结", "1.网络管控"]);
    assert_eq!(path(&s.paragraphs[7]), ["一、工作总结", "(二)发展"]);
    // 一是 lists restart under the same heading all the time: no pop.
    let s = run("(一)防控\n一是排查。\n二是宣传。\n下一步:\n一是加强领导。\n");
    assert_eq!(path(&s.paragraphs[4]), ["(一)防控", "一是加强领导"]);
}
