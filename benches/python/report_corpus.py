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
Pool's workers are not included). The subprocesses are set up (and warmed up) one after another
and then wait; the coordinator runs ``--rounds`` rounds, each timing one run of every row in
turn, and a row's figure is its best run. On a shared machine whose speed drifts by a third over
a minute, every row is so sampled over the same stretch of time: a busy spell slows one run of
each row, not every run of one row, and the ratios compare rows measured side by side. Usage::

    .venv/bin/python benches/python/report_corpus.py            # 20 MB, about 2 minutes
    .venv/bin/python benches/python/report_corpus.py --quick    # 2 MB smoke check
    .venv/bin/python benches/python/report_corpus.py --json results/corpus.json
    GONGWEN_BENCH_CORPUS=real .venv/bin/python benches/python/report_corpus.py  # the real reports, 20 MB
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
import tempfile
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
    # Before/after in one interleaved run: $GONGWEN_BENCH_BASE is the python/ folder of another
    # build of gongwen (its rows "base-N"); $GONGWEN_BENCH_ROWS keeps only the rows it names.
    if os.environ.get("GONGWEN_BENCH_BASE"):
        out += [Row("base-1", "gongwen process_corpus (base build)", 1), Row("base-2", "gongwen (base build)", 2)]
    keep = os.environ.get("GONGWEN_BENCH_ROWS")
    return [r for r in out if not keep or r.name in keep.split(",")]


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
    if name.startswith(("gongwen", "base")):
        try:
            import gongwen
        except ImportError as e:
            raise SystemExit(
                f"gongwen cannot be imported ({e}): build it with the Rust pipeline (make build-dev)"
            ) from e
        if not hasattr(gongwen, "process_corpus") or not hasattr(gongwen._core, "Pipeline"):
            raise SystemExit("gongwen._core has no Pipeline: build gongwen with the Rust pipeline (make build-dev)")
        threads = {"gongwen-1": 1, "gongwen-2": 2, "base-1": 1, "base-2": 2}.get(name, _cpus())
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


PROTOCOL = "@@ "  # marks the lines a row's process writes for the coordinator


def _say(message: dict[str, Any]) -> None:
    print(PROTOCOL + json.dumps(message), flush=True)


def serve(name: str, mb: float, subset_mb: float | None) -> int:
    """A row's own process: build the corpus and the row's functions, warm up, say ``ready``;
    then time one run for each ``run`` line read from stdin, until ``quit``, which is answered
    with the process's peak RSS. Each run gets fresh copies of the texts."""
    docs, nbytes = build_corpus(mb)
    if subset_mb is not None:
        docs, nbytes = subset(docs, subset_mb)
    terms = build_lexicon()
    run, close = _runner(name, terms)
    try:
        run(docs[:5])  # warm-up: dictionaries, automata, worker start-up
        _say({"ready": True, "documents": len(docs), "bytes": nbytes})
        for line in sys.stdin:
            if line.strip() != "run":
                break
            batch = fresh_copies(docs)
            gc.collect()
            t0 = time.perf_counter()
            out = run(batch)
            took = time.perf_counter() - t0
            del out
            _say({"seconds": took})
    finally:
        close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    _say({"rss_mib": rss / MIB})
    return 0


class Served:
    """A row's process, driven one run at a time by the coordinator."""

    def __init__(self, row: Row, mb: float) -> None:
        cmd = [sys.executable, __file__, "--child", row.name, "--mb", str(mb)]
        if row.subset_mb is not None:
            cmd += ["--subset-mb", str(min(row.subset_mb, mb))]
        self.row = row
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in finish, after the runs)
        env = dict(os.environ)
        if row.name.startswith("base"):
            env["PYTHONPATH"] = os.environ["GONGWEN_BENCH_BASE"]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1, env=env
        )
        self.result: dict[str, Any] = {"row": row.name, "label": row.label, "workers": row.workers}
        self.times: list[float] = []

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(PROTOCOL):
                return json.loads(line[len(PROTOCOL) :])
        self.proc.wait()
        self.log.seek(0)
        lines = self.log.read().strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"exited with status {self.proc.returncode}")

    def _ask(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._read()

    def start(self) -> bool:
        """Wait until the row is set up; False (and an error in the result) if it failed."""
        try:
            ready = self._read()
        except (RuntimeError, OSError) as e:
            return self.fail(str(e))
        self.result.update(documents=ready["documents"], bytes=ready["bytes"])
        return True

    def time_one(self) -> bool:
        try:
            self.times.append(self._ask("run")["seconds"])
        except (RuntimeError, OSError) as e:
            return self.fail(str(e))
        return True

    def finish(self) -> dict[str, Any]:
        if "error" not in self.result:
            try:
                self.result["rss_mib"] = self._ask("quit")["rss_mib"]
            except (RuntimeError, OSError) as e:
                self.fail(str(e))
        self.proc.wait()
        self.log.close()
        if "error" not in self.result:
            self.result.update(seconds=min(self.times), runs=len(self.times))
            self.result["mb_per_s"] = self.result["bytes"] / MB / self.result["seconds"]
        return self.result

    def fail(self, message: str) -> bool:
        self.result["error"] = message
        print(f"  {self.row.name}: FAILED: {message}", file=sys.stderr)
        if self.proc.poll() is None:
            self.proc.kill()
        return False


def measure(mb: float, rounds: int) -> list[dict[str, Any]]:
    """Every row in its own process, set up one after another; then ``rounds`` rounds, each
    timing one run of every row in turn. A row's figure is its best run."""
    served, live = [], []
    for row in rows():
        s = Served(row, mb)
        served.append(s)
        if s.start():
            live.append(s)
    for r in range(rounds):
        live = [s for s in live if s.time_one()]
        best = ", ".join(f"{s.row.name} {s.result['bytes'] / MB / min(s.times):.1f}" for s in live)
        print(f"  round {r + 1} of {rounds}: best MB/s so far: {best}", file=sys.stderr)
    return [s.finish() for s in served]


# -- report --------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    names = ("gongwen", "OpenCC", "rjieba", "pyahocorasick", "zhconv", "jieba")
    return {name: version(name) for name in names}


def report(mb: float, rounds: int) -> dict[str, Any]:
    info = machine()
    results = measure(mb, rounds)
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
        "corpus": "real" if os.environ.get("GONGWEN_BENCH_CORPUS", "").strip() == "real" else "seeds",
        "lexicon_terms": LEXICON_SIZE,
        "rounds": rounds,
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
        f"- corpus: the {rep.get('corpus', 'seeds')} documents replicated to {rep['corpus_mb']:.0f} MB, one str per "
        f"document; a row's best run of {rep['rounds']} interleaved rounds (one run of every row a round); "
        "MB = 10^6 bytes of UTF-8 input",
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
    parser.add_argument("--quick", action="store_true", help="2 MB corpus and 2 rounds, for a smoke check")
    parser.add_argument("--rounds", type=int, default=None, help="timed runs of every row, interleaved (default 6)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--subset-mb", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    mb = args.mb if args.mb is not None else (2.0 if args.quick else target_mb())
    rounds = args.rounds if args.rounds is not None else (2 if args.quick else 6)
    if args.child:
        return serve(args.child, mb, args.subset_mb)
    started = time.perf_counter()
    print(
        f"measuring {len(rows())} rows on {mb:.1f} MB, {rounds} interleaved rounds, one subprocess per row ...",
        file=sys.stderr,
    )
    rep = report(mb, rounds)
    print(render(rep))
    print(f"\n(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rep, f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
