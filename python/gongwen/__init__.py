"""gongwen (公文): fast, exact processing of Chinese official documents.

The heavy lifting happens in Rust (``gongwen._core``); this package re-exports it with types.

Script conversion is identical to OpenCC 1.4.2, segmentation to Python ``jieba`` 0.42.1:

>>> import gongwen
>>> gongwen.convert("區交通運輸局", "t2s")
'区交通运输局'
>>> gongwen.cut("城镇新增就业1200万人以上")
['城镇', '新增', '就业', '1200', '万人', '以上']
>>> gongwen.tag("国内生产总值增长5%左右")[:2]
[('国内', 's'), ('生产总值', 'n')]

A whole corpus in one parallel pass (clean, convert, segment, indicators, lexicons), from texts,
files, directories, JSONL or Parquet, as typed documents or Arrow/polars/pandas tables:

>>> corpus = gongwen.process_corpus(["城镇新增就业1200万人以上", ("b", "國內生產總值增長5%左右")])
>>> [d.id for d in corpus], corpus.summary.failed
(['0', 'b'], 0)

Module-level functions use one shared default :class:`Segmenter`, built on first import; make
your own ``Segmenter()`` to add words without touching it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Literal, Union

from gongwen import _core
from gongwen._core import (
    BoilerplateRules,
    Cleaned,
    Converter,
    DecodeError,
    DictionaryError,
    Document,
    GongwenError,
    Indicator,
    IndicatorRules,
    LexiconCount,
    OffsetMap,
    Pipeline,
    Segmenter,
    __version__,
    analyze_structure,
    clean,
    conversion_configs,
    convert,
    decode,
    default_threads,
    load_lexicon,
    normalize,
    scan_indicators,
    scan_indicators_batch,
)
from gongwen.corpus import (
    Corpus,
    Summary,
    iter_corpus,
    process_corpus,
    process_to,
    write_jsonl,
    write_parquet,
)

__all__ = [
    "BoilerplateRules",
    "Cleaned",
    "Converter",
    "Corpus",
    "DecodeError",
    "DictionaryError",
    "Document",
    "GongwenError",
    "Indicator",
    "IndicatorRules",
    "LexiconCount",
    "OffsetMap",
    "Pipeline",
    "Segmenter",
    "Summary",
    "__version__",
    "add_word",
    "analyze_structure",
    "clean",
    "conversion_configs",
    "convert",
    "count_lexicons",
    "count_lexicons_batch",
    "cut",
    "cut_all",
    "cut_all_batch",
    "cut_batch",
    "cut_for_search",
    "cut_for_search_batch",
    "cut_offsets",
    "cut_offsets_batch",
    "decode",
    "default_segmenter",
    "default_threads",
    "del_word",
    "example_lexicon",
    "iter_corpus",
    "load_lexicon",
    "load_userdict",
    "normalize",
    "process_corpus",
    "process_to",
    "scan_indicators",
    "scan_indicators_batch",
    "suggest_freq",
    "tag",
    "tag_batch",
    "tokenize",
    "tokenize_batch",
    "write_jsonl",
    "write_parquet",
]

_DEFAULT = Segmenter()


def default_segmenter() -> Segmenter:
    """The shared segmenter behind the module-level functions."""
    return _DEFAULT


cut = _DEFAULT.cut
cut_all = _DEFAULT.cut_all
cut_for_search = _DEFAULT.cut_for_search
tokenize = _DEFAULT.tokenize
tag = _DEFAULT.tag
cut_offsets = _DEFAULT.cut_offsets
cut_batch = _DEFAULT.cut_batch
cut_all_batch = _DEFAULT.cut_all_batch
cut_for_search_batch = _DEFAULT.cut_for_search_batch
tokenize_batch = _DEFAULT.tokenize_batch
tag_batch = _DEFAULT.tag_batch
cut_offsets_batch = _DEFAULT.cut_offsets_batch
add_word = _DEFAULT.add_word
del_word = _DEFAULT.del_word
suggest_freq = _DEFAULT.suggest_freq
load_userdict = _DEFAULT.load_userdict

LexiconSource = Union[Sequence[str], str, "os.PathLike[str]"]
"""A lexicon: a list of terms, or the path of a lexicon file (a ``str`` is always a path)."""


def count_lexicons(
    text: str,
    lexicons: Mapping[str, LexiconSource],
    *,
    mode: Literal["token", "substring"] = "token",
    overlapping: bool = False,
    segmenter: Segmenter | None = None,
    hmm: bool = True,
    words: bool = True,
) -> dict[str, LexiconCount]:
    """Count the terms of each lexicon in ``text``: an attention index per lexicon.

    ``segmenter`` defaults to the shared default segmenter (with any word given to
    :func:`add_word`); in token mode the terms are added to a private copy of its dictionary,
    so it is never changed. See :func:`gongwen._core.count_lexicons` for the modes and for what
    ``words`` counts.

    >>> r = count_lexicons("加强污染防治，推进绿色发展", {"env": ["污染防治", "绿色"]})
    >>> r["env"].total, r["env"].words, r["env"].share
    (2, 6, 0.3333333333333333)
    """
    return _core.count_lexicons(
        text,
        lexicons,
        mode=mode,
        overlapping=overlapping,
        segmenter=_DEFAULT if segmenter is None else segmenter,
        hmm=hmm,
        words=words,
    )


def count_lexicons_batch(
    texts: Iterable[str],
    lexicons: Mapping[str, LexiconSource],
    *,
    mode: Literal["token", "substring"] = "token",
    overlapping: bool = False,
    segmenter: Segmenter | None = None,
    hmm: bool = True,
    words: bool = True,
    threads: int | None = None,
) -> list[dict[str, LexiconCount]]:
    """:func:`count_lexicons` of every text, in parallel on ``threads`` threads (default: all
    cores, or ``GONGWEN_NUM_THREADS``), the lexicons compiled once; results in input order."""
    return _core.count_lexicons_batch(
        texts,
        lexicons,
        mode=mode,
        overlapping=overlapping,
        segmenter=_DEFAULT if segmenter is None else segmenter,
        hmm=hmm,
        words=words,
        threads=threads,
    )


def example_lexicon(name: str = "environment") -> list[str]:
    """The terms of a lexicon shipped with gongwen (``python/gongwen/data/lexicons/<name>.txt``).

    ``"environment"``: environmental-protection terms, the word list of Chen Shiyi and Chen
    Dengke (2018, 经济研究) that economics papers count in government work reports, plus terms
    gongwen added; the file and its ``README.md`` say which is which.

    >>> terms = example_lexicon("environment")
    >>> terms[:3]
    ['环境保护', '环保', '污染']
    """
    folder = resources.files("gongwen") / "data" / "lexicons"
    available = sorted(p.name[: -len(".txt")] for p in folder.iterdir() if p.name.endswith(".txt"))
    if name not in available:
        raise ValueError(f"no example lexicon {name!r}; available: {', '.join(available)}")
    with resources.as_file(folder / f"{name}.txt") as path:
        return load_lexicon(path)
