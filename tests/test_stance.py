"""Stance on real layouts (issue 21): a report pasted as one line keeps the stances of its sections,
and figures under a review heading come out `actual`, in both scripts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import gongwen

REAL = Path(__file__).parent / "fixtures" / "real"
PROVINCIAL = sorted((REAL / "provincial_2026").glob("*.csv"))


def _report(path: Path) -> str:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))["full_text"]


def _stances(text: str) -> list[tuple[str, str]]:
    return [(i.raw, i.stance) for i in gongwen.scan_indicators(text)]


@pytest.mark.parametrize("path", PROVINCIAL, ids=lambda p: p.stem)
def test_report_without_line_breaks_keeps_its_stances(path: Path) -> None:
    # The same report with its lines and joined into one line: the figures are the same, and
    # their stances agree (the one-line text has its inline headings as paragraphs).
    text = _report(path)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    broken = _stances("\n".join(lines))
    joined = _stances("".join(lines))
    assert [r for r, _ in joined] == [r for r, _ in broken]
    agree = sum(a == b for a, b in zip(broken, joined))
    assert agree / len(broken) >= 0.97, (agree, len(broken))
    # Both a review and a plan: not every figure one way (today's one-line text was all target).
    targets = sum(s == "target" for _, s in joined)
    assert 0.1 < targets / len(joined) < 0.9


@pytest.mark.parametrize("path", PROVINCIAL, ids=lambda p: p.stem)
def test_review_figures_are_actual_in_both_scripts(path: Path) -> None:
    text = _report(path)
    for t in (text, gongwen.convert(text, "s2t")):
        review = [i for i in gongwen.scan_indicators(t) if i.section and "工作回顾" in i.section.split(" > ")[0]]
        assert len(review) > 50
        targets = [i.raw for i in review if i.stance == "target"]
        assert len(targets) <= 0.01 * len(review) + 1, targets


def _score(convert):  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))
    from stance_score import score

    return score(convert)


SCRIPTS = {"simplified": lambda s: s, "traditional": lambda s: gongwen.convert(s, "s2t")}


@pytest.mark.parametrize("script", SCRIPTS)
def test_hand_checked_paragraphs_goal(script: str) -> None:
    # The hand-checked set (tests/fixtures/stance): every paragraph scored as gongwen sees it in
    # its whole real document. main scored 0.906 (s2t 0.902); the goal is 0.97.
    right, total, _errors = _score(SCRIPTS[script])
    assert total > 450
    assert right / total >= 0.97, (right, total)
