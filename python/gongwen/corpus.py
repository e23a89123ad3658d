"""Whole corpora in one call: :func:`process_corpus`, the streaming :func:`iter_corpus`, and writers.

Every document goes through clean -> convert -> segment -> scan (indicators, lexicons) in one pass
in Rust (``gongwen._core.Pipeline``), many documents at a time on all cores with the GIL released.
This module only turns the inputs a user has into bounded batches for the pipeline, in input order,
and turns the results into tables and files.

**What ``inputs`` may be.** Either one path (a ``str`` or ``os.PathLike``: a file or a directory),
or an iterable whose items are any mix of:

- ``str``: the text of one document, id ``"<n>"`` (its position in ``inputs``, from 0);
- ``(doc_id, text)``: a text with its own id; ``(doc_id, text, meta)``: with a mapping of metadata
  carried to its row (``Document.meta``, ``meta_<key>`` columns);
- ``bytes``: the raw bytes of one document, decoded in Rust (encoding detected unless ``encoding=``);
- ``os.PathLike`` (e.g. ``pathlib.Path``): a file, or a directory walked recursively for files
  matching ``glob`` (in sorted order).

So the rule for a plain ``str`` is: *alone* it is a path, *inside an iterable* it is always a text,
never guessed from the file system (``["a.txt"]`` is one document of five characters; write
``[Path("a.txt")]`` for the file). A file is read by its suffix: ``.jsonl``/``.ndjson`` is one
document per line (a JSON object with the text under ``text_column``, id from ``id_column`` or
``"<file>:<line>"``); ``.csv`` is one document per row after a header row, the text in column
``text_column`` (id from ``id_column`` or ``"<file>:<row>"``, rows from 1; each row decoded as a
document, in the file's encoding: a byte order mark's, ``encoding=``, else UTF-8 for the rows that
are, and the GB18030 or Big5 the others are in; quoted fields may hold line breaks);
``.parquet`` is one document per row of column ``text_column`` (id from ``id_column`` or
``"<file>:<row>"``, rows from 1); any other file is one document, read and decoded in Rust, id the
path as given. The other fields of a JSON line and the other columns of a CSV or Parquet row are
carried to the document (``Document.meta``: typed values; CSV values are ``str``) and to the
documents table, one ``meta_<key>`` string column a key, last, null where a document lacks it.

**Nothing lost.** Every document yields exactly one :class:`~gongwen.Document`, in input order. A
document that cannot be read or decoded, an empty document (no text or only whitespace, whether
it comes as a ``str``, ``bytes`` or a file), a JSON line that is blank, not valid JSON, not an
object or without a string under ``text_column`` (the message lists the fields it has), a JSONL
file without a line and a Parquet file without a row, a CSV file without a header or with a
header and no row, a CSV row with more or fewer fields than the header, a quoted field never
closed (the row names the line it starts on), a row over 256 MiB or not valid in its encoding
(``decode``), a file whose name is not UTF-8 (``io``; its
id and source show the name's bytes as ``\xff`` escapes), an id or a JSON text with a lone
surrogate (which UTF-8 cannot hold), and a directory the walk cannot list (``io``) each become an
error row (``ok=False``, ``error``, ``error_kind``) and the run goes on.

**Copies and duplicates.** A document that holds its text several times (a scraped page with the
report once per tab) keeps one copy, the fullest: ``copies_removed`` counts the others, cut out
by cleaning (so every count sees one copy) and listed in ``gongwen.clean(...).removed`` under
``"repeated copy"``. A document whose text (cleaned and converted) is a duplicate of an earlier
one of the run, exactly or nearly (estimated Jaccard similarity of 5-character shingles at least
``duplicate_threshold``, 0.8 by default), has ``duplicate_of``: the id of the first document it
duplicates. With ``duplicates="drop"`` such documents are left out and counted in
``Summary.dropped`` (``documents == succeeded + failed + dropped``); ``"off"`` looks for none.

**Argument errors raise before any work starts**: bad option values (``ValueError``), a missing
user dictionary (``FileNotFoundError``), and, when ``inputs`` is one path or a list/tuple, a path
that does not exist (``FileNotFoundError``), a directory without a file matching ``glob``, a
Parquet file without ``text_column`` or a CSV file whose header lacks it (``ValueError``, naming the
columns it has; a CSV file met in a directory gives an error row instead), an item of the wrong
type (``TypeError``).
Items of a lazy iterable (a generator) are only seen as the run reaches them: a missing path
among them becomes an error row, a wrong type raises ``TypeError`` then.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongwen import _driver, tables
from gongwen._core import load_lexicon
from gongwen._driver import PathLike, Progress
from gongwen._inputs import JSONL_SUFFIXES, PARQUET_SUFFIXES, require
from gongwen.options import CorpusOptions, Unpack
from gongwen.summary import Summary
from gongwen.tables import INDICATOR_FIELDS, documents_table, indicators_table
from gongwen.writers import (
    PreparedRun,
    _json_line,
    indicators_path,
    prepare_output,
    process_to,
    write_jsonl,
    write_parquet,
)

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from gongwen._core import Batch, Document

__all__ = [
    "INDICATOR_FIELDS",
    "JSONL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "Corpus",
    "PreparedRun",
    "Summary",
    "documents_table",
    "indicators_path",
    "indicators_table",
    "iter_corpus",
    "load_lexicon",
    "prepare_output",
    "process_corpus",
    "process_to",
    "write_jsonl",
    "write_parquet",
]


class Corpus(Sequence["Document"]):
    """The documents of a run, in input order, with its :class:`Summary` and table views. The
    results stay in Rust: the tables are built from them directly, and the
    :class:`~gongwen.Document` objects only when the documents are first read.

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
        batches: list[Batch],
        summary: Summary,
        *,
        emit: str = "counts",
        keep_text: bool = False,
        lexicons: Iterable[str] = (),
    ) -> None:
        self._batches = batches
        self._documents: list[Document] | None = None
        self.summary = summary
        self._columns = {"emit": emit, "keep_text": keep_text, "lexicons": tuple(lexicons)}

    @property
    def documents(self) -> list[Document]:
        """The documents, built on first use."""
        if self._documents is None:
            self._documents = [d for b in self._batches for d in b.documents()]
        return self._documents

    def __len__(self) -> int:
        return sum(len(b) for b in self._batches)

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
        return self.to_arrow()[0]

    def indicators_table(self) -> pyarrow.Table:
        """The indicators as a ``pyarrow.Table``, one row each, with ``doc_id``."""
        return self.to_arrow()[1]

    def to_arrow(self) -> tuple[pyarrow.Table, pyarrow.Table]:
        """``(documents, indicators)`` as two ``pyarrow.Table`` (``pip install 'gongwen[arrow]'``),
        built in Rust from the results (no Python object per row)."""
        return tables.tables(self._batches, **self._columns)  # type: ignore[arg-type]

    def to_polars(self) -> tuple[polars.DataFrame, polars.DataFrame]:
        """``(documents, indicators)`` as two ``polars.DataFrame`` (``pip install 'gongwen[polars]'``)."""
        pl = require("polars", "polars", "for to_polars()")
        docs, inds = self.to_arrow()
        return pl.from_arrow(docs), pl.from_arrow(inds)

    def to_pandas(self) -> tuple[pandas.DataFrame, pandas.DataFrame]:
        """``(documents, indicators)`` as two ``pandas.DataFrame`` (``pip install 'gongwen[pandas]'``)."""
        require("pandas", "pandas", "for to_pandas()")
        docs, inds = self.to_arrow()
        return docs.to_pandas(), inds.to_pandas()

    def write_parquet(self, path: PathLike) -> Path:
        """Write the documents to ``path`` and the indicators to ``<stem>.indicators.parquet``
        beside it; returns the indicators' path."""
        pq = require("pyarrow.parquet", "arrow", "to write Parquet")
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


def iter_corpus(
    inputs: Any,
    *,
    progress: Progress | None = None,
    **options: Unpack[CorpusOptions],
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
    run = _driver.start(inputs, progress, options)
    return (doc for batch in run.batches for doc in batch.documents())


def process_corpus(
    inputs: Any,
    *,
    progress: Progress | None = None,
    **options: Unpack[CorpusOptions],
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
        text_column, id_column: the text and id fields (columns) of JSONL, CSV and Parquet inputs.
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
    done: list[Batch] = []
    start = time.perf_counter()
    run = _driver.start(inputs, progress, options)
    for batch in run.batches:
        done.append(batch)
        summary.add(batch)
    summary.seconds = time.perf_counter() - start
    return Corpus(done, summary, **run.columns)
