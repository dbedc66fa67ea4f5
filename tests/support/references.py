"""Plain references the tests check the product's faster paths against: whole frames in, one loop or
one call over them, nothing kept between calls."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.scene import Scene
from dashboard.view import sidebar
from dashboard.view.timeline import troop_figures
from dashboard.vocabulary import TOLL_METRICS


def latest_troops(figures: pd.DataFrame, records: pd.DataFrame) -> dict[str, int]:
    """The troop figure that shades each contributing country, from the whole frames
    (`view.timeline.troop_figures`: official first)."""
    return {code: figure[1] for code, figure in troop_figures(records, figures).items()}


def shaded_by_reported(figures: pd.DataFrame, records: pd.DataFrame) -> list[str]:
    """The countries shaded by an unofficial (reported) figure, for want of an official one."""
    return [code for code, figure in troop_figures(records, figures).items() if figure[2]]


def unlisted_count(made: Scene) -> int:
    """How many unrest places the scene shows with a toll figure known beyond the TOP_PLACES listed (the N
    of "and N more"), by a loop over its rows."""
    unrest = {r["id"] for r in made.panels.shown.to_dict("records") if r["layer"] == "unrest"}
    places = {f["record"] for f in made.selection.figures.to_dict("records")
              if f["metric"] in TOLL_METRICS and f["record"] in unrest}
    return max(0, len(places) - sidebar.TOP_PLACES)


def citation_pairs(sources: pd.DataFrame, table: pd.DataFrame) -> list[tuple[int, int]]:
    """Every citation in `table`'s `sources` lists of a source in `sources`, one list at a time: the citing
    row's position and the cited source's position (its first row), in row order, each list in its order."""
    first: dict[str, int] = {}
    for position, sid in enumerate(sources["id"]):
        first.setdefault(sid, position)
    return [(row, first[sid]) for row, ids in enumerate(table["sources"])
            for sid in (ids if isinstance(ids, list | tuple) else ()) if sid in first]


def decision_days(records: pd.DataFrame, events: pd.DataFrame) -> dict[str, dt.date]:
    """Each contingent code's first known day, one row at a time: its contingent record's `start` and
    `deployed`, the events at that record, its troop origins' `start` (the earliest), in the order met."""
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
