"""Indicator scanning (`gongwen.scan_indicators`) against the contract in docs/indicators.md.

The sentences of TARGETS are written in the style of the "主要预期目标" paragraphs of national and
provincial government work reports; every expected field is the contract's reading of it.

The readings of single cue words, units, numbers, dates, bases and lists are the unit tests of the
modules of rust/gongwen-core/src/scan/indicator/ (cargo test -p gongwen-core scan); this file checks
the Python call end to end: the spec's examples, whole sentences and documents, the seeds, the
Indicator object, rule files and bad input.
"""

from __future__ import annotations

import pathlib
import re
from decimal import Decimal

import pytest

import gongwen
from gongwen import Indicator, IndicatorRules, scan_indicators


def one(text: str, **kw: object) -> Indicator:
    found = scan_indicators(text, **kw)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------- the spec's examples


def test_spec_example_count_of_actions() -> None:
    found = scan_indicators("截至6月底,共排查企业123余家")
    assert len(found) == 1  # 6月底 is a date, not an indicator
    i = found[0]
    assert (i.raw, i.metric, i.value, i.unit, i.comparator, i.stance) == (
        "123余家",
        "排查企业",
        123.0,
        "家",
        "ge",
        "actual",
    )


def test_spec_example_target_rate() -> None:
    i = one("力争全年空气质量优良天数比率达99.2%以上")
    assert (i.metric, i.value, i.unit, i.comparator, i.stance) == ("空气质量优良天数比率", 99.2, "%", "ge", "target")


def test_spec_example_traditional_coordinated_figures_with_readings() -> None:
    text = "確保全年糧食穩(wěn)定在26萬畝(mǔ)、11萬噸以上"
    a, b = scan_indicators(text)
    assert (a.raw, a.value, a.unit, a.comparator, a.stance) == ("26萬畝", 260000.0, "亩", "ge", "target")
    assert (b.raw, b.value, b.unit, b.comparator, b.stance) == ("11萬噸", 110000.0, "吨", "ge", "target")
    # Offsets are in the text given; the reading after 畝 is outside the span.
    assert text[a.start : a.end] == "26萬畝"
    assert text[a.end : a.end + 4] == "(mǔ)"


def test_spec_example_range_and_placeholder_and_change() -> None:
    r = one("实现每村培育发展1-2个主导产业")
    assert (r.value, r.value_high, r.unit, r.comparator) == (1.0, 2.0, "个", "range")
    p = one("财政拨款xx万元")
    assert (p.placeholder, p.value, p.unit) == (True, None, "元")
    c = one("2023年地区生产总值增长6%左右")
    assert (c.metric, c.value, c.unit, c.comparator, c.change, c.period) == (
        "地区生产总值",
        6.0,
        "%",
        "approx",
        True,
        "2023",
    )


# ------------------------------------------------------- targets in the style of 主要预期目标

TARGETS = [
    # (sentence, raw, metric, value, value_high, unit, comparator, change)
    ("今年经济社会发展主要预期目标是：国内生产总值增长5%左右。", "5%", "国内生产总值", 5, None, "%", "approx", True),
    ("全省地区生产总值增长6%以上。", "6%", "地区生产总值", 6, None, "%", "ge", True),
    ("地区生产总值预期增长6%－6.5%。", "6%－6.5%", "地区生产总值", 6, 6.5, "%", "range", True),
    ("力争城镇新增就业1200万人以上。", "1200万人", "城镇新增就业", 12_000_000, None, "人", "ge", False),
    ("城镇调查失业率控制在5.5%以内。", "5.5%", "城镇调查失业率", 5.5, None, "%", "le", False),
    ("居民消费价格涨幅3%左右。", "3%", "居民消费价格涨幅", 3, None, "%", "approx", True),
    ("今年粮食产量保持在１．３万亿斤以上。", "１．３万亿斤", "粮食产量", 1.3e12, None, "斤", "ge", False),
    ("预计一般公共预算收入增长５％左右。", "５％", "一般公共预算收入", 5, None, "%", "approx", True),
    ("确保规模以上工业增加值增长7%。", "7%", "规模以上工业增加值", 7, None, "%", "eq", True),
    ("计划完成固定资产投资1,200亿元。", "1,200亿元", "固定资产投资", 1.2e11, None, "元", "eq", False),
    ("力争社会消费品零售总额突破3000亿元。", "3000亿元", "社会消费品零售总额", 3e11, None, "元", "ge", False),
    ("单位国内生产总值能耗降低2.5%左右。", "2.5%", "单位国内生产总值能耗", 2.5, None, "%", "approx", True),
    ("森林覆盖率稳定在67%以上。", "67%", "森林覆盖率", 67, None, "%", "ge", False),
    ("新增高标准农田4.5万亩。", "4.5万亩", "新增高标准农田", 45000, None, "亩", "eq", False),
    ("全年实际利用外资不低于10亿美元。", "10亿美元", "实际利用外资", 1e9, None, "美元", "ge", False),
    ("城乡居民人均可支配收入分别增长6%和8%。", "6%", "城乡居民人均可支配收入", 6, None, "%", "eq", True),
    ("研发经费投入强度提高0.2个百分点。", "0.2个百分点", "研发经费投入强度", 0.2, None, "个百分点", "eq", True),
    ("新建改建农村公路500公里。", "500公里", "新建改建农村公路", 500, None, "公里", "eq", False),
    ("将城市生活垃圾分类覆盖率提高至90%。", "90%", "城市生活垃圾分类覆盖率", 90, None, "%", "eq", False),
    (
        "工程建设项目审批时间压缩至80个工作日以内。",
        "80个工作日",
        "工程建设项目审批时间",
        80,
        None,
        "个工作日",
        "le",
        False,
    ),
    ("培育国家级专精特新企业10~15家。", "10~15家", "培育国家级专精特新企业", 10, 15, "家", "range", False),
    ("新增城镇就业三万二千人。", "三万二千人", "新增城镇就业", 32000, None, "人", "eq", False),
    ("实施重点项目约300个。", "300个", "实施重点项目", 300, None, "个", "approx", False),
    ("PM2.5平均浓度下降到30微克/立方米。", "30微克/立方米", "PM2.5平均浓度", 30, None, "微克/立方米", "eq", False),
    ("城镇调查失业率降至5.5%以内。", "5.5%", "城镇调查失业率", 5.5, None, "%", "le", False),
    ("高新技术企业数量增至1200家。", "1200家", "高新技术企业数量", 1200, None, "家", "eq", False),
    ("数字经济核心产业增加值占比达到10%。", "10%", "数字经济核心产业增加值占比", 10, None, "%", "eq", False),
    ("財政用於民生支出佔比達78%。", "78%", "财政用于民生支出占比", 78, None, "%", "eq", False),
    (
        "數字經濟核心產業增加值佔比提高2個百分點。",
        "2個百分點",
        "数字经济核心产业增加值占比",
        2,
        None,
        "个百分点",
        "eq",
        True,
    ),
]


@pytest.mark.parametrize(("text", "raw", "metric", "value", "high", "unit", "cmp", "change"), TARGETS)
def test_work_report_targets(
    text: str, raw: str, metric: str, value: float, high: float | None, unit: str, cmp: str, change: bool
) -> None:
    i = scan_indicators(text)[0]
    assert i.raw == raw
    assert text[i.start : i.end] == raw
    assert i.metric == metric
    assert i.value == pytest.approx(value)
    assert i.value_high == (pytest.approx(high) if high is not None else None)
    assert (i.unit, i.comparator, i.change) == (unit, cmp, change)


def test_targets_paragraph_sets_every_stance_to_target() -> None:
    text = "".join(t for t, *_ in TARGETS)
    para = "2024年发展的主要预期目标是：" + "；".join(t.rstrip("。") for t, *_ in TARGETS[:6]) + "。"
    assert {i.stance for i in scan_indicators(para)} == {"target"}
    assert len(scan_indicators(text)) >= len(TARGETS)


# ----------------------------------------------------------------------- readings end to end


def test_user_rules_extend_the_comparison_bases(tmp_path: pathlib.Path) -> None:
    text = "污水处理能力较基期提高20%。"
    assert one(text).metric == "污水处理能力较基期"
    p = tmp_path / "bases.tsv"
    p.write_text("base\t基期\tperiod\n", encoding="utf-8")
    assert [i.metric for i in scan_indicators(text, rules=IndicatorRules(p))] == ["污水处理能力"]
    p.write_text("base\t基期\tbefore\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError, match="base"):
        IndicatorRules(p)


def test_change_from_one_figure_to_another() -> None:
    found = scan_indicators("规上工业企业由2020年的350家增加到2023年的520家。")
    # 2023年 is the year of the second figure, not a span of 2023 years.
    assert [(i.raw, i.metric, i.period) for i in found] == [
        ("350家", "规上工业企业", "2020"),
        ("520家", "规上工业企业", "2023"),
    ]
    found = scan_indicators("審批時限由20個工作日壓縮至5個工作日。")
    assert [(i.value, i.unit, i.metric) for i in found] == [(20, "个工作日", "审批时限"), (5, "个工作日", "审批时限")]


def test_respectively_in_unconverted_traditional_text() -> None:
    found = scan_indicators("化學需氧量、氨氮排放量分別下降2.1%和2.5%。", convert=None)
    assert [i.metric for i in found] == ["化學需氧量", "氨氮排放量"]


def test_counts_of_cases_and_visits() -> None:
    found = scan_indicators("今年以来共受理群众来信来访1,520件次，抽检食品1,200批次，走访企業500戶次。")
    assert [(i.value, i.unit, i.metric) for i in found] == [
        (1520, "件次", "受理群众来信来访"),
        (1200, "批次", "抽检食品"),
        (500, "户次", "走访企业"),
    ]


@pytest.mark.parametrize(
    ("text", "stances"),
    [
        # The base of a comparison (比上年, 同比, 较上年) is written in targets as in results: the
        # cue that opens the list, or the section, decides.
        ("今年主要预期目标是：地区生产总值比上年增长6%左右，一般公共预算收入同比增长5%。", ["target"] * 2),
        ("今年主要預期目標是：地區生產總值比上年增長6%左右，城鄉居民收入較上年分別增長6.5%和8%。", ["target"] * 3),
        ("二、2024年工作安排\n全市生产总值比上年增长6%左右。", ["target"]),
        ("财政赤字率拟按3%左右安排，比上年提高0.2个百分点。", ["target"] * 2),
        # A result still reads as one: its own cue (去年, 最终完成), its section, or no cue at all.
        ("去年全市生产总值比上年增长6.1%。", ["actual"]),
        ("全县生产总值同比增长5.2%。", ["actual"]),
        ("一、2023年工作回顾\n全市生产总值比上年增长6.1%。", ["actual"]),
        (
            "增收目标计划为人均纯收入2537元，最终完成人均纯收入为2853元，完成目标任务的112.46%，同比增长了22.39%。",
            ["target", "actual", "actual", "actual"],
        ),
    ],
)
def test_comparison_base_settles_no_stance(text: str, stances: list[str]) -> None:
    assert [i.stance for i in scan_indicators(text)] == stances


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("财政赤字率拟按3%左右安排。", "财政赤字率"),
        ("地方政府专项债券拟安排3.9万亿元。", "地方政府专项债券"),
        ("中央预算内投资拟按照7000亿元安排。", "中央预算内投资"),
    ],
)
def test_planned_allocations_lose_their_verbs(text: str, metric: str) -> None:
    i = one(text)
    assert (i.metric, i.stance) == (metric, "target")


@pytest.mark.parametrize(
    ("text", "metrics", "periods"),
    [
        # A qualifier of a rate names nothing: the rate shares the metric before it.
        (
            "全体居民人均可支配收入45678元，比上年增长5.8%，扣除价格因素，实际增长5.5%。",
            ["全体居民人均可支配收入"] * 3,
            [None] * 3,
        ),
        ("一般公共预算收入完成320.5亿元，同口径增长6.5%。", ["一般公共预算收入"] * 2, [None] * 2),
        ("赤字规模4.06万亿元，比去年年初预算增加1800亿元。", ["赤字规模"] * 2, [None] * 2),
        # The base year of 在…基础上 is no period; the year the target is for is.
        ("到2025年，全市地区生产总值在2020年基础上增长40%左右。", ["地区生产总值"], ["2025"]),
        ("粮食总产量63.5万吨，比上年增产1.2%。", ["粮食总产量"] * 2, [None] * 2),
    ],
)
def test_communique_and_plan_sentences(text: str, metrics: list[str], periods: list[str | None]) -> None:
    found = scan_indicators(text)
    assert [i.metric for i in found] == metrics
    assert [i.period for i in found] == periods
    assert all(i.change for i in found[1:])


def test_a_budget_arranged_is_a_target() -> None:
    assert {i.stance for i in scan_indicators("2024年，市级预算安排教育支出56.7亿元，增长8.2%。")} == {"target"}


def test_plan_section_makes_unmarked_numbers_targets() -> None:
    text = "一、2022年工作总结\n全年新建道路12公里。\n二、2023年工作计划\n新建道路15公里。\n"
    a, b = scan_indicators(text)
    assert (a.value, a.stance) == (12, "actual")
    assert (b.value, b.stance) == (15, "target")
    assert b.section is not None and "工作计划" in b.section


# ------------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds(seed_docs: list[tuple[str, str]]) -> dict[str, str]:
    """Seed texts by their number: "000" ... "004"."""
    return {name[:3]: text for name, text in seed_docs}


def test_seed_003_targets(seeds: dict[str, str]) -> None:
    text = seeds["003"]
    found = {i.raw: i for i in scan_indicators(text)}
    assert found["6.6万亩"].metric == "耕地保有量"
    assert (found["6.6万亩"].value, found["6.6万亩"].comparator, found["6.6万亩"].stance) == (66000, "ge", "target")
    assert (found["99.2%"].comparator, found["99.2%"].stance) == ("ge", "target")
    assert found["2500吨"].stance == "target"
    assert found["700亩"].metric == "新增耕地面积"


def test_seed_000_rectification_rate(seeds: dict[str, str]) -> None:
    found = scan_indicators(seeds["000"])
    rate = [i for i in found if i.raw == "88.5%"]
    assert rate and rate[0].metric == "整改率" and rate[0].stance == "actual"
    text = seeds["000"]
    for i in found:
        assert text[i.start : i.end] == i.raw
        assert "(" not in i.raw  # no reading inside a span


def test_seed_counts_and_fields(seeds: dict[str, str]) -> None:
    per_doc = {k: scan_indicators(v) for k, v in seeds.items()}
    assert all(len(v) > 10 for v in per_doc.values())
    everything = [i for v in per_doc.values() for i in v]
    with_metric = sum(i.metric is not None for i in everything) / len(everything)
    assert with_metric > 0.9
    assert any(i.placeholder for i in per_doc["002"])
    assert {i.stance for i in per_doc["002"]} == {"target", "actual"}


def test_scaled_values_are_exactly_the_decimals_written(seeds: dict[str, str]) -> None:
    """A value with a scale (392.28万元) is the decimal written, correctly rounded, as Python's
    Decimal computes it: not the binary product 392.28 * 1e4 = 3922799.9999999995."""
    scales = {"十": 1, "百": 2, "千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8}
    # A scale character that starts a unit (千米, 千克, 千瓦) is the unit's.
    number = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十百千万萬亿億]+)(?![米克瓦])")
    checked = inexact = 0
    for text in seeds.values():
        for i in scan_indicators(text):
            m = number.match(i.raw)
            if m is None or i.comparator == "range":
                continue
            exponent = sum(scales[c] for c in m.group(2))
            expected = float(Decimal(m.group(1)).scaleb(exponent))
            assert i.value == expected, i
            checked += 1
            inexact += float(m.group(1)) * 10**exponent != expected
    # The seeds have such values, some of which a binary product gets wrong.
    assert checked > 100 and inexact > 3, (checked, inexact)
    assert one("实际使用外资18.6亿美元").value == 1_860_000_000.0


def test_batch_equals_one_by_one(seeds: dict[str, str]) -> None:
    texts = list(seeds.values())
    assert gongwen.scan_indicators_batch(texts, threads=2) == [scan_indicators(t) for t in texts]


# --------------------------------------------------------------------------- object and rules


def test_indicator_is_immutable_and_readable() -> None:
    i = one("整改率88.5%")
    with pytest.raises(AttributeError):
        i.value = 1.0  # type: ignore[misc]
    d = i.to_dict()
    assert list(d) == [
        "start",
        "end",
        "raw",
        "metric",
        "value",
        "value_high",
        "unit",
        "comparator",
        "stance",
        "change",
        "placeholder",
        "period",
        "section",
        "sentence",
        "clean_start",
        "clean_end",
    ]
    assert d["raw"] == "88.5%"
    assert repr(i).startswith("Indicator(raw='88.5%', metric='整改率', value=88.5")


def test_user_rules_extend_the_tables(tmp_path: pathlib.Path) -> None:
    p = tmp_path / "mine.tsv"
    p.write_text("# mine\nunit\t孔\t孔\n", encoding="utf-8")
    assert scan_indicators("新钻探3孔。") == []
    rules = IndicatorRules(p)
    assert len(rules) == len(IndicatorRules()) + 1
    assert [i.unit for i in scan_indicators("新钻探3孔。", rules=rules)] == ["孔"]
    assert len(IndicatorRules(p, extend_default=False)) == 1


def test_bad_rules_name_file_and_line(tmp_path: pathlib.Path) -> None:
    p = tmp_path / "bad.tsv"
    p.write_text("unit\t口井\t口井\nstance\t必将\tmaybe\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError, match=r"bad\.tsv.*2"):
        IndicatorRules(p)


def test_rule_file_with_a_byte_order_mark(tmp_path: pathlib.Path) -> None:
    # Notepad and Excel write a BOM; the segmenter's user dictionaries accepted it, IndicatorRules did not.
    plain, bom = tmp_path / "plain.tsv", tmp_path / "bom.tsv"
    for first in ("unit\t孔\t孔\n", "# mine\nunit\t孔\t孔\n"):
        plain.write_text(first + "stance\t务求\ttarget\n", encoding="utf-8")
        bom.write_text(first + "stance\t务求\ttarget\n", encoding="utf-8-sig")
        assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
        for extend in (True, False):
            assert len(IndicatorRules(bom, extend_default=extend)) == len(IndicatorRules(plain, extend_default=extend))
        text = "务求新钻探3孔。"
        found = scan_indicators(text, rules=IndicatorRules(bom))
        assert found == scan_indicators(text, rules=IndicatorRules(plain))
        assert [(i.unit, i.stance) for i in found] == [("孔", "target")]


def test_rule_file_not_utf8_names_file_and_line(tmp_path: pathlib.Path) -> None:
    # A bare OSError without a line before.
    p = tmp_path / "gbk.tsv"
    p.write_bytes("unit\t孔\t孔\n# 注释\n".encode() + "unit\t口井\t口井\n".encode("gbk"))
    for extend in (True, False):
        with pytest.raises(gongwen.DictionaryError, match=r"gbk\.tsv at line 3: not valid UTF-8"):
            IndicatorRules(p, extend_default=extend)
    p.write_text("unit\t孔\t孔\n", encoding="utf-16")
    with pytest.raises(gongwen.DictionaryError, match=r"line 1: .*UTF-16"):
        IndicatorRules(p)
    with pytest.raises(FileNotFoundError, match="missing"):
        IndicatorRules(tmp_path / "missing.tsv")


def test_large_rule_table(tmp_path: pathlib.Path, seeds: dict[str, str]) -> None:
    # 32,000 entries took 5.7 s to load (13.6 s when many words share a first character: each word was
    # put into a sorted list after a linear search). benches/python/report_tables.py shows the growth.
    # Units of two to four Han characters of the seeds, many sharing their first character; the later
    # entry for a word wins; the longest unit at a place wins.
    chars = sorted({c for text in seeds.values() for c in text if "\u4e00" <= c <= "\u9fff"})
    assert len(chars) > 2000
    words = [f"个{chars[i % 2000]}{chars[i // 2000]}" for i in range(16_000)]
    words += [f"{chars[i % 1000]}{chars[(i * 7) % 2000]}" for i in range(16_000)]
    lines = [f"unit\t{w}\tU{i}" for i, w in enumerate(words)]
    p = tmp_path / "big.tsv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = IndicatorRules(p, extend_default=False)
    assert len(rules) == 32_000
    canonical = {}
    for i, w in enumerate(words):
        canonical[w] = f"U{i}"
    for w in [words[0], words[7_999], words[15_999], words[16_000], words[31_999]]:
        [found] = scan_indicators(f"新增3{w}。", rules=rules, convert=None)
        assert (found.raw, found.unit) == (f"3{w}", canonical[w]), w
    # 个 + two characters beats any shorter unit starting with 个 at the same place.
    p.write_text("\n".join([*lines, "unit\t个\t个"]) + "\n", encoding="utf-8")
    rules = IndicatorRules(p, extend_default=False)
    [found] = scan_indicators(f"新增3{words[42]}。", rules=rules, convert=None)
    assert found.unit == "U42"
    [found] = scan_indicators("新增3个。", rules=rules, convert=None)
    assert found.unit == "个"


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1e999个",
        "9" * 10_000 + "个",
        "增长" + "9" * 400 + ".5%",
        "xx(xx(xx万元))",
        "x.x.x.x万元" * 100,
        "、" * 5000 + "1个",
        "\x00\ud7ff\U0010ffff 12个",
    ],
)
def test_bad_input_never_panics(text: str) -> None:
    for i in scan_indicators(text):
        assert i.value is None or i.value == i.value  # not NaN
        assert 0 <= i.start < i.end <= len(text)


# ------------------------------------------------------------------- Traditional forms of the tables


@pytest.mark.parametrize(
    "simplified",
    [
        # 与 marks a base only before 相比; 相较 closes one; 基础 and 为基数 make a year a base.
        "2023年与2024年全市生产总值分别增长5%和6%。",
        "2023年全市GDP同2022年相较增长6%。",
        "到2035年，地区生产总值在2020年基础上翻一番，达到1.5万亿元。",
        "地区生产总值以2020年为基数增长40%。",
        # 为 after a change verb makes a level.
        "主要污染物排放量增加为500吨。",
        # 与 separates the metrics named before 分别.
        "城镇与农村居民收入分别增长5%和6%。",
    ],
)
def test_traditional_text_unconverted_reads_as_the_simplified(simplified: str) -> None:
    # The words of the tables get their Traditional forms (與, 相較, 基礎, 為基數, 為), the cue words
    # the scanner once held in its code included: text scanned without conversion reads alike.
    traditional = gongwen.convert(simplified, "s2t")
    assert traditional != simplified

    # The metric is left out: the segmenter (a Simplified dictionary) cuts unconverted Traditional
    # text otherwise; the Rust test traditional_text_reads_as_the_simplified compares metrics too,
    # without a segmenter.
    def fields(text: str) -> list[tuple[object, ...]]:
        found = scan_indicators(text, convert=None)
        return [(i.value, i.unit, i.comparator, i.stance, i.change, i.period) for i in found]

    assert fields(traditional) == fields(simplified) != []
