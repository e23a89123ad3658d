"""Indicator scanning (`gongwen.scan_indicators`) against the contract in shared/spec/indicators.md.

The sentences of TARGETS are written in the style of the "主要预期目标" paragraphs of national and
provincial government work reports; every expected field is the contract's reading of it.
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


def test_figures_without_a_metric_share_the_one_before() -> None:
    plan, done = scan_indicators("2022年度计划投资4.53亿元，已完成3.5亿元。")
    assert (plan.metric, plan.stance, plan.period) == ("投资", "target", "2022")
    assert (done.metric, done.stance, done.value) == ("投资", "actual", 3.5e8)
    found = scan_indicators("突发严重困难户18户55人（2户6人已消除风险）。")
    assert [(i.raw, i.metric) for i in found] == [
        ("18户", "突发严重困难户"),
        ("55人", "突发严重困难户"),
        ("2户", "突发严重困难户"),
        ("6人", "突发严重困难户"),
    ]


def test_second_figure_of_a_pair_is_found_too() -> None:
    found = scan_indicators("城乡居民人均可支配收入分别增长6%和8%。")
    assert [(i.raw, i.comparator) for i in found] == [("6%", "eq"), ("8%", "eq")]


# ------------------------------------------------------------------------------ what is not one


@pytest.mark.parametrize(
    "text",
    [
        "2024年6月底，10月份，3日，上半年，2022年度",
        "排名第3位，第七名，第13个",
        "1. (1) （一） 一是 1、",
        "〔2021〕41号，（2021版），第5期",
        "五年来，近3年，24小时值班",
        "拨打12345热线，5G基站，版本2.0",
        "xx市XX区，xxxx年x月xx日",
        "两个维护，三大攻坚战，十分重视，千方百计",
        "市x届人大常委会，十四届全国人大二次会议",
    ],
)
def test_not_indicators(text: str) -> None:
    assert scan_indicators(text) == []


def test_durations_count_only_as_values_of_a_metric() -> None:
    assert [i.raw for i in scan_indicators("办理时限压缩至3个工作日。")] == ["3个工作日"]
    assert scan_indicators("近3年来，连续5年获评。") == []
    # A cue that is also the comparator's word (达到) still makes the span a value.
    assert [(i.raw, i.metric) for i in scan_indicators("不动产登记办理时间达到3个工作日。")] == [
        ("3个工作日", "不动产登记办理时间")
    ]
    found = scan_indicators("工程建设项目审批时间壓減至60個工作日。")
    assert [(i.raw, i.metric, i.change) for i in found] == [("60個工作日", "工程建设项目审批时间", False)]
    assert scan_indicators("连续24小时值班，制定3年行动计划。") == []


# ------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("完成1.2亿元", 1.2e8, "元"),
        ("出动三百余人", 300, "人"),
        ("造林五万亩", 50000, "亩"),
        ("建成十二个", 12, "个"),
        ("增长百分之五", 5, "%"),
        ("面积６．６万亩", 66000, "亩"),
        ("投资1,234,567元", 1234567, "元"),
        ("新增3千米", 3, "公里"),
        ("面积120㎡", 120, "平方米"),
        ("收购2千克", 2, "公斤"),
        ("服务x.xx万人次", None, "人次"),
        ("开工率xxx%", None, "%"),
        ("兩千多個", 2000, "个"),
        ("增长百分之六点五", 6.5, "%"),
        ("增長百分之五點二", 5.2, "%"),
        ("完成投资三点五亿元", 350_000_000, "元"),
        ("排查企业百余家", 100, "家"),
        ("發放資料萬餘份", 10_000, "份"),
    ],
)
def test_numbers_in_every_form(text: str, value: float | None, unit: str) -> None:
    i = one(text)
    assert i.unit == unit
    assert i.value == (pytest.approx(value) if value is not None else None)
    assert i.placeholder == (value is None)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("较2022年末增加1.2万户。", None),
        ("比2020年增长12%。", None),
        ("较去年同期增长8%。", None),
        ("全县户籍人口较上年增加0.3万人。", "户籍人口"),
        ("全縣戶籍人口較上年末增加0.3萬人。", "户籍人口"),
        ("一般公共预算收入同比增长7%。", "一般公共预算收入"),
        ("社会消费品零售总额环比增长2%。", "社会消费品零售总额"),
        ("全市居民人均可支配收入較上一年增長5%。", "居民人均可支配收入"),
        ("營業收入相較於上年同期增長5%。", "营业收入"),
    ],
)
def test_comparison_base_is_no_part_of_the_metric(text: str, metric: str | None) -> None:
    i = one(text)
    assert (i.metric, i.change) == (metric, True)


def test_user_rules_extend_the_comparison_bases(tmp_path: pathlib.Path) -> None:
    text = "污水处理能力较基期提高20%。"
    assert one(text).metric == "污水处理能力较基期"
    p = tmp_path / "bases.tsv"
    p.write_text("base\t基期\tperiod\n", encoding="utf-8")
    assert [i.metric for i in scan_indicators(text, rules=IndicatorRules(p))] == ["污水处理能力"]
    p.write_text("base\t基期\tbefore\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError, match="base"):
        IndicatorRules(p)


def test_totals_lose_their_verb_of_existence() -> None:
    assert [i.metric for i in scan_indicators("全市共有各类市场主体52.3万户，现有幼儿园64所。")] == [
        "市场主体",
        "幼儿园",
    ]
    assert one("全市共有A級旅遊景區25家。").metric == "A级旅游景区"


def test_plan_named_as_a_noun_is_no_target_cue() -> None:
    found = scan_indicators("城镇新增就业4.5万人，完成年度目标的112%。累计完成投资56.8亿元，占年度计划的105.2%。")
    assert [i.stance for i in found] == ["actual"] * 4
    assert [i.stance for i in scan_indicators("计划新建学校3所，确保完成年度目标的100%。")] == ["target"] * 2
    assert [i.stance for i in scan_indicators("最終完成人均純收入為2853元，完成目標任務的112.46%。")] == ["actual"] * 2


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # The target named as what was completed: a result.
        ("全面完成省下达的节能减排目标任务，化学需氧量排放量下降2.1%。", "actual"),
        ("圓滿完成年度目標任務，糧食產量達到50萬噸。", "actual"),
        # 需 inside 需氧量 is no cue of a plan.
        ("化学需氧量排放量下降2%。", "actual"),
        # The targets announced, or the completion promised.
        ("今年的主要目标任务是：地区生产总值增长6%左右。", "target"),
        ("确保全面完成全年目标任务，地区生产总值增长6%左右。", "target"),
    ],
)
def test_completed_targets_are_results(text: str, stance: str) -> None:
    assert one(text).stance == stance


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("上半年完成固定资产投资45.6亿元，完成年度目标的52%。", ["固定资产投资", "年度目标"]),
        ("累計完成投資78.9億元，佔年度計劃的95.2%。", ["投资", "占年度计划"]),
        ("目前已检查企业66家，完成了执法计划的95%。", ["检查企业", "执法计划"]),
        # 计划 before the number is still a cue word, not part of what is measured.
        ("地区生产总值计划增长6%。", ["地区生产总值"]),
    ],
)
def test_a_share_keeps_the_whole_it_is_a_share_of(text: str, metrics: list[str]) -> None:
    assert [i.metric for i in scan_indicators(text)] == metrics


def test_change_from_one_figure_to_another() -> None:
    found = scan_indicators("规上工业企业由2020年的350家增加到2023年的520家。")
    # 2023年 is the year of the second figure, not a span of 2023 years.
    assert [(i.raw, i.metric, i.period) for i in found] == [
        ("350家", "规上工业企业", "2020"),
        ("520家", "规上工业企业", "2023"),
    ]
    found = scan_indicators("審批時限由20個工作日壓縮至5個工作日。")
    assert [(i.value, i.unit, i.metric) for i in found] == [(20, "个工作日", "审批时限"), (5, "个工作日", "审批时限")]


@pytest.mark.parametrize(
    ("text", "metric", "change"),
    [
        # A change verb, then only links and comparators, then the number.
        ("营业收入同比增长了约5%。", "营业收入", True),
        ("城镇居民人均可支配收入增長6.5%。", "城镇居民人均可支配收入", True),
        # A rate noun, then links: 为 does not make it a level.
        ("一般公共预算收入增长率为5%。", "一般公共预算收入增长率", True),
        ("能耗下降幅度为3%。", "能耗下降幅度", True),
        # A level reached.
        ("主要污染物排放量增加为500吨。", "主要污染物排放量", False),
        # A verb with its object, then a count: a flow, as 新增 is.
        ("全年改造提升老旧小区12个。", "改造提升老旧小区", False),
        ("開展水質提升等8個固定資產投資審計項目。", "固定资产投资", False),
        # A compound whose last verb is 提升 names works done (改造提升 = renovate).
        ("村级活动场所改造提升28个。", "村级活动场所改造提升", False),
    ],
)
def test_change_needs_the_verb_next_to_its_number(text: str, metric: str, change: bool) -> None:
    i = one(text)
    assert (i.metric, i.change) == (metric, change)


@pytest.mark.parametrize(
    ("text", "metric", "comparator"),
    [
        ("城乡低保标准提高至每人每月800元。", "城乡低保标准", "eq"),
        ("农村低保标准提高到每人每年6000元以上。", "农村低保标准", "ge"),
        ("高標準農田建設補助提高到每畝1500元。", "高标准农田建设补助", "eq"),
        # 每 before a numeral names a ratio's base, part of the metric.
        ("每万人口拥有执业医师数达到3.2人。", "每万人口拥有执业医师数", "eq"),
    ],
)
def test_what_a_level_is_per_is_no_part_of_the_metric(text: str, metric: str, comparator: str) -> None:
    i = one(text)
    assert (i.metric, i.comparator, i.change) == (metric, comparator, False)


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "城镇常住居民人均可支配收入达到45218元，农村常住居民人均可支配收入达到21356元，分别增长5.1%和7.3%。",
            ["城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"] * 2,
        ),
        ("全年接待游客2800萬人次，實現旅遊總收入310億元，分別增長15%和18%。", ["接待游客", "旅游总收入"] * 2),
        ("化学需氧量、氨氮排放量分别下降2.1%和2.5%。", ["化学需氧量", "氨氮排放量"]),
        ("全市有幼儿园12所、小学8所，分别比上年增加2所和1所。", ["幼儿园", "小学"] * 2),
        # One metric for the list: each figure keeps it.
        ("城乡居民收入分别增长5%和6%。", ["城乡居民收入"] * 2),
    ],
)
def test_respectively_gives_each_figure_its_own_metric(text: str, metrics: list[str]) -> None:
    assert [i.metric for i in scan_indicators(text)] == metrics


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


def test_an_age_is_a_value_only_after_a_verb() -> None:
    found = scan_indicators("人均预期寿命达到79.2岁，比上年提高0.5歲；平均年龄为45岁。")
    assert [(i.value, i.unit, i.metric, i.change) for i in found] == [
        (79.2, "岁", "人均预期寿命", False),
        (0.5, "岁", "人均预期寿命", True),
        (45, "岁", "平均年龄", False),
    ]
    # An age bound before a noun names a group of people; 年满 is no verb of a value.
    found = scan_indicators("全市60岁以上老年人口达到25万人，为3岁以下婴幼儿提供托位1200个，年满18周岁的居民参保。")
    assert [i.raw for i in found] == ["25万人", "1200个"]
    assert one("人均预期寿命提高到79岁以上。").comparator == "ge"
    # 预期 in 预期寿命 (life expectancy) is no cue of a target.
    assert one("人均预期寿命达到79.5岁。").stance == "actual"


def test_a_scale_alone_with_more_than() -> None:
    assert [(i.raw, i.value, i.comparator) for i in scan_indicators("组织志愿者千余人，投入资金万多元。")] == [
        ("千余人", 1000, "ge"),
        ("万多元", 10_000, "ge"),
    ]
    # Without 余/多 a scale is no figure: 千人计划 is a name, 百年 no span of a metric.
    assert [i.raw for i in scan_indicators("具有百年历史的千人计划专家5人。")] == ["5人"]


def test_rate_of_change_takes_the_metric_of_its_sentence() -> None:
    total, rate = scan_indicators("全年全市生產總值達到2,845億元，按可比價格計算，比上年增長6.1%。")
    assert (rate.metric, rate.change, rate.value) == ("生产总值", True, 6.1)
    assert total.metric == "生产总值"


def test_noun_after_the_unit_stops_at_the_next_figure() -> None:
    size, count = scan_indicators("收缴50公斤液化气瓶7个。")
    assert (size.metric, count.metric) == ("收缴液化气瓶", "液化气瓶")


def test_period_is_the_year_of_the_sentence_only() -> None:
    a, b = scan_indicators("2022年完成投资5亿元。今年计划投资6亿元。")
    assert (a.period, a.stance) == ("2022", "actual")
    assert (b.period, b.stance) == (None, "target")
    assert one("xxxx年完成投资5亿元。").period is None


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
    ("text", "raw", "comparator"),
    [
        ("PM2.5年均浓度降至每立方米30微克以下。", "30微克", "le"),
        ("細顆粒物平均濃度控制在每立方米不超過35微克。", "35微克", "le"),
        ("细颗粒物平均浓度下降到32微克/立方米。", "32微克/立方米", "eq"),
    ],
)
def test_a_measure_per_unit_written_before_the_figure(text: str, raw: str, comparator: str) -> None:
    i = one(text)
    assert (i.raw, i.unit, i.comparator) == (raw, "微克/立方米", comparator)
    assert i.metric is not None and i.metric.endswith(("浓度", "濃度")) and "每" not in i.metric


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit", "comparator"),
    [
        ("逾百万人次参与志愿服务活动。", "百万人次", 1e6, "人次", "ge"),
        ("全年接待游客突破千万人次。", "千万人次", 1e7, "人次", "ge"),
        ("引进企业近百家。", "百家", 100, "家", "approx"),
        ("带动就业上千人。", "千人", 1000, "人", "ge"),
        ("完成投资百余万元。", "百余万元", 1e6, "元", "ge"),
        ("營業收入逾百億元。", "百億元", 1e10, "元", "ge"),
    ],
)
def test_a_scale_alone_with_a_bound_is_a_figure(text: str, raw: str, value: float, unit: str, comparator: str) -> None:
    i = one(text)
    assert (i.raw, i.value, i.unit, i.comparator) == (raw, value, unit, comparator)


def test_a_scale_alone_without_a_bound_names_a_class() -> None:
    assert scan_indicators("打造千亿元产业集群。") == []
    assert [i.raw for i in scan_indicators("新增招引亿元以上企业5家。")] == ["5家"]


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("发放贷款123万笔。", "123万笔", "笔"),
        ("投放鱼苗200万尾。", "200万尾", "尾"),
        ("月工资标准提高到２２００元／月。", "２２００元／月", "元/月"),
        ("补助标准为800元/人/年。", "800元/人/年", "元/人/年"),
    ],
)
def test_more_units(text: str, raw: str, unit: str) -> None:
    i = one(text)
    assert (i.raw, i.unit) == (raw, unit)


@pytest.mark.parametrize(
    ("text", "periods", "metric"),
    [
        ("2023年全市地区生产总值较2020年增长20.5%。", ["2023"], "地区生产总值"),
        ("2023年全市GDP与2022年相比增长6%。", ["2023"], "GDP"),
        ("截至2023年11月底，全市市场主体较2022年同期增长15%。", ["2023"], "市场主体"),
        # 由 starts a change: its year is the first figure's own.
        ("企业数量由2020年的350家增加到2023年的520家。", ["2020", "2023"], "企业数量"),
    ],
)
def test_the_base_year_of_a_comparison_is_no_period(text: str, periods: list[str], metric: str) -> None:
    found = scan_indicators(text)
    assert [i.period for i in found] == periods
    assert found[0].metric == metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # The segmenter cuts 老年人/口, 供水管/道, 充电/桩: a measure word after a noun is its
        # last character; after a numeral it goes.
        ("全市60岁以上老年人口达到25万人。", "老年人口"),
        ("全年铺设供水管道12公里。", "铺设供水管道"),
        ("新增公共充电桩1200个。", "新增公共充电桩"),
        # What a figure is per stays (亩均 is 亩/均 to the segmenter, and 均 a link word).
        ("亩均税收达到12万元。", "亩均税收"),
        ("全县村均集体经济收入达到15万元。", "村均集体经济收入"),
    ],
)
def test_metric_keeps_the_last_and_first_characters_of_its_nouns(text: str, metric: str) -> None:
    assert one(text).metric.endswith(metric)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "2023年全市规模以上工业增加值、固定资产投资、社会消费品零售总额分别增长6.2%、8.5%和7.1%。",
            ["规模以上工业增加值", "固定资产投资", "社会消费品零售总额"],
        ),
        ("安全生产事故起数和死亡人数分别下降10%和15%。", ["安全生产事故起数", "死亡人数"]),
        ("确保全年安全生产事故起数和死亡人数同比分别下降10%和15%以上。", ["安全生产事故起数", "死亡人数"]),
        ("全市一般公共预算收入和税收收入分别完成12.5亿元和9.8亿元。", ["一般公共预算收入", "税收收入"]),
    ],
)
def test_respectively_with_long_lists_and_conjunctions(text: str, metrics: list[str]) -> None:
    assert [i.metric for i in scan_indicators(text)] == metrics


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("财政收入约增长5%。", "approx"),
        ("開展培訓至少達到3次。", "ge"),
        ("全年降水量不足300毫米。", "le"),
        ("全年地区生产总值增长5%。", "eq"),
    ],
)
def test_comparator_before_the_verb(text: str, comparator: str) -> None:
    assert one(text).comparator == comparator


def test_a_span_of_years_in_a_narrative_is_no_figure() -> None:
    assert [i.raw for i in scan_indicators("全年城镇调查失业率为3.2%，为近23年新低。")] == ["3.2%"]
    assert scan_indicators("經濟增速為近十年最好水準。") == []


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # A level held (稳定在, 保持在) is written in results and targets alike.
        ("截至2023年底，全县耕地保有量稳定在45万亩以上。", "actual"),
        ("森林覆盖率稳定在67%以上。", "actual"),
        ("今年全市主要预期目标：森林覆盖率稳定在67%以上。", "target"),
        # 要求, 需要, 计划 as nouns; 已将 reports.
        ("按照上级要求，全年完成隐患整改120处。", "actual"),
        ("根据需要，全年调配救灾物资1200件。", "actual"),
        ("目前已将低保标准提高至650元。", "actual"),
        ("全年計劃內項目完成投資12億元。", "actual"),
        ("經濟成長率預估為3.2%。", "target"),
    ],
)
def test_stance_cues_as_words(text: str, stance: str) -> None:
    assert one(text).stance == stance


def test_growth_verbs_of_traditional_reports() -> None:
    a, b = scan_indicators("出口值較去年同期成長15.2%，營收衰退8%。")
    assert (a.metric, a.change, b.metric, b.change) == ("出口值", True, "营收", True)
    assert one("經濟成長率預估為3.2%。").metric == "经济成长率"


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("出生率为千分之六点二。", "千分之六点二", 6.2, "‰"),
        # Text extracted from PDFs: a space between number and unit, or before the scale.
        ("全年接待游客3200 人次。", "3200 人次", 3200, "人次"),
        ("實現產值１２　億元。", "１２　億元", 1.2e9, "元"),
    ],
)
def test_per_mille_and_spaced_units(text: str, raw: str, value: float, unit: str) -> None:
    i = one(text)
    assert (i.raw, i.value, i.unit) == (raw, value, unit)
    assert text[i.start : i.end] == raw


def test_a_spaced_ordinal_is_no_figure() -> None:
    assert scan_indicators("在全省考核中获得第 3 名。") == []


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # A quote or bracket whose partner lies outside the metric goes.
        ("全年“三公”经费支出下降5%。", "三公经费支出"),
        ("投放“食安封签”19万张。", "投放食安封签"),
        # Dates and list numbers at the start go (the segmenter tags digits `eng`).
        ("全县2023年共举办培训班12期。", "举办培训班"),
        ("1.全年共建成美丽乡村示范村15个。", "建成美丽乡村示范村"),
        ("截至11月份现有农村低保户55户。", "农村低保户"),
        ("近3年累计投入资金12亿元。", "投入资金"),
        ("项目年产值可达5亿元。", "项目年产值"),
    ],
)
def test_metric_edges(text: str, metric: str) -> None:
    assert one(text).metric == metric


def test_cues_inside_quotes_are_names_not_stances() -> None:
    text = "树立了“管行业就要管垃圾分类”的工作理念，组建了1200人的督导员队伍。"
    assert one(text).stance == "actual"
    assert one("印发《2024年工作计划》，全年共开展培训12期。").stance == "actual"
    # Outside the quotes the cue counts.
    assert one("力争“个转企”企业达到120家。").stance == "target"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("全年地区生产总值增长6.5%，高于全国1.3个百分点。", "地区生产总值"),
        ("全县生产总值同比增长5.2%，比全省平均高0.4个百分点。", "生产总值"),
        ("城镇化率达到65.2%，較全省高3個百分點。", "城镇化率"),
        ("居民人均可支配收入增长5.6%，快于经济增长0.3个百分点。", "居民人均可支配收入"),
        # 与 marks a base only before 相比.
        ("积极参与全区试点活动5个。", "积极参与全区试点活动"),
    ],
)
def test_a_gap_to_a_peer_takes_the_metric_compared(text: str, metric: str) -> None:
    assert scan_indicators(text)[-1].metric == metric


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


def test_a_year_after_yu_is_a_base_only_before_xiangbi() -> None:
    # 与 joins two periods here; each figure's year is the nearest before it.
    found = scan_indicators("2023年与2024年全市生产总值分别增长5%和6%。")
    assert [i.period for i in found] == ["2024", "2024"]


def test_a_year_after_zai_is_the_period_unless_it_is_a_base() -> None:
    assert one("全镇在2020年的文明创建工作中，先后有2名同志获评好人。").period == "2020"
    assert one("到2035年，地区生产总值在2020年基础上翻一番，达到1.5万亿元。").period == "2035"


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


def test_huge_digit_runs_are_not_quantities() -> None:
    assert scan_indicators("9" * 10_000 + "个") == []
    # Not Chinese notation: 999 glued to a Latin letter is read as a code, like G318 or 5G.
    assert scan_indicators("1e999个") == []
    assert [i.value for i in scan_indicators("1" + "0" * 17 + "元")] == [1e17]
