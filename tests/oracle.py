"""jieba as the oracle: every gongwen mode next to the jieba call it must reproduce, and readable diffs.

A mode pairs ``ours(segmenter, text)`` with ``theirs(tokenizer, pos_tokenizer, text)``, so the same table
compares the default segmenters (``gongwen.default_segmenter()`` against ``jieba.dt``/``jieba.posseg.dt``)
and private ones (``gongwen.Segmenter(path)`` against ``jieba.Tokenizer()`` with the same user dictionary).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Callable

import jieba
import jieba.posseg

import gongwen


@dataclass(frozen=True)
class Mode:
    name: str
    ours: Callable[[gongwen.Segmenter, str], list[Any]]
    theirs: Callable[[jieba.Tokenizer, jieba.posseg.POSTokenizer, str], list[Any]]

    def __str__(self) -> str:
        return self.name


def _pairs(pos_tokenizer: jieba.posseg.POSTokenizer, text: str, hmm: bool) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in pos_tokenizer.lcut(text, HMM=hmm)]


MODES = [
    Mode("cut", lambda s, t: s.cut(t), lambda tk, pt, t: tk.lcut(t)),
    Mode("cut-no-hmm", lambda s, t: s.cut(t, hmm=False), lambda tk, pt, t: tk.lcut(t, HMM=False)),
    Mode("cut_all", lambda s, t: s.cut_all(t), lambda tk, pt, t: tk.lcut(t, cut_all=True)),
    Mode("cut_for_search", lambda s, t: s.cut_for_search(t), lambda tk, pt, t: tk.lcut_for_search(t)),
    Mode(
        "cut_for_search-no-hmm",
        lambda s, t: s.cut_for_search(t, hmm=False),
        lambda tk, pt, t: tk.lcut_for_search(t, HMM=False),
    ),
    Mode("tokenize", lambda s, t: s.tokenize(t), lambda tk, pt, t: list(tk.tokenize(t))),
    Mode(
        "tokenize-no-hmm",
        lambda s, t: s.tokenize(t, hmm=False),
        lambda tk, pt, t: list(tk.tokenize(t, HMM=False)),
    ),
    Mode(
        "tokenize-search",
        lambda s, t: s.tokenize(t, mode="search"),
        lambda tk, pt, t: list(tk.tokenize(t, mode="search")),
    ),
    Mode(
        "tokenize-search-no-hmm",
        lambda s, t: s.tokenize(t, mode="search", hmm=False),
        lambda tk, pt, t: list(tk.tokenize(t, mode="search", HMM=False)),
    ),
    Mode("tag", lambda s, t: s.tag(t), lambda tk, pt, t: _pairs(pt, t, True)),
    Mode("tag-no-hmm", lambda s, t: s.tag(t, hmm=False), lambda tk, pt, t: _pairs(pt, t, False)),
]
MODES_BY_NAME = {mode.name: mode for mode in MODES}
# The modes whose oracle is cheap enough to run on every input without thinking about it: jieba's
# POS tagger with HMM costs ~50 s on the seed corpus, the rest together ~5 s.
CHEAP_MODES = [mode for mode in MODES if mode.name != "tag"]


def first_difference(got: Sequence[Any], want: Sequence[Any]) -> str:
    """Where two token lists part, with a little context: 'token 7: gongwen '区' vs jieba '區(' (...)'."""
    index = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    ours = repr(got[index]) if index < len(got) else "<end>"
    theirs = repr(want[index]) if index < len(want) else "<end>"
    context = got[max(0, index - 3) : index]
    return f"token {index}: gongwen {ours} vs jieba {theirs} (after {context!r}; {len(got)} vs {len(want)} tokens)"


def mismatches(
    mode: Mode,
    segmenter: gongwen.Segmenter,
    tokenizer: jieba.Tokenizer,
    pos_tokenizer: jieba.posseg.POSTokenizer,
    cases: Iterable[tuple[str, str]],
) -> list[str]:
    """One message per (label, text) case whose gongwen output differs from jieba's."""
    found = []
    for label, text in cases:
        got = mode.ours(segmenter, text)
        want = mode.theirs(tokenizer, pos_tokenizer, text)
        if got != want:
            found.append(f"{label}: {first_difference(got, want)}\n    text: {text[:200]!r}")
    return found


def report(mode: Mode, found: list[str], shown: int = 5) -> str:
    head = "\n".join(found[:shown])
    return f"{mode}: {len(found)} input(s) differ from jieba; first {min(shown, len(found))}:\n{head}"
