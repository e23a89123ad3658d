"""CSV inputs: the real provincial reports (UTF-8 with a byte order mark, one multi-line report a
row), ids and metadata, the command line, and every kind of bad CSV as an argument error or an
error row (Python's ``csv`` module is the oracle of what a row holds)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import gongwen
from gongwen.cli import cli

REAL = Path(__file__).parent / "fixtures" / "real" / "provincial_2026"
FILES = sorted(REAL.glob("*.csv"))
SAMPLE = "城镇新增就业1200万人以上，国内生产总值增长5%左右。"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_real_reports_one_row_each_with_their_columns_carried() -> None:
    assert len(FILES) == 3
    corpus = gongwen.process_corpus(FILES, text_column="full_text", emit="tokens")
    assert [d.id for d in corpus] == [f"{p}:1" for p in FILES]
    assert all(d.ok for d in corpus), [d.error for d in corpus]
    for doc, path in zip(corpus, FILES):
        (row,) = _rows(path)
        full_text = row.pop("full_text")
        assert doc.source == str(path)
        assert doc.meta == row  # every other column, as written (CSV values are str)
        assert list(doc.meta) == ["province", "year", "title", "source_url", "publish_date"]
        # The document is the full_text field exactly: no header, no other column, no BOM.
        assert doc.chars == len(full_text)
        # Tokens are the field's own characters at their spans (its toolbar is chrome, cut).
        assert doc.tokens and doc.spans and len(doc.tokens) == len(doc.spans)
        assert all(full_text[s:e] == t for t, (s, e) in zip(doc.tokens, doc.spans))
        assert doc.title == row["title"] and doc.year == int(row["year"])
        assert doc.n_indicators > 50
    docs = corpus.documents_table()
    assert docs.column_names[-5:] == [
        "meta_province",
        "meta_year",
        "meta_title",
        "meta_source_url",
        "meta_publish_date",
    ]
    assert docs.column("meta_province").to_pylist() == [_rows(p)[0]["province"] for p in FILES]
    assert docs.column("meta_year").to_pylist() == ["2026"] * 3


def test_a_directory_of_csv_files_and_the_id_column(tmp_path: Path) -> None:
    for p in FILES:
        shutil.copy(p, tmp_path / p.name)
    corpus = gongwen.process_corpus(tmp_path, glob="*.csv", text_column="full_text", id_column="title")
    assert [d.id for d in corpus] == [_rows(p)[0]["title"] for p in FILES]
    assert "title" not in corpus[0].meta and corpus[0].meta["province"] == "四川省"


def test_a_header_without_the_text_column_is_a_value_error_naming_its_columns(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"has no 'text' text column; its columns are 'province', 'year', 'title'"):
        gongwen.process_corpus(FILES[0])
    with pytest.raises(ValueError, match=r"has no 'doc' id column; its columns are .*'full_text'"):
        gongwen.process_corpus([FILES[0]], text_column="full_text", id_column="doc")
    # Found in a directory (read lazily): one error row for the file, the other files go on.
    shutil.copy(FILES[0], tmp_path / "a.csv")
    (tmp_path / "b.csv").write_text(f"province,text\n河南省,{SAMPLE}\n", encoding="utf-8")
    corpus = gongwen.process_corpus(tmp_path, glob="*.csv")
    assert [(d.ok, d.error_kind) for d in corpus] == [(False, "input"), (True, None)]
    assert corpus[0].id == str(tmp_path / "a.csv")
    assert "its columns are 'province', 'year', 'title', 'source_url', 'publish_date', 'full_text'" in str(
        corpus[0].error
    )


def test_ragged_rows_are_error_rows_naming_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        f'text,year\n"{SAMPLE}\n第二行",2025\n{SAMPLE}\n{SAMPLE},2026,extra\n{SAMPLE},2024\n', encoding="utf-8"
    )
    corpus = gongwen.process_corpus(path)
    assert [d.id for d in corpus] == [f"{path}:{i}" for i in range(1, 5)]
    assert [d.ok for d in corpus] == [True, False, False, True]
    assert corpus[1].error == "row 2 (line 4) has 1 fields, the header has 2"
    assert corpus[2].error == "row 3 (line 5) has 3 fields, the header has 2"
    assert corpus[1].error_kind == "input"
    assert corpus[3].meta == {"year": "2024"}


def test_an_unterminated_quote_is_an_error_row_naming_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(f'text,year\n{SAMPLE},2025\n"{SAMPLE}\n第二行,2026\n{SAMPLE},2027\n', encoding="utf-8")
    corpus = gongwen.process_corpus(path)
    assert [d.ok for d in corpus] == [True, False]
    assert corpus[1].error_kind == "input"
    assert corpus[1].error == (
        "row 2: the quoted field of column 'text' starts on line 3 and has no closing quote (the rest of the "
        "file is in it)"
    )


def test_a_large_field_is_read_whole(tmp_path: Path) -> None:
    body = (SAMPLE + "\n") * 40_000  # about 1.3 MB of UTF-8 in one quoted field, 40,000 lines
    path = tmp_path / "big.csv"
    path.write_text(f'text,n\n"{body}",1\n{SAMPLE},2\n', encoding="utf-8")
    corpus = gongwen.process_corpus(path)
    assert [d.ok for d in corpus] == [True, True]
    assert corpus[0].chars == len(body)
    assert corpus[0].n_indicators == 80_000
    assert corpus[1].id == f"{path}:2"


def test_mixed_encodings_row_by_row_and_a_damaged_row_is_a_decode_error_row(tmp_path: Path) -> None:
    utf8 = f"text,province\n{SAMPLE},河南省\n".encode()
    gbk = "国内生产总值增长6%左右，居民收入增长和经济增长同步,四川省\n".encode("gbk")
    damaged = b"\xd4\xf6,x\n"  # "增" cut short: 0xd4 0xf6 is 增, then a lone 0xd4 below
    path = tmp_path / "mixed.csv"
    path.write_bytes(utf8 + gbk + damaged[:1] + b",x\n" + gbk)
    corpus = gongwen.process_corpus(path)
    assert [d.ok for d in corpus] == [True, True, False, True]
    assert [d.meta.get("province") for d in corpus] == ["河南省", "四川省", None, "四川省"]
    assert corpus[2].error_kind == "decode"
    assert corpus[2].error == (
        "row 3 (line 4): column 'text': invalid GB18030 at byte offset 0: byte d4 at the end of the input is not a "
        "complete character (truncated?) (an offset in the field; GB18030 is the file's encoding for rows that are "
        "not UTF-8)"
    )
    # A legacy file read whole in GBK, detected or named.
    path.write_bytes(("text,province\n" + SAMPLE + ",河南省\n").encode("gbk"))
    for options in ({}, {"encoding": "gbk"}):
        (doc,) = gongwen.process_corpus(path, **options)
        assert (doc.ok, doc.chars, doc.meta) == (True, len(SAMPLE), {"province": "河南省"})


def test_empty_and_header_only_files_are_one_error_row_each(tmp_path: Path) -> None:
    empty, header = tmp_path / "a.csv", tmp_path / "b.csv"
    empty.write_bytes(b"")
    header.write_bytes(b"\xef\xbb\xbftext,year\r\n")
    corpus = gongwen.process_corpus([empty, header])
    assert [(d.id, d.ok, d.error_kind, d.error) for d in corpus] == [
        (str(empty), False, "input", "the file is empty: no header row"),
        (str(header), False, "input", "the file has a header and no row"),
    ]


def test_an_empty_text_keeps_its_metadata_on_the_error_row(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(f"province,text\n河南省,\n四川省,{SAMPLE}\n", encoding="utf-8")
    corpus = gongwen.process_corpus(path)
    assert [(d.ok, d.error_kind) for d in corpus] == [(False, "input"), (True, None)]
    assert corpus.documents_table().column("meta_province").to_pylist() == ["河南省", "四川省"]


def test_the_command_line_takes_csv(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    runner = CliRunner()
    args = ["process", *map(str, FILES), "-o", str(out), "--text-column", "full_text", "--threads", "2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "3 documents (3 ok, 0 failed)" in result.stderr
    docs = pq.read_table(out)
    assert docs.column("meta_title").to_pylist() == [_rows(p)[0]["title"] for p in FILES]
    result = runner.invoke(cli, ["process", str(FILES[0]), "-o", str(tmp_path / "x.parquet")])
    assert result.exit_code == 2
    assert "has no 'text' text column" in result.output and "--text-column" in result.output
