"""Site chrome on real files: only characters of named rules go, the report survives, no chrome is left.

Every real file (gov.cn scrapes in GBK, provincial portal CSVs, Wikisource JSONL) and every seed is
cleaned, and

- the removals and the offset map account for every character of the original: a character is
  kept (the cleaned text's characters come from their source spans, up to the character pass's
  folds: widths, punctuation, spaces, line ends, decoded escapes), removed by a named rule, or a
  space, zero-width character or pinyin reading that the character pass drops;
- the gov.cn copies of the 1980, 1995 and 2002 reports keep every sentence of the same reports
  transcribed on Wikisource (clean) that the scrape holds;
- no chrome of the kinds the rules are for is left.

A document that is only chrome is an error row of kind ``input`` (not a crash, not a report of no
words). ``python tests/test_chrome.py`` prints the figures: characters removed by rule and chrome
left, per file.
"""

from __future__ import annotations

import collections
import csv
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

import gongwen

FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "real"
csv.field_size_limit(1 << 30)


def real_docs() -> list[tuple[str, str | bytes]]:
    """(name, text or bytes) of every real file's documents and every seed."""
    docs: list[tuple[str, str | bytes]] = []
    for path in sorted((REAL / "gov_cn_gbk").glob("*.txt")):
        docs.append((f"gov.cn {path.stem}", path.read_bytes()))
    for path in sorted((REAL / "provincial_2026").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                docs.append((f"portal {row['province']}", row["full_text"]))
    with (REAL / "national" / "national_reports.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append((f"wikisource {row['year']}", row["content"]))
    for path in sorted((FIXTURES / "seeds").glob("*.txt")):
        docs.append((f"seed {path.name[:3]}", path.read_bytes()))
    return docs


DOCS = real_docs()
IDS = [name for name, _ in DOCS]

# Chrome of the kinds the rules are for, found independently of them: any of these in a cleaned
# report is chrome left.
CHROME = [
    r"<U\+[0-9A-Fa-f]{4,6}>",
    r"<!--|-->",
    r"</?(?:br|p|div|span|img|a|font|strong|table|td|tr)\b[^<>]*>",
    r"&(?:nbsp|amp|lt|gt|quot);",
    r"门户网站\s*www\.",
    r"字[体号]\s*[:：]\s*(?:大|加大)",
    r"E-?mail推荐",
    r"责任编辑",
    r"(?:^|\n)\s*编辑\s*[:：]",
    r"记者\s+\S{2,4}\s+摄",
    r"(?:^|\n)\s*相关(?:链接|报道|附件)",
    r"扫一扫",
    r"分享(?:到)?\s*[:：]",
    r"打印本页|关闭窗口",
    r"(?:^|\n)\s*(?:下载|打印|全屏|收藏)\s*(?:\n|$)",
    r"(?:^|\n)\s*来源\s*[:：]",
    r"(?:^|\n)\s*时间\s*[:：]\s*\d{4}-",
    r"(?:^|\n)\s*\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}时\d{1,2}分",
    r"(?:^|\n)[0-9a-f]{32}:",
    r"本作品是",
    r"公有领域",
    r"Public domain",
    r"(?:^|\n)\s*(?:当前位置|您的位置)",
]


def chrome_left(text: str) -> dict[str, int]:
    found = {p: len(re.findall(p, text)) for p in CHROME}
    return {p: n for p, n in found.items() if n}


def rule_names() -> set[str]:
    """The names of the shipped rules (read from the table beside the core's sources) and of the
    clean stage's own passes."""
    table = Path(__file__).parents[1] / "rust" / "gongwen-core" / "data" / "clean" / "boilerplate.txt"
    rules = {line.split("\t")[1] for line in table.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"}
    # The clean stage's own named passes: a line broken inside a sentence, a repeated copy.
    return rules | {"join_line", "repeated copy"}


# The character pass's folds, applied to both sides of a kept piece before comparing.
_PUNCT = str.maketrans(",;:?!()．％", "，；：？！（）.%")
_ESCAPE = re.compile(r"<[Uu]\+([0-9A-Fa-f]{4,6})>")


def unescape(s: str) -> str:
    s = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return html.unescape(html.unescape(s)) if "&" in s else s


def fold(s: str) -> str:
    """Escapes decoded, widths and punctuation folded, spaces and line ends gone."""
    s = unescape(s)
    s = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" or "Ａ" <= c <= "ｚ" else c for c in s)
    s = s.translate(_PUNCT)
    return "".join(c for c in s if not (c.isspace() or unicodedata.category(c) == "Cf"))


_READING = re.compile(r"^[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\s]+[)）]$")


def droppable(s: str) -> bool:
    """What the character pass drops without a rule: spaces (escaped or not), zero-width
    characters, line ends (`\\r` of CRLF), pinyin readings."""
    parens = r"[(（][^)）]*[)）]"
    readings = all(_READING.match(p) for p in re.findall(parens, s))
    return readings and fold(re.sub(parens, "", s)) == ""


def check_accounts(name: str, original: str, cleaned: gongwen.Cleaned, names: set[str]) -> None:
    """Every character of `original` is kept (up to the folds), removed by a named rule, or
    dropped by the character pass; the removals are the original's text."""
    covered = [False] * len(original)
    for start, end, rule, text in cleaned.removed:
        assert rule in names, (name, rule)
        assert original[start:end] == text, (name, start, end)
        covered[start:end] = [True] * (end - start)
    out = cleaned.text
    for out_start, out_len, src_start, src_len, _copy in cleaned.map.pieces():
        src = original[src_start : src_start + src_len]
        if out_len == 0:
            # A deletion: what no rule removed is dropped by the character pass.
            left = "".join(c for c, cov in zip(src, covered[src_start : src_start + src_len]) if not cov)
            assert droppable(left), (name, src_start, left[:80])
        else:
            assert not any(covered[src_start : src_start + src_len]), (name, "kept and removed", src_start)
            kept = out[out_start : out_start + out_len]
            assert fold(kept) == fold(src), (name, src_start, src[:40], kept[:40])


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS)
def test_only_named_rules_remove_characters(name: str, doc: str | bytes) -> None:
    cleaned = gongwen.clean(doc)
    original = doc if isinstance(doc, str) else gongwen.decode(doc)[0]
    assert cleaned.map.source_len == len(original)
    check_accounts(name, original, cleaned, rule_names())


@pytest.mark.parametrize(("name", "doc"), [d for d in DOCS if not d[0].startswith("seed")], ids=IDS[: len(DOCS) - 5])
def test_no_chrome_left(name: str, doc: str | bytes) -> None:
    text = gongwen.clean(doc).text
    assert chrome_left(text) == {}, name
    # The cleaned text is still a report.
    assert "各位代表" in text, name


def sentences(text: str) -> list[str]:
    """The sentences of `text` (pieces of lines ending with 。！？；), folded, of 8 characters or more."""
    pieces = (fold(s) for line in text.splitlines() for s in re.split(r"(?<=[。！？；])", line))
    return [s for s in pieces if len(s) >= 8]


@pytest.mark.parametrize("year", [1980, 1995, 2002])
def test_report_body_survives(year: int) -> None:
    """Every sentence of the Wikisource transcription found in the raw gov.cn scrape is in the
    cleaned scrape too, and that is nearly every sentence."""
    wiki = next(doc for name, doc in DOCS if name == f"wikisource {year}")
    scrape = next(doc for name, doc in DOCS if name == f"gov.cn {year}")
    assert isinstance(wiki, str) and isinstance(scrape, bytes)
    raw = fold(gongwen.decode(scrape)[0])
    cleaned = fold(gongwen.clean(scrape).text)
    wanted = sentences(gongwen.clean(wiki).text)
    in_raw = [s for s in wanted if s in raw]
    assert len(in_raw) >= 0.97 * len(wanted), (len(in_raw), len(wanted))
    lost = [s for s in in_raw if s not in cleaned]
    assert lost == []
    # And the licence notice is not a sentence of the report.
    assert not any("公有领域" in s for s in wanted)


def test_a_document_of_chrome_only_is_an_input_error_row(tmp_path: Path) -> None:
    chrome = (
        "<!--\n  -->\n<U+00A0>\n当前位置： 首页>> 中国概况\n"
        "中央政府门户网站\u3000www.gov.cn\u3000\u3000 2006年02月23日 14时43分\u3000\u3000 来源：人民网\n"
        "【字体：大 中 小】\n（责任编辑： 郭桢\n ）\n【E-mail推荐\n\n】\n"
    )
    report = chrome + "各位代表：\n全省地区生产总值增长5.5%，城镇新增就业107万人。\n"
    (tmp_path / "chrome.txt").write_bytes(chrome.encode("gb18030"))
    for inputs in ([("chrome", chrome), ("report", report)], [tmp_path / "chrome.txt", ("report", report)]):
        corpus = gongwen.process_corpus(inputs, indicators=True)
        assert len(corpus) == 2
        bad, good = corpus
        assert not bad.ok and bad.error_kind == "input"
        assert (bad.error or "").endswith(
            "nothing left after cleaning: the document is only site chrome "
            "(removed by the boilerplate rules html-comment, menu, site-header, toolbar, editor)"
        ), bad.error
        assert good.ok and good.token_count > 5 and len(good.indicators) == 2
    # Cleaning off: the same page is a document of its words.
    assert gongwen.process_corpus([("chrome", chrome)], clean=False)[0].ok


def figures() -> None:
    """Characters removed by rule and chrome left, per file (the report's figures)."""
    for name, doc in DOCS:
        cleaned = gongwen.clean(doc)
        by_rule: collections.Counter[str] = collections.Counter()
        for start, end, rule, _ in cleaned.removed:
            by_rule[rule] += end - start
        left = sum(chrome_left(cleaned.text).values())
        print(f"{name:16} removed {sum(by_rule.values()):5}  chrome left {left}  {dict(by_rule)}")


if __name__ == "__main__":
    figures()
    sys.exit(0)
