"""process_corpus / iter_corpus / the writers (issue 6): every input form, input order, one row per
document whatever goes wrong with it, argument errors before any work, tables and files.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import gongwen
from gongwen.corpus import INDICATOR_FIELDS, indicators_path

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"
TRADITIONAL_SEED = SEED_DIR / "000_ff93f212bb4c8225.txt"
SIMPLIFIED_SEED = SEED_DIR / "003_01d0fa08ee2cde3b.txt"
SAMPLE = "城镇新增就业1200万人以上，国内生产总值增长5%左右。"
TRADITIONAL = "全年地區生產總值增長6.5%，城鎮新增就業1.2萬人。"


def _seed_text(path: Path = TRADITIONAL_SEED) -> str:
    return path.read_text(encoding="utf-8")


def _encodable(text: str, encoding: str, limit: int = 3000) -> str:
    """The first ``limit`` characters of ``text`` that ``encoding`` can represent (the seeds carry
    pinyin readings with tone marks that Big5 and GB2312 lack)."""

    def ok(c: str) -> bool:
        try:
            c.encode(encoding)
        except UnicodeEncodeError:
            return False
        return True

    return "".join(c for c in text[: limit * 2] if ok(c))[:limit]


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _never(*_: object) -> None:
    raise AssertionError("work started before the arguments were checked")


# -- input forms ---------------------------------------------------------------------------------------


def test_texts_get_their_position_as_id() -> None:
    corpus = gongwen.process_corpus([SAMPLE, TRADITIONAL, ""])
    assert [d.id for d in corpus] == ["0", "1", "2"]
    assert all(d.source is None and d.encoding is None for d in corpus)
    assert corpus[0].ok and corpus[0].chars == len(SAMPLE) and corpus[0].token_count > 0
    assert len(corpus) == 3 and corpus.summary.documents == 3


def test_pairs_keep_their_ids() -> None:
    corpus = gongwen.process_corpus([("report-a", SAMPLE), ("report-b", TRADITIONAL)])
    assert [d.id for d in corpus] == ["report-a", "report-b"]
    assert [d.chars for d in corpus] == [len(SAMPLE), len(TRADITIONAL)]


def test_bytes_are_decoded_in_rust() -> None:
    corpus = gongwen.process_corpus([TRADITIONAL.encode("big5"), SAMPLE.encode("gb18030")])
    assert [d.ok for d in corpus] == [True, True]
    assert [d.chars for d in corpus] == [len(TRADITIONAL), len(SAMPLE)]


def test_a_str_item_is_a_text_even_if_a_file_has_that_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = gongwen.process_corpus(["a.txt"])[0]
    assert doc.source is None and doc.chars == len("a.txt")
    # ...while a single str is a path, and a Path item is a file.
    assert gongwen.process_corpus("a.txt")[0].chars == len(SAMPLE)
    assert gongwen.process_corpus([Path("a.txt")])[0].chars == len(SAMPLE)


def test_files_and_directories(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "c.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("不读", encoding="utf-8")
    corpus = gongwen.process_corpus(tmp_path)
    names = [Path(d.id).relative_to(tmp_path).as_posix() for d in corpus]
    assert names == ["b.txt", "sub/a.txt", "sub/deeper/c.txt"]  # sorted walk, recursive, glob **/*.txt
    assert all(d.ok and d.source == d.id and d.encoding == "UTF-8" for d in corpus)
    only_md = gongwen.process_corpus(str(tmp_path), glob="*.md")
    assert [Path(d.id).name for d in only_md] == ["notes.md"]
    top_level = gongwen.process_corpus(tmp_path, glob="*.txt")
    assert [Path(d.id).name for d in top_level] == ["b.txt"]


def test_jsonl_ids_from_line_numbers_or_a_column(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "docs.jsonl",
        [json.dumps({"text": SAMPLE, "key": "x1"}), json.dumps({"text": TRADITIONAL, "key": 7})],
    )
    corpus = gongwen.process_corpus(path)
    assert [d.id for d in corpus] == [f"{path}:1", f"{path}:2"]
    assert all(d.ok and d.source == str(path) for d in corpus)
    keyed = gongwen.process_corpus([path], id_column="key")
    assert [d.id for d in keyed] == ["x1", "7"]
    body = _write_jsonl(tmp_path / "body.jsonl", [json.dumps({"body": SAMPLE})])
    assert gongwen.process_corpus(body, text_column="body")[0].chars == len(SAMPLE)


def test_parquet_text_column(tmp_path: Path) -> None:
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"doc": ["a", "b", "c"], "body": [SAMPLE, None, TRADITIONAL]}), path)
    corpus = gongwen.process_corpus(path, text_column="body", id_column="doc")
    assert [d.id for d in corpus] == ["a", "b", "c"]
    assert [d.ok for d in corpus] == [True, False, True]  # a null text is an error row
    assert corpus[1].error_kind == "input"
    plain = gongwen.process_corpus(path, text_column="body")
    assert [d.id for d in plain] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_mixed_inputs_come_back_in_input_order(tmp_path: Path) -> None:
    text_file = tmp_path / "one.txt"
    text_file.write_text(TRADITIONAL, encoding="utf-8")
    lines = _write_jsonl(tmp_path / "two.jsonl", [json.dumps({"text": SAMPLE})] * 3)
    inputs = [SAMPLE, text_file, ("pair", TRADITIONAL), lines, SAMPLE.encode("utf-8"), text_file]
    for batch_docs in (1, 2, 3, 100):
        corpus = gongwen.process_corpus(inputs, batch_docs=batch_docs)
        assert [d.id for d in corpus] == [
            "0",
            str(text_file),
            "pair",
            f"{lines}:1",
            f"{lines}:2",
            f"{lines}:3",
            "4",
            str(text_file),
        ]
        assert all(d.ok for d in corpus)


def test_threads_do_not_change_results() -> None:
    docs = [_seed_text(p) for p in sorted(SEED_DIR.glob("*.txt"))] * 2
    one = gongwen.process_corpus(docs, threads=1, emit="offsets")
    two = gongwen.process_corpus(docs, threads=2, emit="offsets", batch_docs=3)
    assert [d.to_dict() for d in one] == [d.to_dict() for d in two]


# -- nothing lost ----------------------------------------------------------------------------------------


def test_error_rows_for_bad_files_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    corpus = gongwen.process_corpus([good, binary, empty, good])
    assert [d.id for d in corpus] == [str(good), str(binary), str(empty), str(good)]
    assert [d.ok for d in corpus] == [True, False, False, True]
    for doc in corpus[1:3]:
        assert doc.error and doc.error_kind in ("decode", "input") and doc.chars == 0 and doc.token_count == 0
    assert corpus.summary.succeeded == 2 and corpus.summary.failed == 2
    assert [d.id for d in corpus.errors] == [str(binary), str(empty)]


@pytest.mark.parametrize("threads", [1, 2])
def test_a_text_with_a_lone_surrogate_is_an_error_row(threads: int) -> None:
    # A str Python accepts but UTF-8 cannot hold (a half of a surrogate pair, e.g. from
    # decoding with errors="surrogateescape"): that document fails, the others run.
    texts = [SAMPLE, "增长5%\ud800左右", SAMPLE]
    corpus = gongwen.process_corpus(texts, threads=threads, duplicates="off")
    assert [d.ok for d in corpus] == [True, False, True]
    bad = corpus[1]
    assert bad.error_kind == "decode" and "lone surrogate at position 4" in (bad.error or "")
    assert bad.token_count == 0 and bad.indicators == []
    alone = gongwen.process_corpus([SAMPLE], duplicates="off")[0].to_dict()
    assert [{**d.to_dict(), "id": "0"} for d in (corpus[0], corpus[2])] == [alone, alone]
    assert corpus.summary.succeeded == 2 and corpus.summary.failed == 1


def test_missing_files_reached_lazily_are_error_rows(tmp_path: Path) -> None:
    """In a generator a path is only seen when the run gets there: a missing one is an error row."""
    jsonl = _write_jsonl(tmp_path / "a.jsonl", [json.dumps({"text": SAMPLE})])
    missing_txt, missing_jsonl = tmp_path / "gone.txt", tmp_path / "gone.jsonl"
    corpus = gongwen.process_corpus(p for p in [jsonl, missing_txt, missing_jsonl, jsonl])
    assert [d.id for d in corpus] == [f"{jsonl}:1", str(missing_txt), str(missing_jsonl), f"{jsonl}:1"]
    assert [d.ok for d in corpus] == [True, False, False, True]
    assert corpus[1].error_kind == "io" and corpus[2].error_kind == "io"


def test_jsonl_bad_lines_are_error_rows_never_lost(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                json.dumps({"text": SAMPLE}).encode(),
                b"",  # a 0-byte line
                b"   ",  # a blank line
                b"{not json",
                b"[1, 2]",
                json.dumps({"body": SAMPLE}).encode(),  # no text column
                json.dumps({"text": 12}).encode(),  # not a string
                b'{"text": "\xff\xfe"}',  # not UTF-8
                json.dumps({"text": TRADITIONAL}, ensure_ascii=False).encode(),
            ]
        )
        + b"\n"
    )
    corpus = gongwen.process_corpus(path)
    assert [d.id for d in corpus] == [f"{path}:{n}" for n in range(1, 10)]
    assert [d.ok for d in corpus] == [True] + [False] * 7 + [True]
    kinds = [d.error_kind for d in corpus]
    assert kinds[1:7] == ["input"] * 6 and kinds[7] == "decode"
    assert "text" in (corpus[5].error or "")
    assert corpus.summary.failed == 7


def test_jsonl_without_the_text_column(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "docs.jsonl", [json.dumps({"content": SAMPLE})] * 3)
    corpus = gongwen.process_corpus(path)
    assert len(corpus) == 3 and not any(d.ok for d in corpus)
    assert all("'text'" in (d.error or "") for d in corpus)


def test_mixed_encodings_in_one_directory(tmp_path: Path) -> None:
    traditional = _encodable(_seed_text(TRADITIONAL_SEED), "big5")
    simplified = _encodable(_seed_text(SIMPLIFIED_SEED), "gb2312")
    files = {
        "t-big5.txt": traditional.encode("big5"),
        "t-gb18030.txt": traditional.encode("gb18030"),
        "t-utf8.txt": traditional.encode("utf-8"),
        "s-gb18030.txt": simplified.encode("gb18030"),
        "s-utf8.txt": simplified.encode("utf-8"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    corpus = gongwen.process_corpus(tmp_path, emit="offsets")
    by_name = {Path(d.id).name: d for d in corpus}
    assert set(by_name) == set(files) and all(d.ok for d in corpus)
    assert by_name["t-big5.txt"].encoding == "Big5"
    assert by_name["t-gb18030.txt"].encoding == "GB18030"
    assert by_name["t-utf8.txt"].encoding == "UTF-8"
    # the same text whatever its encoding: the same result
    for a, b in (("t-big5.txt", "t-utf8.txt"), ("t-gb18030.txt", "t-utf8.txt"), ("s-gb18030.txt", "s-utf8.txt")):
        assert by_name[a].chars == by_name[b].chars
        assert by_name[a].spans == by_name[b].spans
        assert [i.to_dict() for i in by_name[a].indicators] == [i.to_dict() for i in by_name[b].indicators]


def test_every_input_yields_one_row(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    jsonl = _write_jsonl(tmp_path / "x.jsonl", [json.dumps({"text": SAMPLE}), "", "{", json.dumps({"t": 1})])
    inputs: list[object] = [tmp_path, jsonl, SAMPLE, ("id", ""), b"\xff\xfe\x00", b""]
    corpus = gongwen.process_corpus(inputs, batch_docs=2)
    assert len(corpus) == 3 + 4 + 4
    assert corpus.summary.documents == len(corpus) == corpus.summary.succeeded + corpus.summary.failed


# -- argument errors before any work ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"emit": "words"}, ValueError),
        ({"mode": "full"}, ValueError),
        ({"lexicon_mode": "regex"}, ValueError),
        ({"convert": "t2x"}, ValueError),
        ({"threads": 0}, ValueError),
        ({"batch_docs": 0}, ValueError),
        ({"glob": ""}, ValueError),
        ({"userdict": "no/such/userdict.txt"}, FileNotFoundError),
        ({"lexicons": {"env": Path("no/such/lexicon.txt")}}, FileNotFoundError),
        ({"lexicons": ["碳排放"]}, TypeError),
    ],
)
def test_bad_options_raise_before_work(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        gongwen.process_corpus([SAMPLE], progress=_never, **options)  # type: ignore[arg-type]


def test_bad_inputs_raise_before_work(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    (empty_dir / "readme.md").write_text("x", encoding="utf-8")
    parquet = tmp_path / "t.parquet"
    pq.write_table(pa.table({"body": [SAMPLE]}), parquet)
    with pytest.raises(FileNotFoundError, match="nope"):
        gongwen.process_corpus(tmp_path / "nope", progress=_never)
    with pytest.raises(FileNotFoundError, match="pass \\[text\\]"):
        gongwen.process_corpus("城镇新增就业", progress=_never)
    with pytest.raises(FileNotFoundError, match="nope"):
        gongwen.process_corpus([good, SAMPLE, tmp_path / "nope"], progress=_never)
    with pytest.raises(ValueError, match="no file matching"):
        gongwen.process_corpus([good, empty_dir], progress=_never)
    with pytest.raises(ValueError, match="'text'"):
        gongwen.process_corpus([good, parquet], progress=_never)
    with pytest.raises(TypeError, match=r"inputs\[1\]"):
        gongwen.process_corpus([SAMPLE, 42], progress=_never)
    with pytest.raises(TypeError):
        gongwen.process_corpus(42, progress=_never)  # type: ignore[arg-type]
    # the streaming forms check when they are called, not when first advanced
    with pytest.raises(FileNotFoundError):
        gongwen.iter_corpus([tmp_path / "nope"])
    out = tmp_path / "out.parquet"
    with pytest.raises(FileNotFoundError):
        gongwen.write_parquet([good, tmp_path / "nope"], out)
    with pytest.raises(ValueError):
        gongwen.write_jsonl([SAMPLE], tmp_path / "out.jsonl", emit="words")
    with pytest.raises(ValueError, match="suffix"):
        gongwen.process_to(tmp_path / "out.csv", [SAMPLE])
    assert not out.exists() and not (tmp_path / "out.jsonl").exists()


# -- results ---------------------------------------------------------------------------------------------


def test_corpus_is_list_like() -> None:
    corpus = gongwen.process_corpus([SAMPLE, TRADITIONAL, SAMPLE])
    assert len(corpus) == 3
    assert [d.id for d in corpus] == ["0", "1", "2"]
    assert corpus[-1].id == "2" and [d.id for d in corpus[1:]] == ["1", "2"]
    assert isinstance(corpus[0], gongwen.Document)
    s = corpus.summary
    assert s.succeeded == 3 and s.failed == 0 and s.chars == 2 * len(SAMPLE) + len(TRADITIONAL)
    assert s.bytes == sum(len(t.encode("utf-8")) for t in (SAMPLE, TRADITIONAL, SAMPLE))
    assert s.indicators == sum(len(d.indicators) for d in corpus) and s.seconds > 0 and s.mb_per_s > 0
    assert "3 documents" in str(s) and "3 documents" in repr(corpus)


def test_emit_forms() -> None:
    counts = gongwen.process_corpus([SAMPLE])[0]
    assert counts.tokens is None and counts.spans is None and counts.token_count > 0 and counts.text is None
    offsets = gongwen.process_corpus([SAMPLE], emit="offsets")[0]
    assert offsets.tokens is None and offsets.spans is not None and len(offsets.spans) == offsets.token_count
    tokens = gongwen.process_corpus([SAMPLE], emit="tokens", keep_text=True, clean=False)[0]
    assert tokens.tokens == gongwen.cut(SAMPLE) and tokens.text is not None


def test_traditional_tokens_are_spans_of_the_original() -> None:
    """Segmentation runs on the Simplified conversion; tokens come back as spans of the input."""
    text = _seed_text(TRADITIONAL_SEED)
    doc = gongwen.process_corpus([text], emit="tokens")[0]
    assert doc.tokens is not None and doc.spans is not None and len(doc.tokens) == len(doc.spans)
    assert all(token == text[start:end] for token, (start, end) in zip(doc.tokens, doc.spans))
    assert all(a[1] <= b[0] for a, b in zip(doc.spans, doc.spans[1:]))  # in order, not overlapping
    assert any("們" in t or "國" in t or "發" in t for t in doc.tokens)  # Traditional tokens, as written
    # Without cleaning nothing is dropped: the tokens cover the text, and there are as many as
    # jieba makes of the converted text.
    raw = gongwen.process_corpus([text], emit="tokens", clean=False)[0]
    assert "".join(raw.tokens or []) == text
    assert raw.token_count == len(gongwen.cut(gongwen.convert(text, "t2s")))


def test_indicators_refer_to_the_original_text() -> None:
    corpus = gongwen.process_corpus([_seed_text(p) for p in sorted(SEED_DIR.glob("*.txt"))])
    assert corpus.summary.indicators > 0
    for doc, path in zip(corpus, sorted(SEED_DIR.glob("*.txt"))):
        text = _seed_text(path)
        for ind in doc.indicators:
            assert ind.raw == text[ind.start : ind.end]
            assert ind.comparator in ("eq", "ge", "le", "approx", "range")
            assert ind.stance in ("target", "actual")
    # Indicator objects are built when first read; the count and the tables need none of them.
    assert [d.n_indicators for d in corpus] == [len(d.indicators) for d in corpus]
    assert sum(d.n_indicators for d in corpus) == corpus.summary.indicators
    assert corpus[0].indicators is corpus[0].indicators
    assert [i.to_dict() for i in corpus[0].indicators] == corpus[0].to_dict()["indicators"]


def test_lexicons_from_terms_and_files(tmp_path: Path) -> None:
    env = tmp_path / "env.txt"
    env.write_text("# environment\n污染防治\n碳排放\n\n", encoding="utf-8")
    terms = ["就业", "增长"]
    doc = gongwen.process_corpus([SAMPLE], lexicons={"econ": terms, "env": env})[0]
    assert set(doc.lexicons) == {"econ", "env"}
    econ = doc.lexicons["econ"]
    assert econ.counts == {"就业": 1, "增长": 1} and econ.total == 2 and econ.words == doc.token_count
    assert econ.share == pytest.approx(2 / doc.token_count)
    assert doc.lexicons["env"].counts == {"污染防治": 0, "碳排放": 0}
    assert gongwen.load_lexicon(env) == ["污染防治", "碳排放"]


def test_arrow_tables() -> None:
    texts = [_seed_text(p) for p in sorted(SEED_DIR.glob("*.txt"))]
    corpus = gongwen.process_corpus([*texts, b"\x00\x01"], lexicons={"econ": ["经济", "发展"]})
    docs, inds = corpus.to_arrow()
    assert docs.num_rows == len(corpus) == 6
    assert docs.column("id").to_pylist() == [d.id for d in corpus]
    assert docs.column("ok").to_pylist() == [True] * 5 + [False]
    for name in ("id", "source", "encoding", "ok", "error", "error_kind", "chars", "token_count", "n_indicators"):
        assert name in docs.column_names
    assert {"lexicon_econ_total", "lexicon_econ_share", "words"} <= set(docs.column_names)
    assert inds.column_names[0] == "doc_id" and set(INDICATOR_FIELDS) <= set(inds.column_names)
    assert inds.num_rows == sum(len(d.indicators) for d in corpus) > 0
    assert inds.schema.field("value").type == pa.float64() and inds.schema.field("change").type == pa.bool_()
    first = next(d for d in corpus if d.indicators)
    row = inds.slice(0, 1).to_pylist()[0]
    assert row["doc_id"] == first.id
    assert {k: row[k] for k in INDICATOR_FIELDS} == first.indicators[0].to_dict()


def test_polars_and_pandas() -> None:
    corpus = gongwen.process_corpus([SAMPLE, TRADITIONAL])
    pl_docs, pl_inds = corpus.to_polars()
    pd_docs, pd_inds = corpus.to_pandas()
    assert pl_docs.shape[0] == pd_docs.shape[0] == 2
    assert pl_inds.shape[0] == pd_inds.shape[0] == corpus.summary.indicators
    assert list(pd_docs["id"]) == ["0", "1"]


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = gongwen.process_corpus([SAMPLE])
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"gongwen\[polars\]"):
        corpus.to_polars()


# -- streaming and writers -------------------------------------------------------------------------------


def test_iter_corpus_streams_a_generator_in_bounded_batches() -> None:
    pulled: list[int] = []

    def documents() -> Iterator[str]:
        for i in range(10):
            pulled.append(i)
            yield f"第{i}季度增长{i}%"

    stream = gongwen.iter_corpus(documents(), batch_docs=3)
    assert pulled == []  # nothing read before the first document is asked for
    first = next(stream)
    assert first.id == "0" and len(pulled) <= 4
    rest = list(stream)
    assert [d.id for d in rest] == [str(i) for i in range(1, 10)]
    whole = gongwen.process_corpus([f"第{i}季度增长{i}%" for i in range(10)])
    assert [d.to_dict() for d in [first, *rest]] == [d.to_dict() for d in whole]


def test_batch_bytes_bounds_batches() -> None:
    sizes: list[int] = []
    docs = [SAMPLE * 10] * 20
    gongwen.process_corpus(docs, batch_bytes=3 * len(docs[0].encode()), progress=lambda n, b: sizes.append(n))
    assert sum(sizes) == 20 and max(sizes) <= 3


def test_parquet_writer_round_trip(tmp_path: Path) -> None:
    texts = [_seed_text(p) for p in sorted(SEED_DIR.glob("*.txt"))]
    inputs = [*texts, b"\x00\x01", *texts]
    out = tmp_path / "out.parquet"
    summary = gongwen.write_parquet(inputs, out, batch_docs=4, emit="tokens", lexicons={"econ": ["经济"]})
    corpus = gongwen.process_corpus(inputs, emit="tokens", lexicons={"econ": ["经济"]})
    docs = pq.read_table(out)
    inds = pq.read_table(indicators_path(out))
    assert indicators_path(out).name == "out.indicators.parquet"
    assert summary.documents == docs.num_rows == len(inputs) and summary.failed == 1
    assert docs.column("id").to_pylist() == [d.id for d in corpus]
    assert docs.column("tokens").to_pylist() == [d.tokens for d in corpus]
    totals = docs.column("lexicon_econ_total").to_pylist()
    assert [t for t, d in zip(totals, corpus) if d.ok] == [d.lexicons["econ"].total for d in corpus if d.ok]
    assert inds.num_rows == summary.indicators == corpus.summary.indicators
    assert inds.column("doc_id").to_pylist() == [d.id for d in corpus for _ in d.indicators]
    assert pq.ParquetFile(out).metadata.num_row_groups == 3  # one per batch: written as it goes


def test_jsonl_writer_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    inputs = [SAMPLE, ("t", TRADITIONAL), b"\x00\x01"]
    summary = gongwen.process_to(out, inputs, lexicons={"econ": ["就业"]})
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary.documents == len(rows) == 3 and summary.failed == 1
    assert [r["id"] for r in rows] == ["0", "t", "2"]
    assert [r["ok"] for r in rows] == [True, True, False]
    assert rows[0]["lexicons"]["econ"]["counts"] == {"就业": 1}
    corpus = gongwen.process_corpus(inputs, lexicons={"econ": ["就业"]})
    for row, doc in zip(rows, corpus):
        assert len(row["indicators"]) == len(doc.indicators)
        for got, ind in zip(row["indicators"], doc.indicators):
            assert got == json.loads(json.dumps(ind.to_dict(), ensure_ascii=False))


def test_writers_close_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    def interrupted() -> Iterator[str]:
        for i in range(100):
            if i == 5:
                raise KeyboardInterrupt
            yield f"第{i}季度增长{i}%"

    out = tmp_path / "out.parquet"
    with pytest.raises(KeyboardInterrupt):
        gongwen.write_parquet(interrupted(), out, batch_docs=2)
    assert pq.read_table(out).column("id").to_pylist() == ["0", "1", "2", "3"]  # the batches done
    # Each of them has its one figure (第i季度增长i%: i%, a change): the indicators file holds the same batches.
    inds = pq.read_table(indicators_path(out))
    assert inds.column("doc_id").to_pylist() == ["0", "1", "2", "3"]
    assert inds.column("raw").to_pylist() == ["0%", "1%", "2%", "3%"]
    jsonl = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        gongwen.write_jsonl(interrupted(), jsonl, batch_docs=2)
    assert [json.loads(x)["id"] for x in jsonl.read_text(encoding="utf-8").splitlines()] == ["0", "1", "2", "3"]


def test_empty_inputs_write_empty_files(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    assert gongwen.write_parquet([], out).documents == 0
    assert pq.read_table(out).num_rows == 0 and pq.read_table(indicators_path(out)).num_rows == 0
    assert len(gongwen.process_corpus([])) == 0


# -- issue 19: nothing aborts the run, nothing is dropped, nothing counted that was not processed --------


def _written_ids(tmp_path: Path, inputs: object, **options: object) -> tuple[list[str], list[str]]:
    """The ids both writers write for ``inputs`` (a run must write them, not raise)."""
    out = tmp_path / "out.parquet"
    gongwen.write_parquet(inputs, out, **options)
    jsonl = tmp_path / "out.jsonl"
    gongwen.write_jsonl(inputs, jsonl, **options)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    return pq.read_table(out).column("id").to_pylist(), [json.loads(x)["id"] for x in lines]


def test_a_file_name_that_is_not_utf8_is_an_io_row(tmp_path: Path) -> None:
    """A file named with bytes that are not UTF-8 aborted the whole run (UnicodeEncodeError)."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE, encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad_\xff.txt", "wb") as f:
        f.write(SAMPLE.encode())
    with open(os.fsencode(folder) + b"/bad_\xfe.jsonl", "wb") as f:
        f.write(json.dumps({"text": SAMPLE}).encode() + b"\n")
    (folder / "z.txt").write_text(TRADITIONAL, encoding="utf-8")
    shown = [f"{folder}/a.txt", f"{folder}/bad_\\xff.txt", f"{folder}/z.txt"]
    corpus = gongwen.process_corpus(folder)
    assert [d.id for d in corpus] == shown and [d.ok for d in corpus] == [True, False, True]
    bad = corpus[1]
    assert (bad.error_kind, bad.source) == ("io", shown[1]) and "not UTF-8" in (bad.error or "")
    # given as a path, a JSONL file, reached lazily: the same row; the writers write it
    jsonl = Path(os.fsdecode(os.fsencode(folder) + b"/bad_\xfe.jsonl"))
    lazily = gongwen.process_corpus(p for p in [folder / "a.txt", jsonl])
    assert [(d.id, d.error_kind) for d in lazily] == [(shown[0], None), (f"{folder}/bad_\\xfe.jsonl", "io")]
    parquet = os.fsencode(folder) + b"/bad_\xfd.parquet"
    pq.write_table(pa.table({"text": [SAMPLE]}), tmp_path / "t.parquet")
    os.rename(tmp_path / "t.parquet", parquet)
    for inputs in (Path(os.fsdecode(parquet)), [Path(os.fsdecode(parquet))]):
        rows = [(d.id, d.error_kind) for d in gongwen.process_corpus(inputs)]
        assert rows == [(f"{folder}/bad_\\xfd.parquet", "io")]
    os.remove(parquet)
    assert (
        _written_ids(tmp_path, folder, glob="*") == ([shown[0], f"{folder}/bad_\\xfe.jsonl", shown[1], shown[2]],) * 2
    )


def test_an_id_with_a_lone_surrogate_is_an_error_row(tmp_path: Path) -> None:
    corpus = gongwen.process_corpus([("a", "增长5%"), ("\ud800", "增长5%"), ("c", "增长5%")])
    assert [d.ok for d in corpus] == [True, False, True]
    assert corpus[1].id == "\\ud800" and corpus[1].error_kind == "input"
    assert "lone surrogate" in (corpus[1].error or "")
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": "a", "text": "增长5%"}\n{"id": "b\\udc80", "text": "增长5%"}\n', encoding="utf-8")
    corpus = gongwen.process_corpus(path, id_column="id")
    assert [(d.id, d.ok) for d in corpus] == [("a", True), ("b\\udc80", False)]
    assert "line 2" in (corpus[1].error or "")
    assert _written_ids(tmp_path, path, id_column="id") == (["a", "b\\udc80"],) * 2


def test_a_jsonl_text_with_a_lone_surrogate_names_its_line(tmp_path: Path) -> None:
    # Reported as "texts[1]", a position in a batch, before.
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "增长5%"}\n{"text": "增长\\ud800"}\n', encoding="utf-8")
    corpus = gongwen.process_corpus(path)
    assert corpus[1].error_kind == "decode" and corpus[1].id == f"{path}:2"
    assert (corpus[1].error or "").startswith("line 2: ") and "position 2" in (corpus[1].error or "")
    assert "texts[" not in (corpus[1].error or "")
    # A text given directly names no batch position either.
    assert "texts[" not in (gongwen.process_corpus(["a", "b\ud800"])[1].error or "")


def test_a_file_without_documents_is_a_row(tmp_path: Path) -> None:
    """A 0-byte .jsonl gave no row (an empty .txt gives one)."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    parquet = tmp_path / "none.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), parquet)
    corpus = gongwen.process_corpus([empty, parquet, SAMPLE])
    assert [(d.id, d.ok, d.error_kind) for d in corpus] == [
        (str(empty), False, "input"),
        (str(parquet), False, "input"),
        ("2", True, None),
    ]
    assert "empty" in (corpus[0].error or "") and "no row" in (corpus[1].error or "")


def _unlistable(parent: Path) -> Path:
    """A directory under ``parent`` that cannot be listed, even by root (tests run as root, who
    can read everything): nested so deep that its path is longer than the system takes."""
    fd = os.open(parent, os.O_RDONLY)
    name = "d" * 250
    depth = 4200 // 251 + 1
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
    finally:
        os.close(fd)
    path = parent
    for _ in range(depth):
        path = path / name
        if len(os.fsencode(path)) >= 4096:
            return path
    raise AssertionError("not deep enough")


def test_an_unreadable_directory_is_a_row_where_its_files_would_be(tmp_path: Path) -> None:
    for rel in ("a.txt", "locked/x.txt", "z/y.txt"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(SAMPLE, encoding="utf-8")
    deep = _unlistable(tmp_path / "locked")
    corpus = gongwen.process_corpus(tmp_path)
    assert [d.id for d in corpus] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "locked/x.txt"),
        str(deep),
        str(tmp_path / "z/y.txt"),
    ]
    assert [d.error_kind for d in corpus] == [None, None, "io", None]
    assert "cannot read directory: [Errno 36] File name too long" in (corpus[2].error or "")
    # A glob that matches at the top only does not go into subdirectories (nor report them).
    assert [d.id for d in gongwen.process_corpus(tmp_path, glob="*.txt")] == [str(tmp_path / "a.txt")]
    lazily = gongwen.process_corpus(p for p in [tmp_path / "locked"])
    assert [(d.id, d.error_kind) for d in lazily] == [(str(tmp_path / "locked/x.txt"), None), (str(deep), "io")]


def test_whitespace_is_an_empty_document_as_str_bytes_or_file(tmp_path: Path) -> None:
    """Whitespace-only bytes were an error row while the same str was not."""
    for text in ["", " ", "\n\r\n\t", "\u3000\u3000\n", "\xa0"]:
        file = tmp_path / "blank.txt"
        file.write_text(text, encoding="utf-8")
        corpus = gongwen.process_corpus([text, text.encode(), file, ("p", text)])
        # the same row, the file's message prefixed with its path
        rows = {(d.ok, d.error_kind, (d.error or "").replace(f"{file}: ", "")) for d in corpus}
        assert len(rows) == 1, (text, rows)
        ok, kind, error = rows.pop()
        assert (ok, kind) == (False, "input") and "empty" in error
    assert gongwen.process_corpus(["\u3000增长5%"])[0].ok


def test_the_missing_text_column_message_lists_the_fields(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "docs.jsonl", [json.dumps({"id": 1, "content": SAMPLE}), "{}"])
    corpus = gongwen.process_corpus(path)
    assert "'text'" in (corpus[0].error or "") and "'id', 'content'" in (corpus[0].error or "")
    assert "fields are none" in (corpus[1].error or "")


def test_summary_bytes_count_only_documents_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 400)  # 100 KB that fail
    seen: list[tuple[int, int]] = []
    corpus = gongwen.process_corpus(
        [good, binary, SAMPLE, b"\xff\xfe\x00", "增长\ud800"], progress=lambda d, b: seen.append((d, b))
    )
    assert [d.ok for d in corpus] == [True, False, True, False, False]
    size = len(SAMPLE.encode())
    assert corpus.summary.bytes == 2 * size and seen == [(5, 2 * size)]
    failed = gongwen.process_corpus([binary, b"\x00"])
    assert failed.summary.bytes == 0 and failed.summary.mb_per_s == 0.0


def test_writers_create_no_file_before_the_first_batch(tmp_path: Path) -> None:
    def at_once() -> Iterator[str]:
        raise KeyboardInterrupt
        yield SAMPLE

    for out in (tmp_path / "out.parquet", tmp_path / "out.jsonl"):
        with pytest.raises(KeyboardInterrupt):
            gongwen.process_to(out, at_once())
        assert not out.exists()


def test_jsonl_with_python_float_constants_in_metadata_is_read_as_json_loads_reads_it(tmp_path: Path) -> None:
    # json.dumps writes NaN/Infinity for floats (a score, a ratio); the report must not become an error row.
    rows = [{"text": "城镇新增就业1200万人以上", "score": float("nan"), "ratio": float("inf")}, {"text": "增长5%"}]
    path = tmp_path / "meta.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert "NaN" in path.read_text(encoding="utf-8")
    corpus = gongwen.process_corpus(path, emit="tokens")
    assert [d.ok for d in corpus] == [True, True]
    assert corpus[0].tokens == gongwen.cut(rows[0]["text"])
