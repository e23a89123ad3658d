"""The run's driver: the options checked and built once (:func:`gongwen.options.resolve`), then
the batch loop (:func:`start`) that :mod:`gongwen.corpus`, its writers and :mod:`gongwen.ray` share.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Union

from gongwen import _core, _inputs
from gongwen.options import Lexicons, resolve

if TYPE_CHECKING:
    from gongwen._core import Batch, Pipeline

__all__ = ["Lexicons", "PathLike", "Progress", "Run", "run_batch", "start"]

PathLike = Union[str, "os.PathLike[str]"]
Progress = Callable[[int, int], None]


def run_batch(pipeline: Pipeline, units: _core.Units, index: _core.DuplicateIndex | None = None) -> Batch:
    """One batch through the pipeline (parallel in Rust): the batch function of every caller.
    Duplicates are looked for against ``index`` (the run's, across its batches), or within the
    batch without one."""
    return _core.run_batch(pipeline, units, index)


class Run(NamedTuple):
    """A run that has passed every check: its pipeline (``emit``, ``keep_text``,
    ``lexicon_names``, ``threads``) and its batches, computed as they are read."""

    pipeline: Pipeline
    batches: Iterator[Batch]

    @property
    def columns(self) -> dict[str, Any]:
        """What the documents table of this run holds: ``emit``, ``keep_text``, ``lexicons``."""
        p = self.pipeline
        return {"emit": p.emit, "keep_text": p.keep_text, "lexicons": p.lexicon_names}


def start(inputs: Any, progress: Progress | None, options: Mapping[str, Any]) -> Run:
    """Check the options and the inputs, then give the run. Every check runs when this is
    called, not when the batches are first read."""
    resolved = resolve(options)
    load = resolved.load
    encoding = resolved.pipeline.options()["encoding"]
    items = _inputs.checked_inputs(inputs, load.glob, load.text_column, load.id_column, encoding)
    return Run(resolved.pipeline, _batches(resolved.pipeline, load, items, progress, encoding))


def _batches(
    pipeline: Pipeline,
    load: _core.LoadOptions,
    items: Iterable[object],
    progress: Progress | None,
    encoding: str | None,
) -> Iterator[Batch]:
    # One index of duplicates for the run: batches go through it in input order.
    index = _core.DuplicateIndex(pipeline)
    for units in _inputs.batches(items, _inputs.loader(load, encoding)):
        batch = run_batch(pipeline, units, index)
        if progress is not None:
            progress(len(batch), batch.stats()["bytes"])
        yield batch
