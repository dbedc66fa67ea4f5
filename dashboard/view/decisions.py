"""When each contributing state decided to send troops, from the data's own dates: before that day a
state is not shaded, none of its bases and routes are drawn, and the troop panel has no card for it."""

from __future__ import annotations

import datetime as dt
from itertools import repeat

import numpy as np
import pandas as pd

from dashboard.memo import per_object
from dashboard.view.arrays import EPOCH, NO_DAY, columns, record_rows


@per_object
def decision_days(records: pd.DataFrame, events: pd.DataFrame) -> dict[str, dt.date]:
    """Each contributing state's (contingent code's) first known day of its deployment: the earliest of
    its contingent record's `start` and `deployed`, the first event at that record, and the `start` of its
    troop origins. A state with none of these dates has no day here (it is always shown). The states
    come in the order their first date is met: the contingents' rows, the events, the troop origins.

    On the tables' kept arrays (`view.arrays`): a minimum per contingent code, no call per row."""
    table = columns(records)
    codes, uniques = table.codes("contingent")
    named = np.append(np.fromiter((isinstance(u, str) for u in uniques), dtype=bool, count=len(uniques)),
                      False)[codes]  # (the last: a missing code, -1)
    contingent = np.flatnonzero(table.isin("layer", ["contingent"]) & named)
    origin = np.flatnonzero(table.isin("layer", ["troop_origin"]) & named)
    event_record = record_rows(records, events)
    contingent_of = np.full(len(records) + 1, -1, dtype=np.int64)  # each contingent record's code
    contingent_of[contingent] = codes[contingent]
    parts = [(codes[contingent], _days(records, "start")[contingent]),
             (codes[contingent], _days(records, "deployed")[contingent]),
             (contingent_of[event_record], _days(events, "date")),
             (codes[origin], _days(records, "start")[origin])]
    code = np.concatenate([c for c, _ in parts])
    day = np.concatenate([d for _, d in parts])
    seen = (code >= 0) & (day != NO_DAY)
    code, day = code[seen], day[seen]
    first = np.full(len(uniques), np.iinfo(np.int64).max)
    np.minimum.at(first, code, day)
    met, at = np.unique(code, return_index=True)
    return {str(uniques[c]): EPOCH + dt.timedelta(days=int(first[c])) for c in met[np.argsort(at)]}


def _days(table: pd.DataFrame, column: str) -> np.ndarray:
    """The column's dates as day numbers (`arrays.days`), NO_DAY where a cell is not a date."""
    values = columns(table).values(column)
    dated = np.fromiter(map(isinstance, values, repeat(dt.date)), dtype=bool, count=len(values))
    return np.where(dated, columns(table).days(column), NO_DAY)


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
