"""Batch calls across threads: input order, the thread-count knobs, fork safety and GIL release.

Results of a two-thread batch must come back in input order and equal jieba's; ``threads=0`` is an
error; ``GONGWEN_NUM_THREADS`` sets the default. A process that forks after using the worker pool must
get a working pool in the child (rayon threads do not survive fork). While a batch runs, other Python
threads must be able to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import jieba
import jieba.posseg
import pytest

import gongwen

SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"


def _varied_texts(seed_lines: list[tuple[str, int, str]], count: int) -> list[str]:
    """count texts of very different lengths and scripts: every file, empty strings, many lines glued together."""
    lines = [line for _, _, line in seed_lines if line]
    texts = []
    for i in range(count):
        if i % 17 == 0:
            texts.append("")
        elif i % 13 == 0:
            texts.append("\n".join(lines[i : i + 10]))
        else:
            texts.append(lines[(i * 97) % len(lines)])
    return texts


def test_batch_results_in_input_order(seed_lines: list[tuple[str, int, str]]) -> None:
    texts = _varied_texts(seed_lines, 200)
    assert len(set(texts)) > 150
    want = [jieba.lcut(text) for text in texts]
    assert gongwen.cut_batch(texts, threads=2) == want
    assert gongwen.cut_batch(texts[::-1], threads=2) == want[::-1]
    assert gongwen.cut_all_batch(texts, threads=2) == [jieba.lcut(text, cut_all=True) for text in texts]
    assert gongwen.tokenize_batch(texts, mode="search", threads=2) == [
        list(jieba.tokenize(text, mode="search")) for text in texts
    ]
    tagged = gongwen.tag_batch(texts[:60], hmm=False, threads=2)
    assert tagged == [[(p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False)] for text in texts[:60]]
    ends, bounds = gongwen.cut_offsets_batch(texts, threads=2)
    for i, words in enumerate(want):
        assert ends[bounds[i] : bounds[i + 1]].tolist() == [
            sum(len(w) for w in words[: j + 1]) for j in range(len(words))
        ], i


def test_more_threads_than_texts() -> None:
    texts = ["我们是中国人", "城镇新增就业1200万人以上"]
    assert gongwen.cut_batch(texts, threads=8) == [jieba.lcut(text) for text in texts]
    assert gongwen.cut_batch(texts[:1], threads=3) == [jieba.lcut(texts[0])]


BATCH_CALLS = {
    "cut_batch": lambda **kw: gongwen.cut_batch(["工作"], **kw),
    "cut_all_batch": lambda **kw: gongwen.cut_all_batch(["工作"], **kw),
    "cut_for_search_batch": lambda **kw: gongwen.cut_for_search_batch(["工作"], **kw),
    "tokenize_batch": lambda **kw: gongwen.tokenize_batch(["工作"], **kw),
    "tag_batch": lambda **kw: gongwen.tag_batch(["工作"], **kw),
    "cut_offsets_batch": lambda **kw: gongwen.cut_offsets_batch(["工作"], **kw),
    "Segmenter.cut_batch": lambda **kw: gongwen.Segmenter().cut_batch(["工作"], **kw),
}


@pytest.mark.parametrize("name", list(BATCH_CALLS))
def test_zero_threads_is_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="threads"):
        BATCH_CALLS[name](threads=0)
    BATCH_CALLS[name](threads=1)


def _run_python(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3)])
def test_env_var_sets_default_threads(value: str, expected: int) -> None:
    env = {**os.environ, "GONGWEN_NUM_THREADS": value}
    done = _run_python(
        """
        import gongwen
        assert gongwen.cut_batch(["我们是中国人", "工作"]) == [["我们", "是", "中国", "人"], ["工作"]]
        print(gongwen.default_threads())
        """,
        env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(expected)


def test_default_threads_without_env_var() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GONGWEN_NUM_THREADS"}
    done = _run_python("import gongwen; print(gongwen.default_threads())", env)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1


FORK_SCRIPT = """
import os, signal, sys, time, traceback
from pathlib import Path
import gongwen

seeds = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [line for path in seeds for line in path.read_text(encoding="utf-8").split("\\n")][:400]
expected = [gongwen.cut(text) for text in texts]
expected_tags = [gongwen.tag(text) for text in texts[:100]]
# process_corpus of bytes (decoded in Rust) and scan_indicators_batch run on gongwen's own
# fork-safe pool; texts from Python run on threads made for each call; cut_batch on its own pool.
blobs = [text.encode("utf-8") for text in texts]
def corpus():
    return [(d.ok, d.token_count, d.n_indicators) for d in gongwen.process_corpus(blobs, threads=2)]
def scans():
    return [[i.to_dict() for i in found] for found in gongwen.scan_indicators_batch(texts, threads=2)]
# Start the two-thread worker pools in the parent before forking.
assert gongwen.cut_batch(texts, threads=2) == expected
expected_corpus, expected_scans = corpus(), scans()

pid = os.fork()
if pid == 0:
    try:
        ok = (
            gongwen.cut_batch(texts, threads=2) == expected
            and gongwen.tag_batch(texts[:100], threads=2) == expected_tags
            and gongwen.cut_batch(texts) == expected
            and corpus() == expected_corpus
            and scans() == expected_scans
        )
    except BaseException:
        traceback.print_exc()
        ok = False
    os._exit(0 if ok else 1)

deadline = time.monotonic() + 60
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("child hung")
        sys.exit(2)
    time.sleep(0.05)
code = os.waitstatus_to_exitcode(status)
# The parent's own pools must have survived the fork too.
assert gongwen.cut_batch(texts, threads=2) == expected
assert corpus() == expected_corpus and scans() == expected_scans
print("child exit", code)
sys.exit(0 if code == 0 else 1)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_batch_works_in_a_child_forked_after_the_pool_started() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", FORK_SCRIPT, str(SEED_DIR)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"stdout: {done.stdout!r}\nstderr: {done.stderr}"
    assert done.stdout.strip() == "child exit 0"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_multiprocessing_fork_pool_after_batch(seed_lines: list[tuple[str, int, str]]) -> None:
    # The way users meet fork: a multiprocessing pool started after gongwen already ran in parallel.
    done = _run_python(
        """
        import multiprocessing, gongwen

        def work(text):
            return gongwen.cut_batch([text, text[::-1]], threads=2)

        if __name__ == "__main__":
            texts = ["我们是中国人", "城镇新增就业1200万人以上", "國內生產總值增長5%左右"] * 4
            before = gongwen.cut_batch(texts, threads=2)
            with multiprocessing.get_context("fork").Pool(2) as pool:
                result = pool.map_async(work, texts).get(timeout=60)
            assert [r[0] for r in result] == before, result
            assert [r[1] for r in result] == [gongwen.cut(t[::-1]) for t in texts]
            print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# -- the GIL ---------------------------------------------------------------------------------------

# Each call gets ~2 MB of seed text in one go; the main thread counts while it runs.
GIL_CALLS = {
    "cut_batch": lambda texts: gongwen.cut_batch(texts, threads=2),
    "tag_batch": lambda texts: gongwen.tag_batch(texts, threads=1),
    "cut_offsets_batch": lambda texts: gongwen.cut_offsets_batch(texts, threads=2),
    "cut": lambda texts: gongwen.cut("\n".join(texts)),
}


@pytest.mark.parametrize("name", list(GIL_CALLS))
def test_gil_is_released_while_segmenting(name: str, seed_docs: list[tuple[str, str]]) -> None:
    texts = [text for _, text in seed_docs] * 4
    assert sum(map(len, texts)) > 700_000  # ~2 MB of UTF-8
    loops = 100_000
    counter = 0
    seen: dict[str, int] = {}
    started, finished = threading.Event(), threading.Event()

    def worker() -> None:
        try:
            started.set()
            seen["before"] = counter
            GIL_CALLS[name](texts)
            seen["after"] = counter
        finally:
            finished.set()

    # With a very long switch interval the interpreter never takes the GIL away from a running thread:
    # the main thread can only run while the worker is inside gongwen if gongwen released the GIL. Once
    # the main thread has the GIL it keeps it for its whole loop, so the worker reads 0 or `loops`.
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        for _ in range(loops):
            counter += 1
        finished.wait(timeout=120)
        thread.join(timeout=120)
    finally:
        sys.setswitchinterval(old_interval)
    assert not thread.is_alive()
    assert seen["before"] == 0, "the main thread ran before the call started: inconclusive"
    assert seen["after"] == loops, f"the main thread did not run during {name} (counter {seen['after']})"


THREAD_COUNT_SCRIPT = """
import os, sys, time
from pathlib import Path
import gongwen

def threads_now():
    return len(os.listdir("/proc/self/task"))

seeds = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [line for path in seeds for line in path.read_text(encoding="utf-8").split("\\n") if line][:64]
calls = {
    "scan_indicators_batch": lambda t: gongwen.scan_indicators_batch(texts, threads=t),
    "process_corpus": lambda t: [
        (d.id, d.text, d.indicators) for d in gongwen.process_corpus([text.encode() for text in texts], threads=t)
    ],
    "cut_batch": lambda t: gongwen.cut_batch(texts, threads=t),
    "convert_batch": lambda t: gongwen.Converter("s2t").convert_batch(texts, threads=t),
    "count_lexicons_batch": lambda t: gongwen.count_lexicons_batch(texts, {"econ": ["增长", "就业"]}, threads=t),
}
start = threads_now()
for name, call in calls.items():
    want = call(1)
    for t in range(2, 33):
        assert call(t) == want, (name, t)
    # A pool replaced by a larger one stops its threads once its last call is done; allow them to.
    deadline = time.monotonic() + 20
    while threads_now() > start + 32 and time.monotonic() < deadline:
        time.sleep(0.05)
    print(name, threads_now() - start)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_threads_stay_bounded_across_thread_counts() -> None:
    # scan_indicators_batch (and everything on the core's pools) kept one pool per distinct threads=
    # value, never freed: 528 threads after threads=2..32. Now one pool, as large as the largest request.
    done = _run_python(THREAD_COUNT_SCRIPT.replace("sys.argv[1]", repr(str(SEED_DIR))))
    assert done.returncode == 0, done.stderr
    extra = {name: int(n) for name, n in (line.split() for line in done.stdout.splitlines())}
    assert set(extra) == {
        "scan_indicators_batch",
        "process_corpus",
        "cut_batch",
        "convert_batch",
        "count_lexicons_batch",
    }
    assert all(n <= 32 for n in extra.values()), extra
