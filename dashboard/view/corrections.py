"""The corrections and updates logs as the reader meets them: which record a correction concerns, and
the date the data last changed."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.view.arrays import row_of


def updated_on(corrections: pd.DataFrame, updates: pd.DataFrame) -> dt.date | None:
    """The latest date in the two logs (never the clock); None when both are empty."""
    days = [*corrections["date"], *updates["date"]]
    return max(days) if days else None


def with_records(corrections: pd.DataFrame, records: pd.DataFrame, figures: pd.DataFrame,
                 events: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """The corrections, newest first, with `record`: the record each concerns (a record's own row, by its
    current id; the record of a figure or event), None for a source."""
    # A few corrections, each looked up in the tables by id (never a pass over a table).
    def record(table: str, rid: str) -> str | None:
        if table == "records":
            current = aliases.get(rid, rid)
            return current if len(records) and row_of(records, [current])[0] >= 0 else None
        found = {"figures": figures, "events": events}.get(table)
        if found is None or not len(found):
            return None
        at = row_of(found, [rid])[0]
        return str(found["record"].iloc[at]) if at >= 0 else None

    out = corrections.assign(record=[record(str(t), str(i)) for t, i in
                                     zip(corrections["table"], corrections["id"], strict=True)])
    return out.iloc[::-1].reset_index(drop=True)
