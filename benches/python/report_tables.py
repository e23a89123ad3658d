"""Tables, dictionaries and threads at scale (issue 19): growth with the size of what is loaded.

- ``IndicatorRules``: load time of generated unit tables of 4,000 ... 32,000 entries, in two shapes
  (words spread over many first characters; half of them sharing one), and the ratio to the size
  before. Linear loading doubles the time when the entries double (ratio about 2); loading was
  about n^2.6 before the lists were built once at the end. Then the time to scan 20,000 figures
  whose units start like the shared words with that table: flat in n (2.9 s for 16,000 words, 50x
  the time for 1,000, when each lookup compared every word on the character; 0.03 s now).
- ``Segmenter.load_userdict``: load time of user dictionaries of every 3- to N-character run of the
  seed reports, and the longest a ``cut`` on another thread waited meanwhile (it waited for the whole
  load before: readers now use the dictionary as it was until the new one replaces it).
- ``Segmenter.add_word``: peak memory added by one word of 64 ... 256 characters (the maximum), and
  the ``DictionaryError`` past it; each in a fresh subprocess. Prefixes as strings grew with the
  square of the length (291 MiB for 8,000 characters).
- Threads: the process's thread count after ``scan_indicators_batch`` with ``threads=2..32`` (528
  when each count kept its own pool; at most 32 workers now).

Run: ``python benches/python/report_tables.py``; about a minute.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import gongwen

SEEDS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seeds"


def seed_text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def han_chars(text: str) -> list[str]:
    return sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})


def indicator_tables(tmp: Path, chars: list[str]) -> None:
    print("## IndicatorRules: load time by entries\n")
    print("| entries | spread (s) | ratio | shared first character (s) | ratio | scan with it (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    # 20,000 figures whose unit starts like the shared words (个 and a character that follows 个 in
    # them) and then is none of them: each lookup meets every word on 个.
    text = "".join(f"新增3个{chars[i % 1500]}好。" for i in range(20_000))
    last: tuple[float, float] | None = None
    for n in (4_000, 8_000, 16_000, 32_000):
        times = []
        for shared in (False, True):
            if shared:
                words = [f"个{chars[i % 1500]}{chars[1500 + i // 1500]}" for i in range(n)]
            else:
                words = [f"{chars[i % 1500]}{chars[(i // 1500) * 7 % 1500]}{chars[i // 97 % 1500]}" for i in range(n)]
            path = tmp / f"units_{n}_{shared}.tsv"
            path.write_text("".join(f"unit\t{w}\t{w}\n" for w in words), encoding="utf-8")
            t = time.perf_counter()
            rules = gongwen.IndicatorRules(path, extend_default=False)
            times.append(time.perf_counter() - t)
            assert len(rules) == n
        # Past 16 words on a character a lookup probes the table once per distinct length.
        rules = gongwen.IndicatorRules(path)  # the last: the shared table, with gongwen's own units
        t = time.perf_counter()
        gongwen.scan_indicators(text, rules=rules)
        scan = time.perf_counter() - t
        ratio = [f"{a / b:.2f}" for a, b in zip(times, last)] if last else ["", ""]
        print(f"| {n:,} | {times[0]:.3f} | {ratio[0]} | {times[1]:.3f} | {ratio[1]} | {scan:.3f} |")
        last = (times[0], times[1])
    print()


def userdicts(tmp: Path, text: str) -> None:
    print("## Segmenter.load_userdict: load time, and the longest cut meanwhile on another thread\n")
    print("| words | load (s) | cuts during the load | longest cut (ms) |")
    print("|---:|---:|---:|---:|")
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    sentence = "全面推进乡村振兴，加快建设农业强国"
    for longest in (4, 5, 7):
        words = dict.fromkeys(r[i : i + k] for r in runs for k in range(3, longest + 1) for i in range(len(r) - k + 1))
        path = tmp / f"userdict_{longest}.txt"
        path.write_text("\n".join(words) + "\n", encoding="utf-8")
        segmenter = gongwen.Segmenter()
        segmenter.cut(sentence)
        window: list[float] = []

        def load(s: gongwen.Segmenter = segmenter, p: Path = path, w: list[float] = window) -> None:
            w.append(time.perf_counter())
            s.load_userdict(p)
            w.append(time.perf_counter())

        thread = threading.Thread(target=load)
        thread.start()
        waits = []
        while thread.is_alive():
            t = time.perf_counter()
            segmenter.cut(sentence)
            waits.append(time.perf_counter() - t)
        thread.join()
        print(f"| {len(words):,} | {window[1] - window[0]:.3f} | {len(waits):,} | {max(waits) * 1000:.1f} |")
    print()


ADD_WORD = r"""
import resource, sys
import gongwen
n = int(sys.argv[1])
word = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(n))
seg = gongwen.Segmenter()
seg.cut("预热")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    seg.add_word(word)
    outcome = "added"
except gongwen.DictionaryError:
    outcome = "DictionaryError"
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(outcome, f"{grown:.2f}")
"""


def add_word_memory() -> None:
    print("## Segmenter.add_word: peak memory added by one word\n")
    print("| characters | outcome | peak RSS added (MiB) |")
    print("|---:|---|---:|")
    for n in (64, 128, 256, 257, 8_000, 30_000):
        out = subprocess.run([sys.executable, "-c", ADD_WORD, str(n)], capture_output=True, text=True, check=True)
        outcome, mib = out.stdout.split()
        print(f"| {n:,} | {outcome} | {mib} |")
    print()


THREADS = r"""
import os, time
import gongwen
texts = ["全年地区生产总值增长6%左右。"] * 64
for t in range(2, 33):
    gongwen.scan_indicators_batch(texts, threads=t)
# The pools a larger one replaced stop their threads in the background.
deadline = time.monotonic() + 5
while len(os.listdir("/proc/self/task")) > 33 and time.monotonic() < deadline:
    time.sleep(0.05)
print(len(os.listdir("/proc/self/task")))
"""


def thread_count() -> None:
    if not Path("/proc/self/task").is_dir():
        return
    out = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True, check=True)
    print("## Threads\n")
    print(f"Threads of the process after scan_indicators_batch with threads=2..32: {out.stdout.strip()}\n")


def main() -> None:
    text = seed_text()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        indicator_tables(tmp, han_chars(text))
        userdicts(tmp, text)
    add_word_memory()
    thread_count()


if __name__ == "__main__":
    main()
