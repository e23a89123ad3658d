"""Writers: a run written as it goes, batch by batch, to Parquet (documents and
``<stem>.indicators.parquet``) or JSONL, closed cleanly on Ctrl-C or an error; and
:func:`prepare_output`, which checks everything first (what the command line uses).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from gongwen import _driver, _inputs, tables
from gongwen._driver import PathLike, Progress
from gongwen._inputs import require
from gongwen.options import CorpusOptions, Unpack
from gongwen.summary import Summary

if TYPE_CHECKING:
    from gongwen._core import Batch, Document


def indicators_path(path: PathLike) -> Path:
    """Where the indicators of a Parquet output go: ``out.parquet`` -> ``out.indicators.parquet``.

    Examples:
        >>> indicators_path("runs/out.parquet").as_posix()
        'runs/out.indicators.parquet'
    """
    p = Path(path)
    return p.with_name(p.stem + ".indicators" + (p.suffix or ".parquet"))


def _json_default(value: object) -> object:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _json_line(doc: Document) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, default=_json_default) + "\n"


def write_parquet(
    inputs: Any, path: PathLike, *, progress: Progress | None = None, **options: Unpack[CorpusOptions]
) -> Summary:
    """Process ``inputs`` (as :func:`process_corpus`, same options) and write as it goes: the
    documents table to ``path`` and the indicators to ``<stem>.indicators.parquet`` beside it, one
    row group per batch. Memory stays flat; on Ctrl-C or an error both files are closed cleanly
    (valid Parquet with the batches done so far) and the exception propagates.

    Examples:
        >>> import tempfile, os, pyarrow.parquet as pq
        >>> out = os.path.join(tempfile.mkdtemp(), "out.parquet")
        >>> write_parquet(["城镇新增就业1200万人以上"], out).documents
        1
        >>> pq.read_table(out).num_rows
        1
    """
    require("pyarrow.parquet", "arrow", "to write Parquet")
    return _write_parquet(_driver.start(inputs, progress, options), _Output(path))


@dataclass
class _Output:
    """A writer's output file and what it holds so far: ``written`` counts the documents of the
    batches written (with their indicators), ``created`` says whether the file was opened (it is
    opened with the first batch, so an early interrupt leaves any earlier file untouched).
    ``guard()`` is the context each batch is written in."""

    path: PathLike
    written: Summary = field(default_factory=lambda: Summary())
    created: bool = False
    guard: Callable[[], contextlib.AbstractContextManager[object]] = contextlib.nullcontext


def _write_parquet(run: _driver.Run, out: _Output) -> Summary:
    pq = require("pyarrow.parquet", "arrow", "to write Parquet")
    columns = run.columns
    summary = out.written
    start = time.perf_counter()
    doc_writer = ind_writer = None
    final = Path(out.path)
    # Where the documents are written: the output, or after a widening a file beside it that
    # replaces it when the run ends (see _widen).
    doc_file = final
    try:
        for batch in run.batches:
            table, inds = tables.tables([batch], **columns)
            with out.guard():
                if doc_writer is None:
                    doc_writer = pq.ParquetWriter(final, table.schema)
                    out.created = True
                    ind_writer = pq.ParquetWriter(indicators_path(final), inds.schema)
                elif new := tables.new_meta_fields(table.schema, doc_writer.schema):
                    doc_writer, doc_file = _widen(doc_writer, doc_file, final, new)
                doc_writer.write_table(tables.align(table, doc_writer.schema))
                ind_writer.write_table(tables.align(inds, ind_writer.schema))  # type: ignore[union-attr]
                summary.add(batch)
        if doc_writer is None:  # no input documents: still write two (empty) files
            with out.guard():
                pq.write_table(tables.documents_table([], **columns), final)
                out.created = True
                pq.write_table(tables.indicators_table([]), indicators_path(final))
    finally:
        with out.guard():  # a file closed half-way would be unreadable
            for writer in (doc_writer, ind_writer):
                if writer is not None:
                    writer.close()
            if doc_file != final:
                os.replace(doc_file, final)
        summary.seconds = time.perf_counter() - start
    return summary


def _widen(writer: Any, current: Path, final: Path, fields: list[Any]) -> tuple[Any, Path]:
    """A later batch brings metadata keys the documents file has no column for (a Parquet file
    cannot change its schema): close it, copy its row groups, one at a time, into a new file
    beside ``final`` with the new ``meta_<key>`` columns at the end (null in the rows before),
    and go on writing there; the run's end renames it to ``final``. Returns the new writer and
    its file. The keys of a run usually all come with its first batch (a CSV header, a Parquet
    schema), so this is rare; each widening costs one copy of what was written so far.

    If the copy is interrupted, ``current`` (closed, complete) is kept and the copy removed."""
    pq = require("pyarrow.parquet", "arrow", "to write Parquet")
    schema = writer.schema
    for f in fields:
        schema = schema.append(f)
    writer.close()
    n = 1
    while (target := final.with_name(f".{final.name}.widened-{n}.tmp")).exists() or target == current:
        n += 1
    wider = pq.ParquetWriter(target, schema)
    try:
        done = pq.ParquetFile(current)
        for i in range(done.num_row_groups):
            wider.write_table(tables.align(done.read_row_group(i), schema))
    except BaseException:
        wider.close()
        target.unlink(missing_ok=True)
        raise
    if current != final:
        current.unlink()
    return wider, target


def write_jsonl(
    inputs: Any, path: PathLike, *, progress: Progress | None = None, **options: Unpack[CorpusOptions]
) -> Summary:
    """Process ``inputs`` (as :func:`process_corpus`, same options) and write one JSON object per
    document to ``path`` as it goes (``Document.to_dict()``: indicators and lexicons nested).
    On Ctrl-C or an error the file is closed with the complete lines written so far.

    Examples:
        >>> import tempfile, os, json
        >>> out = os.path.join(tempfile.mkdtemp(), "out.jsonl")
        >>> write_jsonl([("a", "国内生产总值增长5%左右")], out).documents
        1
        >>> with open(out, encoding="utf-8") as f:
        ...     json.loads(f.readline())["id"]
        'a'
    """
    return _write_jsonl(_driver.start(inputs, progress, options).batches, _Output(path))


def _write_jsonl(batches: Iterator[Batch], out: _Output) -> Summary:
    summary = out.written
    start = time.perf_counter()
    f = None
    try:
        for batch in batches:
            lines = "".join(_json_line(d) for d in batch.documents())
            with out.guard():
                if f is None:
                    # Ids and messages are valid Unicode (the readers check them); the escapes
                    # only keep the file UTF-8 should anything else slip through.
                    f = open(out.path, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
                    out.created = True
                f.write(lines)
                f.flush()
                summary.add(batch)
        if f is None:  # no input documents: still write an (empty) file
            with out.guard():
                f = open(out.path, "w", encoding="utf-8")  # noqa: SIM115
                out.created = True
    finally:
        if f is not None:
            with out.guard():
                f.close()
        summary.seconds = time.perf_counter() - start
    return summary


def process_to(
    path: PathLike, inputs: Any, *, progress: Progress | None = None, **options: Unpack[CorpusOptions]
) -> Summary:
    """:func:`write_parquet` or :func:`write_jsonl`, chosen by the suffix of ``path``
    (``.parquet``; ``.jsonl``/``.ndjson``); returns the run's :class:`Summary`.

    Examples:
        >>> import tempfile, os
        >>> print(process_to(os.path.join(tempfile.mkdtemp(), "out.jsonl"), ["增长5%"]).documents)
        1
    """
    return prepare_output(path, inputs, progress=progress, **options)()


class PreparedRun:
    """A run :func:`prepare_output` has checked, to start by calling it: ``run()`` processes and
    writes, and returns the run's :class:`Summary`.

    ``written`` (a :class:`Summary`) counts the documents of the batches written to the output
    so far, and ``created`` says whether the output file has been opened (with the first batch):
    after an interrupt or an error they say exactly what the file holds, which is what the
    command line reports. ``run(guard=...)`` writes each batch inside ``guard()``, a context
    manager: the command line defers SIGINT and SIGTERM there, so that a batch is written whole
    (documents, indicators and the count) or not at all.
    """

    def __init__(self, write: Callable[[_Output], Summary], path: PathLike) -> None:
        self._write = write
        self._out = _Output(path)

    @property
    def written(self) -> Summary:
        return self._out.written

    @property
    def created(self) -> bool:
        return self._out.created

    def __call__(self, *, guard: Callable[[], contextlib.AbstractContextManager[object]] | None = None) -> Summary:
        if guard is not None:
            self._out.guard = guard
        return self._write(self._out)


def prepare_output(
    path: PathLike, inputs: Any, *, progress: Progress | None = None, **options: Unpack[CorpusOptions]
) -> PreparedRun:
    """Every check of :func:`process_to` now (options, inputs, the output's suffix and folder),
    and the run itself as a :class:`PreparedRun` to call later: what the command line uses to
    tell argument errors from a run's, and to say what an interrupted run has written.

    Examples:
        >>> run = prepare_output("out.csv", ["增长5%"])
        Traceback (most recent call last):
        ValueError: output 'out.csv': the suffix must be .parquet, .jsonl or .ndjson
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _inputs.PARQUET_SUFFIXES + _inputs.JSONL_SUFFIXES:
        raise ValueError(f"output {os.fspath(path)!r}: the suffix must be .parquet, .jsonl or .ndjson")
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise FileNotFoundError(f"output {os.fspath(path)!r}: no such folder {os.fspath(folder)!r}")
    if suffix in _inputs.PARQUET_SUFFIXES:
        require("pyarrow.parquet", "arrow", "to write Parquet")
    run = _driver.start(inputs, progress, options)
    if suffix in _inputs.PARQUET_SUFFIXES:
        return PreparedRun(lambda out: _write_parquet(run, out), path)
    return PreparedRun(lambda out: _write_jsonl(run.batches, out), path)
