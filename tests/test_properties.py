"""Property tests (hypothesis) of the span invariants of every public entry point that returns
spans or offset maps (issue 19).

Every span is ordered after the one before it, does not overlap it, lies in its text, and where
the text is the user's original, ``text[start:end]`` is the token or raw text reported. Every
``OffsetMap`` tiles both texts: its pieces start where the previous one ended in the output and
in the source, deletions included; copies have equal lengths; ``spans()`` follow the pieces.

The texts mix what breaks spans: lines of the seed reports and OpenCC's test cases, sliced
anywhere; OpenCC dictionary phrases whose conversion changes their length or keeps it
(``fixtures/spans/phrases.txt``), whole or cut; inserted readings (``區(qū)``); full-width
characters, zero-width and odd spaces, every kind of line break; site boilerplate; the lines that
gave overlapping tokens before the fix (``fixtures/spans/lines.txt``); and any other characters.

``make test`` runs a bounded number of examples (about 30 s on one core). For a long run, set
``GONGWEN_HYPOTHESIS_PROFILE=long`` (``GONGWEN_HYPOTHESIS_EXAMPLES`` examples per test, default
100,000) and count the examples with ``--hypothesis-show-statistics``::

    GONGWEN_HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_properties.py \\
        -p no:cacheprovider -q --hypothesis-show-statistics
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongwen

FIXTURES = Path(__file__).parent / "fixtures"
CONFIGS = gongwen.conversion_configs()

# ------------------------------------------------------------------------------ settings

_LONG = os.environ.get("GONGWEN_HYPOTHESIS_PROFILE", "").strip() == "long"
_EXAMPLES = int(os.environ.get("GONGWEN_HYPOTHESIS_EXAMPLES", "100000")) if _LONG else 0


def profile(examples: int) -> settings:
    """``examples`` per test in ``make test``; the long run's count under the long profile."""
    return settings(
        max_examples=_EXAMPLES or examples,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ------------------------------------------------------------------------------ texts


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").split("\n") if x.strip() and not x.startswith("#")]


def _opencc_inputs() -> list[str]:
    base = FIXTURES / "opencc"
    # OpenCC's testcases.json has trailing commas; upstream strips them before parsing.
    raw = re.sub(r",(\s*[}\]])", r"\1", (base / "testcases.json").read_text(encoding="utf-8"))
    out = [c["input"] for c in json.loads(raw)["cases"]]
    for path in sorted((base / "legacy_testcases").glob("*.in")):
        out += _lines(path)
    return out


SEED_LINES = [x for p in sorted((FIXTURES / "seeds").glob("*.txt")) for x in _lines(p)]
OPENCC = _opencc_inputs()
PHRASES = _lines(FIXTURES / "spans" / "phrases.txt")
SPAN_LINES = _lines(FIXTURES / "spans" / "lines.txt")
READINGS = ["區(qū)", "實(shí)", "現（xiàn）", "畝(mǔ)", "(qū)", "記(jì)憶體", "(GDP)", "a(qū)"]
ODD = [
    "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\n\n\n", " ", "\u3000", "\xa0", "\u200b", "\u200d",
    "\u2060", "\ufeff", "\t", "１２３", "ＡＢｃ", "５%", "，", ",", "(", ")", "（", "）", "：", "⿰发发", "\0",
    "一、", "（一）", "第一条", "1.", "增长5%", "3万元", "xx万元", "\U00020000", "😀", "。",
]  # fmt: skip


# Site boilerplate that cleaning cuts out (its map then composes with the character pass's).
BOILERPLATE = [
    "小编为大家整理了范文\n",
    "当前隐藏内容免费查看",
    "下面是小編為大家整理的,供大家參考。\n",
    "文檔為doc格式。\n",
    "链接地址:http://www.example.com/a.html",
    "【字体：大 中 小】",
    "（责任编辑：张三）\n",
]


@st.composite
def _slice(draw: st.DrawFn, pool: list[str]) -> str:
    line = draw(st.sampled_from(pool))
    start = draw(st.integers(0, len(line)))
    return line[start : start + draw(st.integers(0, 60))]


_FRAGMENT = st.one_of(
    _slice(SEED_LINES),
    _slice(OPENCC),
    st.sampled_from(PHRASES),
    _slice(PHRASES),
    _slice(SPAN_LINES),
    st.sampled_from(READINGS),
    st.sampled_from(ODD),
    st.sampled_from(BOILERPLATE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=3),
)
TEXTS = st.lists(_FRAGMENT, max_size=10).map("".join)
CONFIG_OR_NONE = st.sampled_from([None, *CONFIGS])
CLEAN_OPTIONS = st.fixed_dictionaries(
    {k: st.booleans() for k in ("readings", "punctuation", "widths", "spaces", "newlines", "boilerplate")}
)

# ------------------------------------------------------------------------------ invariants


def check_spans(spans: list[tuple[int, int]], length: int, what: str, empty_ok: bool = False) -> None:
    """Ordered, disjoint, inside ``[0, length]``."""
    end = 0
    for s, e in spans:
        assert end <= s <= e <= length, f"{what}: {(s, e)} after end {end} (length {length}): {spans}"
        assert empty_ok or s < e, f"{what}: empty span {(s, e)}"
        end = e


def check_map(m: gongwen.OffsetMap, out: str, src: str) -> None:
    """The map tiles both texts and ``spans()`` follows its pieces."""
    assert len(m) == m.output_len == len(out) and m.source_len == len(src)
    o = s = 0
    want: list[tuple[int, int]] = []
    for piece in m.pieces():
        out_start, out_len, src_start, src_len, copy = piece
        assert (out_start, src_start) == (o, s), f"piece {piece} does not start at {(o, s)}: {m.pieces()}"
        assert out_len + src_len > 0, f"empty piece {piece}"
        assert not copy or out_len == src_len, f"copy of unequal lengths {piece}"
        if copy:
            want += [(src_start + i, src_start + i + 1) for i in range(out_len)]
        else:
            want += [(src_start, src_start + src_len)] * out_len
        o, s = o + out_len, s + src_len
    assert (o, s) == (len(out), len(src)), f"pieces end at {(o, s)}, texts {(len(out), len(src))}"
    spans = m.spans()
    assert spans == want
    # Monotone: spans overlap only where they are one group's.
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        assert (s0, e0) == (s1, e1) or (e0 <= s1), (s0, e0, s1, e1)


def check_map_spans(m: gongwen.OffsetMap, cuts: list[int]) -> None:
    """Tokens cut at ``cuts`` map to ordered, disjoint source spans that cover each token's
    characters, one span per token except where tokens share a group."""
    n = m.output_len
    bounds = sorted({0, n, *(c % (n + 1) for c in cuts)})
    tokens = list(zip(bounds, bounds[1:]))
    mapped = m.map_spans(tokens)
    check_spans(mapped, m.source_len, "map_spans", empty_ok=True)
    assert len(mapped) <= len(tokens)
    for s, e in tokens:
        a, b = m.source_range(s, e)
        assert any(ms <= a and b <= me for ms, me in mapped), ((s, e), (a, b), mapped)
    # Only tokens that share a group of unequal lengths merge.
    pieces = m.pieces()
    inside = {p[0] + i for p in pieces if not p[4] and p[1] > 1 for i in range(1, p[1])}
    assert len(tokens) - len(mapped) <= len([b for b in bounds[1:-1] if b in inside])


def check_document(text: str, doc: gongwen.Document, emit: str) -> None:
    assert doc.ok, (doc.error_kind, doc.error)
    assert doc.chars == len(text)
    spans = doc.spans
    assert spans is not None and len(spans) == doc.token_count
    check_spans(spans, len(text), "token spans")
    if emit == "tokens":
        assert doc.tokens is not None and len(doc.tokens) == len(spans)
        for (s, e), tok in zip(spans, doc.tokens):
            assert text[s:e] == tok
    else:
        assert doc.tokens is None
    check_indicators(text, doc.indicators)
    sections = [(x["start"], x["end"]) for x in doc.sections]
    check_spans(sections, len(text), "sections", empty_ok=True)


def check_indicators(text: str, found: list[gongwen.Indicator]) -> None:
    check_spans([(i.start, i.end) for i in found], len(text), "indicators")
    for i in found:
        assert text[i.start : i.end] == i.raw, (i.start, i.end, i.raw)


# ------------------------------------------------------------------------------ conversion


@profile(500)
@given(TEXTS, st.sampled_from(CONFIGS), st.lists(st.integers(0, 10_000), max_size=12))
def test_convert_with_map(text: str, config: str, cuts: list[int]) -> None:
    conv = gongwen.Converter(config)
    out, m = conv.convert_with_map(text)
    assert out == conv.convert(text)
    check_map(m, out, text)
    check_map_spans(m, cuts)


@pytest.mark.parametrize("config", CONFIGS)
def test_convert_with_map_every_config_on_span_lines(config: str) -> None:
    conv = gongwen.Converter(config)
    for line in SPAN_LINES:
        out, m = conv.convert_with_map(line)
        check_map(m, out, line)


# ------------------------------------------------------------------------------ cleaning


@profile(400)
@given(TEXTS, CLEAN_OPTIONS, st.lists(st.integers(0, 10_000), max_size=12))
def test_clean(text: str, options: dict[str, bool], cuts: list[int]) -> None:
    c = gongwen.clean(text, **options)
    check_map(c.map, c.text, text)
    check_map_spans(c.map, cuts)
    removed = [(s, e) for s, e, _, _ in c.removed]
    check_spans(removed, len(text), "removed")
    # What was removed is nowhere in the output's spans.
    kept = c.map.spans()
    for s, e in removed:
        assert not any(a < e and s < b for a, b in kept), ((s, e), text[s:e])


@profile(600)
@given(TEXTS, CONFIG_OR_NONE, CLEAN_OPTIONS, st.lists(st.integers(0, 10_000), max_size=12))
def test_normalize(text: str, config: str | None, options: dict[str, bool], cuts: list[int]) -> None:
    c = gongwen.normalize(text, config, **options)
    check_map(c.map, c.text, text)
    check_map_spans(c.map, cuts)
    check_spans([(s, e) for s, e, _, _ in c.removed], len(text), "removed")
    assert c.text == (gongwen.convert(gongwen.clean(text, **options).text, config) if config else c.text)


@profile(300)
@given(TEXTS, st.sampled_from(CONFIGS), st.sampled_from(CONFIGS), st.booleans())
def test_then(text: str, first_config: str, second_config: str, clean_first: bool) -> None:
    """Composed maps tile too, and a composed span holds what the two maps give."""
    if clean_first:
        c = gongwen.clean(text)
        mid, first = c.text, c.map
    else:
        mid, first = gongwen.Converter(first_config).convert_with_map(text)
    out, second = gongwen.Converter(second_config).convert_with_map(mid)
    both = first.then(second)
    check_map(both, out, text)
    for i in range(len(out)):
        a, b = first.source_range(*second.source_span(i))
        s, e = both.source_span(i)
        assert s <= a and b <= e, (i, (s, e), (a, b))


# ------------------------------------------------------------------------------ the pipeline

_PIPELINE_KEYS = st.tuples(CONFIG_OR_NONE, st.booleans(), st.sampled_from(["tokens", "offsets"]))


@profile(300)
@given(st.lists(TEXTS, min_size=1, max_size=4), _PIPELINE_KEYS)
def test_process_corpus(texts: list[str], key: tuple[str | None, bool, str]) -> None:
    config, clean, emit = key
    corpus = gongwen.process_corpus(
        [(str(i), t) for i, t in enumerate(texts)], convert=config, clean=clean, emit=emit, threads=1
    )
    assert [d.id for d in corpus] == [str(i) for i in range(len(texts))]
    for text, doc in zip(texts, corpus):
        if not text.strip() and not doc.ok:
            continue  # an empty document may be an error row
        if clean and not gongwen.clean(text).text.strip():
            # Cleaning left nothing (site chrome only): an input error row.
            assert doc.error_kind == "input" and "nothing left after cleaning" in (doc.error or ""), text
            continue
        check_document(text, doc, emit)
        # Every character that reaches the segmenter is in exactly one token: with cleaning off
        # the tokens are the whole text (conversion deletes nothing), with it on the whole text
        # but what cleaning deleted.
        m = gongwen.normalize(text, config).map if clean else None
        kept = [(s, s + n) for _, o, s, n, _ in m.pieces() if o] if m is not None else [(0, len(text))]
        covered = [False] * len(text)
        for s, e in doc.spans or []:
            for i in range(s, e):
                covered[i] = True
        assert all(covered[i] for s, e in kept for i in range(s, e)), (text, doc.spans, kept)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("clean", [False, True])
def test_no_overlapping_tokens_on_lines_that_had_them(config: str, clean: bool) -> None:
    """``fixtures/spans/lines.txt``: lines whose tokens overlapped or repeated in some
    configuration before the fix (the issue's examples, and what
    ``benches/python/span_census.py --write-sample`` found on real text)."""
    corpus = gongwen.process_corpus(
        [(str(i), t) for i, t in enumerate(SPAN_LINES)], convert=config, clean=clean, emit="tokens", threads=2
    )
    for text, doc in zip(SPAN_LINES, corpus):
        if clean and not gongwen.clean(text).text.strip():
            # A line of site chrome only (`打印本页`): an input error row, not a report of no words.
            assert doc.error_kind == "input" and "nothing left after cleaning" in (doc.error or ""), text
            continue
        check_document(text, doc, "tokens")


# ------------------------------------------------------------------------------ scanning, structure


@profile(400)
@given(TEXTS, CONFIG_OR_NONE, st.booleans())
def test_scan_indicators(text: str, config: str | None, clean: bool) -> None:
    check_indicators(text, gongwen.scan_indicators(text, clean=clean, convert=config))


@profile(400)
@given(TEXTS)
def test_analyze_structure(text: str) -> None:
    s = gongwen.analyze_structure(text)
    check_spans([(d["start"], d["end"]) for d in s["documents"]], len(text), "documents", empty_ok=True)
    paragraphs = s["paragraphs"]
    check_spans([(p["start"], p["end"]) for p in paragraphs], len(text), "paragraphs", empty_ok=True)
    for p in paragraphs:
        for h in p["heading_path"]:
            # The headings of its path come before it, or open it (a heading line may hold two).
            assert 0 <= h["start"] <= p["end"] and text[h["start"] :].startswith(h["marker"])


_SEGMENTER = gongwen.Segmenter()


@profile(400)
@given(TEXTS, st.sampled_from(["default", "search"]), st.booleans())
def test_tokenize(text: str, mode: str, hmm: bool) -> None:
    tokens = _SEGMENTER.tokenize(text, mode=mode, hmm=hmm)  # type: ignore[arg-type]
    for word, s, e in tokens:
        assert 0 <= s < e <= len(text) and text[s:e] == word
    if mode == "default":
        check_spans([(s, e) for _, s, e in tokens], len(text), "tokens")
        assert "".join(w for w, _, _ in tokens) == text
