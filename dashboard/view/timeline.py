"""How things changed over the month: troops in the country per day, and every toll as it was reported.

Plain tables for the charts (and for any other edition): the rules (which figure counts on a day, when a
contingent is present) are here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.view.arrays import day_number, days, joined, looked_up
from dashboard.view.status import DAYS, contingent_status
from dashboard.vocabulary import NOT_COUNTED, TOLL_METRICS, UNOFFICIAL

PRESENT = frozenset({"deployed", "withdrawing"})
# Figures reported after this day are shown apart, as later counts.
MONTH_END = DAYS[-1]


def counting(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures that may size a circle or count in a chart: all but those withdrawn by their source
    (listed in the details, marked, but never counted). The one place that rule is applied."""
    if "status" not in figures.columns:
        return figures
    return figures[~figures["status"].isin(NOT_COUNTED)]


# A troop figure as the rule below reads it: (date given, value, reported i.e. unofficial).
Given = tuple[dt.date, int, bool]


def troops_given(records: pd.DataFrame, figures: pd.DataFrame) -> dict[str, list[Given]]:
    """Each contingent's troop figures, oldest first, by its country code: a few per contingent."""
    code = records.loc[records["layer"] == "contingent"].set_index("id")["contingent"]
    figures = counting(figures)
    troops = figures[(figures["metric"] == "troops") & figures["record"].isin(code.index)]
    given: dict[str, list[Given]] = {}
    for f in troops.sort_values("date").itertuples(index=False):
        given.setdefault(str(code[f.record]), []).append((f.date, int(f.value), f.qualifier in UNOFFICIAL))
    return given


def counted(given: list[Given], day: dt.date = dt.date.max) -> Given | None:
    """The figure that counts on `day`: the latest official one known by then, else the latest reported
    one; None before any is known. The one rule for the shading, the chart and the total's note."""
    known = [f for f in given if f[0] <= day]
    return ([f for f in known if not f[2]] or known or [None])[-1]


def troop_figures(records: pd.DataFrame, figures: pd.DataFrame) -> dict[str, Given]:
    """The figure that counts for each contingent among `figures` (those known by the view's date)."""
    return {code: figure for code, given in troops_given(records, figures).items()
            if (figure := counted(given)) is not None}


def troops_by_day(
    records: pd.DataFrame, figures: pd.DataFrame, days: Iterable[dt.date] = DAYS
) -> pd.DataFrame:
    """Troops of each contingent in `records` present in the country on each day.

    A contingent counts from its deployment until the day it has withdrawn, with the figure that counts
    that day (`counted`; `reported` is then True for an unofficial one); before any figure is known it
    counts with the first one given. One row per day and contingent: `day`, `contingent` (country code),
    `troops`, `reported`, `status`.
    """
    given = troops_given(records, figures)
    rows = []
    units = list(records[records["layer"] == "contingent"].itertuples(index=False))
    for day in days:
        for c in units:
            status = contingent_status(c.deployed, c.withdrawal_start, c.withdrawn, day)
            own = given.get(c.contingent, [])
            figure = counted(own, day) or (own[0] if own else None)  # before its number was given
            present = status in PRESENT and figure is not None
            rows.append({"day": day, "contingent": c.contingent, "status": status,
                         "troops": figure[1] if present else 0,
                         "reported": figure[2] if figure is not None else False})
    return pd.DataFrame(rows, columns=["day", "contingent", "status", "troops", "reported"])


def totals(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Troop figures given for the whole force (not for one contingent), each with its qualifier, date and
    sources: the reference lines of the troop chart (2,030 official, about 2,500 announced)."""
    contingents = set(records.loc[records["layer"] == "contingent", "id"])
    figures = counting(figures)
    whole = figures[(figures["metric"] == "troops") & ~figures["record"].isin(contingents)]
    return whole.drop_duplicates(["value", "qualifier"]).sort_values("date")


def force_by_day(
    records: pd.DataFrame, figures: pd.DataFrame, days: Iterable[dt.date] = DAYS
) -> pd.DataFrame:
    """The whole force's official figure on each day: the latest exact figure given for the whole force
    (not for one contingent) known by that day (`counted`), on the days any contingent of `records` is in
    the country. The one series of the troop chart that is a total, as a source gave it: never a sum of
    the contingents' figures. One row per day it is known: `day`, `troops`, `date` (when it was given),
    `sources`.
    """
    whole = totals(records, figures)
    exact = whole[whole["qualifier"] == "exact"]
    given: list[Given] = [(d, int(v), False) for d, v in zip(exact["date"], exact["value"], strict=True)]
    cited = {(d, int(v)): s for d, v, s in zip(exact["date"], exact["value"], exact["sources"], strict=True)}
    units = list(records[records["layer"] == "contingent"].itertuples(index=False))
    rows = []
    for day in days:
        present = any(contingent_status(c.deployed, c.withdrawal_start, c.withdrawn, day) in PRESENT
                      for c in units)
        if present and (figure := counted(given, day)) is not None:
            rows.append({"day": day, "troops": figure[1], "date": figure[0],
                         "sources": cited[(figure[0], figure[1])]})
    return pd.DataFrame(rows, columns=["day", "troops", "date", "sources"])


def toll_points(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every death, injury and arrest figure for the places in `records`, as its source gave it: one row
    each, with the place (`nationwide` for the host state's own figures), the source's publisher, and
    `later` for figures reported after January."""
    places = records[records["layer"].isin(["unrest", "host"])].set_index("id")
    figures = counting(figures)
    tolls = figures[figures["metric"].isin(TOLL_METRICS)]
    rows = tolls[tolls["record"].isin(places.index)]
    return rows.assign(
        place=rows["record"].map(places["name"]),
        nationwide=rows["record"].map(places["layer"] == "host").astype(bool),
        source=joined(rows["sources"], lambda ids: ids.map(looked_up(sources, "publisher", ids))),
        later=days(rows["date"]) > day_number(MONTH_END),
    ).sort_values(["metric", "date", "value"])
