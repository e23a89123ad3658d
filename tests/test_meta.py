"""Carried metadata: the other fields of JSONL lines and Parquet rows and the mapping of a
``(doc_id, text, meta)`` item reach ``Document.meta`` (typed) and the tables' ``meta_<key>``
string columns, in memory and in the streaming writers, whatever batch brings a key."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import gongwen

NATIONAL = Path(__file__).parent / "fixtures" / "real" / "national" / "national_reports.jsonl"
SAMPLE = "城镇新增就业1200万人以上，国内生产总值增长5%左右。"


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_national_jsonl_carries_title_year_url() -> None:
    records = _lines(NATIONAL)
    corpus = gongwen.process_corpus(NATIONAL, text_column="content")
    assert len(corpus) == len(records) == 22
    for doc, rec in zip(corpus, records):
        assert doc.ok
        assert doc.meta == {"title": rec["title"], "year": rec["year"], "url": rec["url"]}
        assert isinstance(doc.meta["year"], int)
    docs = corpus.documents_table()
    assert docs.column_names[-3:] == ["meta_title", "meta_year", "meta_url"]
    assert docs.column("meta_year").type == pa.string()
    assert docs.column("meta_year").to_pylist() == [str(r["year"]) for r in records]
    assert docs.column("meta_title").to_pylist() == [r["title"] for r in records]


def test_jsonl_metadata_of_mixed_types_is_typed_on_documents_and_text_in_tables(tmp_path: Path) -> None:
    values = [2003, "2003年", 2003.5, None, True, ["一", 2], {"省": "河南"}, 2**63]
    path = tmp_path / "m.jsonl"
    path.write_text(
        "".join(json.dumps({"text": SAMPLE, "year": v}, ensure_ascii=False) + "\n" for v in values)
        + json.dumps({"text": SAMPLE})
        + "\n",
        encoding="utf-8",
    )
    corpus = gongwen.process_corpus(path, batch_docs=3)
    assert all(d.ok for d in corpus)
    got = [d.meta.get("year", "absent") for d in corpus]
    assert got == [2003, "2003年", 2003.5, None, True, '["一",2]', '{"省":"河南"}', str(2**63), "absent"]
    assert [type(v) for v in got[:5]] == [int, str, float, type(None), bool]
    column = corpus.documents_table().column("meta_year").to_pylist()
    assert column == ["2003", "2003年", "2003.5", None, "true", '["一",2]', '{"省":"河南"}', str(2**63), None]


def test_id_text_meta_triples(tmp_path: Path) -> None:
    day = datetime.date(2026, 1, 26)
    inputs = [
        ("a", SAMPLE, {"province": "河南省", "year": 2026, "date": day, "tags": ("政府", "报告")}),
        ("b", SAMPLE),
        ("c", "", {"province": "四川省"}),
    ]
    corpus = gongwen.process_corpus(inputs)
    assert corpus[0].meta == {"province": "河南省", "year": 2026, "date": "2026-01-26", "tags": '["政府","报告"]'}
    assert corpus[1].meta == {}
    assert (corpus[2].ok, corpus[2].meta) == (False, {"province": "四川省"})  # an error row keeps its meta
    assert corpus[0].to_dict()["meta"] == corpus[0].meta
    with pytest.raises(TypeError, match=r"inputs\[0\]: meta must be a mapping"):
        gongwen.process_corpus([("a", SAMPLE, ["year", 2026])])
    with pytest.raises(TypeError, match=r"inputs\[0\]: meta keys must be str"):
        gongwen.process_corpus([("a", SAMPLE, {1: "x"})])


def test_parquet_rows_carry_their_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    table = pa.table(
        {
            "id": ["x", "y"],
            "year": pa.array([2026, None], pa.int64()),
            "score": [0.5, 1.0],
            "final": [True, False],
            "day": [datetime.date(2026, 2, 3), None],
            "body": [SAMPLE, SAMPLE],
        }
    )
    pq.write_table(table, path)
    corpus = gongwen.process_corpus(path, text_column="body", id_column="id")
    assert [d.id for d in corpus] == ["x", "y"]
    assert corpus[0].meta == {"year": 2026, "score": 0.5, "final": True, "day": "2026-02-03"}
    assert corpus[1].meta == {"year": None, "score": 1.0, "final": False, "day": None}
    docs = corpus.documents_table()
    assert docs.column("meta_score").to_pylist() == ["0.5", "1.0"]
    assert docs.column("meta_final").to_pylist() == ["true", "false"]
    assert docs.column("meta_year").to_pylist() == ["2026", None]


def _later_keys() -> list[object]:
    # Batches of one document: the second brings "url", the fourth "region".
    return [
        ("a", SAMPLE, {"year": 2025}),
        ("b", SAMPLE, {"year": 2026, "url": "https://www.gov.cn/"}),
        ("c", SAMPLE),
        ("d", SAMPLE, {"region": "河南省"}),
    ]


def test_in_memory_tables_hold_every_batch_keys() -> None:
    corpus = gongwen.process_corpus(_later_keys(), batch_docs=1)
    docs = corpus.documents_table()
    assert docs.column_names[-3:] == ["meta_year", "meta_url", "meta_region"]
    assert docs.column("meta_url").to_pylist() == [None, "https://www.gov.cn/", None, None]
    polars, pandas = corpus.to_polars()[0], corpus.to_pandas()[0]
    assert polars["meta_region"].to_list() == [None, None, None, "河南省"]
    assert list(pandas["meta_year"])[:2] == ["2025", "2026"]


def test_the_streaming_parquet_writer_keeps_a_key_a_later_batch_brings(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    summary = gongwen.write_parquet(_later_keys(), out, batch_docs=1)
    assert summary.documents == 4
    written = pq.read_table(out)
    expected = gongwen.process_corpus(_later_keys(), batch_docs=1).documents_table()
    assert written.column_names == expected.column_names
    for name in ("id", "meta_year", "meta_url", "meta_region"):
        assert written.column(name).to_pylist() == expected.column(name).to_pylist(), name
    assert pq.ParquetFile(out).num_row_groups == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.indicators.parquet", "out.parquet"]
    # The JSONL writer has each document's own meta.
    lines = tmp_path / "out.jsonl"
    gongwen.write_jsonl(_later_keys(), lines, batch_docs=1)
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"] for r in rows] == [
        {"year": 2025},
        {"year": 2026, "url": "https://www.gov.cn/"},
        {},
        {"region": "河南省"},
    ]


def test_a_run_of_csv_and_jsonl_with_different_keys_streams_to_parquet(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"body": SAMPLE, "year": 2003}) + "\n", encoding="utf-8")
    table = tmp_path / "b.csv"
    table.write_text(f"province,body\n河南省,{SAMPLE}\n四川省,{SAMPLE}\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    gongwen.write_parquet([jsonl, table], out, text_column="body", batch_docs=1)
    written = pq.read_table(out)
    assert written.column("meta_year").to_pylist() == ["2003", None, None]
    assert written.column("meta_province").to_pylist() == [None, "河南省", "四川省"]
