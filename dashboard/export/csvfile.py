"""CSV: the records in records.csv's columns, plus status, coordinates' origin, figures and sources."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import pandas as pd

from dashboard.data.schema import RecordRow
from dashboard.export.fields import (
    DERIVED_COLUMNS,
    RecordParts,
    corrections_in_view,
    made_of_records,
    plain,
    record_columns,
    rows_by_record,
    table_rows,
)
from dashboard.export.formats import ExportFormat
from dashboard.export.spreadsheet import csv_bytes, guarded, spreadsheet_lines
from dashboard.i18n import N_
from dashboard.scene import Scene, figure_text

FORMAT = ExportFormat("csv", "csv", "text/csv", N_("CSV"), spreadsheet=True)
ORDER = 1


def write(view: Scene, *, raw: bool = False) -> bytes:
    """The records the scene `view` shows, as `records_csv` writes them."""
    return records_csv(view, view.selection.records, corrections_in_view(view), raw=raw)


def records_csv(view: Scene, records: pd.DataFrame, corrections: pd.DataFrame,
                sources: pd.DataFrame | None = None, raw: bool = False, reuse: bool = False) -> bytes:
    """`records` (the view's, or more) in the documented `records.csv` columns (sources as `;`-separated
    ids), plus status, where the coordinates came from, the figures, the events up to the view's date and
    each source in full, and the record's corrections. The data is in every language it has, whatever
    the view's; events and corrections are summarised in English.

    Each source is given in full when found in `sources` (by default the view's); `corrections` are those
    the rows may name (`fields.corrections_in_view`).

    Text cells a spreadsheet would run as formulas are guarded unless `raw` (see `spreadsheet`). The raw
    file loads back as a `records.csv`: the columns after the documented ones are known to the loader.

    With `reuse` (for the view's own records, corrections and sources, `corrections_in_view`), a
    record's row and its line are taken again from an earlier view of the same data when nothing they
    read differs (`record_lines`).
    """
    if reuse and sources is None:
        header, lines = record_lines(view, records, corrections, raw)
        return (header + "".join(lines)).encode()
    columns = record_columns(records)
    parts = RecordParts(view, sources)  # each record's figures, events and sources, grouped once
    own = rows_by_record(corrections)  # each record's corrections, oldest first
    rows = []
    for row in table_rows(records, dict.fromkeys((*columns, "id", "sources", "aliases", *DERIVED_COLUMNS))):
        rows.append(_row(row, columns, parts, own.get(row["id"], ())))
    frame = pd.DataFrame(rows, columns=[*columns, *RecordRow.EXPORTED])
    return csv_bytes(frame, raw)


def record_lines(view: Scene, records: pd.DataFrame, corrections: pd.DataFrame,
                 raw: bool = False) -> tuple[str, list[str]]:
    """What `records_csv(view, records, corrections, raw=raw, reuse=True)` writes, as its header and
    each record's line (with its line end), in order, for a caller that exports many views of one
    dataset (the edition's pieces).

    A record's row is made again only when something it reads changed (`RecordParts.reused`), and its
    line is written again only then, or when a column's type in the whole table changed: pandas writes
    a cell by its column's type (a whole number as `3.0` in a column with a gap or a fraction), so the
    table is still made whole each time, and only the new rows go through `to_csv`. The rows are kept
    guarded (`spreadsheet.guarded`), which gives the table `csv_bytes` writes."""
    columns = record_columns(records)
    parts = RecordParts(view, reuse=True)
    own = rows_by_record(corrections)  # each record's corrections, oldest first
    made = made_of_records(view.data)
    written = made.setdefault("csv-lines", {})  # id -> (row, columns' types, raw, line)
    rows, ids = [], []
    for row in table_rows(records, dict.fromkeys((*columns, "id", "sources", "aliases", *DERIVED_COLUMNS))):
        rid = row["id"]
        ids.append(rid)
        rows.append(parts.reused("csv" if raw else "csv-guarded", rid, row.get("status"),
                                 partial(_guarded_row, raw, row, columns, parts, own.get(rid, ()))))
    frame = pd.DataFrame(rows, columns=[*columns, *RecordRow.EXPORTED])
    # The columns' types as one object, the same as long as they stay the same: a dtype's == is slow.
    last = made.setdefault("csv-types", {})
    types = tuple(frame.dtypes)
    if last.get("types") == types:
        types = last["types"]
    last["types"] = types
    lines: list[str | None] = []
    for rid, row in zip(ids, rows, strict=True):
        kept = written.get(rid)
        same = kept is not None and kept[0] is row and kept[1] is types and kept[2] == raw
        lines.append(kept[3] if same else None)
    new = [at for at, line in enumerate(lines) if line is None]
    header, *fresh = spreadsheet_lines(frame.iloc[new], raw=True)  # guarded already
    for at, line in zip(new, fresh, strict=True):
        lines[at] = line
        written[ids[at]] = (rows[at], types, raw, line)
    return header, lines  # type: ignore[return-value]


def _guarded_row(raw: bool, row: dict[str, object], columns: list[str], parts: RecordParts,
                 corrections: Iterable[dict[str, object]]) -> dict[str, object]:
    """`_row(row, columns, parts, corrections)`, every cell guarded unless `raw`."""
    out = _row(row, columns, parts, corrections)
    return out if raw else {key: guarded(value) for key, value in out.items()}


def _row(row: dict[str, object], columns: list[str], parts: RecordParts,
         corrections: Iterable[dict[str, object]]) -> dict[str, object]:
    """One record's row of the CSV (before the formula guard), from its cells `row`, its figures, events
    and sources (`parts`) and its `corrections`."""
    rid = str(row["id"])
    out = {k: plain(row.get(k)) for k in columns}
    out["sources"] = ";".join(row["sources"])
    if isinstance(row.get("aliases"), list):
        out["aliases"] = ";".join(row["aliases"])
    out.update({k: plain(row.get(k)) for k in DERIVED_COLUMNS})
    out["figures"] = " | ".join(f"{f['metric']}: {figure_text(f)}" for f in parts.figures(rid))
    out["events"] = " | ".join(
        " ".join(filter(None, (plain(e["date"]), plain(e["time"]), f"{e['kind']}:",
                               plain(e.get("summary_en")))))
        for e in parts.events(rid))
    out["source_details"] = " | ".join(
        f"{s['id']}: {s['publisher']}, {s['title']}, {s['url'] or 'no address'}, {s['date']}, "
        f"{s['reliability']}" for s in parts.sources(rid, row["sources"]))
    out["corrections"] = " | ".join(
        f"{plain(c['date'])} {c['table']} {c['id']}: {c.get('summary_en') or ''}"
        for c in corrections)
    return out
