//! Tests of cleaning and normalising: each rule on written texts, the maps, boilerplate in
//! both scripts, the seeds' readings, the prefilter against plain `find_iter`, chunked
//! conversion, and digests of the results recorded before the module was split.

use super::*;

fn c(text: &str) -> Cleaned {
    clean(text, &CleanOptions::default(), Rules::default_rules())
}

fn spans(m: &OffsetMap) -> Vec<(usize, usize)> {
    (0..m.output_len()).map(|i| m.source_span(i)).collect()
}

#[test]
fn readings_go_only_after_their_character() {
    let r = c("區(qū)交通運輸局實(shí)現(xiàn)26萬畝(mǔ)");
    assert_eq!(r.text, "區交通運輸局實現26萬畝");
    assert_eq!(r.readings, 4);
    // Not a reading of the character before, not pinyin, or not after a Han character.
    for keep in ["區(shí)", "(GDP)", "(II类)", "(xx站)", "(2021版)", "a(qū)"] {
        assert_eq!(c(keep).readings, 0, "{keep}");
    }
}

#[test]
fn punctuation_widths_spaces_newlines() {
    assert_eq!(c("你好,世界:1,000人(含)!").text, "你好，世界：1,000人（含）！");
    assert_eq!(c("１２３ＡＢｃ").text, "123ABc");
    assert_eq!(
        c("\u{3000}\u{3000}第一\u{a0}段 \r\n第\u{200b}二\r三").text,
        "第一 段\n第二\n三"
    );
    assert_eq!(c("时间10:30,网址http://x.cn").text, "时间10:30，网址http://x.cn");
}

#[test]
fn map_points_at_the_original() {
    let text = "\u{3000}區(qū)交通,局\r\n";
    let r = c(text);
    assert_eq!(r.text, "區交通，局\n");
    assert_eq!(spans(&r.map), [(1, 2), (6, 7), (7, 8), (8, 9), (9, 10), (10, 12)]);
}

#[test]
fn boilerplate_in_both_scripts() {
    let text = "下面是小編為大家整理的,供大家參考。\n工作總結\n文檔為doc格式。\n一是當前隱藏內容免費查看加強領導。\n链接地址:http://www.example.com/a.html";
    let r = c(text);
    assert_eq!(r.text, "工作總結\n一是加強領導。\n");
    let rules: Vec<&str> = r.removed.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(rules, ["site-intro", "file-format", "hidden-content", "link"]);
    let chars: Vec<char> = text.chars().collect();
    let first = &r.removed[0];
    assert!(chars[first.start..first.end]
        .iter()
        .collect::<String>()
        .starts_with("下面是小編"));
    // Every kept character maps to the same character of the input.
    let out: Vec<char> = r.text.chars().collect();
    for (i, &ch) in out.iter().enumerate() {
        let (s, e) = r.map.source_span(i);
        assert!(chars[s..e].contains(&ch) || ch == '，' || ch == '\n', "{i}");
    }
}

#[test]
fn bad_rules_are_errors() {
    assert!(Rules::parse("line\tx\t(", "mine.txt")
        .unwrap_err()
        .to_string()
        .contains("mine.txt"));
    assert!(Rules::parse("para\tx\ty", "mine.txt").is_err());
    let big = Rules::parse("line\tbig\t\\w{1000}{100}", "mine.txt")
        .unwrap_err()
        .to_string();
    assert!(big.contains("line 1: pattern too large"), "{big}");
}

#[test]
fn normalize_composes_maps() {
    let t2s = Converter::new("tw2sp").unwrap();
    let r = normalize(
        "用滑(huá)鼠存取記(jì)憶體",
        &CleanOptions::default(),
        Rules::default_rules(),
        Some(&t2s),
    );
    assert_eq!(r.text, "用鼠标访问内存");
    assert_eq!(r.readings, 2);
    assert_eq!(spans(&r.map)[5], (10, 17)); // 内 <- 記(jì)憶體
}

#[test]
fn seed_documents_lose_every_reading_and_no_other_parenthesis() {
    let seeds = [
        (
            include_str!("../../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
            714,
        ),
        (
            include_str!("../../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
            1337,
        ),
        (
            include_str!("../../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
            0,
        ),
        (
            include_str!("../../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
            0,
        ),
        (
            include_str!("../../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
            7636,
        ),
    ];
    for (text, readings) in seeds {
        let r = clean(text, &CleanOptions::only_readings(), Rules::default_rules());
        assert_eq!(r.readings, readings);
        let opens = |t: &str| t.chars().filter(|&c| c == '(').count();
        assert_eq!(opens(text) - opens(&r.text), readings, "only readings' parentheses go");
    }
}

use crate::test_rng::Rng;

/// Texts made of the pieces every rule reacts to: readings, parentheses, punctuation,
/// spaces, line breaks, widths, phrases the conversion changes, boilerplate, ideographic
/// description sequences.
fn random_text(rng: &mut Rng, len: usize) -> String {
    const PIECES: &[&str] = &[
        "區",
        "(qū)",
        "（qū）",
        "(",
        ")",
        "（",
        "）",
        ",",
        ";",
        ":",
        "?",
        "!",
        " ",
        "  ",
        "\u{3000}",
        "\u{a0}",
        "\u{200b}",
        "\r\n",
        "\r",
        "\n",
        "\u{2028}",
        "１２",
        "ＡＢｃ",
        "a",
        "1",
        "GDP",
        "實(shí)",
        "記憶體",
        "滑鼠",
        "頭髮",
        "發",
        "萬畝(mǔ)",
        "。",
        "，",
        "下面是小編為大家整理的",
        "文檔為doc格式",
        "當前隱藏內容免費查看",
        "链接地址:http://x.cn/a",
        "\nwww.example.com\n",
        "首页>",
        "⿰",
        "⿱⿰",
        "-",
        "Ｃ",
        "中國",
        "乾隆",
        "http://",
        "。\n",
        "剩余内容查看",
        "GDP 增長",
        "\u{212a}線",
        "K线",
        "ſ",
        "首頁:",
        "文档为DOC格式",
        "Copyright",
        "WWW.x.cn",
        "2024",
        "\n\n\n",
        "<U+00A0>",
        "&nbsp;",
        "&amp;",
        "<!--",
        "-->",
        "<br>",
        "</p>",
        "【字体：大 中 小】",
        "【打印】",
        "下载",
        "打印",
        "來源：",
        "新华社",
        "时间：2026-02-09",
        "07时41分",
        "责任编辑：",
        "张三",
        "记者 李四 摄",
        "相关报道：",
        "·",
        "本作品",
        "公有領域",
        "abcd39f1fb7f426d9dfb6bd0fa1f2146",
        "主办：",
    ];
    (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

/// The prefilter leaves out no rule that matches: each rule's matches are what its own
/// `find_iter` over the whole text gives, for the shipped rules and for user rules without
/// fragments, anchored or not, across lines, in either case.
#[test]
fn prefiltered_rules_match_as_find_iter() {
    let user = Rules::parse(
        "line\tmixed\t^\\s*首页|隐藏\n\
         line\tempty\t^\\s*\n\
         line\tblank-lines\t^\\s*\\n\\s*链接\n\
         fragment\tfrag\t^(展开|查看)\n\
         line\tend\t(?m:^)\\s*$\n\
         fragment\tcase\t(?i)gdp\\s*增长\n\
         fragment\tkelvin\tK线|ſ\n\
         line\tdigits\t^\\d+$\n\
         line\tws-menu\t^\\s*(栏目|首页)\\s*[:：>]\\s*\\S*\\s*$\n\
         fragment\tws-frag\t^\\s*(GDP|小编)\n\
         line\tplain\t^\\(?(链接|WWW)\n",
        "test",
    )
    .unwrap();
    assert_eq!(user.without_fragments(), 3, "empty, end, digits");
    assert_eq!(
        user.anchored(),
        5,
        "frag, ws-menu, ws-frag, plain; blank-lines by its first character"
    );
    let shipped = Rules::default_rules();
    assert_eq!(
        shipped.without_fragments(),
        0,
        "link-hash is tried at lines starting with a hex digit"
    );
    assert_eq!(
        shipped.anchored(),
        27,
        "the shipped `^` rules with known heads, the `^\\s*` rules by their first characters, \
         the `^` rules by the fragments of their heads"
    );
    let all = Rules::default_rules().extended(user);
    let mut rng = Rng(0x5eed_1234_5678_9abc);
    for round in 0..3000 {
        let len = rng.below(40);
        let mut text = random_text(&mut rng, len);
        if round % 3 == 0 {
            text = text.replace('\r', "");
        }
        if round % 5 == 0 {
            text = text.to_uppercase();
        }
        if round % 2 == 0 {
            // Heads of the rules tried at the lines holding their fragments.
            const HEADS: [&str; 4] = [
                "中国政府网 www.gov.cn 2006年",
                "版权所有",
                "（新华社记者 王五 摄）",
                "2026-02-09 来源：",
            ];
            let at = text
                .char_indices()
                .nth(rng.below(len + 1))
                .map_or(text.len(), |(i, _)| i);
            text.insert_str(at, HEADS[rng.below(HEADS.len())]);
        }
        for rules in [Rules::default_rules(), &all] {
            let mut per_rule = rules.matches_per_rule(&text);
            per_rule.sort();
            assert_eq!(per_rule, rules.matches_per_rule_unfiltered(&text), "{text:?}");
        }
    }
}

/// On real reports (the seeds, and the scraped reports of `tests/fixtures/real`, full of chrome)
/// the rules tried only at some line starts match as their own `find_iter` does.
#[test]
fn prefiltered_rules_match_as_find_iter_on_real_reports() {
    let rules = Rules::default_rules();
    let gbk = [
        &include_bytes!("../../../../tests/fixtures/real/gov_cn_gbk/1980.txt")[..],
        &include_bytes!("../../../../tests/fixtures/real/gov_cn_gbk/2002.txt")[..],
    ];
    let mut texts: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
    texts.extend(gbk.iter().map(|b| crate::load::decode(b).expect("GBK decodes").text));
    for text in &texts {
        // As the rules see it: after the character pass.
        let (mid, _, _) = super::char_pass::char_pass(text, &CleanOptions::default());
        let mut per_rule = rules.matches_per_rule(&mid);
        per_rule.sort();
        assert_eq!(per_rule, rules.matches_per_rule_unfiltered(&mid));
    }
}

/// A text of lines that each start a long failed try (`^\s*((下载|打印)\s*)*【打印】` reads every
/// `下载` line after a line start and fails at the end): the rule is searched through the text
/// past its budget of tries, with the matches of its own `find_iter`.
#[test]
fn rules_tried_at_many_lines_are_searched_instead() {
    let rules = Rules::parse("line\ttoolbar\t^\\s*((下载|打印)\\s*)*【打印】\\s*$\n", "test").unwrap();
    assert_eq!(rules.anchored(), 1);
    for n in [10, 5000] {
        let text = format!("{}x\n【打印】\n", "下载\n".repeat(n));
        let found = rules.filters.find(&text);
        assert_eq!(found.tries.len(), n + 1, "a try at each line but `x`");
        let mut per_rule = rules.matches_per_rule(&text);
        per_rule.sort();
        assert_eq!(per_rule, rules.matches_per_rule_unfiltered(&text));
    }
}

fn same(a: &Cleaned, b: &Cleaned, what: &str) {
    assert_eq!(a.text, b.text, "{what}");
    assert_eq!(a.map, b.map, "{what}");
    assert_eq!(a.removed, b.removed, "{what}");
    assert_eq!(a.readings, b.readings, "{what}");
}

const SEEDS: [&str; 5] = [
    include_str!("../../../../tests/fixtures/seeds/000_ff93f212bb4c8225.txt"),
    include_str!("../../../../tests/fixtures/seeds/001_bf2c7439584bd485.txt"),
    include_str!("../../../../tests/fixtures/seeds/002_3a2636798456cfa9.txt"),
    include_str!("../../../../tests/fixtures/seeds/003_01d0fa08ee2cde3b.txt"),
    include_str!("../../../../tests/fixtures/seeds/004_3de8d6ea6a397657.txt"),
];

fn option_sets() -> Vec<CleanOptions> {
    let mut sets = vec![CleanOptions::default(), CleanOptions::only_readings()];
    for k in 0..6 {
        let mut o = CleanOptions::default();
        let flag = [
            &mut o.readings,
            &mut o.punctuation,
            &mut o.widths,
            &mut o.spaces,
            &mut o.newlines,
            &mut o.boilerplate,
        ];
        *flag.into_iter().nth(k).unwrap() = false;
        sets.push(o);
    }
    sets
}

/// Converting in chunks gives exactly what converting the whole text at once gives: text,
/// map, removals and readings, for every chunk size. (`clean_and_normalize_digests` holds
/// the results themselves to what they were.)
#[test]
fn chunked_normalize_is_identical_to_the_whole_text() {
    let convs: Vec<Converter> = ["t2s", "tw2sp", "s2twp", "t2jp"]
        .iter()
        .map(|c| Converter::new(c).unwrap())
        .collect();
    let rules = Rules::default_rules();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut texts: Vec<String> = (0..300).map(|i| random_text(&mut rng, 1 + i % 60)).collect();
    texts.extend(["", "(", "區(", ")))", "\r", " ", "區(qū"].map(String::from));
    for (i, text) in texts.iter().enumerate() {
        for opts in option_sets() {
            let conv = &convs[i % convs.len()];
            let whole = normalize_in_chunks(text, &opts, rules, Some(conv), usize::MAX);
            for chunk in [1, 7, 13, 64] {
                same(
                    &normalize_in_chunks(text, &opts, rules, Some(conv), chunk),
                    &whole,
                    text,
                );
            }
        }
    }
    for seed in SEEDS {
        // Also as one long line, as a scraped page often is.
        let line: String = seed.chars().filter(|&c| c != '\n' && c != '\r').collect();
        for text in [seed, line.as_str()] {
            for opts in [CleanOptions::default(), CleanOptions::only_readings()] {
                for conv in &convs[..2] {
                    let whole = normalize_in_chunks(text, &opts, rules, Some(conv), usize::MAX);
                    for chunk in [7, 13, 64, 4096] {
                        same(
                            &normalize_in_chunks(text, &opts, rules, Some(conv), chunk),
                            &whole,
                            "seed",
                        );
                    }
                }
            }
        }
    }
}

/// FNV-1a over the `Debug` forms (text, map pieces, removals, readings).
fn digest(results: impl IntoIterator<Item = Cleaned>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut n = 0;
    for r in results {
        n += 1;
        // Without the count of copies (0 on these texts), which came later.
        assert_eq!(r.copies, 0);
        for b in format!("{r:?}").replace(", copies: 0", "").bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("results {n} fnv {h:016x}")
}

/// Digests of `clean` and `normalize` on the random texts and the seeds of
/// `chunked_normalize_is_identical_to_the_whole_text`, recorded before the module was split
/// (they replace the comparison with the implementation before cleaning worked in place).
/// Record again (only for an intended change) with `UPDATE_EXPECT=1 cargo test -p
/// gongwen-core clean_and_normalize_digests`.
#[test]
fn clean_and_normalize_digests() {
    use expect_test::expect;
    let convs: Vec<Converter> = ["t2s", "tw2sp", "s2twp", "t2jp"]
        .iter()
        .map(|c| Converter::new(c).unwrap())
        .collect();
    let rules = Rules::default_rules();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut texts: Vec<String> = (0..300).map(|i| random_text(&mut rng, 1 + i % 60)).collect();
    texts.extend(["", "(", "區(", ")))", "\r", " ", "區(qū"].map(String::from));
    let (mut cleaned, mut normalized) = (Vec::new(), Vec::new());
    for (i, text) in texts.iter().enumerate() {
        for opts in option_sets() {
            cleaned.push(clean(text, &opts, rules));
            normalized.push(normalize(text, &opts, rules, Some(&convs[i % convs.len()])));
        }
    }
    expect!["results 2456 fnv 7eb1bd47ea343f59"].assert_eq(&digest(cleaned));
    expect!["results 2456 fnv ebd548fe4374156e"].assert_eq(&digest(normalized));
    let mut seeds = Vec::new();
    for seed in SEEDS {
        let line: String = seed.chars().filter(|&c| c != '\n' && c != '\r').collect();
        for text in [seed, line.as_str()] {
            for opts in [CleanOptions::default(), CleanOptions::only_readings()] {
                seeds.push(clean(text, &opts, rules));
                for conv in &convs[..2] {
                    seeds.push(normalize(text, &opts, rules, Some(conv)));
                }
            }
        }
    }
    expect!["results 60 fnv 96cfdc511ce757f1"].assert_eq(&digest(seeds));
}

/// No dictionary key holds a character the chunked conversion cuts after.
#[test]
fn cut_characters_are_in_no_dictionary_key() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/opencc");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        files += 1;
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let key = line.split('\t').next().unwrap_or("");
            if line.starts_with('#') {
                continue;
            }
            for c in key.chars() {
                assert!(!crate::convert::is_break(c), "{c:?} in a key of {}", path.display());
            }
        }
    }
    assert!(files > 20);
}

/// Many line-rule matches on one long line: linear, not quadratic.
#[test]
fn many_matches_on_one_long_line() {
    let text = "小编为大家整理".repeat(200_000);
    let r = c(&text);
    assert_eq!(r.text, "");
    // A line this long is not boilerplate as a whole: each match goes, sentence by sentence
    // (here the sentences are the matches themselves).
    assert_eq!(r.removed.len(), 200_000);
    assert_eq!(
        r.removed.iter().map(|x| x.end - x.start).sum::<usize>(),
        text.chars().count()
    );
}

/// A site intro glued into a long paragraph takes only its own sentence with it.
#[test]
fn long_line_loses_only_the_boilerplate_sentence() {
    let body = "全年新建道路12公里，完成投资5亿元。".repeat(30);
    let text = format!("{body}下面是小编为大家整理的工作总结，供大家参考。{body}");
    let r = c(&text);
    assert_eq!(r.text, format!("{body}{body}"));
    assert_eq!(r.removed.len(), 1);
    let short = "下面是小编为大家整理的工作总结，供大家参考。全年新建道路12公里。";
    assert_eq!(c(short).text, "", "a short line goes whole");
}

#[test]
fn empty_and_odd_input() {
    assert_eq!(c("").text, "");
    assert_eq!(c("(").text, "(");
    assert_eq!(c("區(").text, "區（");
    assert_eq!(c(")))").text, ")))");
}
