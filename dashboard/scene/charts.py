"""The charts of a view over the whole month: troops per day, tolls by source, the chronology.

The chosen date is only a parameter of them (where the date rule stands, and the figures their text
alternative names), so they are built once per country choice and language (`month_charts`), and a date
costs nothing but setting that parameter (`MonthCharts.on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.render import charts, troops
from dashboard.render.chart_date import DatedChart
from dashboard.view import status, timeline


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


def month_charts(data: Dataset, countries: tuple[str, ...], lang: str, records: pd.DataFrame) -> MonthCharts:
    """The charts for a country choice in `lang`; `records` names places in that language."""
    month = _month(data, countries)
    month_troops = _troops(data, timeline.troops_by_day(month, data.figures), lang)
    tolls = charts.toll_chart(timeline.toll_points(month, data.figures, data.sources), lang)
    events = charts.events_over_month(status.events_by(data.events, month["id"], status.LAST_DAY),
                                      records, lang)
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
        month = _month(data, countries)
        by_day = timeline.troops_by_day(month, data.figures)
        points = timeline.toll_points(month, data.figures, data.sources)
        troop_key, toll_key = by_day.to_json(date_format="iso"), points.to_json(date_format="iso")
        if troop_key not in troop_charts:
            troop_charts[troop_key] = len(built[0])
            built[0].append(_troops(data, by_day, lang))
        if toll_key not in toll_charts:
            toll_charts[toll_key] = len(built[1])
            built[1].append(charts.toll_chart(points, lang))
        of_choice[countries] = (troop_charts[troop_key], toll_charts[toll_key])
    return ChoiceCharts(built[0], built[1], of_choice)


def _month(data: Dataset, countries: tuple[str, ...]) -> pd.DataFrame:
    """Every record the month shows for a country choice."""
    return status.visible(data.records, countries, status.LAST_DAY)


def _troops(data: Dataset, by_day: pd.DataFrame, lang: str) -> DatedChart:
    """The troop chart of the contingents' figures `by_day` (`timeline.troops_by_day`)."""
    return troops.troops_over_month(by_day, timeline.totals(data.records, data.figures),
                                    timeline.force_by_day(data.records, data.figures), data.sources, lang)
