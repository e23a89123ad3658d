"""Recorded outputs of the whole pipeline on real text, to show that a change of layout changes nothing.

``tests/snapshots/<config>.jsonl`` holds, for every document of the seeds and of the real reports
in ``tests/fixtures/real`` (a copy of ``shared/corpus/real``), one JSON line per document: its
row (id, source, encoding, ok, error, chars, token count), a digest of its cleaned text and of its
tokens with their spans, its sections, its indicators (every field) and its lexicon counts, and
the structure that :func:`gongwen.analyze_structure` finds in its text.

``test_snapshots.py`` compares the current output with the recording. When a change of output
is intended, record again and read the diff before committing it::

    GONGWEN_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py
    # or: python tests/snapshot.py
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gongwen

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SNAPSHOTS = HERE / "snapshots"

LEXICONS = {
    "environment": ["环境", "生态", "污染", "绿色", "节能", "减排", "碳"],
    "growth": ["增长", "发展", "经济", "投资"],
}

# Each configuration: the options passed to process_corpus (beside emit/keep_text/lexicons), and
# whether its sections and indicators are recorded in full (one line each) or as a digest.
CONFIGS: dict[str, dict[str, Any]] = {
    "t2s": {"convert": "t2s"},
    "s2t_raw": {"convert": "s2t", "clean": False},
}
FULL = {"t2s"}


def inputs() -> list[Any]:
    """The documents: seed files, the GBK scrapes, the national JSONL and the provincial CSVs."""
    real = FIXTURES / "real"
    files = sorted((FIXTURES / "seeds").glob("*.txt"))
    files += sorted((real / "gov_cn_gbk").glob("*.txt"))
    files += sorted((real / "provincial_2026").glob("*.csv"))
    return [*files, real / "national" / "national_reports.jsonl"]


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def _relative(source: str | None) -> str | None:
    if source is None:
        return None
    try:
        return Path(source).resolve().relative_to(HERE).as_posix()
    except ValueError:
        return source


def _structure(text: str) -> dict[str, Any]:
    s = gongwen.analyze_structure(text)
    headings = sorted(
        {(h["start"], h["level"], h["marker"], h["text"]) for p in s["paragraphs"] for h in p["heading_path"]}
    )
    stances = [(p["start"], p["end"], p["stance"], p["is_heading"], p["doc"]) for p in s["paragraphs"]]
    return {
        "documents": s["documents"],
        "headings": headings,
        "paragraphs": len(stances),
        "paragraphs_digest": _digest(stances),
    }


def records(config: str) -> Iterator[dict[str, Any]]:
    """One record per document of the snapshot inputs under configuration ``config``."""
    options = CONFIGS[config]
    # The text is the national JSONL's "content" field and the provincial CSVs' "full_text" column.
    runs = itertools.groupby(inputs(), key=lambda p: "full_text" if p.suffix == ".csv" else "content")
    corpus = (
        doc
        for column, items in runs
        for doc in gongwen.process_corpus(
            list(items), emit="tokens", keep_text=True, lexicons=LEXICONS, text_column=column, threads=2, **options
        )
    )
    for doc in corpus:
        tokens = list(zip(doc.tokens or [], doc.spans or []))
        yield {
            "id": _relative(doc.id),
            "source": _relative(doc.source),
            "encoding": doc.encoding,
            "ok": doc.ok,
            "error_kind": doc.error_kind,
            "chars": doc.chars,
            "token_count": doc.token_count,
            "text_digest": _digest(doc.text),
            "tokens_digest": _digest(tokens),
            "lexicons": {k: [v.total, sorted(v.counts.items())] for k, v in sorted(doc.lexicons.items())},
            "sections": doc.sections,
            "indicators": [sorted(i.to_dict().items()) for i in doc.indicators],
            "structure": _structure(doc.text) if doc.text is not None else None,
        }


def path(config: str) -> Path:
    return SNAPSHOTS / f"{config}.jsonl"


def _line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"


def render(config: str) -> str:
    """The recording: a line per document, then (in full configurations) a line per section and indicator."""
    out = []
    for r in records(config):
        parts = {k: r.pop(k) for k in ("sections", "indicators")}
        for k, items in parts.items():
            r[k] = [len(items), _digest(items)]
        out.append(_line(r))
        if config in FULL:
            out += [_line(["section", x]) for x in parts["sections"]]
            out += [_line(dict(x)) for x in parts["indicators"]]
    return "".join(out)


def record() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for config in CONFIGS:
        path(config).write_text(render(config), encoding="utf-8")


if __name__ == "__main__":
    record()
