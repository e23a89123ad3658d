"""The two tables of a run as ``pyarrow`` tables: one row per document, one row per indicator.

The columns are built by the core's emit stage and handed over through the Arrow C data
interface (:func:`gongwen._core.arrow_tables`): no Python object is made per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gongwen import _core
from gongwen._inputs import require

if TYPE_CHECKING:
    import pyarrow

INDICATOR_FIELDS: tuple[str, ...] = _core.INDICATOR_COLUMNS[1:]
"""Every field of an indicator, in the order of the indicators table (after ``doc_id``)."""


def tables(
    items: Sequence[Any], *, emit: str = "counts", keep_text: bool = False, lexicons: Iterable[str] = ()
) -> tuple[pyarrow.Table, pyarrow.Table]:
    """``(documents, indicators)`` of ``items`` (``gongwen._core.Batch`` or ``Document`` objects)."""
    pa = require("pyarrow", "arrow", "for Arrow tables")
    docs, inds = _core.arrow_tables(list(items), emit=emit, keep_text=keep_text, lexicons=list(lexicons))
    return pa.Table.from_batches([pa.record_batch(docs)]), pa.Table.from_batches([pa.record_batch(inds)])


def documents_table(
    docs: Sequence[Any], *, emit: str = "counts", keep_text: bool = False, lexicons: Iterable[str] = ()
) -> pyarrow.Table:
    """One row per document: id, source, encoding, ok, error, error_kind, chars, token_count,
    words, n_indicators, title, date, year, region, region_code, level, doc_type (the metadata
    found in the text), copies_removed, duplicate_of, then ``text``/``tokens`` when documents have
    them, the lexicon columns (``lexicon_<name>_total``, ``lexicon_<name>_share``), ``spans``
    (``[[start, end], ...]``) when ``emit`` is ``"offsets"`` or ``"tokens"``. The columns the
    options call for are there even when no document has them (all null), so every batch of a
    run has one schema. Last, the carried metadata (:attr:`gongwen.Document.meta`): a
    ``meta_<key>`` string column for each key any of ``docs`` has, in the order the keys first
    come, null where a document lacks the key (``int`` in digits, ``float`` as Python writes it,
    ``true``/``false``). ``docs``: ``Document`` or ``gongwen._core.Batch`` objects."""
    return tables(docs, emit=emit, keep_text=keep_text, lexicons=lexicons)[0]


def indicators_table(docs: Sequence[Any]) -> pyarrow.Table:
    """One row per indicator: ``doc_id`` and every field of :class:`gongwen.Indicator`."""
    return tables(docs)[1]


META_PREFIX = "meta_"
"""The prefix of the carried metadata's columns (``meta_<key>``, strings, last)."""


def new_meta_fields(schema: pyarrow.Schema, written: pyarrow.Schema) -> list[pyarrow.Field]:
    """The ``meta_<key>`` fields of ``schema`` (a batch's) that ``written`` (a file's) lacks, in
    order: the keys a later batch brings."""
    have = set(written.names)
    return [f for f in schema if f.name.startswith(META_PREFIX) and f.name not in have]


def align(table: pyarrow.Table, schema: pyarrow.Schema) -> pyarrow.Table:
    """``table`` with the columns of ``schema``, in its order: a column a batch left out (say
    ``tokens`` when all its documents failed) is added as nulls."""
    pa = require("pyarrow", "arrow", "for Arrow tables")
    extra = set(table.column_names) - set(schema.names)
    if extra:
        raise ValueError(f"a batch has columns the first one had not: {sorted(extra)}")
    arrays = [
        table.column(f.name) if f.name in table.column_names else pa.nulls(table.num_rows, f.type) for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def indicators_schema() -> pyarrow.Schema:
    """The schema of the indicators table, as the core builds it."""
    return indicators_table([]).schema
