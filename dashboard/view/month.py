"""The month's figures per country choice: what the troop, toll and chronology charts draw, picked from
the data in one pass for every choice asked for.

A chart depends only on the figures it draws, and many country choices draw the same ones (a troop chart
depends only on the contingents chosen, a toll chart on the unrest places), so each distinct set of
figures is kept once and every choice names its sets (`MonthFigures.of_choice`). The renderer draws each
set once; nothing in it goes back to the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.countries import country_name
from dashboard.i18n import Translator
from dashboard.view import status, timeline
from dashboard.view.arrays import columns, day_number, per_distinct, record_rows, rows_at
from dashboard.vocabulary import TOLL_METRICS


@dataclass(frozen=True)
class MonthFigures:
    """The month's figures of many country choices, each distinct set once: `troops[i]` (the chosen
    contingents' figures by day, `timeline.troops_by_day`; `lines[i]`, the same as the troop chart's
    lines draw them, `troop_lines`) and `tolls[j]` (the chosen places' toll figures,
    `timeline.toll_points`) where `of_choice[choice] == (i, j)`; `events[choice]`, the events
    the month shows for a choice (when asked for); and what the troop chart draws for the whole force
    whatever the choice: `totals` (`timeline.totals`) and `force` (`timeline.force_by_day`)."""

    troops: list[pd.DataFrame]
    lines: list[pd.DataFrame]
    tolls: list[pd.DataFrame]
    of_choice: dict[tuple[str, ...], tuple[int, int]]
    events: dict[tuple[str, ...], pd.DataFrame]
    totals: pd.DataFrame
    force: pd.DataFrame


def month_figures(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame,
                  choices: Sequence[tuple[str, ...]], tr: Translator,
                  events: pd.DataFrame | None = None) -> MonthFigures:
    """The figures the month's charts draw for each country choice in `choices` (see `MonthFigures`), the
    troop chart's lines in the language of `tr`; with `events`, also each choice's events of the month."""
    table = columns(records)
    known = status.known_by(records, status.LAST_DAY).to_numpy()
    contingents, places = table.isin("layer", ["contingent"]), table.isin("layer", ["unrest", "host"])
    rows = record_rows(records, figures)
    is_toll = columns(figures).isin("metric", TOLL_METRICS)
    troop_sets: dict[str, int] = {}
    toll_sets: dict[str, int] = {}
    built: tuple[list[pd.DataFrame], list[pd.DataFrame]] = ([], [])
    of_choice: dict[tuple[str, ...], tuple[int, int]] = {}
    happened: dict[tuple[str, ...], pd.DataFrame] = {}
    for countries in choices:
        chosen = status.in_countries(records, countries).to_numpy() & known
        by_day = timeline.troops_by_day(records[chosen & contingents], figures)
        # The places with a toll figure, taken by the figures' records, not by a pass over every place.
        tolls = rows_at(records, figures, chosen & places) & is_toll
        points = timeline.toll_points(records.iloc[np.unique(rows[tolls])], figures, sources)
        troop_key, toll_key = by_day.to_json(date_format="iso"), points.to_json(date_format="iso")
        if troop_key not in troop_sets:
            troop_sets[troop_key] = len(built[0])
            built[0].append(by_day)
        if toll_key not in toll_sets:
            toll_sets[toll_key] = len(built[1])
            built[1].append(points)
        of_choice[countries] = (troop_sets[troop_key], toll_sets[toll_key])
        if events is not None:
            shown = rows_at(records, events, chosen) & (
                columns(events).days("date") <= day_number(status.LAST_DAY))
            happened[countries] = events[shown]
    return MonthFigures(built[0], [troop_lines(by_day, tr) for by_day in built[0]], built[1], of_choice,
                        happened, timeline.totals(records, figures), timeline.force_by_day(records, figures))


def troop_lines(by_day: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The contingents' own figures (`by_day`, from `timeline.troops_by_day`) as the troop chart's lines
    and points draw them, in the language of `tr`: a row for each day a contingent is present, with `day`
    (ISO), `day_label`, `series` (the contingent's country), `figure` (its figure, marked where only
    reported) and `kind` (official, or reported)."""
    official, reported = tr("official"), tr("reported, unofficial")
    present = by_day[by_day["troops"] > 0]
    return present.assign(
        day=per_distinct(dt.date.isoformat, present["day"]),
        day_label=per_distinct(tr.day_month, present["day"]),
        series=per_distinct(lambda c: country_name(c, tr.lang), present["contingent"]),
        figure=per_distinct(lambda t, r: tr("{n} (reported)", n=tr.number(t)) if r else tr.number(t),
                            present["troops"], present["reported"]),
        kind=np.where(present["reported"].to_numpy(dtype=bool), reported, official),
    )
