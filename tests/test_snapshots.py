"""The pipeline's output on the seeds and the real reports equals the recording in tests/snapshots.

A change of layout must leave every line equal. A change of behaviour records again
(``GONGWEN_UPDATE_SNAPSHOTS=1``) and commits the diff with the change that causes it.
"""

from __future__ import annotations

import difflib
import os

import pytest
import snapshot


@pytest.mark.parametrize("config", sorted(snapshot.CONFIGS))
def test_output_equals_recording(config: str) -> None:
    got = snapshot.render(config)
    path = snapshot.path(config)
    if os.environ.get("GONGWEN_UPDATE_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "recorded", "now", lineterm="", n=0)
        shown = "\n".join(line[:300] for line in list(diff)[:40])
        pytest.fail(f"{config}: output differs from {path.name} (first lines of the diff):\n{shown}")


def test_recording_covers_every_input() -> None:
    recorded = snapshot.path("t2s").read_text(encoding="utf-8")
    for name in ("1980.txt", "2002.txt", "national_reports.jsonl:22", "000_ff93f212bb4c8225.txt", "重庆市"):
        assert name in recorded, name
