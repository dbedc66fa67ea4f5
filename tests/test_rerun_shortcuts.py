"""The rerun's shortcuts give what the plain ways gave: the sources' counts by publisher without the
view's sources (`Selection.cited_by_group`), grid cells counted by a dense key, the kept look-ups of
`Rows`, the known figures of some metrics read from the view's rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.map import aggregate
from dashboard.render.furniture import publisher_codes
from dashboard.view.arrays import columns, rows_at
from dashboard.view.rows import Rows
from dashboard.view.selection import PROBE, select
from tests.conftest import GEODATA

VIEWS = [(("KZ",), dt.date(2022, 1, 6)), (("KZ", "RU"), dt.date(2022, 1, 13)),
         (("AM", "BY"), dt.date(2022, 1, 20)), (("TJ",), dt.date(2022, 1, 2))]


@pytest.fixture(scope="module")
def bundled(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def plain_groups(selection: object, codes: np.ndarray, groups: int) -> tuple[list[int], list[int]]:
    """Per group: the citations of its sources by the shown records and known figures, and its first
    cited source row, from `source_rows` and `cited_by` in a loop."""
    data = selection.data  # type: ignore[attr-defined]
    count, first = [0] * groups, [len(data.sources)] * groups
    for row, cites in zip(selection.source_rows.tolist(), selection.cited_by.tolist(), strict=True):  # type: ignore[attr-defined]
        count[codes[row]] += cites
        first[codes[row]] = min(first[codes[row]], row)
    return count, first


@pytest.mark.parametrize(("countries", "day"), VIEWS)
def test_citations_by_group_are_the_sources_summed(bundled: Dataset, countries: tuple[str, ...],
                                                   day: dt.date) -> None:
    codes, names = publisher_codes(bundled.sources)
    count, first = select(bundled, countries, day).cited_by_group(codes, len(names))
    plain = plain_groups(select(bundled, countries, day), codes, len(names))
    assert (count.tolist(), first.tolist()) == plain
    # Few groups, so each holds more citations than the first few looked at: the rest is read too.
    few = (np.arange(len(bundled.sources)) % 3).astype(np.int64)
    assert len(bundled.sources) > 3 * PROBE
    count, first = select(bundled, countries, day).cited_by_group(few, 3)
    assert (count.tolist(), first.tolist()) == plain_groups(select(bundled, countries, day), few, 3)


def test_the_sources_found_on_first_use_are_those_cited(bundled: Dataset) -> None:
    chosen = select(bundled, ("KZ", "RU"), dt.date(2022, 1, 13))
    assert "source_rows" not in chosen.__dict__  # not made by the selection itself
    cited: dict[str, int] = {}
    for frame in (chosen.records, chosen.figures):
        for ids in frame["sources"]:
            for sid in ids:
                cited[sid] = cited.get(sid, 0) + 1
    for ids in chosen.events["sources"]:
        for sid in ids:
            cited.setdefault(sid, 0)
    ids = bundled.sources["id"].tolist()
    expected = sorted(ids.index(sid) for sid in cited if sid in ids)
    assert chosen.source_rows.tolist() == expected
    assert chosen.cited_by.tolist() == [cited[ids[row]] for row in expected]


def test_figures_of_metrics_are_the_known_ones_of_those_records(bundled: Dataset) -> None:
    chosen = select(bundled, ("KZ", "RU"), dt.date(2022, 1, 13))
    figures = bundled.figures
    some = chosen.record_rows[::3]
    at = np.zeros(len(bundled.records), dtype=bool)
    at[some] = True
    for metrics in (["deaths"], ["troops"], ["deaths", "injured", "arrests"]):
        of_metrics = columns(figures).isin("metric", metrics)
        keep = of_metrics & rows_at(bundled.records, figures, at)
        rows = chosen.figure_rows
        assert chosen.figure_rows_of(metrics, some).tolist() == rows[keep[rows]].tolist()
        assert chosen.figure_rows_of(metrics).tolist() == rows[of_metrics[rows]].tolist()


def test_rows_keep_their_lookups_and_take_their_own_columns_when_read(bundled: Dataset) -> None:
    records = bundled.records
    at = np.arange(len(records))[::2]
    rows = Rows(records, at, {"size": np.arange(len(at), dtype=float)})
    layers = rows.isin("layer", ["unrest"])
    layers[:] = True  # a caller's change reaches no later reader
    expected = records["layer"].to_numpy(dtype=object)[at] == "unrest"
    assert rows.isin("layer", ["unrest"]).tolist() == expected.tolist()
    some = rows.where(expected)
    assert "size" in some.own and list(some.own) == ["size"]
    assert some.values("size").tolist() == np.arange(len(at), dtype=float)[expected].tolist()
    ids = records["id"].to_numpy(dtype=object)[at][expected]
    assert some.frame(["id", "size"])["id"].tolist() == ids.tolist()


def test_cells_counted_by_a_dense_key_are_those_hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    points = pd.DataFrame({"group": pd.Categorical(rng.choice(["unrest", "sites", "bases"], 5000)),
                           "lat": rng.uniform(40, 55, 5000), "lon": rng.uniform(50, 85, 5000)})
    for size in (0.25, 1.0, 4.0):
        dense = aggregate.cells(points, size)
        monkeypatch.setattr(aggregate, "DENSE_KEYS", 0)  # every key hashed
        hashed = aggregate.cells(points, size)
        monkeypatch.undo()
        pd.testing.assert_frame_equal(dense, hashed)
