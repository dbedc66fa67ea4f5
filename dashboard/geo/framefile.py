"""A loaded dataset's tables in one file of Arrow tables, read back with their types as loaded.

The file is a ZIP archive (stored, not compressed: each table's columns are LZ4-compressed by Arrow)
holding one Arrow IPC file per table (`records.arrow` …; Arrow's format reads without decoding, which
Parquet's does not) and `meta.json` (the cache key, the problems, which columns
hold Python objects, which holds the geometry). Every column keeps its type: numbers through Arrow's own
types and pandas' metadata; an object column (text, dates, times, lists) as the Python objects it held;
a GeoDataFrame's geometry, with its CRS, as each point's x and y when every one is a point (the records'),
else as well-known binary. A text column whose values repeat is dictionary-encoded. Nothing in the file
is code: reading it runs none.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from itertools import pairwise
from typing import IO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from dashboard.data.columns import take

META = "meta.json"
SAMPLE = 4096  # the first cells of a text column that tell whether its values repeat (`_encoded`)


def write_frames(file: IO[bytes], frames: Mapping[str, pd.DataFrame], meta: dict[str, object]) -> None:
    """Write `frames` (name -> frame or GeoDataFrame) and the JSON-able `meta` to `file`."""
    described: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, frame in frames.items():
            plain, about, geometry = _plain(frame)
            described[name] = about
            buffer = io.BytesIO()
            table = _encoded(pa.Table.from_pandas(plain), about["objects"])  # type: ignore[arg-type]
            if geometry is not None:
                table = table.append_column(str(about["geometry"]), geometry)
            options = pa.ipc.IpcWriteOptions(compression="lz4")
            with pa.ipc.new_file(buffer, table.schema, options=options) as out:
                out.write_table(table)
            archive.writestr(f"{name}.arrow", buffer.getbuffer())
        archive.writestr(META, json.dumps({"meta": meta, "frames": described}))


def read_frames(file: IO[bytes]) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The frames and the meta written by `write_frames`."""
    with zipfile.ZipFile(file) as archive:
        stored = json.loads(archive.read(META))
        frames = {name: _restored(pa.ipc.open_file(archive.read(f"{name}.arrow")).read_all(), about)
                  for name, about in stored["frames"].items()}
    return frames, stored["meta"]


def _plain(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object], pa.Array | None]:
    """The frame without its geometry, what `_restored` needs to give it back, and the geometry as an
    Arrow column (`_geometry`)."""
    objects = [str(c) for c in frame.columns if frame[c].dtype == object]
    about: dict[str, object] = {"objects": objects, "geometry": None, "crs": None, "points": False,
                                "columns": list(frame.columns)}
    if not isinstance(frame, gpd.GeoDataFrame):
        return frame, about, None
    column = frame.geometry.name
    about["geometry"] = column
    about["crs"] = None if frame.crs is None else frame.crs.to_json()
    geometry, about["points"] = _geometry(frame.geometry.array)
    return pd.DataFrame(frame).drop(columns=[column]), about, geometry


def _geometry(values: object) -> tuple[pa.Array, bool]:
    """A geometry column as Arrow, and whether it holds points: each point's x and y when every one is a
    two-dimensional point (as `geo.locate` makes them: no well-known binary to write or parse), else
    well-known binary."""
    kinds = shapely.get_type_id(values)
    if len(kinds) and bool((kinds == 0).all()) and not shapely.has_z(values).any() \
            and not shapely.is_empty(values).any():
        return pa.FixedSizeListArray.from_arrays(pa.array(shapely.get_coordinates(values).ravel()), 2), True
    return pa.array(shapely.to_wkb(values), type=pa.binary()), False


def _encoded(table: pa.Table, objects: list[str]) -> pa.Table:
    """The table with each object column other than lists dictionary-encoded: each distinct text, date or
    time stored once, and made into a Python object once on reading. Not a column whose first cells are
    mostly distinct (ids, names): its dictionary would hold nearly every cell again, and encoding it took
    a second at a million records."""
    for name in objects:
        column = table.column(name)
        kind = column.type
        if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_null(kind):
            continue
        sample = column.slice(0, SAMPLE)
        if len(sample) == SAMPLE and pc.count_distinct(sample).as_py() > len(sample) // 2:
            continue
        table = table.set_column(table.column_names.index(name), name, pc.dictionary_encode(column))
    return table


def _objects(column: pa.ChunkedArray) -> list[object]:
    """A column's cells as Python objects: text as str, dates and times as `datetime`'s, lists as lists
    (each row its own), a null as None; each distinct value of an encoded column made once and shared
    by its rows, as the loader shares them."""
    cells = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_list(cells.type) or pa.types.is_large_list(cells.type):
        return _lists(cells)
    if not pa.types.is_dictionary(cells.type):
        return cells.to_pylist()
    distinct = [*cells.dictionary.to_pylist(), None]
    return take(distinct, pc.fill_null(cells.indices, len(distinct) - 1).to_numpy(zero_copy_only=False))


def _lists(cells: pa.ListArray) -> list[object]:
    """A column of lists, each row's list a slice of the items made once."""
    items = cells.values.to_pylist() if not pa.types.is_string(cells.values.type) else \
        cells.values.to_numpy(zero_copy_only=False).tolist()
    offsets = cells.offsets.to_numpy(zero_copy_only=False).tolist()
    lists: list[object] = [items[a:b] for a, b in pairwise(offsets)]
    if cells.null_count:
        for i in np.flatnonzero(cells.is_null().to_numpy(zero_copy_only=False)).tolist():
            lists[i] = None
    return lists


def _restored(table: pa.Table, about: dict[str, object]) -> pd.DataFrame:
    objects = set(about["objects"])  # type: ignore[call-overload]
    column = about["geometry"]
    frame = table.drop_columns([*objects, *([column] if column else [])]).to_pandas()  # numbers, the index
    for name in objects:  # Python objects, as loaded (lists as lists)
        frame[name] = pd.Series(_objects(table.column(name)), index=frame.index, dtype=object)
    frame = frame[[c for c in table.column_names if c in frame.columns]]
    if column is None:
        return frame
    cells = table.column(str(column)).combine_chunks()
    if about["points"]:
        shapes = shapely.points(cells.flatten().to_numpy(zero_copy_only=False).reshape(-1, 2))
    else:
        shapes = shapely.from_wkb(cells.to_numpy(zero_copy_only=False))
    geometry = gpd.GeoSeries(shapes, crs=about["crs"], index=frame.index)
    restored = gpd.GeoDataFrame(frame, geometry=geometry, crs=about["crs"], copy=False)
    return restored[about["columns"]]  # type: ignore[index]
