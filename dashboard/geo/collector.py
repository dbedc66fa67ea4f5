"""Pausing Python's cyclic garbage collector while a great many new objects are made.

Loading a data folder makes millions of Python objects (cells, lists, shapely points), almost none of
them in reference cycles, so reference counting frees what is dropped. The cyclic collector still runs
whenever enough new objects have been made, and each of its older-generation passes walks every live
object: at a million records that was most of the time of making the records' points (1.7 s of 2 s).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nested pauses are fine); what it would have
    collected is collected at its next pass after the block."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
