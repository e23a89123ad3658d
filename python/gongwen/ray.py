"""Run the whole job on a Ray cluster: :func:`process_dataset` (``pip install 'gongwen[ray]'``).

The same pass as :func:`gongwen.process_corpus` (clean -> convert -> segment -> indicators and
lexicons, in Rust), as a stage of a Ray Data pipeline: ``Dataset.map_batches`` over Arrow batches
with a callable class that builds one :class:`gongwen.Pipeline` per Ray worker, its Rust thread count
equal to the CPUs Ray gave that worker, so workers never oversubscribe their node.

Three lines on a cluster::

    import gongwen.ray
    res = gongwen.ray.process_dataset(ray.data.read_parquet("s3://bucket/reports/"), text_column="text")
    res.write_parquet("out/")        # out/documents/*.parquet and out/indicators/*.parquet

**Nothing lost.** Every input row yields exactly one document row. A row whose text is null, not
text (say an int column), or bytes that cannot be decoded, a JSON line that is not an object with
a string under ``text_column``, a JSONL or Parquet file that cannot be parsed: each becomes an
error row (``ok=False``, ``error``, ``error_kind``), never a failed job. A worker that dies is
restarted by Ray and its batch retried (Ray Data's actor pools restart actors and retry their
tasks by default), so each document is still written once.

**Carried metadata.** The other columns of a CSV, Parquet file or Dataset and the other fields
of a JSON line become ``meta_<key>`` string columns of the documents, as in
:func:`gongwen.corpus.documents_table`. A Ray Dataset has one schema, and which keys a run holds
is only known once its inputs are read (the fields of JSON lines may differ from line to line,
files may be remote, a Dataset's blocks may differ): so each row of :attr:`RayResult.nested`
holds its metadata in one ``meta`` column (``map<string, string>``), and
:attr:`RayResult.documents` has a ``meta_<key>`` column for each key any document has (null
where a document lacks it; the keys in the order of the input files, then as they first come),
found in the results: the first :attr:`RayResult.documents` of a result materializes it (one
run; reading the keys back reads only the ``meta`` and ``source`` columns).

**One pass over the text.** The pipeline stage emits the documents with their indicators nested
(a ``list<struct>`` column); :attr:`RayResult.documents` drops that column and
:attr:`RayResult.indicators` flattens it, without running the pipeline again. Ray datasets are
lazy, so consuming both of them runs the stage twice unless the result is materialized first:
:meth:`RayResult.write_parquet` does that (the results, not the texts, go to Ray's object store,
which spills to disk), and so does :meth:`RayResult.materialize`.

**Duplicates.** ``duplicate_of`` is looked for within each batch a worker processes
(``batch_size`` documents), not across the dataset: the run-wide index of
:func:`gongwen.process_corpus` needs the documents in one order. Rows are never dropped here
(``duplicates="drop"`` is an argument error, since a worker could not count what it left out):
filter on ``duplicate_of`` after a run, or use :func:`gongwen.process_corpus` for a run-wide
index.

This module imports ``ray`` only when it is imported itself; ``import gongwen`` never does.
"""

from __future__ import annotations

import functools
import os
import tempfile
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Union

import pyarrow as pa
import pyarrow.compute as pc

from gongwen import _core
from gongwen._driver import run_batch
from gongwen._inputs import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    meta_value,
    parquet_rows,
    shown,
    surrogate,
)
from gongwen.options import CorpusOptions, Unpack, defaults, resolve
from gongwen.tables import INDICATOR_FIELDS, META_PREFIX, align, documents_table, indicators_schema, tables

try:
    import ray
    import ray.data
    from ray.data.dataset import MaterializedDataset
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError("gongwen.ray needs Ray Data: pip install 'gongwen[ray]'") from e

if TYPE_CHECKING:
    from gongwen._core import Pipeline

__all__ = ["RayResult", "process_dataset"]

PathLike = Union[str, "os.PathLike[str]"]

_TEXT_TYPES = (pa.string(), pa.large_string(), pa.string_view())
_BINARY_TYPES = (pa.binary(), pa.large_binary(), pa.binary_view())

# Testing only: the path of a marker file; the first worker to create it dies (os._exit) on its
# first batch, once in the whole run, so a test can check that Ray's retry loses no document.
_FAULT_ENV = "GONGWEN_RAY_FAULT_MARKER"

_INDICATORS_SCHEMA = indicators_schema()
INDICATOR_STRUCT = pa.struct([_INDICATORS_SCHEMA.field(name) for name in INDICATOR_FIELDS])
# The carried metadata of a document: its meta_<key> column names to their values.
META_TYPE = pa.map_(pa.string(), pa.string())


# -- the pipeline stage ------------------------------------------------------------------------------


def _worker_threads(num_cpus: float) -> int:
    """The CPUs Ray assigned to this worker (whole ones, at least 1): the Rust thread count."""
    assigned = ray.get_runtime_context().get_assigned_resources().get("CPU")
    cpus = assigned if assigned else num_cpus
    return max(1, int(cpus))


class _Columns(NamedTuple):
    """The text and id fields of JSONL, CSV and Parquet files and the run's encoding (CSV files
    are read in it), as the workers read them (picklable)."""

    text_column: str
    id_column: str | None
    encoding: str | None = None


# Set by Ray for each worker: its threads are its CPUs, its batches Ray's.
_SET_BY_RAY = {"threads": "num_cpus_per_worker", "batch_docs": "batch_size", "batch_bytes": "batch_size"}


class _PipelineStage:
    """The callable class of ``map_batches``: one :class:`gongwen.Pipeline` per Ray worker, built in
    ``__init__``; each call turns a prepared batch into a documents table with nested indicators."""

    def __init__(
        self,
        config: Mapping[str, Any],
        userdict: bytes | None,
        schema: pa.Schema,
        num_cpus: float,
        prepare: Callable[..., _core.Units],
        prepare_args: tuple[Any, ...],
    ) -> None:
        config = dict(config)
        self.prepare, self.prepare_args = prepare, prepare_args
        if userdict is not None:  # the driver's file, shipped as bytes: workers may be on other nodes
            fd, path = tempfile.mkstemp(prefix="gongwen-userdict-", suffix=".txt")
            with os.fdopen(fd, "wb") as f:
                f.write(userdict)
            config["userdict"] = path
        self.threads = _worker_threads(num_cpus)
        self.pipeline: Pipeline = _core.Pipeline(**config, threads=self.threads)
        self.schema = schema
        self.columns = {
            "emit": config["emit"],
            "keep_text": config["keep_text"],
            "lexicons": tuple(config["lexicons"] or ()),
        }

    def __call__(self, batch: pa.Table) -> pa.Table:
        marker = os.environ.get(_FAULT_ENV)
        if marker:
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os._exit(1)
        done = run_batch(self.pipeline, self.prepare(batch, *self.prepare_args))
        docs, inds = tables([done], **self.columns)
        names = [n for n in docs.column_names if n.startswith(META_PREFIX)]
        meta = _packed_meta(docs, names)
        table = align(docs.drop_columns(names), _documents_schema(self.schema))
        table = table.append_column(pa.field("meta", META_TYPE), meta)
        return table.append_column("indicators", _nested_indicators(table, inds))


def _packed_meta(docs: pa.Table, names: list[str]) -> pa.Array:
    """The ``meta_<key>`` columns of a batch as one map a row: the keys a row has a value for
    (so that each key is found with the source of a document that has it); a key with no value
    in the batch is kept, with a null, in the first row (its column is in the documents)."""
    columns = [docs.column(name).to_pylist() for name in names]
    empty = {name for name, values in zip(names, columns) if all(v is None for v in values)}
    keys: list[str] = []
    items: list[str | None] = []
    offsets = [0]
    for i in range(docs.num_rows):
        for name, values in zip(names, columns):
            if values[i] is not None or (i == 0 and name in empty):
                keys.append(name)
                items.append(values[i])
        offsets.append(len(keys))
    return pa.MapArray.from_arrays(
        pa.array(offsets, pa.int32()), pa.array(keys, pa.string()), pa.array(items, pa.string()), type=META_TYPE
    )


def _meta_keys(batch: pa.Table) -> pa.Table:
    """The metadata columns of a block of results, each with the source of its first row."""
    seen: dict[str, str | None] = {}
    # In Python: pyarrow's list kernels abort on a map array (list_parent_indices).
    for source, entries in zip(batch.column("source").to_pylist(), batch.column("meta").to_pylist()):
        for key, _ in entries:
            seen.setdefault(key, source)
    return pa.table({"key": pa.array(list(seen), pa.string()), "source": pa.array(list(seen.values()), pa.string())})


def _with_meta(batch: pa.Table, names: list[str]) -> pa.Table:
    """A block of results as documents: without the nested indicators, the ``meta`` map spread
    into the run's ``meta_<key>`` columns (null where a document lacks the key)."""
    meta = batch.column("meta").combine_chunks()
    table = batch.drop_columns(["meta", "indicators"])
    for name in names:
        table = table.append_column(pa.field(name, pa.string()), pc.map_lookup(meta, name, "first"))
    return table


def _nested_indicators(docs: pa.Table, inds: pa.Table) -> pa.Array:
    """The indicators of each document as one ``list<struct>`` value per row."""
    counts = docs.column("n_indicators").combine_chunks()
    ends = pc.cumulative_sum(counts).cast(pa.int32())
    offsets = pa.concat_arrays([pa.array([0], pa.int32()), ends])
    values = pa.StructArray.from_arrays(
        [inds.column(name).combine_chunks() for name in INDICATOR_FIELDS], fields=list(INDICATOR_STRUCT)
    )
    return pa.ListArray.from_arrays(offsets, values, type=pa.list_(INDICATOR_STRUCT))


def _documents_schema(nested: pa.Schema) -> pa.Schema:
    return pa.schema([f for f in nested if f.name not in ("meta", "indicators")])


def _flatten_indicators(batch: pa.Table) -> pa.Table:
    """One row per indicator (``doc_id`` and every field), from the nested column: no re-run."""
    nested = batch.column("indicators").combine_chunks()
    parents = pc.list_parent_indices(nested)
    values = pc.list_flatten(nested)
    doc_ids = batch.column("id").combine_chunks().take(parents)
    columns = [doc_ids, *(values.field(name) for name in INDICATOR_FIELDS)]
    return pa.Table.from_arrays(columns, schema=_INDICATORS_SCHEMA)


# -- preparing the input -----------------------------------------------------------------------------


def _prepare_dataset(batch: pa.Table, text_column: str, id_column: str | None) -> _core.Units:
    """A user's batch -> units: ids from ``id_column`` (else the row id Ray made), text or bytes
    from ``text_column``; a missing, null or non-text value becomes an error row."""
    n = batch.num_rows
    # Without an id: "<random>-<row>", unique in the run (a fresh prefix per batch, retries included).
    ids: Any = pa.array([f"{uuid.uuid4().hex[:16]}-{i}" for i in range(n)], pa.string())
    if id_column is not None and id_column in batch.column_names:
        ids = pc.coalesce(batch.column(id_column).cast(pa.string()), ids)
    ids = ids.to_pylist()
    units = _core.Units()
    if text_column not in batch.column_names:
        message = f"no {text_column!r} text column (columns: {', '.join(batch.column_names)})"
        for doc_id in ids:
            units.failed(doc_id, None, "input", message)
        return units
    column = batch.column(text_column)
    if column.type in _TEXT_TYPES or column.type in _BINARY_TYPES:
        # The other columns are carried, as those of a Parquet file (gongwen._inputs.parquet_rows).
        names = batch.column_names
        others = [n for i, n in enumerate(names) if n not in (text_column, id_column) and n not in names[:i]]
        if not others:
            units.column(ids, column.to_pylist(), f"{text_column!r} is null")
            return units
        extra = [(n, batch.column(n).to_pylist()) for n in others]
        for k, (doc_id, value) in enumerate(zip(ids, column.to_pylist())):
            if value is None:
                units.failed(doc_id, None, "input", f"{text_column!r} is null")
                continue
            meta = {n: meta_value(values[k]) for n, values in extra}
            if isinstance(value, str):
                units.text(doc_id, value, None, meta)
            else:
                units.bytes(doc_id, value, None, meta)
        return units
    message = f"{text_column!r} is {column.type}, not text"
    for doc_id in ids:
        units.failed(doc_id, None, "input", message)
    return units


def _prepare_files(batch: pa.Table, options: _Columns) -> _core.Units:
    """Files read by ``ray.data.read_binary_files`` -> units, exactly as
    :func:`gongwen.process_corpus` reads them: a JSONL file is one document per line (id
    ``<file>:<line>``), a CSV or Parquet file one per row (id ``<file>:<row>``), any other file one
    document (id its path) decoded in Rust; bad lines and rows and unparsable files are error rows."""
    paths = batch.column("path").to_pylist()
    blobs = batch.column("bytes")
    units = _core.Units()
    for i, path in enumerate(paths):
        suffix = Path(path).suffix.lower()
        data = blobs[i].as_py()
        if suffix in JSONL_SUFFIXES:
            units.jsonl(path, data, options.text_column, options.id_column)
        elif suffix in CSV_SUFFIXES:
            units.csv(path, data, options.text_column, options.id_column, options.encoding)
        elif suffix in PARQUET_SUFFIXES:
            _parquet_units(units, path, data, options)
        else:
            units.bytes(path, data, path)
    return units


def _parquet_units(units: _core.Units, path: str, data: bytes, options: _Columns) -> None:
    """The rows of one Parquet file, read by process_corpus's own reader from a private copy
    (so a remote file reads exactly as a local one)."""
    directory = tempfile.mkdtemp(prefix="gongwen-ray-")
    local = Path(directory) / Path(path).name
    try:
        local.write_bytes(data)
        for row in parquet_rows(local, text_column=options.text_column, id_column=options.id_column, source=path):
            if row[0] == "text":
                units.text(*row[1:])
            else:
                units.failed(*row[1:])
    finally:
        local.unlink(missing_ok=True)
        os.rmdir(directory)


def _expand_paths(paths: Sequence[PathLike], glob: str, columns: _Columns) -> list[str]:
    """Local directories walked with ``glob`` (as :func:`gongwen.process_corpus` does); a missing
    local path, or a local CSV file whose header lacks the text or id column, raises before any
    work. URIs (``s3://...``) go to Ray as they are."""
    files: list[str] = []
    for item in paths:
        name = os.fspath(item)
        if "://" in name:
            files.append(name)
            continue
        path = Path(name)
        # The checks of process_corpus: a missing path, a directory without a matching file.
        _core.check_path(path, glob, columns.text_column, columns.id_column, columns.encoding)
        if path.is_dir():
            # The listing is made here, before any work: what it cannot read is an argument error.
            files.extend(os.fspath(p) for p in _core.discover(path, glob))
        else:
            files.append(name)
    for name in files:
        if surrogate(name) is not None:
            raise ValueError(f"file name is not UTF-8 ({shown(name)}): Ray reads UTF-8 paths; rename the file")
    return files


# -- the call users make -----------------------------------------------------------------------------


@dataclass
class RayResult:
    """The two datasets of a :func:`process_dataset` run, lazy until consumed.

    ``nested`` has one row per input document with its indicators nested (``list<struct>``) and
    its batch's carried metadata in a ``meta`` map; :attr:`documents` and :attr:`indicators` are
    derived from it without running the pipeline again. Consuming both of a result that is not
    materialized runs the pipeline stage twice: call :meth:`materialize` first, or
    :meth:`write_parquet`, which does. ``files``: the input files, in order (the order of the
    ``meta_<key>`` columns).

    Examples:
        >>> import ray, gongwen.ray
        >>> res = gongwen.ray.process_dataset(ray.data.from_items([{"text": "增长5%"}]))  # doctest: +SKIP
        >>> res.write_parquet("out/")  # doctest: +SKIP
        (PosixPath('out/documents'), PosixPath('out/indicators'))
    """

    nested: ray.data.Dataset
    files: Sequence[str] = ()
    _meta: list[str] | None = field(default=None, repr=False)

    @property
    def documents(self) -> ray.data.Dataset:
        """One row per input document: the columns of :func:`gongwen.corpus.documents_table`,
        a ``meta_<key>`` column for each key of carried metadata any document has. The keys are
        found in the results: the first call materializes this result (runs the job) if it is
        not yet."""
        names = self.meta_columns()
        return self.nested.map_batches(
            functools.partial(_with_meta, names=names), batch_format="pyarrow", batch_size=None
        )

    def meta_columns(self) -> list[str]:
        """The ``meta_<key>`` columns of :attr:`documents`: the keys any document has, in the order
        of the input files (of a Dataset: of its blocks), then as they first come. Materializes
        this result (runs the job) if it is not yet."""
        if self._meta is None:
            if not isinstance(self.nested, MaterializedDataset):
                self.nested = self.nested.materialize()
            found = self.nested.select_columns(["meta", "source"]).map_batches(
                _meta_keys, batch_format="pyarrow", batch_size=None
            )
            rank = {name: i for i, name in enumerate(self.files)}
            rows = found.take_all()
            rows = sorted(rows, key=lambda row: rank.get(row["source"], len(rank)))  # stable
            self._meta = list(dict.fromkeys(row["key"] for row in rows))
        return self._meta

    @property
    def indicators(self) -> ray.data.Dataset:
        """One row per indicator: ``doc_id`` and every field of :class:`gongwen.Indicator`."""
        return self.nested.map_batches(_flatten_indicators, batch_format="pyarrow", batch_size=None)

    def materialize(self) -> RayResult:
        """Run the pipeline once and keep the results in Ray's object store (spilled to disk when
        needed), so that :attr:`documents` and :attr:`indicators` both read them."""
        nested = self.nested
        if not isinstance(nested, MaterializedDataset):
            nested = nested.materialize()
        return RayResult(nested, self.files, self._meta)

    def write_parquet(self, path: PathLike) -> tuple[Path, Path]:
        """Run the job once and write ``path/documents/`` and ``path/indicators/`` with Ray's own
        Parquet writer (local folders or any URI Ray's filesystems take); returns both folders."""
        done = self.materialize()
        root = Path(path) if "://" not in os.fspath(path) else None
        base = os.fspath(path).rstrip("/")
        docs_dir, inds_dir = f"{base}/documents", f"{base}/indicators"
        done.documents.write_parquet(docs_dir)
        done.indicators.write_parquet(inds_dir)
        if root is not None:
            return root / "documents", root / "indicators"
        return Path(docs_dir), Path(inds_dir)


def process_dataset(
    ds_or_paths: ray.data.Dataset | PathLike | Sequence[PathLike],
    *,
    batch_size: int = defaults()["batch_docs"] // 8,
    concurrency: int | tuple[int, int] | None = None,
    num_cpus_per_worker: int = 1,
    runtime_env: Mapping[str, Any] | None = None,
    **options: Unpack[CorpusOptions],
) -> RayResult:
    """Process a Ray Dataset (or files read by Ray) with the same options as
    :func:`gongwen.process_corpus`; returns the lazy documents and indicators datasets.

    Args:
        ds_or_paths: a ``ray.data.Dataset`` with a text column (``string``: texts; ``binary``: raw
            bytes, decoded in Rust), or one path or a list of paths (files, local directories
            walked with ``glob``, or URIs), read with ``ray.data.read_binary_files``: ``.jsonl``,
            ``.csv`` and ``.parquet`` files hold one document per line/row (CSV read as
            :func:`gongwen.process_corpus` reads it: header row, any encoding the load stage
            detects, bad rows as error rows), any other file is one document. Each
            JSONL/CSV/Parquet file is read whole by one task: to stream very large Parquet files,
            pass ``ray.data.read_parquet(...)`` with an ``id_column`` instead. The other columns
            of a Dataset, CSV or Parquet file and the other fields of a JSON line are carried
            (``meta_<key>`` columns of :attr:`RayResult.documents`).
        batch_size: documents per batch handed to one worker's pipeline.
        concurrency: how many workers: ``n`` for a fixed pool, ``(min, max)`` to autoscale, None for
            an autoscaling pool from 1 to what the cluster's CPUs allow.
        num_cpus_per_worker: CPUs Ray reserves for each worker; its pipeline runs that many Rust
            threads (no oversubscription).
        runtime_env: a Ray runtime environment for the workers (e.g. ``{"pip": ["gongwen"]}``).
        options: the options of :func:`gongwen.process_corpus` (:class:`gongwen.options.CorpusOptions`),
            but ``threads``, ``batch_docs`` and ``batch_bytes``, which Ray sets (the arguments
            above). ``text_column``, ``id_column``: the text and id columns; without
            ``id_column`` the documents of a Dataset get a unique id ``<random>-<row>`` (unique in
            the run, not stable across runs: pass ``id_column`` to join results back); files get
            the ids :func:`gongwen.process_corpus` gives them (path, ``<file>:<line>``,
            ``<file>:<row>``). The user dictionary and lexicon files are read here and shipped to
            the workers.

    Raises:
        ValueError, TypeError, FileNotFoundError, gongwen.DictionaryError: bad options, a missing
        local path or a local CSV file whose header lacks ``text_column`` (or ``id_column``), before
        any work.

    Examples:
        >>> import ray, gongwen.ray
        >>> ds = ray.data.from_items([{"id": "a", "text": "城镇新增就业1200万人以上"}])  # doctest: +SKIP
        >>> res = gongwen.ray.process_dataset(ds, id_column="id")  # doctest: +SKIP
        >>> res.documents.take(1)[0]["token_count"]  # doctest: +SKIP
        6
    """
    if isinstance(num_cpus_per_worker, bool) or not isinstance(num_cpus_per_worker, int) or num_cpus_per_worker < 1:
        raise ValueError(f"num_cpus_per_worker must be a positive int, not {num_cpus_per_worker!r}")
    for name, instead in _SET_BY_RAY.items():
        if name in options:
            raise TypeError(f"process_dataset sets {name} itself: use {instead}=")
    if options.get("duplicates") == "drop":
        raise ValueError(
            "process_dataset flags duplicates within each batch and keeps every row: "
            "use duplicates='flag' (or 'off') and filter on duplicate_of"
        )
    # Every check in the driver, before any work: the same as process_corpus, and a probe document
    # through the real pipeline fixes the output schema every batch is aligned to.
    resolved = resolve({**options, "threads": 1, "batch_docs": max(1, batch_size)})
    probe, load = resolved.pipeline, resolved.load
    config = probe.options()  # lexicons as lists of terms: workers may not see the files
    sample = probe.run_texts(["probe"], ["城镇新增就业1200万人以上"])
    table = documents_table(sample, emit=probe.emit, keep_text=probe.keep_text, lexicons=probe.lexicon_names)
    schema = table.schema.append(pa.field("meta", META_TYPE)).append(pa.field("indicators", pa.list_(INDICATOR_STRUCT)))
    userdict = config["userdict"]
    userdict_bytes = Path(userdict).read_bytes() if userdict is not None else None
    config["userdict"] = None
    columns = _Columns(load.text_column, load.id_column, config["encoding"])
    files: list[str] = []

    if isinstance(ds_or_paths, ray.data.Dataset):
        source: ray.data.Dataset = ds_or_paths
        prepare: tuple[Callable[..., _core.Units], tuple[Any, ...]] = (
            _prepare_dataset,
            (columns.text_column, columns.id_column),
        )
    else:
        items = [ds_or_paths] if isinstance(ds_or_paths, (str, os.PathLike)) else list(ds_or_paths)
        files = _expand_paths(items, load.glob, columns)
        # Reading is I/O: its tasks reserve no CPU, so a pool of workers holding every CPU of the
        # cluster (concurrency = CPUs) cannot starve the reads that feed it (a deadlock otherwise).
        source = ray.data.read_binary_files(files, include_paths=True, num_cpus=0)
        prepare = (_prepare_files, (columns,))

    compute = _compute(concurrency)
    # The input is prepared inside the workers, not by a task before them: one operator, whatever
    # runtime_env says, and no CPU-holding task a pool of workers could starve.
    nested = source.map_batches(
        _PipelineStage,
        fn_constructor_args=(config, userdict_bytes, schema, float(num_cpus_per_worker), *prepare),
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=compute,
        num_cpus=num_cpus_per_worker,
        runtime_env=dict(runtime_env) if runtime_env is not None else None,
        udf_modifying_row_count=False,
    )
    return RayResult(nested, files)


def _compute(concurrency: int | tuple[int, int] | None) -> Any:
    if concurrency is None:
        return ray.data.ActorPoolStrategy(min_size=1)
    if isinstance(concurrency, tuple):
        low, high = concurrency
        return ray.data.ActorPoolStrategy(min_size=low, max_size=high)
    return ray.data.ActorPoolStrategy(size=concurrency)
