"""Score gongwen's stances against the hand-checked set (tests/fixtures/stance/paragraphs.jsonl).

Each paragraph is scored as gongwen sees it in its real document: the whole document is scanned
and the indicators whose span falls in the paragraph (a line of the original text) are matched,
in order, to the labelled figures by their raw text. A labelled figure that gongwen does not find
counts as wrong; figures labelled `none` (a decade, a count of points in an enumeration, a name)
are matched but not scored. `--script t` scores the documents converted to Traditional (s2t).

    .venv/bin/python tools/stance_score.py [--script t] [--errors]
    PYTHONPATH=/work/base21/python python tools/stance_score.py   # another build
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stance_census import documents

import gongwen

SET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "stance" / "paragraphs.jsonl"


def labelled() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def _simplified(s: str) -> str:
    return gongwen.convert(s, "t2s")


def score(convert: Callable[[str], str] = lambda s: s) -> tuple[int, int, list[tuple[dict, str, str, str]]]:
    """(right, scored, errors): errors as (paragraph row, raw, label, gongwen's stance or `missing`)."""
    texts = {(s, d): t for s, d, t in documents()}
    scans: dict[tuple[str, str], tuple[str, list]] = {}
    right = total = 0
    errors = []
    for row in labelled():
        key = (row["source"], row["doc"])
        if key not in scans:
            text = convert(texts[key])
            scans[key] = (text, gongwen.scan_indicators(text))
        text, inds = scans[key]
        para = convert(row["paragraph"])
        # The first occurrence of the line that holds figures (a scraped page may repeat it).
        spans = []
        at = text.find(para)
        while at >= 0:
            spans.append([i for i in inds if i.start >= at and i.end <= at + len(para)])
            at = text.find(para, at + 1)
        mine = next((s for s in spans if s), [])
        k = 0
        for raw, label in row["figures"]:
            got = None
            for j in range(k, len(mine)):
                # The figure's raw text as gongwen found it, back in Simplified: a conversion
                # of the whole text may write a unit otherwise than of the raw alone (OpenCC's
                # phrase 箇中 makes 20个中试平台 20箇中試平臺).
                if mine[j].raw == convert(raw) or _simplified(mine[j].raw) == _simplified(raw):
                    got, k = mine[j].stance, j + 1
                    break
            raw = convert(raw)
            if label == "none":
                continue
            total += 1
            if got == label:
                right += 1
            else:
                errors.append((row, raw, label, got or "missing"))
    return right, total, errors


def main() -> None:
    conv = (lambda s: gongwen.convert(s, "s2t")) if "t" in sys.argv[1:] else (lambda s: s)
    right, total, errors = score(conv)
    print(f"stance right: {right}/{total} = {right / total:.4f}")
    if "--errors" in sys.argv:
        for row, raw, label, got in errors:
            print(f"{row['source']} {row['doc']} [{row['kind']}] {raw}: label {label}, gongwen {got}")
            print("    §", row["heading"][:80])
            print("    ", row["paragraph"][:300])


if __name__ == "__main__":
    main()
