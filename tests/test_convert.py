"""Script conversion: identical to OpenCC 1.4.2.

Checked against OpenCC's own test data (copied from the OpenCC repository into
``fixtures/opencc``, Apache-2.0), against the ``opencc`` package (the oracle) on every line of the
seed documents, and for the offset map that sends converted text back to the input.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongwen

FIXTURES = Path(__file__).parent / "fixtures"
OPENCC = FIXTURES / "opencc"
CONFIGS = [
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp",
    "t2tw", "hk2t", "t2hk", "tw2t", "s2hkp", "hk2sp", "t2jp", "jp2t",
]  # fmt: skip


def _lenient_json(path: Path) -> dict:
    # OpenCC's testcases.json has trailing commas; upstream strips them before parsing.
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", path.read_text(encoding="utf-8")))


def _testcases() -> dict[str, list[tuple[str, str, str]]]:
    by_config: dict[str, list[tuple[str, str, str]]] = {}
    for case in _lenient_json(OPENCC / "testcases.json")["cases"]:
        for config, expected in case["expected"].items():
            by_config.setdefault(config, []).append((case["id"], case["input"], expected))
    return by_config


TESTCASES = _testcases()


def test_every_config_is_available() -> None:
    assert sorted(gongwen.conversion_configs()) == sorted(CONFIGS)
    assert sorted(TESTCASES) == sorted(CONFIGS)
    assert sum(len(v) for v in TESTCASES.values()) == 543


@pytest.mark.parametrize("config", CONFIGS)
def test_opencc_testcases(config: str) -> None:
    conv = gongwen.Converter(config)
    failures = [
        f"{cid}: {text!r} -> {conv.convert(text)!r}, expected {expected!r}"
        for cid, text, expected in TESTCASES[config]
        if conv.convert(text) != expected
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", sorted((OPENCC / "legacy_testcases").glob("*.in")), ids=lambda p: p.stem)
def test_opencc_legacy_testcases(path: Path) -> None:
    conv = gongwen.Converter(path.stem)
    inputs = path.read_text(encoding="utf-8").split("\n")
    answers = path.with_suffix(".ans").read_text(encoding="utf-8").split("\n")
    assert len(inputs) == len(answers)
    failures = [
        f"line {i + 1}: {a!r} -> {conv.convert(a)!r}, expected {b!r}"
        for i, (a, b) in enumerate(zip(inputs, answers))
        if conv.convert(a) != b
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", sorted((OPENCC / "golden" / "output").glob("*.txt")), ids=lambda p: p.name)
def test_opencc_golden_files(path: Path) -> None:
    config = path.name.split(".")[1]
    text = (OPENCC / "golden" / "input" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    assert gongwen.convert(text, config) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("config", CONFIGS)
def test_seed_documents_identical_to_opencc(config: str, seed_docs: list[tuple[str, str]]) -> None:
    ours, theirs = gongwen.Converter(config), opencc.OpenCC(config)
    failures = []
    for name, text in seed_docs:
        if ours.convert(text) != theirs.convert(text):
            failures.append(f"{name}: whole document differs")
        for i, line in enumerate(text.split("\n")):
            got, want = ours.convert(line), theirs.convert(line)
            if got != want:
                failures.append(f"{name}:{i + 1}: {got[:60]!r} != opencc {want[:60]!r}")
    assert not failures, f"{len(failures)} differences, first: " + "\n".join(failures[:5])


def test_batch_equals_single_in_order(seed_docs: list[tuple[str, str]]) -> None:
    lines = [line for _, text in seed_docs for line in text.split("\n")]
    conv = gongwen.Converter("tw2sp")
    expected = [conv.convert(line) for line in lines]
    assert conv.convert_batch(lines, threads=1) == expected
    assert conv.convert_batch(lines, threads=2) == expected
    assert conv.convert_batch([t for _, t in seed_docs], threads=2) == [conv.convert(t) for _, t in seed_docs]


def test_module_function_and_converter_agree() -> None:
    assert gongwen.convert("區交通運輸局") == "区交通运输局"  # t2s is the default
    assert gongwen.convert("区交通运输局", "s2t") == "區交通運輸局"
    assert gongwen.Converter("s2twp").config == "s2twp"
    assert repr(gongwen.Converter("t2s")) == "Converter('t2s')"
    assert gongwen.Converter("t2s.json").config == "t2s"


def test_unknown_config_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown conversion config 'x2y'.*t2s.*jp2t"):
        gongwen.Converter("x2y")
    with pytest.raises(ValueError, match="valid configs"):
        gongwen.convert("abc", "zh-hans")


# --------------------------------------------------------------------------- offset maps


def _groups(out: str, m: gongwen.OffsetMap) -> list[tuple[tuple[int, int], str]]:
    spans = m.spans()
    return [
        (span, "".join(out[i] for i in idx)) for span, idx in itertools.groupby(range(len(out)), key=lambda i: spans[i])
    ]


def test_map_on_length_changing_phrases() -> None:
    conv = gongwen.Converter("tw2sp")
    out, m = conv.convert_with_map("用滑鼠存取記憶體")
    assert out == "用鼠标访问内存"
    assert len(m) == m.output_len == len(out)
    assert m.source_len == 8
    # 滑鼠 -> 鼠标 and 存取 -> 访问 keep their length: character by character; 記憶體 -> 内存 is a group.
    assert m.spans() == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 8), (5, 8)]
    assert m.pieces() == [(0, 5, 0, 5, True), (5, 2, 5, 3, False)]
    # A token of the converted text maps back to the original span it came from.
    assert m.source_range(5, 7) == (5, 8)  # 内存 <- 記憶體
    assert m.source_range(0, 0) == (0, 0)
    assert m.source_range(7, 7) == (8, 8)

    out, m = gongwen.Converter("s2twp").convert_with_map("内存不足")
    assert out == "記憶體不足"
    assert m.spans()[:3] == [(0, 2)] * 3
    assert m.spans()[3:] == [(2, 3), (3, 4)]


def test_map_errors() -> None:
    out, m = gongwen.Converter("t2s").convert_with_map("漢字")
    with pytest.raises(IndexError):
        m.source_span(len(out))
    with pytest.raises(IndexError):
        m.source_range(1, 5)
    other = gongwen.Converter("t2s").convert_with_map("一二三")[1]
    with pytest.raises(ValueError, match="cannot chain"):
        m.then(other)


def test_maps_compose() -> None:
    # tw2sp then s2twp: each map is relative to its own input; composed, to the first one.
    text = "用滑鼠存取記憶體"
    mid, first = gongwen.Converter("tw2sp").convert_with_map(text)
    out, second = gongwen.Converter("s2twp").convert_with_map(mid)
    both = first.then(second)
    assert len(both) == len(out) and both.source_len == len(text)
    for i in range(len(out)):
        s, e = second.source_span(i)
        assert both.source_span(i) == first.source_range(s, e)
    # 記憶體 -> 内存 -> 記憶體: a group of equal lengths whose characters do not correspond
    # stays a group (only a step's own equal-length phrases map character by character).
    mid, first = gongwen.Converter("tw2sp").convert_with_map("記憶體")
    _, second = gongwen.Converter("s2twp").convert_with_map(mid)
    assert first.then(second).pieces() == [(0, 3, 0, 3, False)]


def test_pieces_tile_the_source_and_the_output() -> None:
    """Issue 19: s2twp 光二极管 gave two pieces claiming source 0..4."""
    out, m = gongwen.Converter("s2twp").convert_with_map("光二极管")
    assert out == "光二極體"
    assert m.pieces() == [(0, 4, 0, 4, True)]
    assert m.spans() == [(0, 1), (1, 2), (2, 3), (3, 4)]
    # normalize("\u200d一"): the composed map lost the zero-width joiner's deletion.
    c = gongwen.normalize("\u200d一\u200b", "t2s")
    assert c.text == "一"
    assert c.map.pieces() == [(0, 0, 0, 1, False), (0, 1, 1, 1, True), (1, 0, 2, 1, False)]
    assert c.map.spans() == [(1, 2)]


def test_map_spans_merges_tokens_that_share_a_group() -> None:
    out, m = gongwen.Converter("tw2sp").convert_with_map("用滑鼠存取記憶體")
    assert out == "用鼠标访问内存"
    assert m.map_spans([(0, 1), (1, 3), (3, 5), (5, 7)]) == [(0, 1), (1, 3), (3, 5), (5, 8)]
    # 内 | 存 cut the group 記憶體: one span over the group.
    assert m.map_spans([(3, 5), (5, 6), (6, 7)]) == [(3, 5), (5, 8)]
    assert m.map_spans([]) == []
    with pytest.raises(ValueError, match="out of order"):
        m.map_spans([(3, 5), (4, 6)])
    with pytest.raises(IndexError, match="outside the output"):
        m.map_spans([(3, 9)])


@pytest.mark.parametrize("config", ["t2s", "tw2sp", "s2twp", "hk2s", "s2hkp", "jp2t"])
def test_every_output_group_converts_from_its_source_span(config: str, seed_lines) -> None:
    """Output characters that share a source span (a group of unequal lengths) are exactly the
    conversion of that span."""
    conv = gongwen.Converter(config)
    for name, lineno, line in seed_lines[::7]:
        out, m = conv.convert_with_map(line)
        assert out == conv.convert(line)
        assert m.source_len == len(line)
        for (s, e), piece in _groups(out, m):
            if e - s > 1:
                assert conv.convert(line[s:e]) == piece, f"{name}:{lineno}: {line[s:e]!r} -> {piece!r}"


_PHRASES = ["記憶體", "滑鼠", "軟體", "內存", "头发", "發展", "⿰发发", "豈", "\u3000", "a", "x.xx万", "𠀀"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES) | st.text(max_size=3), max_size=12), st.sampled_from(CONFIGS))
def test_map_invariants_on_random_text(parts: list[str], config: str) -> None:
    text = "".join(parts)
    conv = gongwen.Converter(config)
    out, m = conv.convert_with_map(text)
    assert out == conv.convert(text)
    if "\0" not in text:  # gongwen keeps NUL where OpenCC may drop text (test below)
        assert out == opencc.OpenCC(config).convert(text)
    spans = m.spans()
    assert len(spans) == len(out)
    starts = [s for s, _ in spans]
    assert starts == sorted(starts)
    assert all(0 <= s <= e <= len(text) for s, e in spans)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [None, b"bytes", 123, ["a"]])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="must be str"):
        gongwen.convert(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        gongwen.Converter("t2s").convert_batch(["ok", bad])  # type: ignore[list-item]


def test_edge_inputs_pass_through() -> None:
    conv = gongwen.Converter("t2s")
    assert conv.convert("") == ""
    keep = "Latin text 123 😀 \U00020000\U0002a6d6 \ufffd \r\n\t"
    assert conv.convert(keep) == keep == opencc.OpenCC("t2s").convert(keep)
    with pytest.raises(ValueError, match="lone surrogate at position 2"):
        conv.convert("ab\ud800c")


def test_nul_is_an_ordinary_character() -> None:
    # OpenCC drops what follows a NUL in an unmatched run of a segmenting config; gongwen keeps it.
    assert gongwen.convert("头发\0头发头发", "s2tw") == "頭髮\0頭髮頭髮"
    assert gongwen.convert("ab\0cd", "t2s") == "ab\0cd"
