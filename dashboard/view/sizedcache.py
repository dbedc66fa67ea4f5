"""Deprecated: `SizedLRU` is `dashboard.memo.SizedCache` under its former name.

Kept importable until the modules that still use it move to `dashboard.memo` (`@memoised(budget=...,
size_of=...)`, or a `SizedCache` of their own). Being a `SizedCache`, it is registered with
`memo.clear()` like every other cache of the process.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from dashboard.memo import SizedCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedLRU(SizedCache[K, V]):
    """Deprecated name of `dashboard.memo.SizedCache`: a least-recently-used cache bounded by the bytes
    its entries hold, safe to use from several threads at once."""
