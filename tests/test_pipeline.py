"""The fused pipeline (`gongwen.Pipeline`): positions in the original text, and why Traditional
text is segmented on its Simplified conversion."""

from __future__ import annotations

import jieba
import opencc
import pytest

import gongwen
from gongwen import Pipeline

TRADITIONAL = ("000", "001", "004")


def boundaries(lengths: list[int]) -> set[int]:
    out, pos = set(), 0
    for n in lengths:
        pos += n
        out.add(pos)
    return out


def f1(found: set[int], gold: set[int]) -> float:
    hit = len(found & gold)
    return 2 * hit / (len(found) + len(gold)) if found or gold else 1.0


@pytest.fixture(scope="module")
def traditional_lines(seed_docs: list[tuple[str, str]]) -> list[str]:
    """Cleaned Traditional seed lines whose t2s conversion keeps their length (OpenCC's t2s is
    character for character on almost every line), so boundaries compare position by position."""
    conv = opencc.OpenCC("t2s")
    lines = []
    for name, text in seed_docs:
        if name[:3] not in TRADITIONAL:
            continue
        for line in gongwen.clean(text).text.split("\n"):
            line = line.strip()
            if len(line) >= 10 and len(conv.convert(line)) == len(line):
                lines.append(line)
    assert len(lines) > 300
    return lines


def test_traditional_tokens_are_cut_as_jieba_cuts_their_conversion(traditional_lines: list[str]) -> None:
    """Tokens of Traditional text come back as spans of the Traditional original, cut where jieba
    cuts the Simplified conversion; jieba on the Traditional text itself (its dictionary is
    Simplified) cuts elsewhere on most lines."""
    conv = opencc.OpenCC("t2s")
    p = Pipeline(clean=False, convert="t2s", indicators=False, emit="tokens", threads=2)
    docs = p.run_texts([str(i) for i in range(len(traditional_lines))], traditional_lines)
    ours_f1, direct_f1, direct_differs = [], [], 0
    for line, doc in zip(traditional_lines, docs):
        gold = boundaries([len(w) for w in jieba.lcut(conv.convert(line))])
        assert doc.tokens is not None and doc.spans is not None
        assert all(line[s:e] == t for (s, e), t in zip(doc.spans, doc.tokens))
        ours = boundaries([e - s for s, e in doc.spans])
        direct = boundaries([len(w) for w in jieba.lcut(line)])
        ours_f1.append(f1(ours, gold))
        direct_f1.append(f1(direct, gold))
        direct_differs += direct != gold
    assert sum(ours_f1) / len(ours_f1) == 1.0
    mean_direct = sum(direct_f1) / len(direct_f1)
    assert mean_direct < 0.95, mean_direct
    assert direct_differs > len(traditional_lines) / 2


def test_every_position_refers_to_the_original(seed_docs: list[tuple[str, str]]) -> None:
    texts = [t for _, t in seed_docs]
    p = Pipeline(emit="tokens", lexicons={"env": gongwen.example_lexicon("environment")}, threads=2)
    for text, doc in zip(texts, p.run_texts([n for n, _ in seed_docs], texts)):
        assert doc.ok and doc.chars == len(text)
        assert doc.tokens is not None and doc.spans is not None
        assert len(doc.tokens) == doc.token_count
        assert all(text[s:e] == t for (s, e), t in zip(doc.spans, doc.tokens))
        for i in doc.indicators:
            assert text[i.start : i.end] == i.raw
        for s in doc.sections:
            assert 0 <= s["start"] < s["end"] <= len(text)
        lex = doc.lexicons["env"]
        assert lex.words == doc.token_count and lex.total == sum(lex.counts.values())


def test_sections_are_the_headed_paragraphs_of_the_structure() -> None:
    text = (
        "2022年工作总结\n一、主要成效\n全年新增就业1200人。\n二、2023年工作计划\n(一)主要目标\n地区生产总值增长6%左右。"
    )
    [doc] = Pipeline(clean=False, convert=None).run_texts(["a"], [text])
    want = [
        {
            "start": p["start"],
            "end": p["end"],
            "path": " > ".join(h["text"] for h in p["heading_path"]),
            "stance": p["stance"],
        }
        for p in gongwen.analyze_structure(text)["paragraphs"]
        if p["heading_path"]
    ]
    assert doc.sections == want and len(want) == 6  # every line is under the title
    assert want[-1]["path"] == "2022年工作总结 > 2023年工作计划 > 主要目标" and want[-1]["stance"] == "target"
    # Built when first read, then the same list.
    assert doc.sections is doc.sections and doc.to_dict()["sections"] == want


def test_indicators_equal_scan_indicators(seed_docs: list[tuple[str, str]]) -> None:
    texts = [t for _, t in seed_docs]
    docs = Pipeline(threads=2).run_texts([n for n, _ in seed_docs], texts)
    for text, doc in zip(texts, docs):
        assert doc.indicators == gongwen.scan_indicators(text)


def test_token_counts_equal_jieba_on_the_normalised_text(seed_docs: list[tuple[str, str]]) -> None:
    texts = [t for _, t in seed_docs]
    docs = Pipeline(threads=1).run_texts([n for n, _ in seed_docs], texts)
    for text, doc in zip(texts, docs):
        assert doc.token_count == len(jieba.lcut(gongwen.normalize(text, "t2s").text))


def test_a_large_single_document_is_processed_whole(seed_docs: list[tuple[str, str]]) -> None:
    """About 25 MB in one document, on one line: linear time, one row."""
    one_line = "".join(t.replace("\n", "") for _, t in seed_docs)
    big = one_line * (25_000_000 // len(one_line.encode()) + 1)
    [doc] = Pipeline(threads=1).run_texts(["big"], [big])
    assert doc.ok and doc.chars == len(big)
    small = Pipeline(threads=1).run_texts(["one"], [one_line])[0]
    copies = len(big) // len(one_line)
    assert len(doc.indicators) >= copies * len(small.indicators) * 0.99


def test_tokens_that_share_a_conversion_group_merge() -> None:
    """Issue 19. jieba cuts the tw2sp conversion 英伟达可能是借由海外公司取得内存 as 英|伟达|...|借|由|...:
    借由 <- 藉由 keeps its length and maps character by character, so 藉|由 stay two tokens; 英伟达 <-
    輝達 does not, and the two tokens that share it become one, 輝達. Before, 英 and 伟达 both
    mapped to 輝達 (a repeated span). Every output counts the merged tokens alike."""
    text = "輝達可能是藉由海外公司取得記憶體"
    assert gongwen.cut(gongwen.convert(text, "tw2sp"))[:6] == ["英", "伟达", "可能", "是", "借", "由"]
    docs = {
        emit: Pipeline(convert="tw2sp", emit=emit, lexicons={"x": ["可能", "海外", "由"]}).run_texts(["a"], [text])[0]
        for emit in ("counts", "offsets", "tokens")
    }
    doc = docs["tokens"]
    assert doc.tokens == ["輝達", "可能", "是", "藉", "由", "海外", "公司", "取得", "記憶體"]
    assert doc.spans == [(0, 2), (2, 4), (4, 5), (5, 6), (6, 7), (7, 9), (9, 11), (11, 13), (13, 16)]
    assert "".join(doc.tokens) == text
    for d in docs.values():
        assert d.token_count == 9 and d.lexicons["x"].words == 9
        assert d.lexicons["x"].counts == {"可能": 1, "海外": 1, "由": 1}
    assert docs["offsets"].spans == doc.spans


def test_token_spans_never_overlap_on_the_issues_examples() -> None:
    """Issue 19's examples: t2s gave 乾盛世 twice for 乾|盛世, 找藉口 twice, 可藉由 and 藉由 overlapping."""
    cases = {
        "史称“康（雍）乾盛世”。": ["史", "称", "“", "康", "（", "雍", "）", "乾", "盛世", "”", "。"],
        "會找藉口對妳說：": ["會", "找", "藉口", "對", "妳", "說", "："],
        "未來雙方業者可藉由參與這些展覽，": ["未來", "雙方", "業者", "可藉", "由", "參與", "這些", "展覽", "，"],
        "博達可能是藉由與海外特定公司": ["博達", "可能", "是", "藉", "由", "與", "海外", "特定", "公司"],
    }
    for config in ("t2s", "tw2sp"):
        docs = Pipeline(convert=config, emit="tokens").run_texts(list(cases), list(cases))
        for (text, want), doc in zip(cases.items(), docs):
            assert doc.tokens == want, (config, text)
            assert all(a[1] <= b[0] for a, b in zip(doc.spans, doc.spans[1:]))
