"""Keyword lexicons: count_lexicons against independent oracles.

Token mode must equal counting ``jieba.lcut`` tokens of a fresh ``jieba.Tokenizer`` after
``add_word(term)`` for every term; substring mode must equal a brute-force count of every
occurrence (overlapping) and ``ahocorasick_rs``'s leftmost-longest matches. Also: the lexicon
grammar (trimming, empty and duplicate terms, comments, files), errors, empty text, that the
caller's segmenter is never changed, and the shipped example lexicon.
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

import ahocorasick_rs
import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongwen

SEED_TERMS = {
    # Terms of the seed reports, terms jieba already knows, terms it would cut apart, terms
    # that contain each other, Latin/digit terms.
    "env": ["污染防治", "污染", "生态", "绿色", "垃圾分类", "河长制", "秸秆禁烧", "PM2.5", "低碳"],
    "econ": ["国内生产总值", "增长", "就业", "城镇新增就业", "乡村振兴", "万元", "%"],
    "gov": ["一是", "二是", "工作总结", "深化改革", "放管服"],
}


def jieba_counts(text: str, lexicons: dict[str, list[str]]) -> dict[str, tuple[dict[str, int], int]]:
    """The oracle of token mode: a fresh jieba with every distinct term added in order."""
    tok = jieba.Tokenizer()
    seen: list[str] = []
    for terms in lexicons.values():
        for t in terms:
            if t not in seen:
                seen.append(t)
                tok.add_word(t)
    tokens = tok.lcut(text)
    c = collections.Counter(tokens)
    return {name: ({t: c[t] for t in terms}, len(tokens)) for name, terms in lexicons.items()}


def brute_overlapping(text: str, term: str) -> int:
    return sum(1 for i in range(len(text)) if text.startswith(term, i))


def test_token_mode_equals_jieba_add_word_on_seeds(seed_docs: list[tuple[str, str]]) -> None:
    texts = [gongwen.convert(t, "t2s") for _, t in seed_docs]
    got = gongwen.count_lexicons_batch(texts, SEED_TERMS, threads=2)
    for (name, _), text, result in zip(seed_docs, texts, got):
        want = jieba_counts(text, SEED_TERMS)
        for lex, (counts, words) in want.items():
            r = result[lex]
            assert r.counts == counts, (name, lex)
            assert r.words == words, name
            assert r.total == sum(counts.values())
            assert r.share == pytest.approx(r.total / words)
    # The oracle is not trivially satisfied: the seeds do contain the terms.
    assert sum(r["env"].total for r in got) > 50


def test_token_mode_single_call_and_hmm_off(seed_docs: list[tuple[str, str]]) -> None:
    text = seed_docs[3][1]
    r = gongwen.count_lexicons(text, SEED_TERMS)
    want = jieba_counts(text, SEED_TERMS)
    assert {k: (v.counts, v.words) for k, v in r.items()} == want
    tok = jieba.Tokenizer()
    for t in SEED_TERMS["env"]:
        tok.add_word(t)
    tokens = tok.lcut(text, HMM=False)
    env = gongwen.count_lexicons(text, {"env": SEED_TERMS["env"]}, hmm=False)["env"]
    assert env.words == len(tokens)
    assert env.counts == {t: tokens.count(t) for t in SEED_TERMS["env"]}


def test_token_mode_keeps_terms_whole_and_leaves_segmenters_alone() -> None:
    text = "全面推行河长制，严格落实秸秆禁烧"
    before = gongwen.cut(text)
    assert "秸秆禁烧" not in before
    r = gongwen.count_lexicons(text, {"env": ["河长制", "秸秆禁烧"]})["env"]
    assert r.counts == {"河长制": 1, "秸秆禁烧": 1}
    assert gongwen.cut(text) == before
    seg = gongwen.Segmenter()
    gongwen.count_lexicons(text, {"env": ["秸秆禁烧"]}, segmenter=seg)
    assert seg.cut(text) == before


def test_token_mode_uses_the_given_segmenter_dictionary() -> None:
    seg = gongwen.Segmenter()
    seg.add_word("禁烧工作")
    text = "秸秆禁烧工作"
    # The term is added after 禁烧工作 exists: as jieba would do with both words.
    tok = jieba.Tokenizer()
    tok.add_word("禁烧工作")
    tok.add_word("秸秆禁烧")
    want = tok.lcut(text)
    r = gongwen.count_lexicons(text, {"env": ["秸秆禁烧"]}, segmenter=seg)["env"]
    assert r.words == len(want)
    assert r.counts["秸秆禁烧"] == want.count("秸秆禁烧")


def test_token_mode_term_longer_than_a_dictionary_word_is_dictionary_error() -> None:
    # Token mode adds every term to a segmenter: a term of thousands of characters (a document pasted
    # into a lexicon) took memory in the square of its length. It is refused, naming lexicon and term;
    # substring mode needs no dictionary and counts it.
    long_term = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(5000))
    text = "推动绿色发展" + long_term + "绿色"
    lexicons = {"env": ["绿色"], "pasted": ["低碳", long_term]}
    with pytest.raises(
        gongwen.DictionaryError, match=r"lexicon \"pasted\", term 1: .*at most 256 characters; this one has 5000"
    ):
        gongwen.count_lexicons(text, lexicons)
    with pytest.raises(gongwen.DictionaryError, match="at most 256"):
        gongwen.count_lexicons_batch([text], lexicons, threads=2)
    r = gongwen.count_lexicons(text, lexicons, mode="substring", words=False)
    assert r["pasted"].counts == {"低碳": 0, long_term: 1}
    assert r["env"].counts == {"绿色": 2}
    # The longest term that fits is added and kept whole, as jieba.add_word keeps it.
    term = long_term[:256]
    tok = jieba.Tokenizer()
    tok.add_word(term)
    r = gongwen.count_lexicons("推动" + term + "发展", {"pasted": [term]})["pasted"]
    assert r.counts == {term: tok.lcut("推动" + term + "发展").count(term)} == {term: 1}


def test_whitespace_tokens_count_as_jieba_counts_them() -> None:
    text = "绿色 发展\r\n低碳  生活\n"
    r = gongwen.count_lexicons(text, {"env": ["绿色", "低碳"]})["env"]
    assert r.words == len(jieba.lcut(text)) == 9
    assert r.total == 2


def test_substring_overlapping_equals_brute_force(seed_docs: list[tuple[str, str]]) -> None:
    terms = [t for ts in SEED_TERMS.values() for t in ts] + ["污", "污染防治工作", "。"]
    for name, raw in seed_docs:
        text = gongwen.convert(raw, "t2s")
        r = gongwen.count_lexicons(text, {"all": terms}, mode="substring", overlapping=True)["all"]
        assert r.counts == {t: brute_overlapping(text, t) for t in terms}, name
        assert r.words == len(jieba.lcut(text))


def test_substring_leftmost_longest_equals_ahocorasick_rs(seed_docs: list[tuple[str, str]]) -> None:
    terms = [t for ts in SEED_TERMS.values() for t in ts] + ["污", "污染防治工作", "。"]
    ac = ahocorasick_rs.AhoCorasick(terms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    texts = [gongwen.convert(t, "t2s") for _, t in seed_docs]
    got = gongwen.count_lexicons_batch(texts, {"all": terms}, mode="substring", words=False, threads=2)
    for text, r in zip(texts, got):
        c = collections.Counter(ac.find_matches_as_strings(text))
        assert r["all"].counts == {t: c[t] for t in terms}
        assert (r["all"].words, r["all"].share) == (0, 0.0)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="污染防治ab。 ", max_size=40),
    terms=st.lists(st.text(alphabet="污染防治ab。", min_size=1, max_size=4), min_size=1, max_size=6),
)
def test_substring_property(text: str, terms: list[str]) -> None:
    distinct = list(dict.fromkeys(terms))
    r = gongwen.count_lexicons(text, {"x": terms}, mode="substring", overlapping=True, words=False)["x"]
    assert r.counts == {t: brute_overlapping(text, t) for t in distinct}
    ac = ahocorasick_rs.AhoCorasick(distinct, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    c = collections.Counter(ac.find_matches_as_strings(text))
    r = gongwen.count_lexicons(text, {"x": terms}, mode="substring", words=False)["x"]
    assert r.counts == {t: c[t] for t in distinct}


def test_a_term_in_two_lexicons_counts_for_both() -> None:
    text = "推动绿色低碳发展，建设数字政府和绿色政府"
    lex = {"env": ["绿色", "低碳"], "gov": ["数字政府", "绿色"]}
    for mode in ("token", "substring"):
        r = gongwen.count_lexicons(text, lex, mode=mode)  # type: ignore[arg-type]
        assert r["env"].counts == {"绿色": 2, "低碳": 1}, mode
        assert r["gov"].counts == {"数字政府": 1, "绿色": 2}, mode
        assert list(r) == ["env", "gov"]


def test_empty_and_duplicate_terms() -> None:
    r = gongwen.count_lexicons("绿色发展绿色", {"env": ["", " 绿色 ", "绿色", "  ", "发展"]})["env"]
    assert r.counts == {"绿色": 2, "发展": 1}
    assert r.total == 3
    with pytest.raises(ValueError, match="no terms"):
        gongwen.count_lexicons("绿色", {"env": ["", "  "]})
    with pytest.raises(ValueError, match="whitespace"):
        gongwen.count_lexicons("绿色", {"env": ["节能 5 n"]})


def test_empty_text() -> None:
    for mode in ("token", "substring"):
        r = gongwen.count_lexicons("", {"env": ["绿色"]}, mode=mode)["env"]  # type: ignore[arg-type]
        assert (r.counts, r.total, r.words, r.share) == ({"绿色": 0}, 0, 0, 0.0)


def test_lexicon_file_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "env.txt"
    path.write_text("\ufeff# environment\n\n绿色\n  低碳 # inline comment\r\n#污染\n绿色\n", encoding="utf-8")
    assert gongwen.load_lexicon(path) == ["绿色", "低碳"]
    assert gongwen.load_lexicon(str(path)) == ["绿色", "低碳"]
    text = "绿色低碳，污染"
    for source in (path, str(path)):
        r = gongwen.count_lexicons(text, {"env": source}, mode="substring")["env"]
        assert r.counts == {"绿色": 1, "低碳": 1}


def test_lexicon_file_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(FileNotFoundError, match=r"nope\.txt"):
        gongwen.load_lexicon(missing)
    with pytest.raises(FileNotFoundError, match=r"nope\.txt"):
        gongwen.count_lexicons("绿色", {"env": missing})
    bad = tmp_path / "bad.txt"
    bad.write_bytes("绿色\n".encode() + b"\xff\xfe\n")
    with pytest.raises(gongwen.DictionaryError, match=r"bad\.txt at line 2"):
        gongwen.load_lexicon(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no terms"):
        gongwen.load_lexicon(empty)


def test_argument_errors() -> None:
    with pytest.raises(ValueError, match="mode"):
        gongwen.count_lexicons("绿色", {"env": ["绿色"]}, mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="overlapping"):
        gongwen.count_lexicons("绿色", {"env": ["绿色"]}, overlapping=True)
    with pytest.raises(TypeError, match="mapping"):
        gongwen.count_lexicons("绿色", ["绿色"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"lexicons\['env'\]\[1\]"):
        gongwen.count_lexicons("绿色", {"env": ["绿色", 3]})  # type: ignore[list-item]
    with pytest.raises(TypeError, match="single str"):
        gongwen.count_lexicons_batch("绿色", {"env": ["绿色"]})


def test_lexicon_count_object() -> None:
    r = gongwen.count_lexicons("推动绿色低碳发展", {"env": ["绿色", "低碳", "污染"]})["env"]
    assert isinstance(r, gongwen.LexiconCount)
    assert r.name == "env"
    assert r.to_dict() == {
        "name": "env",
        "counts": {"绿色": 1, "低碳": 1, "污染": 0},
        "total": 2,
        "words": 4,
        "share": 0.5,
    }
    assert "name='env'" in repr(r) and "'绿色': 1" in repr(r)
    r.counts["绿色"] = 100
    assert r.counts["绿色"] == 1
    with pytest.raises(AttributeError):
        r.total = 5  # type: ignore[misc]
    assert r == gongwen.count_lexicons("推动绿色低碳发展", {"env": ["绿色", "低碳", "污染"]})["env"]


def test_example_lexicon_finds_terms_in_seed_003(seed_docs: list[tuple[str, str]]) -> None:
    terms = gongwen.example_lexicon("environment")
    assert len(terms) == len(set(terms)) >= 40
    assert terms[:3] == ["环境保护", "环保", "污染"] and "PM2.5" in terms
    name, text = seed_docs[3]
    assert name.startswith("003_")
    r = gongwen.count_lexicons(text, {"environment": terms})["environment"]
    assert r.counts == jieba_counts(text, {"environment": terms})["environment"][0]
    assert r.total >= 10
    assert r.counts["河长制"] >= 1
    with pytest.raises(ValueError, match="available: environment"):
        gongwen.example_lexicon("nope")


def test_example_lexicon_file_is_package_data() -> None:
    path = Path(gongwen.__file__).parent / "data" / "lexicons" / "environment.txt"
    assert gongwen.load_lexicon(os.fspath(path)) == gongwen.example_lexicon()
