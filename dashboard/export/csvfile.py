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
    plain,
    record_columns,
    rows_by_record,
    table_rows,
)
from dashboard.export.formats import ExportFormat
from dashboard.export.spreadsheet import csv_bytes
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

    With `reuse` (for the view's own records and corrections, `corrections_in_view`), a record's row is
    taken again from an earlier view of the same data when nothing it reads differs
    (`RecordParts.reused`).
    """
    columns = record_columns(records)
    parts = RecordParts(view, sources, reuse)  # each record's figures, events and sources, grouped once
    own = rows_by_record(corrections)  # each record's corrections, oldest first
    rows = []
    for row in table_rows(records, dict.fromkeys((*columns, "id", "sources", "aliases", *DERIVED_COLUMNS))):
        rows.append(parts.reused("csv", row["id"], row.get("status"),
                                 partial(_row, row, columns, parts, own.get(row["id"], ()))))
    frame = pd.DataFrame(rows, columns=[*columns, *RecordRow.EXPORTED])
    return csv_bytes(frame, raw)


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
