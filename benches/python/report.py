"""Side-by-side throughput of gongwen, rjieba, jieba_fast and jieba in one process, as Markdown.

Every implementation cuts whole documents of the corpus from ``corpus.py`` with the HMM on
(jieba's default); jieba and jieba_fast on a 1 MB and a 2 MB prefix of it. The runs are
interleaved round-robin, each on fresh copies of the strings, and the fastest of ``--runs``
counts, so a burst of load elsewhere on the machine hits every row alike. MB = 10**6 bytes of
UTF-8 input.

Also measured, each in a fresh interpreter (best of 5): the time of ``import`` plus the first
cut, and the resident memory after it.

``--stage convert`` prints the script-conversion table of ``report_convert.py`` instead (gongwen
against OpenCC and zhconv_rs), ``--stage all`` (the default) both, segmentation first.

Usage::

    python benches/python/report.py                 # both stages, 20 MB, about 2 minutes on 2 cores
    python benches/python/report.py --stage segment # segmentation only, about a minute
    python benches/python/report.py --stage convert # conversion only, about 45 s
    python benches/python/report.py --quick         # 2 MB smoke check
    python benches/python/report.py --mb 50 --runs 7 --json benches/out/report.json

Peers that are not installed are left out (see requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Callable

from corpus import MB, SUBSET_MB, build_corpus, fresh_copies, seed_documents, subset, target_mb

MIB = 1024 * 1024
STARTUP_TARGET_S = 0.2
RSS_TARGET_MIB = 80.0
STARTUP_RUNS = 5

# Run in a fresh interpreter: time from before the import to after the first cut (the cut
# loads the dictionary in libraries that do so lazily), then the resident set size.
STARTUP_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
{code}
t1 = time.perf_counter()
rss = None
try:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
except OSError:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({{"seconds": t1 - t0, "rss": rss}}))
"""

STARTUP_CODE = {
    "python (bare)": "pass",
    "gongwen": "import gongwen; gongwen.cut('测试')",
    "rjieba": "import rjieba; rjieba.cut('测试')",
    "jieba_fast": "import jieba_fast; jieba_fast.lcut('测试')",
    "jieba": "import jieba; jieba.lcut('测试')",
}


@dataclass
class Case:
    implementation: str
    mode: str
    threads: int
    run: Callable[[list[str]], object]
    docs: list[str]
    nbytes: int
    best: float = float("inf")

    @property
    def mb_per_s(self) -> float:
        return self.nbytes / self.best / MB


def try_import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "nproc": nproc,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
    }


def build_cases(docs: list[str], nbytes: int) -> tuple[list[Case], list[str]]:
    cases: list[Case] = []
    missing: list[str] = []
    gongwen = try_import("gongwen")
    if gongwen is None:
        sys.exit("gongwen is not importable: build it first (make build-dev)")
    cases += [
        Case("gongwen", "cut per document", 1, lambda ds: [gongwen.cut(d) for d in ds], docs, nbytes),
        Case("gongwen", "cut_offsets per document", 1, lambda ds: [gongwen.cut_offsets(d) for d in ds], docs, nbytes),
    ]
    all_cores = gongwen.default_threads()
    for threads in sorted({1, 2, all_cores}):
        cases.append(
            Case("gongwen", "cut_batch", threads, lambda ds, t=threads: gongwen.cut_batch(ds, threads=t), docs, nbytes)
        )
    for threads in (1, 2):
        cases.append(
            Case(
                "gongwen",
                "cut_offsets_batch",
                threads,
                lambda ds, t=threads: gongwen.cut_offsets_batch(ds, threads=t),
                docs,
                nbytes,
            )
        )

    rjieba = try_import("rjieba")
    if rjieba is None:
        missing.append("rjieba")
    else:
        rjieba.cut("测试")  # its dictionary is built on first use
        cases.append(Case("rjieba", "cut per document", 1, lambda ds: [rjieba.cut(d) for d in ds], docs, nbytes))

    for name in ("jieba_fast", "jieba"):
        module = try_import(name)
        if module is None:
            missing.append(name)
            continue
        module.setLogLevel(logging.WARNING)
        module.initialize()
        sub, sub_bytes = subset(docs, SUBSET_MB[name])
        cases.append(Case(name, "lcut per document", 1, lambda ds, m=module: [m.lcut(d) for d in ds], sub, sub_bytes))
    return cases, missing


def measure(cases: list[Case], runs: int) -> None:
    for r in range(runs):
        for case in cases:
            docs = fresh_copies(case.docs)
            gc.collect()
            t0 = time.perf_counter()
            out = case.run(docs)
            elapsed = time.perf_counter() - t0
            del out
            case.best = min(case.best, elapsed)
        print(f"  run {r + 1}/{runs} done", file=sys.stderr)


def startup(runs: int) -> dict[str, dict[str, float]]:
    """Best-of-``runs`` import + first cut time and the largest resident size, per library."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as cwd:  # so nothing in the working directory shadows a package
        for name, code in STARTUP_CODE.items():
            module = name.split()[0]
            if module != "python" and importlib.util.find_spec(module) is None:
                continue
            best = {"seconds": float("inf"), "process_seconds": float("inf"), "rss_mib": 0.0}
            for _ in range(runs):
                t0 = time.perf_counter()
                proc = subprocess.run(
                    [sys.executable, "-c", STARTUP_SCRIPT.format(code=code)],
                    cwd=cwd,
                    capture_output=True,
                    text=True,
                )
                wall = time.perf_counter() - t0
                if proc.returncode != 0:
                    print(f"start-up of {name} failed:\n{proc.stderr}", file=sys.stderr)
                    break
                data = json.loads(proc.stdout.strip().splitlines()[-1])
                best["seconds"] = min(best["seconds"], data["seconds"])
                best["process_seconds"] = min(best["process_seconds"], wall)
                best["rss_mib"] = max(best["rss_mib"], (data["rss"] or 0) / MIB)
            else:
                results[name] = best
    return results


def output_check() -> dict[str, str]:
    """How many seed documents each library cuts exactly as jieba does (not timed)."""
    jieba = try_import("jieba")
    if jieba is None:
        return {}
    seeds = seed_documents()
    expected = [jieba.lcut(d) for d in seeds]
    checks = {"gongwen.cut": try_import("gongwen").cut}
    for name, attr in (("rjieba", "cut"), ("jieba_fast", "lcut")):
        module = try_import(name)
        if module is not None:
            checks[f"{name}.{attr}"] = getattr(module, attr)
    return {k: f"{sum(f(d) == e for d, e in zip(seeds, expected))}/{len(seeds)}" for k, f in checks.items()}


def ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}×" if reference else "n/a"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    c = report["corpus"]
    lines = [
        "## gongwen segmentation benchmark",
        "",
        f"- date: {m['date']}",
        f"- machine: {m['cpu']}, nproc {m['nproc']}, load average at start "
        + (", ".join(f"{x:.2f}" for x in m["load_average"]) if m["load_average"] else "n/a"),
        f"- Python: {m['python']} ({m['platform']})",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()),
        f"- corpus: {c['documents']} documents, {c['bytes'] / MB:.2f} MB UTF-8 (the 5 seed documents x "
        f"{c['passes']}); HMM on; best of {c['runs']} interleaved runs; MB = 10^6 bytes",
        "",
        "| implementation | mode | threads | input MB | best s | MB/s | vs rjieba.cut | vs jieba.lcut |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ref_r, ref_j = report["reference_mb_per_s"]["rjieba.cut"], report["reference_mb_per_s"]["jieba.lcut"]
    for row in report["throughput"]:
        lines.append(
            f"| {row['implementation']} | {row['mode']} | {row['threads']} | {row['bytes'] / MB:.2f} "
            f"| {row['seconds']:.3f} | {row['mb_per_s']:.2f} | {ratio(row['mb_per_s'], ref_r)} "
            f"| {ratio(row['mb_per_s'], ref_j)} |"
        )
    if report["missing"]:
        lines.append(f"\nNot installed, left out: {', '.join(report['missing'])}.")

    lines += [
        "",
        f"Start-up in a fresh interpreter (best of {STARTUP_RUNS}; RSS is the largest seen):",
        "",
        "| implementation | import + first cut s | whole process s | VmRSS MiB | over bare python MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    bare = report["startup"].get("python (bare)", {}).get("rss_mib", 0.0)
    for name, s in report["startup"].items():
        lines.append(
            f"| {name} | {s['seconds']:.3f} | {s['process_seconds']:.3f} | {s['rss_mib']:.1f} "
            f"| {s['rss_mib'] - bare:.1f} |"
        )

    lines.append("")
    t = report["targets"]
    if t:
        lines.append(
            f"- gongwen import + first cut: {t['import_seconds']:.3f} s (target < {STARTUP_TARGET_S} s: "
            f"{'met' if t['import_ok'] else 'MISSED'}); VmRSS {t['rss_mib']:.1f} MiB (target < {RSS_TARGET_MIB:.0f} "
            f"MiB: {'met' if t['rss_ok'] else 'MISSED'})"
        )
    for mode, value in report["scaling"].items():
        lines.append(f"- scaling {mode} threads=2 / threads=1: {value:.2f}×")
    if report["output_check"]:
        lines.append(
            "- same tokens as jieba.lcut on the seed documents: "
            + ", ".join(f"{k} {v}" for k, v in report["output_check"].items())
        )
    return "\n".join(lines)


def segment_report(mb: float, runs: int) -> dict[str, Any]:
    """Measure the segmentation stage and return its report (what ``render`` prints)."""
    info = machine()  # load average before we add to it
    docs, nbytes = build_corpus(mb)
    cases, missing = build_cases(docs, nbytes)
    print(f"measuring {len(cases)} rows on {nbytes / MB:.2f} MB, {runs} runs ...", file=sys.stderr)
    measure(cases, runs)
    print("start-up and memory ...", file=sys.stderr)
    start = startup(STARTUP_RUNS)
    checks = output_check()

    def best(impl: str, mode: str, threads: int = 1) -> float | None:
        found = [c for c in cases if (c.implementation, c.mode, c.threads) == (impl, mode, threads)]
        return found[0].mb_per_s if found else None

    scaling = {}
    for mode in ("cut_batch", "cut_offsets_batch"):
        one, two = best("gongwen", mode, 1), best("gongwen", mode, 2)
        if one and two:
            scaling[mode] = two / one
    targets = {}
    if "gongwen" in start:
        g = start["gongwen"]
        targets = {
            "import_seconds": g["seconds"],
            "import_ok": g["seconds"] < STARTUP_TARGET_S,
            "rss_mib": g["rss_mib"],
            "rss_ok": g["rss_mib"] < RSS_TARGET_MIB,
        }
    versions = {"gongwen": version("gongwen")}
    versions.update({name: version(name) for name in ("rjieba", "jieba_fast", "jieba") if name not in missing})
    report = {
        "machine": info,
        "versions": versions,
        "corpus": {
            "documents": len(docs),
            "bytes": nbytes,
            "passes": len(docs) // len(seed_documents()),
            "runs": runs,
        },
        "throughput": [
            {
                "implementation": c.implementation,
                "mode": c.mode,
                "threads": c.threads,
                "documents": len(c.docs),
                "bytes": c.nbytes,
                "seconds": c.best,
                "mb_per_s": c.mb_per_s,
            }
            for c in cases
        ],
        "reference_mb_per_s": {
            "rjieba.cut": best("rjieba", "cut per document"),
            "jieba.lcut": best("jieba", "lcut per document"),
        },
        "startup": start,
        "targets": targets,
        "scaling": scaling,
        "output_check": checks,
        "missing": missing,
    }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--stage",
        choices=("segment", "convert", "all"),
        default="all",
        help="which table: segmentation, script conversion (report_convert.py), or both (default)",
    )
    parser.add_argument("--mb", type=float, default=None, help="corpus size in MB (default $GONGWEN_BENCH_MB or 20)")
    parser.add_argument("--quick", action="store_true", help="2 MB corpus and 3 runs, for a smoke check")
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="timed runs per row, the best counts (default 5 for segment, 9 for convert; 3 with --quick)",
    )
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="also write the results as JSON: the stage's report, or with --stage all {'segment': .., 'convert': ..}",
    )
    args = parser.parse_args(argv)
    mb = args.mb if args.mb is not None else (2.0 if args.quick else target_mb())
    runs = args.runs if args.runs is not None else (3 if args.quick else None)

    started = time.perf_counter()
    reports: dict[str, Any] = {}
    if args.stage in ("segment", "all"):
        reports["segment"] = segment_report(mb, runs or 5)
        print(render(reports["segment"]))
    if args.stage in ("convert", "all"):
        import report_convert

        reports["convert"] = report_convert.run(mb, runs or report_convert.DEFAULT_RUNS)
        if len(reports) > 1:
            print()
        print(report_convert.render(reports["convert"]))
    print(f"\n(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(reports if args.stage == "all" else reports[args.stage], f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
