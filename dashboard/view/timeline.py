"""How things changed over the month: troops in the country per day, and every toll as it was reported.

Plain tables for the charts (and for any other edition): the rules (which figure counts on a day, when a
contingent is present) are here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.view.status import DAYS, contingent_status
from dashboard.vocabulary import TOLL_METRICS, UNOFFICIAL

PRESENT = frozenset({"deployed", "withdrawing"})
# Figures reported after this day are shown apart, as later counts.
MONTH_END = DAYS[-1]


def troops_by_day(
    records: pd.DataFrame, figures: pd.DataFrame, days: Iterable[dt.date] = DAYS
) -> pd.DataFrame:
    """Troops of each contingent in `records` present in the country on each day.

    A contingent counts from its deployment until the day it has withdrawn. Its number on a day is the
    latest official troop figure known by then, else the latest reported one (`reported` is then True);
    before any figure is known it counts with the first one given. One row per day and contingent: `day`,
    `contingent` (country code), `troops`, `reported`, `status`.
    """
    contingents = records[records["layer"] == "contingent"]
    troops = figures[(figures["metric"] == "troops") & figures["record"].isin(contingents["id"])]
    troops = troops.assign(reported=troops["qualifier"].isin(UNOFFICIAL)).sort_values("date")
    rows = []
    for day in days:
        known = troops[troops["date"].map(lambda d, day=day: d <= day)]
        for c in contingents.itertuples(index=False):
            status = contingent_status(c.deployed, c.withdrawal_start, c.withdrawn, day)
            own = known[known["record"] == c.id]
            if own.empty:  # deployed before its number was given: the first number given
                own = troops[troops["record"] == c.id].head(1)
            official = own[~own["reported"]]
            figure = official.iloc[-1] if not official.empty else (own.iloc[-1] if not own.empty else None)
            present = status in PRESENT and figure is not None
            rows.append(
                {
                    "day": day,
                    "contingent": c.contingent,
                    "status": status,
                    "troops": int(figure["value"]) if present else 0,
                    "reported": bool(figure["reported"]) if figure is not None else False,
                }
            )
    return pd.DataFrame(rows, columns=["day", "contingent", "status", "troops", "reported"])


def totals(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Troop figures given for the whole force (not for one contingent), each with its qualifier, date and
    sources: the reference lines of the troop chart (2,030 official, about 2,500 announced)."""
    contingents = set(records.loc[records["layer"] == "contingent", "id"])
    whole = figures[(figures["metric"] == "troops") & ~figures["record"].isin(contingents)]
    return whole.drop_duplicates(["value", "qualifier"]).sort_values("date")


def toll_points(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every death, injury and arrest figure for the places in `records`, as its source gave it: one row
    each, with the place (`nationwide` for the host state's own figures), the source's publisher, and
    `later` for figures reported after January."""
    places = records[records["layer"].isin(["unrest", "host"])].set_index("id")
    rows = figures[figures["record"].isin(places.index) & figures["metric"].isin(TOLL_METRICS)]
    publisher = sources.set_index("id")["publisher"]
    return rows.assign(
        place=rows["record"].map(places["name"]),
        nationwide=rows["record"].map(places["layer"] == "host").astype(bool),
        source=rows["sources"].map(lambda ids: "; ".join(str(publisher.get(s, s)) for s in ids)),
        later=rows["date"].map(lambda d: d > MONTH_END),
    ).sort_values(["metric", "date", "value"])
