"""pytest-benchmark: gongwen's script conversion against OpenCC (PyPI ``opencc``) and zhconv_rs.

t2s rows convert the Traditional seed documents (000, 001, 004), s2twp rows the Simplified ones
(002, 003), each replicated in whole passes to ``GONGWEN_BENCH_MB`` MB (20 by default, see
``corpus.py``), one call per document unless the row is a batch. Converters are built once,
outside the timing; each round gets fresh copies of the strings (made outside the timing).
``extra_info`` records ``config``, ``threads``, ``bytes`` and ``mb_per_s`` (from the fastest
round). zhconv_rs has no t2s: its nearest target, ``zh-hans`` (MediaWiki's tables), stands in,
so its output differs from the other two.

Not part of ``pytest tests``. Run::

    pytest benches/python/test_bench_convert.py --benchmark-only
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from corpus import MB, SIMPLIFIED, TRADITIONAL, build_corpus, fresh_copies

pytestmark = pytest.mark.benchmark(group="convert")

ROUNDS = 3


@pytest.fixture(scope="session")
def traditional() -> tuple[list[str], int]:
    return build_corpus(seeds=TRADITIONAL)


@pytest.fixture(scope="session")
def simplified() -> tuple[list[str], int]:
    return build_corpus(seeds=SIMPLIFIED)


def measure(
    benchmark: Any, fn: Callable[[list[str]], object], docs: list[str], nbytes: int, config: str, threads: int = 1
) -> None:
    benchmark.extra_info["config"] = config
    benchmark.extra_info["threads"] = threads
    benchmark.extra_info["bytes"] = nbytes
    benchmark.extra_info["documents"] = len(docs)
    benchmark.pedantic(fn, setup=lambda: ((fresh_copies(docs),), {}), rounds=ROUNDS, iterations=1)
    if benchmark.stats is not None:  # None under --benchmark-disable
        benchmark.extra_info["mb_per_s"] = round(nbytes / benchmark.stats.stats.min / MB, 2)


def test_gongwen_convert_t2s(benchmark: Any, traditional: tuple[list[str], int]) -> None:
    import gongwen

    conv = gongwen.Converter("t2s")
    measure(benchmark, lambda docs: [conv.convert(d) for d in docs], *traditional, "t2s")


@pytest.mark.parametrize("threads", [1, 2], ids=["threads=1", "threads=2"])
def test_gongwen_convert_batch_t2s(benchmark: Any, traditional: tuple[list[str], int], threads: int) -> None:
    import gongwen

    conv = gongwen.Converter("t2s")
    measure(benchmark, lambda docs: conv.convert_batch(docs, threads=threads), *traditional, "t2s", threads)


def test_opencc_convert_t2s(benchmark: Any, traditional: tuple[list[str], int]) -> None:
    opencc = pytest.importorskip("opencc")
    conv = opencc.OpenCC("t2s")
    measure(benchmark, lambda docs: [conv.convert(d) for d in docs], *traditional, "t2s")


def test_zhconv_rs_zh_hans(benchmark: Any, traditional: tuple[list[str], int]) -> None:
    zhconv_rs = pytest.importorskip("zhconv_rs")
    zhconv_rs.zhconv("測試", "zh-hans")  # its converter is built on first use
    measure(benchmark, lambda docs: [zhconv_rs.zhconv(d, "zh-hans") for d in docs], *traditional, "zh-hans")


def test_gongwen_convert_s2twp(benchmark: Any, simplified: tuple[list[str], int]) -> None:
    import gongwen

    conv = gongwen.Converter("s2twp")
    measure(benchmark, lambda docs: [conv.convert(d) for d in docs], *simplified, "s2twp")


def test_opencc_convert_s2twp(benchmark: Any, simplified: tuple[list[str], int]) -> None:
    opencc = pytest.importorskip("opencc")
    conv = opencc.OpenCC("s2twp")
    measure(benchmark, lambda docs: [conv.convert(d) for d in docs], *simplified, "s2twp")
