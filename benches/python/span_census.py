"""Census of inconsistent token spans on real text: lines whose tokens, mapped back through
cleaning and conversion, overlap or repeat in the original.

A token span must be ordered after the previous one and not overlap it (issue 19, section 1).
Every line of the real text at hand is one document: the seed reports, the real corpus
(``/work/shared/corpus/real``: CSV ``full_text``, JSONL ``content``, GBK files), OpenCC's test
cases and jieba's test texts. Each line is also converted to Traditional with OpenCC (the
``opencc`` package, the conversion oracle) ``s2t``, ``s2tw`` and ``s2hk``, so configurations that
read Traditional text (``t2s``, ``tw2sp``, ``hk2s``, ...) see plenty of it.

For every configuration and with cleaning on and off, the script runs ``gongwen.Pipeline``
(``emit="offsets"``, indicators on) over the lines and counts the lines with an overlapping or
repeated token span, a section span or an indicator span out of order. With cleaning on, it
also counts the lines where tokens that share a conversion group of unequal lengths were joined
into one (fewer tokens than the segmenter cuts in the normalised text). Run it on two builds to
compare them::

    python benches/python/span_census.py                 # all 16 configurations (a few minutes)
    python benches/python/span_census.py --configs t2s,tw2sp,hk2s,s2t
    python benches/python/span_census.py --write-sample tests/fixtures/spans/lines.txt

``--write-sample`` writes up to ``--sample`` failing lines per configuration (the shortest
first), which is how ``tests/fixtures/spans/lines.txt`` was made on the code before the fix.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import gongwen

ROOT = Path(__file__).resolve().parents[2]
# The project's shared inputs sit beside the checkout (../shared), or where GONGWEN_SHARED says.
SHARED = Path(os.environ.get("GONGWEN_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "corpus" / "real"
JIEBA_TESTS = SHARED / "peer-tests" / "jieba" / "test"


def lines_of(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip():
            yield line


def seed_lines() -> Iterator[str]:
    for path in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")):
        yield from lines_of(path.read_text(encoding="utf-8"))


def real_lines() -> Iterator[str]:
    if not REAL.is_dir():
        return
    csv.field_size_limit(sys.maxsize)
    for path in sorted(REAL.glob("**/*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                yield from lines_of(row.get("full_text") or "")
    for path in sorted(REAL.glob("**/*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for raw in f:
                if raw.strip():
                    obj = json.loads(raw)
                    yield from lines_of(obj.get("content") or obj.get("text") or "")
    for path in sorted(REAL.glob("gov_cn_gbk/*.txt")):
        yield from lines_of(path.read_bytes().decode("gb18030"))


def opencc_lines() -> Iterator[str]:
    base = ROOT / "tests" / "fixtures" / "opencc"
    # OpenCC's testcases.json has trailing commas, which upstream strips before parsing.
    raw = re.sub(r",(\s*[}\]])", r"\1", (base / "testcases.json").read_text(encoding="utf-8"))
    cases = json.loads(raw)["cases"]
    for case in cases:
        yield from lines_of(case["input"])
    for path in sorted((base / "legacy_testcases").glob("*.in")):
        yield from lines_of(path.read_text(encoding="utf-8"))
    for path in sorted((base / "golden" / "input").glob("*")):
        yield from lines_of(path.read_text(encoding="utf-8"))


def jieba_lines() -> Iterator[str]:
    if not JIEBA_TESTS.is_dir():
        return
    tree = ast.parse((JIEBA_TESTS / "jieba_test.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "test_contents" for t in node.targets):
            for elt in getattr(node.value, "elts", []):
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    yield from lines_of(elt.value)
    for name in ("test.txt", "foobar.txt", "lyric.txt"):
        path = JIEBA_TESTS / name
        if path.exists():
            yield from lines_of(path.read_text(encoding="utf-8", errors="replace"))


def corpus() -> list[str]:
    """Every distinct line, in the order found, with its OpenCC Traditional forms."""
    import opencc

    to_trad = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    seen: dict[str, None] = {}
    for source in (seed_lines, real_lines, opencc_lines, jieba_lines):
        for line in source():
            seen.setdefault(line, None)
            for conv in to_trad:
                seen.setdefault(conv.convert(line), None)
    return list(seen)


def bad_line(text: str, doc: gongwen.Document) -> str | None:
    """What is wrong with the document's spans, or None."""
    if not doc.ok:
        return None
    spans = doc.spans or []
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        if s1 < e0 or (s1, e1) == (s0, e0):
            return f"token spans {(s0, e0)} {(s1, e1)}"
    secs = [(s["start"], s["end"]) for s in doc.sections]
    for (s0, e0), (s1, _) in zip(secs, secs[1:]):
        if s1 < e0:
            return f"section spans {(s0, e0)} {s1}"
    inds = [(i.start, i.end) for i in doc.indicators]
    if inds != sorted(inds) or any(s1 < e0 for (_, e0), (s1, _) in zip(inds, inds[1:])):
        return "indicator spans out of order"
    if any(text[i.start : i.end] != i.raw for i in doc.indicators):
        return "indicator raw"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", default=",".join(gongwen.conversion_configs()), help="comma-separated")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--write-sample", type=Path, help="write failing lines here")
    ap.add_argument("--sample", type=int, default=12, help="failing lines per configuration in the sample")
    args = ap.parse_args()
    lines = corpus()
    ids = [str(i) for i in range(len(lines))]
    print(f"{len(lines):,} distinct lines ({sum(len(x) for x in lines):,} characters), gongwen {gongwen.__version__}")
    print("\n| config | lines with bad spans, clean off | clean on | lines with joined tokens | examples |")
    print("|---|---:|---:|---:|---|")
    segmenter = gongwen.Segmenter()
    sample: dict[str, None] = {}
    started = time.perf_counter()
    totals = [0, 0]
    for config in args.configs.split(","):
        counts = []
        failing: dict[str, str] = {}
        for clean in (False, True):
            p = gongwen.Pipeline(clean=clean, convert=config, emit="offsets", keep_text=True, threads=args.threads)
            docs = p.run_texts(ids, lines)
            bad = 0
            for text, doc in zip(lines, docs):
                why = bad_line(text, doc)
                if why:
                    bad += 1
                    failing.setdefault(text, why)
            counts.append(bad)
            if clean:
                # Lines where tokens sharing an unequal conversion group were joined: fewer
                # tokens than the segmenter cut in the normalised text.
                cuts = segmenter.cut_batch([d.text or "" for d in docs], threads=args.threads)
                joined = sum(d.ok and d.token_count < len(c) for d, c in zip(docs, cuts))
        totals[0] += counts[0]
        totals[1] += counts[1]
        shortest = sorted(failing, key=len)[: args.sample]
        for line in shortest:
            sample.setdefault(line, None)
        ex = "; ".join(f"`{x[:24]}` ({failing[x]})" for x in shortest[:1])
        print(f"| {config} | {counts[0]:,} | {counts[1]:,} | {joined:,} | {ex} |", flush=True)
    print(f"| total | {totals[0]:,} | {totals[1]:,} | | |")
    print(f"\n{time.perf_counter() - started:.0f} s")
    if args.write_sample:
        args.write_sample.parent.mkdir(parents=True, exist_ok=True)
        args.write_sample.write_text("".join(f"{x}\n" for x in sample), encoding="utf-8")
        print(f"{len(sample)} lines written to {args.write_sample}")


if __name__ == "__main__":
    main()
