"""One huge document: peak memory per input byte of ``process_corpus`` on a single file.

The seed reports are concatenated into one UTF-8 file of N MB (one document, as a scraped
compilation or a mis-split corpus gives), then a fresh subprocess runs
``gongwen.process_corpus([path])`` (input ``file``), or ``process_corpus([text])`` on the text
read into a ``str`` (input ``str``), with the default options (clean, t2s, indicators, token
counts), and reports its peak resident memory (``ru_maxrss``) above what the interpreter held
before the call: after ``import gongwen``, and for ``str`` with the user's text in memory (the
UTF-8 copy Python makes of a ``str`` for Rust to read counts). The target is under 4 bytes of
memory per input byte.

Run: ``python benches/python/report_big_document.py [--mb 50 200]``.
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
from pathlib import Path
import gongwen
src = Path(sys.argv[1]); mode = sys.argv[2]
inputs = [src] if mode == "file" else [src.read_text(encoding="utf-8")]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t = time.perf_counter()
corpus = gongwen.process_corpus(inputs, threads=1)
seconds = time.perf_counter() - t
doc = corpus[0]
print(json.dumps({
    "ok": doc.ok, "error": doc.error, "indicators": doc.n_indicators, "seconds": seconds,
    "base": base, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[50.0, 200.0])
    ap.add_argument("--mode", choices=["file", "str"], nargs="+", default=["file", "str"])
    args = ap.parse_args()
    print("| document MB | input | ok | indicators | seconds | peak above the input held, MiB | bytes per input byte |")
    print("|---:|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            docs, _ = build_corpus(mb)
            src = Path(tmp) / f"doc-{mb:g}.txt"
            src.write_text("\n".join(docs), encoding="utf-8")
            del docs
            size = src.stat().st_size
            for mode in args.mode:
                r = subprocess.run([sys.executable, "-c", CHILD, str(src), mode], capture_output=True, text=True)
                if r.returncode != 0:
                    raise SystemExit(r.stderr)
                res = json.loads(r.stdout.strip().splitlines()[-1])
                above = res["peak"] - res["base"]
                print(
                    f"| {size / 1e6:.1f} | {mode} | {res['ok']} | {res['indicators']} | {res['seconds']:.1f} | "
                    f"{above / 2**20:.0f} | {above / size:.2f} |"
                )
            src.unlink()


if __name__ == "__main__":
    main()
