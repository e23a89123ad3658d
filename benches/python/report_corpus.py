"""Benchmark of the whole job on a corpus (issue 6): gongwen ``process_corpus`` against the
compositions of peers a user could write today, printed as one table.

Every row does the same work on every document of the corpus (the five seed documents replicated
to 20 MB, mixed Simplified and Traditional, one ``str`` per document): Traditional to Simplified
(t2s), jieba-style segmentation, counts of a 2,000-term lexicon (:func:`build_lexicon`) and the
quantities of the text (numbers with units, as a regex finds them):

- gongwen: ``process_corpus(docs, lexicons=..., threads=N)`` (lexicon counted over tokens) (cleaning,
  t2s, segmentation with counts, the indicator scan and the lexicon in one pass), 1, 2 and all threads;
- fastest: ``opencc.OpenCC("t2s")`` -> ``rjieba.cut`` -> lexicon counts over the tokens
  (``collections.Counter``) -> ``re.findall`` quantities, per document, in one process and in a
  ``multiprocessing.Pool`` of ``os.cpu_count()`` workers; the same with ``pyahocorasick``
  counting over the converted text instead (substring counts) is listed too; the faster of the
  two single-process rows is the reference of the ratios;
- typical: ``zhconv`` (pure Python, ``zh-cn``) -> ``jieba.lcut`` -> ``str.count`` per term ->
  ``re.findall``, on a 1 MB prefix of the corpus (it runs at about 0.5 MB/s). Not
  ``opencc-python-reimplemented``: it installs into the same ``opencc`` package directory as
  OpenCC and cannot share an environment with it.

Each row runs in its own subprocess, which also reports its peak resident size (``ru_maxrss``; a
Pool's workers are not included). A subprocess times at least ``--runs`` runs after one warm-up,
and more until ``--min-seconds`` of timed runs have passed (at most ``MAX_RUNS``), so that a row
of 0.3 s is sampled over as long a stretch of the machine's time as a row of 2 s. The rows are
measured in ``--passes`` interleaved passes (every row once, then every row again): on a shared
machine a busy minute then slows one pass of every row, not every run of one row. A row's figure
is its best run over all passes. Usage::

    .venv/bin/python benches/python/report_corpus.py            # 20 MB, about 2 minutes
    .venv/bin/python benches/python/report_corpus.py --quick    # 2 MB smoke check
    .venv/bin/python benches/python/report_corpus.py --json results/corpus.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import MB, build_corpus, fresh_copies, subset, target_mb
from report import machine, version

ROOT = Path(__file__).resolve().parents[2]
JIEBA_DICT = ROOT / "rust" / "gongwen-core" / "data" / "jieba" / "dict.txt"
LEXICON_SEED = ROOT / "python" / "gongwen" / "data" / "lexicons" / "environment.txt"
LEXICON_SIZE = 2000
TYPICAL_MB = 1.0
MIB = 1024 * 1024

# Quantities as a user would find them with `re`: a number, an optional 万/亿, a unit.
QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:%|个百分点|个|家|人次|人|元|亩|吨|公里|千米|平方米|平方公里|立方米|"
    r"千瓦时|千瓦|项|户|所|座|台|辆|套|件|次|天|年|倍|条|张|名|只|头)"
)

# Targets of issue 6.
TARGET_SINGLE = 3.0  # gongwen 1 thread / fastest composition, one process
TARGET_ALL = 3.5  # gongwen all cores / fastest composition, Pool
TARGET_SCALING = 1.8  # gongwen 2 threads / 1 thread
TARGET_RSS_MIB = 400.0

# Sampling: a row's best run, over `passes` interleaved passes of at least `runs` runs and
# `min_seconds` of timed runs each (a cap of MAX_RUNS runs a pass).
MAX_RUNS = 30


def build_lexicon(size: int = LEXICON_SIZE) -> list[str]:
    """A deterministic lexicon of ``size`` terms: the terms of ``data/lexicons/environment.txt``
    (when the package ships it), then the most frequent words of jieba's ``dict.txt`` with two or
    more characters, all of them Han (ties by the word), until there are ``size``.

    >>> terms = build_lexicon(50)
    >>> len(terms), len(set(terms)), all(len(t) >= 2 for t in terms)
    (50, 50, True)
    """
    terms: dict[str, None] = {}
    if LEXICON_SEED.exists():
        for line in LEXICON_SEED.read_text(encoding="utf-8").splitlines():
            term = line.strip()
            if term and not term.startswith("#"):
                terms[term] = None
    words: list[tuple[int, str]] = []
    with open(JIEBA_DICT, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
                words.append((-int(parts[1]), parts[0]))
    for _, word in sorted(words):
        if len(terms) >= size:
            break
        terms.setdefault(word, None)
    return list(terms)[:size]


# -- the rows, each run in a child process -------------------------------------------------------------


@dataclass
class Row:
    name: str
    label: str
    workers: int
    subset_mb: float | None = None  # timed on a prefix of the corpus


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def rows() -> list[Row]:
    cpus = _cpus()
    out = [Row("gongwen-1", "gongwen process_corpus", 1), Row("gongwen-2", "gongwen process_corpus", 2)]
    if cpus > 2:
        out.append(Row("gongwen-all", "gongwen process_corpus", cpus))
    out += [
        Row("fastest-1", "opencc -> rjieba -> Counter -> re (one process)", 1),
        Row("fastest-pool", "opencc -> rjieba -> Counter -> re (multiprocessing.Pool)", os.cpu_count() or 1),
        Row("aho-1", "opencc -> rjieba -> pyahocorasick -> re (one process)", 1),
        Row("typical-1", "zhconv -> jieba.lcut -> str.count -> re", 1, TYPICAL_MB),
    ]
    return out


# State of a fastest-composition worker, built once per process.
_FAST: dict[str, Any] = {}


def _fast_init(terms: Sequence[str]) -> None:
    import ahocorasick
    import opencc
    import rjieba

    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        automaton.add_word(term, i)
    automaton.make_automaton()
    rjieba.cut("初始化")
    _FAST.update(cc=opencc.OpenCC("t2s"), cut=rjieba.cut, automaton=automaton, terms=frozenset(terms))


def _fast_doc(text: str) -> tuple[int, dict[str, int], list[str]]:
    simplified = _FAST["cc"].convert(text)
    tokens = _FAST["cut"](simplified)
    counted = Counter(tokens)
    counts = {t: n for t, n in counted.items() if t in _FAST["terms"]}
    return len(tokens), counts, QUANTITY.findall(simplified)


def _aho_doc(text: str) -> tuple[int, dict[int, int], list[str]]:
    simplified = _FAST["cc"].convert(text)
    tokens = _FAST["cut"](simplified)
    counts: dict[int, int] = {}
    for _, i in _FAST["automaton"].iter(simplified):
        counts[i] = counts.get(i, 0) + 1
    return len(tokens), counts, QUANTITY.findall(simplified)


def _typical_runner(terms: Sequence[str]) -> Callable[[list[str]], object]:
    import logging

    import jieba
    import zhconv

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    def doc(text: str) -> tuple[int, dict[str, int], list[str]]:
        simplified = zhconv.convert(text, "zh-cn")
        tokens = jieba.lcut(simplified)
        counts = {t: simplified.count(t) for t in terms}
        return len(tokens), counts, QUANTITY.findall(simplified)

    return lambda docs: [doc(d) for d in docs]


def _runner(name: str, terms: list[str]) -> tuple[Callable[[list[str]], object], Callable[[], None]]:
    """The timed function of a row and what closes it."""
    if name.startswith("gongwen"):
        try:
            import gongwen
        except ImportError as e:
            raise SystemExit(
                f"gongwen cannot be imported ({e}): build it with the Rust pipeline (make build-dev)"
            ) from e
        if not hasattr(gongwen, "process_corpus") or not hasattr(gongwen._core, "Pipeline"):
            raise SystemExit("gongwen._core has no Pipeline: build gongwen with the Rust pipeline (make build-dev)")
        threads = {"gongwen-1": 1, "gongwen-2": 2}.get(name, _cpus())
        lexicons = {"lexicon": terms}

        def run(docs: list[str]) -> object:
            return gongwen.process_corpus(docs, lexicons=lexicons, threads=threads)

        return run, lambda: None
    if name == "fastest-1":
        _fast_init(terms)
        return (lambda docs: [_fast_doc(d) for d in docs]), lambda: None
    if name == "aho-1":
        _fast_init(terms)
        return (lambda docs: [_aho_doc(d) for d in docs]), lambda: None
    if name == "fastest-pool":
        import multiprocessing

        pool = multiprocessing.Pool(os.cpu_count(), initializer=_fast_init, initargs=(terms,))
        pool.map(_fast_doc, ["預熱"] * (os.cpu_count() or 1))  # workers started and initialised
        return (lambda docs: pool.map(_fast_doc, docs, chunksize=1)), pool.terminate
    if name == "typical-1":
        return _typical_runner(terms), lambda: None
    raise SystemExit(f"unknown row {name!r}")


def child(name: str, mb: float, runs: int, subset_mb: float | None, min_seconds: float = 0.0) -> dict[str, Any]:
    """Run one row in this process: the best of at least ``runs`` runs after a warm-up, more
    until ``min_seconds`` of timed runs (at most ``MAX_RUNS``), and the peak RSS."""
    docs, nbytes = build_corpus(mb)
    if subset_mb is not None:
        docs, nbytes = subset(docs, subset_mb)
    terms = build_lexicon()
    run, close = _runner(name, terms)
    try:
        run(docs[:5])  # warm-up: dictionaries, automata, worker start-up
        best, timed, done = float("inf"), 0.0, 0
        while done < runs or (timed < min_seconds and done < MAX_RUNS):
            batch = fresh_copies(docs)
            gc.collect()
            t0 = time.perf_counter()
            out = run(batch)
            took = time.perf_counter() - t0
            best, timed, done = min(best, took), timed + took, done + 1
            del out
    finally:
        close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    return {"documents": len(docs), "bytes": nbytes, "seconds": best, "runs": done, "rss_mib": rss / MIB}


def run_row(row: Row, mb: float, runs: int, min_seconds: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", row.name, "--mb", str(mb), "--runs", str(runs)]
    cmd += ["--min-seconds", str(min_seconds)]
    if row.subset_mb is not None:
        cmd += ["--subset-mb", str(min(row.subset_mb, mb))]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    result: dict[str, Any] = {"row": row.name, "label": row.label, "workers": row.workers}
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"  {row.name}: FAILED: {message}", file=sys.stderr)
        return {**result, "error": message}
    result.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    result["mb_per_s"] = result["bytes"] / MB / result["seconds"]
    print(f"  {row.name}: {result['mb_per_s']:.2f} MB/s (best of {result['runs']})", file=sys.stderr)
    return result


def best_rows(passes: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each row's best pass (the fewest seconds), with the runs of all passes and the largest
    peak RSS of any pass; a row that failed in every pass keeps its last error.

    >>> a = [{"row": "r", "seconds": 2.0, "runs": 3, "rss_mib": 10.0}, {"row": "q", "error": "x"}]
    >>> b = [{"row": "r", "seconds": 1.0, "runs": 4, "rss_mib": 9.0}, {"row": "q", "error": "y"}]
    >>> best_rows([a, b])
    [{'row': 'r', 'seconds': 1.0, 'runs': 7, 'rss_mib': 10.0}, {'row': 'q', 'error': 'y'}]
    """
    out = []
    for k in range(len(passes[0])):
        done = [p[k] for p in passes if "error" not in p[k]]
        if not done:
            out.append(passes[-1][k])
            continue
        best = dict(min(done, key=lambda r: r["seconds"]))
        best["runs"] = sum(r["runs"] for r in done)
        best["rss_mib"] = max(r["rss_mib"] for r in done)
        out.append(best)
    return out


# -- report --------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    names = ("gongwen", "OpenCC", "rjieba", "pyahocorasick", "zhconv", "jieba")
    return {name: version(name) for name in names}


def report(mb: float, runs: int, passes: int = 1, min_seconds: float = 0.0) -> dict[str, Any]:
    info = machine()
    done = []
    for k in range(passes):
        print(f" pass {k + 1} of {passes}", file=sys.stderr)
        done.append([run_row(row, mb, runs, min_seconds) for row in rows()])
    results = best_rows(done)
    by = {r["row"]: r for r in results if "error" not in r}
    # The reference is whichever single-process composition of peers was fastest in this run.
    singles = [r["mb_per_s"] for k, r in by.items() if k in ("fastest-1", "aho-1")]
    ref = max(singles) if singles else None
    pool = by.get("fastest-pool", {}).get("mb_per_s")
    targets: dict[str, Any] = {}
    if "gongwen-1" in by and ref:
        targets["single_vs_fastest"] = by["gongwen-1"]["mb_per_s"] / ref
    top = by.get("gongwen-all") or by.get("gongwen-2")
    if top and pool:
        targets["all_cores_vs_pool"] = top["mb_per_s"] / pool
    if "gongwen-1" in by and "gongwen-2" in by:
        targets["scaling_1_to_2"] = by["gongwen-2"]["mb_per_s"] / by["gongwen-1"]["mb_per_s"]
    if top:
        targets["gongwen_peak_rss_mib"] = max(r["rss_mib"] for k, r in by.items() if k.startswith("gongwen"))
    return {
        "machine": info,
        "versions": _versions(),
        "corpus_mb": mb,
        "lexicon_terms": LEXICON_SIZE,
        "runs": runs,
        "passes": passes,
        "min_seconds": min_seconds,
        "rows": results,
        "reference_mb_per_s": ref,
        "targets": targets,
    }


def render(rep: dict[str, Any]) -> str:
    m = rep["machine"]
    lines = [
        "## gongwen corpus benchmark: t2s + segmentation + 2,000-term lexicon + quantities",
        "",
        f"- date: {m['date']}; machine: {m['cpu']}, nproc {m['nproc']}; Python {m['python']}",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in rep["versions"].items()),
        f"- corpus: the 5 seed documents replicated to {rep['corpus_mb']:.0f} MB (mixed scripts), one str per "
        f"document; a row's best run of {rep.get('passes', 1)} interleaved passes, each of at least "
        f"{rep['runs']} runs and {rep.get('min_seconds', 0):g} s; MB = 10^6 bytes of UTF-8 input",
        "",
        "| row | workers | input MB | runs | best s | MB/s | vs fastest (1 process) | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ref = rep["reference_mb_per_s"]
    for r in rep["rows"]:
        if "error" in r:
            lines.append(f"| {r['label']} | {r['workers']} | | | | not run: {r['error']} | | |")
            continue
        ratio = f"{r['mb_per_s'] / ref:.2f}×" if ref else "n/a"
        lines.append(
            f"| {r['label']} | {r['workers']} | {r['bytes'] / MB:.2f} | {r['runs']} | {r['seconds']:.3f} "
            f"| {r['mb_per_s']:.2f} "
            f"| {ratio} | {r['rss_mib']:.0f} |"
        )
    t = rep["targets"]
    lines.append("")
    checks = [
        ("single_vs_fastest", "gongwen 1 thread / fastest composition, one process", TARGET_SINGLE, "×"),
        ("all_cores_vs_pool", "gongwen all cores / fastest composition, Pool", TARGET_ALL, "×"),
        ("scaling_1_to_2", "gongwen 2 threads / 1 thread", TARGET_SCALING, "×"),
    ]
    for key, what, target, unit in checks:
        if key in t:
            verdict = "met" if t[key] >= target else "MISSED"
            lines.append(f"- {what}: {t[key]:.2f}{unit} (target ≥ {target}{unit}: {verdict})")
    if "gongwen_peak_rss_mib" in t:
        rss = t["gongwen_peak_rss_mib"]
        verdict = "met" if rss < TARGET_RSS_MIB else "MISSED"
        lines.append(f"- gongwen peak RSS: {rss:.0f} MiB (target < {TARGET_RSS_MIB:.0f} MiB: {verdict})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=None, help="corpus size in MB (default $GONGWEN_BENCH_MB or 20)")
    parser.add_argument("--quick", action="store_true", help="2 MB corpus and 2 runs, for a smoke check")
    parser.add_argument("--runs", type=int, default=None, help="least timed runs of a row a pass (default 3)")
    parser.add_argument(
        "--min-seconds", type=float, default=None, help="least timed seconds of a row a pass (default 3)"
    )
    parser.add_argument("--passes", type=int, default=None, help="interleaved passes over the rows (default 2)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--subset-mb", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    mb = args.mb if args.mb is not None else (2.0 if args.quick else target_mb())
    runs = args.runs if args.runs is not None else (2 if args.quick else 3)
    min_seconds = args.min_seconds if args.min_seconds is not None else (0.0 if args.quick else 3.0)
    passes = args.passes if args.passes is not None else (1 if args.quick else 2)
    if args.child:
        print(json.dumps(child(args.child, mb, runs, args.subset_mb, min_seconds)))
        return 0
    started = time.perf_counter()
    print(
        f"measuring {len(rows())} rows on {mb:.1f} MB, {passes} passes of at least {runs} runs and "
        f"{min_seconds:g} s each, one subprocess per row ...",
        file=sys.stderr,
    )
    rep = report(mb, runs, passes, min_seconds)
    print(render(rep))
    print(f"\n(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rep, f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
