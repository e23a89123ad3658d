"""Draw indicator-bearing paragraphs from the real reports and seeds for the hand-checked stance set
(tests/fixtures/stance/paragraphs.jsonl).

A paragraph is a line of the original document that holds at least one figure when the whole
document is scanned (as gongwen sees it in the real report). Paragraphs are drawn per document and
per kind: review (a top heading naming a review), plan, problem (a review's closing problem
paragraph), quote (a review paragraph that quotes a plan or target), other. Each candidate is
printed as a JSON line with its figures' raw texts and an empty label, for labelling by hand; the
scanner's stances are NOT printed (`--show` adds them, for reading the code's errors afterwards).

    .venv/bin/python tools/stance_sample.py > /tmp/candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stance_census import PLAN, REVIEW, documents

import gongwen

PROBLEM = re.compile(r"(清醒|也要|必须|应当|同时).{0,6}(看到|认识到)|问题和不足|困难和问题|不足和问题|存在的问题")
QUOTE = re.compile(r"计划|目标|预期|原定|要求")


def kind_of(section: str | None, line: str) -> str:
    top = (section or "").split(" > ")[0]
    if PROBLEM.search(line):
        return "problem"
    if REVIEW.search(top) and not PLAN.search(top):
        return "quote" if QUOTE.search(line) else "review"
    if PLAN.search(top) or re.search(r"今年|明年|今后|五年", top):
        return "plan"
    return "other"


def candidates(source: str, doc: str, text: str) -> list[dict]:
    inds = gongwen.scan_indicators(text)
    out = []
    pos = 0
    k = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        mine = []
        while k < len(inds) and inds[k].start < end:
            if inds[k].start >= start:
                mine.append(inds[k])
            k += 1
        para = line.strip()
        if not mine or len(mine) > 8 or len(para) < 20 or len(para) > 600:
            continue
        out.append(
            {
                "source": source,
                "doc": doc,
                "kind": kind_of(mine[0].section, para),
                "section": mine[0].section or "",
                "paragraph": para,
                "figures": [[i.raw, ""] for i in mine],
                "_stances": [i.stance for i in mine],
            }
        )
    return out


def main() -> None:
    rng = random.Random(21)
    show = "--show" in sys.argv
    quota = {"national": 5, "gov_cn": 2, "provincial": 12, "seed": 6}
    seen: set[str] = set()
    for source, doc, text in documents():
        cands = [c for c in candidates(source, doc, text) if c["paragraph"] not in seen]
        by_kind: dict[str, list[dict]] = {}
        for c in cands:
            by_kind.setdefault(c["kind"], []).append(c)
        picked: list[dict] = []
        # One of each kind first (problem and quote paragraphs are rare), then at random.
        for kind in ("problem", "quote", "plan", "review", "other"):
            if by_kind.get(kind):
                picked.append(rng.choice(by_kind[kind]))
        rest = [c for c in cands if c not in picked]
        rng.shuffle(rest)
        picked += rest[: max(0, quota[source] - len(picked))]
        for c in picked[: quota[source]]:
            seen.add(c["paragraph"])
            stances = c.pop("_stances")
            if show:
                c["code"] = stances
            print(json.dumps(c, ensure_ascii=False))


if __name__ == "__main__":
    main()
