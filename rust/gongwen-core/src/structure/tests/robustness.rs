//! Offsets in characters, odd and huge inputs: no panic, linear work.

use super::*;

#[test]
fn offsets_are_character_indices() {
    let t = "\u{feff}  𠀀宣传工作情况汇报\r\n\r\n\u{a0}一、基本情况。\u{3000}\r\n(一)𠀀做法。正文𠀀。";
    let s = run(t);
    let p = &s.paragraphs;
    assert_eq!(ptext(t, &p[0]), "𠀀宣传工作情况汇报");
    assert_eq!(ptext(t, &p[1]), "一、基本情况。");
    assert_eq!(ptext(t, &p[2]), "(一)𠀀做法。正文𠀀。");
    assert_eq!(p[2].heading_path[1].start, p[2].start);
    assert_eq!(p[2].heading_path[1].text, "𠀀做法");
    assert_eq!(s.documents[0].end, t.chars().count());
    assert_eq!(s.documents[0].title.as_deref(), Some("𠀀宣传工作情况汇报"));
}

#[test]
fn weird_inputs_do_not_panic() {
    let weird = [
        "一",
        "一、",
        "(",
        "()",
        "（",
        "(一",
        "第",
        "第一",
        "第一部",
        "第一部分",
        "_",
        "_.",
        "___.",
        "⑴",
        "①",
        "1.",
        "1",
        "十一、",
        "九十九、",
        "一百、",
        "(十二)",
        "(99)",
        "(100)",
        "一、(一)1.(1)一是",
        "一、\n一、\n一、",
        "關于",
        "关于汇报",
        "关于汇报汇报汇报汇报汇报汇报汇报汇报汇报汇报汇报",
        "汇报完毕。",
        "汇报完毕。\n汇报完毕。\n一、",
        "2023年工作计划一、",
        "工作总结\n工作总结\n工作总结",
        "\r",
        "\r\r\n",
        "\u{2028}",
        "\0",
        "()\n()()()",
        "〔一〕\n［1］\n【一】",
        "一是一是一是",
        "第一，第二，",
    ];
    for t in weird {
        run(t);
    }
    // Pseudo-random texts over a palette of markers, cues and punctuation.
    let palette: Vec<&str> = vec![
        "一",
        "二",
        "十",
        "、",
        "(",
        ")",
        "（",
        "）",
        "1",
        "2",
        ".",
        "．",
        "是",
        "第",
        "部分",
        "章",
        "\n",
        "\n\n",
        " ",
        "。",
        ",",
        ":",
        "工作",
        "总结",
        "计划",
        "汇报",
        "情况",
        "关于",
        "2022年",
        "2023年",
        "下一步",
        "汇报完毕",
        "汇编",
        "(85篇)",
        "_",
        "⑴",
        "①",
        "〇",
        "年",
        "xx",
        "宣传",
        "\u{a0}",
        "𠀀",
        "模板",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut t = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 60) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            t.push_str(palette[(state % palette.len() as u64) as usize]);
        }
        run(&t);
    }
}

#[test]
fn a_ten_megabyte_line_is_one_paragraph() {
    let t = "一、".to_string() + &"工作总结2022年,".repeat(10 * 1024 * 1024 / 24);
    let s = analyze(&t);
    assert_eq!((s.documents.len(), s.paragraphs.len()), (1, 1));
    assert_eq!(s.paragraphs[0].end, t.chars().count());
    assert_eq!(s.paragraphs[0].stance, Stance::Actual);
}

#[test]
fn only_headings() {
    let t = "一、\n(一)\n1.\n(1)\n一是\n".repeat(50_000);
    let s = analyze(&t);
    assert_eq!(s.paragraphs.len(), 250_000);
    // Every 一、 after the first restarts the numbering of an untitled report.
    assert_eq!(s.documents.len(), 50_000);
    assert_eq!(levels(&s.paragraphs[249_999]), [1, 2, 3, 4, 5]);
}
