"""Export pypinyin's per-character reading table into the plain-text file the Rust core embeds.

Run once by a maintainer when the pypinyin version we mirror changes, with a Python that has the
PyPI package `pypinyin` installed (a scratch venv is enough; nothing else is needed):

    python3 -m venv .venv-pinyin && .venv-pinyin/bin/pip install pypinyin==0.55.0
    .venv-pinyin/bin/python tools/export_pinyin_data.py

The output lives in rust/gongwen-core/data/pinyin/ and is committed; nothing is downloaded at build
or run time. It is used to recognise pinyin readings that a machine conversion inserted after Han
characters (`區(qū)`, `實(shí)現(xiàn)`): a parenthesised syllable is such a reading only if it is a
reading of the character before it.

What is exported: `pypinyin.pinyin_dict.pinyin_dict`, which maps a code point to the character's
comma-separated readings in toned form (`qū`, `lǜ`, `m̄`), most common first. It holds Simplified
and Traditional characters alike (區 實 現 畝 務 衛 鄉 are all keys). Every entry is written, in
code-point order, as `CHAR<TAB>reading1,reading2,...` with the readings exactly as pypinyin stores
them (already NFC; four readings use a combining mark because Unicode has no precomposed letter:
`m̄ m̀ ê̄ ê̌`). The phrase table (`phrases_dict`) is not exported.

Files written:
    readings.txt   one header comment line, then one line per character
    README.md      provenance, format, counts and pypinyin's licence (from the installed dist-info)

The script checks itself: every reading is non-empty, NFC, lower-case and free of spaces, tabs and
commas; no character has a duplicate reading; and the written file, parsed back, equals the
installed dictionary entry for entry.
"""

from __future__ import annotations

import importlib.metadata as md
import sys
import unicodedata
from pathlib import Path

import pypinyin
from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parent.parent / "rust" / "gongwen-core" / "data" / "pinyin"
DIST = "pypinyin"
# Characters from the seed corpus that must be present (Traditional forms of a machine conversion).
MUST_HAVE = "區實現畝務衛鄉区实现亩务卫乡"


def licence_text() -> str:
    dist = md.distribution(DIST)
    for f in dist.files or []:
        name = f.name.upper()
        if "dist-info" in str(f) and (name.startswith("LICENSE") or name.startswith("COPYING")):
            return Path(dist.locate_file(f)).read_text(encoding="utf-8").strip()
    raise SystemExit(f"no licence file found in the installed {DIST} dist-info")


def check_reading(cp: int, r: str) -> None:
    bad = not r or r != unicodedata.normalize("NFC", r) or r != r.lower() or any(c in r for c in " \t\r\n,")
    if bad:
        raise SystemExit(f"U+{cp:04X}: unexpected reading {r!r}")


def main() -> None:
    version = md.version(DIST)
    if getattr(pypinyin, "__version__", version) != version:
        raise SystemExit(f"pypinyin.__version__ {pypinyin.__version__} != dist version {version}")

    table: dict[int, list[str]] = {}
    for cp, value in pinyin_dict.items():
        readings = value.split(",")
        for r in readings:
            check_reading(cp, r)
        if len(set(readings)) != len(readings):
            raise SystemExit(f"U+{cp:04X}: duplicate readings {value!r}")
        table[cp] = readings
    for ch in MUST_HAVE:
        if ord(ch) not in table:
            raise SystemExit(f"{ch} (U+{ord(ch):04X}) is missing from pinyin_dict")

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "readings.txt"
    header = (
        f"# from pypinyin {version} (PyPI pypinyin=={version}) pypinyin/pinyin_dict.py, MIT;"
        " CHAR<TAB>toned readings, comma-separated, most common first; sorted by code point\n"
    )
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for cp in sorted(table):
            f.write(f"{chr(cp)}\t{','.join(table[cp])}\n")

    # Read back and compare.
    back: dict[int, list[str]] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and lines[0].startswith("#")
    for line in lines[1:-1]:
        ch, rs = line.split("\t")
        assert len(ch) == 1 and ord(ch) not in back
        back[ord(ch)] = rs.split(",")
    if back != table:
        raise SystemExit("readings.txt does not parse back to pinyin_dict")

    n_chars = len(table)
    n_readings = sum(len(v) for v in table.values())
    n_poly = sum(1 for v in table.values() if len(v) > 1)
    n_astral = sum(1 for cp in table if cp > 0xFFFF)
    syllables = sorted({r for v in table.values() for r in v})
    readme = f"""# pypinyin {version} data

`readings.txt`: every character pypinyin knows, with all its toned readings, from
`pypinyin.pinyin_dict.pinyin_dict` of the PyPI package `pypinyin=={version}`.

Written by `tools/export_pinyin_data.py` from the installed package; nothing is downloaded at
build or run time. The Rust core uses the table to recognise a pinyin reading that a machine
conversion inserted after a Han character (`區(qū)交通運輸局`, `實(shí)現(xiàn)`): a parenthesised
syllable is removed only if it is a reading of the character it follows.

## Format

- line 1 is a comment starting with `#` (provenance); no key is `#`;
- every other line is `CHAR<TAB>reading1,reading2,...`: one character (one code point), then its
  readings exactly as pypinyin stores them, in pypinyin's order (the first is the most common);
- readings are lower-case toned pinyin in NFC (`qū`, `lǜ`, `ế`); four use a combining mark because
  Unicode has no precomposed letter for them (`m̄` `m̀` `ê̄` `ê̌`, in 呣 嘸 欸 誒); none is empty or
  contains a space, tab or comma, and no character repeats a reading;
- lines are sorted by code point, keys are unique, the file ends with a newline.

Simplified and Traditional characters are both keys (e.g. 区/區 `qū`, 实/實 `shí`, 亩/畝 `mǔ`).
Only the per-character table is exported, not pypinyin's phrase table (`phrases_dict`).

| | count |
|---|---:|
| characters | {n_chars} |
| of them outside the BMP | {n_astral} |
| with more than one reading | {n_poly} |
| readings in all | {n_readings} |
| distinct toned syllables | {len(syllables)} |

## Licence

pypinyin is released under the MIT License; the same terms apply to `readings.txt`. The licence
text, copied from the installed package's `pypinyin-{version}.dist-info`:

```
{licence_text()}
```
"""
    (OUT / "README.md").write_text(readme, encoding="utf-8", newline="\n")
    print(f"pypinyin {version}: {n_chars} characters, {n_readings} readings -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
