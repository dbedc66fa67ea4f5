"""The loaded dataset's tables kept as Arrow tables (`geo/framefile.py`): every kind of column comes back
as it was loaded, and the cache file holds no pickle."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.geo.datacache import cached_dataset
from dashboard.geo.framefile import read_frames, write_frames
from tests.conftest import GEODATA


def test_every_kind_of_column_comes_back_as_it_was() -> None:
    frame = pd.DataFrame({
        "row": [2, 3, 4], "text": pd.Series(["a", None, "a"], dtype=object),
        "day": pd.Series([dt.date(2022, 1, 5), None, dt.date(2022, 1, 5)], dtype=object),
        "time": pd.Series([dt.time(7, 30), None, dt.time(23, 0, 5)], dtype=object),
        "ids": pd.Series([["x", "y"], [], None], dtype=object), "lat": [1.5, float("nan"), -3.0],
    })
    places = gpd.GeoDataFrame(frame.assign(geometry=shapely.points([1, 2, 3], [4, 5, 6])), crs="EPSG:4326")
    empty = frame.iloc[:0]
    buffer = io.BytesIO()
    write_frames(buffer, {"plain": frame, "places": places, "empty": empty}, {"key": "k"})
    buffer.seek(0)
    frames, meta = read_frames(buffer)
    assert meta == {"key": "k"}
    pd.testing.assert_frame_equal(frames["plain"], frame)
    pd.testing.assert_frame_equal(frames["empty"], empty)
    assert type(frames["places"]) is gpd.GeoDataFrame and frames["places"].crs == places.crs
    pd.testing.assert_frame_equal(frames["places"], places)
    ids = frames["plain"]["ids"].tolist()
    assert ids == [["x", "y"], [], None] and all(type(v) is list for v in ids[:2])
    assert frames["plain"]["text"].tolist() == ["a", None, "a"]  # None, not NaN


def test_the_cache_file_holds_arrow_tables_and_json_not_a_pickle(tmp_path: Path) -> None:
    _, source = cached_dataset(GEODATA, tmp_path / "cache")
    assert source.path is not None
    with zipfile.ZipFile(source.path) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(["meta.json", *(f"{t}.arrow" for t in (
            "records", "sources", "figures", "events", "corrections", "updates", "regions"))])
        assert all(archive.read(n).startswith(b"ARROW1") for n in names if n.endswith(".arrow"))
