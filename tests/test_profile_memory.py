"""What the memory profile says the loaded folder holds (`bench.profile_memory.held`): each Python object
counted once in its table, against the plain sum of the sizes of the distinct objects."""

from __future__ import annotations

import sys

import pandas as pd

from bench.profile_memory import held


def test_a_string_shared_by_many_cells_is_counted_once() -> None:
    shared, other = "a publisher's name " * 3, "another"
    items = ["s1", "s2"]
    frame = pd.DataFrame({"publisher": pd.Series([shared] * 1000 + [other], dtype=object),
                          "sources": pd.Series([items] * 1000 + [[shared]], dtype=object),
                          "n": range(1001)})
    usage = held(frame)
    pointers = frame.memory_usage(deep=False, index=True)
    assert usage["publisher"] == pointers["publisher"] + sys.getsizeof(shared) + sys.getsizeof(other)
    # the two lists and their items, the shared string already counted in `publisher`
    last = frame["sources"].iloc[-1]
    assert usage["sources"] == pointers["sources"] + sys.getsizeof(items) + sys.getsizeof(last) \
        + sys.getsizeof("s1") + sys.getsizeof("s2")
    assert usage["n"] == pointers["n"] and usage["Index"] == pointers["Index"]
    assert usage.sum() < frame.memory_usage(deep=True, index=True).sum()
