"""Throughput of lexicon counting: gongwen's substring mode against ahocorasick_rs and pyahocorasick.

The corpus is the five seed documents replicated in whole passes to 20 MB (``corpus.py``,
``GONGWEN_BENCH_MB`` or ``--mb`` to change it), one call per document for the peers, one
``count_lexicons_batch(..., threads=1)`` for gongwen (the lexicon compiled once, as the peers'
automata are). The lexicon is built deterministically: the example environment lexicon plus the
most frequent words of two or more characters of jieba's ``dict.txt`` (ties by word), 2,000
distinct terms in all.

Every row produces the same thing, a count per term for each document:

- gongwen: ``count_lexicons_batch(docs, {"lex": terms}, mode="substring", overlapping=...,
  words=False, threads=1)`` (``words=False``: no segmentation, only the counting is timed);
- ahocorasick_rs: ``collections.Counter(ac.find_matches_as_strings(doc, overlapping=...))``;
- pyahocorasick: ``Counter(v for _, v in A.iter(doc))`` (overlapping) or ``A.iter_long(doc)``
  (longest non-overlapping).

Rows run round-robin on fresh copies of the strings (see ``corpus.fresh_copies``); the fastest
of ``--runs`` (default 5) counts. MB = 10**6 bytes of UTF-8. Counts are checked to agree
between gongwen and ahocorasick_rs before timing. Also shown for information: token mode (a
jieba-identical segmentation with the terms added, then counting), single thread.

Usage::

    python benches/python/report_lexicon.py            # 20 MB, about a minute on 2 cores
    python benches/python/report_lexicon.py --quick    # 2 MB smoke check
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Callable
from pathlib import Path

import jieba
from corpus import MB, build_corpus, fresh_copies

import gongwen

TARGET = 1.5  # gongwen substring counting against ahocorasick_rs into a Counter
N_TERMS = 2000


def build_lexicon(n: int = N_TERMS) -> list[str]:
    """The environment lexicon, then jieba's most frequent words of >= 2 characters, to ``n`` terms."""
    terms = list(gongwen.example_lexicon("environment"))
    seen = set(terms)
    entries = []
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if len(word) >= 2:
            entries.append((-int(freq), word))
    for _, word in sorted(entries):
        if len(terms) >= n:
            break
        if word not in seen:
            seen.add(word)
            terms.append(word)
    return terms


def rows(terms: list[str], overlapping: bool) -> dict[str, Callable[[list[str]], object]]:
    out: dict[str, Callable[[list[str]], object]] = {}
    mode = "overlapping" if overlapping else "leftmost-longest"
    lex = {"lex": terms}

    def gw(docs: list[str]) -> object:
        return gongwen.count_lexicons_batch(
            docs, lex, mode="substring", overlapping=overlapping, words=False, threads=1
        )

    out[f"gongwen count_lexicons_batch substring {mode}"] = gw
    try:
        import ahocorasick_rs
    except ImportError:
        pass
    else:
        kind = ahocorasick_rs.MatchKind.Standard if overlapping else ahocorasick_rs.MatchKind.LeftmostLongest
        ac = ahocorasick_rs.AhoCorasick(terms, matchkind=kind)

        def rs(docs: list[str]) -> object:
            return [collections.Counter(ac.find_matches_as_strings(d, overlapping=overlapping)) for d in docs]

        out[f"ahocorasick_rs {mode} -> Counter"] = rs
    try:
        import ahocorasick
    except ImportError:
        pass
    else:
        automaton = ahocorasick.Automaton()
        for t in terms:
            automaton.add_word(t, t)
        automaton.make_automaton()

        if overlapping:

            def pa(docs: list[str]) -> object:
                return [collections.Counter(v for _, v in automaton.iter(d)) for d in docs]

        else:

            def pa(docs: list[str]) -> object:
                return [collections.Counter(v for _, v in automaton.iter_long(d)) for d in docs]

        out[f"pyahocorasick {mode} -> Counter"] = pa
    return out


def check(docs: list[str], terms: list[str]) -> int:
    """gongwen and ahocorasick_rs agree on the first pass of documents; the number of matches."""
    import ahocorasick_rs

    total = 0
    for overlapping, kind in (
        (True, ahocorasick_rs.MatchKind.Standard),
        (False, ahocorasick_rs.MatchKind.LeftmostLongest),
    ):
        ac = ahocorasick_rs.AhoCorasick(terms, matchkind=kind)
        got = gongwen.count_lexicons_batch(docs, {"lex": terms}, mode="substring", overlapping=overlapping, words=False)
        for d, r in zip(docs, got):
            c = collections.Counter(ac.find_matches_as_strings(d, overlapping=overlapping))
            want = {t: c[t] for t in terms}
            assert r["lex"].counts == want, "gongwen and ahocorasick_rs disagree"
            total += r["lex"].total if overlapping else 0
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 MB, 3 runs")
    args = parser.parse_args()
    if args.quick:
        args.mb, args.runs = 2.0, 3
    docs, size = build_corpus(args.mb)
    terms = build_lexicon()
    matches = check(docs[:5], terms)
    print(f"corpus: {len(docs)} documents, {size / MB:.1f} MB of UTF-8; lexicon: {len(terms)} terms")
    print(f"overlapping matches in one pass of the seeds: {matches}\n")

    for overlapping in (True, False):
        cases = rows(terms, overlapping)
        best = {name: float("inf") for name in cases}
        for _ in range(args.runs):
            for name, fn in cases.items():
                copies = fresh_copies(docs)
                t0 = time.perf_counter()
                fn(copies)
                best[name] = min(best[name], time.perf_counter() - t0)
        print("| single thread | s | MB/s | gongwen is x faster |")
        print("|---|---:|---:|---:|")
        gw_time = next(t for n, t in best.items() if n.startswith("gongwen"))
        for name, t in best.items():
            print(f"| {name} | {t:.3f} | {size / MB / t:.1f} | {t / gw_time:.2f} |")
        rs = [t for n, t in best.items() if n.startswith("ahocorasick_rs")]
        if rs:
            r = rs[0] / gw_time
            verdict = "met" if r >= TARGET else "NOT met"
            print(f"\ntarget >= {TARGET}x ahocorasick_rs: {r:.2f}x, {verdict}\n")

    # For information: token mode, which segments as jieba does with the terms added. The
    # setup (a copy of the dictionary with the 2,000 terms added) is timed on its own.
    t0 = time.perf_counter()
    gongwen.count_lexicons("", {"lex": terms})
    setup = time.perf_counter() - t0
    head = docs[: max(5, len(docs) // 4)]
    head_size = sum(len(d.encode("utf-8")) for d in head)
    copies = fresh_copies(head)
    t0 = time.perf_counter()
    gongwen.count_lexicons_batch(copies, {"lex": terms}, threads=1)
    t = time.perf_counter() - t0 - setup
    print(
        f"token mode (segmentation included), {head_size / MB:.1f} MB, 1 thread: {head_size / MB / t:.1f} MB/s"
        f" after a setup of {setup * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
