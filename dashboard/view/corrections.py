"""The corrections and updates logs as the reader meets them: which record a correction concerns, and
the date the data last changed."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def updated_on(corrections: pd.DataFrame, updates: pd.DataFrame) -> dt.date | None:
    """The latest date in the two logs (never the clock); None when both are empty."""
    days = [*corrections["date"], *updates["date"]]
    return max(days) if days else None


def with_records(corrections: pd.DataFrame, records: pd.DataFrame, figures: pd.DataFrame,
                 events: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """The corrections, newest first, with `record`: the record each concerns (a record's own row, by its
    current id; the record of a figure or event), None for a source."""
    figure_record = figures.set_index("id")["record"] if len(figures) else pd.Series(dtype=object)
    event_record = events.set_index("id")["record"] if len(events) else pd.Series(dtype=object)
    ids = set(records["id"])

    def record(table: str, rid: str) -> str | None:
        if table == "records":
            current = aliases.get(rid, rid)
            return current if current in ids else None
        found = {"figures": figure_record, "events": event_record}.get(table)
        return str(found[rid]) if found is not None and rid in found.index else None

    out = corrections.assign(record=[record(str(t), str(i)) for t, i in
                                     zip(corrections["table"], corrections["id"], strict=True)])
    return out.iloc[::-1].reset_index(drop=True)
