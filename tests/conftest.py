"""Shared fixtures: the seed corpus, split into lines, and a quiet, initialised jieba (the oracle).

The tests run against an installed wheel, so fixtures are located relative to this file and nothing
is imported from the source tree.
"""

from __future__ import annotations

from pathlib import Path

import jieba
import jieba.posseg
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))

# jieba logs "Building prefix dict..." at DEBUG on every Tokenizer initialisation.
jieba.setLogLevel(60)


@pytest.fixture(scope="session", autouse=True)
def _jieba_ready() -> None:
    """Load jieba's default dictionary and POS table once, before the first test times anything."""
    jieba.initialize()
    jieba.posseg.lcut("初始化")


@pytest.fixture(scope="session")
def seed_docs() -> list[tuple[str, str]]:
    """(file name, whole text) for each of the five seed documents."""
    assert len(SEEDS) == 5, SEEDS
    return [(path.name, path.read_text(encoding="utf-8")) for path in SEEDS]


@pytest.fixture(scope="session")
def seed_lines(seed_docs: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """(file name, 1-based line number, line) for every line of every seed, empty lines included."""
    return [(name, lineno, line) for name, text in seed_docs for lineno, line in enumerate(text.split("\n"), 1)]
