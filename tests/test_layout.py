"""The layout rules of the repository (issue 20): rooms you can hold in your head.

No source file under ``rust/`` or ``python/`` is over 800 lines, and the modules of each crate
and of the Python package import each other without a cycle (test modules and doc comments
aside: a test may use any module).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 800


def _sources() -> list[Path]:
    return sorted(p for d in ("rust", "python") for p in (ROOT / d).rglob("*") if p.suffix in (".rs", ".py", ".pyi"))


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(u: str) -> list[str] | None:
        state[u] = 1
        stack.append(u)
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1:
                return [*stack[stack.index(v) :], v]
            if not state.get(v):
                found = visit(v)
                if found:
                    return found
        stack.pop()
        state[u] = 2
        return None

    for u in sorted(graph):
        if not state.get(u):
            found = visit(u)
            if found:
                return found
    return None


def _rust_graph(src: Path) -> dict[str, set[str]]:
    """Top-level module -> the top-level modules its non-test code names (``crate::x``)."""
    graph: dict[str, set[str]] = {}
    for path in src.rglob("*.rs"):
        rel = path.relative_to(src).parts
        top = rel[0].removesuffix(".rs")
        if top == "lib" or "tests" in rel or rel[-1] in ("tests.rs", "testing.rs"):
            continue
        text = re.sub(r"#\[cfg\(test\)\]\s*mod \w+ \{.*", "", path.read_text(encoding="utf-8"), flags=re.S)
        code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
        graph.setdefault(top, set()).update(m for m in re.findall(r"crate::([a-z_]+)", code) if m != top)
    return graph


def _python_graph(package: Path) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    names = {p.stem for p in package.glob("*.py")}
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = set(re.findall(r"(?:from|import) gongwen\.(\w+)", text))
        for group in re.findall(r"from gongwen import \(?([\w, \n]+)\)?", text):
            found.update(n.strip() for n in group.split(","))
        graph[path.stem] = {m for m in found if m in names and m != path.stem}
    return graph


def test_no_source_file_is_over_800_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these files along their seams: {long}"


def test_no_leftover_of_a_merge_or_an_old_copy_is_tracked() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "rust", "python"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    stray = [f for f in tracked if f.endswith((".orig", ".rej", ".bak")) or "reference" in Path(f).stem]
    assert not stray, f"no old copies of code under rust/ or python/: {stray}"


@pytest.mark.parametrize("crate", ["gongwen-core", "gongwen-py"])
def test_rust_modules_import_without_a_cycle(crate: str) -> None:
    graph = _rust_graph(ROOT / "rust" / crate / "src")
    assert len(graph) > 5
    assert _cycle(graph) is None, f"{crate}: import cycle {' -> '.join(_cycle(graph) or [])}"


def test_python_modules_import_without_a_cycle() -> None:
    graph = _python_graph(ROOT / "python" / "gongwen")
    assert "corpus" in graph and "_driver" in graph["corpus"]
    assert _cycle(graph) is None, f"import cycle {' -> '.join(_cycle(graph) or [])}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
