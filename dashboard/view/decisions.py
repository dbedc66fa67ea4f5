"""When each contributing state decided to send troops, from the data's own dates: before that day a
state is not shaded, none of its bases and routes are drawn, and the troop panel has no card for it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.memo import per_object
from dashboard.view.arrays import columns


@per_object
def decision_days(records: pd.DataFrame, events: pd.DataFrame) -> dict[str, dt.date]:
    """Each contributing state's (contingent code's) first known day of its deployment: the earliest of
    its contingent record's `start` and `deployed`, the first event at that record, and the `start` of its
    troop origins. A state with none of these dates has no day here (it is always shown)."""
    days: dict[str, dt.date] = {}

    def seen(code: object, day: object) -> None:
        if isinstance(code, str) and isinstance(day, dt.date):
            days[code] = min(day, days.get(code, day))

    contingents = records[records["layer"] == "contingent"]
    for row in contingents.itertuples(index=False):
        seen(row.contingent, row.start)
        seen(row.contingent, row.deployed)
    code_of = dict(zip(contingents["id"], contingents["contingent"], strict=True))
    for record, day in zip(events["record"], events["date"], strict=True):
        seen(code_of.get(record), day)
    origins = records[records["layer"] == "troop_origin"]
    for code, day in zip(origins["contingent"], origins["start"], strict=True):
        seen(code, day)
    return days


def undecided(records: pd.DataFrame, days: dict[str, dt.date], as_of: dt.date) -> np.ndarray:
    """Which of `records` belong to a state that had not yet decided to send troops on `as_of`: its
    contingent (the country's shading) and its troop origins (bases and routes)."""
    later = {code for code, day in days.items() if day > as_of}
    if not later:
        return np.zeros(len(records), dtype=bool)
    table = columns(records)  # kept per table: no pass over the records' objects
    return table.isin("layer", ["contingent", "troop_origin"]) & table.isin("contingent", later)


def any_requested(days: dict[str, dt.date], as_of: dt.date) -> bool:
    """Whether any state had decided to send troops by `as_of` (or no state's day is known)."""
    return not days or any(day <= as_of for day in days.values())
