use super::*;
use crate::clean::{normalize, CleanOptions, Rules};
use crate::convert::Converter;
use crate::structure::analyze;

fn d(text: &str) -> About {
    // Tests give clean Simplified text: the describe step alone.
    describe(text, &analyze(text))
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The rows of a CSV file (RFC 4180 quoting), as header -> value maps.
fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut records: Vec<Vec<String>> = Vec::new();
    let (mut field, mut record, mut quoted) = (String::new(), Vec::new(), false);
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        match (quoted, c) {
            (true, '"') if it.peek() == Some(&'"') => {
                field.push('"');
                it.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    let header = records.remove(0);
    records
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn get<'a>(row: &'a [(String, String)], key: &str) -> &'a str {
    &row.iter().find(|(k, _)| k == key).unwrap().1
}

/// Every real file: (name, text, expected year, expected region, expected title if any).
pub(super) fn real_files() -> Vec<(String, String, i64, &'static str, Option<String>)> {
    let real = fixtures().join("real");
    let mut out = Vec::new();
    let national = std::fs::read_to_string(real.join("national/national_reports.jsonl")).unwrap();
    for line in national.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let year = v["year"].as_i64().unwrap();
        out.push((
            format!("national {year}"),
            v["content"].as_str().unwrap().to_string(),
            year,
            "中华人民共和国",
            None,
        ));
    }
    for y in [1980, 1995, 2002] {
        let bytes = std::fs::read(real.join(format!("gov_cn_gbk/{y}.txt"))).unwrap();
        let text = crate::load::decode(&bytes).unwrap().text;
        out.push((
            format!("gov.cn {y}"),
            text,
            y,
            "中华人民共和国",
            Some(format!("{y}年国务院政府工作报告")),
        ));
    }
    for (file, region) in [("四川省", "四川省"), ("河南省", "河南省"), ("重庆市", "重庆市")] {
        let text = std::fs::read_to_string(real.join(format!("provincial_2026/2026_{file}_政府工作报告.csv"))).unwrap();
        for row in csv_rows(&text) {
            let title = get(&row, "title").to_string();
            out.push((
                format!("provincial {file}"),
                get(&row, "full_text").to_string(),
                2026,
                region,
                Some(title),
            ));
        }
    }
    out
}

fn seed(prefix: &str) -> String {
    let dir = fixtures().join("seeds");
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(entry.path()).unwrap()
}

fn pipeline() -> crate::pipeline::Pipeline {
    crate::pipeline::Pipeline::new(crate::pipeline::PipelineOptions::default()).unwrap()
}

/// What the pipeline's describe step gives (clean, convert with `config`, structure, describe,
/// title from the original), without segmenting and scanning.
fn meta_of(text: &str, config: Option<&str>) -> About {
    let c = config.map(|c| Converter::new(c).unwrap());
    let n = normalize(text, &CleanOptions::default(), Rules::default_rules(), c.as_ref());
    let mut m = describe(&n.text, &analyze(&n.text));
    if let Some(span) = m.title_span {
        m.title = Some(in_original(span, &n.map, text, &n.text));
    }
    m
}

/// Region, level and year right on every real file, no year wrong, titles right where the text
/// has one; dates of delivery where the text states them.
#[test]
fn real_files_region_year_title() {
    let (mut years_right, mut years_missing) = (0, Vec::new());
    for (name, text, year, region, title) in real_files() {
        let m = meta_of(&text, Some("t2s"));
        assert_eq!(m.region.as_deref(), Some(region), "{name}");
        let level = if region == NATIONAL_NAME {
            "national"
        } else {
            "provincial"
        };
        assert_eq!(m.level, Some(level), "{name}");
        assert_eq!(m.doc_type, Some("government_work_report"), "{name}");
        match m.year {
            Some(y) => {
                assert_eq!(y, year, "{name}: a wrong year");
                years_right += 1;
            }
            None => years_missing.push(name.clone()),
        }
        if let Some(t) = title {
            assert_eq!(m.title.as_ref(), Some(&t), "{name}");
            assert!(
                m.date.as_deref().is_some_and(|d| d.starts_with(&year.to_string())),
                "{name}: {:?}",
                m.date
            );
        } else {
            // The Wikisource texts start with the salutation: no title, no date stated.
            assert_eq!((m.title.as_deref(), m.date.as_deref()), (None, None), "{name}");
        }
    }
    // National reports with no title or date: the year from the session, the review heading or
    // the year named most; six stay unknown rather than guessed.
    assert_eq!(
        years_missing,
        [
            "national 1987",
            "national 1986",
            "national 1982",
            "national 1980",
            "national 1978",
            "national 1954"
        ]
    );
    assert_eq!(years_right, 28 - years_missing.len());
}

#[test]
fn delivery_dates_and_codes_of_the_provincial_reports() {
    let p = pipeline();
    let found: Vec<(String, String, String)> = real_files()
        .into_iter()
        .filter(|f| f.0.starts_with("provincial") || f.0.starts_with("gov.cn"))
        .enumerate()
        .map(|(i, (_, text, ..))| {
            // The pipeline's own row once (the wiring), the describe step alone otherwise.
            let m = if i == 4 {
                p.process_text(&text).about
            } else {
                meta_of(&text, Some("t2s"))
            };
            (m.date.unwrap(), m.region_code.unwrap(), m.region.unwrap())
        })
        .collect();
    let want = [
        ("1980-08-30", "100000", "中华人民共和国"),
        ("1995-03-05", "100000", "中华人民共和国"),
        ("2002-03-05", "100000", "中华人民共和国"),
        ("2026-02-03", "510000", "四川省"),
        ("2026-01-26", "410000", "河南省"),
        ("2026-01-28", "500000", "重庆市"),
    ];
    let found: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(found, want);
}

/// A Traditional copy of a real report (OpenCC s2t and s2tw, by gongwen's own converter, which
/// is identical to OpenCC) gives the same region, year and date, and its title in Traditional.
#[test]
fn traditional_text_gives_the_same_metadata() {
    for (name, text, _, _, _) in real_files().into_iter().filter(|f| !f.0.starts_with("national")) {
        let simplified = meta_of(&text, Some("t2s"));
        for config in ["s2t", "s2tw"] {
            let c = Converter::new(config).unwrap();
            let traditional = c.convert(&text);
            // Converted to Simplified by the pipeline, or read as it is (no conversion).
            for convert in [Some("t2s"), None] {
                let m = meta_of(&traditional, convert);
                assert_eq!(
                    (&m.region, &m.region_code, m.year, &m.date, m.level, m.doc_type),
                    (
                        &simplified.region,
                        &simplified.region_code,
                        simplified.year,
                        &simplified.date,
                        simplified.level,
                        simplified.doc_type
                    ),
                    "{name} {config} {convert:?}"
                );
                assert_eq!(
                    m.title,
                    simplified.title.as_deref().map(|t| c.convert(t)),
                    "{name} {config}"
                );
            }
        }
    }
}

/// The seeds: anonymised reports (`xx市`, `X縣`, `区`) name no region; titles and types where
/// they have them; a compilation gives each report its title in the section paths.
#[test]
fn seeds() {
    let p = pipeline();
    let m = |prefix: &str| meta_of(&seed(prefix), Some("t2s"));
    for prefix in ["000", "001", "003"] {
        let got = m(prefix);
        assert_eq!(
            (got.title, got.year, got.region, got.doc_type),
            (None, None, None, Some("other")),
            "{prefix}"
        );
    }
    let got = m("002");
    assert_eq!(
        got.title.as_deref(),
        Some("文汇系列5694--2022年度工作总结及2023年工作计划汇编（85篇）")
    );
    assert_eq!(
        (got.year, got.region, got.doc_type),
        (Some(2022), None, Some("compilation"))
    );
    assert_eq!(got.date.as_deref(), Some("2023-03-14"));
    let text = seed("004");
    let out = p.process_text(&text);
    assert_eq!(out.about.title.as_deref(), Some("縣五年來輿論宣傳工作情況匯報"));
    assert_eq!(
        (out.about.year, &out.about.region, out.about.doc_type),
        (None, &None, Some("compilation"))
    );
    // Each report of the compilation heads the paths of its sections, in its own script.
    let heads: Vec<&str> = out
        .sections
        .iter()
        .map(|s| s.path.split(" > ").next().unwrap())
        .collect();
    for t in [
        "縣五年來輿論宣傳工作情況匯報",
        "煙花爆竹宣傳工作情況匯報",
        "疫情防控宣傳工作情況匯報",
    ] {
        let t_simplified = Converter::new("t2s").unwrap().convert(t);
        assert!(heads.iter().any(|h| *h == t || *h == t_simplified), "{t}: {heads:?}");
    }
}

#[test]
fn ambiguous_names_resolve_by_context_or_stay_unknown() {
    let m = d("2023年朝阳区政府工作报告\n各位代表：\n");
    assert_eq!((m.region, m.region_code, m.level), (None, None, None));
    let m = d("2023年朝阳区政府工作报告\n——2023年1月5日在北京市朝阳区第十六届人民代表大会第三次会议上\n");
    assert_eq!(
        (m.region.as_deref(), m.region_code.as_deref(), m.level),
        (Some("朝阳区"), Some("110105"), Some("county"))
    );
    let m = d("长春市朝阳区2023年政府工作报告\n");
    assert_eq!(m.region_code.as_deref(), Some("220104"));
    let m = d("2023年鼓楼区政府工作报告\n各位代表：\n过去一年，南京市鼓楼区全区经济运行稳中有进。\n");
    assert_eq!(m.region_code.as_deref(), Some("320106"));
    // A prefecture-level city and its level; 直辖市 are provincial.
    let m = d("襄阳市2024年政府工作报告\n");
    assert_eq!(
        (m.region_code.as_deref(), m.level),
        (Some("420600"), Some("prefecture"))
    );
    let m = d("2024年北京市政府工作报告\n");
    assert_eq!(
        (m.region_code.as_deref(), m.level),
        (Some("110000"), Some("provincial"))
    );
}

#[test]
fn old_names_give_the_current_division() {
    let m = d("2005年襄樊市政府工作报告\n");
    assert_eq!(
        (m.region.as_deref(), m.region_code.as_deref(), m.level),
        (Some("襄阳市"), Some("420600"), Some("prefecture"))
    );
    let m = d("2004年思茅市政府工作报告\n");
    assert_eq!(m.region.as_deref(), Some("普洱市"));
    // The prefecture 巢湖市 before 2011; the county-level city of that name after.
    let m = d("2008年巢湖市政府工作报告\n");
    assert_eq!(
        (m.region_code.as_deref(), m.level),
        (Some("341400"), Some("prefecture"))
    );
    let m = d("2015年巢湖市政府工作报告\n");
    assert_eq!((m.region_code.as_deref(), m.level), (Some("340181"), Some("county")));
    // Traditional old names too.
    let m = d("2005年襄樊市政府工作報告\n");
    assert_eq!(m.region.as_deref(), Some("襄阳市"));
}

#[test]
fn speaker_and_local_words() {
    let m = d("政府工作报告\n浙江省人民政府省长 王浩\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n");
    assert_eq!(
        (m.region.as_deref(), m.doc_type, m.title.as_deref()),
        (Some("浙江省"), Some("government_work_report"), Some("政府工作报告"))
    );
    let m = d("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n各位代表：\n");
    assert_eq!(
        (m.region_code.as_deref(), m.year, m.date.as_deref()),
        (Some("100000"), Some(2024), Some("2024-03-05"))
    );
    assert_eq!(m.title.as_deref(), Some("政府工作报告"));
    let m = d("各位代表：\n过去一年，全省上下团结奋进。我省经济总量突破6万亿元，河南制造业加快转型，河南省创新能力提升，河南省粮食产量稳定。全省居民收入增长。\n");
    assert_eq!(m.region.as_deref(), Some("河南省"));
    // A common word is no county: 资源 is not 资源县.
    let m = d("各位代表：\n全县加大森林资源和自然资源管护力度，全县资源节约，全县资源利用。\n");
    assert_eq!(m.region, None);
}

#[test]
fn years_of_plans_summaries_and_national_sessions() {
    assert_eq!(d("2023年工作计划\n一、总体思路\n").year, Some(2023));
    let m = d("2022年度工作总结及2023年工作计划\n");
    assert_eq!((m.year, m.doc_type), (Some(2022), Some("work_summary")));
    assert_eq!(d("关于2024年政府工作报告的决议\n").doc_type, Some("resolution"));
    assert_eq!(d("在全市经济工作会议上的讲话\n").doc_type, Some("speech"));
    assert_eq!(dates::npc_session_year(10, 1), Some(2003));
    assert_eq!(dates::npc_session_year(14, 4), Some(2026));
    assert_eq!(dates::npc_session_year(5, 3), Some(1980));
    assert_eq!(dates::npc_session_year(1, 1), Some(1954));
    let m = d("各位代表：\n我代表国务院，向第六届全国人民代表大会第一次会议作政府工作报告。\n");
    assert_eq!((m.year, m.level), (Some(1983), Some("national")));
    let m = d(
        "各位代表：\n根据一九八三年六月第六届全国人民代表大会第一次会议的决议，我代表国务院向大会作政府工作报告。\n",
    );
    assert_eq!(m.year, None);
    // A signed summary: the date line at its end; Chinese numerals.
    let m = d("宣传工作总结\n今年以来，我们做了三件事。\n某某局\n二〇二三年十二月二十日\n");
    assert_eq!(
        (m.date.as_deref(), m.doc_type),
        (Some("2023-12-20"), Some("work_summary"))
    );
    let m = d("政府工作报告\n——一九八○年八月三十日在第五届全国人民代表大会第三次会议上\n");
    assert_eq!((m.date.as_deref(), m.year), (Some("1980-08-30"), Some(1980)));
}

#[test]
fn carried_metadata_wins() {
    let base = d("2026年河南省政府工作报告\n——2026年1月26日在河南省第十四届人民代表大会第四次会议上\n");
    let mut m = base.clone();
    apply_carried(
        &mut m,
        [
            ("title", "河南省政府工作报告（全文）"),
            ("year", "2025"),
            ("publish_date", "2026/2/3 10:00"),
        ],
    );
    assert_eq!(m.title.as_deref(), Some("河南省政府工作报告（全文）"));
    assert_eq!((m.year, m.date.as_deref()), (Some(2025), Some("2026-02-03")));
    assert_eq!(
        m.region_code.as_deref(),
        Some("410000"),
        "found values stay where nothing was carried"
    );
    let mut m = base.clone();
    apply_carried(&mut m, [("date", "2026-01-27"), ("publish_date", "2026-02-03")]);
    assert_eq!(m.date.as_deref(), Some("2026-01-27"));
    let mut m = base.clone();
    apply_carried(&mut m, [("province", "湖北省"), ("city", "襄樊")]);
    assert_eq!(
        (m.region.as_deref(), m.region_code.as_deref(), m.level),
        (Some("襄阳市"), Some("420600"), Some("prefecture"))
    );
    let mut m = base.clone();
    apply_carried(&mut m, [("province", "四川")]);
    assert_eq!(
        (m.region.as_deref(), m.region_code.as_deref(), m.level),
        (Some("四川省"), Some("510000"), Some("provincial"))
    );
    let mut m = base.clone();
    apply_carried(&mut m, [("region", "重慶市")]);
    assert_eq!(m.region_code.as_deref(), Some("500000"));
    let mut m = base.clone();
    apply_carried(&mut m, [("city", "朝阳区"), ("province", "北京")]);
    assert_eq!(m.region_code.as_deref(), Some("110105"));
    let mut m = base.clone();
    apply_carried(&mut m, [("region", "全国")]);
    assert_eq!((m.region_code.as_deref(), m.level), (Some("100000"), Some("national")));
    // Not a division: the user's words, nothing derived; a year that does not parse is ignored.
    let mut m = base.clone();
    apply_carried(
        &mut m,
        [("region", "雄安新区"), ("year", "n/a"), ("url", "https://example.org")],
    );
    assert_eq!(
        (m.region.as_deref(), m.region_code, m.level, m.year),
        (Some("雄安新区"), None, None, Some(2026))
    );
}

#[test]
fn gazetteer_is_well_formed() {
    let g = Gazetteer::global();
    assert!(g.len() > 3200);
    for k in 0..g.len() {
        let r = g.region(k);
        if let Some(p) = r.parent {
            let pk = g
                .by_code(p)
                .unwrap_or_else(|| panic!("{} {}: parent {p} missing", r.code, r.name));
            assert!(g.region(pk).level < r.level, "{}", r.name);
        }
    }
    // The changes since the list: 莱芜市 went into 济南市.
    assert!(g.by_code(371200).is_none());
    assert_eq!(g.region(g.by_code(370116).unwrap()).name, "莱芜区");
    let k = g.resolve(g.lookup("莱芜市"), &[], None).unwrap();
    assert_eq!(g.region(k).code, 370100);
}
