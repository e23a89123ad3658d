"""The run's driver: options checked once (:func:`make_pipeline`) and the batch loop
(:func:`iter_batches`) that :mod:`gongwen.corpus`, its writers and :mod:`gongwen.ray` share.

Options are checked here until they have one definition in the core (issue 20, part 1): this
module is the one place to switch to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Union

from gongwen import _core, _inputs
from gongwen._core import load_lexicon

if TYPE_CHECKING:
    from gongwen._core import Batch, Pipeline

PathLike = Union[str, "os.PathLike[str]"]
Lexicons = Mapping[str, Union[Iterable[str], "os.PathLike[str]"]]
Progress = Callable[[int, int], None]

DEFAULT_BATCH_DOCS = 2048
DEFAULT_BATCH_BYTES = 16_000_000
EMITS = ("counts", "tokens", "offsets")
MODES = ("default", "search")
LEXICON_MODES = ("token", "substring")


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


def make_pipeline(
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


# -- the batch loop ----------------------------------------------------------------------------------


def run_batch(pipeline: Pipeline, units: _core.Units) -> Batch:
    """One batch through the pipeline (parallel in Rust): the batch function of every caller."""
    return _core.run_batch(pipeline, units)


def iter_batches(inputs: Any, progress: Progress | None, kwargs: dict[str, Any]) -> Iterator[Batch]:
    """Check everything, then yield the batches of the run. The checks run when this is
    called, not when the generator is first advanced (see ``_started``)."""
    pipeline, options = make_pipeline(**kwargs)
    items = _inputs.checked_inputs(inputs, options.glob, options.text_column, options.id_column)
    return _started(pipeline, options, items, progress)


def _started(
    pipeline: Pipeline, options: _Options, items: Iterable[object], progress: Progress | None
) -> Iterator[Batch]:
    load = _inputs.loader(options.glob, options.text_column, options.id_column, options.batch_docs, options.batch_bytes)
    for units in _inputs.batches(items, load):
        batch = run_batch(pipeline, units)
        if progress is not None:
            progress(len(batch), batch.stats()["bytes"])
        yield batch
