"""Census of parenthesised groups in the seed corpus: which are pinyin readings a machine
conversion inserted after a Han character (`區(qū)`, `實(shí)現(xiàn)`), and which are real parentheses.

    python3 tools/pinyin_census.py [SEED.txt ...]     (default: tests/fixtures/seeds/*.txt)

Reads the seeds and rust/gongwen-core/data/pinyin/readings.txt (written by
tools/export_pinyin_data.py); standard library only. Prints, per file, the counts and examples
the removal rule is designed from, then the corpus-wide checks.

Groups are the innermost `(...)` / `（...）` pairs (no paren of either kind inside, no newline),
so a reading inside a real parenthesis (`村(社區(qū))`) is seen, and the real one is judged
on its own text.

The rule measured ("RULE"): a group is an inserted reading, and is removed, iff
  - the character directly before `(` is a Han character (no space between), and
  - its content, after normalisation (NFC; look-alike letters such as U+0261 `ɡ`, U+0251 `ɑ`
    mapped to ASCII; `v` -> `ü`), is exactly one of that character's toned readings in the table.
Content is NOT lower-cased by the rule (the census reports whether case ever matters).

"Reading-like" = the content, normalised the same way, is a pinyin syllable: one of the table's
readings of any character, or such a syllable with its tone marks stripped / changed, or several
such syllables separated by spaces or apostrophes. A reading-like group that the rule does not
remove is a "reject"; every reject is printed in a breakdown by reason.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "rust" / "gongwen-core" / "data" / "pinyin" / "readings.txt"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
MAX_EXAMPLES = 30
CTX = 8

GROUP = re.compile(r"([(（])([^()（）\n]*)([)）])")

# Letters that look like pinyin letters but are other code points.
LOOKALIKE = {
    "\u0261": "g",  # LATIN SMALL LETTER SCRIPT G
    "\u0251": "a",  # LATIN SMALL LETTER ALPHA
    "\u0430": "a",  # CYRILLIC SMALL LETTER A
    "\u0435": "e",  # CYRILLIC SMALL LETTER IE
    "\u043e": "o",  # CYRILLIC SMALL LETTER O
    "\u0456": "i",  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
    "\u0131": "i",  # LATIN SMALL LETTER DOTLESS I
}


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or cp == 0x3007
    )


def load_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            ch, rs = line.rstrip("\n").split("\t")
            table[ch] = rs.split(",")
    return table


def normalise(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = "".join(LOOKALIKE.get(c, c) for c in s)
    s = s.replace("v", "ü").replace("V", "Ü")
    return unicodedata.normalize("NFC", s)


def strip_tones(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    # keep the diaeresis of ü and the circumflex of ê, drop the four tone marks
    d = "".join(c for c in d if c not in "\u0304\u0301\u030c\u0300")
    return unicodedata.normalize("NFC", d)


def ctx(text: str, start: int, end: int) -> str:
    a = text[max(0, start - CTX) : start].replace("\n", "⏎")
    b = text[end : end + CTX].replace("\n", "⏎")
    return f"…{a}【{text[start:end]}】{b}…"


def main(paths: list[Path]) -> None:
    table = load_table()
    toned = {r for rs in table.values() for r in rs}
    toneless = {strip_tones(r) for r in toned}
    print(f"table: {len(table)} characters, {len(toned)} toned syllables, {len(toneless)} toneless")

    def syllable_kind(tok: str) -> str | None:
        """'toned' if tok is a table syllable as is, 'loose' if only after lower-casing or
        stripping/changing tones, None if not a syllable."""
        if tok in toned:
            return "toned"
        low = tok.lower()
        if low in toned or strip_tones(low) in toneless:
            return "loose"
        return None

    total = Counter()
    reading_chars = Counter()
    raw_reading_chars = Counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        c = Counter()
        c["open ("] = text.count("(")
        c["close )"] = text.count(")")
        c["open （"] = text.count("（")
        c["close ）"] = text.count("）")
        rejects: dict[str, list[str]] = defaultdict(list)
        kept: list[str] = []
        removed_kinds = Counter()
        for m in GROUP.finditer(text):
            o, content, cl = m.groups()
            wide = o == "（" or cl == "）"
            c["groups"] += 1
            if wide:
                c["groups full-width/mixed"] += 1
            prev = text[m.start() - 1] if m.start() > 0 else ""
            norm = normalise(content)
            tokens = [t for t in re.split(r"[ '’\u00a0\u2002]+", norm) if t]
            kinds = [syllable_kind(t) for t in tokens] if tokens else [None]
            if None in kinds:
                c["kept (not reading-like)"] += 1
                kept.append(ctx(text, m.start(), m.end()))
                continue
            # reading-like
            for ch in content:
                raw_reading_chars[ch] += 1
            readings = table.get(prev, [])
            if is_han(prev) and not wide and len(tokens) == 1 and norm in readings:
                c["RULE: removed"] += 1
                if norm != content:
                    removed_kinds["needed normalisation"] += 1
                if readings and norm != readings[0]:
                    removed_kinds["not the first (most common) reading"] += 1
                for ch in content:
                    reading_chars[ch] += 1
                continue
            c["reading-like, rejected"] += 1
            example = ctx(text, m.start(), m.end())
            if wide:
                reason = "full-width parentheses"
            elif not prev or not is_han(prev):
                reason = f"after a non-Han character {prev!r}" if prev != " " else "after a space"
            elif len(tokens) > 1:
                reason = "several syllables"
            elif prev not in table:
                reason = "character not in the table"
            elif norm.lower() in readings:
                reason = "matches only case-insensitively"
            elif strip_tones(norm.lower()) in {strip_tones(r) for r in readings}:
                reason = f"tone differs from the table ({'/'.join(readings)})"
            else:
                reason = f"syllable is not a reading of {prev} ({'/'.join(readings)})"
            rejects[reason].append(example)

        for k, v in c.items():
            total[k] += v
        print(f"\n=== {path.name}")
        for k in (
            "open (",
            "close )",
            "open （",
            "close ）",
            "groups",
            "groups full-width/mixed",
            "RULE: removed",
            "reading-like, rejected",
            "kept (not reading-like)",
        ):
            print(f"  {k:28} {c[k]}")
        for k in ("needed normalisation", "not the first (most common) reading"):
            print(f"    removed, {k}: {removed_kinds[k]}")
        if rejects:
            print("  rejects by reason:")
            shown = 0
            for reason, exs in sorted(rejects.items(), key=lambda kv: -len(kv[1])):
                print(f"    [{len(exs)}] {reason}")
                for e in exs:
                    if shown < MAX_EXAMPLES:
                        print(f"        {e}")
                        shown += 1
        if kept:
            print(f"  kept (first {min(MAX_EXAMPLES, len(kept))} of {len(kept)}):")
            for e in kept[:MAX_EXAMPLES]:
                print(f"        {e}")

    print("\n=== all files")
    for k, v in total.items():
        print(f"  {k:28} {v}")
    print("characters inside removed readings:", "".join(sorted(reading_chars)))
    odd = sorted(ch for ch in raw_reading_chars if not ("a" <= ch <= "z") and ch not in "àáǎāèéěēìíǐīòóǒōùúǔūüǖǘǚǜ")
    print(
        "characters inside reading-like groups outside [a-z] and the toned vowels:",
        ", ".join(f"{ch!r} U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in odd) or "none",
    )


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or sorted(SEEDS.glob("*.txt"))
    main(args)
