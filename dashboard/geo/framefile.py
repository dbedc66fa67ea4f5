"""A loaded dataset's tables in one file of Arrow tables, read back with their types as loaded.

The file is a ZIP archive (stored, not compressed: each table's columns are LZ4-compressed by Arrow)
holding one Arrow IPC file per table (`records.arrow` …; Arrow's format reads without decoding, which
Parquet's does not) and `meta.json` (the cache key, the problems, which columns
hold Python objects, which holds the geometry). Every column keeps its type: numbers through Arrow's own
types and pandas' metadata; an object column (text, dates, times, lists) as the Python objects it held;
a GeoDataFrame's geometry as well-known binary, with its CRS. Nothing in the file is code: reading it runs
none.
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


def write_frames(file: IO[bytes], frames: Mapping[str, pd.DataFrame], meta: dict[str, object]) -> None:
    """Write `frames` (name -> frame or GeoDataFrame) and the JSON-able `meta` to `file`."""
    described: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, frame in frames.items():
            plain, about = _plain(frame)
            described[name] = about
            buffer = io.BytesIO()
            table = _encoded(pa.Table.from_pandas(plain), about["objects"])  # type: ignore[arg-type]
            options = pa.ipc.IpcWriteOptions(compression="lz4")
            with pa.ipc.new_file(buffer, table.schema, options=options) as out:
                out.write_table(table)
            archive.writestr(f"{name}.arrow", buffer.getvalue())
        archive.writestr(META, json.dumps({"meta": meta, "frames": described}))


def read_frames(file: IO[bytes]) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The frames and the meta written by `write_frames`."""
    with zipfile.ZipFile(file) as archive:
        stored = json.loads(archive.read(META))
        frames = {name: _restored(pa.ipc.open_file(archive.read(f"{name}.arrow")).read_all(), about)
                  for name, about in stored["frames"].items()}
    return frames, stored["meta"]


def _plain(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """The frame with its geometry as WKB, and what `_restored` needs to give it back."""
    objects = [str(c) for c in frame.columns if frame[c].dtype == object]
    about: dict[str, object] = {"objects": objects, "geometry": None, "crs": None,
                                "columns": list(frame.columns)}
    if isinstance(frame, gpd.GeoDataFrame):
        column = frame.geometry.name
        about["geometry"] = column
        about["crs"] = None if frame.crs is None else frame.crs.to_json()
        frame = pd.DataFrame(frame).assign(**{column: shapely.to_wkb(frame.geometry.array)})
    return frame, about


def _encoded(table: pa.Table, objects: list[str]) -> pa.Table:
    """The table with each object column other than lists dictionary-encoded: each distinct text, date or
    time stored once, and made into a Python object once on reading."""
    for name in objects:
        column = table.column(name)
        kind = column.type
        if not (pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_null(kind)):
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
    frame = table.drop_columns(list(objects)).to_pandas()  # numbers, and the index
    for name in objects:  # Python objects, as loaded (lists as lists)
        frame[name] = pd.Series(_objects(table.column(name)), index=frame.index, dtype=object)
    frame = frame[[c for c in table.column_names if c in frame.columns]]
    column = about["geometry"]
    if column is None:
        return frame
    geometry = gpd.GeoSeries.from_wkb(frame[column], crs=about["crs"], index=frame.index)
    restored = gpd.GeoDataFrame(frame.drop(columns=[column]), geometry=geometry, crs=about["crs"])
    return restored[about["columns"]]  # type: ignore[index]
