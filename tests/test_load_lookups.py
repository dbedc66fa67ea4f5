"""The loader's look-ups made cheaper for a first view (`coded.Known.look_up` by Arrow's hash table,
`Coded.blank`, `Coded.within`, `rules.given`) against plain Python references."""

from __future__ import annotations

import numpy as np

from dashboard.data.coded import Coded, Known, cited
from dashboard.data.rules import given


def _positions(keys: list[str], names: list[object]) -> list[int]:
    where = {key: p for p, key in enumerate(keys)}
    return [where.get(name, -1) if isinstance(name, str) else -1 for name in names]  # type: ignore[arg-type]


def test_look_up_finds_each_key_as_a_dict_does() -> None:
    keys = ["a", "b", "é", "dpa-2022-01-13", ""]
    names: list[object] = ["b", "x", "", "é", "a", "dpa-2022-01-13", "A", "b"]
    known = Known.of(keys)
    assert known.look_up(names).tolist() == _positions(keys, names)
    assert known.look_up([]).tolist() == []
    assert known.positions == {key: p for p, key in enumerate(keys)}


def test_look_up_by_other_keys_and_of_what_arrow_cannot_hold() -> None:
    known = Known(["own-a", "own-b"], ["a", "b"])
    assert known.look_up(["b", "own-a", "a"]).tolist() == [1, -1, 0]
    lone = "\ud800"  # a lone surrogate: not text Arrow holds, looked up in the dict instead
    odd = Known.of(["a", lone])
    assert odd.arrow is None and odd.look_up([lone, "a", "z"]).tolist() == [1, 0, -1]
    assert Known.of(["a"]).look_up([lone, 3, "a"]).tolist() == [-1, -1, 0]


def test_cited_by_arrow_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(7)
    ids = [f"s{i}" for i in range(50)]
    lists = [[f"s{j}" for j in rng.integers(0, 60, size=rng.integers(0, 4))] for _ in range(40)]
    lists[3] = None  # type: ignore[call-overload]
    codes = rng.integers(0, len(lists), size=120)
    found = cited(Coded([None if v is None else list(v) for v in lists], codes.copy()), Known.of(ids))
    known = set(ids)
    bad = [any(i not in known for i in (lists[c] or [])) for c in codes]
    assert found.bad.tolist() == bad
    named = [[i for i in lists[c] if i not in known] for c, b in zip(codes, bad, strict=True) if b]
    assert found.named == named
    pairs = [(row, ids.index(i)) for row, c in enumerate(codes) if not bad[row] for i in (lists[c] or [])]
    assert list(zip(found.at.tolist(), found.source.tolist(), strict=True)) == pairs


def test_blank_within_and_given_match_plain_loops() -> None:
    values: list[object] = ["a", "", None, "b", 0, "a"]
    column = Coded(values, np.array([0, 1, 2, 3, 4, 5, 1, 0]))
    assert column.blank().tolist() == [i for i, c in enumerate(column.codes) if not values[c]]
    assert column.within({"a", 0}).tolist() == [values[c] in {"a", 0} for c in column.codes]
    assert given(values).tolist() == [v is not None for v in values]
    assert given([]).tolist() == []


def test_row_of_finds_each_ids_first_row_whether_or_not_ids_repeat() -> None:
    import pandas as pd

    from dashboard.view.arrays import row_of

    for ids in (["c", "a", "b", "d"], ["c", "a", "c", "b", "a"]):
        frame = pd.DataFrame({"id": ids})
        wanted = ["a", "z", "c", "b", "c"]
        assert row_of(frame, wanted).tolist() == [ids.index(i) if i in ids else -1 for i in wanted]
