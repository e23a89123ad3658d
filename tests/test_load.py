"""Loading: document bytes to text, in the encoding detected (or named), strictly.

The fixtures in ``fixtures/encodings`` are seed documents encoded by CPython's codecs (an encoder
independent of gongwen's decoder); each must decode to exactly the seed text it came from, with
the right encoding name. Damaged, truncated and binary data must raise ``gongwen.DecodeError``
naming the byte offset, never decode with U+FFFD and never crash.

``python tests/test_load.py`` rewrites the fixtures from the seeds (see the fixtures' README).
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongwen

FIXTURES = Path(__file__).parent / "fixtures"
ENCODINGS = FIXTURES / "encodings"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
TRADITIONAL_SEEDS = {"000", "001", "004"}


def seed_text(prefix: str) -> str:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def big5_encodable(text: str) -> str:
    """``text`` without the characters Big5 cannot encode (pinyin tone marks, a few rare ones)."""

    def fits(ch: str) -> bool:
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            return False
        return True

    return "".join(ch for ch in text if fits(ch))


@dataclass(frozen=True)
class Fixture:
    name: str
    seed: str  # file name prefix in fixtures/seeds
    start: int  # character slice of the seed
    stop: int | None
    codec: str  # CPython codec that wrote the bytes
    bom: bytes
    expected: str  # what gongwen.decode must report

    def original(self) -> str:
        text = seed_text(self.seed)[self.start : self.stop]
        return big5_encodable(text) if self.codec == "big5" else text

    def expected_bytes(self) -> bytes:
        return self.bom + self.original().encode(self.codec)

    def read(self) -> bytes:
        return (ENCODINGS / self.name).read_bytes()


FIXTURE_LIST = [
    Fixture("simplified.gb18030", "003", 0, None, "gb18030", b"", "GB18030"),
    Fixture("traditional.gb18030", "000", 0, None, "gb18030", b"", "GB18030"),
    Fixture("traditional.big5", "004", 0, 4000, "big5", b"", "Big5"),
    Fixture("traditional.utf-16le-bom", "001", 0, 4000, "utf-16-le", codecs.BOM_UTF16_LE, "UTF-16LE"),
    Fixture("simplified.utf-16be-bom", "002", 0, 4000, "utf-16-be", codecs.BOM_UTF16_BE, "UTF-16BE"),
    Fixture("simplified.utf-8-bom", "002", 4000, 8000, "utf-8", codecs.BOM_UTF8, "UTF-8"),
]
BY_NAME = {f.name: f for f in FIXTURE_LIST}
LEGACY = [f for f in FIXTURE_LIST if not f.bom]


def write_fixtures() -> None:
    ENCODINGS.mkdir(exist_ok=True)
    for fixture in FIXTURE_LIST:
        (ENCODINGS / fixture.name).write_bytes(fixture.expected_bytes())


def assert_offset_is_exact(data: bytes, err: gongwen.DecodeError) -> None:
    """The error names the first bad sequence: everything before it decodes in its encoding,
    and decoding the whole in that encoding fails at the same offset."""
    assert err.encoding is not None
    assert 0 <= err.offset < len(data)
    assert f"byte offset {err.offset}" in str(err)
    gongwen.decode(data[: err.offset], encoding=err.encoding)
    with pytest.raises(gongwen.DecodeError) as again:
        gongwen.decode(data, encoding=err.encoding)
    assert again.value.offset == err.offset


# -- the fixtures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.name)
def test_fixture_is_the_seed_text_encoded(fixture: Fixture) -> None:
    data = fixture.read()
    assert data == fixture.expected_bytes(), "fixture out of date: run python tests/test_load.py"
    assert len(data) < 50_000


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.name)
def test_fixture_decodes_to_the_original(fixture: Fixture) -> None:
    text, encoding = gongwen.decode(fixture.read())
    assert encoding == fixture.expected
    assert text == fixture.original()  # BOM removed, every character exact


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.name)
def test_fixture_decodes_in_its_named_encoding(fixture: Fixture) -> None:
    assert gongwen.decode(fixture.read(), encoding=fixture.expected) == (fixture.original(), fixture.expected)


def test_the_big5_fixture_keeps_nearly_all_of_its_seed() -> None:
    fixture = BY_NAME["traditional.big5"]
    full = seed_text(fixture.seed)[fixture.start : fixture.stop]
    kept = fixture.original()
    removed = set(full) - set(kept)
    assert len(kept) > 0.9 * len(full)
    # Pinyin readings with tone marks and a handful of rare characters.
    assert {"ū", "ǎ", "è"} <= removed, removed


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds_are_utf8(path: Path) -> None:
    assert gongwen.decode(path.read_bytes()) == (path.read_text(encoding="utf-8"), "UTF-8")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_gbk_data_is_gb18030(path: Path) -> None:
    # GBK is a subset of GB18030 with the same bytes and one decoder in WHATWG/encoding_rs:
    # gongwen reports GB data as GB18030 whatever it was written as.
    text = path.read_text(encoding="utf-8").encode("gbk", errors="ignore").decode("gbk")
    assert gongwen.decode(text.encode("gbk")) == (text, "GB18030")
    assert gongwen.decode(text.encode("gbk"), encoding="gbk") == (text, "GB18030")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_excerpts_are_detected(path: Path) -> None:
    # Windows of 300 characters all through every seed, in GB18030 and (Traditional seeds) Big5.
    text = path.read_text(encoding="utf-8")
    for start in range(0, len(text) - 300, max(1, len(text) // 40)):
        piece = text[start : start + 300]
        assert gongwen.decode(piece.encode("gb18030")) == (piece, "GB18030"), start
        if path.name[:3] in TRADITIONAL_SEEDS:
            big5 = big5_encodable(piece)
            assert gongwen.decode(big5.encode("big5")) == (big5, "Big5"), start


# -- small and edge inputs ---------------------------------------------------------------------------


def test_empty() -> None:
    assert gongwen.decode(b"") == ("", "UTF-8")
    assert gongwen.decode(bytearray()) == ("", "UTF-8")
    assert gongwen.decode(memoryview(b"")) == ("", "UTF-8")
    assert gongwen.decode(b"", encoding="gb18030") == ("", "GB18030")


def test_bom_only_and_bom_kept_once() -> None:
    assert gongwen.decode(codecs.BOM_UTF8) == ("", "UTF-8")
    assert gongwen.decode(codecs.BOM_UTF16_BE) == ("", "UTF-16BE")
    # A second U+FEFF is text (a zero-width no-break space), not a mark.
    assert gongwen.decode(codecs.BOM_UTF8 * 2 + "公文".encode()) == ("\ufeff公文", "UTF-8")


def test_bytes_like_inputs() -> None:
    data = BY_NAME["traditional.big5"].read()
    expected = gongwen.decode(data)
    assert gongwen.decode(bytearray(data)) == expected
    assert gongwen.decode(memoryview(data)) == expected
    # A slice of a memoryview: only the viewed bytes.
    assert gongwen.decode(memoryview(b"xx" + "公文".encode() + b"yy")[2:-2]) == ("公文", "UTF-8")


@pytest.mark.parametrize("value", ["公文", 123, None, ["a"], 1.5], ids=repr)
def test_non_bytes_is_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="bytes"):
        gongwen.decode(value)  # type: ignore[arg-type]


def test_non_str_encoding_is_type_error() -> None:
    with pytest.raises(TypeError):
        gongwen.decode(b"abc", encoding=936)  # type: ignore[arg-type]


# -- errors ------------------------------------------------------------------------------------------


def test_decode_error_is_a_gongwen_error() -> None:
    assert issubclass(gongwen.DecodeError, gongwen.GongwenError)
    assert gongwen.DecodeError.__module__ == "gongwen"


def cut_inside_a_character(data: bytes, codec: str, end: int) -> tuple[bytes, int]:
    """The longest prefix of ``data[:end]`` that ends inside a character, and where that starts
    (CPython's codec, which reads a BOM as U+FEFF, is the oracle)."""
    while True:
        try:
            data[:end].decode(codec)
        except UnicodeDecodeError as err:
            return data[:end], err.start
        end -= 1


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.name)
@pytest.mark.parametrize("cut", [1, 2, 3, 1001])
def test_truncated_data_names_the_offset(fixture: Fixture, cut: int) -> None:
    data = fixture.read()
    truncated, offset = cut_inside_a_character(data, fixture.codec, len(data) - cut)
    with pytest.raises(gongwen.DecodeError, match=rf"^invalid {fixture.expected} at byte offset {offset}\b") as err:
        gongwen.decode(truncated)
    assert (err.value.encoding, err.value.offset) == (fixture.expected, offset)
    assert "truncated" in str(err.value)
    with pytest.raises(gongwen.DecodeError, match=rf"byte offset {offset}\b"):
        gongwen.decode(truncated, encoding=fixture.expected)


@pytest.mark.parametrize("fixture", LEGACY, ids=lambda f: f.name)
@pytest.mark.parametrize("where", [0.01, 0.5, 0.99])
def test_a_damaged_byte_names_its_offset(fixture: Fixture, where: float) -> None:
    data = fixture.read()
    # After a whole character (a line break), insert a byte no GB18030 or Big5 character has.
    newline = data.find(b"\n", int(len(data) * where))
    at = (newline if newline >= 0 else data.rindex(b"\n")) + 1
    damaged = data[:at] + b"\xff" + data[at:]
    with pytest.raises(gongwen.DecodeError) as err:
        gongwen.decode(damaged)
    assert (err.value.encoding, err.value.offset) == (fixture.expected, at)
    assert f"byte offset {at}" in str(err.value) and "ff" in str(err.value)
    assert_offset_is_exact(damaged, err.value)


def test_wrong_forced_encoding_is_an_error_not_mojibake() -> None:
    gb = BY_NAME["simplified.gb18030"].read()
    with pytest.raises(gongwen.DecodeError, match="invalid UTF-8") as err:
        gongwen.decode(gb, encoding="utf-8")
    assert_offset_is_exact(gb, err.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00",  # a .docx / .zip
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "工作报告 2023".encode("utf-16-le"),  # UTF-16 without a BOM
        b"report\x00",
    ],
    ids=["png", "zip", "jpeg", "utf-16-no-bom", "nul"],
)
def test_binary_data_is_not_text(data: bytes) -> None:
    with pytest.raises(gongwen.DecodeError, match="not a text file") as err:
        gongwen.decode(data)
    assert err.value.encoding is None
    assert err.value.offset == data.index(b"\x00")


def test_binary_data_can_be_read_when_named() -> None:
    data = "工作报告 2023".encode("utf-16-le")
    assert gongwen.decode(data, encoding="utf-16le") == ("工作报告 2023", "UTF-16LE")
    assert gongwen.decode(b"a\x00b", encoding="utf-8") == ("a\x00b", "UTF-8")


def test_undecodable_data_names_the_likeliest_encoding() -> None:
    latin = "crème brûlée à la carte, s'il vous plaît".encode("cp1252")
    with pytest.raises(gongwen.DecodeError, match="windows-1252") as err:
        gongwen.decode(latin)
    # Valid in none of UTF-8, GB18030 and Big5: the error is where it decodes furthest ("èm" is
    # a GB18030 character, "e " is not).
    assert (err.value.encoding, err.value.offset) == ("GB18030", latin.index(b"\xe0"))
    assert_offset_is_exact(latin, err.value)
    assert gongwen.decode(latin, encoding="windows-1252")[0].startswith("crème")


# -- forced encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "codec", "expected"),
    [
        ("gb18030", "gb18030", "GB18030"),
        ("GB18030", "gb18030", "GB18030"),
        ("gbk", "gbk", "GB18030"),
        ("gb2312", "gbk", "GB18030"),
        ("cp936", "gbk", "GB18030"),
        ("big5", "big5", "Big5"),
        ("Big5-HKSCS", "big5", "Big5"),
        ("cp950", "big5", "Big5"),
        ("utf-8", "utf-8", "UTF-8"),
        ("utf8", "utf-8", "UTF-8"),
        ("utf_8_sig", "utf-8-sig", "UTF-8"),
        ("utf-16le", "utf-16-le", "UTF-16LE"),
        ("utf_16_be", "utf-16-be", "UTF-16BE"),
        ("utf-16", "utf-16", "UTF-16LE"),  # Python's utf-16 writes a native (little-endian) BOM
    ],
)
def test_forced_encoding(label: str, codec: str, expected: str) -> None:
    text = big5_encodable(seed_text("001")[:500])
    assert gongwen.decode(text.encode(codec), encoding=label) == (text, expected)


def test_forced_encoding_overrides_detection() -> None:
    text = "日本語の報告書です。カタカナもあります。"
    data = text.encode("shift_jis")
    assert gongwen.decode(data, encoding="shift_jis") == (text, "Shift_JIS")
    # Detection knows the encodings of Chinese documents only: Shift_JIS bytes are valid
    # GB18030, and read as such (mojibake); name the encoding to read Japanese.
    assert gongwen.decode(data) == (data.decode("gb18030"), "GB18030")


def test_forced_encoding_removes_only_its_own_bom() -> None:
    data = codecs.BOM_UTF16_LE + "公文".encode("utf-16-le")
    assert gongwen.decode(data, encoding="utf-16le") == ("公文", "UTF-16LE")
    assert gongwen.decode(data, encoding="utf-16")[0] == "公文"
    assert gongwen.decode(codecs.BOM_UTF16_BE + "公文".encode("utf-16-be"), encoding="utf-16") == ("公文", "UTF-16BE")
    with pytest.raises(gongwen.DecodeError):
        gongwen.decode(codecs.BOM_UTF8 + "公文".encode(), encoding="utf-16le")  # odd length


@pytest.mark.parametrize("label", ["", "gb-what", "utf-9", "chinese-simplified", "hz-gb-2312", "iso-2022-kr"])
def test_unknown_encoding_is_value_error(label: str) -> None:
    # hz-gb-2312 and iso-2022-kr are WHATWG labels of the "replacement" encoding, which can only
    # turn a document into one U+FFFD.
    with pytest.raises(ValueError, match="unknown encoding"):
        gongwen.decode(b"abc", encoding=label)


# Every label the load stage documents (gongwen.decode's docstring and the core's `decode_as`:
# WHATWG labels, Python's names for the encodings of Chinese documents), the codec that writes
# it and the encoding it reads as.
DOCUMENTED_LABELS = [
    ("gb18030", "gb18030", "GB18030"),
    ("gbk", "gbk", "GB18030"),
    ("gb2312", "gb2312", "GB18030"),
    ("cp936", "cp936", "GB18030"),
    ("CP936", "cp936", "GB18030"),
    ("ms936", "cp936", "GB18030"),
    ("936", "cp936", "GB18030"),
    ("big5", "big5", "Big5"),
    ("cp950", "cp950", "Big5"),
    ("ms950", "cp950", "Big5"),
    ("950", "cp950", "Big5"),
    ("big5hkscs", "big5hkscs", "Big5"),
    (" Big5-HKSCS ", "big5hkscs", "Big5"),
    ("utf-8", "utf-8", "UTF-8"),
    ("utf8", "utf-8", "UTF-8"),
    ("utf_8_sig", "utf-8-sig", "UTF-8"),
    ("utf-8-sig", "utf-8-sig", "UTF-8"),
    ("utf8-sig", "utf-8-sig", "UTF-8"),
    ("utf-16", "utf-16", "UTF-16LE"),
    ("utf16", "utf-16", "UTF-16LE"),
    ("utf-16le", "utf-16-le", "UTF-16LE"),
    ("utf-16-le", "utf-16-le", "UTF-16LE"),
    ("utf16le", "utf-16-le", "UTF-16LE"),
    ("utf-16be", "utf-16-be", "UTF-16BE"),
    ("utf-16-be", "utf-16-be", "UTF-16BE"),
    ("utf16be", "utf-16-be", "UTF-16BE"),
    ("shift_jis", "shift_jis", "Shift_JIS"),
]


@pytest.mark.parametrize(("label", "codec", "expected"), DOCUMENTED_LABELS)
def test_one_label_parser_for_every_entry_point(label: str, codec: str, expected: str) -> None:
    """decode, process_corpus (bytes and files) and Pipeline read the same labels alike
    (issue 19: process_corpus(..., encoding="cp936") raised while decode accepted it)."""
    if codec == "shift_jis":
        text = "日本の公文、報告書。"
    elif codec == "gb2312":
        text = seed_text("003")[:300]  # Simplified, in GB2312's character set
    else:
        text = big5_encodable(seed_text("001")[:300])
    data = text.encode(codec)
    assert gongwen.decode(data, encoding=label) == (text, expected)
    gongwen.Pipeline(encoding=label)
    (doc,) = gongwen.process_corpus([data], encoding=label, keep_text=True, convert=None, clean=False)
    assert (doc.ok, doc.encoding, doc.chars, doc.text) == (True, expected, len(text), text)


@pytest.mark.parametrize("label", ["", "gb-what", "utf-9", "chinese-simplified", "hz-gb-2312", "iso-2022-kr"])
def test_unknown_labels_are_rejected_by_every_entry_point(label: str) -> None:
    # hz-gb-2312 was accepted by Pipeline (a WHATWG label of the "replacement" encoding), and
    # then every document failed.
    for call in (
        lambda: gongwen.decode(b"abc", encoding=label),
        lambda: gongwen.Pipeline(encoding=label),
        lambda: gongwen.process_corpus([b"abc"], encoding=label),
    ):
        with pytest.raises(ValueError, match="unknown encoding"):
            call()


# -- properties --------------------------------------------------------------------------------------

SEED_CHARS = sorted(set("".join(p.read_text(encoding="utf-8") for p in SEEDS)) - {"\ufeff"})
LABELS = [None, "gb18030", "big5", "utf-8", "utf-16le", "utf-16be", "shift_jis", "windows-1252"]


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=3000), label=st.sampled_from(LABELS))
def test_random_bytes_never_crash(data: bytes, label: str | None) -> None:
    try:
        text, encoding = gongwen.decode(data, encoding=label)
    except gongwen.DecodeError as err:
        assert 0 <= err.offset < len(data)
    else:
        assert isinstance(text, str) and isinstance(encoding, str)


@settings(max_examples=300, deadline=None)
@given(data=st.lists(st.integers(0x80, 0xFF), max_size=2000).map(bytes))
def test_random_high_bytes_never_crash(data: bytes) -> None:
    # Legacy CJK lives in 0x80-0xFF: this exercises detection and the error paths, not the
    # NUL check.
    try:
        gongwen.decode(data)
    except gongwen.DecodeError as err:
        assert_offset_is_exact(data, err)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([f.name for f in FIXTURE_LIST]),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=3),
    cut=st.integers(0, 5),
)
def test_damaged_fixtures_decode_or_name_the_first_bad_byte(
    name: str, edits: list[tuple[float, int]], cut: int
) -> None:
    data = bytearray(BY_NAME[name].read())
    for where, byte in edits:
        data[int(where * len(data))] = byte
    damaged = bytes(data[: len(data) - cut])
    try:
        gongwen.decode(damaged)
    except gongwen.DecodeError as err:
        if err.encoding is None:  # a UTF-16 BOM was hit: NUL bytes and no BOM
            assert b"\x00" in damaged
        else:
            assert_offset_is_exact(damaged, err)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from([*SEED_CHARS, "\x00"]), max_size=400),
    codec_label=st.sampled_from(
        [
            ("gb18030", "gb18030"),
            ("gbk", "gbk"),
            ("utf-8", "utf-8"),
            ("utf-16-le", "utf-16le"),
            ("utf-16-be", "utf-16be"),
        ]
    ),
)
def test_named_encoding_round_trips(text: str, codec_label: tuple[str, str]) -> None:
    codec, label = codec_label
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    assert gongwen.decode(data, encoding=label)[0] == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_unicode_with_a_bom_round_trips(text: str) -> None:
    assert gongwen.decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "UTF-8")
    assert gongwen.decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "UTF-16LE")
    assert gongwen.decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == (text, "UTF-16BE")
    if "\x00" not in text and not text.startswith("\ufeff"):
        assert gongwen.decode(text.encode("utf-8")) == (text, "UTF-8")


# -- scale and threads -------------------------------------------------------------------------------


def test_twenty_megabytes_of_gb18030() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS)
    data = text.encode("gb18030") * (20_000_000 // len(text.encode("gb18030")) + 1)
    decoded, encoding = gongwen.decode(data)
    assert encoding == "GB18030"
    assert len(decoded) == len(text) * (len(data) // len(text.encode("gb18030")))
    assert decoded[: len(text)] == text and decoded[-len(text) :] == text


def test_threads_decode_at_once() -> None:
    # The GIL is released while decoding: every thread gets its own document's text back.
    inputs = [f.read() for f in FIXTURE_LIST] * 4
    results: list[tuple[str, str] | None] = [None] * len(inputs)

    def work(i: int) -> None:
        for _ in range(5):
            results[i] = gongwen.decode(inputs[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, result in enumerate(results):
        fixture = FIXTURE_LIST[i % len(FIXTURE_LIST)]
        assert result == (fixture.original(), fixture.expected)


if __name__ == "__main__":
    write_fixtures()
    for fixture in FIXTURE_LIST:
        print(f"{fixture.name}: {len(fixture.read())} bytes")
    big5 = BY_NAME["traditional.big5"]
    removed = sorted(set(seed_text(big5.seed)[big5.start : big5.stop]) - set(big5.original()))
    print("removed from the Big5 excerpt:", " ".join(removed))
