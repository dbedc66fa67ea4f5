"""The sources a few ids cite, found by a pass over the ids column (`view.wording._rows_of_few`), against
the plain way: each id's row from the table's index (`view.arrays.row_of`)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.view.arrays import row_of
from dashboard.view.wording import FEW, cited_in, citer


def _sources(n: int) -> pd.DataFrame:
    ids = [f"s{i % (n - 3)}" for i in range(n)]  # the last three repeat the first three ids
    return pd.DataFrame({"id": pd.Series(ids, dtype=object),
                         "publisher": pd.Series([f"P{i % 7}" for i in range(n)], dtype=object),
                         "date": pd.Series([dt.date(2022, 1, 1 + i % 20) for i in range(n)], dtype=object)})


def _by_index(sources: pd.DataFrame, ids: list[str]) -> np.ndarray:
    at = row_of(sources, ids)
    return np.unique(at[at >= 0])


def test_a_few_ids_find_the_rows_the_index_finds() -> None:
    sources = _sources(200)
    for ids in (["s5"], ["s1", "s0", "nowhere"], ["s2", "s2", "s150", "s9"], [f"s{i}" for i in range(FEW)],
                ["nowhere"]):
        plain = sources.iloc[_by_index(sources, ids)]
        pd.testing.assert_frame_equal(cited_in(sources, [ids]), plain)
        copied = pd.DataFrame({c: plain[c].to_numpy() for c in ("id", "date")}, index=plain.index)
        pd.testing.assert_frame_equal(cited_in(sources, [ids], ("id", "date", "missing")), copied)
    many = [f"s{i}" for i in range(FEW + 1)]  # more than a few: by the index, as before
    pd.testing.assert_frame_equal(cited_in(sources, [many]), sources.iloc[_by_index(sources, many)])


def test_a_few_ids_are_named_as_before_and_again_from_what_was_kept() -> None:
    sources = _sources(50)
    ids = ["s3", "nowhere", "s1"]
    first = citer(sources, "en", [ids])(ids)
    assert first == citer(sources, "en", [ids])(ids) == "P3, 4 Jan 2022; nowhere; P1, 2 Jan 2022"
    assert citer(sources.iloc[:0], "en", [ids])(ids) == "s3; nowhere; s1"
