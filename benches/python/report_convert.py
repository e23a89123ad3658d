"""Side-by-side throughput of gongwen's script conversion, OpenCC and zhconv_rs, as Markdown.

The conversion stage of ``report.py`` (``--stage convert``; this file runs it alone, with the
same options). t2s rows convert the Traditional seed documents (000, 001, 004), s2twp rows the
Simplified ones (002, 003), each replicated in whole passes to the corpus size (``corpus.py``),
one call per document unless the row is a batch. zhconv_rs has no t2s: its ``zh-hans`` target
(MediaWiki's tables) stands in, so its output differs. Converters are built before the timing.
As in the segmentation stage, runs are interleaved round-robin, each on fresh copies of the
strings, and the fastest of ``--runs`` (default 9) counts. MB = 10**6 bytes of UTF-8 input.

Also measured, each in a fresh interpreter (best of 5): the time to build a converter
(``gongwen.Converter("s2twp")`` and the peers' equivalents) and to convert a first short text.

Usage::

    python benches/python/report_convert.py             # 20 MB, about 45 s on 2 cores
    python benches/python/report.py --stage convert     # the same
    python benches/python/report_convert.py --quick     # 2 MB smoke check

Peers that are not installed are left out (see requirements-dev.txt).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any, Callable

from corpus import MB, SIMPLIFIED, TRADITIONAL, build_corpus, seed_documents
from report import STARTUP_RUNS, Case, machine, measure, ratio, try_import, version

# Targets for gongwen, printed as met or not.
T2S_VS_ZHCONV_TARGET = 1.0  # Converter("t2s").convert per document against zhconv_rs zh-hans
T2S_VS_OPENCC_TARGET = 2.5  # ... and against opencc's OpenCC("t2s").convert
SCALING_TARGET = 1.8  # convert_batch threads=2 over threads=1
CONSTRUCT_TARGET_MS = 20.0  # gongwen.Converter("s2twp") in a fresh interpreter, after the import

PEERS = ("opencc", "zhconv_rs")

# A conversion row takes only 0.1-2 s at 20 MB, so one burst of load elsewhere moves it more than a
# segmentation row: take the best of more runs (a run of all rows is about 4 s).
DEFAULT_RUNS = 9

# Run in a fresh interpreter: the import, building the converter, then one short conversion
# (which is where a library that builds lazily pays for it), each timed on its own.
CONSTRUCT_SCRIPT = """
import json, time
t0 = time.perf_counter()
{import_}
t1 = time.perf_counter()
{build}
t2 = time.perf_counter()
{first}
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "build": t2 - t1, "first": t3 - t2}}))
"""

CONSTRUCT_CODE = {
    'gongwen.Converter("s2twp")': (
        "import gongwen",
        "c = gongwen.Converter('s2twp')",
        "c.convert('简体中文测试')",
    ),
    'opencc.OpenCC("s2twp")': ("import opencc", "c = opencc.OpenCC('s2twp')", "c.convert('简体中文测试')"),
    # zhconv_rs has no converter object: it builds its built-in ones on the first call needing them.
    'zhconv_rs.zhconv(_, "zh-tw")': ("import zhconv_rs", None, "zhconv_rs.zhconv('简体中文测试', 'zh-tw')"),
}


@dataclass
class ConvertCase(Case):
    config: str = "t2s"


def build_cases(trad: tuple[list[str], int], simp: tuple[list[str], int]) -> tuple[list[ConvertCase], list[str]]:
    """The rows: t2s (and zhconv_rs zh-hans) on the Traditional corpus ``trad``, s2twp on the
    Simplified ``simp``; each a ``(documents, bytes)`` pair from ``build_corpus``."""
    cases: list[ConvertCase] = []

    def add(impl: str, config: str, mode: str, threads: int, fn: Callable[[list[str]], object], corpus: Any) -> None:
        cases.append(ConvertCase(impl, mode, threads, fn, *corpus, config=config))

    gongwen = try_import("gongwen")
    if gongwen is None:
        sys.exit("gongwen is not importable: build it first (make build-dev)")
    opencc = try_import("opencc")
    zhconv_rs = try_import("zhconv_rs")
    missing = [name for name, module in zip(PEERS, (opencc, zhconv_rs)) if module is None]

    # t2s on the Traditional corpus.
    t2s = gongwen.Converter("t2s")
    add("gongwen", "t2s", "Converter.convert", 1, lambda ds: [t2s.convert(d) for d in ds], trad)
    add("gongwen", "t2s", "gongwen.convert", 1, lambda ds: [gongwen.convert(d, "t2s") for d in ds], trad)
    for t in (1, 2):
        add("gongwen", "t2s", "Converter.convert_batch", t, lambda ds, t=t: t2s.convert_batch(ds, threads=t), trad)
    # Cleaning (readings, punctuation, widths, spaces, boilerplate) then t2s, with the map.
    add("gongwen", "t2s", "gongwen.normalize", 1, lambda ds: [gongwen.normalize(d, "t2s") for d in ds], trad)
    add("gongwen", "-", "gongwen.clean", 1, lambda ds: [gongwen.clean(d) for d in ds], trad)
    if opencc is not None:
        o_t2s = opencc.OpenCC("t2s")
        add("opencc", "t2s", "OpenCC.convert", 1, lambda ds: [o_t2s.convert(d) for d in ds], trad)
    if zhconv_rs is not None:
        zhconv_rs.zhconv("測試", "zh-hans")  # its converter is built on first use
        add("zhconv_rs", "zh-hans", "zhconv", 1, lambda ds: [zhconv_rs.zhconv(d, "zh-hans") for d in ds], trad)

    # s2twp on the Simplified corpus.
    s2twp = gongwen.Converter("s2twp")
    add("gongwen", "s2twp", "Converter.convert", 1, lambda ds: [s2twp.convert(d) for d in ds], simp)
    if opencc is not None:
        o_s2twp = opencc.OpenCC("s2twp")
        add("opencc", "s2twp", "OpenCC.convert", 1, lambda ds: [o_s2twp.convert(d) for d in ds], simp)
    return cases, missing


def construction(runs: int) -> dict[str, dict[str, float | None]]:
    """Best-of-``runs`` import, build and first-conversion times (seconds), per library; build is
    None where there is no separate build step."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as cwd:  # so nothing in the working directory shadows a package
        for name, (import_, build, first) in CONSTRUCT_CODE.items():
            if importlib.util.find_spec(name.split(".")[0]) is None:
                continue
            script = CONSTRUCT_SCRIPT.format(import_=import_, build=build or "pass", first=first)
            best = {"import": float("inf"), "build": float("inf"), "first": float("inf")}
            for _ in range(runs):
                proc = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True)
                if proc.returncode != 0:
                    print(f"construction of {name} failed:\n{proc.stderr}", file=sys.stderr)
                    break
                data = json.loads(proc.stdout.strip().splitlines()[-1])
                best = {k: min(v, data[k]) for k, v in best.items()}
            else:
                results[name] = {**best, "build": best["build"] if build else None}
    return results


def output_check() -> dict[str, str]:
    """On how many seed documents gongwen's output is exactly opencc's (not timed)."""
    gongwen, opencc = try_import("gongwen"), try_import("opencc")
    if opencc is None:
        return {}
    checks = {}
    for config, seeds in (("t2s", TRADITIONAL), ("s2twp", SIMPLIFIED)):
        docs = seed_documents(seeds)
        ours, theirs = gongwen.Converter(config), opencc.OpenCC(config)
        checks[config] = f"{sum(ours.convert(d) == theirs.convert(d) for d in docs)}/{len(docs)}"
    return checks


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def run(mb: float, runs: int) -> dict[str, Any]:
    """Measure the conversion stage and return its report (what ``render`` prints)."""
    info = machine()  # load average before we add to it
    traditional = build_corpus(mb, TRADITIONAL)
    simplified = build_corpus(mb, SIMPLIFIED)
    cases, missing = build_cases(traditional, simplified)
    print(
        f"measuring {len(cases)} conversion rows on {traditional[1] / MB:.2f} + {simplified[1] / MB:.2f} MB, "
        f"{runs} runs ...",
        file=sys.stderr,
    )
    measure(cases, runs)
    load_after = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    print("converter construction ...", file=sys.stderr)
    built = construction(STARTUP_RUNS)
    checks = output_check()

    def best(impl: str, mode: str, config: str, threads: int = 1) -> float | None:
        key = (impl, mode, config, threads)
        found = [c for c in cases if (c.implementation, c.mode, c.config, c.threads) == key]
        return found[0].mb_per_s if found else None

    references = {
        "opencc": {config: best("opencc", "OpenCC.convert", config) for config in ("t2s", "s2twp")},
        "zhconv_rs": {"t2s": best("zhconv_rs", "zhconv", "zh-hans")},
    }

    per_doc = best("gongwen", "Converter.convert", "t2s")
    one = best("gongwen", "Converter.convert_batch", "t2s", 1)
    two = best("gongwen", "Converter.convert_batch", "t2s", 2)
    scaling = two / one if one and two else None
    targets: dict[str, Any] = {}
    for peer, target in (("zhconv_rs", T2S_VS_ZHCONV_TARGET), ("opencc", T2S_VS_OPENCC_TARGET)):
        ref = references[peer]["t2s"]
        if per_doc and ref:
            targets[f"t2s_vs_{peer}"] = {"value": per_doc / ref, "target": target, "met": per_doc / ref >= target}
    if scaling is not None:
        targets["scaling"] = {"value": scaling, "target": SCALING_TARGET, "met": scaling >= SCALING_TARGET}
    norm, ref = best("gongwen", "gongwen.normalize", "t2s"), references["opencc"]["t2s"]
    if norm and ref:
        # Cleaning may cost at most 30% on top of conversion: normalize at >= 1/1.3 of opencc.
        targets["normalize_vs_opencc"] = {"value": norm / ref, "target": 1 / 1.3, "met": norm / ref >= 1 / 1.3}
    g = built.get('gongwen.Converter("s2twp")')
    if g:
        ms = g["build"] * 1000
        targets["construct_ms"] = {"value": ms, "target": CONSTRUCT_TARGET_MS, "met": ms < CONSTRUCT_TARGET_MS}

    versions = {"gongwen": version("gongwen")}
    versions.update({name: version(name) for name in PEERS if name not in missing})
    return {
        "machine": info,
        "load_average_after": load_after,
        "versions": versions,
        "corpus": {
            name: {
                "seeds": list(seeds),
                "documents": len(docs),
                "bytes": nbytes,
                "passes": len(docs) // len(seeds),
            }
            for name, seeds, (docs, nbytes) in (
                ("traditional", TRADITIONAL, traditional),
                ("simplified", SIMPLIFIED, simplified),
            )
        },
        "runs": runs,
        "throughput": [
            {
                "implementation": c.implementation,
                "config": c.config,
                "mode": c.mode,
                "threads": c.threads,
                "documents": len(c.docs),
                "bytes": c.nbytes,
                "seconds": c.best,
                "mb_per_s": c.mb_per_s,
            }
            for c in cases
        ],
        "reference_mb_per_s": references,
        "scaling": scaling,
        "construction": built,
        "targets": targets,
        "output_check": checks,
        "missing": missing,
    }


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    c = report["corpus"]

    def loads(values: list[float] | None) -> str:
        return ", ".join(f"{x:.2f}" for x in values) if values else "n/a"

    lines = [
        "## gongwen conversion benchmark",
        "",
        f"- date: {m['date']}",
        f"- machine: {m['cpu']}, nproc {m['nproc']}, load average (1, 5, 15 min) at start "
        f"{loads(m['load_average'])}, after the throughput runs {loads(report['load_average_after'])}",
        f"- Python: {m['python']} ({m['platform']})",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()),
        "- corpus: "
        + "; ".join(
            f"{name} seeds {', '.join(v['seeds'])} x {v['passes']}: {v['documents']} documents, "
            f"{v['bytes'] / MB:.2f} MB UTF-8"
            for name, v in c.items()
        ),
        f"- best of {report['runs']} interleaved runs; MB = 10^6 bytes of input; t2s and zh-hans rows on the "
        "Traditional corpus, s2twp rows on the Simplified one; ratios against the same config of the peer "
        "(zhconv_rs zh-hans for t2s)",
        "",
        "| implementation | config | call | threads | input MB | best s | MB/s | vs opencc | vs zhconv_rs |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    refs = report["reference_mb_per_s"]
    for row in report["throughput"]:
        config = "t2s" if row["config"] == "zh-hans" else row["config"]
        lines.append(
            f"| {row['implementation']} | {row['config']} | {row['mode']} | {row['threads']} "
            f"| {row['bytes'] / MB:.2f} | {row['seconds']:.3f} | {row['mb_per_s']:.2f} "
            f"| {ratio(row['mb_per_s'], refs['opencc'].get(config))} "
            f"| {ratio(row['mb_per_s'], refs['zhconv_rs'].get(config))} |"
        )
    if report["missing"]:
        lines.append(f"\nNot installed, left out: {', '.join(report['missing'])}.")

    lines += [
        "",
        f"Converter construction in a fresh interpreter (best of {STARTUP_RUNS}, each phase on its own):",
        "",
        "| converter | import ms | build ms | first convert ms |",
        "|---|---:|---:|---:|",
    ]
    for name, b in report["construction"].items():
        build = f"{b['build'] * 1000:.2f}" if b["build"] is not None else "none (lazy)"
        lines.append(f"| {name} | {b['import'] * 1000:.1f} | {build} | {b['first'] * 1000:.2f} |")

    lines.append("")
    t = report["targets"]
    if "normalize_vs_opencc" in t:
        n = t["normalize_vs_opencc"]
        lines.append(
            f"- gongwen normalize (clean + t2s + offset map) vs opencc t2s alone: {n['value']:.2f}× "
            f"(target ≥ {n['target']:.2f}×, cleaning costing at most 30% over conversion: {verdict(n['met'])})"
        )
    for peer in ("zhconv_rs", "opencc"):
        key = f"t2s_vs_{peer}"
        if key in t:
            lines.append(
                f"- gongwen t2s per document, 1 thread, vs {peer}: {t[key]['value']:.2f}× "
                f"(target ≥ {t[key]['target']:.1f}×: {verdict(t[key]['met'])})"
            )
        else:
            lines.append(f"- gongwen t2s per document vs {peer}: n/a ({peer} not measured)")
    if "scaling" in t:
        lines.append(
            f"- scaling convert_batch t2s threads=2 / threads=1: {t['scaling']['value']:.2f}× "
            f"(target ≥ {SCALING_TARGET:.1f}×: {verdict(t['scaling']['met'])})"
        )
    if "construct_ms" in t:
        lines.append(
            f'- gongwen.Converter("s2twp") build: {t["construct_ms"]["value"]:.2f} ms '
            f"(target < {CONSTRUCT_TARGET_MS:.0f} ms: {verdict(t['construct_ms']['met'])})"
        )
    if report["output_check"]:
        lines.append(
            "- same output as opencc on the seed documents: "
            + ", ".join(f"{k} {v}" for k, v in report["output_check"].items())
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import report

    sys.exit(report.main(["--stage", "convert", *sys.argv[1:]]))
