"""A least-recently-used cache bounded by the bytes its entries hold, not by how many there are.

Shared by every session of the server, so it is safe to use from several threads at once: a lock
guards the entries, and a value is computed outside the lock (one reader's long computation never
holds up another's look-up; two readers asking for the same new key at once may both compute it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedLRU(Generic[K, V]):
    """Values by key, their total estimated size (`size_of(key, value)`, in bytes) at most `budget`.

    Adding an entry evicts the least recently used ones until the total fits again; an entry larger
    than the whole budget is computed and returned but never kept.
    """

    def __init__(self, budget: int, size_of: Callable[[K, V], int]) -> None:
        if budget <= 0:
            raise ValueError(f"the budget must be positive, not {budget}")
        self.budget = budget
        self._size_of = size_of
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()  # oldest use first
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value kept for `key` (now the most recently used), else `compute()`, kept if it fits."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep `value` for `key` as the most recently used entry, evicting the least recently used
        ones until the total fits the budget (nothing is kept when the value alone exceeds it)."""
        size = self._size_of(key, value)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._total -= old[1]
            if size > self.budget:
                return
            self._entries[key] = (value, size)
            self._total += size
            while self._total > self.budget:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._total -= evicted

    @property
    def size(self) -> int:
        """The total estimated bytes held now."""
        with self._lock:
            return self._total

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._total = 0
