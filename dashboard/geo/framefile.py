"""A loaded dataset's tables in one file of Arrow tables, read back with their types as loaded.

The file is a ZIP archive (stored, not compressed: each table's columns are LZ4-compressed by Arrow)
holding one Arrow IPC file per table (`records.arrow` …; Arrow's format reads without decoding, which
Parquet's does not) and `meta.json` (the cache key, the problems, which columns
hold Python objects, which holds the geometry). Every column keeps its type: numbers through Arrow's own
types and pandas' metadata; an object column (text, dates, times, lists) as the Python objects it held;
a GeoDataFrame's geometry, with its CRS, as each point's x and y when every one is a point (the records'),
else as well-known binary. A text column whose values repeat is dictionary-encoded. Nothing in the file
is code: reading it runs none.

Each table is written a slice of rows at a time (Arrow record batches): the writer holds the frames and
one slice of their text as Arrow, never a second copy of a whole table, and reading takes the slices as
they come.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import IO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from dashboard.data.columns import take
from dashboard.geo.readers import give_way

META = "meta.json"
ROWS = 1 << 18  # the rows made into Arrow and written at a time (`write_frames`)
SAMPLE = 4096  # the first cells of a text column that tell whether its values repeat (`_encoded`)


def write_frames(file: IO[bytes], frames: Mapping[str, pd.DataFrame], meta: dict[str, object],
                 rows: int = ROWS) -> None:
    """Write `frames` (name -> frame or GeoDataFrame) and the JSON-able `meta` to `file`.

    Table by table, and each table `rows` rows at a time: a text column whose values
    do not repeat is made into Arrow one slice at a time and written out, so the writer never holds a
    second copy of a whole table beside the frames (at a million records that copy was 2 GB)."""
    described: dict[str, dict[str, object]] = {}
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, frame in frames.items():
            plain, about, geometry = _plain(frame)
            described[name] = about
            columns, empty = _columns(plain, about["objects"], rows)  # type: ignore[arg-type]
            if geometry is not None:
                columns[str(about["geometry"])] = geometry
            schema = pa.schema([pa.field(n, c.type) for n, c in columns.items()], metadata=empty.metadata)
            with archive.open(f"{name}.arrow", "w", force_zip64=True) as entry, \
                    pa.ipc.new_file(entry, schema, options=options) as out:
                for start in _starts(len(plain), rows):
                    out.write_table(_slice(plain, columns, schema, start, rows))
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


class _Later:
    """A text column made into Arrow slice by slice as it is written (`_slice`), of the type given."""

    def __init__(self, kind: pa.DataType) -> None:
        self.type = kind


_Column = pa.ChunkedArray | pa.Array | _Later


def _columns(plain: pd.DataFrame, objects: list[str], rows: int) -> tuple[dict[str, _Column], pa.Schema]:
    """Each column of the table to write, in the order `Table.from_pandas` gives them (the frame's,
    then its index where that is a column), and pandas' metadata in an empty schema: numbers as Arrow,
    an object column whose values repeat dictionary-encoded, any other object column as a `_Later`
    (`_encoded`)."""
    numbers = pa.Table.from_pandas(plain.drop(columns=objects))
    names = [*map(str, plain.columns), *(c for c in numbers.column_names if c not in plain.columns)]
    columns = {name: _encoded(plain[name], rows) if name in objects else numbers.column(name)
               for name in names}
    return columns, pa.schema([], metadata=numbers.schema.metadata)


def _slice(plain: pd.DataFrame, columns: Mapping[str, _Column], schema: pa.Schema, start: int,
           rows: int) -> pa.Table:
    """Rows `start` to `start + rows` of the table to write, made into Arrow now where they are text."""
    arrays = []
    for field in schema:
        column = columns[field.name]
        if isinstance(column, _Later):
            part = plain[field.name].iloc[start:start + rows]
            arrays.append(pa.array(part, type=column.type, from_pandas=True))
        else:
            arrays.append(column.slice(start, rows))  # type: ignore[attr-defined]
    return pa.Table.from_arrays(arrays, schema=schema)


def _encoded(column: pd.Series, rows: int) -> pa.ChunkedArray | _Later:
    """An object column other than lists dictionary-encoded: each distinct text, date or time stored
    once, and made into a Python object once on reading. Not a column whose first cells are mostly
    distinct (ids, names): its dictionary would hold nearly every cell again, and encoding it took a
    second at a million records; such a column, and lists, are made into Arrow as they are written
    (a `_Later`). Made `rows` at a time, each slice encoded before the next is made (the plain column
    is never held whole, and the thread writing lets the others run between slices)."""
    values = column.to_numpy()
    kind = _kind(values, rows)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_null(kind):
        return _Later(kind)
    sample = pa.array(values[:SAMPLE], type=kind, from_pandas=True)
    if len(sample) == SAMPLE and pc.count_distinct(sample).as_py() > len(sample) // 2:
        return _Later(kind)
    parts = [pc.dictionary_encode(pa.array(values[start:start + rows], type=kind, from_pandas=True))
             for start in _starts(len(values), rows)]
    chunks = [c for part in parts for c in (part.chunks if isinstance(part, pa.ChunkedArray) else [part])]
    return pa.chunked_array(chunks, type=pa.dictionary(pa.int32(), kind)).unify_dictionaries()


def _kind(values: np.ndarray, rows: int) -> pa.DataType:
    """The Arrow type of a column of Python objects, as `pa.array` would infer it over the whole column,
    inferred `rows` at a time."""
    kinds = {pa.infer_type(values[start:start + rows], from_pandas=True)
             for start in _starts(len(values), rows)} - {pa.null()}
    if len(kinds) > 1:  # slices of different types (integers and floats): what the whole makes of them
        return pa.infer_type(values, from_pandas=True)
    return kinds.pop() if kinds else pa.null()


def _starts(length: int, rows: int) -> Iterator[int]:
    """The first row of each slice of `rows` rows of a column of `length` (one slice when it is empty),
    each given once any reader's run under way on another thread is over (`readers.give_way`): the
    writer works between the page's runs."""
    for start in range(0, max(length, 1), rows):
        give_way()
        yield start


def _objects(column: pa.ChunkedArray) -> list[object]:
    """A column's cells as Python objects: text as str, dates and times as `datetime`'s, lists as lists
    (each row its own), a null as None; each distinct value of an encoded column made once and shared
    by its rows, as the loader shares them. Slice by slice as written (`write_frames`), never combined."""
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        return [cell for cells in column.chunks for cell in _lists(cells)]
    if not pa.types.is_dictionary(column.type):
        return column.to_pylist()
    column = column.unify_dictionaries() if column.num_chunks > 1 else column
    if not column.num_chunks:
        return []
    distinct = [*column.chunk(0).dictionary.to_pylist(), None]
    codes = [pc.fill_null(cells.indices, len(distinct) - 1).to_numpy(zero_copy_only=False)
             for cells in column.chunks]
    return take(distinct, np.concatenate(codes))


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
