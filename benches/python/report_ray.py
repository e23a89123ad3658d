"""Throughput of ``gongwen.ray.process_dataset`` on a local Ray cluster against a local
``process_corpus``, on the five seed documents replicated to 20 MB (issue 7).

Rows, all with the same options (clean, t2s, segmentation with counts, indicators; the defaults):

- local ``process_corpus(docs, threads=1)`` and ``threads=2``;
- ``process_dataset`` on a ``ray.data.Dataset`` of the same documents (already in Ray's object
  store, 16 blocks) with 1 and 2 workers of 1 CPU each, timed to the end of ``materialize()`` of
  its results, actor start-up (one Pipeline per worker) included.

Each row is the best of ``--runs`` timed runs after one warm-up. Usage::

    python benches/python/report_ray.py            # 20 MB, about two minutes on 2 cores
    python benches/python/report_ray.py --mb 5     # smaller
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import MB, build_corpus
from report import machine


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The shortest wall time of ``runs`` calls of ``fn`` after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (default 20)")
    parser.add_argument("--runs", type=int, default=2, help="timed runs per row (default 2)")
    parser.add_argument("--blocks", type=int, default=16, help="blocks of the Ray dataset (default 16)")
    args = parser.parse_args()

    import ray
    import ray.data

    import gongwen.ray

    docs, size = build_corpus(args.mb)
    m = machine()
    print(f"{len(docs)} documents, {size / MB:.1f} MB; {m['cpu']}, {m['nproc']} cores, {m['date']}", flush=True)
    rows: list[tuple[str, int, float]] = []
    for threads in (1, 2):
        seconds = best_of(args.runs, lambda t=threads: gongwen.process_corpus(docs, threads=t))
        rows.append(("local process_corpus", threads, seconds))
        print(f"  local threads={threads}: {size / MB / seconds:.1f} MB/s", flush=True)

    ray.init(num_cpus=os.cpu_count() or 2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    try:
        items = [{"id": str(i), "text": text} for i, text in enumerate(docs)]
        ds = ray.data.from_items(items, override_num_blocks=args.blocks).materialize()
        for workers in (1, 2):

            def run(n: int = workers) -> None:
                result = gongwen.ray.process_dataset(ds, id_column="id", concurrency=n, num_cpus_per_worker=1)
                assert result.nested.materialize().count() == len(docs)

            seconds = best_of(args.runs, run)
            rows.append(("Ray process_dataset", workers, seconds))
            print(f"  ray workers={workers}: {size / MB / seconds:.1f} MB/s", flush=True)
    finally:
        ray.shutdown()

    reference = size / MB / rows[0][2]
    print()
    print("| run | threads / workers (1 CPU each) | MB/s | vs local 1 thread |")
    print("|---|---:|---:|---:|")
    for name, n, seconds in rows:
        mbs = size / MB / seconds
        print(f"| {name} | {n} | {mbs:.1f} | {mbs / reference:.2f}x |")


if __name__ == "__main__":
    main()
