"""Type stubs of the compiled module ``gongwen._core`` (checked against it with ``mypy.stubtest``)."""

import builtins
import os
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, BinaryIO, ClassVar, Literal, TypedDict, Union, final

from typing_extensions import Unpack

__all__ = [
    "INDICATOR_COLUMNS",
    "OPTIONS",
    "ArrowBatch",
    "Batch",
    "BoilerplateRules",
    "Cleaned",
    "Converter",
    "DecodeError",
    "DictionaryError",
    "Document",
    "DuplicateIndex",
    "GongwenError",
    "Indicator",
    "IndicatorRules",
    "LexiconCount",
    "LoadOptions",
    "Loader",
    "OffsetMap",
    "Pipeline",
    "Segmenter",
    "Units",
    "__version__",
    "analyze_structure",
    "arrow_tables",
    "check_path",
    "clean",
    "conversion_configs",
    "convert",
    "count_lexicons",
    "count_lexicons_batch",
    "decode",
    "default_threads",
    "discover",
    "load_lexicon",
    "normalize",
    "resolve_options",
    "run_batch",
    "scan_indicators",
    "scan_indicators_batch",
    "utf8_size",
]

__version__: str

class GongwenError(Exception):
    """Base class of every error gongwen raises (argument errors stay TypeError/ValueError)."""

class DictionaryError(GongwenError):
    """A bad line in a data table (a user dictionary, boilerplate rules, indicator tables, a
    lexicon file), or a word too long for a dictionary."""

    path: str | None
    line: int | None

class DecodeError(GongwenError):
    """A document whose bytes are not text in the encoding detected or named."""

    encoding: str | None
    offset: int

def decode(data: bytes | bytearray | memoryview, encoding: str | None = None) -> tuple[str, str]: ...
def default_threads() -> int: ...
def utf8_size(text: object) -> int | None: ...

_Mode = Literal["default", "search"]
_UserDict = Union[str, "os.PathLike[str]", BinaryIO]
_MetaValue = str | int | float | bool | None

@final
class Segmenter:
    def __new__(cls, userdict: _UserDict | None = None) -> Segmenter: ...
    def cut(self, text: str, hmm: bool = True) -> list[str]: ...
    def cut_all(self, text: str) -> list[str]: ...
    def cut_for_search(self, text: str, hmm: bool = True) -> list[str]: ...
    def tokenize(self, text: str, mode: _Mode = "default", hmm: bool = True) -> list[tuple[str, int, int]]: ...
    def tag(self, text: str, hmm: bool = True) -> list[tuple[str, str]]: ...
    def cut_offsets(self, text: str, hmm: bool = True) -> array[int]: ...
    def cut_batch(self, texts: Iterable[str], hmm: bool = True, threads: int | None = None) -> list[list[str]]: ...
    def cut_all_batch(self, texts: Iterable[str], threads: int | None = None) -> list[list[str]]: ...
    def cut_for_search_batch(
        self, texts: Iterable[str], hmm: bool = True, threads: int | None = None
    ) -> list[list[str]]: ...
    def tokenize_batch(
        self, texts: Iterable[str], mode: _Mode = "default", hmm: bool = True, threads: int | None = None
    ) -> list[list[tuple[str, int, int]]]: ...
    def tag_batch(
        self, texts: Iterable[str], hmm: bool = True, threads: int | None = None
    ) -> list[list[tuple[str, str]]]: ...
    def cut_offsets_batch(
        self, texts: Iterable[str], hmm: bool = True, threads: int | None = None
    ) -> tuple[array[int], array[int]]: ...
    def load_userdict(self, f: _UserDict) -> None: ...
    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> int: ...
    def del_word(self, word: str) -> None: ...
    def suggest_freq(self, segment: str | Iterable[str], tune: bool = False) -> int: ...
    def freq(self, word: str) -> int | None: ...

_Config = Literal[
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp",
    "t2tw", "hk2t", "t2hk", "tw2t", "s2hkp", "hk2sp", "t2jp", "jp2t",
]  # fmt: skip

def conversion_configs() -> list[str]: ...
def convert(text: str, config: _Config | str = "t2s") -> str: ...

@final
class Converter:
    def __new__(cls, config: _Config | str = "t2s") -> Converter: ...
    @property
    def config(self) -> str: ...
    def convert(self, text: str) -> str: ...
    def convert_with_map(self, text: str) -> tuple[str, OffsetMap]: ...
    def convert_batch(self, texts: Iterable[str], threads: int | None = None) -> list[str]: ...

@final
class OffsetMap:
    @property
    def output_len(self) -> int: ...
    @property
    def source_len(self) -> int: ...
    def __len__(self) -> int: ...
    def source_span(self, i: int) -> tuple[int, int]: ...
    def source_range(self, start: int, end: int) -> tuple[int, int]: ...
    def spans(self) -> list[tuple[int, int]]: ...
    def map_spans(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]: ...
    def pieces(self) -> list[tuple[int, int, int, int, bool]]: ...
    def then(self, later: OffsetMap) -> OffsetMap: ...

@final
class BoilerplateRules:
    def __new__(
        cls, path: str | os.PathLike[str] | None = None, *, extend_default: bool = True
    ) -> BoilerplateRules: ...
    def __len__(self) -> int: ...

@final
class Cleaned:
    @property
    def text(self) -> str: ...
    @property
    def map(self) -> OffsetMap: ...
    @property
    def removed(self) -> list[tuple[int, int, str, str]]: ...
    @property
    def readings_removed(self) -> int: ...
    @property
    def copies_removed(self) -> int: ...
    @property
    def encoding(self) -> str | None: ...

def clean(
    text: str | bytes | bytearray | memoryview,
    *,
    readings: bool = True,
    punctuation: bool = True,
    widths: bool = True,
    spaces: bool = True,
    newlines: bool = True,
    boilerplate: bool = True,
    copies: bool = True,
    rules: BoilerplateRules | None = None,
    encoding: str | None = None,
) -> Cleaned: ...
def normalize(
    text: str | bytes | bytearray | memoryview,
    convert: _Config | str | None = "t2s",
    *,
    readings: bool = True,
    punctuation: bool = True,
    widths: bool = True,
    spaces: bool = True,
    newlines: bool = True,
    boilerplate: bool = True,
    copies: bool = True,
    rules: BoilerplateRules | None = None,
    encoding: str | None = None,
) -> Cleaned: ...

class _Heading(TypedDict):
    level: int
    marker: str
    text: str
    start: int

class _Paragraph(TypedDict):
    start: int
    end: int
    doc: int
    heading_path: list[_Heading]
    stance: Literal["actual", "target", "unknown"]
    is_heading: bool

class _Document(TypedDict):
    start: int
    end: int
    title: str | None

class _Structure(TypedDict):
    documents: list[_Document]
    paragraphs: list[_Paragraph]

def analyze_structure(text: str) -> _Structure: ...

_LexiconSource = Union[Sequence[str], str, "os.PathLike[str]"]
# -- the corpus pipeline (contract of 2026-11-23; python/gongwen/corpus.py is written against it) ----

@final
class Indicator:
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def raw(self) -> str: ...
    @property
    def metric(self) -> str | None: ...
    @property
    def value(self) -> float | None: ...
    @property
    def value_high(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def comparator(self) -> str: ...
    @property
    def stance(self) -> str: ...
    @property
    def change(self) -> bool: ...
    @property
    def placeholder(self) -> bool: ...
    @property
    def period(self) -> str | None: ...
    @property
    def section(self) -> str | None: ...
    @property
    def sentence(self) -> str: ...
    @property
    def clean_start(self) -> int: ...
    @property
    def clean_end(self) -> int: ...
    def to_dict(self) -> dict[str, object]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class IndicatorRules:
    def __new__(cls, path: str | os.PathLike[str] | None = None, *, extend_default: bool = True) -> IndicatorRules: ...
    def __len__(self) -> int: ...

def scan_indicators(
    text: str,
    *,
    clean: bool = True,
    convert: _Config | str | None = "t2s",
    rules: IndicatorRules | None = None,
    segmenter: Segmenter | None = None,
) -> list[Indicator]: ...
def scan_indicators_batch(
    texts: Sequence[str] | Iterable[str],
    *,
    clean: bool = True,
    convert: _Config | str | None = "t2s",
    rules: IndicatorRules | None = None,
    segmenter: Segmenter | None = None,
    threads: int | None = None,
) -> list[list[Indicator]]: ...

@final
class LexiconCount:
    @property
    def name(self) -> str: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def total(self) -> int: ...
    @property
    def words(self) -> int: ...
    @property
    def share(self) -> float: ...
    def to_dict(self) -> dict[str, object]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def count_lexicons(
    text: str,
    lexicons: Mapping[str, _LexiconSource],
    *,
    mode: Literal["token", "substring"] | str = "token",
    overlapping: bool = False,
    segmenter: Segmenter | None = None,
    hmm: bool = True,
    words: bool = True,
) -> dict[str, LexiconCount]: ...
def count_lexicons_batch(
    texts: Iterable[str],
    lexicons: Mapping[str, _LexiconSource],
    *,
    mode: Literal["token", "substring"] | str = "token",
    overlapping: bool = False,
    segmenter: Segmenter | None = None,
    hmm: bool = True,
    words: bool = True,
    threads: int | None = None,
) -> list[dict[str, LexiconCount]]: ...
def load_lexicon(path: str | os.PathLike[str]) -> list[str]: ...

@final
class Document:
    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def encoding(self) -> str | None: ...
    @property
    def ok(self) -> bool: ...
    @property
    def error(self) -> str | None: ...
    @property
    def error_kind(self) -> str | None: ...
    @property
    def chars(self) -> int: ...
    @property
    def text(self) -> str | None: ...
    @property
    def tokens(self) -> list[str] | None: ...
    @property
    def spans(self) -> list[tuple[int, int]] | None: ...
    @property
    def token_count(self) -> int: ...
    @property
    def indicators(self) -> list[Indicator]: ...
    @property
    def n_indicators(self) -> int: ...
    @property
    def title(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def region_code(self) -> str | None: ...
    @property
    def level(self) -> str | None: ...
    @property
    def doc_type(self) -> str | None: ...
    @property
    def copies_removed(self) -> int: ...
    @property
    def duplicate_of(self) -> str | None: ...
    @property
    def lexicons(self) -> dict[str, LexiconCount]: ...
    @property
    def sections(self) -> list[dict[str, object]]: ...
    @property
    def meta(self) -> dict[str, _MetaValue]: ...
    def to_dict(self) -> dict[str, object]: ...

OPTIONS: tuple[dict[str, Any], ...]  # gongwen.options.OptionSpec each
INDICATOR_COLUMNS: tuple[str, ...]  # the indicators table: doc_id, then every field of an Indicator

@final
class LoadOptions:
    @property
    def glob(self) -> str: ...
    @property
    def text_column(self) -> str: ...
    @property
    def id_column(self) -> str | None: ...
    @property
    def batch_docs(self) -> int: ...
    @property
    def batch_bytes(self) -> int: ...

def resolve_options(options: Mapping[str, Any]) -> tuple[Pipeline, LoadOptions]: ...

class _PipelineOptions(TypedDict, total=False):
    clean: bool
    convert: str | None
    mode: Literal["default", "search"]
    hmm: bool
    userdict: str | os.PathLike[str] | None
    indicators: bool
    lexicons: Mapping[str, Iterable[str] | str | os.PathLike[str]] | None
    lexicon_mode: Literal["token", "substring"]
    emit: Literal["counts", "tokens", "offsets"]
    keep_text: bool
    encoding: str | None
    threads: int | None

@final
class Pipeline:
    def __new__(cls, **options: Unpack[_PipelineOptions]) -> Pipeline: ...
    @property
    def emit(self) -> Literal["counts", "tokens", "offsets"]: ...
    @property
    def keep_text(self) -> bool: ...
    @property
    def lexicon_names(self) -> tuple[str, ...]: ...
    def options(self) -> dict[str, Any]: ...
    @property
    def threads(self) -> int: ...
    def run_texts(
        self, ids: Sequence[str], texts: Sequence[str], sources: Sequence[str | None] | None = None
    ) -> list[Document]: ...
    def run_bytes(
        self, ids: Sequence[str], blobs: Sequence[bytes], sources: Sequence[str | None] | None = None
    ) -> list[Document]: ...
    def run_files(self, paths: Sequence[str], ids: Sequence[str] | None = None) -> list[Document]: ...
    @staticmethod
    def failed(id: str, source: str | None, kind: str, message: str) -> Document: ...

class _BatchStats(TypedDict):
    documents: int
    succeeded: int
    failed: int
    indicators: int
    chars: int
    bytes: int
    error_kinds: dict[str, int]
    duplicates: int
    dropped: int

@final
class Units:
    def __new__(cls) -> Units: ...
    def __len__(self) -> int: ...
    def text(
        self,
        id: str,
        text: str,
        source: str | None = None,
        meta: dict[str, str | int | float | bool | None] | None = None,
    ) -> None: ...
    def bytes(
        self,
        id: str,
        data: builtins.bytes,
        source: str | None = None,
        meta: dict[str, str | int | float | bool | None] | None = None,
    ) -> None: ...
    def failed(self, id: str, source: str | None, kind: str, message: str) -> None: ...
    def column(self, ids: Sequence[str], values: Sequence[str | builtins.bytes | None], null_message: str) -> None: ...
    def jsonl(
        self, source: str, data: builtins.bytes, text_column: str = "text", id_column: str | None = None
    ) -> None: ...
    def csv(
        self,
        source: str,
        data: builtins.bytes,
        text_column: str = "text",
        id_column: str | None = None,
        encoding: str | None = None,
    ) -> None: ...

@final
class Loader:
    def __new__(
        cls,
        options: LoadOptions,
        read_table: Callable[[os.PathLike[str]], Iterable[tuple[object, ...]]] | None = None,
        encoding: str | None = None,
    ) -> Loader: ...
    def text(
        self,
        id: str,
        text: str,
        source: str | None = None,
        meta: dict[str, str | int | float | bool | None] | None = None,
    ) -> None: ...
    def bytes(self, id: str, data: bytes, source: str | None = None) -> None: ...
    def failed(self, id: str, source: str | None, kind: str, message: str) -> None: ...
    def path(self, path: str | os.PathLike[str]) -> None: ...
    def next_batch(self, final_: bool = False) -> Units | None: ...

@final
class Batch:
    def __len__(self) -> int: ...
    def stats(self) -> _BatchStats: ...
    def documents(self) -> list[Document]: ...

@final
class ArrowBatch:
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...
    def __arrow_c_schema__(self) -> object: ...
    def __len__(self) -> int: ...

@final
class DuplicateIndex:
    def __new__(cls, pipeline: Pipeline) -> DuplicateIndex: ...
    def __len__(self) -> int: ...

def run_batch(pipeline: Pipeline, units: Units, index: DuplicateIndex | None = None) -> Batch: ...
def check_path(
    path: str | os.PathLike[str],
    glob: str,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
) -> None: ...
def discover(path: str | os.PathLike[str], glob: str) -> list[os.PathLike[str]]: ...
def arrow_tables(
    items: Sequence[Batch | Document], *, emit: str, keep_text: bool, lexicons: Sequence[str]
) -> tuple[ArrowBatch, ArrowBatch]: ...
