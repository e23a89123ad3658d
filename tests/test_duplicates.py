"""Repeated copies inside a document and duplicate documents across a run, on real reports.

The gov.cn scrapes of ``tests/fixtures/real/gov_cn_gbk`` hold the whole report about six times
with page chrome between the copies; the same reports from a clean source are entries of
``national/national_reports.jsonl``. Characters are compared on Han characters (the site chrome
that another stage removes is Latin and punctuation); indicators on their number.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import gongwen
from gongwen import _core

REAL = Path(__file__).parent / "fixtures" / "real"
YEARS = ("1980", "1995", "2002")


def _national() -> dict[str, str]:
    with open(REAL / "national" / "national_reports.jsonl", encoding="utf-8") as f:
        return {str(r["year"]): r["content"] for r in map(json.loads, f)}


NATIONAL = _national()


def _han(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _edited(text: str, rate: float, seed: int) -> str:
    """``text`` with about ``rate`` of its characters replaced (a lightly edited copy)."""
    rnd = random.Random(seed)
    return "".join("某" if c != "\n" and rnd.random() < rate else c for c in text)


def _flags(corpus: Any) -> dict[str, str | None]:
    return {d.id: d.duplicate_of for d in corpus}


@pytest.mark.parametrize("year", YEARS)
def test_a_scrape_with_six_copies_keeps_one(year: str) -> None:
    run = gongwen.process_corpus(
        [REAL / "gov_cn_gbk" / f"{year}.txt", (f"clean-{year}", NATIONAL[year])], keep_text=True
    )
    scraped, clean = run.documents
    assert scraped.copies_removed >= 5 and clean.copies_removed == 0
    assert scraped.text is not None and clean.text is not None
    assert abs(_han(scraped.text) / _han(clean.text) - 1) < 0.02
    assert abs(scraped.n_indicators / clean.n_indicators - 1) < 0.02
    # The same report from two sources: a duplicate of the first.
    assert clean.duplicate_of == scraped.id
    assert scraped.to_dict()["copies_removed"] == scraped.copies_removed


def test_clean_lists_each_copy_and_can_keep_them() -> None:
    data = (REAL / "gov_cn_gbk" / "1995.txt").read_bytes()
    c = gongwen.clean(data)
    copies = [r for r in c.removed if r[2] == "repeated copy"]
    assert c.copies_removed == 5 and len(copies) == 5
    original = data.decode("gb18030")
    for start, end, _, text in copies:
        assert original[start:end] == text and len(text) > 10_000
    kept = gongwen.clean(data, copies=False)
    assert kept.copies_removed == 0 and len(kept.text) > 5 * len(c.text)
    # A report without copies is left as it is, its recurring headings included.
    assert gongwen.clean(NATIONAL["1995"]).text == gongwen.clean(NATIONAL["1995"], copies=False).text


def _corpus() -> list[tuple[str, str]]:
    a = NATIONAL["1995"]
    return [
        ("1995", a),
        ("1994", NATIONAL["1994"]),
        ("1995-again", a),
        ("2001", NATIONAL["2001"]),
        ("1995-edited", _edited(a, 0.01, seed=1)),
        ("2002", NATIONAL["2002"]),
        ("1995-cut", a[: int(len(a) * 0.9)]),
    ]


EXPECTED = {
    "1995": None,
    "1994": None,
    "1995-again": "1995",
    "2001": None,
    "1995-edited": "1995",
    "2002": None,
    "1995-cut": "1995",
}


def test_exact_and_near_duplicates_are_flagged_across_batches() -> None:
    run = gongwen.process_corpus(_corpus(), batch_docs=2)
    assert _flags(run) == EXPECTED
    assert (run.summary.duplicates, run.summary.dropped) == (3, 0)
    table = run.documents_table()
    names = table.column_names
    assert names[names.index("doc_type") + 1 :][:2] == ["copies_removed", "duplicate_of"]
    assert table.schema.field("duplicate_of").type == pa.string()
    assert table.column("duplicate_of").to_pylist() == list(EXPECTED.values())


def test_distinct_real_reports_are_not_flagged() -> None:
    docs = sorted(NATIONAL.items())
    run = gongwen.process_corpus(docs)
    assert len(run) == len(docs) and not any(d.duplicate_of for d in run)


def test_drop_leaves_them_out_and_counts_them() -> None:
    run = gongwen.process_corpus([*_corpus(), ("empty", " ")], duplicates="drop", batch_docs=3)
    assert [d.id for d in run] == ["1995", "1994", "2001", "2002", "empty"]
    s = run.summary
    assert (s.documents, s.succeeded, s.failed, s.dropped, s.duplicates) == (8, 4, 1, 3, 3)
    assert s.documents == s.succeeded + s.failed + s.dropped
    assert "3 duplicates dropped" in str(s)


def test_off_flags_nothing_and_the_threshold_is_an_option() -> None:
    assert not any(_flags(gongwen.process_corpus(_corpus(), duplicates="off")).values())
    strict = _flags(gongwen.process_corpus(_corpus(), duplicate_threshold=1.0))
    assert strict == {**dict.fromkeys(EXPECTED), "1995-again": "1995"}
    for bad in (0, 1.5, -1.0):
        with pytest.raises(ValueError, match=r"^duplicate_threshold must be a number in \(0, 1\]"):
            gongwen.process_corpus([], duplicate_threshold=bad)
    with pytest.raises(TypeError, match="duplicate_threshold must be float, not str"):
        gongwen.process_corpus([], duplicate_threshold="0.9")  # type: ignore[arg-type]


def test_flags_do_not_depend_on_threads_or_batches() -> None:
    docs = _corpus() * 2
    docs = [(f"{k}-{i}", t) for k, (i, t) in enumerate(docs)]
    runs = [
        _flags(gongwen.process_corpus(docs, threads=threads, batch_docs=batch))
        for threads, batch in ((1, 2048), (2, 2048), (2, 3), (1, 1))
    ]
    assert all(r == runs[0] for r in runs[1:])
    assert sum(v is None for v in runs[0].values()) == 4


def test_a_batch_without_an_index_flags_within_itself() -> None:
    pipeline = gongwen.Pipeline()
    units = _core.Units()
    for i, t in _corpus()[:3]:
        units.text(i, t)
    batch = _core.run_batch(pipeline, units)
    assert [d.duplicate_of for d in batch.documents()] == [None, None, "1995"]
    docs = pipeline.run_texts(["x", "y"], [NATIONAL["1980"], NATIONAL["1980"]])
    assert [d.duplicate_of for d in docs] == [None, "x"]


def test_ray_refuses_to_drop() -> None:
    ray = pytest.importorskip("gongwen.ray")
    with pytest.raises(ValueError, match="keeps every row"):
        ray.process_dataset([REAL / "gov_cn_gbk"], duplicates="drop")
