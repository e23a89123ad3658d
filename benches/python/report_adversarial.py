"""Adversarial inputs: does every entry point stay linear in the input, and in the rule count?

Each input family is built at sizes n, 2n, 4n and 8n and run through ``clean``, ``normalize``
(t2s), ``scan_indicators`` (clean and t2s included) and ``process_corpus`` (one document, one
thread). The table gives the seconds at each size (best of ``--runs``), the ratio of each
doubling (about 2 is linear, about 4 quadratic) and the exponent k of time ~ size^k from the
smallest to the largest size measured (1 linear, 2 quadratic). A row is marked
``SUPERLINEAR`` when every doubling exceeds ``--limit`` (2.6): a quadratic cost gives about 4
each time, while a cache or allocation step (memory past the caches, page faults of a large
offset map) or another process on the machine makes a single doubling jump. A cell past
``--budget`` seconds stops its row (the larger sizes are not run).

Families: runs of blank lines (``\\n``, ``\\r\\n``, spaces and ideographic spaces between
line breaks, blank lines around a boilerplate line), boilerplate lines one after another, a
menu word without its ``>`` before blank lines (the rule's ``\\s*`` reads on), runs of tabs and
line breaks before boilerplate lines (tabs, unlike spaces, stay for the rules), a fragment
rule's start repeated, a number of n digits, runs of 十百千万 and of Chinese numerals,
parentheses (open, nested, a Han character before each, as readings look), placeholders
(``xx``, ``__``, ``XX万元``), 100,000-character lines (a seed document without its line
breaks) and a real report with n blank lines inserted.

A second table loads ``BoilerplateRules`` of 2k, 4k, 8k and 16k user rules (a mix of literal
fragments, ``^\\s*`` line rules and regexes) and cleans a seed document with them.

No assertion: a report to read. Run:
``python benches/python/report_adversarial.py [--n 200000] [--runs 3] [--only clean,normalize]``.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import seed_documents

import gongwen

SEEDS = {name: seed_documents([name])[0] for name in ("000", "001", "003")}


def _line(chars: int) -> str:
    """A line of `chars` characters of real report text (seed 000 without its line breaks)."""
    base = SEEDS["000"].replace("\r", "").replace("\n", "")
    return (base * (chars // len(base) + 1))[:chars]


LINE_100K = _line(100_000)
REPORT = SEEDS["003"]

# name -> text of size k (k counts units of the family).
FAMILIES: dict[str, Callable[[int], str]] = {
    "newlines": lambda k: "\n" * k,
    "crlf": lambda k: "\r\n" * k,
    "space+newline": lambda k: " \u3000\n" * k,
    "blank then menu": lambda k: "\n" * k + "首页 > 新闻\n正文",
    "blank+menu repeated": lambda k: ("\n" * 100 + "首页 > 新闻\n") * (k // 100),
    "report + blank lines": lambda k: REPORT + "\n" * k + REPORT,
    "menu lines": lambda k: "首页 > 新闻\n" * (k // 8),
    "menu word+blank lines": lambda k: ("首页\n" + "\n" * 100) * (k // 100),
    "tab lines then menu": lambda k: ("\t\n" * (k // 16) + "\t首页 > 新闻\n") * 8,
    "fragment starts": lambda k: "当前隐藏内容免费" * (k // 8),
    "digits": lambda k: "增长" + "1" * k + "%",
    "digits,comma": lambda k: "共" + "123," * (k // 4) + "元",
    "十百千万": lambda k: "十百千万" * (k // 4),
    "numerals+unit": lambda k: "一二三四五六七八九十百千万亿元" * (k // 15),
    "open parens": lambda k: "(" * k,
    "nested parens": lambda k: "(" * (k // 2) + ")" * (k // 2),
    "Han(": lambda k: "區(" * (k // 2),
    "readings": lambda k: "區(qū)" * (k // 5),
    "xx": lambda k: "xx" * (k // 2),
    "__": lambda k: "__" * (k // 2),
    "XX万元": lambda k: "增长XX万元，" * (k // 7),
    "100k-char lines": lambda k: "\n".join([LINE_100K] * max(1, k // 50_000)),
}


def _corpus(text: str) -> object:
    return gongwen.process_corpus([text], threads=1)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "clean": gongwen.clean,
    "normalize": lambda t: gongwen.normalize(t, "t2s"),
    "scan_indicators": gongwen.scan_indicators,
    "process_corpus": _corpus,
}


def best(f: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def growth_row(name: str, times: list[float | None], limit: float) -> str:
    cells = [f"{t:.4f}" if t is not None else "—" for t in times]
    ratios = [b / a if a and b else None for a, b in zip(times, times[1:])]
    rcells = [f"{r:.2f}" if r is not None else "—" for r in ratios]
    measured = [t for t in times if t is not None]
    done = [r for r in ratios if r is not None]
    if not done:
        exponent, verdict = "—", "n/a"
    else:
        # Time ~ size^k over the sizes measured: k = 1 linear, 2 quadratic. The verdict takes
        # the smallest doubling: a quadratic cost doubles to about 4 every time, a cache or
        # allocation step (or another process) makes one doubling jump, not all.
        k = math.log2(measured[-1] / measured[0]) / (len(measured) - 1)
        exponent, verdict = f"{k:.2f}", ("SUPERLINEAR" if min(done) > limit else "linear")
    if len(measured) < len(times):
        verdict += " (budget)"
    return f"| {name} | " + " | ".join(cells) + " | " + " | ".join(rcells) + f" | {exponent} | {verdict} |"


def input_table(
    n: int, runs: int, budget: float, limit: float, only: set[str] | None, families: set[str] | None
) -> None:
    sizes = [n, 2 * n, 4 * n, 8 * n]
    for fname, f in FUNCTIONS.items():
        if only and fname not in only:
            continue
        print(f"\n### {fname}\n")
        print("| input | " + " | ".join(f"{s:,}" for s in sizes) + " | x2 | x2 | x2 | k | growth |")
        print("|---|" + "---:|" * 8 + "---|")
        for name, make in FAMILIES.items():
            if families and name not in families:
                continue
            times: list[float | None] = []
            for s in sizes:
                if times and (times[-1] is None or times[-1] > budget):
                    times.append(None)
                    continue
                text = make(s)
                f(text)  # warm-up: compiled rules, dictionaries
                times.append(best(lambda: f(text), runs))  # noqa: B023
            print(growth_row(name, times, limit), flush=True)


def rule_lines(count: int) -> str:
    lines = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            lines.append(f"fragment\tad{i}\t广告词{i}号")
        elif kind == 1:
            lines.append(f"line\tmenu{i}\t^\\s*栏目{i}\\s*[:：>]")
        elif kind == 2:
            lines.append(f"line\tsite{i}\t本站{i}(版权|声明)")
        else:
            lines.append(f"fragment\tcode{i}\t编号{i}-\\d+")
    return "\n".join(lines) + "\n"


def rules_table(runs: int, budget: float, limit: float) -> None:
    counts = [2_000, 4_000, 8_000, 16_000]
    text = SEEDS["001"] + "\n栏目2001：首页\n廣告詞16號\n"
    print("\n### BoilerplateRules: user rules (load, then clean seed 001)\n")
    print("| step | " + " | ".join(f"{c:,} rules" for c in counts) + " | x2 | x2 | x2 | k | growth |")
    print("|---|" + "---:|" * 8 + "---|")
    load: list[float | None] = []
    use: list[float | None] = []
    with tempfile.TemporaryDirectory() as d:
        for c in counts:
            if load and (load[-1] is None or load[-1] > budget or (use[-1] or 0) > budget):
                load.append(None)
                use.append(None)
                continue
            path = os.path.join(d, f"rules{c}.txt")
            Path(path).write_text(rule_lines(c), encoding="utf-8")
            start = time.perf_counter()
            rules = gongwen.BoilerplateRules(path)
            load.append(time.perf_counter() - start)
            use.append(best(lambda: gongwen.clean(text, rules=rules), runs))  # noqa: B023
    print(growth_row("load", load, limit))
    print(growth_row("clean", use, limit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200_000, help="the smallest size (units of each family)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds past which a row stops")
    parser.add_argument("--limit", type=float, default=2.6, help="superlinear if every doubling exceeds this")
    parser.add_argument("--only", default="", help="comma-separated functions (clean,normalize,...)")
    parser.add_argument("--families", default="", help="comma-separated input families")
    parser.add_argument("--no-rules", action="store_true", help="skip the rule-count table")
    args = parser.parse_args()
    only = set(args.only.split(",")) - {""} or None
    families = set(args.families.split(",")) - {""} or None
    print(f"gongwen {gongwen.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(f"sizes n = {args.n:,} units; best of {args.runs}; seconds; ratio per doubling (2 = linear)")
    input_table(args.n, args.runs, args.budget, args.limit, only, families)
    if not args.no_rules and (only is None or "clean" in only):
        rules_table(args.runs, args.budget, args.limit)


if __name__ == "__main__":
    main()
