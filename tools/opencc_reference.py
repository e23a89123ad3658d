"""A slow, plain Python model of OpenCC 1.4.2's conversion, used to check the spec in
rust/gongwen-core/data/opencc/ALGORITHM.md before (and while) the Rust core implements it.

It reads only the exported data (the NAME.txt dictionaries and NAME.json configs in that
directory), never the opencc package, and follows ALGORITHM.md rule by rule (the R-numbers in the
comments). Run as a script it checks itself:

    python tools/opencc_reference.py            # OpenCC's own test data (needs no opencc)
    python tools/opencc_reference.py --peer     # also every seed line, all 16 configs, vs opencc
    python tools/opencc_reference.py --peer --fuzz 20000   # plus random adversarial strings
    python tools/opencc_reference.py --experiments   # rerun the experiments ALGORITHM.md cites

and prints the pass counts per config; it exits non-zero on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "rust" / "gongwen-core" / "data" / "opencc"
# The project's shared inputs sit beside the checkout (../shared), or where GONGWEN_SHARED says.
SHARED = Path(os.environ.get("GONGWEN_SHARED", Path(__file__).resolve().parents[2] / "shared"))
PEER_TESTS = SHARED / "peer-tests" / "opencc"
SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
CONFIGS = ["hk2s", "hk2sp", "hk2t", "jp2t", "s2hk", "s2hkp", "s2t", "s2tw", "s2twp", "t2hk", "t2jp", "t2s",
           "t2tw", "tw2s", "tw2sp", "tw2t"]  # fmt: skip

# ---------------------------------------------------------------- dictionaries (R1)


@dataclass
class Leaf:
    entries: dict[str, list[str]]
    max_len: int  # longest key, in code points

    def match(self, s: str, pos: int, end: int) -> tuple[int, str] | None:
        # R3: longest key that is a prefix of s[pos:end]; the value used is the entry's first.
        for n in range(min(self.max_len, end - pos), 0, -1):
            values = self.entries.get(s[pos : pos + n])
            if values is not None:
                return n, values[0]
        return None


@dataclass
class Group:
    policy: str  # "short_circuit" or "union"
    children: list[Leaf | Group]

    def match(self, s: str, pos: int, end: int) -> tuple[int, str] | None:
        if self.policy == "short_circuit":
            # R4: the first child (in order, recursively) that has any match decides.
            for child in self.children:
                m = child.match(s, pos, end)
                if m is not None:
                    return m
            return None
        # R5: union - the longest match over all children; on equal length the earlier child.
        best = None
        for child in self.children:
            m = child.match(s, pos, end)
            if m is not None and (best is None or m[0] > best[0]):
                best = m
        return best


@cache
def load_leaf(file: str) -> Leaf:
    """`NAME.ocd2` (or `NAME`) is read from the exported `NAME.txt`; an absolute `*.txt` path as is."""
    path = Path(file) if file.endswith(".txt") else DATA / f"{file.removesuffix('.ocd2')}.txt"
    entries: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            key, values = line.rstrip("\n").split("\t")
            entries[key] = values.split(" ")
    return Leaf(entries, max(len(k) for k in entries))


def build(node: dict, include_tofu: bool) -> Leaf | Group | None:
    if node["type"] == "group":
        children = [c for c in (build(d, include_tofu) for d in node["dicts"]) if c is not None]
        return Group(node.get("match_policy", "short_circuit"), children) if children else None
    if node.get("may_output_tofu") and not include_tofu:
        return None  # R1: dropped from its group when tofu-risk dictionaries are excluded
    return load_leaf(node["file"])


# ---------------------------------------------------------------- IDS (R7)

MAX_IDS_DEPTH = 16
MAX_IDS_CODE_POINTS = 64


def ids_arity(c: str) -> int:
    cp = ord(c)
    if cp in (0x2FF2, 0x2FF3):
        return 3
    if cp in (0x2FFE, 0x2FFF):
        return 1
    if 0x2FF0 <= cp <= 0x2FFD:
        return 2
    return 0


def ids_len(s: str, pos: int, end: int) -> int:
    """Code points in the complete ideographic description sequence at s[pos], or 0."""
    if pos >= end or ids_arity(s[pos]) == 0:
        return 0
    budget = [0]

    def consume(p: int, depth_left: int) -> int | None:  # None: incomplete or invalid
        if p >= end or depth_left == 0 or budget[0] >= MAX_IDS_CODE_POINTS:
            return None
        budget[0] += 1
        q = p + 1
        for _ in range(ids_arity(s[p])):
            q = consume(q, depth_left - 1)
            if q is None:
                return None
        return q

    q = consume(pos, MAX_IDS_DEPTH)
    return 0 if q is None else q - pos


# ---------------------------------------------------------------- the two loops (R2, R6)


def convert_text(d: Leaf | Group, s: str) -> str:
    """R2: one conversion over a whole string (a segment, or the whole text)."""
    out = []
    pos, end = 0, len(s)
    while pos < end:
        m = d.match(s, pos, end)
        if m is not None:
            out.append(m[1])
            pos += m[0]
        else:
            n = ids_len(s, pos, end) or 1
            out.append(s[pos : pos + n])
            pos += n
    return "".join(out)


def segment(d: Leaf | Group, s: str) -> list[str]:
    """R6: mmseg. Matches are segments of their own; unmatched text is buffered between them."""
    segs: list[str] = []
    start = pos = 0
    end = len(s)

    def flush(upto: int) -> None:
        if upto > start:
            segs.append(s[start:upto].split("\0", 1)[0])  # R8: a buffered run ends at its first NUL

    while pos < end:
        m = d.match(s, pos, end)
        if m is not None:
            flush(pos)
            segs.append(s[pos : pos + m[0]])
            pos += m[0]
            start = pos
        else:
            pos += ids_len(s, pos, end) or 1
    flush(pos)
    return segs


class Converter:
    def __init__(self, config: str | dict, include_tofu: bool = True) -> None:
        """`config` is a config name (read from DATA) or an already parsed config."""
        cfg = json.loads((DATA / f"{config}.json").read_text(encoding="utf-8")) if isinstance(config, str) else config
        self.normalization = [build(step["dict"], include_tofu) for step in cfg.get("normalization", [])]
        seg = cfg.get("segmentation")
        self.segmentation = build(seg["dict"], include_tofu) if seg else None
        self.chain = [build(step["dict"], include_tofu) for step in cfg["conversion_chain"]]

    def convert(self, text: str) -> str:
        for d in self.normalization:  # R9: whole-text passes, before segmentation
            text = convert_text(d, text)
        segs = [text] if self.segmentation is None else segment(self.segmentation, text)
        out = []
        for seg in segs:  # R10: every segment goes through the whole chain on its own
            for d in self.chain:
                seg = convert_text(d, seg)
            out.append(seg)
        return "".join(out)


@cache
def converter(config: str) -> Converter:
    return Converter(config)


# ---------------------------------------------------------------- self-checks


def load_lenient_json(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


class Tally:
    def __init__(self, title: str) -> None:
        self.title = title
        self.ok: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.failures: list[tuple[str, str, str, str]] = []

    def check(self, config: str, text: str, expected: str) -> None:
        got = converter(config).convert(text)
        self.total[config] += 1
        if got == expected:
            self.ok[config] += 1
        else:
            self.failures.append((config, text, expected, got))

    def report(self) -> bool:
        per = ", ".join(f"{c} {self.ok[c]}/{self.total[c]}" for c in sorted(self.total))
        print(f"{self.title}: {sum(self.ok.values())}/{sum(self.total.values())} ({per})")
        for config, text, expected, got in self.failures[:10]:
            print(f"  FAIL {config} {text[:60]!r}\n    expected {expected[:60]!r}\n    got      {got[:60]!r}")
        return not self.failures


def upstream_checks() -> bool:
    ok = True
    t = Tally("testcases.json")
    for case in load_lenient_json(PEER_TESTS / "testcases.json")["cases"]:
        for config, expected in case["expected"].items():
            t.check(config, case["input"], expected)
    ok &= t.report()
    t = Tally("legacy_testcases (line by line)")
    for src in sorted((PEER_TESTS / "legacy_testcases").glob("*.in")):
        ins = src.read_text(encoding="utf-8").split("\n")
        ans = src.with_suffix(".ans").read_text(encoding="utf-8").split("\n")
        assert len(ins) == len(ans), src
        for line, expected in zip(ins, ans):
            if line or expected:
                t.check(src.stem, line, expected)
    ok &= t.report()
    t = Tally("golden (whole file)")
    text = (PEER_TESTS / "golden" / "input" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    for out in sorted((PEER_TESTS / "golden" / "output").glob("us_constitution_zhs.*.txt")):
        config = out.name.split(".")[1]
        if not config.endswith("_jieba"):
            t.check(config, text, out.read_text(encoding="utf-8"))
    ok &= t.report()
    return ok


def peer_checks(fuzz: int) -> bool:
    import opencc  # the PyPI package, OpenCC==1.4.2

    assert opencc.__version__ == "1.4.2", opencc.__version__
    peers = {c: opencc.OpenCC(c) for c in CONFIGS}
    ok = True
    t = Tally("seed lines vs opencc")
    docs = sorted(SEEDS.glob("*.txt"))
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        for line in text.split("\n"):
            for c in CONFIGS:
                t.check(c, line, peers[c].convert(line))
    ok &= t.report()
    t = Tally("seed documents (whole) vs opencc")
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        for c in CONFIGS:
            t.check(c, text, peers[c].convert(text))
    ok &= t.report()
    if fuzz:
        t = Tally(f"fuzz ({fuzz} strings x 16 configs) vs opencc")
        rng = random.Random(20260822)
        pieces = fuzz_pieces()
        for _ in range(fuzz):
            s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            for c in CONFIGS:
                t.check(c, s, peers[c].convert(s))
        ok &= t.report()
    return ok


# ---------------------------------------------------------------- experiments cited in ALGORITHM.md

# Small text dictionaries for the experiments: name -> (key, values) lines.
EXPERIMENT_DICTS = {
    "L": "a\t1\nab\t2\nabcd\t4\n",
    "G1": "ab\tX\n",
    "G2": "bcd\tY\n",
    "MV": "a\tA1 A2\n",
    "D1": "a\tX\n",
    "D2": "ab\tY\n",
    "D3": "ab\tP\n",
    "D4": "ab\tQ\n",
    "D5": "abc\tZ\n",
    "SEGB": "b\tS\n",
    "CONVB": "b\tB7\nbc\tBC\n",
    "CONVXY": "xy\tQ\n",
    "N2": "\u767c\tZ\n",
}


def leaf(name: str) -> dict:
    return {"type": "text" if not name.endswith(".ocd2") else "ocd2", "file": name}


def group(policy: str | None, *dicts: dict) -> dict:
    g: dict = {"type": "group", "dicts": list(dicts)}
    if policy is not None:
        g["match_policy"] = policy
    return g


def chain(*dicts: dict, seg: dict | None = None, norm: tuple[dict, ...] = ()) -> dict:
    cfg: dict = {"name": "experiment", "conversion_chain": [{"dict": d} for d in dicts]}
    if seg is not None:
        cfg["segmentation"] = {"type": "mmseg", "dict": seg}
    if norm:
        cfg["normalization"] = [{"dict": d} for d in norm]
    return cfg


def builtin_with_policy(config: str, policy: str) -> dict:
    """A built-in config with every union group switched to `policy` (to show what union changes)."""
    cfg = json.loads((DATA / f"{config}.json").read_text(encoding="utf-8"))

    def walk(n: dict) -> None:
        if n["type"] == "group":
            if n.get("match_policy") == "union":
                n["match_policy"] = policy
            for d in n["dicts"]:
                walk(d)

    for step in [*cfg.get("normalization", []), *cfg["conversion_chain"]]:
        walk(step["dict"])
    if "segmentation" in cfg:
        walk(cfg["segmentation"]["dict"])
    return cfg


def _full(depth: int) -> str:  # a complete binary IDS tree of U+2FF0 over the leaf 发
    return "\u53d1" if depth == 0 else "\u2ff0" + _full(depth - 1) + _full(depth - 1)


# (id, config name or config, input, output of opencc 1.4.2[, include_tofu_risk_dictionaries]).
# ALGORITHM.md cites these ids.
EXPERIMENTS: list[tuple] = [
    ("E1a", chain(leaf("L")), "abcabcd", "2c4"),
    ("E1b", chain(leaf("G1"), leaf("G2")), "abcd", "Xcd"),
    ("E1c", chain(group("short_circuit", leaf("G1"), leaf("G2"))), "abcd", "Xcd"),
    ("E2a", chain(leaf("MV")), "aa", "A1A1"),
    ("E2b", "s2t", "\u53d1", "\u767c"),
    ("E3a", chain(group("short_circuit", leaf("D1"), leaf("D2"))), "abc", "Xbc"),
    ("E3b", chain(group(None, leaf("D1"), leaf("D2"))), "abc", "Xbc"),
    ("E4a", chain(group("union", leaf("D1"), leaf("D2"))), "abc", "Yc"),
    ("E4b", chain(group("union", leaf("D2"), leaf("D1"))), "abc", "Yc"),
    ("E4c", chain(group("union", leaf("D3"), leaf("D4"))), "abc", "Pc"),
    ("E4d", chain(group("union", leaf("D4"), leaf("D3"))), "abc", "Qc"),
    ("E4e", chain(group("union", leaf("D5"), leaf("D1"))), "abd", "Xbd"),
    ("E5a", chain(group("short_circuit", group("union", leaf("D1"), leaf("D2")), leaf("D5"))), "abc", "Yc"),
    ("E5b", chain(group("union", group("short_circuit", leaf("D1"), leaf("D5")), leaf("D2"))), "abcd", "Ycd"),
    ("E5c", chain(group("short_circuit", group("short_circuit", leaf("D1"), leaf("D2")), leaf("D5"))), "abc", "Xbc"),
    (
        "E6a",
        "s2twp",
        "\u4e9a\u5386\u676d\u5fb7\u7f57\u00b7\u5188\u8428\u96f7\u65af\u00b7\u4f0a\u7eb3\u91cc\u56fe",
        "\u963f\u5229\u5b89\u5353\u00b7\u5d17\u672d\u96f7\u00b7\u4f0a\u7d0d\u5229\u5716",
    ),
    (
        "E6b",
        builtin_with_policy("s2twp", "short_circuit"),
        "\u4e9a\u5386\u676d\u5fb7\u7f57\u00b7\u5188\u8428\u96f7\u65af\u00b7\u4f0a\u7eb3\u91cc\u56fe",
        "\u4e9e\u6b77\u676d\u5fb7\u7f85\u00b7\u5ca1\u85a9\u96f7\u65af\u00b7\u4f0a\u7d0d\u88e1\u5716",
    ),
    ("E7a", chain(leaf("CONVB"), seg=leaf("D2")), "abc", "aB7c"),
    ("E7b", chain(leaf("CONVB"), seg=leaf("D2")), "xbc", "xBC"),
    ("E7c", "s2twp", "\u8f83\u4f4e\u7ea7\u522b", "\u8f03\u4f4e\u7d1a\u5225"),
    ("E8a", chain(leaf("CONVXY"), seg=leaf("SEGB")), "xyb", "Qb"),
    ("E9a", "s2t", "\u5934\u2ff0\u53d1\u53d1\u53d1", "\u982d\u2ff0\u53d1\u53d1\u767c"),
    ("E9b", "s2t", "\u2ff0\u53d1", "\u2ff0\u767c"),
    ("E9c", "s2t", "\u2ff2\u53d1\u53d1\u53d1\u53d1", "\u2ff2\u53d1\u53d1\u53d1\u767c"),
    ("E9d", "s2t", "\u2ffe\u53d1\u53d1", "\u2ffe\u53d1\u767c"),
    ("E9e", "s2t", "\u2ff0a\u53d1\u53d1", "\u2ff0a\u53d1\u767c"),
    ("E9f", "s2t", "\u2ff0\0\u53d1\u53d1", "\u2ff0\0\u53d1\u767c"),
    ("E9g", "s2t", "\u2ff0\u2ff0\u53d1\u53d1", "\u2ff0\u2ff0\u53d1\u53d1"),
    ("E9h", "s2t", "\u2fef\u53d1\u53d1", "\u2fef\u767c\u767c"),
    ("E9i", "s2t", "\u2ff0" * 15 + "\u53d1" * 17, "\u2ff0" * 15 + "\u53d1" * 16 + "\u767c"),
    ("E9j", "s2t", "\u2ff0" * 16 + "\u53d1" * 18, "\u2ff0" * 16 + "\u53d1" * 16 + "\u767c\u767c"),
    (
        "E9k",
        "s2t",
        "\u2ff2" + _full(4) + _full(4) + "\u53d1" + "\u53d1",
        "\u2ff2" + _full(4) + _full(4) + "\u53d1\u767c",
    ),
    (
        "E9l",
        "s2t",
        "\u2ff2" + _full(4) + "\u2ffe" + _full(4) + "\u53d1" + "\u53d1",
        "\u2ff2" + _full(4) + "\u2ffe" + _full(4) + "\u767c\u767c",
    ),
    ("E9m", "s2tw", "\u2ff0\u5e72\u71e5\u5e72\u71e5", "\u2ff0\u5e72\u71e5\u4e7e\u71e5"),
    ("E9n", "s2t", "\u5e72\u2ff0\u71e5\u5e72\u71e5", "\u5e79\u2ff0\u71e5\u5e72\u71e5"),
    ("E10a", "s2t", "\u5934\u53d1\0\u5934\u53d1\u5934\u53d1", "\u982d\u9aee\0\u982d\u9aee\u982d\u9aee"),
    ("E10b", "s2tw", "\u5934\u53d1\0\u5934\u53d1\u5934\u53d1", "\u982d\u9aee\u982d\u9aee\u982d\u9aee"),
    ("E10c", "s2tw", "\u5934\u53d1a\0b\u5934\u53d1", "\u982d\u9aeea\u982d\u9aee"),
    ("E10d", "tw2s", "\u5934\u53d1\0\u5934\u53d1\u5934\u53d1", "\u5934\u53d1"),
    ("E10e", "s2tw", "\0", ""),
    ("E10f", "t2s", "ab\0cd", "ab\0cd"),
    ("E10g", "s2tw", "\u2ff0\0\u53ea\u53ea", "\u2ff0"),
    ("E11a", "s2t", "\uf900\u53d1", "\u8c48\u767c"),
    ("E11b", "t2s", "\uf900\u53d1", "\u5c82\u53d1"),
    ("E11c", "s2t", "\u2ff0\uf900\u53d1\u53d1", "\u2ff0\uf900\u53d1\u767c"),
    ("E11d", chain(norm=(leaf("STCharacters.ocd2"), leaf("N2"))), "\u53d1a", "Za"),
    ("E12a", "s2tw", "", ""),
    ("E12b", "s2tw", "\r\n\u6c49\r\n", "\r\n\u6f22\r\n"),
    ("E12c", "s2t", "\ufeff\u6c49\u53d1", "\ufeff\u6f22\u767c"),
    ("E12d", "s2t", "\u5934\ufe00\u53d1", "\u982d\ufe00\u767c"),
    ("E13a", "t2s", "\u346e", "\U0002b748"),
    ("E13b", "t2s", "\u346e", "\u346e", False),
]


def _materialize(config: str | dict, tmp: Path, for_opencc: bool) -> str | dict:
    """Built-in names stay names; custom configs get absolute dictionary paths."""
    if isinstance(config, str):
        return config
    cfg = json.loads(json.dumps(config))

    def walk(n: dict) -> None:
        if n["type"] == "group":
            for d in n["dicts"]:
                walk(d)
        elif n["type"] == "text":
            n["file"] = str(tmp / f"{n['file']}.txt")
        elif for_opencc:
            import opencc

            n["file"] = str(Path(opencc.__file__).parent / "clib" / "share" / "opencc" / n["file"])

    for step in [*cfg.get("normalization", []), *cfg["conversion_chain"]]:
        walk(step["dict"])
    if "segmentation" in cfg:
        walk(cfg["segmentation"]["dict"])
    return cfg


def run_experiments() -> bool:
    import tempfile

    import opencc

    ok = True
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for name, body in EXPERIMENT_DICTS.items():
            (tmp / f"{name}.txt").write_text(body, encoding="utf-8")
        for eid, config, text, expected, *rest in EXPERIMENTS:
            tofu = rest[0] if rest else True
            peer_cfg = _materialize(config, tmp, for_opencc=True)
            if isinstance(peer_cfg, dict):
                path = tmp / f"{eid}.json"
                path.write_text(json.dumps(peer_cfg, ensure_ascii=False), encoding="utf-8")
                peer_cfg = str(path)
            peer = opencc.OpenCC(peer_cfg, include_tofu_risk_dictionaries=tofu).convert(text)
            mine = Converter(_materialize(config, tmp, for_opencc=False), include_tofu=tofu).convert(text)
            good = peer == expected == mine
            ok &= good
            label = config if isinstance(config, str) else "custom"
            print(
                f"{'ok ' if good else 'BAD'} {eid:5} {label:7} {ascii(text)[:70]} -> opencc {ascii(peer)[:60]}"
                + ("" if good else f" | expected {expected!a} | reference {mine!a}")
            )
    return ok


def fuzz_pieces() -> list[str]:
    """Fragments of dictionary keys (so matches overlap and straddle), IDS operators, NUL, controls."""
    rng = random.Random(1)
    keys: list[str] = []
    for txt in sorted(DATA.glob("*.txt")):
        ks = [line.split("\t")[0] for line in txt.read_text(encoding="utf-8").splitlines()[1:]]
        keys += rng.sample(ks, min(len(ks), 300))
    pieces = keys + [k[: len(k) // 2] for k in keys if len(k) > 1] + [k[len(k) // 2 :] for k in keys if len(k) > 1]
    pieces += [chr(c) for c in range(0x2FF0, 0x3000)] * 20
    pieces += ["\0", "\n", "\r\n", " ", "a", "Z9", "\t", "\u3000", "。", "\U0001f600", "\ufe0f"] * 10
    pieces += ["\ufeff", "\uf900", "\ufa0a", "\U0002f800"] * 10
    return pieces


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", action="store_true", help="also compare with the installed opencc package")
    ap.add_argument("--fuzz", type=int, default=0, help="random strings to compare (with --peer)")
    ap.add_argument("--experiments", action="store_true", help="run the experiments ALGORITHM.md cites")
    args = ap.parse_args()
    good = upstream_checks()
    if args.experiments:
        good &= run_experiments()
    if args.peer:
        good &= peer_checks(args.fuzz)
    sys.exit(0 if good else 1)
