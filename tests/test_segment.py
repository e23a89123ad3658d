"""Segmentation is jieba 0.42.1, token for token.

Every line of the five seed documents goes through every mode (cut, cut_all, cut_for_search, tokenize,
tag; with and without HMM) and must equal jieba's answer. Then: cut_offsets against the lengths of cut(),
the batch forms against the one-document forms, and a hypothesis property on random mixtures of the
characters that make these documents hard (Han, ASCII runs, full-width punctuation, odd spaces, emoji,
characters outside jieba's Han range).
"""

from __future__ import annotations

from collections import Counter
from itertools import accumulate
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import CHEAP_MODES, MODES, Mode, first_difference, mismatches, report

import gongwen

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"


@pytest.mark.parametrize("mode", MODES, ids=str)
def test_seed_lines_equal_jieba(mode: Mode, seed_lines: list[tuple[str, int, str]]) -> None:
    cases = ((f"{name}:{lineno}", line) for name, lineno, line in seed_lines)
    found = mismatches(mode, gongwen.default_segmenter(), jieba.dt, jieba.posseg.dt, cases)
    assert not found, report(mode, found)


@pytest.mark.parametrize("mode", CHEAP_MODES, ids=str)
def test_whole_seed_documents_equal_jieba(mode: Mode, seed_docs: list[tuple[str, str]]) -> None:
    # Newlines, and the "\r\n" jieba treats as one token, are handled between lines, not inside one.
    found = mismatches(mode, gongwen.default_segmenter(), jieba.dt, jieba.posseg.dt, seed_docs)
    assert not found, report(mode, found)


def test_seed_lines_cover_the_corpus(seed_lines: list[tuple[str, int, str]]) -> None:
    # The comparisons above are only as good as their input: all five files, blank lines included.
    per_file = Counter(name for name, _, _ in seed_lines)
    assert len(per_file) == 5
    assert sum(per_file.values()) == sum(len(p.read_text(encoding="utf-8").split("\n")) for p in SEED_DIR.iterdir())
    assert any(line == "" for _, _, line in seed_lines)


# -- cut_offsets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hmm", [True, False])
def test_cut_offsets_are_cumulative_word_lengths(hmm: bool, seed_lines: list[tuple[str, int, str]]) -> None:
    bad = []
    for name, lineno, line in seed_lines:
        ends = gongwen.cut_offsets(line, hmm=hmm)
        assert ends.typecode == "I"
        want = list(accumulate(len(word) for word in gongwen.cut(line, hmm=hmm)))
        if ends.tolist() != want:
            bad.append(f"{name}:{lineno}: {first_difference(ends.tolist(), want)}")
    assert not bad, "\n".join(bad[:5])


def test_cut_offsets_count_code_points_not_bytes() -> None:
    text = "😀工作\U00020000总结 é"
    ends = gongwen.cut_offsets(text).tolist()
    assert ends == list(accumulate(len(word) for word in jieba.lcut(text)))
    assert ends[-1] == len(text)


# -- batch forms -------------------------------------------------------------------------------------


def _batch_cases(seed_docs: list[tuple[str, str]], seed_lines: list[tuple[str, int, str]]) -> dict[str, list[str]]:
    return {"documents": [text for _, text in seed_docs], "lines": [line for _, _, line in seed_lines]}


BATCHES = {
    "cut_batch": (lambda texts, th: gongwen.cut_batch(texts, threads=th), gongwen.cut),
    "cut_batch-no-hmm": (
        lambda texts, th: gongwen.cut_batch(texts, hmm=False, threads=th),
        lambda text: gongwen.cut(text, hmm=False),
    ),
    "cut_all_batch": (lambda texts, th: gongwen.cut_all_batch(texts, threads=th), gongwen.cut_all),
    "cut_for_search_batch": (
        lambda texts, th: gongwen.cut_for_search_batch(texts, threads=th),
        gongwen.cut_for_search,
    ),
    "cut_for_search_batch-no-hmm": (
        lambda texts, th: gongwen.cut_for_search_batch(texts, hmm=False, threads=th),
        lambda text: gongwen.cut_for_search(text, hmm=False),
    ),
    "tokenize_batch": (lambda texts, th: gongwen.tokenize_batch(texts, threads=th), gongwen.tokenize),
    "tokenize_batch-search-no-hmm": (
        lambda texts, th: gongwen.tokenize_batch(texts, mode="search", hmm=False, threads=th),
        lambda text: gongwen.tokenize(text, mode="search", hmm=False),
    ),
    "tag_batch": (lambda texts, th: gongwen.tag_batch(texts, threads=th), gongwen.tag),
    "tag_batch-no-hmm": (
        lambda texts, th: gongwen.tag_batch(texts, hmm=False, threads=th),
        lambda text: gongwen.tag(text, hmm=False),
    ),
}


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("name", list(BATCHES))
def test_batch_equals_one_by_one(
    name: str, threads: int, seed_docs: list[tuple[str, str]], seed_lines: list[tuple[str, int, str]]
) -> None:
    batch, single = BATCHES[name]
    for kind, texts in _batch_cases(seed_docs, seed_lines).items():
        got = batch(texts, threads)
        assert len(got) == len(texts), kind
        bad = [i for i, (text, result) in enumerate(zip(texts, got)) if result != single(text)]
        assert not bad, f"{name} {kind}: items {bad[:10]} differ from the one-document form"


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("hmm", [True, False])
def test_cut_offsets_batch_equals_one_by_one(
    hmm: bool, threads: int, seed_docs: list[tuple[str, str]], seed_lines: list[tuple[str, int, str]]
) -> None:
    for kind, texts in _batch_cases(seed_docs, seed_lines).items():
        ends, bounds = gongwen.cut_offsets_batch(texts, hmm=hmm, threads=threads)
        assert (ends.typecode, bounds.typecode) == ("I", "Q")
        assert len(bounds) == len(texts) + 1
        assert bounds[0] == 0
        assert bounds[-1] == len(ends)
        for i, text in enumerate(texts):
            assert ends[bounds[i] : bounds[i + 1]] == gongwen.cut_offsets(text, hmm=hmm), f"{kind} item {i}"


def test_batch_accepts_any_iterable() -> None:
    texts = ["我们是中国人", "", "城镇新增就业1200万人以上"]
    want = [jieba.lcut(text) for text in texts]
    assert gongwen.cut_batch(iter(texts)) == want
    assert gongwen.cut_batch(tuple(texts), threads=2) == want
    assert gongwen.cut_batch(text for text in texts) == want
    assert gongwen.cut_batch([]) == []
    ends, bounds = gongwen.cut_offsets_batch([])
    assert (ends.tolist(), bounds.tolist()) == ([], [0])


# -- property: random text from the hard alphabet -----------------------------------------------------


def _common_han(count: int) -> list[str]:
    counts = Counter(
        ch for path in sorted(SEED_DIR.glob("*.txt")) for ch in path.read_text(encoding="utf-8") if "一" <= ch <= "鿿"
    )
    return [ch for ch, _ in counts.most_common(count)]


HAN = _common_han(200)
# Pieces rather than characters, so that multi-character shapes from the corpus (pinyin notes, numbers
# with units, placeholders, "\r\n") show up often enough to matter.
PIECES = [
    *"abcxyzXABC0123456789",
    *".-%_+#&",
    *"éūǎì",
    " ",
    "  ",
    "\t",
    "\r\n",
    "\n",
    "\r",
    "\u3000",
    "\xa0",
    "\u2002",
    *"，。、；：“”（）《》！？",
    *"０１２ＡＢ①㎡",
    *",():;/",
    "😀",
    "👍🏽",
    "\U0001f1e8\U0001f1f3",
    "\U00020000",
    "㐀",
    "\u9fd5",
    "\u9fd6",
    "\u9fa5",
    "\x00",
    "(qū)",
    "(shí)",
    "xx万元",
    "99.2%",
    "6.6万亩",
    "2023年",
    "C++",
    "http://www.example.com/a_b-c.html",
    "工作",
    "实现",
    "區",
    "乡村振兴",
    "疫情防控",
]
TEXT = st.lists(st.one_of(st.sampled_from(HAN), st.sampled_from(PIECES)), max_size=40).map("".join)
PROPERTY_MODES = [
    mode
    for mode in MODES
    if mode.name in {"cut", "cut-no-hmm", "cut_all", "cut_for_search", "cut_for_search-no-hmm", "tag", "tag-no-hmm"}
]


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_random_text_equals_jieba(text: str) -> None:
    segmenter = gongwen.default_segmenter()
    for mode in PROPERTY_MODES:
        got = mode.ours(segmenter, text)
        want = mode.theirs(jieba.dt, jieba.posseg.dt, text)
        assert got == want, f"{mode}: {first_difference(got, want)}"
    assert gongwen.cut_offsets(text).tolist() == list(accumulate(len(word) for word in gongwen.cut(text)))
