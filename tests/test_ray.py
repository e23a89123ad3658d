"""gongwen.ray (issue 7) on a local two-CPU Ray cluster: the same rows as a local process_corpus,
error rows for malformed shards, every document exactly once in the written Parquet, and a worker
killed mid-batch left to Ray's retry without a document lost or doubled.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ray.data")

import pyarrow as pa
import pyarrow.parquet as pq
import ray
import ray.data

import gongwen
import gongwen.ray

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
LEXICONS = {"econ": ["增长", "就业", "发展", "经济", "國內生產總值"]}
OPTIONS: dict[str, Any] = {"lexicons": LEXICONS, "emit": "tokens"}

# Ray Data 2.60 sets its own deprecated options (use_push_based_shuffle, use_polars...) while it
# builds its default DataContext, in every program that uses Ray Data: nothing a caller can avoid.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A local cluster of two CPUs, shared by the module; Ray Data's progress output off."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    try:
        yield
    finally:
        ray.shutdown()


def _seed_rows() -> list[tuple[str, str]]:
    """The five seed documents, then the first lines of two of them as more, smaller documents
    (many rows, so that blocks and batches are many)."""
    rows = [(path.name, path.read_text(encoding="utf-8")) for path in SEEDS]
    lines = [
        (f"{path.name}:{n}", line)
        for path in SEEDS[:2]
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n")[:20], 1)
    ]
    return rows + lines


def _by_id(table: pa.Table, key: str = "id") -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda row: row[key])


def _indicator_rows(table: pa.Table) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda row: (row["doc_id"], row["start"], row["end"], row["raw"]))


def _assert_same(result: gongwen.ray.RayResult, corpus: gongwen.Corpus) -> None:
    done = result.materialize()
    docs = pa.Table.from_pylist(done.documents.take_all())
    local_docs, local_inds = corpus.to_arrow()
    assert sorted(docs.column_names) == sorted(local_docs.column_names)
    # Ray flags duplicates within each batch, process_corpus across the run: a batch's
    # duplicate is one of the run's.
    flagged = {r["id"] for r in docs.to_pylist() if r["duplicate_of"] is not None}
    assert flagged <= {d.id for d in corpus if d.duplicate_of is not None}
    names = [n for n in local_docs.column_names if n != "duplicate_of"]
    assert _by_id(docs.select(names)) == _by_id(local_docs.select(names))
    inds = pa.Table.from_pylist(done.indicators.take_all())
    assert _indicator_rows(inds) == _indicator_rows(local_inds)


def test_import_gongwen_does_not_import_ray() -> None:
    code = "import sys, gongwen; assert 'ray' not in sys.modules, 'ray imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_worker_threads_are_the_cpus_ray_assigned(cluster: None) -> None:
    @ray.remote
    def threads(given: float) -> int:
        return gongwen.ray._worker_threads(given)

    assert ray.get(threads.options(num_cpus=1).remote(1.0)) == 1
    assert ray.get(threads.options(num_cpus=2).remote(1.0)) == 2


def test_same_rows_as_process_corpus_on_a_dataset(cluster: None) -> None:
    rows = _seed_rows()
    ds = ray.data.from_items([{"doc": i, "text": t} for i, t in rows], override_num_blocks=6)
    result = gongwen.ray.process_dataset(ds, id_column="doc", batch_size=4, concurrency=2, **OPTIONS)
    corpus = gongwen.process_corpus(rows, **OPTIONS)
    assert corpus.summary.failed == 0 and corpus.summary.indicators > 0
    _assert_same(result, corpus)


def test_same_rows_as_process_corpus_on_files(cluster: None, tmp_path: Path) -> None:
    """Text files (id: the path), a JSONL file (id: <file>:<line>) and a Parquet file
    (id: <file>:<row>) read with Ray's reader give process_corpus's rows."""
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text(
        "\n".join('{"text": ' + __import__("json").dumps(t, ensure_ascii=False) + "}" for _, t in _seed_rows()[5:]),
        encoding="utf-8",
    )
    parquet = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"text": [t for _, t in _seed_rows()[:3]]}), parquet)
    paths = [*SEEDS, jsonl, parquet]
    result = gongwen.ray.process_dataset([str(p) for p in paths], batch_size=3, concurrency=2, **OPTIONS)
    corpus = gongwen.process_corpus(paths, **OPTIONS)
    assert len(corpus) == 5 + len(_seed_rows()[5:]) + 3
    _assert_same(result, corpus)


def test_a_directory_is_walked_with_the_glob(cluster: None) -> None:
    result = gongwen.ray.process_dataset(SEED_DIR, concurrency=1)
    ids = sorted(row["id"] for row in result.documents.select_columns(["id"]).take_all())
    assert ids == [str(p) for p in SEEDS]


def test_malformed_shards_give_error_rows_not_a_failed_job(cluster: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b"\n".join(
            [
                '{"text": "城镇新增就业1200万人以上"}'.encode(),
                b"{not json",
                b'{"body": "no text column"}',
                b'{"text": 42}',
                b"",
                b'{"text": "\xff\xfe"}',
                b"[1, 2]",
            ]
        )
        + b"\n"
    )
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.parquet"
    corrupt.write_bytes(b"PAR1 this is not parquet")
    paths = [bad, binary, empty, corrupt, SEEDS[3]]
    result = gongwen.ray.process_dataset([str(p) for p in paths], concurrency=2, batch_size=2).materialize()
    rows = {row["id"]: row for row in result.documents.take_all()}
    # Locally a corrupt Parquet file among the inputs is an argument error raised before any work;
    # on a cluster the files are only opened by the workers, so it is an error row there.
    local = {d.id: d for d in gongwen.process_corpus([p for p in paths if p != corrupt])}
    assert len(rows) == result.documents.count() == len(local) + 1 == 7 + 4
    for doc_id, doc in local.items():
        assert (rows[doc_id]["ok"], rows[doc_id]["error_kind"]) == (doc.ok, doc.error_kind), doc_id
    assert [rows[f"{bad}:{n}"]["ok"] for n in range(1, 8)] == [True] + [False] * 6
    assert not rows[str(binary)]["ok"] and not rows[str(empty)]["ok"]
    assert (rows[str(corrupt)]["ok"], rows[str(corrupt)]["error_kind"]) == (False, "input")
    assert "magic bytes" in rows[str(corrupt)]["error"] and rows[str(corrupt)]["source"] == str(corrupt)
    assert rows[str(SEEDS[3])]["ok"]


def test_bad_rows_of_a_dataset_are_error_rows(cluster: None) -> None:
    good = "国内生产总值增长5%左右"
    blocks = [
        pa.table({"id": ["a", "b"], "text": [good, None]}),
        pa.table({"id": ["c", "d"], "text": pa.array([good.encode("gb18030"), b"\xff\xfe\x00"], pa.binary())}),
        pa.table({"id": ["e"], "text": [7]}),  # not a text column
        pa.table({"id": ["f"], "body": [good]}),  # a shard without the text column
    ]
    ds = ray.data.from_arrow(blocks)
    result = gongwen.ray.process_dataset(ds, id_column="id", concurrency=2, batch_size=1)
    rows = {row["id"]: row for row in result.documents.take_all()}
    assert sorted(rows) == ["a", "b", "c", "d", "e", "f"]
    assert {k: r["ok"] for k, r in rows.items()} == {
        "a": True,
        "b": False,
        "c": True,
        "d": False,
        "e": False,
        "f": False,
    }
    assert rows["c"]["encoding"] and rows["c"]["chars"] == len(good)
    assert rows["b"]["error_kind"] == rows["e"]["error_kind"] == rows["f"]["error_kind"] == "input"


def test_rows_without_an_id_column_get_unique_ids(cluster: None) -> None:
    ds = ray.data.from_items([{"text": f"第{i}季度增长{i}%"} for i in range(50)], override_num_blocks=4)
    ids = [row["id"] for row in gongwen.ray.process_dataset(ds, concurrency=2).documents.take_all()]
    assert len(ids) == len(set(ids)) == 50


def test_written_parquet_has_every_document_once(cluster: None, tmp_path: Path) -> None:
    rows = _seed_rows()
    ds = ray.data.from_items([{"doc": i, "text": t} for i, t in rows], override_num_blocks=5)
    docs_dir, inds_dir = gongwen.ray.process_dataset(ds, id_column="doc", concurrency=2).write_parquet(tmp_path / "out")
    docs = pq.read_table(docs_dir)
    inds = pq.read_table(inds_dir)
    assert sorted(docs.column("id").to_pylist()) == sorted(i for i, _ in rows)
    assert inds.num_rows == sum(docs.column("n_indicators").to_pylist()) > 0
    assert set(inds.column("doc_id").to_pylist()) <= set(docs.column("id").to_pylist())
    assert "indicators" not in docs.column_names


def test_a_worker_killed_mid_batch_is_retried_and_nothing_is_lost_or_doubled(cluster: None, tmp_path: Path) -> None:
    """The first batch any worker gets kills its process (os._exit) once in the run; Ray restarts
    the actor and retries the batch (max_restarts / max_task_retries)."""
    marker = tmp_path / "killed"
    rows = _seed_rows()
    ds = ray.data.from_items([{"doc": i, "text": t} for i, t in rows], override_num_blocks=6)
    result = gongwen.ray.process_dataset(
        ds,
        id_column="doc",
        concurrency=2,
        batch_size=4,
        runtime_env={"env_vars": {gongwen.ray._FAULT_ENV: str(marker)}},
    )
    docs_dir, _ = result.write_parquet(tmp_path / "out")
    assert marker.exists(), "no worker was killed"
    ids = pq.read_table(docs_dir).column("id").to_pylist()
    assert sorted(ids) == sorted(i for i, _ in rows)


def test_bad_options_raise_before_any_work(cluster: None, tmp_path: Path) -> None:
    ds = ray.data.from_items([{"text": "增长5%"}])
    with pytest.raises(ValueError, match="mode"):
        gongwen.ray.process_dataset(ds, mode="fast")
    with pytest.raises(FileNotFoundError):
        gongwen.ray.process_dataset(ds, userdict=tmp_path / "missing.txt")
    with pytest.raises(FileNotFoundError):
        gongwen.ray.process_dataset([str(tmp_path / "missing.txt")])
    with pytest.raises(ValueError, match="num_cpus_per_worker"):
        gongwen.ray.process_dataset(ds, num_cpus_per_worker=0)


def test_a_user_dictionary_reaches_the_workers(cluster: None, tmp_path: Path) -> None:
    userdict = tmp_path / "user.txt"
    userdict.write_text("新增就业1200万人 10 n\n", encoding="utf-8")
    ds = ray.data.from_items([{"text": "城镇新增就业1200万人以上"}])
    row = gongwen.ray.process_dataset(ds, userdict=userdict, emit="tokens", concurrency=1).documents.take_all()[0]
    assert "新增就业1200万人" in row["tokens"]


REAL_CSVS = sorted((Path(__file__).parent / "fixtures" / "real" / "provincial_2026").glob("*.csv"))


def test_csv_jsonl_and_parquet_rows_and_their_metadata_as_process_corpus(cluster: None, tmp_path: Path) -> None:
    """The real CSV reports (one row each, text under full_text, BOM), a JSONL whose lines carry
    different fields, a Parquet file with a year column: one document per row with the ids,
    meta_<key> columns and indicators process_corpus gives, the keys in input order."""
    texts = [t for _, t in _seed_rows()[5:9]]
    lines = [
        {"full_text": texts[0], "year": 2025, "title": "甲"},
        {"full_text": texts[1], "url": "https://example.org/b", "score": 1.5},
        {"full_text": texts[2], "year": None, "flag": True},
        {"title": "no text"},
    ]
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"full_text": [texts[3]], "year": [2024], "region": ["浙江省"]}), parquet)
    paths = [*REAL_CSVS, jsonl, parquet]
    options = {**OPTIONS, "text_column": "full_text"}
    result = gongwen.ray.process_dataset([str(p) for p in paths], batch_size=2, concurrency=2, **options)
    corpus = gongwen.process_corpus(paths, **options)
    assert len(corpus) == 3 + 4 + 1 and corpus.summary.failed == 1
    _assert_same(result, corpus)
    local_meta = [n for n in corpus.to_arrow()[0].column_names if n.startswith("meta_")]
    assert result.meta_columns() == local_meta
    csv_keys = ["province", "year", "title", "source_url", "publish_date"]
    assert local_meta == [f"meta_{k}" for k in [*csv_keys, "url", "score", "flag", "region"]]
    rows = {row["id"]: row for row in result.documents.take_all()}
    assert rows[f"{REAL_CSVS[0]}:1"]["meta_province"] == "四川省" and rows[f"{jsonl}:1"]["meta_year"] == "2025"
    assert rows[f"{jsonl}:2"]["meta_score"] == "1.5" and rows[f"{parquet}:1"]["meta_region"] == "浙江省"


def test_dataset_columns_are_carried_as_meta_items_are(cluster: None) -> None:
    """A Dataset's other columns are what a (id, text, meta) item's meta is to process_corpus."""
    rows = _seed_rows()[:6]
    items = [(i, t, {"year": 2020 + n, "title": f"报告{n}"}) for n, (i, t) in enumerate(rows)]
    ds = ray.data.from_items([{"doc": i, "text": t, **meta} for i, t, meta in items], override_num_blocks=3)
    result = gongwen.ray.process_dataset(ds, id_column="doc", batch_size=2, concurrency=2, **OPTIONS)
    _assert_same(result, gongwen.process_corpus(items, **OPTIONS))
    assert sorted(result.meta_columns()) == ["meta_title", "meta_year"]


def test_csv_bad_rows_are_error_rows_and_a_header_without_the_text_column_raises(cluster: None, tmp_path: Path) -> None:
    good = "国内生产总值增长5%左右"
    csv = tmp_path / "gbk.csv"
    csv.write_bytes(f'id,text,year\na,{good},2025\nb,too,many,fields\nc,"{good}",2026\n'.encode("gb18030"))
    result = gongwen.ray.process_dataset([str(csv)], id_column="id", concurrency=1)
    rows = {row["id"]: row for row in result.documents.take_all()}
    local = {d.id: d for d in gongwen.process_corpus([csv], id_column="id")}
    assert len(rows) == len(local) == 3
    assert {k: (r["ok"], r["error_kind"], r["meta_year"]) for k, r in rows.items()} == {
        k: (d.ok, d.error_kind, d.meta.get("year")) for k, d in local.items()
    }
    assert rows["a"]["ok"] and rows["c"]["ok"] and rows["a"]["chars"] == len(good)
    assert not rows[f"{csv}:2"]["ok"] and "4 fields, the header has 3" in rows[f"{csv}:2"]["error"]
    with pytest.raises(ValueError, match="no 'text' text column; its columns are 'province', 'year'"):
        gongwen.ray.process_dataset([str(REAL_CSVS[0])])
