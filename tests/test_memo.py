"""The one in-process cache (`dashboard.memo`): bounded by entries or bytes, safe under threads, and every
cache of the package emptied by one `clear()`, which a reload of the data (or `forget_everything`) calls."""

from __future__ import annotations

import ast
import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import pytest

from dashboard import memo
from dashboard.data import countries
from dashboard.geo import outlines
from dashboard.i18n import translator
from dashboard.view import wording

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"


def test_a_memoised_function_computes_each_argument_once_until_cleared() -> None:
    calls: list[int] = []

    @memo.memoised
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert [double(1), double(2), double(1)] == [2, 4, 2]
    assert calls == [1, 2]
    memo.clear()
    assert double(1) == 2 and calls == [1, 2, 1]


def test_entries_bound_the_cache_by_count_least_recently_used_first() -> None:
    calls: list[str] = []

    @memo.memoised(entries=2)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    for text in ("a", "b", "a", "c", "a", "b"):  # "c" pushes out "b" (least recent), not "a"
        upper(text)
    assert calls == ["a", "b", "c", "b"]


def test_a_byte_budget_keeps_the_most_recent_results_that_fit() -> None:
    calls: list[int] = []

    @memo.memoised(budget=100, size_of=lambda args, value: len(value))
    def blob(n: int) -> bytes:
        calls.append(n)
        return b"x" * n

    blob(40), blob(40), blob(50)
    assert calls == [40, 50]  # both fit
    blob(30)  # 120 > 100: the least recently used (40) goes
    blob(50), blob(40)
    assert calls == [40, 50, 30, 40]
    blob(500)  # larger than the budget: computed, returned, never kept
    blob(500)
    assert calls[-2:] == [500, 500]
    with pytest.raises(TypeError):
        blob(n=3)  # keyed by positional arguments only: a keyword would be a second key for one result
    with pytest.raises(TypeError):
        memo.memoised(budget=10)  # a budget without a size


def test_clear_empties_the_packages_own_caches() -> None:
    countries.names_by_code()
    outlines.country_info("KZ")
    translator.catalogue("de")
    assert all(f.cache_info().currsize for f in (countries.names_by_code, outlines.country_info,
                                                 translator.catalogue))
    memo.clear()
    assert [f.cache_info().currsize for f in (countries.names_by_code, outlines.country_info,
                                              translator.catalogue)] == [0, 0, 0]
    assert countries.country_code("Kasachstan") == "KZ"  # made again on the next use


def test_no_module_of_the_package_caches_with_functools_or_by_object_identity() -> None:
    """Every cache goes through `memo` (so `clear()` reaches it); none is keyed by `id()`."""
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "memo":  # the one that does, underneath
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "functools":
                assert not {"cache", "lru_cache", "cached_property"} & {a.name for a in node.names}, path
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) not in {("functools", "cache"),
                                                          ("functools", "lru_cache")}, path
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "id", f"{path}:{node.lineno}"


def test_threads_share_a_sized_cache_without_losing_count_of_its_bytes() -> None:
    cache = memo.SizedCache[int, bytes](10_000, lambda key, value: len(value))
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(2_000):
                key = (i * 7 + offset) % 300
                assert cache.get(key, lambda k=key: b"x" * (k % 97 + 1)) == b"x" * (key % 97 + 1)
        except BaseException as err:  # reported by the main thread
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 0 < cache.size <= cache.budget
    assert cache.size == sum(len(cache.get(k, lambda: b"")) for k in range(300) if k in cache)


def _sources(publisher: str) -> pd.DataFrame:
    return pd.DataFrame({"id": ["tass-1"], "publisher": [publisher], "title": ["Troops arrive"],
                         "date": [dt.date(2022, 1, 6)], "url": ["https://tass.com/1"]})


def test_source_lookups_follow_the_tables_content_not_its_identity() -> None:
    first = _sources("TASS")
    assert wording.cited_as(["tass-1", "other"], first) == "TASS, 6 Jan 2022; other"
    assert wording.source_names(_sources("TASS")) is wording.source_names(first)  # same content: kept
    changed = first.copy()
    changed.loc[0, "publisher"] = "RIA"  # a table of other content is never answered from the old one
    assert wording.cited_as(["tass-1"], changed) == "RIA, 6 Jan 2022"
    assert wording.citations(["tass-1", "tass-1"], changed) == (
        "tass-1: RIA, Troops arrive, 2022-01-06, https://tass.com/1")
    first.loc[0, "publisher"] = "Interfax"  # even changed in place
    assert wording.cited_as(["tass-1"], first) == "Interfax, 6 Jan 2022"


@pytest.mark.slow  # over a second of the quick tier
def test_forget_everything_clears_streamlits_resources_and_memo_and_a_reload_clears_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    from dashboard.geo.cachefiles import CACHE_ENV
    from dashboard.screens import shared

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))  # the data loaded below is cached there, not at home
    made: list[str] = []

    @st.cache_resource
    def resource() -> str:
        made.append("resource")
        return "r"

    @memo.memoised
    def result() -> str:
        made.append("result")
        return "m"

    resource(), result(), resource(), result()
    shared.forget_everything()
    resource(), result()
    assert made == ["resource", "result", "resource", "result"]
    # Streamlit's own clear, then the next run's data load: memo is cleared with the data.
    st.cache_resource.clear()
    shared.dataset()
    result()
    assert made[-1] == "result" and made.count("result") == 3
    st.cache_resource.clear()


def test_a_per_object_cache_keeps_results_by_identity_while_the_object_lives() -> None:
    calls: list[int] = []

    @memo.per_object
    def rows(frame: pd.DataFrame) -> int:
        calls.append(len(frame))
        return len(frame)

    first, equal = pd.DataFrame({"a": [1, 2]}), pd.DataFrame({"a": [1, 2]})
    assert [rows(first), rows(first), rows(equal)] == [2, 2, 2]
    assert calls == [2, 2]  # the same content in another object is another argument
    memo.clear()
    rows(first)
    assert calls == [2, 2, 2]
    del first, equal
    import gc
    gc.collect()
    rows(pd.DataFrame({"a": [1]}))  # the entries of collected objects are dropped on the next call
    assert len(rows._entries) == 1  # type: ignore[attr-defined]
