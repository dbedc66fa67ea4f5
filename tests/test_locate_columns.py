"""The placing of records (`geo.locate.locate`), column by column, against a plain row-by-row placing:
the same frame (rows, values, types, points) and the same problems in the same words and order, on the
bundled data, on the hostile folder, and on rows made to hit every branch (blanks, a method or precision
given in the file, places that cannot be geocoded, swapped coordinates, a country without an outline)."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
from shapely import contains_xy

from dashboard.data.problems import Problem
from dashboard.data.rows import Table
from dashboard.data.schema import RECORD_COLUMNS, RecordRow
from dashboard.geo import dataset as dataset_module
from dashboard.geo.geocoder import GeocodeError, Geocoder
from dashboard.geo.locate import RECORDS_FILE, locate
from dashboard.geo.outlines import country_geometry
from tests.conftest import GEODATA
from tests.support.hostile import hostile_folder


def reference_locate(columns: dict[str, list], geocoder: Geocoder) -> tuple[dict[str, list], list[Problem]]:
    """Row by row: each row placed from its own coordinates or the geocoder (one question per distinct
    place or name and country), then each given pair checked against its country's outline."""
    out = {name: list(values) for name, values in columns.items()}
    answers: dict[tuple[str, str], object] = {}
    failed: list[Problem] = []
    placed: list[int] = []
    for i in range(len(out["row"])):
        if out["lat"][i] is not None and out["lon"][i] is not None:
            out["coord_method"][i] = out["coord_method"][i] or "given"
            out["precision"][i] = out["precision"][i] or "point"
            placed.append(i)
            continue
        question = (out["place"][i] or out["name"][i], out["country"][i])
        if question not in answers:
            try:
                answers[question] = geocoder.geocode(*question)
            except GeocodeError as err:
                answers[question] = err
        hit = answers[question]
        if isinstance(hit, GeocodeError):
            failed.append(Problem(RECORDS_FILE, out["row"][i], "place" if out["place"][i] else "name",
                                  f"cannot geocode: {hit}"))
            continue
        out["lat"][i], out["lon"][i] = hit.lat, hit.lon
        out["coord_method"][i], out["coord_name"][i] = hit.method, hit.name
        out["precision"][i] = out["precision"][i] or hit.precision
        placed.append(i)
    swapped: list[Problem] = []
    kept: list[int] = []
    for i in placed:
        lat, lon, code = out["lat"][i], out["lon"][i], out["country"][i]
        outline = country_geometry(str(code)) if out["coord_method"][i] == "given" and code else None
        if outline is not None and not contains_xy(outline, lon, lat) and contains_xy(outline, lat, lon):
            swapped.append(Problem(RECORDS_FILE, out["row"][i], "lat",
                                   f"lat and lon look swapped: ({lat}, {lon}) is outside {code}, "
                                   f"({lon}, {lat}) inside it"))
        else:
            kept.append(i)
    return {name: [values[i] for i in kept] for name, values in out.items()}, failed + swapped


def assert_placed_alike(columns: dict[str, list], geocoder: Geocoder) -> pd.DataFrame:
    expected, expected_problems = reference_locate(copy.deepcopy(columns), geocoder)
    frame, problems = locate(Table(copy.deepcopy(columns)), geocoder)
    assert problems == expected_problems
    names = list(dict.fromkeys(("row", *RECORD_COLUMNS, "coord_method", "coord_name", *expected)))
    assert list(frame.columns) == [*names, "geometry"]
    reference = Table({n: expected[n] for n in names}).frame()
    pd.testing.assert_frame_equal(pd.DataFrame(frame.drop(columns="geometry")), reference, check_exact=True)
    assert frame.crs == "EPSG:4326"
    assert list(zip(frame.geometry.x, frame.geometry.y, strict=True)) == \
        list(zip(expected["lon"], expected["lat"], strict=True))
    return frame


def records_table(directory: Path, monkeypatch: pytest.MonkeyPatch, geocoder: Geocoder) -> dict[str, list]:
    """The records' columns as the loader hands them to `locate`."""
    seen: list[dict[str, list]] = []
    real = dataset_module.locate

    def spy(rows: Table, coder: Geocoder) -> tuple[object, list[Problem]]:
        seen.append(copy.deepcopy(rows.columns))
        return real(rows, coder)

    monkeypatch.setattr(dataset_module, "locate", spy)
    dataset_module.load_dataset(directory, geocoder)
    (columns,) = seen
    return columns


def test_the_bundled_records_are_placed_as_row_by_row(monkeypatch: pytest.MonkeyPatch,
                                                     geocoder: Geocoder) -> None:
    columns = records_table(GEODATA, monkeypatch, geocoder)
    frame = assert_placed_alike(columns, geocoder)
    assert {"given", "curated"} <= set(frame["coord_method"])


def test_the_hostile_folder_is_placed_as_row_by_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   geocoder: Geocoder) -> None:
    assert_placed_alike(records_table(hostile_folder(tmp_path), monkeypatch, geocoder), geocoder)


def _row(i: int, name: str, place: str | None, country: str = "KZ", **more: object) -> tuple[int, RecordRow]:
    return i, RecordRow.model_validate({"id": f"r{i}", "name": name, "place": place, "country": country,
                                        "layer": "unrest", "kind": "protest", "sources": "s", **more})


def test_every_branch_is_placed_as_row_by_row(geocoder: Geocoder) -> None:
    rows = [
        _row(2, "Square", "Almaty"),
        _row(3, "Airport", "Blorptown"),  # cannot be geocoded
        _row(4, "Almaty", None, precision="region"),  # a precision of its own kept
        _row(5, "Given", "Almaty", lat=43.25, lon=76.95),  # inside Kazakhstan
        _row(6, "Swapped", "Almaty", lat=76.95, lon=43.25),  # the swapped pair is inside
        _row(7, "Off", "Almaty", lat=10.0, lon=10.0),  # outside, and swapped too: kept as given
        _row(8, "Curated", None, lat=43.25, lon=76.95, coord_method="curated", coord_name="Almaty"),
        _row(9, "Kant", None, "KG"),
        _row(10, "Blorptown", None),  # cannot be geocoded, by its name
        _row(11, "Bishkek", None, "KG", lat=74.6, lon=42.87),  # swapped, in another country
        _row(12, "Swapped again", "Almaty", lat=76.9, lon=43.2, precision="city"),
    ]
    frame = assert_placed_alike(Table.of(rows, RecordRow).columns, geocoder)
    assert list(frame["row"]) == [2, 4, 5, 7, 8, 9]


def test_no_rows_and_only_failures_are_placed_as_row_by_row(geocoder: Geocoder) -> None:
    assert len(assert_placed_alike(Table.of([], RecordRow).columns, geocoder)) == 0
    failing = [_row(2, "Airport", "Blorptown"), _row(3, "Blorptown", None)]
    assert len(assert_placed_alike(Table.of(failing, RecordRow).columns, geocoder)) == 0
