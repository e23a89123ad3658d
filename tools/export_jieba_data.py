"""Export jieba 0.42.1's dictionary and HMM tables into the plain-text files the Rust core embeds.

Run once by a maintainer when the jieba version we mirror changes:

    python tools/export_jieba_data.py "$(python -c 'import jieba, os; print(os.path.dirname(jieba.__file__))')"

The output lives in rust/gongwen-core/data/jieba/ and is committed; nothing is downloaded at build or run time.
Floats are written with repr(), which round-trips exactly, so the Rust side computes the very same Viterbi scores.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rust" / "gongwen-core" / "data" / "jieba"


def main(jieba_dir: str) -> None:
    src = Path(jieba_dir)
    sys.path.insert(0, str(src.parent))
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "dict.txt", OUT / "dict.txt")

    fs_start = importlib.import_module("jieba.finalseg.prob_start").P
    fs_trans = importlib.import_module("jieba.finalseg.prob_trans").P
    fs_emit = importlib.import_module("jieba.finalseg.prob_emit").P
    with open(OUT / "finalseg.txt", "w", encoding="utf-8") as f:
        f.write("# jieba 0.42.1 finalseg HMM (MIT). S state prob | T from to prob | E state char prob\n")
        for s, p in fs_start.items():
            f.write(f"S\t{s}\t{p!r}\n")
        for a, row in fs_trans.items():
            for b, p in row.items():
                f.write(f"T\t{a}\t{b}\t{p!r}\n")
        for s, row in fs_emit.items():
            for ch, p in row.items():
                f.write(f"E\t{s}\t{ch}\t{p!r}\n")

    ps_start = importlib.import_module("jieba.posseg.prob_start").P
    ps_trans = importlib.import_module("jieba.posseg.prob_trans").P
    ps_emit = importlib.import_module("jieba.posseg.prob_emit").P
    ps_chars = importlib.import_module("jieba.posseg.char_state_tab").P

    def st(s: tuple[str, str]) -> str:
        return f"{s[0]},{s[1]}"

    with open(OUT / "posseg.txt", "w", encoding="utf-8") as f:
        f.write("# jieba 0.42.1 posseg HMM (MIT). S state prob | T from to prob | E state char prob | C char states\n")
        for s, p in ps_start.items():
            f.write(f"S\t{st(s)}\t{p!r}\n")
        for a, row in ps_trans.items():
            f.write(f"T\t{st(a)}\t\t\n" if not row else "")
            for b, p in row.items():
                f.write(f"T\t{st(a)}\t{st(b)}\t{p!r}\n")
        for s, row in ps_emit.items():
            for ch, p in row.items():
                f.write(f"E\t{st(s)}\t{ch}\t{p!r}\n")
        for ch, states in ps_chars.items():
            f.write(f"C\t{ch}\t{';'.join(st(s) for s in states)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
