"""The ``gongwen`` command: process, demo, cut, --help/--version, argument errors before work."""

from __future__ import annotations

import json
import os
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
