"""The loaded dataset's tables kept as Arrow tables (`geo/framefile.py`): every kind of column comes back
as it was loaded, and the cache file holds no pickle."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
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


def _written(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], dict, dict[str, object]]:
    buffer = io.BytesIO()
    write_frames(buffer, frames, {})
    buffer.seek(0)
    back, _ = read_frames(buffer)
    with zipfile.ZipFile(buffer) as archive:
        about = json.loads(archive.read("meta.json"))["frames"]
        schemas = {name: pa.ipc.open_file(archive.read(f"{name}.arrow")).schema for name in frames}
    return back, about, schemas


def test_points_are_kept_as_coordinates_other_shapes_as_well_known_binary() -> None:
    frame = pd.DataFrame({"id": ["a", "b", "c"]})
    points = gpd.GeoDataFrame(frame, geometry=shapely.points([1.5, -0.0, 3], [4, 5.25, -6]), crs="EPSG:4326")
    mixed = gpd.GeoDataFrame(frame, geometry=[shapely.Point(1, 2), shapely.box(0, 0, 1, 1), None],
                             crs="EPSG:4326")
    hollow = gpd.GeoDataFrame(frame, geometry=[shapely.Point(1, 2), shapely.Point(), shapely.Point(1, 2, 3)])
    back, about, _ = _written({"points": points, "mixed": mixed, "hollow": hollow})
    assert about["points"]["points"] and not about["mixed"]["points"] and not about["hollow"]["points"]
    for name, frame_ in (("points", points), ("mixed", mixed), ("hollow", hollow)):
        pd.testing.assert_frame_equal(back[name], frame_)
        assert back[name].crs == frame_.crs


def test_a_text_column_is_dictionary_encoded_only_when_its_values_repeat() -> None:
    n = 5000
    frame = pd.DataFrame({"id": pd.Series([f"id-{i}" for i in range(n)], dtype=object),
                          "kind": pd.Series([("a", "b", None)[i % 3] for i in range(n)], dtype=object)})
    back, _, schemas = _written({"frame": frame})
    pd.testing.assert_frame_equal(back["frame"], frame)
    assert pa.types.is_string(schemas["frame"].field("id").type)
    assert pa.types.is_dictionary(schemas["frame"].field("kind").type)
    kinds = back["frame"]["kind"].tolist()
    assert kinds[0] is kinds[3]  # each distinct value made once, as the loader shares them


def test_a_table_written_a_few_rows_at_a_time_reads_back_as_written_whole() -> None:
    n = 11
    frame = pd.DataFrame({
        "row": range(n), "kind": pd.Series([("a", "b", None)[i % 3] for i in range(n)], dtype=object),
        "late": pd.Series([None] * 4 + [f"t{i}" for i in range(n - 4)], dtype=object),  # text after nulls
        "ids": pd.Series([[f"s{i}"] if i % 4 else None for i in range(n)], dtype=object),
        "day": pd.Series([dt.date(2022, 1, 1 + i) for i in range(n)], dtype=object),
        "lat": [i / 3 for i in range(n)],
    }).set_axis(pd.RangeIndex(5, 5 + 2 * n, 2))
    places = gpd.GeoDataFrame(frame, geometry=shapely.points(range(n), range(n)), crs="EPSG:4326")
    shapes = gpd.GeoDataFrame(frame.set_index(pd.Index([f"k{i}" for i in range(n)], name="key")),
                              geometry=[shapely.box(0, 0, 1, i + 1) for i in range(n)])
    frames = {"plain": frame, "places": places, "shapes": shapes, "empty": frame.iloc[:0]}
    whole, sliced = io.BytesIO(), io.BytesIO()
    write_frames(whole, frames, {"key": "k"})
    write_frames(sliced, frames, {"key": "k"}, rows=3)
    for buffer in (whole, sliced):
        buffer.seek(0)
    reference, _ = read_frames(whole)
    back, meta = read_frames(sliced)
    assert meta == {"key": "k"}
    for name, original in frames.items():
        pd.testing.assert_frame_equal(back[name], reference[name])
        pd.testing.assert_frame_equal(back[name], original)
    assert back["plain"]["kind"].tolist()[0] is back["plain"]["kind"].tolist()[9]  # one "a" across slices
    with zipfile.ZipFile(sliced) as archive:
        assert pa.ipc.open_file(archive.read("plain.arrow")).num_record_batches == 4


def test_an_object_column_whose_slices_infer_different_types_is_typed_as_the_whole() -> None:
    frame = pd.DataFrame({"n": pd.Series([1, 2, None, 4, 2.5, 3], dtype=object)})  # integers, then floats
    whole, sliced = io.BytesIO(), io.BytesIO()
    write_frames(whole, {"t": frame}, {})
    write_frames(sliced, {"t": frame}, {}, rows=2)
    for buffer in (whole, sliced):
        buffer.seek(0)
    pd.testing.assert_frame_equal(read_frames(sliced)[0]["t"], read_frames(whole)[0]["t"])
