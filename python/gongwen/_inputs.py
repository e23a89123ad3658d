"""What a user passes as ``inputs``, to the load stage of the core.

Items are classified once, here: a ``str`` is a text, ``(doc_id, text)`` a text with its id,
``(doc_id, text, meta)`` one with carried metadata, ``bytes`` raw bytes, an ``os.PathLike`` a path
that the core expands (directories walked with the glob, JSONL files one document a line, CSV
files one a row); Parquet files are read here, with pyarrow, by :func:`parquet_rows`. The checks
made before any work (:func:`checked_inputs`) raise.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from gongwen import _core

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
CSV_SUFFIXES = (".csv",)

_INT64 = (-(2**63), 2**63 - 1)


def meta_value(value: object) -> str | int | float | bool | None:
    """A carried value as the core holds it: ``str``, ``int`` (64-bit), ``float``, ``bool`` or
    ``None`` as it is; a bigger ``int``, a ``Decimal`` as its digits; a date or time in ISO
    format; ``bytes`` as text if UTF-8, else as hex; a list, tuple or mapping as its compact JSON
    text (as a nested JSON value of a JSONL line); anything else as ``str(value)``. A lone
    surrogate (which UTF-8 cannot hold) as its escape."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return value if _INT64[0] <= value <= _INT64[1] else str(value)
    if isinstance(value, str):
        return value if surrogate(value) is None else escaped(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.hex()
    if isinstance(value, (list, tuple, Mapping)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return text if surrogate(text) is None else escaped(text)
    if isinstance(value, decimal.Decimal):
        return str(value)
    text = str(value)
    return text if surrogate(text) is None else escaped(text)


def meta_items(meta: object, where: str) -> dict[str, Any]:
    """The carried metadata of an input as the core takes it (keys ``str``, values by
    :func:`meta_value`); ``TypeError`` unless ``meta`` is a mapping with ``str`` keys."""
    if not isinstance(meta, Mapping):
        raise TypeError(f"{where}: meta must be a mapping (dict), not {type(meta).__name__}")
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if not isinstance(key, str):
            raise TypeError(f"{where}: meta keys must be str, not {type(key).__name__}")
        out[key if surrogate(key) is None else escaped(key)] = meta_value(value)
    return out


def require(module: str, extra: str, why: str) -> Any:
    """Import ``module`` (an optional dependency) or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        top = module.split(".")[0]
        raise ImportError(f"{top} is needed {why}: pip install 'gongwen[{extra}]'") from e


def surrogate(text: str) -> int | None:
    """The position of the first lone surrogate of ``text`` (a code point UTF-8 cannot hold), or
    None. Costs one encoding to UTF-8, which the interpreter keeps for the pipeline to read."""
    if text.isascii() or _core.utf8_size(text) is not None:
        return None
    return next(i for i, c in enumerate(text) if "\ud800" <= c <= "\udfff")


def escaped(text: str) -> str:
    """``text`` with each lone surrogate written as a ``\\ud800`` escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def shown(name: str) -> str:
    """``name`` as UTF-8 can hold it: the bytes of a file name that is not UTF-8 (which Python
    keeps as surrogate escapes) as ``\\xff`` escapes, another lone surrogate as ``\\ud800``."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def check_parquet(path: Path, text_column: str, id_column: str | None) -> None:
    pq = require("pyarrow.parquet", "arrow", f"to read {path}")
    schema = pq.read_schema(path)
    for column in (text_column, id_column):
        if column is not None and column not in schema.names:
            raise ValueError(f"{path}: no column {column!r} (columns: {', '.join(schema.names)})")
    kind = str(schema.field(text_column).type)
    if kind not in ("string", "large_string", "string_view"):
        raise ValueError(f"{path}: column {text_column!r} is {kind}, not a string column")


def parquet_rows(
    path: str | os.PathLike[str], *, text_column: str, id_column: str | None, source: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """The rows of a Parquet file as the load stage takes them: ``("text", id, text, source,
    meta)`` (``meta``: the row's other columns, by :func:`meta_value`, in the schema's order) or
    ``("failed", id, source, kind, message)``; ids ``<file>:<row>`` (rows from 1) unless
    ``id_column``. ``source`` names the file in ids (default: its path)."""
    pq = require("pyarrow.parquet", "arrow", f"to read {path}")
    path = Path(os.fspath(path))
    source = os.fspath(path) if source is None else source
    try:
        check_parquet(path, text_column, id_column)
        reader = pq.ParquetFile(path)
    except (OSError, ValueError) as e:
        message = str(e).replace(os.fspath(path), source)
        yield ("failed", source, source, "io" if isinstance(e, OSError) else "input", message)
        return
    names = reader.schema_arrow.names
    # The other columns, once each (a repeated name is read once, as pyarrow reads it).
    others = [n for i, n in enumerate(names) if n not in (text_column, id_column) and n not in names[:i]]
    row = 0
    with reader:
        for batch in reader.iter_batches(batch_size=1024):
            texts = batch.column(text_column).to_pylist()
            ids = batch.column(id_column).to_pylist() if id_column else [None] * len(texts)
            extra = [(n, batch.column(n).to_pylist()) for n in others]
            for k, (text, given) in enumerate(zip(texts, ids)):
                row += 1
                doc_id = str(given) if given is not None else f"{source}:{row}"
                if text is None:
                    yield ("failed", doc_id, source, "input", f"row {row}: {text_column!r} is null")
                else:
                    yield ("text", doc_id, text, source, {n: meta_value(values[k]) for n, values in extra})
    if row == 0:
        yield ("failed", source, source, "input", "the file has no row")


def _check_item(index: int, item: object) -> None:
    if isinstance(item, (str, bytes, os.PathLike)):
        return
    if isinstance(item, tuple) and len(item) in (2, 3) and isinstance(item[1], str):
        if len(item) == 3:
            meta_items(item[2], f"inputs[{index}]")
        return
    raise TypeError(
        f"inputs[{index}]: expected a text (str), a (doc_id, text) pair, a (doc_id, text, meta) triple, bytes "
        f"or a path (os.PathLike), not {type(item).__name__}"
    )


def _check_path(path: Path, glob: str, text_column: str, id_column: str | None, encoding: str | None) -> None:
    _core.check_path(path, glob, text_column, id_column, encoding)
    if path.suffix.lower() in PARQUET_SUFFIXES and not path.is_dir() and surrogate(os.fspath(path)) is None:
        check_parquet(path, text_column, id_column)


def checked_inputs(
    inputs: object, glob: str, text_column: str, id_column: str | None, encoding: str | None = None
) -> Iterable[object]:
    """Check what can be checked before work: the single-path form and every item of a list/tuple
    (a CSV file's header against ``text_column`` and ``id_column`` among them)."""
    if isinstance(inputs, (str, os.PathLike)):
        path = Path(inputs)
        if not path.exists():
            hint = " (a single str is a path; to process one text, pass [text])" if isinstance(inputs, str) else ""
            raise FileNotFoundError(f"no such file or directory: {os.fspath(inputs)!r}{hint}")
        _check_path(path, glob, text_column, id_column, encoding)
        return [path]
    if isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        raise TypeError(f"inputs must be a path or an iterable of documents, not {type(inputs).__name__}")
    if isinstance(inputs, (list, tuple)):
        for i, item in enumerate(inputs):
            _check_item(i, item)
            if isinstance(item, os.PathLike):
                _check_path(Path(item), glob, text_column, id_column, encoding)
    return inputs


def loader(options: _core.LoadOptions, encoding: str | None = None) -> _core.Loader:
    """The core's loader with a run's load options (and its ``encoding``, which CSV files are
    read in), Parquet files read by :func:`parquet_rows`."""
    rows = functools.partial(parquet_rows, text_column=options.text_column, id_column=options.id_column)
    return _core.Loader(options, read_table=rows, encoding=encoding)


def _add(load: _core.Loader, index: int, item: object) -> None:
    """Hand one item to the loader: the one place items are classified."""
    if isinstance(item, str):
        load.text(str(index), item)
    elif isinstance(item, os.PathLike):
        load.path(Path(item))
    elif isinstance(item, (bytes, bytearray, memoryview)):
        load.bytes(str(index), bytes(item))
    else:
        _check_item(index, item)
        assert isinstance(item, tuple)
        doc_id, text = str(item[0]), item[1]
        meta = meta_items(item[2], f"inputs[{index}]") if len(item) == 3 else None
        pos = surrogate(doc_id)
        if pos is None:
            load.text(doc_id, text, None, meta)
        else:
            shown_id = escaped(doc_id)
            message = f"the id {shown_id} has a lone surrogate at position {pos}, which UTF-8 cannot hold"
            load.failed(shown_id, None, "input", message)


def batches(items: Iterable[object], load: _core.Loader) -> Iterator[_core.Units]:
    """The batches of units of ``items``, in input order, bounded by the loader's options."""
    for index, item in enumerate(items):
        _add(load, index, item)
        while (units := load.next_batch()) is not None:
            yield units
    while (units := load.next_batch(final_=True)) is not None:
        yield units
