"""Time of ``Corpus.to_arrow()`` on a 20 MB run (issue 20): the tables of a run, built from its
results. Run: ``python benches/python/report_arrow.py [--mb 20] [--rounds 5]``; prints one
line per ``emit`` mode with the run's time and the best ``to_arrow()`` time of the rounds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import gongwen

SEEDS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seeds"


def corpus_texts(mb: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts, size, i = [], 0, 0
    while size < mb * 1e6:
        text = seeds[i % len(seeds)]
        texts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = corpus_texts(args.mb)
    print(f"gongwen from {Path(gongwen.__file__).parent}; {len(texts)} documents, {args.mb:.0f} MB")
    for emit in ("counts", "tokens"):
        start = time.perf_counter()
        corpus = gongwen.process_corpus(texts, emit=emit)
        run = time.perf_counter() - start
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            docs, inds = corpus.to_arrow()
            best = min(best, time.perf_counter() - start)
        print(
            f"emit={emit}: run {run:.2f} s; to_arrow best of {args.rounds}: {best:.3f} s "
            f"({docs.num_rows} documents, {inds.num_rows} indicators)"
        )


if __name__ == "__main__":
    main()
