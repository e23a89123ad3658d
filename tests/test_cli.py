"""The ``gongwen`` command: process, demo, cut, --help/--version, argument errors before work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import gongwen
from gongwen.cli import cli

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"
SAMPLE = "城镇新增就业1200万人以上，国内生产总值增长5%左右。"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version_and_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"gongwen {gongwen.__version__}"
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("process", "demo", "cut"):
        assert command in result.output
    assert "--lexicon" in runner.invoke(cli, ["process", "--help"]).output


def test_process_a_directory_to_parquet(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    lexicon = tmp_path / "econ.txt"
    lexicon.write_text("经济\n发展\n", encoding="utf-8")
    result = runner.invoke(cli, ["process", str(SEED_DIR), "-o", str(out), "--lexicon", str(lexicon), "--threads", "2"])
    assert result.exit_code == 0, result.output
    assert "5 documents (5 ok, 0 failed)" in result.stderr
    docs = pq.read_table(out)
    assert docs.num_rows == 5 and "lexicon_econ_total" in docs.column_names
    inds = pq.read_table(tmp_path / "out.indicators.parquet")
    assert inds.num_rows == sum(docs.column("n_indicators").to_pylist())


def test_process_jsonl_with_document_errors_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"body": SAMPLE}) + "\n\n" + json.dumps({"other": 1}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["process", str(src), "-o", str(out), "--text-column", "body", "--emit", "tokens", "--convert", "none"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "3 documents (1 ok, 2 failed)" in result.stderr and "input 2" in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["ok"] for r in rows] == [True, False, False]
    assert rows[0]["tokens"] == gongwen.cut(SAMPLE) or "".join(rows[0]["tokens"]) in SAMPLE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["process", "no/such/dir", "-o", "{out}"], "does not exist"),
        (["process", "{seeds}", "-o", "{tmp}/out.csv"], "suffix"),
        (["process", "{seeds}", "-o", "{tmp}/missing/out.jsonl"], "no such folder"),
        (["process", "{seeds}", "-o", "{out}", "--convert", "t2x"], "OpenCC configuration"),
        (["process", "{seeds}", "-o", "{out}", "--threads", "0"], "0"),
        (["process", "{seeds}", "-o", "{out}", "--emit", "words"], "words"),
        (["process", "{seeds}", "-o", "{out}", "--glob", "*.md"], "no file matching"),
        (["process", "{seeds}", "-o", "{out}", "--lexicon", "no/such.txt"], "does not exist"),
        (["process", "{seeds}"], "--output"),
    ],
)
def test_bad_arguments_exit_2_before_work(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.jsonl"
    values = {"out": str(out), "seeds": str(SEED_DIR), "tmp": str(tmp_path)}
    result = runner.invoke(cli, [a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_demo(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert result.output.count(".txt") == 5 and "5 documents" in result.output
    out = tmp_path / "sample.parquet"
    result = runner.invoke(cli, ["demo", "-o", str(out), "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 5 and str(out) in result.output


def test_cut(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE + "\n" + SAMPLE, encoding="utf-8")
    result = runner.invoke(cli, ["cut", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [" ".join(gongwen.cut(SAMPLE))] * 2


def test_python_m_gongwen(tmp_path: Path) -> None:
    """The real entry point, stderr not a terminal: no progress bar, only the summary."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    version = subprocess.run([sys.executable, "-m", "gongwen", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.strip() == f"gongwen {gongwen.__version__}"
    out = tmp_path / "out.parquet"
    proc = subprocess.run(
        [sys.executable, "-m", "gongwen", "process", str(SEED_DIR), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr and "5 documents" in proc.stderr
    assert pq.read_table(out).num_rows == 5
    bad = subprocess.run(
        [sys.executable, "-m", "gongwen", "process", str(tmp_path / "nope"), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and "does not exist" in bad.stderr


# -- issue 19: an honest exit status, summary and interrupt message ------------------------------------


def test_every_document_failed_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    """72 of 72 failed (text under "content", the default text column) and the exit status was 0."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "content": SAMPLE}) + "\n" for i in range(72)), encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = runner.invoke(cli, ["process", str(src), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "72 documents (0 ok, 72 failed)" in result.stderr and "every document failed" in result.stderr
    assert "0.00 MB" in result.stderr and "(0.00 MB/s)" in result.stderr  # nothing was processed
    errors = pq.read_table(out).column("error").to_pylist()
    assert len(errors) == 72 and all("'text'" in e and "'id', 'content'" in e for e in errors)
    result = runner.invoke(cli, ["process", str(src), "-o", str(out), "--text-column", "content"])
    assert result.exit_code == 0 and "72 documents (72 ok, 0 failed)" in result.stderr


def test_fail_on_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 400)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["process", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0 and "2 documents (1 ok, 1 failed)" in result.stderr
    # Only the document processed counts in the MB: the 100 KB that failed do not.
    assert f"{len(SAMPLE.encode()) / 1e6:.2f} MB in" in result.stderr
    result = runner.invoke(cli, ["process", str(tmp_path), "-o", str(out), "--fail-on-error"])
    assert result.exit_code == 1 and "--fail-on-error" in result.stderr
    assert [json.loads(x)["ok"] for x in out.read_text(encoding="utf-8").splitlines()] == [False, True]
    (tmp_path / "binary.txt").unlink()
    assert runner.invoke(cli, ["process", str(tmp_path), "-o", str(out), "--fail-on-error"]).exit_code == 0


@pytest.mark.parametrize("label", ["cp936", "gbk", "GB18030", "utf_8_sig", "utf-16-le"])
def test_every_encoding_label_decode_reads(runner: CliRunner, tmp_path: Path, label: str) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLE.encode(_CODECS[label]))
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["process", str(tmp_path), "-o", str(out), "--encoding", label])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (row["ok"], row["chars"]) == (True, len(SAMPLE))
    bad = runner.invoke(cli, ["process", str(tmp_path), "-o", str(out), "--encoding", "hz-gb-2312"])
    assert bad.exit_code == 2 and "unknown encoding" in bad.output


_CODECS = {"cp936": "cp936", "gbk": "gbk", "GB18030": "gb18030", "utf_8_sig": "utf-8-sig", "utf-16-le": "utf-16-le"}


def _gongwen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "gongwen", *args], capture_output=True, text=True, env=env)


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path: Path) -> None:
    """It was a traceback, exit status 1, no Parquet and a 0-byte JSONL."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE, encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad_\xff.txt", "wb") as f:
        f.write(SAMPLE.encode())
    for out in (tmp_path / "out.parquet", tmp_path / "out.jsonl"):
        proc = _gongwen("process", str(folder), "-o", str(out))
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert "2 documents (1 ok, 1 failed)" in proc.stderr and "io 1" in proc.stderr
        if out.suffix == ".parquet":
            rows = pq.read_table(out).to_pylist()
        else:
            rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [(r["id"], r["error_kind"]) for r in rows] == [
            (f"{folder}/a.txt", None),
            (f"{folder}/bad_\\xff.txt", "io"),
        ]


# The command line with a hook that sends a signal to the process at a chosen point of the run:
# when batch N is processed ("run"), when its documents table is built after the progress bar
# counted it ("table"), or while it is written ("write"). Two documents a batch.
_HOOKED = """
import os, signal, sys
import gongwen._driver as driver
import gongwen.tables as tables
from gongwen.summary import Summary
from gongwen.cli import main

sig, at, batch = getattr(signal, sys.argv[1]), sys.argv[2], int(sys.argv[3])
_resolve = driver.resolve
driver.resolve = lambda options: _resolve({**options, "batch_docs": 2})
calls = {}

def hook(name, real):
    def wrapper(*args, **kwargs):
        calls[name] = calls.get(name, 0) + 1
        if name == at and calls[name] == batch:
            os.kill(os.getpid(), sig)
        return real(*args, **kwargs)
    return wrapper

driver.run_batch = hook("run", driver.run_batch)
tables.tables = hook("table", tables.tables)
Summary.add = hook("write", Summary.add)
sys.exit(main(sys.argv[4:]))
"""


@pytest.mark.parametrize(
    ("sig", "at", "batch", "suffix", "written"),
    [
        ("SIGINT", "run", 1, ".parquet", None),  # said "out.parquet holds them": it did not exist
        ("SIGINT", "run", 1, ".jsonl", None),  # left a 0-byte file
        ("SIGINT", "run", 3, ".parquet", 4),
        ("SIGINT", "table", 3, ".parquet", 4),  # counted one batch too many
        ("SIGINT", "run", 3, ".jsonl", 4),
        ("SIGINT", "write", 2, ".parquet", 4),  # during the write: the batch is written whole
        ("SIGTERM", "run", 2, ".parquet", 2),  # left an unreadable Parquet file
        ("SIGTERM", "write", 3, ".parquet", 6),
        ("SIGTERM", "write", 1, ".jsonl", 2),
    ],
)
def test_interrupts_say_exactly_what_was_written(
    tmp_path: Path, sig: str, at: str, batch: int, suffix: str, written: int | None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i:02}.txt").write_text(f"第{i}季度城镇新增就业{i + 1}万人，增长{i}%。", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    script = tmp_path / "hooked.py"
    script.write_text(_HOOKED, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, str(script), sig, at, str(batch), "process", str(folder), "-o", str(out)]
    proc = subprocess.run(args, capture_output=True, text=True, env=env)
    assert proc.returncode == 128 + int(getattr(signal, sig)), proc.stderr
    assert "Traceback" not in proc.stderr and f"interrupted ({sig})" in proc.stderr, proc.stderr
    if written is None:
        assert "before any document was written" in proc.stderr and f"{out} was not written" in proc.stderr
        assert not out.exists()
        return
    assert f"holds the {written} documents written before it" in proc.stderr, proc.stderr
    if suffix == ".parquet":
        docs = pq.read_table(out)  # readable: the writers were closed
        assert docs.column("id").to_pylist() == [str(folder / f"{i:02}.txt") for i in range(written)]
        inds = pq.read_table(tmp_path / "out.indicators.parquet")
        assert inds.num_rows == sum(docs.column("n_indicators").to_pylist())
    else:
        lines = out.read_text(encoding="utf-8").splitlines()
        assert [json.loads(x)["id"] for x in lines] == [str(folder / f"{i:02}.txt") for i in range(written)]
