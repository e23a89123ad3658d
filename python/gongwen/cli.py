"""The ``gongwen`` command (click): ``process``, ``demo`` and ``cut``.

``gongwen process PATH... -o OUT.parquet|OUT.jsonl`` runs the whole job (clean, convert,
segment, indicators, lexicons) on files, directories, JSONL and Parquet files, writing as it
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
from typing import Any

import click

import gongwen
from gongwen import corpus

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _convert_option(_ctx: click.Context, _param: click.Parameter, value: str) -> str | None:
    if value.lower() == "none":
        return None
    configs = gongwen.conversion_configs()
    if value not in configs:
        raise click.BadParameter(f"{value!r} is not an OpenCC configuration; use one of: none, {', '.join(configs)}")
    return value


def _lexicons(paths: tuple[Path, ...]) -> dict[str, list[str]] | None:
    if not paths:
        return None
    lexicons: dict[str, list[str]] = {}
    for path in paths:
        if path.stem in lexicons:
            raise click.BadParameter(f"two lexicons named {path.stem!r} (a lexicon is named by its file stem)")
        lexicons[path.stem] = corpus.load_lexicon(path)
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


@cli.command(context_settings=_CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=_existing)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="OUT.parquet (indicators to OUT.indicators.parquet) or OUT.jsonl",
)
@click.option(
    "--convert",
    default="t2s",
    show_default=True,
    callback=_convert_option,
    help="OpenCC configuration applied after cleaning, or 'none'",
)
@click.option("--lexicon", "lexicons", multiple=True, type=_file, help="term list, one per line (repeatable)")
@click.option("--lexicon-mode", type=click.Choice(corpus.LEXICON_MODES), default="token", show_default=True)
@click.option("--userdict", type=_file, help="jieba user dictionary")
@click.option("--threads", type=click.IntRange(min=1), help="worker threads [default: all cores]")
@click.option("--emit", type=click.Choice(corpus.EMITS), default="counts", show_default=True)
@click.option("--keep-text", is_flag=True, help="store the cleaned, converted text")
@click.option("--glob", default="**/*.txt", show_default=True, help="files to read in directories")
@click.option("--text-column", default="text", show_default=True, help="text field of JSONL/Parquet inputs")
@click.option("--id-column", default=None, help="id field of JSONL/Parquet inputs [default: FILE:LINE]")
@click.option("--mode", type=click.Choice(corpus.MODES), default="default", show_default=True)
@click.option("--no-hmm", is_flag=True, help="no HMM for unknown words")
@click.option("--no-clean", is_flag=True, help="skip cleaning")
@click.option("--no-indicators", is_flag=True, help="skip the indicator scan")
@click.option("--encoding", default=None, help="decode every file with this encoding [default: detect]")
@click.option("--fail-on-error", is_flag=True, help="exit status 1 if any document failed [default: only if all did]")
def process(
    paths: tuple[Path, ...],
    output: Path,
    convert: str | None,
    lexicons: tuple[Path, ...],
    lexicon_mode: str,
    userdict: Path | None,
    threads: int | None,
    emit: str,
    keep_text: bool,
    glob: str,
    text_column: str,
    id_column: str | None,
    mode: str,
    no_hmm: bool,
    no_clean: bool,
    no_indicators: bool,
    encoding: str | None,
    fail_on_error: bool,
) -> None:
    """Process files, directories, JSONL and Parquet files into OUTPUT, writing as it goes.

    Failed documents are rows of OUTPUT (ok false, error, error_kind) and counted in the
    summary. Exit status: 0 if any document was processed, 1 if none was (or, with
    --fail-on-error, if any failed), 2 for bad arguments (before any work), 130/143 on
    SIGINT/SIGTERM (OUTPUT then holds the documents the message counts).

    \b
    Examples:
      gongwen process reports/ -o out.parquet --lexicon env.txt
      gongwen process a.jsonl b.parquet --text-column body -o out.jsonl
    """
    progress = _Progress(enabled=sys.stderr.isatty())
    run = _prepare(
        output,
        list(paths),
        progress,
        clean=not no_clean,
        convert=convert,
        mode=mode,
        hmm=not no_hmm,
        userdict=userdict,
        indicators=not no_indicators,
        lexicons=_lexicons(lexicons),
        lexicon_mode=lexicon_mode,
        emit=emit,
        keep_text=keep_text,
        encoding=encoding,
        threads=threads,
        glob=glob,
        text_column=text_column,
        id_column=id_column,
        batch_bytes=4_000_000,
    )
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
