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

from gongwen._core import (
    BoilerplateRules,
    Cleaned,
    Converter,
    DecodeError,
    DictionaryError,
    Document,
    GongwenError,
    Indicator,
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
    normalize,
)
from gongwen.corpus import (
    Corpus,
    Summary,
    iter_corpus,
    load_lexicon,
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
    "iter_corpus",
    "load_lexicon",
    "load_userdict",
    "normalize",
    "process_corpus",
    "process_to",
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
