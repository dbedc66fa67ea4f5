"""Results kept in the process: one decorator for every in-process cache, and one `clear()` for them all.

`@memoised` remembers a function's results by its arguments (which must be hashable): without bounds,
for the few results a process makes once (an index, a table of names); bounded by `entries`, for results
by word or by day; or bounded by bytes (`budget`, with `size_of`), for large results such as a view's
data, where the least recently used go first. Every cache registers itself, so `clear()` forgets every
result at once: what a change of data, a test or `st.cache_resource.clear()` (see
`dashboard.screens.shared`) needs, with no cache left behind.

All are safe to use from several threads at once (Streamlit serves every session from the one process):
the caches without a byte budget are `functools.lru_cache`, which keeps itself consistent under threads;
`SizedCache` guards its entries with a lock. A value is computed outside any lock, so one caller's long
computation never holds up another's look-up; two callers asking for the same new key at once may both
compute it (and the second result is kept).

This package sits below every other layer of the package (a subpackage, to keep the top level small),
so that any of them may cache.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, overload

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


# Every cache made here, held weakly: a cache that is no longer used (one made inside a function, or
# replaced) goes with its last user rather than living on in the registry.
_CACHES: weakref.WeakSet[_Clearable] = weakref.WeakSet()
_REGISTRY_LOCK = threading.Lock()


def register(cache: _Clearable) -> None:
    """Add a cache (anything with a `cache_clear()` method) to those `clear()` empties."""
    with _REGISTRY_LOCK:
        _CACHES.add(cache)


def clear() -> None:
    """Forget every result of every cache in the process."""
    with _REGISTRY_LOCK:
        caches = list(_CACHES)
    for cache in caches:
        cache.cache_clear()


def registered() -> int:
    """How many caches are registered now (for tests and diagnostics)."""
    with _REGISTRY_LOCK:
        return len(_CACHES)


class SizedCache(Generic[K, V]):
    """Values by key, their total estimated size (`size_of(key, value)`, in bytes) at most `budget`.

    Adding an entry evicts the least recently used ones until the total fits again; an entry larger than
    the whole budget is computed and returned but never kept. Registered with `clear()` when made.
    """

    def __init__(self, budget: int, size_of: Callable[[K, V], int]) -> None:
        if budget <= 0:
            raise ValueError(f"the budget must be positive, not {budget}")
        self.budget = budget
        self._size_of = size_of
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()  # oldest use first
        self._total = 0
        self._lock = threading.Lock()
        register(self)

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

    cache_clear = clear  # as `clear()` and functools' caches call it


class _Budgeted(Generic[P, R]):
    """A function whose results are kept in a `SizedCache` by the tuple of its positional arguments."""

    def __init__(self, func: Callable[P, R], budget: int, size_of: Callable[[Any, R], int]) -> None:
        functools.update_wrapper(self, func)
        self._func = func
        self.cache = SizedCache[Any, R](budget, size_of)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError(f"{self._func.__name__}: a cache bounded by bytes takes positional arguments")
        return self.cache.get(args, lambda: self._func(*args))

    def cache_clear(self) -> None:
        """Forget every result."""
        self.cache.clear()


@overload
def memoised(func: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def memoised(*, entries: int | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
@overload
def memoised(
    *, budget: int, size_of: Callable[[Any, Any], int]
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
def memoised(
    func: Callable[P, R] | None = None, /, *, entries: int | None = None, budget: int | None = None,
    size_of: Callable[[Any, Any], int] | None = None,
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember a function's results by its arguments, in a cache `clear()` empties.

    `@memoised` keeps every result; `@memoised(entries=n)` the `n` most recently used; and
    `@memoised(budget=b, size_of=f)` as many of the most recently used as fit in `b` bytes, where
    `f(args, result)` estimates the bytes of a result and of its arguments (the tuple of them).
    """
    if (budget is None) != (size_of is None):
        raise TypeError("a byte budget needs its size_of, and size_of its budget")
    if budget is not None and entries is not None:
        raise TypeError("bound a cache by entries or by bytes, not both")

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        if budget is not None and size_of is not None:
            return _Budgeted(function, budget, size_of)  # its SizedCache registers itself
        wrapped = functools.lru_cache(maxsize=entries)(function)
        register(wrapped)
        return wrapped

    return decorate(func) if func is not None else decorate


class _PerObject(Generic[R]):
    """A function of objects that never change (a loaded dataset's tables), its results kept by the
    identity of its positional arguments for as long as they live."""

    def __init__(self, func: Callable[..., R]) -> None:
        functools.update_wrapper(self, func)
        self._func = func
        self._entries: dict[tuple[int, ...], tuple[tuple[weakref.ref, ...], R]] = {}
        # Keys whose argument was collected. A weakref's callback may run at any allocation, even while
        # this thread holds the lock, so it only notes the key; the next call removes the entry.
        self._gone: list[tuple[int, ...]] = []
        self._lock = threading.Lock()
        register(self)

    def __call__(self, *args: Any) -> R:
        key = tuple(id(a) for a in args)
        with self._lock:
            while self._gone:
                self._entries.pop(self._gone.pop(), None)
            entry = self._entries.get(key)
        if entry is not None and all(ref() is a for ref, a in zip(entry[0], args, strict=True)):
            return entry[1]
        value = self._func(*args)
        gone = self._gone
        refs = tuple(weakref.ref(a, lambda _ref, key=key: gone.append(key)) for a in args)
        with self._lock:
            self._entries[key] = (refs, value)
        return value

    def cache_clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._entries.clear()


def per_object(func: Callable[..., R]) -> Callable[..., R]:
    """Remember a function's results by the identity of its positional arguments (objects that are
    never changed once made, such as a loaded dataset's tables, and that can be weakly referenced), each
    result forgotten when one of its arguments is collected, and all of them by `clear()`.

    For what is computed once from a large table and read on every view (an index, a column as an
    array): keying by content would cost a pass over the table each time."""
    return _PerObject(func)


# A value computed on first use and kept on its object, for objects that are themselves kept (a view's
# scene in the screens' caches): it lives and dies with its object, so it needs no clearing of its own.
lazy = functools.cached_property
