"""The benchmark's synthetic data sets load through the project's loader as their generator intends.

Both shapes are meant to load whole and without problems: every row valid, every reference (arrival
record, cited source, figure's and event's record) naming a row that exists. The `bundled` shape keeps
the bundled rows' proportions; the counts below are worked out from geodata/*.csv, not from the
generator.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import COPY_MARK, JITTER_DEG, SOURCES, point_layers, write_synthetic
from dashboard.data.countries import CONTRIBUTORS
from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.outlines import country_geometry
from tests.conftest import GEODATA

SIZE = 500


def bundled_table(name: str) -> pd.DataFrame:
    return pd.read_csv(GEODATA / f"{name}.csv", dtype=str, keep_default_na=False)


def test_the_scattered_shape_loads_whole(tmp_path: Path, geocoder: Geocoder) -> None:
    config = write_synthetic(tmp_path, SIZE, shape="scattered")
    data = load_dataset(config.parent / "geodata", geocoder)
    assert data.problems == []
    # the host, the arrival airport and one contingent per contributing state beside the n records
    assert len(data.records) == SIZE + 2 + len(CONTRIBUTORS)
    assert len(data.sources) == SOURCES
    assert len(data.figures) == SIZE // 50
    assert set(data.records["layer"]) >= point_layers()


def test_the_bundled_shape_keeps_the_bundled_proportions(tmp_path: Path, geocoder: Geocoder) -> None:
    config = write_synthetic(tmp_path, SIZE, shape="bundled")
    data = load_dataset(config.parent / "geodata", geocoder)
    assert data.problems == []

    records = bundled_table("records")
    is_point = records["layer"].isin(point_layers())
    points, areas = records[is_point], records[~is_point]
    assert len(data.records) == SIZE + len(areas)
    # Point records taken in turn: each bundled one once or twice more than the others, no more.
    copies = Counter(rid.split(COPY_MARK)[0] for rid in data.records["id"])
    assert {copies[rid] for rid in points["id"]} <= {SIZE // len(points), math.ceil(SIZE / len(points))}
    assert all(copies[rid] == 1 for rid in areas["id"])
    # Each layer in its bundled proportion: every whole copy brings all its rows, the last partial copy
    # some of them.
    per_copy = points["layer"].value_counts()
    loaded = data.records["layer"].value_counts()
    whole = SIZE // len(points)
    for layer, count in per_copy.items():
        assert whole * count <= loaded[layer] <= (whole + 1) * count, (layer, loaded[layer], count)

    # Figures and events come with every copy of their record; the area records' ones once.
    for name, table in (("figures", data.figures), ("events", data.events)):
        rows = bundled_table(name)
        expected = sum(copies[rid] for rid in rows["record"])
        assert len(table) == expected, name
    # Each whole or partial copy cites its own copy of every source.
    assert len(data.sources) == len(bundled_table("sources")) * math.ceil(SIZE / len(points))

    # Copies sit near their original, inside their country, and arrive where their copy of the
    # arrival record is.
    by_id = data.records.set_index("id")
    copied = by_id[by_id.index.str.contains(COPY_MARK)]
    assert (copied["coord_method"] == "given").all()
    originals = by_id.loc[[rid.split(COPY_MARK)[0] for rid in copied.index]]
    reach = copied["precision"].map(JITTER_DEG).to_numpy()
    assert (abs(copied["lat"].to_numpy() - originals["lat"].to_numpy()) <= reach).all()
    # a degree of longitude is shorter away from the equator: at most twice up to 60 degrees north
    assert (copied["lat"] < 60).all()
    assert (abs(copied["lon"].to_numpy() - originals["lon"].to_numpy()) <= 2 * reach).all()
    assert (copied["precision"].to_numpy() == originals["precision"].to_numpy()).all()
    for code, group in copied.groupby("country"):
        outline = country_geometry(str(code))
        assert outline is not None
        assert all(outline.contains(point) for point in group.geometry), code
    arrivals = copied["arrival"].dropna()
    assert len(arrivals) > 0
    assert arrivals.isin(by_id.index).all()
    assert any(COPY_MARK in a for a in arrivals)


def test_an_unknown_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shape"):
        write_synthetic(tmp_path, 10, shape="round")


def _spoilt(folder: Path) -> None:
    """The same three faults in any synthetic folder: a record out of range, a figure of a record that
    does not exist, and a source without its publisher, each added as the folder's last row."""
    for name, change in (("records", {"lat": "123", "lon": "45"}), ("figures", {"record": "no-such-record"}),
                         ("sources", {"publisher": ""})):
        path = folder / f"{name}.csv"
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        row = table.iloc[-1].to_dict()
        row.update(change)
        if "id" in row:
            row["id"] = f"spoilt-{name}"
        if name == "records":
            row.update({"layer": "unrest", "kind": "protest", "place": "", "contingent": "", "arrival": ""})
        pd.concat([table, pd.DataFrame([row])], ignore_index=True).to_csv(path, index=False)


@pytest.mark.slow  # over a second of the quick tier
def test_both_shapes_report_the_same_problems(tmp_path: Path, geocoder: Geocoder) -> None:
    reported = {}
    for shape in ("scattered", "bundled"):
        config = write_synthetic(tmp_path / shape, SIZE, shape=shape)
        folder = config.parent / "geodata"
        assert load_dataset(folder, geocoder).problems == []  # whole as written
        _spoilt(folder)
        problems = load_dataset(folder, geocoder).problems
        reported[shape] = sorted((p.file, p.column, p.message) for p in problems)
    assert reported["scattered"] == reported["bundled"]
    assert [(file, column) for file, column, _ in reported["bundled"]] == [
        ("figures.csv", "record"), ("records.csv", "lat"), ("sources.csv", "publisher")]
