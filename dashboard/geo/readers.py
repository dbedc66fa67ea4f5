"""Readers' script runs under way, and the background work that gives way to them.

The cache file of a loaded folder is written by a thread of its own while the page goes on
(`cachefiles.kept(..., later=True)`). Python runs one thread at a time, so every slice that thread
makes into Arrow is time a reader's run waits for: at a million records the writer is still busy when
the first reruns come. A page's run is marked (`reading`); the writer asks, between its slices, to
wait while any run is under way (`give_way`), and goes on between runs. It waits at most `LONGEST`
seconds at a time, so a server that is never idle still gets its files written.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST = 5.0  # seconds background work waits for readers' runs before doing one more slice

_changed = threading.Condition()
_running: dict[int, int] = {}  # thread id -> how many runs it has under way


@contextmanager
def reading() -> Iterator[None]:
    """Mark a reader's run on this thread, for as long as the block lasts (however it ends)."""
    me = threading.get_ident()
    with _changed:
        _running[me] = _running.get(me, 0) + 1
    try:
        yield
    finally:
        with _changed:
            _running[me] -= 1
            if not _running[me]:
                del _running[me]
            _changed.notify_all()


def give_way(longest: float = LONGEST) -> None:
    """Wait while a reader's run is under way on another thread (at most `longest` seconds). A thread
    that is itself running a reader's run never waits: the run is its own, and waiting would only stop it."""
    me = threading.get_ident()
    with _changed:
        if me not in _running:
            _changed.wait_for(lambda: not _running, timeout=longest)
