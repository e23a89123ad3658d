"""The options of a corpus run, defined once.

The Rust core defines every option of :func:`gongwen.process_corpus` and its relatives (name,
type, default, choices, one line of help) and checks every value in one place;
``gongwen._core.OPTIONS`` is that table as Python data (one dict per option). This module gives
it to Python:

- :class:`CorpusOptions`, the ``TypedDict`` of the keyword options, used as
  ``**options: Unpack[CorpusOptions]`` by ``process_corpus``, ``iter_corpus``, ``write_parquet``,
  ``write_jsonl``, ``process_to``, ``gongwen.ray`` (a test checks that its keys and ``Literal``
  choices are the core's);
- :func:`resolve`, which turns the options a caller gave into the built pipeline and the load
  options in one call to the core (all argument errors raise there, before any work);
- :data:`OPTIONS` and :func:`defaults`, for the command line and the documentation.

Examples:
    >>> r = resolve({"emit": "tokens", "batch_docs": 64})
    >>> r.pipeline.emit, r.load.batch_docs, r.load.glob
    ('tokens', 64, '**/*.txt')
    >>> resolve({"emit": "words"})
    Traceback (most recent call last):
    ValueError: emit must be one of 'counts', 'tokens', 'offsets', not 'words'
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple, Union, cast

from gongwen import _core

if sys.version_info >= (3, 12):
    from typing import TypedDict, Unpack
else:  # `Unpack` of a TypedDict for **kwargs (PEP 692) and its TypedDict
    from typing_extensions import TypedDict, Unpack

__all__ = [
    "OPTIONS",
    "CorpusOptions",
    "Duplicates",
    "Emit",
    "LexiconMode",
    "Lexicons",
    "Mode",
    "OptionSpec",
    "Resolved",
    "Unpack",
    "defaults",
    "resolve",
]

Emit = Literal["counts", "tokens", "offsets"]
"""What a document keeps of its tokens: their count, the tokens (and spans), or the spans."""
Mode = Literal["default", "search"]
"""Segmentation mode: ``jieba.cut`` or ``jieba.cut_for_search``."""
LexiconMode = Literal["token", "substring"]
"""How lexicon terms are counted: tokens equal to a term, or every occurrence."""
Duplicates = Literal["flag", "drop", "off"]
"""Documents that duplicate an earlier one of the run: flagged (``duplicate_of``), left out
(counted in the run's ``Summary.dropped``), or not looked for."""
Lexicons = Mapping[str, Union[Iterable[str], "os.PathLike[str]", str]]
"""Lexicon name -> its terms, or the path of a file of terms (one a line)."""


class CorpusOptions(TypedDict, total=False):
    """The keyword options of a corpus run; every one may be left out (its default applies).
    Their meaning, defaults and choices: ``gongwen._core.OPTIONS``, shown in
    :func:`gongwen.process_corpus`'s documentation."""

    clean: bool
    convert: str | None
    mode: Mode
    hmm: bool
    userdict: str | os.PathLike[str] | None
    indicators: bool
    lexicons: Lexicons | None
    lexicon_mode: LexiconMode
    emit: Emit
    keep_text: bool
    encoding: str | None
    duplicates: Duplicates
    duplicate_threshold: float
    threads: int | None
    glob: str
    text_column: str
    id_column: str | None
    batch_docs: int
    batch_bytes: int


class OptionSpec(TypedDict):
    """One entry of :data:`OPTIONS`."""

    name: str
    type: str
    default: Any
    choices: tuple[str, ...]
    help: str
    group: Literal["pipeline", "load"]


OPTIONS: tuple[OptionSpec, ...] = cast("tuple[OptionSpec, ...]", _core.OPTIONS)
"""Every option, as the core defines it: name, type, default, choices, help, group."""


class Resolved(NamedTuple):
    """The options of a run, checked and built: the pipeline (with its ``threads``, ``emit``,
    ``keep_text`` and ``lexicon_names``) and the load options (``glob``, ``text_column``,
    ``id_column``, ``batch_docs``, ``batch_bytes``)."""

    pipeline: _core.Pipeline
    load: _core.LoadOptions


def resolve(options: Mapping[str, Any]) -> Resolved:
    """Check every option in ``options`` (a mapping such as a function's ``**options``; a missing
    option takes its default) and build the pipeline, in one call to the core.

    Raises:
        TypeError: an unknown option, or a value of the wrong type.
        ValueError: a bad value (an unknown choice, a count below 1, an unknown encoding or
            conversion, an empty glob or text column, a lexicon without terms).
        FileNotFoundError: a missing user dictionary or lexicon file.
        gongwen.DictionaryError: a bad line in one (with ``path`` and ``line``).
    """
    pipeline, load = _core.resolve_options(options)
    return Resolved(pipeline, load)


def defaults() -> dict[str, Any]:
    """Every option with its default value.

    Examples:
        >>> defaults()["glob"], defaults()["batch_docs"]
        ('**/*.txt', 2048)
    """
    return {o["name"]: o["default"] for o in OPTIONS}
