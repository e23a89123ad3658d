"""The whole pipeline of two builds of gongwen timed directly, process by process in alternation
(issue 20's before/after check, beside the interleaved rounds of ``report_corpus.py``).

Each run is a fresh process that builds the 20 MB corpus of the seeds and the 2,000-term lexicon
of ``report_corpus.py``, then times ``process_corpus(docs, lexicons=..., threads=1)`` (pipeline
construction included) and the construction alone, best of ``--repeat``. Usage::

    .venv/bin/python benches/python/report_ab.py --base ../old-checkout/python --runs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(mb: float, repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    from corpus import build_corpus
    from report_corpus import build_lexicon

    import gongwen

    docs, _ = build_corpus(mb)
    lex = {"lexicon": build_lexicon()}

    def best(f: object) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            f()  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        return min(times)

    full = best(lambda: gongwen.process_corpus(docs, lexicons=lex, threads=1))
    print(json.dumps({"gongwen": gongwen.__file__, "seconds": full}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="the python/ folder of the other build (required)")
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=2, help="alternations of the two builds")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.mb, args.repeat)
        return 0
    if not args.base:
        parser.error("--base is required")
    cmd = [sys.executable, __file__, "--child", "--mb", str(args.mb), "--repeat", str(args.repeat)]
    base_env = {**os.environ, "PYTHONPATH": os.path.abspath(args.base)}
    results: dict[str, list[float]] = {"this": [], "base": []}
    for i in range(args.runs):
        order = [("this", dict(os.environ)), ("base", base_env)]
        for name, env in order if i % 2 == 0 else order[::-1]:
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
            results[name].append(json.loads(out.strip().splitlines()[-1])["seconds"])
    for name, times in results.items():
        print(f"{name}: " + " ".join(f"{t:.3f}" for t in times) + f" s (best {min(times):.3f})")
    print(f"this / base, best against best: {min(results['base']) / min(results['this']):.3f}x the speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
