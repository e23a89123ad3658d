"""Document metadata found in the text (the core's describe stage): title, date, year, region,
region_code, level and doc_type on every Document and as documents-table columns, on the real
reports of tests/fixtures/real and on the seeds, in both scripts (OpenCC as the oracle)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import opencc
import pytest

from gongwen import Pipeline
from gongwen.tables import documents_table

REAL = Path(__file__).parent / "fixtures" / "real"
COLUMNS = ["title", "date", "year", "region", "region_code", "level", "doc_type"]
NATIONAL = ("中华人民共和国", "100000", "national")


def real_reports() -> list[tuple[str, str, int, tuple[str, str, str], str | None]]:
    """(id, text, year, (region, code, level), title or None) of every real report."""
    out: list[tuple[str, str, int, tuple[str, str, str], str | None]] = []
    for line in (REAL / "national" / "national_reports.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append((f"national-{d['year']}", d["content"], d["year"], NATIONAL, None))
    for y in (1980, 1995, 2002):
        text = (REAL / "gov_cn_gbk" / f"{y}.txt").read_bytes().decode("gb18030")
        out.append((f"gov.cn-{y}", text, y, NATIONAL, f"{y}年国务院政府工作报告"))
    codes = {"四川省": "510000", "河南省": "410000", "重庆市": "500000"}
    csv.field_size_limit(10**9)
    for path in sorted((REAL / "provincial_2026").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                place = (row["province"], codes[row["province"]], "provincial")
                out.append((row["province"], row["full_text"], int(row["year"]), place, row["title"]))
    return out


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, str, int, tuple[str, str, str], str | None]]:
    return real_reports()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(indicators=False, threads=2)


def test_every_real_report_has_its_region_and_no_wrong_year(pipeline: Pipeline, reports: list) -> None:
    docs = pipeline.run_texts([r[0] for r in reports], [r[1] for r in reports])
    missing = []
    for (name, _, year, place, title), doc in zip(reports, docs):
        assert (doc.region, doc.region_code, doc.level) == place, name
        assert doc.doc_type == "government_work_report", name
        assert doc.year in (year, None), f"{name}: year {doc.year}"
        if doc.year is None:
            missing.append(name)
        assert doc.title == title, name
        if title is not None:
            assert doc.date is not None and doc.date.startswith(str(year)), name
    # Six titleless Wikisource texts name their year nowhere clearly: unknown, not guessed.
    assert len(missing) == 6, missing


def test_columns_follow_n_indicators(pipeline: Pipeline, reports: list) -> None:
    sample = [next(r for r in reports if r[0] == name) for name in ("河南省", "gov.cn-1995")]
    docs = pipeline.run_texts([r[0] for r in sample], [r[1] for r in sample])
    table = documents_table(docs)
    names = table.column_names
    at = names.index("n_indicators")
    assert names[at + 1 : at + 8] == COLUMNS
    rows = table.select(COLUMNS).to_pylist()
    assert rows[0] == {
        "title": "2026年河南省政府工作报告",
        "date": "2026-01-26",
        "year": 2026,
        "region": "河南省",
        "region_code": "410000",
        "level": "provincial",
        "doc_type": "government_work_report",
    }
    assert rows[1]["date"] == "1995-03-05" and rows[1]["region_code"] == "100000"
    assert {k: docs[0].to_dict()[k] for k in COLUMNS} == rows[0]
    # An error row has none.
    failed = Pipeline.failed("x", None, "input", "empty")
    assert all(getattr(failed, k) is None for k in COLUMNS)


@pytest.mark.parametrize("config", ["s2t", "s2tw"])
def test_traditional_copies_give_the_same_metadata(pipeline: Pipeline, reports: list, config: str) -> None:
    """A report converted to Traditional by OpenCC: same region, year, date and type; the title
    in Traditional, as the text writes it; with or without the pipeline's conversion."""
    conv = opencc.OpenCC(config)
    sample = [r for r in reports if not r[0].startswith("national")] + [r for r in reports if r[0] == "national-2003"]
    texts = [r[1] for r in sample]
    simplified = pipeline.run_texts([r[0] for r in sample], texts)
    traditional = [conv.convert(t) for t in texts]
    for p in (pipeline, Pipeline(indicators=False, convert=None, threads=2)):
        for s, t in zip(simplified, p.run_texts([r[0] for r in sample], traditional)):
            assert (t.region, t.region_code, t.level, t.year, t.date, t.doc_type) == (
                s.region,
                s.region_code,
                s.level,
                s.year,
                s.date,
                s.doc_type,
            ), s.id
            assert t.title == (conv.convert(s.title) if s.title else None), s.id


def test_seeds(pipeline: Pipeline, seed_docs: list[tuple[str, str]]) -> None:
    """The seeds are anonymised (xx市, X縣, 区): no region is right for all of them."""
    docs = {d.id[:3]: d for d in pipeline.run_texts([n for n, _ in seed_docs], [t for _, t in seed_docs])}
    assert all(d.region is None and d.region_code is None and d.level is None for d in docs.values())
    for k in ("000", "001", "003"):
        assert (docs[k].title, docs[k].year, docs[k].doc_type) == (None, None, "other")
    assert docs["002"].title == "文汇系列5694--2022年度工作总结及2023年工作计划汇编（85篇）"
    assert (docs["002"].year, docs["002"].doc_type) == (2022, "compilation")
    assert docs["004"].title == "縣五年來輿論宣傳工作情況匯報"
    assert docs["004"].doc_type == "compilation"
    # Each report of the compilation heads its sections' paths with its own title (in the
    # script of the paths: the converted text's, like the headings).
    heads = {s["path"].split(" > ")[0] for s in docs["004"].sections}
    t2s = opencc.OpenCC("t2s")
    titles = ("縣五年來輿論宣傳工作情況匯報", "煙花爆竹宣傳工作情況匯報", "疫情防控宣傳工作情況匯報")
    assert {t2s.convert(t) for t in titles} <= heads


def test_ambiguous_and_old_names(pipeline: Pipeline) -> None:
    texts = {
        "chaoyang": "2023年朝阳区政府工作报告\n各位代表：\n",
        "chaoyang-bj": "2023年朝阳区政府工作报告\n——2023年1月5日在北京市朝阳区第十六届人民代表大会第三次会议上\n",
        "xiangfan": "2005年襄樊市政府工作报告\n",
        "xiangfan-tw": opencc.OpenCC("s2t").convert("2005年襄樊市政府工作报告\n"),
    }
    docs = {d.id: d for d in pipeline.run_texts(list(texts), list(texts.values()))}
    assert (docs["chaoyang"].region, docs["chaoyang"].region_code) == (None, None)
    assert (docs["chaoyang-bj"].region_code, docs["chaoyang-bj"].level) == ("110105", "county")
    for k in ("xiangfan", "xiangfan-tw"):
        assert (docs[k].region, docs[k].region_code, docs[k].level) == ("襄阳市", "420600", "prefecture")
