"""The benchmark corpus: the five seed documents, replicated to a fixed size.

Each seed file (``tests/fixtures/seeds/*.txt``, Simplified and Traditional government reports,
549 kB together) is one document, cut whole, as a user cuts a document read from disk. Whole
passes over the five are repeated until the UTF-8 size reaches the target, so every prefix of
whole passes has the same mix of scripts and document lengths; the subsets used for the slow
peers are such prefixes.

The conversion benchmarks replicate a script's seeds alone the same way: the Traditional ones
(000, 001, 004: 269 kB) for t2s, the Simplified ones (002, 003: 280 kB) for s2twp.

Sizes are in MB of UTF-8 input, 1 MB = 10**6 bytes; the target defaults to 20 MB and can be set
with ``GONGWEN_BENCH_MB``.

``GONGWEN_BENCH_CORPUS=real`` replicates the real reports of ``tests/fixtures/real`` instead
(the GBK scrapes decoded, the provincial CSVs' ``full_text``, the national JSONL's ``content``;
30 documents, 1.5 MB, full of site chrome and broken lines): the input on which the cleaning
stages (chrome rules, line joining) do most of their work. Seed selections are ignored then.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seeds"
REAL_DIR = SEEDS_DIR.parent / "real"
CORPUS_ENV = "GONGWEN_BENCH_CORPUS"
MB = 1_000_000
DEFAULT_MB = 20.0
MB_ENV = "GONGWEN_BENCH_MB"

# Pure-Python peers are 20-40x slower; timing them on the full corpus would dominate the run
# without making their MB/s any more precise. They run on a prefix of whole passes instead.
SUBSET_MB = {"jieba": 1.0, "jieba_fast": 2.0}

# Seed documents by script, named by the number that starts their file name.
TRADITIONAL = ("000", "001", "004")
SIMPLIFIED = ("002", "003")


def target_mb() -> float:
    """The corpus size asked for by ``GONGWEN_BENCH_MB``, else 20."""
    value = os.environ.get(MB_ENV, "").strip()
    return float(value) if value else DEFAULT_MB


def real_documents() -> list[str]:
    """The real reports of ``tests/fixtures/real`` in a fixed order, one document each."""
    docs = [p.read_bytes().decode("gb18030") for p in sorted((REAL_DIR / "gov_cn_gbk").glob("*.txt"))]
    csv.field_size_limit(1 << 30)
    for p in sorted((REAL_DIR / "provincial_2026").glob("*.csv")):
        with open(p, encoding="utf-8-sig", newline="") as f:
            docs += [row["full_text"] for row in csv.DictReader(f)]
    national = (REAL_DIR / "national" / "national_reports.jsonl").read_text(encoding="utf-8")
    docs += [json.loads(line)["content"] for line in national.splitlines() if line.strip()]
    return docs


def seed_documents(seeds: Iterable[str] | None = None) -> list[str]:
    """The seed files in name order, one document each: all of them, or those whose names start
    with one of ``seeds`` followed by ``_`` (e.g. :data:`TRADITIONAL`). With
    ``GONGWEN_BENCH_CORPUS=real``, the real reports (:func:`real_documents`) instead."""
    if os.environ.get(CORPUS_ENV, "").strip() == "real":
        return real_documents()
    paths = sorted(SEEDS_DIR.glob("*.txt"))
    if seeds is not None:
        wanted = set(seeds)
        paths = [p for p in paths if p.name.split("_", 1)[0] in wanted]
    if not paths:
        raise FileNotFoundError(f"no seed documents {sorted(seeds or [])} in {SEEDS_DIR}")
    return [p.read_text(encoding="utf-8") for p in paths]


def utf8_size(docs: list[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def build_corpus(mb: float | None = None, seeds: Iterable[str] | None = None) -> tuple[list[str], int]:
    """Whole passes over the seed documents (all, or those named by ``seeds``) until they hold at
    least ``mb`` MB of UTF-8.

    Returns the documents and their total UTF-8 size in bytes. Every document is a distinct
    ``str`` object (see :func:`fresh_copies`).
    """
    mb = target_mb() if mb is None else mb
    texts = seed_documents(seeds)
    per_pass = utf8_size(texts)
    passes = max(1, -(-int(mb * MB) // per_pass))
    docs = fresh_copies(texts * passes)
    return docs, per_pass * passes


def subset(docs: list[str], mb: float) -> tuple[list[str], int]:
    """The leading whole passes of a corpus from :func:`build_corpus` holding at least ``mb`` MB
    (the whole corpus if it is smaller), and their UTF-8 size."""
    seeds = seed_documents()
    per_pass = utf8_size(seeds)
    passes = max(1, -(-int(mb * MB) // per_pass))
    head = docs[: passes * len(seeds)]
    return head, utf8_size(head)


def fresh_copies(docs: list[str]) -> list[str]:
    """New ``str`` objects with the same text.

    CPython caches a string's UTF-8 form the first time an extension asks for it, so a Rust
    library that already read a string gets it again for free. Timing each round on fresh
    copies, made outside the timed region, charges every library the conversion a real text
    (just read from a file) costs, instead of only the first round.
    """
    return [d.encode("utf-8").decode("utf-8") for d in docs]


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        # The corpus as one file, documents separated by form feeds: what the Rust examples
        # (`examples/scan -- --time FILE`) read.
        corpus, size = build_corpus()
        Path(sys.argv[2]).write_text("\f".join(corpus), encoding="utf-8")
        print(f"wrote {len(corpus)} documents, {size:,} bytes to {sys.argv[2]}")
        sys.exit(0)
    for label, which in (("all seeds", None), ("Traditional", TRADITIONAL), ("Simplified", SIMPLIFIED)):
        corpus, size = build_corpus(seeds=which)
        print(f"{label}: {len(corpus)} documents, {size:,} bytes ({size / MB:.2f} MB) of UTF-8")
