"""Reading a table from Parquet, for data too large to edit as CSV (a million records).

The columns are those of the CSV file, as strings or typed. Every cell is turned into the text a
spreadsheet would hold — a number as Python writes it, a date as YYYY-MM-DD, a list as `a;b`, a null or
NaN as an empty cell — so that the same models validate it and the same problems name it, row 2 being
the first record as in the CSV.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.data.problems import Problem

PARQUET = ".parquet"
CSV = ".csv"


def table_file(directory: Path, stem: str) -> tuple[Path, list[Problem]]:
    """The file that holds table `stem` (`records`) in `directory`: `STEM.parquet` if there is one, else
    `STEM.csv` (present or not).

    Both present: the Parquet file wins — it is the format for data too large to edit as CSV, and a CSV
    beside it is most likely an export or an older copy — and the CSV is reported, on row 0, as ignored.
    """
    parquet, csv = directory / f"{stem}{PARQUET}", directory / f"{stem}{CSV}"
    if not parquet.exists():
        return csv, []
    if not csv.exists():
        return parquet, []
    return parquet, [Problem(csv.name, 0, "-", f"ignored: {parquet.name} is read instead; keep only one "
                                               "of the two files")]


def read_parquet(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a Parquet file as strings, like `csvfile.read_table` reads a CSV file (empty cells as "").

    Returns the table (None when unreadable) and the problems met. The table's index is the
    spreadsheet row number each record would have in a CSV file (the header is row 1).
    """
    name = path.name
    if not path.is_file():
        return None, [Problem(name, 0, "-", "file is missing")]
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as err:
        return None, [Problem(name, 0, "-", f"cannot read as Parquet: {err}")]
    index = {c for c in (table.schema.pandas_metadata or {}).get("index_columns", []) if isinstance(c, str)}
    kept = [(i, str(n).strip()) for i, n in enumerate(table.column_names) if n not in index]
    if len({n for _, n in kept}) < len(kept):
        return None, [Problem(name, 0, "-", "two columns have the same name")]
    cells = {n: _text(table.column(i)) for i, n in kept}  # arrays and lists: no index to align
    return pd.DataFrame(cells, columns=list(cells), index=pd.RangeIndex(2, table.num_rows + 2), dtype=str), []


def _text(column: pa.ChunkedArray) -> Sequence[str]:
    """A column's cells as strings: a text column as it is (nulls as ""), without a Python object per cell."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return pc.fill_null(column.cast(pa.large_string()), "").to_pandas().array
    return [cell_text(value) for value in column.to_pylist()]


def cell_text(value: object) -> str:
    """One typed cell as a spreadsheet's text: a number as Python writes it, a date as YYYY-MM-DD, a list
    as `a;b`, a null or NaN as an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        midnight = value.tzinfo is None and value.time() == dt.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(cell_text(part) for part in value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return repr(value) if isinstance(value, float) else str(value)
