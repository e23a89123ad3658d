"""A private Segmenter with user words behaves like a jieba.Tokenizer given the same words.

User dictionaries (BOM, blank lines, optional freq and tag, CRLF), add_word, del_word and suggest_freq are
applied to both a ``gongwen.Segmenter`` and a fresh ``jieba.Tokenizer``; the returned numbers, the
frequencies and the segmentation of seed lines and of sentences using the words must then agree.
Also: malformed dictionaries raise DictionaryError naming file and line, private segmenters do not
leak into each other, and cutting stays correct while another thread adds words.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jieba
import jieba.finalseg
import jieba.posseg
import pytest
from oracle import CHEAP_MODES, MODES, MODES_BY_NAME, Mode, mismatches, report

import gongwen

# Lines as jieba's README and load_userdict document them, plus the corpus's own vocabulary so that the
# seed lines change too, and the untidy parts of real files: BOM, blank and blank-looking lines, CRLF,
# surrounding spaces.
USERDICT = (
    "\ufeff云计算 5 n\n"
    "创新办 3 i\n"
    "凱特琳 nz\n"
    "台中\n"
    "\n"
    "疫情防控 20 n\n"
    "乡村振兴 10 nz\n"
    "宣傳 50 vn\n"
    "我區 r\n"
    "一是 3\n"
    "工作总结 8 n\r\n"
    "   \n"
    "  下步工作 6 l  \n"
)
USER_WORDS = [
    "云计算",
    "创新办",
    "凱特琳",
    "台中",
    "疫情防控",
    "乡村振兴",
    "宣傳",
    "我區",
    "一是",
    "工作总结",
    "下步工作",
]
USER_SENTENCES = [
    "李小福是创新办主任也是云计算方面的专家",
    "凱特琳正在台中工作,台中市的云计算中心",
    "「台中」正确应该不会被切开",
    "一是抓好疫情防控,二是推进乡村振兴。",
    "我區宣傳部門開展了宣傳活動",
    "2022年度工作总结及下步工作打算",
    "区疫情防控指挥部",
]


@pytest.fixture(autouse=True)
def _isolate_jieba_force_split() -> Iterator[None]:
    # jieba's del_word (and suggest_freq/add_word with frequency 0) records the word in a module-global
    # set that every Tokenizer's HMM consults; undo it so one test cannot change another's oracle.
    saved = set(jieba.finalseg.Force_Split_Words)
    yield
    jieba.finalseg.Force_Split_Words.clear()
    jieba.finalseg.Force_Split_Words.update(saved)


def _jieba_load(tokenizer: jieba.Tokenizer, path: Path) -> None:
    # Given a path, jieba opens the file and never closes it (a ResourceWarning, an error here).
    with path.open("rb") as f:
        tokenizer.load_userdict(f)


def _jieba_pair(userdict: Path | None = None) -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if userdict is not None:
        _jieba_load(tokenizer, userdict)
    return tokenizer, jieba.posseg.POSTokenizer(tokenizer)


def _assert_same(
    segmenter: gongwen.Segmenter,
    tokenizer: jieba.Tokenizer,
    pos_tokenizer: jieba.posseg.POSTokenizer,
    texts: list[str],
    modes: list[Mode] = MODES,
) -> None:
    cases = [(f"text {i}", text) for i, text in enumerate(texts)]
    failures = [
        report(mode, found) for mode in modes if (found := mismatches(mode, segmenter, tokenizer, pos_tokenizer, cases))
    ]
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def userdict_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("userdict") / "userdict.txt"
    path.write_bytes(USERDICT.encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def with_userdict(userdict_path: Path) -> tuple[gongwen.Segmenter, jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    return (gongwen.Segmenter(userdict_path), *_jieba_pair(userdict_path))


# -- user dictionaries -------------------------------------------------------------------------------


def test_userdict_frequencies_equal_jieba(with_userdict, userdict_path: Path) -> None:
    segmenter, tokenizer, _ = with_userdict
    assert userdict_path.read_bytes().startswith(b"\xef\xbb\xbf")
    for word in USER_WORDS:
        prefixes = [word[:i] for i in range(1, len(word) + 1)]
        assert [segmenter.freq(w) for w in prefixes] == [tokenizer.FREQ.get(w) for w in prefixes], word
    assert segmenter.freq("云计算") == 5
    assert segmenter.freq("\ufeff云计算") is None
    assert segmenter.freq("下步工作") == 6
    assert segmenter.freq("不在词典里的词") is None


def test_userdict_sentences_equal_jieba(with_userdict) -> None:
    segmenter, tokenizer, pos_tokenizer = with_userdict
    assert segmenter.cut(USER_SENTENCES[0]) == [
        "李小福",
        "是",
        "创新办",
        "主任",
        "也",
        "是",
        "云计算",
        "方面",
        "的",
        "专家",
    ]
    assert ("凱特琳", "nz") in segmenter.tag(USER_SENTENCES[1])
    _assert_same(segmenter, tokenizer, pos_tokenizer, USER_SENTENCES)


@pytest.mark.parametrize("mode", CHEAP_MODES, ids=str)
def test_userdict_seed_lines_equal_jieba(mode: Mode, with_userdict, seed_lines: list[tuple[str, int, str]]) -> None:
    cases = [(f"{name}:{lineno}", line) for name, lineno, line in seed_lines]
    found = mismatches(mode, *with_userdict, cases)
    assert not found, report(mode, found)


def test_userdict_seed_lines_tag_hmm_equal_jieba(with_userdict, seed_lines: list[tuple[str, int, str]]) -> None:
    # jieba's HMM tagger is slow (~50 s for the corpus), so: the lines that use a user word, and file 003.
    cases = [
        (f"{name}:{lineno}", line)
        for name, lineno, line in seed_lines
        if name.startswith("003") or any(word in line for word in USER_WORDS)
    ]
    assert len(cases) > 100
    cases = cases[:150]
    mode = MODES_BY_NAME["tag"]
    found = mismatches(mode, *with_userdict, cases)
    assert not found, report(mode, found)


def test_userdict_file_object_and_load_userdict(userdict_path: Path, with_userdict) -> None:
    segmenter, tokenizer, pos_tokenizer = with_userdict
    with userdict_path.open("rb") as f:
        from_file = gongwen.Segmenter(f)
    loaded_later = gongwen.Segmenter()
    loaded_later.load_userdict(str(userdict_path))
    for other in (from_file, loaded_later):
        assert [other.freq(w) for w in USER_WORDS] == [segmenter.freq(w) for w in USER_WORDS]
        _assert_same(other, tokenizer, pos_tokenizer, USER_SENTENCES)


def test_userdict_loaded_twice_equals_jieba(userdict_path: Path) -> None:
    # The second load re-adds every word: frequencies stay, jieba's running total grows, and words
    # without a frequency get a new suggestion computed from the first load.
    segmenter = gongwen.Segmenter(userdict_path)
    segmenter.load_userdict(userdict_path)
    tokenizer, pos_tokenizer = _jieba_pair(userdict_path)
    _jieba_load(tokenizer, userdict_path)
    assert [segmenter.freq(w) for w in USER_WORDS] == [tokenizer.FREQ.get(w) for w in USER_WORDS]
    assert segmenter.suggest_freq("云计算中心") == tokenizer.suggest_freq("云计算中心")
    _assert_same(segmenter, tokenizer, pos_tokenizer, USER_SENTENCES)


def test_userdict_does_not_touch_other_segmenters(with_userdict) -> None:
    sentence = USER_SENTENCES[0]
    assert with_userdict[0].cut(sentence) != jieba.lcut(sentence)
    assert gongwen.Segmenter().cut(sentence) == jieba.lcut(sentence)
    assert gongwen.cut(sentence) == jieba.lcut(sentence)


# -- malformed dictionaries --------------------------------------------------------------------------


def test_non_utf8_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1_dict.txt"
    path.write_bytes("云计算 5 n\n创新办 3 i\n".encode() + "café 3\n".encode("latin-1"))
    with pytest.raises(gongwen.DictionaryError) as caught:
        gongwen.Segmenter(path)
    assert isinstance(caught.value, gongwen.GongwenError)
    assert "latin1_dict.txt" in str(caught.value)
    assert "line 3" in str(caught.value)
    with path.open("rb") as f, pytest.raises(gongwen.DictionaryError, match="line 3"):
        gongwen.Segmenter().load_userdict(f)


def test_word_with_whitespace_is_rejected(tmp_path: Path) -> None:
    # jieba would silently add the word "词 12.5" (its regex lets the fractional frequency into the word).
    path = tmp_path / "fractional.txt"
    path.write_text("云计算 5 n\n词 12.5 n\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError) as caught:
        gongwen.Segmenter(str(path))
    assert "fractional.txt" in str(caught.value)
    assert "line 2" in str(caught.value)


def test_missing_userdict_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        gongwen.Segmenter(tmp_path / "no_such_dict.txt")
    with pytest.raises(FileNotFoundError):
        gongwen.Segmenter().load_userdict(str(tmp_path / "no_such_dict.txt"))


# -- add_word, del_word, suggest_freq ----------------------------------------------------------------

PROBES = [
    "石墨烯是一种新材料,石墨烯烯不是",
    "凱特琳在台中市的区交通运输局工作",
    "如果放到post中将出错。",
    "今天天气不错",
    "他来到了网易杭研大厦",
    "我們中出了一個叛徒",
    "区交通运输局局长",
]


def test_add_word_equals_jieba() -> None:
    segmenter = gongwen.Segmenter()
    tokenizer, pos_tokenizer = _jieba_pair()
    operations = [
        ("石墨烯", None, None),
        ("凱特琳", None, "nz"),
        ("区交通运输局", 100, "nt"),
        ("石墨烯烯", 7, None),
        ("台中", 3000, None),
        ("中出", 5, "v"),
    ]
    for word, freq, tag in operations:
        returned = segmenter.add_word(word, freq, tag)
        tokenizer.add_word(word, freq, tag)  # jieba returns None; the frequency it used is in FREQ
        assert returned == tokenizer.FREQ[word], word
        assert segmenter.freq(word) == tokenizer.FREQ[word]
        assert [segmenter.freq(word[:i]) for i in range(1, len(word))] == [
            tokenizer.FREQ.get(word[:i]) for i in range(1, len(word))
        ]
        _assert_same(segmenter, tokenizer, pos_tokenizer, PROBES)
    assert segmenter.tag("区交通运输局")[0] == ("区交通运输局", "nt")
    # Adding grows jieba's running total, which later suggestions are computed from.
    assert segmenter.suggest_freq("区交通运输局长") == tokenizer.suggest_freq("区交通运输局长")


def test_add_word_keyword_arguments() -> None:
    segmenter = gongwen.Segmenter()
    assert segmenter.add_word("区交通运输局", freq=100, tag="nt") == 100
    assert segmenter.add_word(word="石墨烯", tag="n") == segmenter.freq("石墨烯")
    assert segmenter.tag("石墨烯") == [("石墨烯", "n")]


def test_del_word_equals_jieba() -> None:
    segmenter = gongwen.Segmenter()
    tokenizer, pos_tokenizer = _jieba_pair()
    # 杭研 is found by the HMM, not the dictionary: deleting it must force-split it there too.
    assert segmenter.cut(PROBES[4]) == ["他", "来到", "了", "网易", "杭研", "大厦"]
    for word in ["杭研", "天气", "交通运输"]:
        assert segmenter.del_word(word) is None
        tokenizer.del_word(word)
        assert segmenter.freq(word) == tokenizer.FREQ[word] == 0
        _assert_same(segmenter, tokenizer, pos_tokenizer, PROBES)
    assert "杭研" not in segmenter.cut(PROBES[4])
    # Deleting and re-adding: the word is back in the dictionary (jieba keeps forcing the HMM split).
    segmenter.add_word("天气", 500)
    tokenizer.add_word("天气", 500)
    _assert_same(segmenter, tokenizer, pos_tokenizer, PROBES)


def test_del_word_stays_in_its_segmenter() -> None:
    segmenter = gongwen.Segmenter()
    segmenter.del_word("杭研")
    segmenter.del_word("天气")
    assert segmenter.cut(PROBES[4]) != jieba.lcut(PROBES[4])
    for other in (gongwen.Segmenter(), gongwen.default_segmenter()):
        assert other.cut(PROBES[4]) == ["他", "来到", "了", "网易", "杭研", "大厦"]
        assert other.cut(PROBES[3]) == jieba.lcut(PROBES[3])
        assert other.freq("天气") == jieba.dt.FREQ["天气"]


@pytest.mark.parametrize("tune", [False, True])
def test_suggest_freq_equals_jieba(tune: bool) -> None:
    segmenter = gongwen.Segmenter()
    tokenizer, pos_tokenizer = _jieba_pair()
    segments: list[str | tuple[str, ...] | list[str]] = [
        "台中",
        ("中", "将"),
        ["今天", "天气"],
        "石墨烯",
        ("石墨", "烯"),
        "区交通运输局",
        ("区", "交通运输", "局"),
        ("我們", "中", "出"),
        "中出",
    ]
    for segment in segments:
        got = segmenter.suggest_freq(segment, tune=tune)
        want = tokenizer.suggest_freq(segment, tune)
        word = segment if isinstance(segment, str) else "".join(segment)
        assert got == want, segment
        assert segmenter.freq(word) == tokenizer.FREQ.get(word), segment
        _assert_same(segmenter, tokenizer, pos_tokenizer, PROBES)
    if tune:
        assert segmenter.cut("「台中」正确应该不会被切开")[1] == "台中"
        assert "将" in segmenter.cut(PROBES[2])


def test_suggest_freq_positional_tune_and_mixed_operations() -> None:
    segmenter = gongwen.Segmenter()
    tokenizer, pos_tokenizer = _jieba_pair()
    steps = [
        ("add_word", ("区交通运输局", 2000, "nt")),
        ("suggest_freq", (("区", "交通运输局"), True)),
        ("suggest_freq", ("区交通运输局局长",)),
        ("del_word", ("局长",)),
        ("suggest_freq", ("区交通运输局局长", True)),
        ("add_word", ("局长", None, "n")),
        ("suggest_freq", (("交通", "运输"), True)),
    ]
    for name, args in steps:
        got = getattr(segmenter, name)(*args)
        want = getattr(tokenizer, name)(*args)
        if name == "suggest_freq":
            assert got == want, (name, args)
        _assert_same(segmenter, tokenizer, pos_tokenizer, [*PROBES, "区交通运输局局长讲话", "交通运输"])


def test_module_level_mutators_act_on_the_default_segmenter() -> None:
    # In a subprocess, so this test's words do not reach the rest of the suite's default segmenter.
    script = textwrap.dedent(
        """
        import gongwen
        before = gongwen.cut("石墨烯是新材料")
        assert gongwen.add_word("石墨烯", 1000, "n") == 1000
        assert gongwen.default_segmenter().freq("石墨烯") == 1000
        assert gongwen.cut("石墨烯是新材料")[0] == "石墨烯", gongwen.cut("石墨烯是新材料")
        assert gongwen.tag("石墨烯")[0] == ("石墨烯", "n")
        assert gongwen.Segmenter().cut("石墨烯是新材料") == before
        assert gongwen.suggest_freq(("新", "材料"), True) == gongwen.default_segmenter().freq("新材料")
        gongwen.del_word("石墨烯")
        assert gongwen.default_segmenter().freq("石墨烯") == 0
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# -- threads -----------------------------------------------------------------------------------------


def test_cut_while_another_thread_adds_words(seed_lines: list[tuple[str, int, str]]) -> None:
    sentences = [line for name, _, line in seed_lines if name.startswith("003") and line]
    used = set("".join(sentences))
    fresh = [ch for ch in map(chr, range(0x8000, 0x9000)) if ch not in used]
    new_words = [(fresh[i] + fresh[i + 1] + fresh[i + 2], 1 + i % 7) for i in range(0, 900, 3)]
    expected_cut = [jieba.lcut(s) for s in sentences]
    expected_tag = [[(p.word, p.flag) for p in jieba.posseg.lcut(s)] for s in sentences]
    # The new words share no character with the sentences; only jieba's total grows. Check that the
    # oracle indeed does not move, so "unaffected" below is a fact rather than a hope.
    tokenizer, _ = _jieba_pair()
    for word, freq in new_words:
        tokenizer.add_word(word, freq)
    assert [tokenizer.lcut(s) for s in sentences] == expected_cut

    segmenter = gongwen.Segmenter()
    start = threading.Barrier(9)
    writer_done = threading.Event()

    def reader(kind: int) -> list[str]:
        start.wait()
        bad, rounds = [], 0
        while rounds < 3 or not writer_done.is_set():
            rounds += 1
            if kind == 0:
                got, want = segmenter.cut_batch(sentences, threads=2), expected_cut
            elif kind == 1:
                got, want = [segmenter.tag(s) for s in sentences], expected_tag
            else:
                got, want = [segmenter.cut(s) for s in sentences], expected_cut
            bad += [f"round {rounds} sentence {i}" for i, (g, w) in enumerate(zip(got, want)) if g != w]
        return bad

    def writer() -> None:
        start.wait()
        try:
            for word, freq in new_words:
                segmenter.add_word(word, freq)
        finally:
            writer_done.set()

    with ThreadPoolExecutor(max_workers=9) as pool:
        readers = [pool.submit(reader, i % 3) for i in range(8)]
        added = pool.submit(writer)
        added.result(timeout=120)
        wrong = [msg for future in readers for msg in future.result(timeout=120)]
    assert not wrong, wrong[:10]
    assert [segmenter.freq(word) for word, _ in new_words] == [freq for _, freq in new_words]
    with_new = ["".join(word for word, _ in new_words[:5]) + sentences[0][:20], new_words[7][0] + "工作"]
    assert [segmenter.cut(s) for s in with_new] == [tokenizer.lcut(s) for s in with_new]


# -- long words --------------------------------------------------------------------------------------

MAX_WORD_CHARS = 256


def _word(n: int, start: int = 0) -> str:
    """n distinct-looking Han characters no dictionary word joins."""
    return "".join(chr(0x4E00 + (start + i * 7919) % 20000) for i in range(n))


def test_longest_word_equals_jieba() -> None:
    # A word of exactly the maximum length behaves as in jieba, prefixes included.
    segmenter = gongwen.Segmenter()
    tokenizer, pos_tokenizer = _jieba_pair()
    word = _word(MAX_WORD_CHARS)
    assert segmenter.add_word(word) == tokenizer.suggest_freq(word)
    tokenizer.add_word(word)
    for n in (1, 2, 3, 100, MAX_WORD_CHARS - 1, MAX_WORD_CHARS):
        assert segmenter.freq(word[:n]) == tokenizer.FREQ.get(word[:n]), n
    _assert_same(segmenter, tokenizer, pos_tokenizer, ["据报道" + word + "已经完成", word[:200] + "。"], CHEAP_MODES)


def test_word_longer_than_the_maximum_is_dictionary_error() -> None:
    # jieba keeps every prefix of a word as a key: an 8,000-character word took 291 MiB, 30,000 aborted
    # the process on allocation. Past the documented maximum the word is refused, and nothing is added.
    segmenter = gongwen.Segmenter()
    for n in (MAX_WORD_CHARS + 1, 8000, 30000):
        word = _word(n)
        calls = [
            lambda w=word: segmenter.add_word(w),
            lambda w=word: segmenter.add_word(w, 5, "n"),
            lambda w=word: segmenter.del_word(w),
            lambda w=word: segmenter.suggest_freq(w, True),
            lambda w=word: segmenter.suggest_freq((w[:10], w[10:]), True),
        ]
        for call in calls:
            with pytest.raises(gongwen.DictionaryError, match=f"at most {MAX_WORD_CHARS} characters; this one has {n}"):
                call()
        assert segmenter.freq(word[:5]) is None
        assert segmenter.freq(word) is None
    # Without tune nothing is added, so any length is fine, as in jieba.
    word = _word(MAX_WORD_CHARS + 44)
    assert segmenter.suggest_freq(word) == jieba.Tokenizer().suggest_freq(word)


def test_userdict_word_longer_than_the_maximum_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "long_word.txt"
    path.write_text(f"云计算 5 n\n创新办 3\n{_word(MAX_WORD_CHARS + 1)} 7 n\n台中\n", encoding="utf-8")
    segmenter = gongwen.Segmenter()
    with pytest.raises(gongwen.DictionaryError, match=r"long_word\.txt at line 3.*at most 256"):
        segmenter.load_userdict(path)
    assert segmenter.freq("云计算") is None, "nothing of the file is added"
    # A file without newlines (a document saved as a dictionary) is refused after its first few kilobytes.
    path.write_text(_word(400_000), encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError, match=r"line 1: line longer than"):
        segmenter.load_userdict(path)
    with path.open("rb") as f, pytest.raises(gongwen.DictionaryError, match=r"line 1"):
        segmenter.load_userdict(f)
    # The longest word is fine, with frequency and tag, and CRLF.
    word = _word(MAX_WORD_CHARS)
    path.write_text(f"{word} 7 n\r\n", encoding="utf-8")
    segmenter.load_userdict(path)
    assert segmenter.freq(word) == 7
    assert segmenter.tag(word) == [(word, "n")]


# -- readers and writers, fork -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_windows_dict(seed_docs: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large user dictionary of real text: every 3- to 7-character run of Han characters of the seeds
    (about 250,000 entries, without frequencies, so that loading it suggests one for each)."""
    import re

    runs = [run for _, text in seed_docs for run in re.findall(r"[\u4e00-\u9fff]+", text)]
    words = dict.fromkeys(run[i : i + n] for run in runs for n in range(3, 8) for i in range(len(run) - n + 1))
    path = tmp_path_factory.mktemp("big") / "windows.txt"
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    return path


def test_cut_does_not_wait_for_load_userdict(seed_windows_dict: Path) -> None:
    # A reader used to wait for the whole of another thread's load_userdict (557 ms in the report): the
    # words were added under the lock readers take. Now they are added to a copy that replaces the
    # dictionary at the end, and readers see the old dictionary meanwhile. Cuts must keep completing
    # through the middle half of the load (the old code completed none there), and they must see either
    # the whole dictionary before the load or the whole dictionary after it.
    sentence = "全面推进乡村振兴，加快建设农业强国"
    segmenter = gongwen.Segmenter()
    before = segmenter.cut(sentence)
    loaded = gongwen.Segmenter(seed_windows_dict)
    after = loaded.cut(sentence)
    assert before != after, "the dictionary must change the sentence, or the check below means nothing"

    started = threading.Event()
    window: list[float] = []

    def load() -> None:
        started.set()
        window.append(time.perf_counter())
        segmenter.load_userdict(seed_windows_dict)
        window.append(time.perf_counter())

    thread = threading.Thread(target=load)
    thread.start()
    started.wait()
    completed: list[tuple[float, bool]] = []
    while thread.is_alive():
        got = segmenter.cut(sentence)
        assert got in (before, after), got
        completed.append((time.perf_counter(), got == after))
    thread.join()
    start, end = window
    middle = [t for t, _ in completed if start + (end - start) / 4 < t < end - (end - start) / 4]
    assert middle, f"no cut completed in the middle half of a {end - start:.3f} s load ({len(completed)} in all)"
    # Once the new dictionary is there, no cut sees the old one again.
    states = [new for _, new in completed]
    assert states == sorted(states)
    assert segmenter.cut(sentence) == after


FORK_DURING_LOAD = """
import os, signal, sys, threading, time
import gongwen

path = sys.argv[1]
sentence = "全面推进乡村振兴，加快建设农业强国"
before = gongwen.Segmenter().cut(sentence)
after = gongwen.Segmenter(path).cut(sentence)
segmenter = gongwen.Segmenter()
segmenter.cut(sentence)
thread = threading.Thread(target=segmenter.load_userdict, args=(path,))
thread.start()
children = []
while thread.is_alive() and len(children) < 40:
    pid = os.fork()
    if pid == 0:
        # A child that hangs is killed by the alarm, and counted.
        signal.alarm(20)
        ok = segmenter.cut(sentence) in (before, after)
        ok = ok and segmenter.add_word("乡村振兴强国", 9) == 9 and segmenter.freq("乡村振兴强国") == 9
        ok = ok and segmenter.cut_batch([sentence] * 4, threads=2) == [segmenter.cut(sentence)] * 4
        os._exit(0 if ok else 1)
    children.append(pid)
    time.sleep(0.02)
thread.join()
codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
assert segmenter.cut(sentence) == after
print(len(children), sum(code != 0 for code in codes), codes)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_fork_during_load_userdict(seed_windows_dict: Path) -> None:
    # A child forked while another thread ran load_userdict hung on its first use of that segmenter
    # (12 of 12): the lock stayed held by a thread that does not exist in the child.
    done = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", FORK_DURING_LOAD, str(seed_windows_dict)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    forks, failed, codes = done.stdout.split(maxsplit=2)
    assert int(forks) >= 3, done.stdout
    assert int(failed) == 0, codes
