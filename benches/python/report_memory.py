"""Streaming keeps memory flat: peak RSS of ``gongwen.write_parquet`` over JSONL corpora of growing size.

Each size runs in a fresh subprocess: the seed documents replicated to N MB are written as a
JSONL file (one document a line), then ``gongwen.write_parquet(path, out)`` streams it through
the pipeline in bounded batches and writes Parquet as it goes; the child reports its peak
resident memory (``ru_maxrss``). If streaming works, the peak does not grow with N.

Run: ``python benches/python/report_memory.py [--mb 20 100]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus

CHILD = r"""
import json, resource, sys, time
import gongwen
src, out = sys.argv[1], sys.argv[2]
t = time.perf_counter()
summary = gongwen.write_parquet(src, out, threads=None)
seconds = time.perf_counter() - t
print(json.dumps({
    "documents": summary.documents, "failed": summary.failed, "seconds": seconds,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[20.0, 100.0])
    args = ap.parse_args()
    print("| corpus MB | documents | failed | seconds | MB/s | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            docs, size = build_corpus(mb)
            src = Path(tmp) / f"corpus-{mb:g}.jsonl"
            with open(src, "w", encoding="utf-8") as f:
                for i, d in enumerate(docs):
                    f.write(json.dumps({"id": str(i), "text": d}, ensure_ascii=False) + "\n")
            del docs
            out = Path(tmp) / f"out-{mb:g}.parquet"
            r = subprocess.run([sys.executable, "-c", CHILD, str(src), str(out)], capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(r.stderr)
            res = json.loads(r.stdout.strip().splitlines()[-1])
            print(
                f"| {size / 1e6:.1f} | {res['documents']} | {res['failed']} | {res['seconds']:.2f} | "
                f"{size / 1e6 / res['seconds']:.1f} | {res['peak_mib']:.0f} |"
            )
            src.unlink()


if __name__ == "__main__":
    main()
