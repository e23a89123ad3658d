"""Lines broken inside a sentence are joined (issue 21, item 3), and every indicator carries its
sentence and its span in the ``text`` column (item 7), on the real reports and the seeds.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import gongwen

FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "real"


def _real_docs() -> list[tuple[str, str]]:
    docs = []
    for line in (REAL / "national" / "national_reports.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append((f"national-{d['year']}", d["content"]))
    for path in sorted((REAL / "gov_cn_gbk").glob("*.txt")):
        docs.append((path.name, path.read_bytes().decode("gb18030")))
    for path in sorted((REAL / "provincial_2026").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            docs.extend((path.name, row["full_text"]) for row in csv.DictReader(f))
    return docs


REAL_DOCS = _real_docs()
SEED_DOCS = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "seeds").glob("*.txt"))]


def _joins(text: str) -> list[tuple[int, int, str, str]]:
    return [r for r in gongwen.clean(text).removed if r[2] == "join_line"]


def _doc(name: str) -> str:
    return dict(REAL_DOCS)[name]


def test_link_splits_of_wikisource_are_joined() -> None:
    text = _doc("national-2000")
    cleaned = gongwen.clean(text).text
    for whole in [
        "切实贯彻《会计法》，提高会计信息质量",
        "严格执行《建筑法》、《招标投标法》，建立健全",
        "一是发行1000亿元长期国债",
    ]:
        assert whole in cleaned, whole
    joins = _joins(text)
    # Every join is a line break (with the spaces around it) of the original.
    assert joins and all(t.strip(" \u3000\r\n") == "" and "\n" in t and text[s:e] == t for s, e, _, t in joins)
    # Traditional script: 1954.
    cleaned = gongwen.clean(_doc("national-1954")).text
    assert "在聽了劉少奇同志關於憲法草案的報告並進行了三天的討論以後" in cleaned
    assert "締結了友好同盟互助條約。" in cleaned


def test_joins_per_source() -> None:
    counts = {name: len(_joins(text)) for name, text in REAL_DOCS}
    national = [n for name, n in counts.items() if name.startswith("national-")]
    # Link markup leaves splits in most transcriptions' bodies (its licence footer, whose lines
    # were joined too, is site chrome now: cut before joining).
    assert len(national) == 22 and sum(n > 0 for n in national) >= 18 and sum(national) >= 150, counts
    # Portal and gov.cn pages break lines only at paragraph ends: a handful of joins, all in
    # chrome or a name split by a link (四川: 双向揭榜挂帅).
    assert all(counts[name] <= 8 for name in counts if not name.startswith("national-")), counts
    assert "由技术供给方带团队、带技术揭榜；" in gongwen.clean(_doc("2026_四川省_政府工作报告.csv")).text


def test_headings_and_head_lines_stay_apart() -> None:
    for name, text in REAL_DOCS:
        if not name.endswith(".csv"):
            continue
        cleaned = gongwen.clean(text).text
        lines = cleaned.split("\n")
        # The report's head and every numbered heading keep their own line.
        assert any(line.endswith("次会议上") and len(line) < 50 for line in lines), name
        assert any(line.startswith("各位代表") for line in lines), name
        assert sum(line.startswith(("一、", "二、", "三、")) for line in lines) >= 3, name


def test_crlf_breaks_join_like_lf_breaks() -> None:
    # 2002.txt has CR CR LF line ends: no carriage return reaches the text column.
    doc = gongwen.process_corpus([("2002", _doc("2002.txt"))], keep_text=True)[0]
    assert "\r" not in doc.text
    # A Wikisource report with CRLF line ends is joined as with LF ones, each break whole.
    text = _doc("national-2000")
    crlf = text.replace("\n", "\r\n")
    assert gongwen.clean(crlf).text == gongwen.clean(text).text
    joins = _joins(crlf)
    assert len(joins) == len(_joins(text)) and all(t.strip(" \u3000") == "\r\n" for _, _, _, t in joins)


ALL_DOCS = REAL_DOCS + SEED_DOCS


@pytest.mark.parametrize("convert", [None, "t2s"])
def test_indicators_carry_their_sentence(convert: str | None) -> None:
    corpus = gongwen.process_corpus(ALL_DOCS, keep_text=True, indicators=True, convert=convert)
    checked = 0
    for (name, original), doc in zip(ALL_DOCS, corpus, strict=True):
        text = doc.text
        norm = gongwen.normalize(original, convert=convert) if convert else gongwen.clean(original)
        assert norm.text == text, name
        for i in doc.indicators:
            # Offsets into the original as before, and into the text column.
            assert original[i.start : i.end] == i.raw
            found = text[i.clean_start : i.clean_end]
            assert norm.map.source_range(i.clean_start, i.clean_end) == (i.start, i.end), (name, i)
            # The text column holds the raw figure as cleaning and conversion left it.
            if gongwen.clean(i.raw).text == i.raw and convert is None:
                assert found == i.raw, (name, i)
            # The sentence holds the figure where it is, and is a piece of the text.
            sentence = i.sentence
            at = text.rfind(sentence, 0, i.clean_start + len(sentence))
            assert at != -1 and at <= i.clean_start and i.clean_end <= at + len(sentence), (name, i)
            assert "\n" not in sentence and len(sentence) <= 2 * 160 + 8 + (i.clean_end - i.clean_start)
            checked += 1
    assert checked > 3000  # one copy of each gov.cn scrape (it holds the report six times)


def test_sentence_bounds() -> None:
    text = "各位代表：\n去年经济运行总体平稳。全年地区生产总值增长5.2%，“城镇新增就业120万人。”\n今年力争增长5%左右！"
    found = gongwen.process_corpus([text], keep_text=True, indicators=True)[0].indicators
    assert [(i.raw, i.sentence) for i in found] == [
        ("5.2%", "全年地区生产总值增长5.2%，“城镇新增就业120万人。”"),
        ("120万人", "全年地区生产总值增长5.2%，“城镇新增就业120万人。”"),
        ("5%", "今年力争增长5%左右！"),
    ]
    # A text without punctuation or line breaks: the sentence is cut at clause marks near the
    # bound, or at the bound.
    long = "甲" * 400 + "增长5%" + "乙" * 400
    i = gongwen.process_corpus([long], keep_text=True, indicators=True)[0].indicators[0]
    assert i.sentence == "甲" * 158 + "增长5%" + "乙" * 160
    long = "甲" * 100 + "，" + "甲" * 100 + "增长5%" + "乙" * 100 + "；" + "乙" * 100
    i = gongwen.process_corpus([long], keep_text=True, indicators=True)[0].indicators[0]
    assert i.sentence == "甲" * 100 + "增长5%" + "乙" * 100 + "；"


def test_indicator_table_columns() -> None:
    names = gongwen._core.INDICATOR_COLUMNS
    assert names[names.index("section") + 1 :] == ("sentence", "clean_start", "clean_end")
