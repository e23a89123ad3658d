"""Whole corpora in one call: :func:`process_corpus`, the streaming :func:`iter_corpus`, and writers.

Every document goes through clean -> convert -> segment -> scan (indicators, lexicons) in one pass
in Rust (``gongwen._core.Pipeline``), many documents at a time on all cores with the GIL released.
This module only turns the inputs a user has into bounded batches for the pipeline, in input order,
and turns the results into tables and files.

**What ``inputs`` may be.** Either one path (a ``str`` or ``os.PathLike``: a file or a directory),
or an iterable whose items are any mix of:

- ``str``: the text of one document, id ``"<n>"`` (its position in ``inputs``, from 0);
- ``(doc_id, text)``: a text with its own id;
- ``bytes``: the raw bytes of one document, decoded in Rust (encoding detected unless ``encoding=``);
- ``os.PathLike`` (e.g. ``pathlib.Path``): a file, or a directory walked recursively for files
  matching ``glob`` (in sorted order).

So the rule for a plain ``str`` is: *alone* it is a path, *inside an iterable* it is always a text,
never guessed from the file system (``["a.txt"]`` is one document of five characters; write
``[Path("a.txt")]`` for the file). A file is read by its suffix: ``.jsonl``/``.ndjson`` is one
document per line (a JSON object with the text under ``text_column``, id from ``id_column`` or
``"<file>:<line>"``); ``.parquet`` is one document per row of column ``text_column`` (id from
``id_column`` or ``"<file>:<row>"``, rows from 1); any other file is one document, read and decoded
in Rust, id the path as given.

**Nothing lost.** Every document yields exactly one :class:`~gongwen.Document`, in input order. A
document that cannot be read or decoded, an empty document (no text or only whitespace, whether
it comes as a ``str``, ``bytes`` or a file), a JSON line that is blank, not valid JSON, not an
object or without a string under ``text_column`` (the message lists the fields it has), a JSONL
file without a line and a Parquet file without a row, a file whose name is not UTF-8 (``io``; its
id and source show the name's bytes as ``\xff`` escapes), an id or a JSON text with a lone
surrogate (which UTF-8 cannot hold), and a directory the walk cannot list (``io``) each become an
error row (``ok=False``, ``error``, ``error_kind``) and the run goes on.

**Argument errors raise before any work starts**: bad option values (``ValueError``), a missing
user dictionary (``FileNotFoundError``), and, when ``inputs`` is one path or a list/tuple, a path
that does not exist (``FileNotFoundError``), a directory without a file matching ``glob`` or a
Parquet file without ``text_column`` (``ValueError``), an item of the wrong type (``TypeError``).
Items of a lazy iterable (a generator) are only seen as the run reaches them: a missing path
among them becomes an error row, a wrong type raises ``TypeError`` then.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Union

from gongwen import _core
from gongwen._core import load_lexicon

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from gongwen._core import Document, Pipeline

__all__ = [
    "Corpus",
    "PreparedRun",
    "Summary",
    "iter_corpus",
    "load_lexicon",
    "prepare_output",
    "process_corpus",
    "process_to",
    "write_jsonl",
    "write_parquet",
]

PathLike = Union[str, "os.PathLike[str]"]
Lexicons = Mapping[str, Union[Iterable[str], "os.PathLike[str]"]]
Progress = Callable[[int, int], None]

DEFAULT_BATCH_DOCS = 2048
DEFAULT_BATCH_BYTES = 16_000_000
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
EMITS = ("counts", "tokens", "offsets")
MODES = ("default", "search")
LEXICON_MODES = ("token", "substring")

# Column types of the two tables, fixed so that every batch of a streamed run has the same schema
# (a batch whose `period` is all None must not make it a null column).
_DOC_TYPES = {
    "id": "string",
    "source": "string",
    "encoding": "string",
    "ok": "bool",
    "error": "string",
    "error_kind": "string",
    "chars": "int64",
    "token_count": "int64",
    "n_indicators": "int64",
    "text": "string",
    "tokens": "list<string>",
    "spans": "list<list<int64>>",
    "words": "int64",
}
_INDICATOR_TYPES = {
    "doc_id": "string",
    "start": "int64",
    "end": "int64",
    "raw": "string",
    "metric": "string",
    "value": "float64",
    "value_high": "float64",
    "unit": "string",
    "comparator": "string",
    "stance": "string",
    "change": "bool",
    "placeholder": "bool",
    "period": "string",
    "section": "string",
}
INDICATOR_FIELDS = tuple(_INDICATOR_TYPES)[1:]


# -- options -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    glob: str
    text_column: str
    id_column: str | None
    batch_docs: int
    batch_bytes: int
    emit: str
    keep_text: bool
    lexicon_names: tuple[str, ...]


def _lexicons(lexicons: Lexicons | None) -> dict[str, list[str]] | None:
    if lexicons is None:
        return None
    if not isinstance(lexicons, Mapping):
        raise TypeError(f"lexicons must be a mapping name -> terms or file, not {type(lexicons).__name__}")
    out: dict[str, list[str]] = {}
    for name, terms in lexicons.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"lexicon names must be non-empty str, got {name!r}")
        if isinstance(terms, (str, os.PathLike)):
            if not os.path.isfile(terms):
                raise FileNotFoundError(f"lexicon {name!r}: no such file: {os.fspath(terms)!r}")
            out[name] = load_lexicon(terms)
        else:
            items = list(terms)
            bad = [t for t in items if not isinstance(t, str) or not t]
            if bad:
                raise ValueError(f"lexicon {name!r}: terms must be non-empty str, got {bad[0]!r}")
            out[name] = items
    return out


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, not {value!r}")
    return value


def _make_pipeline(
    *,
    clean: bool,
    convert: str | None,
    mode: str,
    hmm: bool,
    userdict: PathLike | None,
    indicators: bool,
    lexicons: Lexicons | None,
    lexicon_mode: str,
    emit: str,
    keep_text: bool,
    encoding: str | None,
    threads: int | None,
    glob: str,
    text_column: str,
    id_column: str | None,
    batch_docs: int,
    batch_bytes: int,
) -> tuple[Pipeline, _Options]:
    """Check every option and build the pipeline: everything that can fail before work starts."""
    _check_choice("mode", mode, MODES)
    _check_choice("emit", emit, EMITS)
    _check_choice("lexicon_mode", lexicon_mode, LEXICON_MODES)
    if threads is not None:
        _positive("threads", threads)
    _positive("batch_docs", batch_docs)
    _positive("batch_bytes", batch_bytes)
    if not isinstance(glob, str) or not glob:
        raise ValueError(f"glob must be a non-empty pattern, not {glob!r}")
    if not isinstance(text_column, str) or not text_column:
        raise ValueError(f"text_column must be a non-empty str, not {text_column!r}")
    if userdict is not None and not os.path.isfile(userdict):
        raise FileNotFoundError(f"user dictionary: no such file: {os.fspath(userdict)!r}")
    lex = _lexicons(lexicons)
    pipeline = _core.Pipeline(
        clean=clean,
        convert=convert,
        mode=mode,
        hmm=hmm,
        userdict=userdict,
        indicators=indicators,
        lexicons=lex,
        lexicon_mode=lexicon_mode,
        emit=emit,
        keep_text=keep_text,
        encoding=encoding,
        threads=threads,
    )
    options = _Options(glob, text_column, id_column, batch_docs, batch_bytes, emit, keep_text, tuple(lex or ()))
    return pipeline, options


# -- inputs ------------------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a glob over '/'-separated relative paths: ``**/`` any directories (or none),
    ``**`` anything, ``*`` and ``?`` within one path component, ``[...]`` a character class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            j = pattern.index("]", i + 2)
            body = pattern[i + 1 : j]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@dataclass
class _Unreadable:
    """A directory the walk could not list (permissions, a vanished directory...)."""

    path: Path
    error: OSError


def _walk(directory: Path, glob: str) -> Iterator[Path | _Unreadable]:
    """Files under ``directory`` whose relative path matches ``glob``, lazily, in sorted order
    (directory by directory), without holding the whole listing in memory; a directory that
    cannot be listed comes as an :class:`_Unreadable` where its files would have been, never
    skipped in silence. A glob without ``/`` or ``**`` matches at the top only: the walk does
    not descend."""
    matcher = _glob_regex(glob)
    descend = "/" in glob or "**" in glob
    errors: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=errors.append):
        yield from _unreadable(errors)
        if descend:
            dirs.sort()
        else:
            dirs.clear()
        rel = os.path.relpath(root, directory)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(files):
            if matcher.match(prefix + name):
                yield Path(root) / name
    yield from _unreadable(errors)


def _unreadable(errors: list[OSError]) -> Iterator[_Unreadable]:
    for error in errors:
        yield _Unreadable(Path(error.filename if error.filename is not None else "?"), error)
    errors.clear()


def _has_match(directory: Path, glob: str) -> bool:
    """Whether a walk of ``directory`` finds anything (a file, or a subdirectory it cannot read
    and may hold some); a directory that cannot be read at all raises its ``OSError``."""
    for found in _walk(directory, glob):
        if isinstance(found, _Unreadable) and os.fspath(found.path) == os.fspath(directory):
            error = found.error
            raise OSError(error.errno, f"cannot read directory {_shown(os.fspath(directory))!r}: {error.strerror}")
        return True
    return False


def _surrogate(text: str) -> int | None:
    """The position of the first lone surrogate of ``text`` (a code point UTF-8 cannot hold), or
    None. Costs one encoding to UTF-8, which the interpreter keeps for the pipeline to read."""
    if text.isascii() or _core.utf8_size(text) is not None:
        return None
    return next(i for i, c in enumerate(text) if "\ud800" <= c <= "\udfff")


def _escaped(text: str) -> str:
    """``text`` with each lone surrogate written as a ``\\ud800`` escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(name: str) -> str:
    """``name`` as UTF-8 can hold it: the bytes of a file name that is not UTF-8 (which Python
    keeps as surrogate escapes) as ``\\xff`` escapes, another lone surrogate as ``\\ud800``."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _check_parquet(path: Path, options: _Options) -> None:
    pq = _require("pyarrow.parquet", "arrow", f"to read {path}")
    schema = pq.read_schema(path)
    for column in (options.text_column, options.id_column):
        if column is not None and column not in schema.names:
            raise ValueError(f"{path}: no column {column!r} (columns: {', '.join(schema.names)})")
    kind = str(schema.field(options.text_column).type)
    if kind not in ("string", "large_string", "string_view"):
        raise ValueError(f"{path}: column {options.text_column!r} is {kind}, not a string column")


def _check_path(path: Path, options: _Options) -> None:
    if not path.exists():
        raise FileNotFoundError(f"no such file or directory: {_shown(os.fspath(path))!r}")
    if path.is_dir():
        if not _has_match(path, options.glob):
            raise ValueError(f"directory {_shown(os.fspath(path))!r} has no file matching {options.glob!r}")
    elif _suffix(path) in PARQUET_SUFFIXES and _surrogate(os.fspath(path)) is None:  # else an io row
        _check_parquet(path, options)


def _check_item(index: int, item: object) -> None:
    if isinstance(item, (str, bytes, os.PathLike)):
        return
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return
    raise TypeError(
        f"inputs[{index}]: expected a text (str), a (doc_id, text) pair, bytes or a path (os.PathLike), "
        f"not {type(item).__name__}"
    )


def _normalize_inputs(inputs: object, options: _Options) -> Iterable[object]:
    """Check what can be checked before work: the single-path form and every item of a list/tuple."""
    if isinstance(inputs, (str, os.PathLike)):
        path = Path(inputs)
        if not path.exists():
            hint = " (a single str is a path; to process one text, pass [text])" if isinstance(inputs, str) else ""
            raise FileNotFoundError(f"no such file or directory: {os.fspath(inputs)!r}{hint}")
        _check_path(path, options)
        return [path]
    if isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        raise TypeError(f"inputs must be a path or an iterable of documents, not {type(inputs).__name__}")
    if isinstance(inputs, (list, tuple)):
        for i, item in enumerate(inputs):
            _check_item(i, item)
            if isinstance(item, os.PathLike):
                _check_path(Path(item), options)
    return inputs


# Units of work, in input order: a text, raw bytes, a file read in Rust, or an error row made here.
@dataclass
class _Unit:
    kind: str  # "text" | "bytes" | "file" | "failed"
    id: str
    payload: Any  # str | bytes | path str | (kind, message)
    source: str | None
    size: int  # bytes (for a text, an estimate until its batch has run: see `_input_bytes`)


def _text_unit(doc_id: str, text: str, source: str | None) -> _Unit:
    # An estimate, to bound the batch: three bytes a character, one if the text is ASCII. The
    # exact size is read after the batch (`_input_bytes`): encoding the text here would do
    # serially what the pipeline does while its threads work on the texts before it.
    size = len(text) if text.isascii() else 3 * len(text)
    return _Unit("text", doc_id, text, source, size)


def _input_bytes(unit: _Unit) -> int:
    """The size of a unit's input in bytes, once its batch has run."""
    if unit.kind != "text":
        return unit.size
    # The pipeline has read the text's UTF-8 form, which the str keeps: this costs no encoding.
    size = _core.utf8_size(unit.payload)
    if size is None:  # a lone surrogate: the pipeline reported the error row
        size = len(unit.payload.encode("utf-8", "surrogatepass"))
    return size


def _failed(doc_id: str, source: str | None, kind: str, message: str) -> _Unit:
    return _Unit("failed", doc_id, (kind, message), source, 0)


def _checked_id(unit: _Unit, where: str = "") -> _Unit:
    """``unit``, or an error row if its id has a lone surrogate (no UTF-8 form: it could be
    neither handed to the pipeline nor written), with the id shown escaped."""
    pos = _surrogate(unit.id)
    if pos is None:
        return unit
    shown = _escaped(unit.id)
    message = f"{where}the id {shown} has a lone surrogate at position {pos}, which UTF-8 cannot hold"
    return _failed(shown, unit.source, "input", message)


def _bad_name(name: str) -> _Unit | None:
    """The error row of a file whose name UTF-8 cannot hold (bytes that are not UTF-8), if so."""
    if _surrogate(name) is None:
        return None
    shown = _shown(name)
    return _failed(
        shown, shown, "io", f"the file name is not UTF-8 ({shown}): ids and outputs are UTF-8; rename the file"
    )


def _jsonl_units(path: Path, options: _Options) -> Iterator[_Unit]:
    source = os.fspath(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed in finally; the generator may be abandoned
    except OSError as e:
        yield _failed(source, source, "io", f"cannot open: {e}")
        return
    lineno = 0
    try:
        for lineno, raw in enumerate(f, 1):
            doc_id = f"{source}:{lineno}"
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                yield _failed(doc_id, source, "input", f"line {lineno} is empty")
                continue
            try:
                obj = json.loads(line)
            except UnicodeDecodeError as e:
                yield _failed(doc_id, source, "decode", f"line {lineno} is not UTF-8: {e}")
                continue
            except ValueError as e:
                yield _failed(doc_id, source, "input", f"line {lineno} is not valid JSON: {e}")
                continue
            if not isinstance(obj, dict):
                yield _failed(doc_id, source, "input", f"line {lineno} is a JSON {type(obj).__name__}, not an object")
                continue
            if options.id_column is not None and obj.get(options.id_column) is not None:
                doc_id = str(obj[options.id_column])
            text = obj.get(options.text_column)
            if not isinstance(text, str):
                yield _checked_id(_failed(doc_id, source, "input", _no_text(lineno, obj, options.text_column)))
                continue
            pos = _surrogate(text)
            if pos is not None:
                message = f"line {lineno}: the text has a lone surrogate at position {pos}, which UTF-8 cannot hold"
                yield _checked_id(_failed(doc_id, source, "decode", message), f"line {lineno}: ")
                continue
            yield _checked_id(_text_unit(doc_id, text, source), f"line {lineno}: ")
        if lineno == 0:
            yield _failed(source, source, "input", "the file is empty: no JSON line")
    except OSError as e:
        yield _failed(source, source, "io", f"read error: {e}")
    finally:
        f.close()


def _no_text(lineno: int, obj: dict[str, Any], column: str) -> str:
    """Why a JSON line has no text, with the fields it has (the likely text field among them)."""
    if column in obj:
        return f"line {lineno} has a {type(obj[column]).__name__} as its {column!r} text column, not a string"
    names = [_escaped(k) for k in obj]
    fields = ", ".join(map(repr, names[:20])) + (f", ... ({len(names)} fields)" if len(names) > 20 else "")
    return (
        f"line {lineno} has no {column!r} text column; its fields are {fields or 'none'} "
        "(name the text field with text_column=, or --text-column on the command line)"
    )


def _parquet_units(path: Path, options: _Options) -> Iterator[_Unit]:
    pq = _require("pyarrow.parquet", "arrow", f"to read {path}")
    source = os.fspath(path)
    try:
        _check_parquet(path, options)
        reader = pq.ParquetFile(path)
    except (OSError, ValueError) as e:
        yield _failed(source, source, "io" if isinstance(e, OSError) else "input", str(e))
        return
    columns = [options.text_column] + ([options.id_column] if options.id_column else [])
    row = 0
    with reader:
        for batch in reader.iter_batches(batch_size=1024, columns=columns):
            texts = batch.column(options.text_column).to_pylist()
            ids = batch.column(options.id_column).to_pylist() if options.id_column else [None] * len(texts)
            for text, given in zip(texts, ids):
                row += 1
                doc_id = str(given) if given is not None else f"{source}:{row}"
                if text is None:
                    yield _failed(doc_id, source, "input", f"row {row}: {options.text_column!r} is null")
                else:
                    yield _text_unit(doc_id, text, source)
    if row == 0:
        yield _failed(source, source, "input", "the file has no row")


def _file_units(path: Path, options: _Options) -> Iterator[_Unit]:
    bad = _bad_name(os.fspath(path))
    if bad is not None:
        yield bad
        return
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_units(path, options)
    elif suffix in PARQUET_SUFFIXES:
        yield from _parquet_units(path, options)
    else:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        name = os.fspath(path)
        yield _Unit("file", name, name, name, size)


def _path_units(path: Path, options: _Options) -> Iterator[_Unit]:
    if path.is_dir():
        found = False
        for file in _walk(path, options.glob):
            found = True
            if isinstance(file, _Unreadable):
                name = _shown(os.fspath(file.path))
                yield _failed(name, name, "io", f"cannot read directory: {_shown(str(file.error))}")
            else:
                yield from _file_units(file, options)
        if not found:
            name = _shown(os.fspath(path))
            yield _failed(name, name, "input", f"directory has no file matching {options.glob!r}")
    elif path.exists():
        yield from _file_units(path, options)
    else:  # reached lazily: run_files reports it as an io error row
        name = os.fspath(path)
        yield _bad_name(name) or _Unit("file", name, name, name, 0)


def _units(inputs: Iterable[object], options: _Options) -> Iterator[_Unit]:
    for index, item in enumerate(inputs):
        if isinstance(item, str):
            yield _text_unit(str(index), item, None)
        elif isinstance(item, os.PathLike):
            yield from _path_units(Path(item), options)
        elif isinstance(item, (bytes, bytearray, memoryview)):
            yield _Unit("bytes", str(index), bytes(item), None, len(item))
        else:
            _check_item(index, item)
            pair: tuple[object, str] = item  # type: ignore[assignment]
            yield _checked_id(_text_unit(str(pair[0]), pair[1], None))


def _batches(units: Iterator[_Unit], options: _Options) -> Iterator[list[_Unit]]:
    batch: list[_Unit] = []
    size = 0
    for unit in units:
        batch.append(unit)
        size += unit.size
        if len(batch) >= options.batch_docs or size >= options.batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _run_batch(pipeline: Pipeline, batch: list[_Unit]) -> list[Document]:
    """One call per kind of unit (each parallel in Rust), results put back in input order."""
    out: list[Document | None] = [None] * len(batch)
    for kind in ("text", "bytes", "file"):
        where = [i for i, u in enumerate(batch) if u.kind == kind]
        if not where:
            continue
        ids = [batch[i].id for i in where]
        if kind == "file":
            docs = pipeline.run_files([batch[i].payload for i in where], ids)
        else:
            payloads = [batch[i].payload for i in where]
            sources = [batch[i].source for i in where]
            run = pipeline.run_texts if kind == "text" else pipeline.run_bytes
            docs = run(ids, payloads, sources)
        for i, doc in zip(where, docs):
            out[i] = doc
    for i, unit in enumerate(batch):
        if unit.kind == "failed":
            kind, message = unit.payload
            out[i] = _core.Pipeline.failed(unit.id, unit.source, kind, message)
    return out  # type: ignore[return-value]


# -- results -----------------------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts and speed of a run.

    Examples:
        >>> s = Summary(documents=3, succeeded=2, failed=1, indicators=7, chars=1000, bytes=3000, seconds=0.5)
        >>> s.mb_per_s
        0.006
        >>> print(s)
        3 documents (2 ok, 1 failed), 7 indicators, 0.00 MB in 0.50 s (0.01 MB/s)
    """

    documents: int = 0
    succeeded: int = 0
    failed: int = 0
    indicators: int = 0
    chars: int = 0
    bytes: int = 0  # input size of the documents processed (ok): file sizes, UTF-8 size of texts
    seconds: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)  # failed documents by error_kind

    @property
    def mb_per_s(self) -> float:
        """Input MB (10**6 bytes) of the documents processed per second of wall time. Failed
        documents do not count: a run where every document failed has 0 MB/s, not the speed of
        reading what could not be processed."""
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def add(self, docs: Sequence[Document], nbytes: int) -> None:
        """Count a batch; ``nbytes`` is the input size of its documents that succeeded."""
        self.documents += len(docs)
        ok = sum(1 for d in docs if d.ok)
        self.succeeded += ok
        self.failed += len(docs) - ok
        if ok < len(docs):
            for d in docs:
                if not d.ok:
                    kind = d.error_kind or "unknown"
                    self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
        self.indicators += sum(d.n_indicators for d in docs)
        self.chars += sum(d.chars for d in docs)
        self.bytes += nbytes

    def __str__(self) -> str:
        return (
            f"{self.documents:,} documents ({self.succeeded:,} ok, {self.failed:,} failed), "
            f"{self.indicators:,} indicators, {self.bytes / 1e6:.2f} MB in {self.seconds:.2f} s "
            f"({self.mb_per_s:.2f} MB/s)"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "error_kinds": dict(self.error_kinds),
            "documents": self.documents,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "indicators": self.indicators,
            "chars": self.chars,
            "bytes": self.bytes,
            "seconds": self.seconds,
            "mb_per_s": self.mb_per_s,
        }


def _require(module: str, extra: str, why: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        top = module.split(".")[0]
        raise ImportError(f"{top} is needed {why}: pip install 'gongwen[{extra}]'") from e


def _arrow_type(pa: Any, name: str) -> Any:
    spec = _DOC_TYPES.get(name) or _INDICATOR_TYPES.get(name)
    if spec is None and name.startswith("lexicon_"):
        spec = "int64" if name.endswith("_total") else "float64" if name.endswith("_share") else None
    return {
        "string": pa.string(),
        "bool": pa.bool_(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "list<string>": pa.list_(pa.string()),
        "list<list<int64>>": pa.list_(pa.list_(pa.int64())),
        None: None,
    }[spec]


def _table(columns: Mapping[str, Sequence[Any]], order: Sequence[str] = ()) -> pyarrow.Table:
    pa = _require("pyarrow", "arrow", "for Arrow tables")
    names = list(columns) or list(order)
    arrays = [pa.array(columns.get(n, []), type=_arrow_type(pa, n)) for n in names]
    return pa.Table.from_arrays(arrays, names=names)


def _expected_columns(emit: str, keep_text: bool, lexicon_names: Iterable[str]) -> list[str]:
    """The optional document columns a run with these options has, whatever its documents."""
    names = ["text"] if keep_text else []
    names += {"tokens": ["tokens", "spans"], "offsets": ["spans"]}.get(emit, [])
    lexicons = list(lexicon_names)
    for name in lexicons:
        names += [f"lexicon_{name}_total", f"lexicon_{name}_share"]
    return [*names, "words"] if lexicons else names


def documents_table(
    docs: Sequence[Document], *, emit: str = "counts", keep_text: bool = False, lexicons: Iterable[str] = ()
) -> pyarrow.Table:
    """One row per document: the columns of ``gongwen._core.document_columns`` with fixed types,
    plus ``spans`` (``[[start, end], ...]``) when ``emit`` is ``"offsets"`` or ``"tokens"``. The
    columns the options call for (``text``, ``tokens``, ``lexicon_<name>_total``...) are there even
    when no document has them (all null), so every batch of a run has one schema."""
    columns = dict(_core.document_columns(docs))
    if "spans" not in columns and emit in ("offsets", "tokens"):
        columns["spans"] = [d.spans for d in docs]
    for name in _expected_columns(emit, keep_text, lexicons):
        columns.setdefault(name, [None] * len(docs))
    return _table(columns, tuple(_DOC_TYPES)[:9])


def _align(table: pyarrow.Table, schema: pyarrow.Schema) -> pyarrow.Table:
    """``table`` with the columns of ``schema``, in its order: a column a batch left out (say
    ``tokens`` when all its documents failed) is added as nulls."""
    pa = _require("pyarrow", "arrow", "for Arrow tables")
    extra = set(table.column_names) - set(schema.names)
    if extra:
        raise ValueError(f"a batch has columns the first one had not: {sorted(extra)}")
    arrays = [
        table.column(f.name) if f.name in table.column_names else pa.nulls(table.num_rows, f.type) for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def indicators_table(docs: Sequence[Document]) -> pyarrow.Table:
    """One row per indicator: ``doc_id`` and every field of :class:`gongwen.Indicator`."""
    return _table(_core.indicator_columns(docs), tuple(_INDICATOR_TYPES))


class Corpus(Sequence["Document"]):
    """The documents of a run, in input order, with its :class:`Summary` and table views.

    Examples:
        >>> corpus = process_corpus(["城镇新增就业1200万人以上", ("b", "國內生產總值增長5%左右")])
        >>> len(corpus), corpus[1].id, corpus.summary.failed
        (2, 'b', 0)
        >>> docs, indicators = corpus.to_arrow()   # needs pyarrow
        >>> docs.num_rows
        2
    """

    def __init__(
        self,
        documents: list[Document],
        summary: Summary,
        *,
        emit: str = "counts",
        keep_text: bool = False,
        lexicons: Iterable[str] = (),
    ) -> None:
        self.documents = documents
        self.summary = summary
        self._columns = {"emit": emit, "keep_text": keep_text, "lexicons": tuple(lexicons)}

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __getitem__(self, index: Any) -> Any:
        return self.documents[index]

    def __repr__(self) -> str:
        return f"<Corpus: {self.summary}>"

    @property
    def errors(self) -> list[Document]:
        """The documents that failed (``ok`` is False)."""
        return [d for d in self.documents if not d.ok]

    def documents_table(self) -> pyarrow.Table:
        """The documents as a ``pyarrow.Table``, one row each (see :func:`documents_table`)."""
        return documents_table(self.documents, **self._columns)  # type: ignore[arg-type]

    def indicators_table(self) -> pyarrow.Table:
        """The indicators as a ``pyarrow.Table``, one row each, with ``doc_id``."""
        return indicators_table(self.documents)

    def to_arrow(self) -> tuple[pyarrow.Table, pyarrow.Table]:
        """``(documents, indicators)`` as two ``pyarrow.Table`` (``pip install 'gongwen[arrow]'``)."""
        return self.documents_table(), self.indicators_table()

    def to_polars(self) -> tuple[polars.DataFrame, polars.DataFrame]:
        """``(documents, indicators)`` as two ``polars.DataFrame`` (``pip install 'gongwen[polars]'``)."""
        pl = _require("polars", "polars", "for to_polars()")
        docs, inds = self.to_arrow()
        return pl.from_arrow(docs), pl.from_arrow(inds)

    def to_pandas(self) -> tuple[pandas.DataFrame, pandas.DataFrame]:
        """``(documents, indicators)`` as two ``pandas.DataFrame`` (``pip install 'gongwen[pandas]'``)."""
        _require("pandas", "pandas", "for to_pandas()")
        docs, inds = self.to_arrow()
        return docs.to_pandas(), inds.to_pandas()

    def write_parquet(self, path: PathLike) -> Path:
        """Write the documents to ``path`` and the indicators to ``<stem>.indicators.parquet``
        beside it; returns the indicators' path."""
        pq = _require("pyarrow.parquet", "arrow", "to write Parquet")
        docs, inds = self.to_arrow()
        pq.write_table(docs, path)
        sibling = indicators_path(path)
        pq.write_table(inds, sibling)
        return sibling

    def write_jsonl(self, path: PathLike) -> None:
        """Write one JSON object per document (``Document.to_dict()``, indicators nested)."""
        with open(path, "w", encoding="utf-8") as f:
            for doc in self.documents:
                f.write(_json_line(doc))


# -- running -----------------------------------------------------------------------------------------


def _iter_batches(
    inputs: Any, progress: Progress | None, kwargs: dict[str, Any]
) -> Iterator[tuple[list[Document], int]]:
    """Check everything, then yield (documents, input bytes) per batch. The checks run when this is
    called, not when the generator is first advanced (see ``_started``)."""
    pipeline, options = _make_pipeline(**kwargs)
    items = _normalize_inputs(inputs, options)
    return _started(pipeline, options, items, progress)


def _started(
    pipeline: Pipeline, options: _Options, items: Iterable[object], progress: Progress | None
) -> Iterator[tuple[list[Document], int]]:
    for batch in _batches(_units(items, options), options):
        docs = _run_batch(pipeline, batch)
        nbytes = sum(_input_bytes(u) for u, d in zip(batch, docs) if d.ok)
        if progress is not None:
            progress(len(docs), nbytes)
        yield docs, nbytes


def _options(**kwargs: Any) -> dict[str, Any]:
    return kwargs


def iter_corpus(
    inputs: Any,
    *,
    clean: bool = True,
    convert: str | None = "t2s",
    mode: str = "default",
    hmm: bool = True,
    userdict: PathLike | None = None,
    indicators: bool = True,
    lexicons: Lexicons | None = None,
    lexicon_mode: str = "token",
    emit: str = "counts",
    keep_text: bool = False,
    encoding: str | None = None,
    threads: int | None = None,
    glob: str = "**/*.txt",
    text_column: str = "text",
    id_column: str | None = None,
    batch_docs: int = DEFAULT_BATCH_DOCS,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    progress: Progress | None = None,
) -> Iterator[Document]:
    """Process a corpus of any size, yielding one :class:`~gongwen.Document` per input document,
    in input order, batch by batch: at most ``batch_docs`` documents or about ``batch_bytes`` bytes
    of input are held at once, so memory stays flat whatever the corpus size.

    Options and checks are those of :func:`process_corpus`; they run when ``iter_corpus`` is
    called, before the first document is read. ``progress(documents, bytes)`` is called after
    each batch (``bytes``: the input size of its documents that succeeded). Ctrl-C stops after
    the batch that is running.

    Examples:
        >>> docs = iter_corpus((f"第{i}季度增长{i}%" for i in range(3)), batch_docs=2)
        >>> [(d.id, d.ok) for d in docs]
        [('0', True), ('1', True), ('2', True)]
    """
    batches = _iter_batches(
        inputs,
        progress,
        _options(
            clean=clean,
            convert=convert,
            mode=mode,
            hmm=hmm,
            userdict=userdict,
            indicators=indicators,
            lexicons=lexicons,
            lexicon_mode=lexicon_mode,
            emit=emit,
            keep_text=keep_text,
            encoding=encoding,
            threads=threads,
            glob=glob,
            text_column=text_column,
            id_column=id_column,
            batch_docs=batch_docs,
            batch_bytes=batch_bytes,
        ),
    )
    return (doc for docs, _ in batches for doc in docs)


def process_corpus(
    inputs: Any,
    *,
    clean: bool = True,
    convert: str | None = "t2s",
    mode: str = "default",
    hmm: bool = True,
    userdict: PathLike | None = None,
    indicators: bool = True,
    lexicons: Lexicons | None = None,
    lexicon_mode: str = "token",
    emit: str = "counts",
    keep_text: bool = False,
    encoding: str | None = None,
    threads: int | None = None,
    glob: str = "**/*.txt",
    text_column: str = "text",
    id_column: str | None = None,
    batch_docs: int = DEFAULT_BATCH_DOCS,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    progress: Progress | None = None,
) -> Corpus:
    """Run the whole job on a corpus: clean -> convert -> segment -> indicators and lexicons, in one
    parallel pass in Rust, and return every document in input order.

    Args:
        inputs: one path (``str`` or ``os.PathLike``: file or directory), or an iterable of texts
            (``str``), ``(doc_id, text)`` pairs, ``bytes`` and paths (``os.PathLike``); see the
            module documentation for the rule (a ``str`` item is always a text).
        clean: remove inserted readings, site boilerplate, odd widths and spaces first.
        convert: OpenCC configuration (``"t2s"``, ``"tw2sp"``, ...), or None for no conversion.
            Positions and tokens always refer to the original text.
        mode: segmentation mode, ``"default"`` or ``"search"``; ``hmm``: jieba's HMM for unknown words.
        userdict: a jieba user dictionary file.
        indicators: scan quantitative indicators (targets and results).
        lexicons: ``{name: terms}`` where terms is an iterable of ``str`` or a file (one per line);
            each document gets per-term counts, a total and a share of its words.
        lexicon_mode: ``"token"`` counts tokens equal to a term, ``"substring"`` every occurrence.
        emit: ``"counts"`` (token count only), ``"tokens"`` (tokens as ``str``, spans of the
            original, and their offsets) or ``"offsets"`` (``(start, end)`` spans only).
        keep_text: keep the cleaned, converted text on each document.
        encoding: decode every file/bytes input with this encoding instead of detecting it.
        threads: worker threads (default: all cores or ``$GONGWEN_NUM_THREADS``).
        glob: which files of a directory to read (matched against paths relative to it).
        text_column, id_column: the text and id fields of JSONL and Parquet inputs.
        batch_docs, batch_bytes: the bound of one batch handed to Rust.
        progress: called as ``progress(documents, bytes)`` after each batch (``bytes``: the
            input size of its documents that succeeded, as :attr:`Summary.bytes`).

    Raises:
        ValueError, TypeError, FileNotFoundError, gongwen.DictionaryError: bad arguments, before
        any document is processed (see the module documentation).

    Examples:
        >>> corpus = process_corpus([("a", "區交通運輸局"), "城镇新增就业1200万人以上"], emit="tokens")
        >>> corpus[0].tokens
        ['區', '交通運輸', '局']
        >>> corpus.summary.documents, corpus.summary.failed
        (2, 0)
        >>> process_corpus("no/such/dir")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        FileNotFoundError: no such file or directory: 'no/such/dir' (a single str is a path; ...)
    """
    summary = Summary()
    documents: list[Document] = []
    start = time.perf_counter()
    batches = _iter_batches(
        inputs,
        progress,
        _options(
            clean=clean,
            convert=convert,
            mode=mode,
            hmm=hmm,
            userdict=userdict,
            indicators=indicators,
            lexicons=lexicons,
            lexicon_mode=lexicon_mode,
            emit=emit,
            keep_text=keep_text,
            encoding=encoding,
            threads=threads,
            glob=glob,
            text_column=text_column,
            id_column=id_column,
            batch_docs=batch_docs,
            batch_bytes=batch_bytes,
        ),
    )
    for docs, nbytes in batches:
        documents.extend(docs)
        summary.add(docs, nbytes)
    summary.seconds = time.perf_counter() - start
    return Corpus(documents, summary, emit=emit, keep_text=keep_text, lexicons=lexicons or ())


# -- writers -----------------------------------------------------------------------------------------


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


def write_parquet(inputs: Any, path: PathLike, *, progress: Progress | None = None, **options: Any) -> Summary:
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
    opts = _defaults(options)
    _require("pyarrow.parquet", "arrow", "to write Parquet")
    return _write_parquet(_iter_batches(inputs, progress, opts), _Output(path), opts)


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


def _write_parquet(batches: Iterator[tuple[list[Document], int]], out: _Output, opts: Mapping[str, Any]) -> Summary:
    pq = _require("pyarrow.parquet", "arrow", "to write Parquet")
    columns = {"emit": opts["emit"], "keep_text": opts["keep_text"], "lexicons": tuple(opts["lexicons"] or ())}
    summary = out.written
    start = time.perf_counter()
    doc_writer = ind_writer = None
    try:
        for docs, nbytes in batches:
            table = documents_table(docs, **columns)
            inds = indicators_table(docs)
            with out.guard():
                if doc_writer is None:
                    doc_writer = pq.ParquetWriter(out.path, table.schema)
                    out.created = True
                    ind_writer = pq.ParquetWriter(indicators_path(out.path), inds.schema)
                doc_writer.write_table(_align(table, doc_writer.schema))
                ind_writer.write_table(_align(inds, ind_writer.schema))  # type: ignore[union-attr]
                summary.add(docs, nbytes)
        if doc_writer is None:  # no input documents: still write two (empty) files
            with out.guard():
                pq.write_table(documents_table([], **columns), out.path)
                out.created = True
                pq.write_table(indicators_table([]), indicators_path(out.path))
    finally:
        with out.guard():  # a file closed half-way would be unreadable
            for writer in (doc_writer, ind_writer):
                if writer is not None:
                    writer.close()
        summary.seconds = time.perf_counter() - start
    return summary


def write_jsonl(inputs: Any, path: PathLike, *, progress: Progress | None = None, **options: Any) -> Summary:
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
    return _write_jsonl(_iter_batches(inputs, progress, _defaults(options)), _Output(path))


def _write_jsonl(batches: Iterator[tuple[list[Document], int]], out: _Output) -> Summary:
    summary = out.written
    start = time.perf_counter()
    f = None
    try:
        for docs, nbytes in batches:
            lines = "".join(_json_line(d) for d in docs)
            with out.guard():
                if f is None:
                    # Ids and messages are valid Unicode (the readers check them); the escapes
                    # only keep the file UTF-8 should anything else slip through.
                    f = open(out.path, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
                    out.created = True
                f.write(lines)
                f.flush()
                summary.add(docs, nbytes)
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


def process_to(path: PathLike, inputs: Any, *, progress: Progress | None = None, **options: Any) -> Summary:
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


def prepare_output(path: PathLike, inputs: Any, *, progress: Progress | None = None, **options: Any) -> PreparedRun:
    """Every check of :func:`process_to` now (options, inputs, the output's suffix and folder),
    and the run itself as a :class:`PreparedRun` to call later: what the command line uses to
    tell argument errors from a run's, and to say what an interrupted run has written.

    Examples:
        >>> run = prepare_output("out.csv", ["增长5%"])
        Traceback (most recent call last):
        ValueError: output 'out.csv': the suffix must be .parquet, .jsonl or .ndjson
    """
    opts = _defaults(options)
    suffix = Path(path).suffix.lower()
    if suffix not in PARQUET_SUFFIXES + JSONL_SUFFIXES:
        raise ValueError(f"output {os.fspath(path)!r}: the suffix must be .parquet, .jsonl or .ndjson")
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise FileNotFoundError(f"output {os.fspath(path)!r}: no such folder {os.fspath(folder)!r}")
    if suffix in PARQUET_SUFFIXES:
        _require("pyarrow.parquet", "arrow", "to write Parquet")
    batches = _iter_batches(inputs, progress, opts)
    if suffix in PARQUET_SUFFIXES:
        return PreparedRun(lambda out: _write_parquet(batches, out, opts), path)
    return PreparedRun(lambda out: _write_jsonl(batches, out), path)


_DEFAULTS: dict[str, Any] = {
    "clean": True,
    "convert": "t2s",
    "mode": "default",
    "hmm": True,
    "userdict": None,
    "indicators": True,
    "lexicons": None,
    "lexicon_mode": "token",
    "emit": "counts",
    "keep_text": False,
    "encoding": None,
    "threads": None,
    "glob": "**/*.txt",
    "text_column": "text",
    "id_column": None,
    "batch_docs": DEFAULT_BATCH_DOCS,
    "batch_bytes": DEFAULT_BATCH_BYTES,
}


def _defaults(options: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(options) - set(_DEFAULTS)
    if unknown:
        raise TypeError(f"unexpected option(s): {', '.join(sorted(unknown))}")
    return {**_DEFAULTS, **options}
