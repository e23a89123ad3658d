"""Inputs at the edges: wrong types, empty text, lone surrogates, odd characters, huge lines, bad modes.

Wrong argument types are TypeError and unencodable text is ValueError (naming where the problem is);
everything that is a valid ``str`` segments exactly as jieba does, in every mode, however unusual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import jieba
import jieba.posseg
import pytest
from oracle import MODES, Mode, first_difference

import gongwen

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"

ONE_TEXT: dict[str, Callable[[Any], Any]] = {
    "cut": gongwen.cut,
    "cut-no-hmm": lambda t: gongwen.cut(t, hmm=False),
    "cut_all": gongwen.cut_all,
    "cut_for_search": gongwen.cut_for_search,
    "tokenize": gongwen.tokenize,
    "tokenize-search": lambda t: gongwen.tokenize(t, mode="search"),
    "tag": gongwen.tag,
    "cut_offsets": gongwen.cut_offsets,
    "Segmenter.cut": lambda t: gongwen.Segmenter().cut(t),
    "Segmenter.tag": lambda t: gongwen.Segmenter().tag(t),
}
BATCH: dict[str, Callable[[Any], Any]] = {
    "cut_batch": gongwen.cut_batch,
    "cut_batch-threads-2": lambda ts: gongwen.cut_batch(ts, threads=2),
    "cut_all_batch": gongwen.cut_all_batch,
    "cut_for_search_batch": gongwen.cut_for_search_batch,
    "tokenize_batch": gongwen.tokenize_batch,
    "tag_batch": gongwen.tag_batch,
    "cut_offsets_batch": gongwen.cut_offsets_batch,
    "Segmenter.cut_batch": lambda ts: gongwen.Segmenter().cut_batch(ts),
}


# -- types -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, b"bytes", "bytes".encode("utf-16"), 123, 1.5, ["a"], ("工作",)], ids=repr)
@pytest.mark.parametrize("name", list(ONE_TEXT))
def test_non_str_is_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError, match="str"):
        ONE_TEXT[name](value)


@pytest.mark.parametrize("name", list(BATCH))
def test_batch_with_non_str_item_names_the_index(name: str) -> None:
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        BATCH[name](["工作", b"\xe5\xb7\xa5", "总结"])
    with pytest.raises(TypeError, match=r"texts\[2\]"):
        BATCH[name](iter(["工作", "总结", None]))


@pytest.mark.parametrize("name", list(BATCH))
def test_batch_of_a_single_str_is_type_error(name: str) -> None:
    # A str is an iterable of str, so without this check it would silently segment each character.
    with pytest.raises(TypeError):
        BATCH[name]("工作总结")


@pytest.mark.parametrize("name", list(BATCH))
def test_batch_of_a_non_iterable_is_type_error(name: str) -> None:
    with pytest.raises(TypeError):
        BATCH[name](123)


def test_invalid_mode_is_value_error() -> None:
    for call in (
        lambda: gongwen.tokenize("工作总结", mode="full"),
        lambda: gongwen.tokenize("工作总结", mode="Search"),
        lambda: gongwen.tokenize("工作总结", "cut_all"),
        lambda: gongwen.tokenize_batch(["工作总结"], mode="full"),
        lambda: gongwen.Segmenter().tokenize("工作总结", mode=""),
    ):
        with pytest.raises(ValueError, match="mode"):
            call()


# -- text that is a str but has no UTF-8 form ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [("ab\ud800c", 2), ("\udc00", 0), ("工作\ud83d", 2), ("😀\udc00", 1), ("\ud83d\ude00", 0)],
    ids=repr,
)
@pytest.mark.parametrize("name", list(ONE_TEXT))
def test_lone_surrogate_is_value_error_with_position(name: str, text: str, position: int) -> None:
    # Positions count code points, as Python indexes str (the emoji before the surrogate counts once).
    with pytest.raises(ValueError, match=f"position {position}\\b"):
        ONE_TEXT[name](text)


@pytest.mark.parametrize("name", list(BATCH))
def test_lone_surrogate_in_batch_names_item_and_position(name: str) -> None:
    with pytest.raises(ValueError, match=r"texts\[1\].*position 3\b"):
        BATCH[name](["工作", "总结报\udfff"])


# -- empty and odd text: same as jieba ----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES, ids=str)
def test_empty_text(mode: Mode) -> None:
    assert mode.theirs(jieba.dt, jieba.posseg.dt, "") == []
    assert mode.ours(gongwen.default_segmenter(), "") == []


def test_empty_text_offsets_and_batches() -> None:
    assert gongwen.cut_offsets("").tolist() == []
    for name, batch in BATCH.items():
        result = batch(["", "工作", ""])
        if name == "cut_offsets_batch":
            ends, bounds = result
            assert (ends.tolist(), bounds.tolist()) == ([2], [0, 0, 1, 1])
        else:
            assert result[0] == result[2] == [], name
            assert len(result) == 3


ODD_TEXTS = [
    "\x00",
    "工作\x00总结",
    "a\x00b\x001",
    "😀",
    "工作😀总结👍🏽完成",
    "\U0001f1e8\U0001f1f3国旗🇨🇳",
    "Hello, World! naïve café e\u0301",
    "Ελληνικά и кириллица",
    "中文English混合123テスト한국어",
    "1234567890",
    "3.14159",
    "99.2%以上",
    "-5.5℃至+3℃",
    "１２３４５６ ＡＢＣ ｗｏｒｋ工作",
    "①②③⑩⒈⒐Ⅲ㎡",
    "，。！？（）【】《》“”‘’",
    "第一行\r\n第二行",
    "\r\n",
    "\r\n\r\n工作\r",
    "\r",
    "\n\n",
    "a\tb\t工作\t总结",
    "\t",
    "\u3000工作\u3000总结\u3000",
    "\u3000",
    "\xa0工作\xa0总结\xa0",
    "\u2002工作\u2002",
    " ",
    "   ",
    "工作 总结  报告",
    "\ufeff工作总结",
    "\u200b零宽\u200d字符",
    "\U00020000\U0002a6d6\U00020001",
    "㐀㐁工作",
    "\u9fd5\u9fd6\u9fff工作",
    "\ue000私用区",
    "C++ and C# .NET",
    "a_b-c.d%e+f#g&h",
    "http://www.example.com/index.html?a=1&b=2",
    "x.xx万人次",
    "____年__月__日",
    "區(qū)交通運輸局",
    "xxx%,XX区,_年",
    "\x7f\x1b[0m",
    "\U0010ffff",
]


@pytest.mark.parametrize("mode", MODES, ids=str)
def test_odd_text_equals_jieba(mode: Mode) -> None:
    segmenter = gongwen.default_segmenter()
    bad = []
    for text in ODD_TEXTS:
        got, want = mode.ours(segmenter, text), mode.theirs(jieba.dt, jieba.posseg.dt, text)
        if got != want:
            bad.append(f"{text!r}: {first_difference(got, want)}")
    assert not bad, "\n".join(bad)


# -- size ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def five_megabyte_line() -> str:
    """The seed corpus without its newlines, ten times over: one 5.5 MB line."""
    joined = "".join(path.read_text(encoding="utf-8").replace("\n", "") for path in sorted(SEED_DIR.glob("*.txt")))
    text = joined * 10
    assert len(text.encode("utf-8")) > 5_000_000
    assert "\n" not in text
    return text


def test_five_megabyte_line_equals_jieba(five_megabyte_line: str) -> None:
    got = gongwen.cut(five_megabyte_line)
    want = jieba.lcut(five_megabyte_line)
    assert got == want, first_difference(got, want)


@pytest.mark.parametrize(
    "name", ["cut-no-hmm", "cut_for_search", "tokenize", "tokenize-search", "cut_offsets", "tag", "cut_all"]
)
def test_five_megabyte_line_every_mode(name: str, five_megabyte_line: str) -> None:
    result = ONE_TEXT[name](five_megabyte_line)
    assert result
    if name == "cut_offsets":
        assert result[-1] == len(five_megabyte_line)
        assert len(result) == len(gongwen.cut(five_megabyte_line))
    elif name.startswith("tokenize"):
        spans = [(start, end) for _, start, end in result]
        assert all(five_megabyte_line[s:e] == word for word, s, e in result[:: max(1, len(result) // 1000)])
        if name == "tokenize":
            assert spans[-1][1] == len(five_megabyte_line)
            assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    elif name == "tag":
        assert "".join(word for word, _ in result) == five_megabyte_line
    elif name == "cut-no-hmm":
        assert sum(map(len, result)) == len(five_megabyte_line)
        assert "".join(result) == five_megabyte_line
    elif name == "cut_for_search":
        # Search mode emits each word of cut() after the shorter dictionary words inside it.
        remaining = iter(result)
        assert all(word in remaining for word in gongwen.cut(five_megabyte_line))
    else:  # cut_all: every character is covered at least once
        assert sum(map(len, result)) >= len(five_megabyte_line)


def test_five_megabyte_run_of_unknown_characters() -> None:
    # One enormous block that the dictionary does not cover: the HMM sees a 1.7M-character buffer.
    rare = "鑫淼焱垚犇骉龘靐齉爩麤"
    text = "".join(rare[(i * i + 3 * i) % len(rare)] for i in range(1_700_000))
    assert len(text.encode("utf-8")) > 5_000_000
    for hmm in (True, False):
        words = gongwen.cut(text, hmm=hmm)
        assert "".join(words) == text
    assert gongwen.cut_offsets(text)[-1] == len(text)
    assert "".join(gongwen.cut_all(text)) == text  # no word of two or more of these characters exists
    prefix = text[:3000]
    assert gongwen.cut(prefix) == jieba.lcut(prefix)


def test_pipeline_rows_for_whitespace_and_surrogates_alike_in_every_form() -> None:
    """Whitespace-only bytes were an error row and the same str a document of no token; a text
    with a lone surrogate was reported by its position in the batch ("texts[1]")."""
    pipeline = gongwen.Pipeline(threads=2)
    texts = ["增长5%", " \n\u3000", "", "增\ud800"]
    by_text = pipeline.run_texts([str(i) for i in range(4)], texts)
    by_bytes = pipeline.run_bytes(["1", "2"], [t.encode() for t in texts[1:3]])
    assert [d.ok for d in by_text] == [True, False, False, False]
    assert {(d.error_kind, d.error) for d in [*by_text[1:3], *by_bytes]} == {
        ("input", "the document is empty (no text, or only whitespace)")
    }
    assert by_text[3].error_kind == "decode" and (by_text[3].error or "").startswith("the text contains")


def test_a_missing_directory_is_file_not_found_with_errno_and_filename(tmp_path: Path) -> None:
    # As Python's own: `OSError(errno, strerror, filename)`, raised through the binding's one mapping.
    import errno

    from gongwen import _core

    missing = tmp_path / "no_such_dir"
    for call in (_core.discover, _core.check_path):
        with pytest.raises(FileNotFoundError) as caught:
            call(missing, "*.txt")
        assert caught.value.errno == errno.ENOENT
        assert caught.value.filename == str(missing)
        assert caught.value.strerror == "No such file or directory"
    with pytest.raises(FileNotFoundError) as caught:
        gongwen.Segmenter(tmp_path / "missing_dict.txt")
    assert (caught.value.errno, caught.value.filename) == (errno.ENOENT, str(tmp_path / "missing_dict.txt"))
    with pytest.raises(ValueError, match=r"has no file matching '\*\.txt'"):
        _core.check_path(tmp_path, "*.txt")
    (tmp_path / "公文.txt").write_text("关于做好工作的通知", encoding="utf-8")
    assert [Path(p) for p in _core.discover(tmp_path, "*.txt")] == [tmp_path / "公文.txt"]


def test_bad_jsonl_lines_are_error_rows_not_crashes() -> None:
    from gongwen import _core

    options = gongwen.options.resolve({})
    data = '{"text": "关于做好工作的通知"}\nnot json\n\xff\n{"id": "x"}\n'.encode("utf-8", "surrogateescape")
    units = _core.Units()
    units.jsonl("bad.jsonl", data + b"\xff\xfe\n")
    assert len(units) == 5
    docs = _core.run_batch(options.pipeline, units).documents()
    assert [d.ok for d in docs] == [True, False, False, False, False]
    assert docs[0].text is None or "通知" in docs[0].text
    assert all(d.error_kind and d.error for d in docs[1:])


def test_a_table_readers_exception_reaches_python_unchanged(tmp_path: Path) -> None:
    from gongwen import _core

    class ReaderFailed(Exception):
        pass

    def read_table(path: object) -> object:
        raise ReaderFailed(str(path))

    (tmp_path / "t.parquet").write_bytes(b"PAR1")
    loader = _core.Loader(gongwen.options.resolve({}).load, read_table=read_table)
    loader.path(tmp_path / "t.parquet")
    with pytest.raises(ReaderFailed, match=r"t\.parquet"):
        loader.next_batch(final_=True)
