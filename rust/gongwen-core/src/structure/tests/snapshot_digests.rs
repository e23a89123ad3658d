//! Digests of [`analyze`] on the random inputs that the removed comparison with the reference
//! implementation ran (seed lines shuffled, cut and glued; texts generated from markers, cue
//! words, titles, years and punctuation), recorded before the module was split: the same rounds
//! must give the same structures. Record again (only for an intended change) with
//! `UPDATE_EXPECT=1 cargo test -p gongwen-core snapshot_digests`.

use expect_test::expect;

use super::*;
use crate::test_rng::Rng;

const SEEDS: [&str; 5] = [
    include_str!("../../../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
    include_str!("../../../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
    include_str!("../../../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
    include_str!("../../../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
    include_str!("../../../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
];

/// FNV-1a over the `Debug` form of each structure, with the counts of texts, documents and
/// paragraphs.
fn digest(texts: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut docs, mut paras) = (0, 0);
    for t in texts {
        let s = analyze(t);
        docs += s.documents.len();
        paras += s.paragraphs.len();
        for b in format!("{s:?}").bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("texts {} documents {docs} paragraphs {paras} fnv {h:016x}", texts.len())
}

#[test]
fn seed_lines_shuffled_and_glued() {
    let mut texts = Vec::new();
    let lines: Vec<&str> = SEEDS.iter().flat_map(|s| s.split('\n')).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..300 {
        let n = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..n {
            let l = lines[rng.below(lines.len())];
            match rng.below(6) {
                // A line cut at a random character and glued to the next.
                0 => {
                    let cut = rng.below(l.chars().count() + 1);
                    text.extend(l.chars().skip(cut));
                }
                1 => {
                    let cut = rng.below(l.chars().count() + 1);
                    text.extend(l.chars().take(cut));
                    continue;
                }
                _ => text.push_str(l),
            }
            text.push('\n');
        }
        texts.push(text);
    }
    expect!["texts 300 documents 422 paragraphs 5239 fnv 8d366b7ebeac2f5f"].assert_eq(&digest(&texts));
}

#[test]
fn generated_inputs() {
    let mut texts = Vec::new();
    let v = vocab();
    let words: Vec<String> = v.words.iter().map(|(w, _)| w.iter().collect()).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let markers = [
        "一、",
        "二、",
        "三．",
        "十一、",
        "二十三.",
        "一十、",
        "〇、",
        "(一)",
        "（二）",
        "〔三〕",
        "［四］",
        "[五]",
        "()",
        "（）",
        "(x)",
        "1.",
        "2、",
        "１．",
        "12.",
        "123.",
        "0.",
        "2.5",
        "(1)",
        "（２）",
        "(12)",
        "⑴",
        "⒇",
        "①",
        "⑳",
        "一是",
        "二是",
        "十是",
        "第一，",
        "第二、",
        "第一部分",
        "第二章",
        "第3篇",
        "第十一部分",
        "_.",
        "__、",
        "＿．",
        "____.",
        "_.5",
        "统一是",
        "唯一是",
        "一",
        "第",
        "(",
        "（一",
        "一)",
    ];
    let titles = [
        "宣传工作情况汇报",
        "2023年工作计划",
        "2022年度工作总结及2023年工作计划",
        "关于宣传工作情况汇报",
        "关于",
        "关於",
        "關于",
        "我镇宣传工作在县委的领导下",
        "工作总结",
        "工作计划",
        "范文",
        "模板",
        "汇编",
        "合集",
        "(85篇)",
        "【模板】",
        "（精选）",
        "汇报完毕。",
        "以上汇报不妥之处，请批评指正。",
        "特此报告。",
        "匯報",
        "總結",
        "計劃",
        "下一步工作打算",
        "存在的问题及下一步打算",
        "重点工作完成情况",
        "主要情况",
    ];
    let fill = [
        "2022年",
        "二〇二三年",
        "２０２４年",
        "12023年",
        "1948年",
        "2101年",
        "二〇二三二年",
        "2.5万亩",
        "12亿元",
        "我镇",
        "完成",
        "投资",
        "xx",
        "XX年",
        "__年",
        "的",
        "和",
        "要",
        "精神",
        "工作",
        "书",
        "等",
        "统",
        "一年来",
        "—",
        "-",
        "·",
        "“",
        "”",
        "《",
        "》",
        "、",
        "年",
    ];
    let punct = [
        "。", "，", ",", "：", ":", "；", ";", "！", "!", "？", "?", ".", "．", " ", "\u{3000}", "\t", "\u{feff}",
        "\u{200b}", "\u{a0}", ")", "）", "〕", "」", "』", "】", "’", "\"",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..4000 {
        let lines = 1 + rng.below(25);
        let mut text = String::new();
        for _ in 0..lines {
            let pieces = rng.below(10);
            for _ in 0..pieces {
                let piece = match rng.below(10) {
                    0..=1 => rng.pick(&markers),
                    2..=3 => rng.pick(&words),
                    4 => rng.pick(&titles),
                    5..=6 => rng.pick(&fill),
                    7..=8 => rng.pick(&punct),
                    _ => {
                        if rng.below(8) == 0 {
                            let long = "很长的正文".repeat(1 + rng.below(80));
                            text.push_str(&long);
                        }
                        ""
                    }
                };
                text.push_str(piece);
            }
            text.push_str(match rng.below(8) {
                0 => "\r\n",
                1 => "\n\n",
                2 => "\n \n",
                _ => "\n",
            });
        }
        if rng.below(4) == 0 {
            text.pop();
        }
        texts.push(text);
    }
    expect!["texts 4000 documents 8080 paragraphs 46177 fnv 520c528701b935e1"].assert_eq(&digest(&texts));
}
