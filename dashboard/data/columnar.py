"""Reading a table into Arrow columns once, and validating it column by column with Arrow's kernels.

`read_columns` reads a CSV file with pyarrow's multi-threaded CSV reader, each column as an Arrow
dictionary of strings (each distinct text held once), when the file is plain UTF-8 text (with or without
BOM) that pyarrow parses into as many cells per row as the header names; anything else (a legacy
encoding, UTF-16, a ragged row, a repeated or blank column name, an empty or missing file) is read by
`csvfile.read_table`, the reference reader, so that the same problems are reported in the same words. A
Parquet file is read with `pyarrow.parquet`, its cells as the text a spreadsheet would hold (as
`parquet.read_parquet` gives them). Either way row 2 is the first record.

`validate_coded` checks the declared rules (`rules.Cell`, `Row.RULES`) as `columns.typed_columns`
does, but on Arrow columns: each column is dictionary-encoded (by Arrow, or as Parquet stores it), the
common kinds of cell are vouched for by compute kernels over the distinct values (text with plain ends,
within its length and pattern; a plain decimal within its bounds), and only the distinct values the
kernels cannot vouch for go to the declared check in Python. A row that fails anywhere is validated by
the row model, which words its problems, as `rows.validate_table` does: the valid rows (kept as
factorised columns, `coded.CodedTable`), their values and the problems are the same as row-by-row
validation gives (tests/test_columnar.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from dashboard.data.cells import MAX_TEXT, blank_to_none
from dashboard.data.coded import Coded, CodedTable
from dashboard.data.columns import supported, typed_by
from dashboard.data.csvfile import SNIFF_BYTES, delimiter, read_table
from dashboard.data.parquet import PARQUET, cell_text, read_parquet
from dashboard.data.problems import Problem
from dashboard.data.rows import M, Table, unknown_columns, validate_table, validated
from dashboard.data.rules import SUSPECT, Cell, Check
from dashboard.data.vouched import is_text, vouched

FIRST_ROW = 2  # the spreadsheet row of the first record (the header is row 1)
_TEXT = pa.dictionary(pa.int32(), pa.string())  # a CSV column as read: each distinct text held once
# The schema metadata of a table whose dictionaries hold no text twice (Arrow's CSV reader builds each
# from a hash table); a Parquet file's dictionaries may (its writer's, and the blank given to a null cell).
_UNIQUE = {b"dictionaries": b"unique"}
# A per-language column (`summary_de`) as the kernels see it: what `cells.localised_text` keeps as it is
# (optional text within its length; a blank cell is None). The rest goes to its own check.
_LOCALISED = Cell(str, blank_to_none, optional=True, max_length=MAX_TEXT)


def read_columns(path: Path) -> tuple[pa.Table | None, list[Problem]]:
    """Read the table at `path` — CSV, or Parquet when its name ends in `.parquet` — as Arrow columns of
    strings (see the module docstring); None when unreadable, and the problems met."""
    if path.suffix == PARQUET:
        return _parquet(path)
    table = _arrow_csv(path)
    if table is not None:
        return table, []
    frame, problems = read_table(path)
    return (None if frame is None else _strings(frame)), problems


def _arrow_csv(path: Path) -> pa.Table | None:
    """A plain UTF-8 CSV file read by pyarrow; None for any file the reference reader is to read."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    blank = not raw[:4096].strip() and not raw.strip()  # a copy of the bytes only for a near-blank file
    if blank or b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    # the first characters, as the reference reader finds the delimiter in them
    head = raw[: 4 * SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="ignore")
    head = head[:SNIFF_BYTES]
    sep = delimiter(head)
    names = next(csv.reader(io.StringIO(head), delimiter=sep), [])
    if len(names) < 2 or len(set(names)) < len(names) or not all(n.strip() for n in names):
        return None  # pandas would rename repeated or blank names, or guess an index
    fields = [f"f{i}" for i in range(len(names))]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(raw),
            read_options=pcsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(fields, _TEXT), strings_can_be_null=False, null_values=[],
                quoted_strings_can_be_null=False, check_utf8=True))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    if table.num_columns != len(names) or table.num_rows == 0:
        return None
    header = [table.column(i)[0].as_py() for i in range(table.num_columns)]
    if header != names:  # the header spans lines the sniffed text does not hold
        return None
    return pa.table(table.slice(1).columns, names=[n.strip() for n in names], metadata=_UNIQUE)


def _parquet(path: Path) -> tuple[pa.Table | None, list[Problem]]:
    """A Parquet file's columns as text, as `parquet.read_parquet` reads them."""
    try:  # text columns as Arrow dictionaries: each distinct text held once, as Parquet stores it
        text = [f.name for f in pq.read_schema(path) if is_text(f.type)]
        table = pq.read_table(path, read_dictionary=text)
    except (pa.ArrowException, OSError, ValueError):
        table = None
    names = [] if table is None else [str(n).strip() for n in table.column_names]
    if (table is None or (table.schema.pandas_metadata or {}).get("index_columns")
            or len(set(names)) < len(names)):
        frame, problems = read_parquet(path)  # the reference's problems, and its index columns dropped
        return (None if frame is None else _strings(frame)), problems
    return pa.table([_text(table.column(i)) for i in range(table.num_columns)], names=names), []


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    """A Parquet column's cells as a spreadsheet's text (`parquet.cell_text`; nulls as "")."""
    if is_text(column.type):
        return pc.fill_null(column.cast(pa.large_string()), "")
    if pa.types.is_dictionary(column.type) and is_text(column.type.value_type):
        if _mostly_distinct(column):  # decoded, to be encoded once (`_column`): cheaper than unifying
            return pc.fill_null(column.cast(pa.large_string()), "")
        coded = column.combine_chunks()  # one dictionary for all the row groups; a null cell is "", last
        texts = pc.fill_null(coded.dictionary.cast(pa.large_string()), "")
        return pa.DictionaryArray.from_arrays(pc.fill_null(coded.indices, len(texts)),
                                              pa.concat_arrays([texts, pa.array([""], pa.large_string())]))
    return pa.array([cell_text(value) for value in column.to_pylist()], pa.large_string())


def _strings(frame: pd.DataFrame) -> pa.Table:
    """A frame read by the reference reader as Arrow columns (its names kept as they are, even repeated;
    a missing cell of a short row stays missing)."""
    return pa.table([pa.array(frame.iloc[:, i].tolist(), pa.large_string(), from_pandas=True)
                     for i in range(frame.shape[1])], names=[str(c) for c in frame.columns])


def frame_of(table: pa.Table, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The table (or its `rows`, by position) as the reference reader's frame: object columns of Python
    strings (a missing cell as NaN), indexed by spreadsheet row."""
    picked = table if rows is None else table.take(pa.array(rows, pa.int64()))
    index = (np.arange(table.num_rows) if rows is None else np.asarray(rows)) + FIRST_ROW
    frame = pd.DataFrame({i: pd.Series(picked.column(i).to_pylist(), dtype=object)
                          for i in range(picked.num_columns)})
    frame.columns = pd.Index(picked.column_names, dtype=object)
    frame.index = pd.Index(index)
    return frame.fillna(np.nan)


def validate_coded(table: pa.Table, model: type[M], file: str,
                   required: Iterable[str]) -> tuple[CodedTable, list[Problem]]:
    """Validate the rows of `table` (row 2 the first) against `model`, column by column (see the module
    docstring): the valid rows as factorised columns (`coded.CodedTable`), and the problems, as
    `rows.validate_table` gives them."""
    required = list(required)
    names = table.column_names
    unique = len(set(names)) == len(names)
    if not (unique and supported(model) and all(c in names for c in required)):
        return _reference(table, model, file, required)
    known = list(dict.fromkeys(c for c in names if model.knows(c)))
    unique = table.schema.metadata == _UNIQUE
    typed = typed_by(table.num_rows, model, known, lambda name, check, cell: _column(
        table.column(name), check, _LOCALISED if cell is None and name not in model.model_fields else cell,
        unique=unique))
    if typed is None:
        return _reference(table, model, file, required)
    values, extras, suspect = typed
    columns = {name: cells if isinstance(cells, Coded) else Coded.of(cells)
               for name, cells in (*values.items(), *extras.items())}
    keep = ~suspect
    problems = unknown_columns(names, model, file)
    positions = np.flatnonzero(suspect)
    if len(positions):  # the suspects validated by the model, their values added to the columns'
        checked, found = validated(frame_of(table, positions), model, file, known)
        problems += found
        if checked:
            at = np.asarray([row for row, _ in checked], dtype=np.int64) - FIRST_ROW
            keep[at] = True
            added = Table.of(checked, model, list(extras)).columns
            for name, column in columns.items():
                codes = column.codes.copy()
                codes[at] = np.arange(len(column.values), len(column.values) + len(at))
                columns[name] = Coded([*column.values, *added[name]], codes)
    rows = np.arange(FIRST_ROW, FIRST_ROW + table.num_rows, dtype=np.int64)
    return CodedTable(rows, columns).keep(keep), problems


def _reference(table: pa.Table, model: type[M], file: str,
               required: list[str]) -> tuple[CodedTable, list[Problem]]:
    """The reference validation (`rows.validate_table`) of the table, as coded columns."""
    valid, problems = validate_table(frame_of(table), model, file, required)
    return CodedTable.of(valid), problems


def load_columns(path: Path, model: type[M], required: Iterable[str]) -> tuple[Table, list[Problem]]:
    """Read the table at `path` (CSV, or Parquet) into columns and validate them (`validate_coded`);
    an unreadable file gives an empty table and its problem. What `rows.load_table` gives, faster."""
    valid, problems = load_coded(path, model, required)
    return valid.table(), problems


def load_coded(path: Path, model: type[M], required: Iterable[str],
               read: Callable[[Path], tuple[pa.Table | None, list[Problem]]] = read_columns,
               ) -> tuple[CodedTable, list[Problem]]:
    """`load_columns`, the valid rows kept as factorised columns (what the loader uses); the file read by
    `read` (by default `read_columns`; the loader's reads ahead, `dashboard.data.readahead`)."""
    table, problems = read(path)
    if table is None:
        return CodedTable.of(Table.of([], model)), problems
    valid, found = validate_coded(table, model, path.name, required)
    del table
    pa.default_memory_pool().release_unused()  # the text read is no longer held: give it back
    return valid, problems + found


def _column(column: pa.ChunkedArray, check: Check, cell: Cell | None,
            unique: bool = False) -> tuple[Coded, np.ndarray]:
    """The typed value of every cell (None where SUSPECT or missing) and which cells are suspect: each
    distinct cell judged once, by the kernels where they can (`vouched.vouched`), else by `check`.
    `unique`: a dictionary-encoded column's dictionary holds no text twice (as the CSV reader's)."""
    encoded = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if not pa.types.is_dictionary(encoded.type):  # a Parquet text column is one already, or decoded
        encoded = pc.dictionary_encode(encoded)
        unique = True
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary
    if encoded.indices.null_count:  # a missing cell of a short row: the last value, None and suspect
        codes = np.where(encoded.indices.is_valid().to_numpy(zero_copy_only=False), codes, len(distinct))
    typed, suspect, plain = _judged(distinct, check, cell)
    for i in np.flatnonzero(suspect).tolist():
        typed[i] = None
    typed.append(None)
    # the dictionary's own texts, none twice, and one None: distinct values (`Coded.factorised`)
    return Coded(typed, codes, unique and plain), np.append(suspect, True)[codes]


def _mostly_distinct(column: pa.ChunkedArray) -> bool:
    """Whether the dictionaries of a column's chunks (Parquet row groups; more than one) hold more than
    one text for every two rows: then unifying them costs two to three times what decoding the chunks
    and encoding the whole column once does (a million bundled records' event ids: 2.6 s against 1.3 s
    of CPU)."""
    return column.num_chunks > 1 and 2 * sum(len(chunk.dictionary) for chunk in column.chunks) > len(column)


def _judged(distinct: pa.Array, check: Check, cell: Cell | None) -> tuple[list[object], np.ndarray, bool]:
    """Each distinct cell's typed value (SUSPECT where the check cannot vouch for it), which are SUSPECT,
    and whether every typed value is the cell's text as it is (each vouched for, none blank)."""
    sure_typed = vouched(distinct, cell)
    if sure_typed is None:
        texts = [check(value) for value in distinct.to_pylist()]
        return texts, np.fromiter((value is SUSPECT for value in texts), dtype=bool, count=len(texts)), False
    sure, typed = sure_typed
    texts = distinct.to_pylist() if typed is None else typed
    suspect = np.zeros(len(texts), dtype=bool)
    unsure = np.flatnonzero(~sure).tolist()
    if not unsure:
        return texts, suspect, cell is not None and cell.base is str and (typed is None or None not in texts)
    raw = distinct.take(pa.array(unsure, pa.int64())).to_pylist()
    for i, value in zip(unsure, raw, strict=True):
        texts[i] = check(value)
        suspect[i] = texts[i] is SUSPECT
    return texts, suspect, False
