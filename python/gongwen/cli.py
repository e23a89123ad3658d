"""The ``gongwen`` command (click): ``process``, ``demo`` and ``cut``.

``gongwen process PATH... -o OUT.parquet|OUT.jsonl`` runs the whole job (clean, convert,
segment, indicators, lexicons) on files, directories, JSONL, CSV and Parquet files, writing as it
goes, with a progress bar on stderr (when it is a terminal) and a summary at the end. Document
errors are rows of the output and counted in the summary.

Exit status of ``process``: 0 when at least one document was processed (some may have failed:
see the summary and the ``error`` column), 1 when none was (every document failed, or the inputs
held none) or, with ``--fail-on-error``, when any document failed; 2 for bad arguments, stopped
before any work; 130 on Ctrl-C (SIGINT) and 143 on SIGTERM, after closing the output, which then
holds exactly the documents the message counts (whole batches, readable Parquet/JSONL).

Examples:
    gongwen process reports/ -o out.parquet --lexicon env.txt --threads 4
    gongwen process corpus.jsonl --text-column body -o out.jsonl --emit tokens
    gongwen process reports.csv --text-column full_text -o out.parquet
    gongwen demo
    gongwen cut report.txt
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import click

import gongwen
from gongwen import corpus, options

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _convert_option(_ctx: click.Context, _param: click.Parameter, value: str) -> str | None:
    if value.lower() == "none":
        return None
    configs = gongwen.conversion_configs()
    if value not in configs:
        raise click.BadParameter(f"{value!r} is not an OpenCC configuration; use one of: none, {', '.join(configs)}")
    return value


def _lexicons(paths: tuple[Path, ...]) -> dict[str, Path] | None:
    """The ``--lexicon`` files as the ``lexicons`` option, each named by its stem (read, with
    every check, by the core with the other options)."""
    if not paths:
        return None
    lexicons: dict[str, Path] = {}
    for path in paths:
        if path.stem in lexicons:
            raise click.BadParameter(f"two lexicons named {path.stem!r} (a lexicon is named by its file stem)")
        lexicons[path.stem] = path
    return lexicons


class _Progress:
    """A tqdm bar of documents with MB/s, on stderr; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.documents = 0
        self.bytes = 0
        self.start = time.perf_counter()
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True, desc="gongwen")

    def __call__(self, documents: int, nbytes: int) -> None:
        self.documents += documents
        self.bytes += nbytes
        if self.bar is not None:
            elapsed = max(time.perf_counter() - self.start, 1e-9)
            self.bar.update(documents)
            self.bar.set_postfix_str(f"{self.bytes / 1e6:.1f} MB, {self.bytes / 1e6 / elapsed:.1f} MB/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _where(output: Path) -> str:
    where = str(output)
    if output.suffix.lower() == ".parquet":
        where += f" (+ {corpus.indicators_path(output).name})"
    return where


def _report(summary: corpus.Summary, output: Path, fail_on_error: bool) -> int:
    """Print the summary; return the exit status (see the module documentation)."""
    click.echo(f"gongwen: {summary} -> {_where(output)}", err=True)
    if summary.failed:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.error_kinds.items()))
        click.echo(f"gongwen: {summary.failed:,} documents failed ({kinds}): see the error column", err=True)
    if summary.succeeded == 0:
        what = "the inputs hold no document" if summary.documents == 0 else "every document failed"
        click.echo(f"gongwen: error: {what}; nothing was processed (exit status 1)", err=True)
        return 1
    if fail_on_error and summary.failed:
        click.echo(f"gongwen: error: {summary.failed:,} documents failed (--fail-on-error: exit status 1)", err=True)
        return 1
    return 0


def _prepare(output: Path, inputs: list[Path], progress: _Progress, **options: Any) -> corpus.PreparedRun:
    """All argument checks, before any work: errors become a usage error (exit status 2)."""
    try:
        return corpus.prepare_output(output, inputs, progress=progress, **options)
    except ImportError as e:
        raise click.ClickException(str(e)) from e
    except (ValueError, TypeError, OSError, gongwen.GongwenError) as e:
        raise click.UsageError(str(e)) from e


class _Signals:
    """SIGINT (Ctrl-C) and SIGTERM during a run, both as ``KeyboardInterrupt``: at once while a
    batch is processed or read, but only after it while a batch is being written, so that the
    output holds whole batches and the count the message gives is what the file holds. Only in
    the main thread (where Python runs signal handlers); the previous handlers come back after."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.received: int | None = None
        self._writing = 0
        self._pending = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *_: object) -> None:
        for sig, handler in self._previous.items():
            if handler is not None:  # None: a handler not set from Python, which cannot be put back
                signal.signal(sig, handler)

    def _handle(self, signum: int, _frame: object) -> None:
        self.received = self.received or signum
        if self._writing:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self._writing += 1
        try:
            yield
        finally:
            self._writing -= 1
            if self._pending and not self._writing:
                self._pending = False
                raise KeyboardInterrupt


def _run(run: corpus.PreparedRun, progress: _Progress, output: Path) -> corpus.Summary:
    with _Signals() as signals:
        try:
            return run(guard=signals.writing)
        except KeyboardInterrupt:
            progress.close()
            sig = signals.received or signal.SIGINT
            name = signal.Signals(sig).name
            written = run.written.documents
            if not run.created:
                message = f"before any document was written; {output} was not written"
            else:
                message = f"{_where(output)} holds the {written:,} documents written before it"
            click.echo(f"\ngongwen: interrupted ({name}) {message}", err=True)
            sys.exit(128 + sig)
        finally:
            progress.close()


@click.group(context_settings=_CONTEXT)
@click.version_option(gongwen.__version__, "-V", "--version", prog_name="gongwen", message="%(prog)s %(version)s")
def cli() -> None:
    """gongwen (公文): fast, exact processing of Chinese official documents."""


_existing = click.Path(exists=True, path_type=Path)
_file = click.Path(exists=True, dir_okay=False, path_type=Path)


# Options the command line does not offer, and those of them it sets itself (a smaller batch, for
# a steady progress bar and little lost on Ctrl-C).
_HIDDEN = ("batch_docs", "batch_bytes")
_FIXED = {"batch_bytes": 4_000_000}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _corpus_option(spec: options.OptionSpec) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click option of one corpus option, made from the core's table (name, type, default,
    choices, help): ``--name`` for a value, ``--flag`` for an option off by default,
    ``--no-flag`` for one on by default; the lexicons come as files (``--lexicon``, repeatable)."""
    name, kind, default, help_ = spec["name"], spec["type"], spec["default"], spec["help"]
    if name == "lexicons":
        return click.option(
            "--lexicon", "lexicons", multiple=True, type=_file, help=f"{help_} (a file, repeatable, named by its stem)"
        )
    if name == "convert":
        return click.option(
            "--convert", default=default, show_default=True, callback=_convert_option, help=f"{help_} (or 'none')"
        )
    if kind == "bool":
        if default:
            return click.option(_flag("no_" + name), name, flag_value=False, default=True, help=f"without {help_}")
        return click.option(_flag(name), name, is_flag=True, default=False, help=help_)
    if kind == "choice":
        return click.option(
            _flag(name), name, type=click.Choice(spec["choices"]), default=default, show_default=True, help=help_
        )
    if kind in ("int", "int | None"):
        return click.option(_flag(name), name, type=click.IntRange(min=1), default=default, help=help_)
    if kind == "float":
        return click.option(
            _flag(name),
            name,
            type=click.FloatRange(0, 1, min_open=True),
            default=default,
            show_default=True,
            help=help_,
        )
    if kind == "path | None":
        return click.option(_flag(name), name, type=_file, default=None, help=help_)
    return click.option(_flag(name), name, default=default, show_default=default is not None, help=help_)


def _corpus_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Every corpus option of ``_core.OPTIONS`` (but those in ``_HIDDEN``) on ``command``."""
    for spec in reversed(options.OPTIONS):
        if spec["name"] not in _HIDDEN:
            command = _corpus_option(spec)(command)
    return command


@cli.command(context_settings=_CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=_existing)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="OUT.parquet (indicators to OUT.indicators.parquet) or OUT.jsonl",
)
@_corpus_options
@click.option("--fail-on-error", is_flag=True, help="exit status 1 if any document failed [default: only if all did]")
def process(
    paths: tuple[Path, ...],
    output: Path,
    lexicons: tuple[Path, ...],
    fail_on_error: bool,
    **corpus_options: Any,
) -> None:
    """Process files, directories, JSONL, CSV and Parquet files into OUTPUT, writing as it goes.

    Failed documents are rows of OUTPUT (ok false, error, error_kind) and counted in the
    summary. Exit status: 0 if any document was processed, 1 if none was (or, with
    --fail-on-error, if any failed), 2 for bad arguments (before any work), 130/143 on
    SIGINT/SIGTERM (OUTPUT then holds the documents the message counts).

    \b
    Examples:
      gongwen process reports/ -o out.parquet --lexicon env.txt
      gongwen process a.jsonl b.parquet --text-column body -o out.jsonl
      gongwen process reports.csv --text-column full_text -o out.parquet
    """
    progress = _Progress(enabled=sys.stderr.isatty())
    run = _prepare(output, list(paths), progress, lexicons=_lexicons(lexicons), **corpus_options, **_FIXED)
    status = _report(_run(run, progress, output), output, fail_on_error)
    if status:
        sys.exit(status)


def _sample_dir() -> Path:
    return Path(str(gongwen.__file__)).parent / "data" / "sample"


def _format_indicator(ind: gongwen.Indicator) -> str:
    return f"{ind.raw}({ind.stance})"


@cli.command(context_settings=_CONTEXT)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="where to write the results (.parquet or .jsonl) [default: a temporary sample.jsonl]",
)
@click.option("--threads", type=click.IntRange(min=1), help="worker threads [default: all cores]")
def demo(output: Path | None, threads: int | None) -> None:
    """Run the main job on the bundled sample corpus and print a short report."""
    sample = _sample_dir()
    tmp: str | None = None
    if output is None:
        tmp = tempfile.mkdtemp(prefix="gongwen-demo-")
        output = Path(tmp) / "sample.jsonl"
    try:
        result = _demo_corpus(sample, threads)
        if output.suffix.lower() == ".parquet":
            result.write_parquet(output)
        elif output.suffix.lower() in corpus.JSONL_SUFFIXES:
            result.write_jsonl(output)
        else:
            raise click.BadParameter("the suffix must be .parquet or .jsonl", param_hint="--output")
        _demo_report(result, output if tmp is None else None, threads or gongwen.default_threads())
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _demo_corpus(sample: Path, threads: int | None) -> corpus.Corpus:
    return gongwen.process_corpus(sample, threads=threads)


def _demo_report(result: corpus.Corpus, output: Path | None, threads: int) -> None:
    s = result.summary
    click.echo(
        f"gongwen {gongwen.__version__}: clean + OpenCC t2s + jieba-identical words + indicators, bundled sample corpus"
    )
    click.echo(f"{'document':<26} {'enc':<6} {'chars':>7} {'tokens':>7} {'indic.':>6}  first indicators")
    for doc in result:
        name = Path(doc.id).name
        if not doc.ok:
            click.echo(f"{name:<26} error ({doc.error_kind}): {doc.error}")
            continue
        first = " ".join(_format_indicator(i) for i in doc.indicators[:3])
        click.echo(
            f"{name:<26} {doc.encoding or '-':<6} {doc.chars:>7,} {doc.token_count:>7,} {doc.n_indicators:>6,}  {first}"
        )
    click.echo(f"{s} on {threads} threads")
    if output is not None:
        click.echo(f"results written to {output}")


@cli.command(context_settings=_CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=_file)
@click.option("--no-hmm", is_flag=True, help="do not use the HMM for unknown words")
def cut(paths: tuple[Path, ...], no_hmm: bool) -> None:
    """Segment UTF-8 files; print the words separated by spaces, one line per input line
    (as ``python -m jieba`` does)."""
    seg = gongwen.default_segmenter()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as e:
            raise click.ClickException(f"cannot read {path}: {e}") from e
        for words in seg.cut_batch(lines, hmm=not no_hmm):
            click.echo(" ".join(words))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        cli.main(args=argv, prog_name="gongwen", standalone_mode=True)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0
