"""Document structure: the reports of a compilation, heading paths, and section stance."""

from __future__ import annotations

from pathlib import Path

import pytest

import gongwen

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_plan_and_summary_sections() -> None:
    text = (
        "2022年工作总结\n一、主要成效\n全年新增就业1200人。\n二、2023年工作计划\n(一)主要目标\n地区生产总值增长6%左右。"
    )
    s = gongwen.analyze_structure(text)
    lines = text.split("\n")
    paras = s["paragraphs"]
    assert [text[p["start"] : p["end"]] for p in paras] == lines
    assert paras[2]["stance"] == "actual"
    assert paras[5]["stance"] == "target"
    path = [(h["marker"], h["text"]) for h in paras[5]["heading_path"]]
    assert path == [("", "2022年工作总结"), ("二、", "2023年工作计划"), ("(一)", "主要目标")]
    assert len(s["documents"]) == 1


@pytest.mark.parametrize(("prefix", "documents"), [("002", 21), ("003", 1)])
def test_documents_of_the_seeds(prefix: str, documents: int) -> None:
    # 002 announces 85 reports but the site cut it off after 21 (a login wall at its end).
    cleaned = gongwen.clean(_seed(prefix), boilerplate=False)
    assert len(gongwen.analyze_structure(cleaned.text)["documents"]) == documents


def test_bad_and_empty_input() -> None:
    assert (
        gongwen.analyze_structure("") == {"documents": [], "paragraphs": []}
        or not gongwen.analyze_structure("")["paragraphs"]
    )
    with pytest.raises(TypeError):
        gongwen.analyze_structure(b"bytes")  # type: ignore[arg-type]
