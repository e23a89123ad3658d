"""Draw indicator-bearing paragraphs from the real reports and seeds for the hand-checked stance set
(tests/fixtures/stance/paragraphs.tsv): each with the lines that set its context (the title line
and the heading lines on its path), its figures and the scanner's stance of each, for labelling.

    .venv/bin/python tools/stance_sample.py > /tmp/candidates.tsv
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stance_census import real_texts

import gongwen

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def rows(source: str, name: str, text: str, k: int, rng: random.Random) -> list[list[str]]:
    text = gongwen.clean(text).text
    s = gongwen._core.analyze_structure(text)
    lines = {p["start"]: text[p["start"] : p["end"]] for p in s["paragraphs"]}
    title = {i: d["title"] for i, d in enumerate(s["documents"])}
    cands = []
    for p in s["paragraphs"]:
        para = text[p["start"] : p["end"]]
        if p["is_heading"] or len(para) < 20 or len(para) > 700:
            continue
        ctx = []
        if title.get(p["doc"]):
            ctx.append(title[p["doc"]])
        for h in p["heading_path"]:
            line_start = max(k for k in lines if k <= h["start"])
            hl = lines[line_start]
            if hl != para:
                ctx.append(hl[:80] if len(hl) > 80 else hl)
        inds = gongwen.scan_indicators("\n".join([*ctx, para]), clean=False)
        off = len("\n".join([*ctx, para])) - len(para)
        inds = [i for i in inds if i.start >= off]
        if not inds:
            continue
        cands.append([source, name, " / ".join(ctx), para, " ".join(f"{i.raw}={i.stance}" for i in inds)])
    rng.shuffle(cands)
    return cands[:k]


def main() -> None:
    rng = random.Random(21)
    out = []
    for source, name, text in real_texts():
        if source == "gov_cn":
            continue
        out += rows(source, name, text, 14 if source == "provincial" else 5, rng)
    for f in sorted(SEEDS.glob("*.txt")):
        out += rows("seed", f.stem, f.read_text(encoding="utf-8"), 4, rng)
    for r in out:
        print("\t".join(x.replace("\t", " ").replace("\n", " ") for x in r))


if __name__ == "__main__":
    main()
