"""pytest-benchmark: gongwen's Python API against jieba, jieba_fast and rjieba.

Every benchmark cuts whole documents of the corpus from ``corpus.py`` (20 MB by default, set
``GONGWEN_BENCH_MB``) with the HMM on, so the cost of crossing into Rust and building Python
results is included. jieba and jieba_fast run on a 1 MB and a 2 MB prefix of it. Each round
gets fresh copies of the strings (made outside the timing). ``extra_info`` records ``bytes``
and ``mb_per_s`` (from the fastest round) so rows of different sizes compare.

Not part of ``pytest tests``. Run::

    pytest benches/python --benchmark-only
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import pytest
from corpus import MB, SUBSET_MB, build_corpus, fresh_copies, subset

pytestmark = pytest.mark.benchmark(group="segment")

ROUNDS = 3


@pytest.fixture(scope="session")
def corpus() -> tuple[list[str], int]:
    return build_corpus()


def measure(benchmark: Any, fn: Callable[[list[str]], object], docs: list[str], nbytes: int) -> None:
    benchmark.extra_info["bytes"] = nbytes
    benchmark.extra_info["documents"] = len(docs)
    benchmark.pedantic(fn, setup=lambda: ((fresh_copies(docs),), {}), rounds=ROUNDS, iterations=1)
    if benchmark.stats is not None:  # None under --benchmark-disable
        benchmark.extra_info["mb_per_s"] = round(nbytes / benchmark.stats.stats.min / MB, 2)


def test_gongwen_cut(benchmark: Any, corpus: tuple[list[str], int]) -> None:
    import gongwen

    measure(benchmark, lambda docs: [gongwen.cut(d) for d in docs], *corpus)


def test_gongwen_cut_offsets(benchmark: Any, corpus: tuple[list[str], int]) -> None:
    import gongwen

    measure(benchmark, lambda docs: [gongwen.cut_offsets(d) for d in docs], *corpus)


@pytest.mark.parametrize("threads", [1, 2, None], ids=["threads=1", "threads=2", "threads=all"])
def test_gongwen_cut_batch(benchmark: Any, corpus: tuple[list[str], int], threads: int | None) -> None:
    import gongwen

    benchmark.extra_info["threads"] = threads or gongwen.default_threads()
    measure(benchmark, lambda docs: gongwen.cut_batch(docs, threads=threads), *corpus)


@pytest.mark.parametrize("threads", [1, 2], ids=["threads=1", "threads=2"])
def test_gongwen_cut_offsets_batch(benchmark: Any, corpus: tuple[list[str], int], threads: int) -> None:
    import gongwen

    benchmark.extra_info["threads"] = threads
    measure(benchmark, lambda docs: gongwen.cut_offsets_batch(docs, threads=threads), *corpus)


def test_rjieba_cut(benchmark: Any, corpus: tuple[list[str], int]) -> None:
    rjieba = pytest.importorskip("rjieba")
    rjieba.cut("测试")  # build its dictionary outside the timing
    measure(benchmark, lambda docs: [rjieba.cut(d) for d in docs], *corpus)


def test_jieba_fast_lcut(benchmark: Any, corpus: tuple[list[str], int]) -> None:
    jieba_fast = pytest.importorskip("jieba_fast")
    jieba_fast.setLogLevel(logging.WARNING)
    jieba_fast.initialize()
    measure(benchmark, lambda docs: [jieba_fast.lcut(d) for d in docs], *subset(corpus[0], SUBSET_MB["jieba_fast"]))


def test_jieba_lcut(benchmark: Any, corpus: tuple[list[str], int]) -> None:
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    measure(benchmark, lambda docs: [jieba.lcut(d) for d in docs], *subset(corpus[0], SUBSET_MB["jieba"]))
