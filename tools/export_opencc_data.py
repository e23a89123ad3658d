"""Export OpenCC 1.4.2's dictionaries and configs into the plain-text files the Rust core embeds.

Run once by a maintainer when the OpenCC version we mirror changes, with a Python that has both
`OpenCC==1.4.2` and `marisa-trie` installed:

    SHARE="$(python -c 'import opencc, os; print(os.path.dirname(opencc.__file__))')/clib/share/opencc"
    python tools/export_opencc_data.py "$SHARE"

The output lives in rust/gongwen-core/data/opencc/ and is committed; nothing is downloaded at build
or run time. Each `NAME.ocd2` becomes `NAME.txt` in OpenCC's own text-dictionary format and each
`NAME.json` config is copied verbatim; the algorithm that uses them is in ALGORITHM.md there.

An `.ocd2` file is the ASCII header `OPENCC_MARISA_0.2.5`, then a marisa-trie image holding the
keys, then OpenCC's SerializedValues block (all little-endian):

    u32 item count, u32 byte length L of the value pool, L bytes of NUL-terminated values,
    then for each item in marisa key-id order: u16 value count n, n x u16 (value length + 1).

The values of item i are consecutive in the pool, so walking the items in id order and slicing
the pool yields every key's values in their stored order (the first is the one OpenCC uses).

The script checks itself: the trie image must re-serialise to the very bytes read, the value
block must end exactly at the end of the file, the entry count must equal the trie's key count,
and every key of every dictionary is converted by the installed opencc twice - through a config
that loads the original .ocd2 and through one that loads the written .txt - and must give the
key's first value both times.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path

import marisa_trie
import opencc

OUT = Path(__file__).resolve().parent.parent / "rust" / "gongwen-core" / "data" / "opencc"
# The project's shared inputs sit beside the checkout (../shared), or where GONGWEN_SHARED says.
SHARED = Path(os.environ.get("GONGWEN_SHARED", Path(__file__).resolve().parents[2] / "shared"))
LICENSE = SHARED / "peer-tests" / "opencc" / "LICENSE"
VERSION = "1.4.2"
OCD2_HEADER = b"OPENCC_MARISA_0.2.5"


def decode_ocd2(path: Path) -> tuple[dict[str, list[str]], int]:
    """Returns (key -> values in stored order, the trie's key count)."""
    data = path.read_bytes()
    if not data.startswith(OCD2_HEADER):
        raise ValueError(f"{path.name}: not an OPENCC_MARISA dictionary")
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(OCD2_HEADER) :])
    image = trie.tobytes()
    off = len(OCD2_HEADER)
    if data[off : off + len(image)] != image:
        raise ValueError(f"{path.name}: the trie image does not re-serialise to the bytes read")
    off += len(image)
    num_items, pool_len = struct.unpack_from("<II", data, off)
    off += 8
    pool = data[off : off + pool_len]
    off += pool_len
    values_by_id: list[list[str]] = []
    cursor = 0
    for _ in range(num_items):
        (n,) = struct.unpack_from("<H", data, off)
        off += 2
        values = []
        for _ in range(n):
            (nbytes,) = struct.unpack_from("<H", data, off)
            off += 2
            raw = pool[cursor : cursor + nbytes]
            cursor += nbytes
            if len(raw) != nbytes or not raw.endswith(b"\0") or b"\0" in raw[:-1]:
                raise ValueError(f"{path.name}: malformed value pool")
            values.append(raw[:-1].decode("utf-8"))
        if not values:
            raise ValueError(f"{path.name}: an entry without values")
        values_by_id.append(values)
    if off != len(data) or cursor != pool_len:
        raise ValueError(f"{path.name}: trailing or missing bytes ({off} of {len(data)})")
    if num_items != len(trie):
        raise ValueError(f"{path.name}: {num_items} value lists for {len(trie)} keys")
    entries: dict[str, list[str]] = {}
    for key, key_id in trie.items():
        entries[key] = values_by_id[key_id]
    if len(entries) != len(trie):
        raise ValueError(f"{path.name}: duplicate keys")
    return entries, len(trie)


def check_text_safe(name: str, entries: dict[str, list[str]]) -> None:
    """The text format splits on TAB, SPACE and newlines and treats lines starting with '#' as comments."""
    for key, values in entries.items():
        for s in [key, *values]:
            if s == "" or any(c in s for c in "\t\n\r \0"):
                raise ValueError(f"{name}: {key!r} -> {values!r} cannot be written as text")
        if key.startswith("#"):
            raise ValueError(f"{name}: key {key!r} would read as a comment")


def write_text_dict(path: Path, name: str, entries: dict[str, list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# from OpenCC {VERSION} (PyPI OpenCC=={VERSION}) share/opencc/{name}.ocd2, Apache-2.0\n")
        for key in sorted(entries, key=lambda k: k.encode("utf-8")):
            f.write(f"{key}\t{' '.join(entries[key])}\n")


def verify_with_opencc(name: str, entries: dict[str, list[str]], dict_spec: dict[str, str]) -> None:
    """Converting a key with a one-dictionary config gives that key's first value."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "one.json"
        config.write_text(json.dumps({"name": name, "conversion_chain": [{"dict": dict_spec}]}))
        converter = opencc.OpenCC(str(config))
        bad = [(k, v[0], converter.convert(k)) for k, v in entries.items() if converter.convert(k) != v[0]]
    if bad:
        raise ValueError(f"{name} ({dict_spec['type']}): {len(bad)} keys convert differently, e.g. {bad[:3]}")


def main(share_dir: str) -> None:
    if opencc.__version__ != VERSION:
        raise SystemExit(f"need opencc {VERSION}, found {opencc.__version__}")
    src = Path(share_dir)
    OUT.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for ocd2 in sorted(src.glob("*.ocd2")):
        name = ocd2.stem
        entries, trie_keys = decode_ocd2(ocd2)
        check_text_safe(name, entries)
        txt = OUT / f"{name}.txt"
        write_text_dict(txt, name, entries)
        verify_with_opencc(name, entries, {"type": "ocd2", "file": str(ocd2.resolve())})
        verify_with_opencc(name, entries, {"type": "text", "file": str(txt.resolve())})
        counts[name] = trie_keys
        print(f"{name}: {trie_keys} entries, {sum(len(v) for v in entries.values())} values")
    configs = sorted(src.glob("*.json"))
    for config in configs:
        shutil.copyfile(config, OUT / config.name)
    shutil.copyfile(LICENSE, OUT / "LICENSE")
    print(f"{len(counts)} dictionaries, {len(configs)} configs -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main(sys.argv[1])
