"""The charts of a view over the whole month: troops per day, tolls by source, the chronology.

The chosen date is only a parameter of them (where the date rule stands, and the figures their text
alternative names), so they are built once per country choice and language (`month_charts`), and a date
costs nothing but setting that parameter (`MonthCharts.on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.memo import per_object
from dashboard.render import charts, troops
from dashboard.render.chart_date import DatedChart
from dashboard.scene.panels import contingent_records
from dashboard.view import status, timeline
from dashboard.view.arrays import columns, day_number, record_rows, rows_at
from dashboard.vocabulary import TOLL_METRICS


@dataclass(frozen=True)
class MonthCharts:
    """The three charts over the month, as Vega-Lite specs."""

    troops: DatedChart
    tolls: dict
    events: DatedChart

    def on(self, day: dt.date) -> tuple[dict, dict, dict]:
        """The three specs with `day` chosen."""
        return self.troops.on(day), self.tolls, self.events.on(day)

    def converted(self, convert: Callable[[dict], dict]) -> MonthCharts:
        """The same charts with each spec passed through `convert` (a renderer's own data format)."""
        return MonthCharts(replace(self.troops, spec=convert(self.troops.spec)), convert(self.tolls),
                           replace(self.events, spec=convert(self.events.spec)))


def troop_template(data: Dataset, lang: str) -> troops.TroopTemplate:
    """The troop chart of `data` in `lang` before its contingents are filled in: built once (a country
    choice only fills in its contingents' lines)."""
    templates = _troop_templates(data.records, data.figures, data.sources)
    if lang not in templates:
        every = contingent_records(data.records)
        totals, force = timeline.totals(every, data.figures), timeline.force_by_day(every, data.figures)
        templates[lang] = troops.troop_template(totals, force, data.sources, lang)
    return templates[lang]


@per_object
def _troop_templates(_records: pd.DataFrame, _figures: pd.DataFrame, _sources: pd.DataFrame,
                     ) -> dict[str, troops.TroopTemplate]:
    return {}  # by language, filled in by `troop_template`


def month_charts(data: Dataset, countries: tuple[str, ...], lang: str, records: pd.DataFrame) -> MonthCharts:
    """The charts for a country choice in `lang`; `records` names places in that language."""
    chosen = _chosen(data, countries)
    month_troops = _troop_chart(data, _troops_by_day(data, chosen), lang)
    tolls = charts.toll_chart(_toll_points(data, chosen), lang)
    happened = rows_at(data.records, data.events, chosen) & (
        columns(data.events).days("date") <= day_number(status.LAST_DAY))
    events = charts.events_over_month(data.events[happened], records, lang)
    return MonthCharts(month_troops, tolls, events)


@dataclass(frozen=True)
class ChoiceCharts:
    """The troop and toll charts over the month for many country choices, each distinct chart once:
    `troops[of_choice[choice][0]]` and `tolls[of_choice[choice][1]]` are a choice's charts."""

    troops: list[DatedChart]
    tolls: list[dict]
    of_choice: dict[tuple[str, ...], tuple[int, int]]


def charts_by_choice(data: Dataset, choices: list[tuple[str, ...]], lang: str) -> ChoiceCharts:
    """The troop and toll charts of each country choice in `lang`, as `month_charts` draws them. Choices
    whose charts draw the same figures share one chart, built once (a troop chart depends only on the
    contingents chosen, a toll chart on the unrest places)."""
    troop_charts: dict[str, int] = {}
    toll_charts: dict[str, int] = {}
    built: tuple[list[DatedChart], list[dict]] = ([], [])
    of_choice: dict[tuple[str, ...], tuple[int, int]] = {}
    for countries in choices:
        chosen = _chosen(data, countries)
        by_day = _troops_by_day(data, chosen)
        points = _toll_points(data, chosen)
        troop_key, toll_key = by_day.to_json(date_format="iso"), points.to_json(date_format="iso")
        if troop_key not in troop_charts:
            troop_charts[troop_key] = len(built[0])
            built[0].append(_troop_chart(data, by_day, lang))
        if toll_key not in toll_charts:
            toll_charts[toll_key] = len(built[1])
            built[1].append(charts.toll_chart(points, lang))
        of_choice[countries] = (troop_charts[troop_key], toll_charts[toll_key])
    return ChoiceCharts(built[0], built[1], of_choice)


def _chosen(data: Dataset, countries: tuple[str, ...]) -> np.ndarray:
    """Every record the month shows for a country choice, as a mask over the records."""
    return (status.in_countries(data.records, countries)
            & status.known_by(data.records, status.LAST_DAY)).to_numpy()


def _troops_by_day(data: Dataset, chosen: np.ndarray) -> pd.DataFrame:
    """The chosen contingents' figures by day (`timeline.troops_by_day`): only the contingents taken."""
    contingents = data.records[chosen & columns(data.records).isin("layer", ["contingent"])]
    return timeline.troops_by_day(contingents, data.figures)


def _toll_points(data: Dataset, chosen: np.ndarray) -> pd.DataFrame:
    """The toll figures of the chosen places (`timeline.toll_points`): the places with a toll figure,
    taken by the figures' records, not by a pass over every place."""
    places_chosen = chosen & columns(data.records).isin("layer", ["unrest", "host"])
    tolls = rows_at(data.records, data.figures, places_chosen)
    tolls &= columns(data.figures).isin("metric", TOLL_METRICS)
    places = data.records.iloc[np.unique(record_rows(data.records, data.figures)[tolls])]
    return timeline.toll_points(places, data.figures, data.sources)


def _troop_chart(data: Dataset, by_day: pd.DataFrame, lang: str) -> DatedChart:
    """The troop chart of the contingents' figures `by_day`, beside the whole force's (its template built
    once per data set and language)."""
    return troop_template(data, lang).filled(by_day)
