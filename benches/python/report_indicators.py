"""Indicator scanning: a quality report on the seed documents, and its speed against a regex.

Quality (what a reader checks): per seed document, the number of indicators, the share with a
metric, with a period, the placeholders, the stances, and a sample to read.

Speed, single thread, on the five seeds replicated to 20 MB (mixed Simplified and Traditional):

- ``scan (normalised)``: ``scan_indicators(text, clean=False, convert=None)`` on text already
  cleaned and converted (every field produced);
- ``scan_indicators (raw)``: on the raw text, cleaning and t2s conversion included;
- ``re.findall number+unit``: a plain Python regex of a number, an optional scale and a unit,
  the baseline (values, units, nothing else);
- ``clean alone`` and ``clean + t2s alone``: ``gongwen.clean`` and ``gongwen.normalize`` on the
  raw text, no scan: what the raw row spends before its scan starts;
- ``re.findall every numeral form``: the regex a user needs to find the quantities the scanner
  finds (Chinese numerals, 余/多, ranges, placeholders, thousands separators): a second
  baseline, about as many matches as the scanner's indicators, still no other field.

The rows are timed in ``--runs`` interleaved rounds (one run of every row a round); a row's figure
is its best round.

Run: ``python benches/python/report_indicators.py [--mb 20] [--runs 3] [--quality-only] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, seed_documents

import gongwen

SEED_NAMES = ["000", "001", "002", "003", "004"]

# The baseline users write: digits, a decimal part, an optional scale and a unit.
NUMBER_UNIT = re.compile(
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:[十百千万亿萬億])?"
    r"(?:%|％|个百分点|人次|平方米|平方公里|公里|公顷|亩|畝|吨|噸|元|万元|个|個|家|人|户|戶|项|項|件|座|所|条|條|辆|輛|次|场|場|处|處|名)"
)

# The same units after every numeral form the issue lists: digits with separators and decimals,
# placeholders, Chinese numerals, 余/多, scales, a range to a second number.
_NUM = (
    r"(?:[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
    r"|[xXｘＸ]+(?:[.．][xXｘＸ]+)?"
    r"|[零〇一二两三四五六七八九十百千万亿]+)"
)
EVERY_FORM = re.compile(
    _NUM
    + r"(?:余|多)?[十百千万亿]*(?:余|多)?(?:\s*(?:-|－|~|～|至|到)\s*"
    + _NUM
    + r"[十百千万亿]*)?\s*"
    + NUMBER_UNIT.pattern[NUMBER_UNIT.pattern.rindex("(?:%") :]
)


# The targets, as multiples of the number+unit regex's throughput in the same run.
TARGETS = [("gongwen scan (normalised)", 2.0), ("gongwen scan_indicators (raw: clean + t2s + scan)", 1.0)]


def quality() -> list[dict[str, object]]:
    rows = []
    for name, text in zip(SEED_NAMES, seed_documents()):
        found = gongwen.scan_indicators(text)
        n = len(found) or 1
        stances = Counter(i.stance for i in found)
        rows.append(
            {
                "doc": name,
                "chars": len(text),
                "indicators": len(found),
                "with_metric": sum(i.metric is not None for i in found) / n,
                "with_period": sum(i.period is not None for i in found) / n,
                "placeholders": sum(i.placeholder for i in found),
                "change": sum(i.change for i in found),
                "target": stances["target"],
                "actual": stances["actual"],
                "comparators": dict(Counter(i.comparator for i in found)),
                "sample": [repr(i) for i in found[:: max(1, len(found) // 6)][:6]],
            }
        )
    return rows


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def speed(mb: float, runs: int) -> list[dict[str, object]]:
    docs, size = build_corpus(mb)
    normalised = [gongwen.normalize(d, "t2s").text for d in docs]
    norm_size = sum(len(d.encode("utf-8")) for d in normalised)
    rows = []

    def regex() -> None:
        for d in normalised:
            NUMBER_UNIT.findall(d)

    def every_form() -> None:
        for d in normalised:
            EVERY_FORM.findall(d)

    def scan_norm() -> None:
        gongwen.scan_indicators_batch(normalised, clean=False, convert=None, threads=1)

    def scan_raw() -> None:
        gongwen.scan_indicators_batch(docs, threads=1)

    def clean_only() -> None:
        for d in docs:
            gongwen.clean(d)

    def normalize_only() -> None:
        for d in docs:
            gongwen.normalize(d, "t2s")

    timed = [
        ("re.findall number+unit (normalised)", regex, norm_size),
        ("re.findall every numeral form + unit (normalised)", every_form, norm_size),
        ("gongwen scan (normalised)", scan_norm, norm_size),
        ("gongwen scan_indicators (raw: clean + t2s + scan)", scan_raw, size),
        # What the raw row spends before its scan starts: the floor under it.
        ("  of which: clean alone (raw)", clean_only, size),
        ("  of which: clean + t2s alone (raw)", normalize_only, size),
    ]
    # Interleaved: each round times every row once, so that all rows meet the same moments of
    # a shared machine; a row's figure is its best round.
    best = {name: float("inf") for name, _, _ in timed}
    for _ in range(runs):
        for name, fn, _ in timed:
            best[name] = min(best[name], best_of(fn, 1))
    t_re, t_every = best[timed[0][0]], best[timed[1][0]]
    for name, _fn, n in timed:
        t = best[name]
        rows.append(
            {
                "row": name,
                "mb_s": n / 1e6 / t,
                "x_regex": (n / t) / (norm_size / t_re),
                "x_every_form": (n / t) / (norm_size / t_every),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quality-only", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    q = quality()
    s = [] if args.quality_only else speed(args.mb, args.runs)
    if args.json:
        print(json.dumps({"quality": q, "speed": s}, ensure_ascii=False, indent=1))
        return
    machine = platform.processor() or platform.machine()
    print(f"gongwen {gongwen.__version__}, {machine}, Python {platform.python_version()}")
    print("\nQuality on the seed documents")
    head = ["chars", "found", "metric", "period", "placeh.", "change", "target", "actual"]
    print(f"{'doc':4} " + " ".join(f"{h:>7}" for h in head))
    for r in q:
        print(
            f"{r['doc']:4} {r['chars']:7d} {r['indicators']:7d} {r['with_metric']:7.0%} {r['with_period']:7.0%} "
            f"{r['placeholders']:7d} {r['change']:7d} {r['target']:7d} {r['actual']:7d}"
        )
    for r in q:
        print(f"\n{r['doc']}: comparators {r['comparators']}")
        for line in r["sample"]:
            print("   ", line)
    if s:
        print(f"\nSpeed, single thread, {args.mb:g} MB of mixed seeds (best of {args.runs} interleaved rounds)")
        for r in s:
            print(
                f"  {r['row']:52} {r['mb_s']:8.1f} MB/s  {r['x_regex']:5.2f}x regex  "
                f"{r['x_every_form']:5.2f}x every-form regex"
            )
        by_row = {r["row"]: r["x_regex"] for r in s}
        for row, need in TARGETS:
            got = by_row[row]
            print(f"target: {row} >= {need:g}x regex: {got:.2f}x, {'met' if got >= need else 'not met'}")


if __name__ == "__main__":
    main()
