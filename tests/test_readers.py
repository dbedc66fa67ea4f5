"""The cache file's writer gives way to readers' runs (`dashboard.geo.readers`), and only to other
threads' runs: a run never waits for itself."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd

from dashboard.geo import framefile
from dashboard.geo.readers import give_way, reading


def _in_thread(work: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


@contextmanager
def _run_under_way() -> Iterator[None]:
    """A reader's run under way on another thread for as long as the block lasts."""
    started, release = threading.Event(), threading.Event()

    def run() -> None:
        with reading():
            started.set()
            release.wait(30)

    runner = _in_thread(run)
    started.wait(10)
    try:
        yield
    finally:
        release.set()
        runner.join(10)


def test_background_work_waits_while_a_run_is_under_way_and_goes_on_when_it_ends() -> None:
    with _run_under_way():
        writer = _in_thread(lambda: give_way(longest=60))
        writer.join(0.3)
        assert writer.is_alive()  # still waiting: the run is under way
    writer.join(10)
    assert not writer.is_alive()


def test_a_run_never_waits_for_itself_and_no_run_means_no_wait() -> None:
    done = threading.Event()

    def run() -> None:
        with reading(), reading():  # nested marks on one thread are one run
            give_way(longest=60)
        give_way(longest=60)
        done.set()

    _in_thread(run).join(10)
    assert done.is_set()


def test_background_work_waits_at_most_the_longest_time_then_does_one_more_piece() -> None:
    with _run_under_way():
        writer = _in_thread(lambda: give_way(longest=0.01))
        writer.join(10)
        assert not writer.is_alive()  # it went on although the run is still under way


def test_a_run_that_fails_still_ends_its_mark() -> None:
    def run() -> None:
        try:
            with reading():
                raise RuntimeError("stopped")
        except RuntimeError:
            pass

    _in_thread(run).join(10)
    writer = _in_thread(lambda: give_way(longest=60))
    writer.join(10)
    assert not writer.is_alive()


def test_the_cache_file_written_beside_a_run_is_written_once_it_ends_and_reads_back() -> None:
    frame = pd.DataFrame({"id": [f"r{n}" for n in range(10)], "value": range(10)})
    out = io.BytesIO()
    with _run_under_way():
        writer = _in_thread(lambda: framefile.write_frames(out, {"records": frame}, {"k": 1}, rows=3))
        writer.join(0.3)
        assert writer.is_alive()  # not one slice written while the run is under way
    writer.join(10)
    frames, meta = framefile.read_frames(io.BytesIO(out.getvalue()))
    pd.testing.assert_frame_equal(frames["records"], frame)
    assert meta == {"k": 1}
