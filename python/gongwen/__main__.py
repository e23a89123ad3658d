"""The ``gongwen`` command.

``gongwen demo`` runs the main job on the sample corpus bundled with the package (cleaning,
Traditional to Simplified as OpenCC's t2s, then words as jieba cuts them) and prints a summary;
``gongwen cut FILE...`` segments files (UTF-8) and prints the words separated by spaces, one
output line per input line, as ``python -m jieba`` does.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from importlib import resources

import gongwen


def _sample_documents() -> list[tuple[str, str]]:
    root = resources.files("gongwen") / "data" / "sample"
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in root.iterdir() if p.name.endswith(".txt")]
    return sorted(docs)


def _is_word(w: str) -> bool:
    """A token worth listing among the most frequent: two or more characters, some of them Han."""
    return len(w) >= 2 and any("\u4e00" <= c <= "\u9fff" for c in w)


def demo(threads: int | None) -> int:
    docs = _sample_documents()
    texts = [t for _, t in docs]
    size = sum(len(t.encode("utf-8")) for t in texts)
    start = time.perf_counter()
    # Clean (inserted pinyin readings, punctuation, spaces, site boilerplate), convert to
    # Simplified exactly as OpenCC's t2s, then cut into words exactly as jieba does.
    normalized = [gongwen.normalize(t, "t2s") for t in texts]
    words = gongwen.cut_batch([n.text for n in normalized], threads=threads)
    elapsed = time.perf_counter() - start
    print(f"gongwen {gongwen.__version__}: clean + OpenCC t2s + jieba-identical words, bundled sample corpus")
    print(f"{'document':<26} {'chars':>7} {'readings':>8} {'boilerpl.':>9} {'words':>7}  most frequent words")
    for (name, text), norm, toks in zip(docs, normalized, words):
        top = Counter(w for w in toks if _is_word(w)).most_common(5)
        counts = f"{len(text):>7,} {norm.readings_removed:>8,} {len(norm.removed):>9,} {len(toks):>7,}"
        print(f"{name:<26} {counts}  " + " ".join(f"{w}({n})" for w, n in top))
    total = sum(len(t) for t in words)
    print(
        f"{len(docs)} documents, {size / 1e6:.2f} MB, {total:,} words in {elapsed * 1000:.0f} ms "
        f"({size / 1e6 / elapsed:.1f} MB/s on {threads or gongwen.default_threads()} threads)"
    )
    return 0


def cut_files(paths: list[str], hmm: bool) -> int:
    seg = gongwen.default_segmenter()
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except (OSError, UnicodeDecodeError) as e:
            print(f"gongwen: cannot read {path}: {e}", file=sys.stderr)
            return 1
        for line in seg.cut_batch(lines, hmm=hmm):
            print(" ".join(line))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongwen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"gongwen {gongwen.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="run the main job on the bundled sample corpus")
    p_demo.add_argument("--threads", type=int, default=None, help="worker threads (default: all cores)")
    p_cut = sub.add_parser("cut", help="segment UTF-8 files, one output line per input line")
    p_cut.add_argument("paths", nargs="+")
    p_cut.add_argument("--no-hmm", action="store_true", help="do not use the HMM for unknown words")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo(args.threads)
    return cut_files(args.paths, hmm=not args.no_hmm)


if __name__ == "__main__":
    sys.exit(main())
