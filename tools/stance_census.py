"""Stance census on the real reports (tests/fixtures/real): the share of figures under a review
heading that come out `target`, per source, and the texts read for it.

    .venv/bin/python tools/stance_census.py [--show N]

A review heading is a top-level section heading that names a review (回顾, 过去…工作, 总结,
执行情况) and no plan word (目标, 任务, 方针, 计划, 安排, 建议, 考虑).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import gongwen

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
REAL = FIXTURES / "real"
REVIEW = re.compile(r"回顾|回顧|过去.{0,6}工作|过去.{0,4}年|基本总结|执行情况|年来的工作")
PLAN = re.compile(r"目标|任务|方针|计划|安排|建议|考虑|今年|明年|打算")


def real_texts() -> list[tuple[str, str, str]]:
    """(source, name, text) of every real report."""
    out = []
    for line in (REAL / "national" / "national_reports.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(("national", str(d["year"]), d["content"]))
    for f in sorted((REAL / "gov_cn_gbk").glob("*.txt")):
        out.append(("gov_cn", f.stem, f.read_bytes().decode("gb18030")))
    csv.field_size_limit(1 << 30)
    for f in sorted((REAL / "provincial_2026").glob("*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                out.append(("provincial", f.stem, row["full_text"]))
    return out


def documents() -> list[tuple[str, str, str]]:
    """(source, doc id, text) of every real report and seed; the doc id names the report within
    its source (the national report's year, the file's stem)."""
    out = []
    for source, name, text in real_texts():
        out.append((source, name, text))
    for f in sorted((FIXTURES / "seeds").glob("*.txt")):
        out.append(("seed", f.stem, f.read_text(encoding="utf-8")))
    return out


def document(source: str, doc: str) -> str:
    """The text of one document of :func:`documents`."""
    for s, d, text in documents():
        if (s, d) == (source, doc):
            return text
    raise KeyError((source, doc))


def is_review(section: str | None) -> bool:
    if not section:
        return False
    top = section.split(" > ")[0]
    return bool(REVIEW.search(top)) and not PLAN.search(top)


def census(texts: list[tuple[str, str, str]]) -> dict[str, tuple[int, int]]:
    per: dict[str, list[int]] = {}
    for source, _name, text in texts:
        for ind in gongwen.scan_indicators(text):
            if is_review(ind.section):
                c = per.setdefault(source, [0, 0])
                c[0] += 1
                c[1] += ind.stance == "target"
    return {k: (v[0], v[1]) for k, v in per.items()}


def main() -> None:
    texts = real_texts()
    res = census(texts)
    total = sum(n for n, _ in res.values())
    tgt = sum(t for _, t in res.values())
    for k, (n, t) in sorted(res.items()):
        print(f"{k:12s} figures under a review heading: {n:5d}  target: {t:4d} ({100 * t / max(n, 1):.1f}%)")
    print(
        f"{'all':12s} figures under a review heading: {total:5d}  target: {tgt:4d} ({100 * tgt / max(total, 1):.1f}%)"
    )
    if "--show" in sys.argv:
        k = int(sys.argv[sys.argv.index("--show") + 1])
        for source, name, text in texts:
            for ind in gongwen.scan_indicators(text):
                if is_review(ind.section) and ind.stance == "target" and k > 0:
                    k -= 1
                    print(
                        source,
                        name,
                        ind.raw,
                        ind.metric,
                        "|",
                        text[max(0, ind.start - 40) : ind.end + 10].replace("\n", "⏎"),
                    )


if __name__ == "__main__":
    main()
