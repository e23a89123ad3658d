//! Site chrome of the shipped rule set: each kind removed with its rule name in both scripts,
//! body sentences that merely hold the cue words kept, tails only at the end, markup decoded
//! or removed with an exact map.

use super::*;
use crate::convert::Converter;

fn c(text: &str) -> Cleaned {
    clean(text, &CleanOptions::default(), Rules::default_rules())
}

/// The rule names of the removals of `text`.
fn rules_of(text: &str) -> Vec<String> {
    c(text).removed.into_iter().map(|r| r.rule).collect()
}

const BODY: &str = "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n";
const MORE: &str = "全省地区生产总值增长5.5%，城镇新增就业107万人。\n";

/// A report long enough that a page's tail is short beside it.
fn report() -> String {
    format!("{BODY}{}", MORE.repeat(12))
}

/// Chrome lines of the kinds the rules are for, each with the rule that must remove it.
const CHROME: &[(&str, &str)] = &[
    (
        "中央政府门户网站\u{3000}www.gov.cn\u{3000}\u{3000} 2006年02月23日 14时43分\u{3000}\u{3000} 来源：人民网",
        "site-header",
    ),
    ("当前位置： 首页>> 中国概况", "menu"),
    ("<U+00A0> 当前位置：首页 > 新闻", "menu"),
    ("\u{a0}\u{a0}您的位置：首页 > 政务公开", "menu"),
    ("【字体：大 中 小】", "toolbar"),
    ("【E-mail推荐 】", "toolbar"),
    ("【E-mail推荐\n\n\n】", "toolbar"),
    ("下载 打印 全屏 收藏 【字号： 加大 还原 减小 】", "toolbar"),
    ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】", "toolbar"),
    ("【打印】【关闭】", "toolbar"),
    ("字号：大 中 小", "toolbar"),
    ("打印本页 关闭窗口", "toolbar"),
    ("（责任编辑： 郭桢\n ）", "editor"),
    ("责任编辑：\n李莎莎", "editor"),
    ("[编辑：张三 审核：李四]", "editor"),
    ("新华社记者 李学仁 摄", "caption"),
    ("图为会议现场。（本报记者 王五 摄）", "caption"),
    ("来源：河南日报", "page-meta"),
    ("来源:\n四川日报", "page-meta"),
    ("时间：2026-02-09", "page-meta"),
    ("发布时间：2026-02-09 10:30 来源：重庆日报 浏览次数：1234", "page-meta"),
    ("2026年02月10日 07时41分", "page-meta"),
    ("2026-02-09 来源：新华社", "page-meta"),
    ("扫一扫在手机打开当前页 【打印本页】【关闭窗口】", "share"),
    ("分享到：微信 微博 QQ空间", "share"),
    ("分享：", "share"),
    ("abcd39f1fb7f426d9dfb6bd0fa1f2146:", "link-hash"),
    ("相关链接\n·国务院召开常务会议\n·温家宝作政府工作报告", "related"),
    ("·国务院召开常务会议 (2006-03-01)", "related"),
    ("上一篇：关于印发某某方案的通知", "menu"),
    ("版权所有：某某省人民政府办公厅", "menu"),
    ("Copyright © 2026 某某市人民政府 All Rights Reserved", "menu"),
    ("© 2026 某某市人民政府 All Rights Reserved", "footer"),
    ("京ICP备05070218号 京公网安备11010202000001号", "footer"),
    ("某某市人民政府 版权所有", "footer"),
    ("<!-- 正文开始 -->", "html-comment"),
    ("<p style=\"text-indent:2em\">", "html-tag"),
];

#[test]
fn chrome_goes_with_its_rule_in_both_scripts() {
    let s2t = Converter::new("s2t").unwrap();
    let s2hk = Converter::new("s2hk").unwrap();
    for &(chrome, rule) in CHROME {
        for script in [chrome.to_string(), s2t.convert(chrome), s2hk.convert(chrome)] {
            for text in [
                format!("{script}\n{BODY}{MORE}"),
                format!("{BODY}{script}\n{MORE}"),
                format!("{BODY}{MORE}{script}"),
            ] {
                let r = c(&text);
                // Fragment rules (markup) leave the line break of their line.
                let lines = |t: &str| t.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
                assert_eq!(
                    lines(&r.text),
                    lines(&format!("{BODY}{MORE}")),
                    "{script:?} in {text:?}"
                );
                assert_eq!(
                    r.removed.iter().map(|x| x.rule.as_str()).collect::<Vec<_>>(),
                    [rule],
                    "{script:?}"
                );
            }
        }
    }
}

#[test]
fn sentences_with_the_cue_words_stay() {
    let body = [
        "资金来源：中央预算内投资50亿元，地方配套30亿元。",
        "来源于群众的意见建议，我们逐条研究办理。",
        "编辑出版地方志书12部，完成第二轮修志任务。",
        "组织新闻记者深入基层采访拍摄，讲好发展故事。",
        "（五）组织记者跟踪拍摄",
        "时间：2026年底前完成",
        "时间安排：3月底前完成方案制定",
        "2026年1月26日",
        "分享经济规模持续扩大。",
        "分享",
        "相关部门要加强协调配合。",
        "打印",
        "依法保护版权所有人权益",
        "主办单位：市文化和旅游局",
        "本届政府任期内的工作，将接受人民的检验。",
        "数据来源：国家统计局",
        "作品著作权登记量增长12%。",
        "扫黑除恶专项斗争取得阶段性成效。",
        "增长<5%，AT&T与&符号",
    ];
    for line in body {
        let text = format!("{BODY}{line}\n{MORE}");
        let r = c(&text);
        assert!(r.removed.is_empty(), "{line:?} lost: {:?}", r.removed);
        assert!(r.text.contains(line), "{line:?} -> {:?}", r.text);
    }
}

#[test]
fn tails_go_only_at_the_end() {
    let related = "相关报道：\n四川干部群众热议政府工作报告\n解读省政府工作报告\n打印本页\n关闭窗口";
    // At the end: the marker and everything after it.
    let r = c(&format!("{}{related}", report()));
    assert_eq!(r.text, report());
    assert_eq!(r.removed.len(), 1);
    assert_eq!(r.removed[0].rule, "related");
    // Before the report goes on: the marker line only (the headlines are not known as such);
    // the toolbar lines are chrome wherever they are.
    let r = c(&format!("{related}\n{}", report()));
    assert!(
        r.text
            .starts_with("四川干部群众热议政府工作报告\n解读省政府工作报告\n各位代表"),
        "{:?}",
        r.text
    );
    // A long paragraph after the marker is no tail.
    let long = "过去一年，全省经济运行稳中有进。".repeat(20);
    let r = c(&format!("{BODY}相关报道：\n{long}\n"));
    assert_eq!(r.text, format!("{BODY}{long}\n"));
    // A footer line that may be body elsewhere goes only in the tail.
    let footer = "主办：某某省人民政府办公厅\n联系我们：0000-00000000";
    assert_eq!(c(&format!("{}{footer}", report())).text, report());
    // Nor is a tail what is longer than half the text before it.
    let r = c(&format!("{BODY}{related}"));
    assert_eq!(
        r.text,
        format!("{BODY}四川干部群众热议政府工作报告\n解读省政府工作报告\n")
    );
    let r = c(&format!("{footer}\n{BODY}{long}"));
    assert!(r.removed.is_empty() && r.text.starts_with("主办"), "{:?}", r.removed);
}

#[test]
fn licence_footer_of_a_transcription() {
    let footer = "本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件，及其官方正式译文。根据《\n中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，在\n中国大陆\n，也可能在其他管辖区，属于\n公有领域\n。\n\n\n注：中文维基文库社群认为，中华人民共和国公务演讲，\n不总是\n具有立法、行政、司法性质的文件。\n\n\n\nPublic domain\nPublic domain\nfalse\nfalse";
    let s2t = Converter::new("s2t").unwrap();
    for f in [footer.to_string(), s2t.convert(footer)] {
        let r = c(&format!("{}\n\n\n{f}", report()));
        assert_eq!(r.text.trim_end(), report().trim_end(), "{f:?}");
        assert_eq!(rules_of(&format!("{}\n\n\n{f}", report())), ["licence"]);
    }
}

#[test]
fn markup_is_decoded_or_removed_with_an_exact_map() {
    let text = "<!--\n  -->\n<U+00A0><U+00A0>各位代表：<br>\n现在&nbsp;我代表&amp;报告</p>\n<!-- 未闭合";
    let r = c(text);
    assert_eq!(r.text, "\n各位代表：\n现在 我代表&报告\n");
    let rules: Vec<&str> = r.removed.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(rules, ["html-comment", "html-tag", "html-tag", "html-comment"]);
    for x in &r.removed {
        let chars: String = text.chars().skip(x.start).take(x.end - x.start).collect();
        assert_eq!(chars, x.text);
    }
    // The space after 现在 comes from `&nbsp;`; the ampersand from `&amp;`.
    let at = |s: &str| r.text.chars().position(|c| s.starts_with(c)).unwrap();
    let span = |i: usize| {
        let (a, b) = r.map.source_span(i);
        text.chars().skip(a).take(b - a).collect::<String>()
    };
    assert_eq!(span(at(" ")), "&nbsp;");
    assert_eq!(span(at("&")), "&amp;");
    assert_eq!(span(at("各")), "各");
    r.map.check();
    // Escapes stay escapes when boilerplate is off.
    let off = CleanOptions {
        boilerplate: false,
        ..CleanOptions::default()
    };
    assert_eq!(
        clean("a&amp;b<U+00A0>", &off, Rules::default_rules()).text,
        "a&amp;b<U+00A0>"
    );
}

#[test]
fn bracketed_toolbars_go_inside_a_line() {
    // A report without line breaks: its bracketed toolbar items go, the text around them stays.
    let long = "全省经济运行稳中有进。".repeat(100);
    let text = format!("【字体：大 中 小】【打印本页】 2026年政府工作报告 {long}【关闭窗口】");
    let r = c(&text);
    assert_eq!(r.text, format!(" 2026年政府工作报告 {long}"));
    assert!(r.removed.iter().all(|x| x.rule == "toolbar"), "{:?}", r.removed);
}
