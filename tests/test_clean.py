"""Cleaning web-scraped documents: inserted pinyin readings, punctuation, widths, spaces, line
breaks and site boilerplate, with an offset map back to the original text.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongwen

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ONLY_READINGS = dict(punctuation=False, widths=False, spaces=False, newlines=False, boilerplate=False)

# Inserted readings per seed file, counted by tools/pinyin_census.py: every "(syllable)" right
# after a Han character whose readings (pypinyin) include the syllable.
READINGS = {"000": 714, "001": 1337, "002": 0, "003": 0, "004": 7636}
# Innermost parenthesised groups left after cleaning: list markers (一), words (社區), document
# numbers, (2021版), (UCI) ... (an outer group such as 村(社區(qū)) becomes innermost once its
# reading goes), including the readings whose Han character the scrape garbled (鸨O(jiān)).
KEPT_GROUPS = {"000": 33, "001": 20, "002": 301, "003": 6, "004": 163}
GARBLED = {"000": 2, "001": 1, "002": 0, "003": 0, "004": 5}
SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+"

GROUP = re.compile(r"\([^()\n]*\)")


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(READINGS))
def test_every_reading_goes_and_no_other_parenthesis(prefix: str) -> None:
    text = _seed(prefix)
    cleaned = gongwen.clean(text, **ONLY_READINGS)
    assert cleaned.readings_removed == READINGS[prefix]
    # Exactly the readings' parentheses went.
    assert text.count("(") - cleaned.text.count("(") == READINGS[prefix]
    assert text.count(")") - cleaned.text.count(")") == READINGS[prefix]
    assert len(GROUP.findall(cleaned.text)) == KEPT_GROUPS[prefix]
    # No syllable in parentheses is left after a Han character; the few left follow the
    # debris of a garbled character.
    assert re.findall(rf"[\u4e00-\u9fff]\(({SYLLABLE})\)", cleaned.text) == []
    assert len(re.findall(rf"\(({SYLLABLE})\)", cleaned.text)) == GARBLED[prefix]


def test_reading_rule() -> None:
    assert gongwen.clean("區(qū)交通運輸局實(shí)現(xiàn)26萬畝(mǔ)").text == "區交通運輸局實現26萬畝"
    # Not a reading of the character before it, not pinyin, or not after a Han character.
    for keep in ["區(shí)", "(GDP)", "(II类)", "(xx站)", "(2021版)", "a(qū)", "區 (qū)"]:
        assert gongwen.clean(keep, **ONLY_READINGS).text == keep


def test_rules_one_by_one() -> None:
    assert gongwen.clean("你好,世界:1,000人(含)!").text == "你好，世界：1,000人（含）！"
    assert gongwen.clean("时间10:30,网址http://x.cn").text == "时间10:30，网址http://x.cn"
    assert gongwen.clean("１２３ＡＢｃ").text == "123ABc"
    assert gongwen.clean("\u3000\u3000第一\u00a0段 \r\n第\u200b二\r三\u2002").text == "第一 段\n第二\n三"
    # Each rule can be turned off.
    assert gongwen.clean("你好,世界", punctuation=False).text == "你好,世界"
    assert gongwen.clean("１２３", widths=False).text == "１２３"
    assert gongwen.clean("a\r\nb", newlines=False).text == "a\r\nb"
    assert gongwen.clean("\u3000a\u00a0b", spaces=False).text == "\u3000a\u00a0b"


def test_boilerplate_on_the_seeds() -> None:
    cleaned = gongwen.clean(_seed("004"))
    rules = [r for _, _, r, _ in cleaned.removed]
    assert rules == ["site-intro", "site-intro", "file-format", "hidden-content"]
    assert "小編" not in cleaned.text and "當前隱藏內容免費查看" not in cleaned.text
    text = _seed("004")
    for start, end, _, removed in cleaned.removed:
        # The reported span is in the original text and the removed text is the input's.
        assert removed == text[start:end]
        assert gongwen.clean(removed).text == ""
    link = gongwen.clean(_seed("002"))
    assert [r for _, _, r, _ in link.removed if r != "join_line"] == ["share", "link"]
    assert "链接地址" not in link.text and "扫一扫" not in link.text
    assert gongwen.clean(_seed("003")).removed == []


def test_user_rules(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("# my site\nfragment\tad\t扫码关注公众号\nline\tfooter\t^本站声明\n", encoding="utf-8")
    mine = gongwen.BoilerplateRules(path)
    assert len(mine) == len(gongwen.BoilerplateRules()) + 2
    text = "工作总结。掃碼關注公眾號\n本站聲明：轉載請注明\n正文"
    cleaned = gongwen.clean(text, rules=mine)
    assert cleaned.text == "工作总结。\n正文"
    assert [r for _, _, r, _ in cleaned.removed] == ["ad", "footer"]
    only = gongwen.BoilerplateRules(path, extend_default=False)
    assert len(only) == 2
    bad = tmp_path / "bad.txt"
    bad.write_text("line\tok\tfine\nparagraph\tx\ty\n", encoding="utf-8")
    with pytest.raises(gongwen.DictionaryError, match=r"^bad line in .*bad\.txt at line 2: ") as caught:
        gongwen.BoilerplateRules(bad)
    assert (caught.value.path, caught.value.line) == (str(bad), 2)
    with pytest.raises(FileNotFoundError) as missing:
        gongwen.BoilerplateRules(tmp_path / "missing.txt")
    assert (missing.value.errno, missing.value.filename) == (errno.ENOENT, str(tmp_path / "missing.txt"))


def test_removed_text_is_the_input_slice() -> None:
    # The removal reported the cleaned text: `１２` as `12`, the reading and `\r\n` gone.
    text = "正文\r\n首页>１２ 區(qū)\r\n正文"
    for cleaned in (gongwen.clean(text), gongwen.normalize(text, "t2s")):
        assert cleaned.removed == [(4, 17, "menu", "首页>１２ 區(qū)\r\n")]
        assert cleaned.text == "正文\n正文"
    seed = _seed("001").replace("\n", "\r\n") + "\u3000当前隐藏内容免费查看１２"
    removed = gongwen.clean(seed).removed
    assert removed and all(t == seed[s:e] for s, e, _, t in removed)


def test_rule_files_with_a_bom_or_bytes_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffline\tfooter\t^本站声明\n".encode())
    cleaned = gongwen.clean("正文\n本站聲明：轉載請注明\n", rules=gongwen.BoilerplateRules(path, extend_default=False))
    assert cleaned.text == "正文\n"
    assert [r for _, _, r, _ in cleaned.removed] == ["footer"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes("# 规则\nline\tok\t本站\nfragment\tad\t".encode() + "广告".encode("gb18030") + b"\n")
    with pytest.raises(gongwen.DictionaryError, match=r"bad\.txt at line 3: not valid UTF-8"):
        gongwen.BoilerplateRules(bad)


@pytest.mark.timeout(10)
def test_runs_of_blank_lines_clean_in_linear_time() -> None:
    # A `^\s*` line rule tried at every line start read the whole run from each (`\s` crosses
    # line breaks): 250,000 blank lines took 50 s. A guard, not a timing: the figures are in
    # benches/python/report_adversarial.py.
    blank = "\n" * 250_000
    assert gongwen.clean(blank).text == blank
    assert gongwen.normalize(blank).text == blank
    report = _seed("003")
    text = report + blank + "首页 > 新闻\n" + blank + report
    cleaned = gongwen.clean(text, copies=False)  # the report twice: a repeated copy otherwise
    # The menu rule's match starts at the first blank line start (where `^\s*` begins): the
    # lines it spans go, as the rule's own regex finds them.
    start = len(report) + 1
    end = len(report) + len(blank) + len("首页 > 新闻\n")
    assert cleaned.removed == [(start, end, "menu", text[start:end])]
    kept = gongwen.clean(report).text
    assert cleaned.text == kept + "\n" + blank + kept


@pytest.mark.timeout(10)
def test_thousands_of_rules_load_and_match_in_linear_time(tmp_path: Path) -> None:
    # 2,000 rules anchored at line starts took 27 s on a small text, 16,000 of any kind 27 s.
    n = 8_000
    lines = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            lines.append(f"fragment\tad{i}\t广告词{i}号")
        elif kind == 1:
            lines.append(f"line\tmenu{i}\t^\\s*栏目{i}\\s*[:：>]")
        elif kind == 2:
            lines.append(f"line\tsite{i}\t本站{i}(版权|声明)")
        else:
            lines.append(f"fragment\tcode{i}\t编号{i}-\\d+")
    path = tmp_path / "many.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = gongwen.BoilerplateRules(path)
    assert len(rules) == len(gongwen.BoilerplateRules()) + n
    text = "工作总结。廣告詞16號\n栏目2001：首页\n 本站7994声明\n编号7999-42正文\n全年完成投资5亿元。\n" * 3
    cleaned = gongwen.clean(text, rules=rules)
    assert cleaned.text == "工作总结。\n正文\n全年完成投资5亿元。\n" * 3
    assert [r for _, _, r, _ in cleaned.removed] == ["ad16", "menu2001", "site7994", "code7999"] * 3
    # A text holding other rules' fragments (广告词800号, 广告词8号) loses nothing no rule matches.
    assert gongwen.clean("广告词8001号", rules=rules).removed == []


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_normalize_is_clean_then_opencc(prefix: str) -> None:
    text = _seed(prefix)
    cleaned = gongwen.clean(text)
    normalized = gongwen.normalize(text, "t2s")
    assert normalized.text == opencc.OpenCC("t2s").convert(cleaned.text)
    assert normalized.readings_removed == READINGS[prefix]
    _, cmap = gongwen.Converter("t2s").convert_with_map(cleaned.text)
    assert normalized.map.spans() == cleaned.map.then(cmap).spans()
    assert gongwen.normalize(text, None).text == cleaned.text


_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Characters the character pass may turn a source character into.
_SAME = {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"}


def _from(src: str, out: str) -> bool:
    """Whether output character `out` is a legitimate cleaning of source span `src`."""
    if src == out:
        return True
    if len(src) == 1:
        if _SAME.get(out) == src:
            return True
        if "\uff10" <= src <= "\uff5a" and chr(ord(src) - 0xFEE0) == out:
            return True
        if out == " " and src in _ODD_SPACES:
            return True
    return out == "\n" and src in ("\r\n", "\r", "\u0085", "\u2028", "\u2029")


_PIECES = [
    "區(qū)",
    "實(shí)",
    "(GDP)",
    "，",
    ",",
    ":",
    "(",
    ")",
    "１２",
    "ｘ",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\r\n",
    "\r",
    "\n",
    " ",
    "工作",
    "小编为大家整理了范文\n",
    "当前隐藏内容免费查看",
    "1,000",
    "a",
    "😀",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=16))
def test_map_sends_every_character_back(parts: list[str]) -> None:
    text = "".join(parts)
    cleaned = gongwen.clean(text)
    m = cleaned.map
    assert len(m) == len(cleaned.text)
    assert m.source_len == len(text)
    previous_end = 0
    for i, ch in enumerate(cleaned.text):
        s, e = m.source_span(i)
        assert 0 <= s < e <= len(text)
        assert s >= previous_end or (s, e) == m.source_span(i - 1)
        previous_end = e
        assert _from(text[s:e], ch), (text, i, text[s:e], ch)


@pytest.mark.parametrize("bad", [None, 3, ["a"]])
def test_bad_input(bad: object) -> None:
    with pytest.raises(TypeError, match="must be bytes"):
        gongwen.clean(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        gongwen.normalize(bad)  # type: ignore[arg-type]


def test_bytes_in_any_encoding() -> None:
    text = _seed("000")
    from_str = gongwen.clean(text)
    assert from_str.encoding is None
    for codec, name in [("gb18030", "GB18030"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("utf-16", None)]:
        cleaned = gongwen.clean(text.encode(codec))
        assert cleaned.text == from_str.text
        assert cleaned.encoding == name or (name is None and cleaned.encoding.startswith("UTF-16"))
    simplified = _seed("003")
    normalized = gongwen.normalize(simplified.encode("gb18030"), "s2t")
    assert normalized.encoding == "GB18030"
    assert normalized.text == gongwen.normalize(simplified, "s2t").text
    assert gongwen.clean(b"").text == ""
    with pytest.raises(gongwen.DecodeError):
        gongwen.clean("工作总结".encode("gb18030")[:-1] + b"\xff\xff\x00")


def test_edge_input() -> None:
    assert gongwen.clean("").text == ""
    assert len(gongwen.clean("").map) == 0
    with pytest.raises(ValueError, match="lone surrogate at position 1"):
        gongwen.clean("a\ud800")
    with pytest.raises(ValueError, match="unknown conversion config"):
        gongwen.normalize("abc", "x2y")
    with pytest.raises(TypeError, match="BoilerplateRules"):
        gongwen.clean("abc", rules="not rules")  # type: ignore[arg-type]
    long_line = "區(qū)域經濟," * 200_000  # 2.2 M characters on one line
    cleaned = gongwen.clean(long_line)
    assert cleaned.readings_removed == 200_000
    assert cleaned.text == "區域經濟，" * 200_000


# Run in a fresh interpreter: normalize on one ~100 MB line (the seeds with their line breaks
# removed, repeated), reporting the peak RSS the call added. Boilerplate stays on its own test:
# here it would remove the whole line (004 holds a site introduction).
BIG_LINE_SCRIPT = r"""
import json, resource, sys
from pathlib import Path
import gongwen
seeds = sorted(Path(sys.argv[1]).glob("*.txt"))
base = "".join(p.read_text(encoding="utf-8").replace("\r", "").replace("\n", "") for p in seeds)
reps = 100_000_000 // len(base.encode()) + 1
one = len(gongwen.normalize(base, "t2s", boilerplate=False).text)
two = len(gongwen.normalize(base * 2, "t2s", boilerplate=False).text)
nbytes = len(base.encode()) * reps
line = base * reps
del base
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
n = len(gongwen.normalize(line, "t2s", boilerplate=False).text)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"bytes": nbytes, "reps": reps, "one": one, "two": two, "n": n, "added_kib": after - before}))
"""


def test_a_100_mb_single_line_in_bounded_memory() -> None:
    import json
    import subprocess
    import sys

    if sys.platform != "linux":
        pytest.skip("ru_maxrss is in KiB on Linux only")
    done = subprocess.run(
        [sys.executable, "-c", BIG_LINE_SCRIPT, str(SEEDS)], capture_output=True, text=True, check=True
    )
    r = json.loads(done.stdout)
    # Joins of copies change nothing but locally, so the length grows by one copy's worth per copy.
    assert r["n"] == r["one"] + (r["reps"] - 1) * (r["two"] - r["one"])
    # The call holds the interpreter's UTF-8 form of the input, the cleaned text, the output and
    # two maps: about 5x the input's UTF-8 size; it used to be 7.4x (Vec<char> copies).
    assert r["added_kib"] * 1024 < 6.0 * r["bytes"], r
