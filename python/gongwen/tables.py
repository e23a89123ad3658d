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

# Column types of the two tables, fixed so that every batch of a streamed run has the same schema
# (a batch whose `period` is all None must not make it a null column). The core builds them so.
DOC_TYPES = {
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
INDICATOR_TYPES = {
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
INDICATOR_FIELDS = tuple(INDICATOR_TYPES)[1:]


def arrow_type(pa: Any, name: str) -> Any:
    """The ``pyarrow`` type of a column."""
    spec = DOC_TYPES.get(name) or INDICATOR_TYPES.get(name)
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
    words, n_indicators, then ``text``/``tokens`` when documents have them, the lexicon columns
    (``lexicon_<name>_total``, ``lexicon_<name>_share``), ``spans`` (``[[start, end], ...]``) when
    ``emit`` is ``"offsets"`` or ``"tokens"``. The columns the options call for are there even
    when no document has them (all null), so every batch of a run has one schema. ``docs``:
    ``Document`` or ``gongwen._core.Batch`` objects."""
    return tables(docs, emit=emit, keep_text=keep_text, lexicons=lexicons)[0]


def indicators_table(docs: Sequence[Any]) -> pyarrow.Table:
    """One row per indicator: ``doc_id`` and every field of :class:`gongwen.Indicator`."""
    return tables(docs)[1]


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
