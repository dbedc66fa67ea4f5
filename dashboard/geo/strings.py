"""A column of strings as the gazetteer's index file keeps it: joined into one UTF-8 byte array (NumPy
saves it without pickling), and found again by binary search over a sorted order kept beside it, instead
of a dict of every string built when the file is read back.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

_SEP = "\0"  # joins the strings of one column in the file; no name contains it (checked on save)


def sorted_order(strings: list[str]) -> list[int]:
    """The positions of `strings` in sorted order."""
    return sorted(range(len(strings)), key=strings.__getitem__)


def position(strings: list[str], order: list[int], string: str) -> int | None:
    """The position of `string` in `strings` (whose sorted order is `order`), or None."""
    at = bisect_left(order, string, key=strings.__getitem__)
    return order[at] if at < len(order) and strings[order[at]] == string else None


def encode(strings: list[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, joined by _SEP."""
    if any(_SEP in s for s in strings):
        raise ValueError("a name contains a NUL character: the index cannot be saved")
    return np.frombuffer(_SEP.join(strings).encode("utf-8"), dtype=np.uint8)


def decode(array: np.ndarray, count: int) -> list[str]:
    """The `count` strings `_encode` joined into `array`; ValueError if there are not that many."""
    strings = array.tobytes().decode("utf-8").split(_SEP) if count else []
    if len(strings) != count:
        raise ValueError(f"expected {count} strings, found {len(strings)}")
    return strings
