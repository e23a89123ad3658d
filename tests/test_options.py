"""The corpus options are defined once (the core's table, ``_core.OPTIONS``) and checked once:
the Python ``CorpusOptions``, the command line and the binding agree with it, every option
rejects a bad value with a message naming it, and errors carry ``path``/``line``."""

from __future__ import annotations

import typing
from pathlib import Path

import click
import pytest

import gongwen
from gongwen import _core, options
from gongwen.cli import _HIDDEN, process

SAMPLE = "城镇新增就业1200万人以上，居民消费价格涨幅3%左右。"
CHOICES = {o["name"]: o["choices"] for o in options.OPTIONS if o["type"] == "choice"}


def test_the_table_the_typed_dict_and_the_defaults_agree() -> None:
    names = [o["name"] for o in options.OPTIONS]
    assert len(names) == 19 == len(set(names))
    assert list(options.CorpusOptions.__annotations__) == names
    hints = typing.get_type_hints(options.CorpusOptions)
    assert set(CHOICES) == {"mode", "lexicon_mode", "emit", "duplicates"}
    for name, choices in CHOICES.items():
        assert typing.get_args(hints[name]) == choices, name
    # The defaults of the table are what an empty call resolves to.
    resolved = options.resolve({})
    d = options.defaults()
    assert (resolved.pipeline.emit, resolved.pipeline.keep_text) == (d["emit"], d["keep_text"])
    load = resolved.load
    assert (load.glob, load.text_column, load.id_column, load.batch_docs, load.batch_bytes) == tuple(
        d[n] for n in ("glob", "text_column", "id_column", "batch_docs", "batch_bytes")
    )
    built = resolved.pipeline.options()
    assert {k: built[k] for k in built if k != "lexicons"} == {k: d[k] for k in built if k != "lexicons"}


def test_the_command_line_offers_every_option_of_the_table() -> None:
    params = {p.name: p for p in process.params}
    for spec in options.OPTIONS:
        name = spec["name"]
        if name in _HIDDEN:
            assert name not in params
            continue
        param = params[name]
        assert isinstance(param, click.Option)
        flags = param.opts
        if spec["type"] == "bool":
            assert flags == [f"--{'no-' if spec['default'] else ''}{name.replace('_', '-')}"]
            assert param.default is spec["default"]
        elif name == "lexicons":
            assert flags == ["--lexicon"] and param.multiple
        else:
            assert flags == [f"--{name.replace('_', '-')}"]
            assert param.default == spec["default"], name
        if spec["type"] == "choice":
            assert isinstance(param.type, click.Choice) and tuple(param.type.choices) == spec["choices"]
        assert spec["help"] in (param.help or ""), name


@pytest.mark.parametrize("name", sorted(CHOICES))
@pytest.mark.parametrize("bad", ["nope", "Token", 5, None])
def test_every_enumerated_option_rejects_a_bad_value_naming_it(name: str, bad: object) -> None:
    expected = rf"^{name} must be one of {', '.join(repr(c) for c in CHOICES[name])}, not {bad!r}$"
    with pytest.raises(ValueError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        options.resolve({name: bad})
    with pytest.raises(ValueError, match=f"^{name} must be one of"):
        gongwen.process_corpus([SAMPLE], **{name: bad})  # type: ignore[arg-type]
    if name != "mode" or bad != "nope":
        return
    with pytest.raises(ValueError, match=r"^mode must be one of 'default', 'search', not 'nope'$"):
        gongwen.tokenize(SAMPLE, mode="nope")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^mode must be one of 'token', 'substring', not 'nope'$"):
        gongwen.count_lexicons(SAMPLE, {"econ": ["就业"]}, mode="nope")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "value", "error", "message"),
    [
        ("threads", 0, ValueError, "threads must be a positive int, not 0"),
        ("threads", -2, ValueError, "threads must be a positive int, not -2"),
        ("batch_docs", True, ValueError, "batch_docs must be a positive int, not True"),
        ("batch_bytes", "10", ValueError, "batch_bytes must be a positive int, not '10'"),
        ("glob", "", ValueError, "glob must be a non-empty str, not ''"),
        ("text_column", "", ValueError, "text_column must be a non-empty str, not ''"),
        ("text_column", 3, ValueError, "text_column must be a non-empty str, not 3"),
        ("id_column", 3, TypeError, "id_column must be str, not int"),
        ("clean", "yes", TypeError, "clean must be bool, not str"),
        ("convert", "t2x", ValueError, "unknown conversion config 't2x'"),
        ("encoding", "klingon", ValueError, "unknown encoding"),
        ("userdict", "no/such/dict.txt", FileNotFoundError, "no/such/dict.txt"),
        ("lexicons", ["就业"], TypeError, "lexicons must be a mapping"),
        ("lexicons", {"": ["就业"]}, ValueError, "lexicon names must be non-empty"),
        ("lexicons", {"env": Path("no/such/lexicon.txt")}, FileNotFoundError, "lexicon.txt"),
        ("nope", 1, TypeError, "unexpected option(s): nope"),
    ],
)
def test_every_option_is_checked_with_a_message_naming_it(
    option: str, value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        options.resolve({option: value})
    assert message in str(info.value)
    if option == "id_column":
        return  # corpus.py checks it once it resolves its options with options.resolve
    with pytest.raises(error):
        gongwen.process_corpus([SAMPLE], **{option: value})  # type: ignore[arg-type]


def test_the_pipeline_takes_the_pipeline_options_only() -> None:
    with pytest.raises(TypeError, match=r"unexpected option\(s\): batch_docs, glob"):
        _core.Pipeline(glob="*.txt", batch_docs=3)  # type: ignore[call-arg]
    p = _core.Pipeline(emit="tokens", lexicons={"econ": ["就业", "增长"]}, hmm=False, threads=1)
    assert (p.emit, p.keep_text, p.lexicon_names, p.threads) == ("tokens", False, ("econ",), 1)
    again = _core.Pipeline(**p.options(), threads=1)
    assert again.options() == p.options()
    assert again.options()["lexicons"] == {"econ": ["就业", "增长"]} and not again.options()["hmm"]
    assert again.run_texts(["a"], [SAMPLE])[0].tokens == p.run_texts(["a"], [SAMPLE])[0].tokens


LABELS = ["cp936", "gbk", "GB18030", "gb2312", "cp950", "big5hkscs", "utf_8_sig", "utf-16-le"]
_CODECS = {"GB18030": "gb18030", "gb2312": "gb18030", "utf_8_sig": "utf-8-sig", "big5hkscs": "big5"}


@pytest.mark.parametrize("label", LABELS)
def test_an_encoding_decode_reads_is_an_option_everywhere(label: str, tmp_path: Path) -> None:
    text = "公文处理" if label not in ("cp950", "big5hkscs") else "公文處理"
    data = text.encode(_CODECS.get(label, label))
    assert gongwen.decode(data, encoding=label)[0] == text
    assert options.resolve({"encoding": label}).pipeline.options()["encoding"] == label
    (doc,) = gongwen.process_corpus([data], encoding=label)
    assert (doc.ok, doc.chars) == (True, len(text))
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (doc,) = _core.Pipeline(encoding=label).run_files([str(path)])
    assert doc.ok, doc.error


def test_a_bad_user_dictionary_line_names_its_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "user.txt"
    path.write_text("新增就业 5 n\n城镇 3\n坏 abc def ghi\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError) as info:
        gongwen.Segmenter().load_userdict(path)
    assert (info.value.path, info.value.line) == (str(path), 3)
    assert f"{path} at line 3" in str(info.value)
    with pytest.raises(gongwen.DictionaryError) as info:
        gongwen.process_corpus([SAMPLE], userdict=path)
    assert (info.value.path, info.value.line) == (str(path), 3)


def test_a_bad_lexicon_file_line_names_its_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "env.txt"
    path.write_bytes("污染防治\n碳排放 5 n\n".encode())
    for call in (
        lambda: gongwen.count_lexicons(SAMPLE, {"env": path}),
        lambda: options.resolve({"lexicons": {"env": path}}),
    ):
        with pytest.raises(gongwen.DictionaryError) as info:
            call()
        assert (info.value.path, info.value.line) == (str(path), 2)


def test_errors_without_a_line_have_none_and_decode_errors_keep_their_fields() -> None:
    with pytest.raises(gongwen.DictionaryError) as info:
        gongwen.Segmenter().add_word("长" * 300)
    assert (info.value.path, info.value.line) == (None, None)
    with pytest.raises(gongwen.DecodeError) as decode_info:
        gongwen.decode(b"abc\x00def")
    assert (decode_info.value.encoding, decode_info.value.offset) == (None, 3)
    assert issubclass(gongwen.DictionaryError, gongwen.GongwenError)
    assert issubclass(gongwen.DecodeError, gongwen.GongwenError)
