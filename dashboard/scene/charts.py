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
    month = status.visible(data.records, countries, status.LAST_DAY)  # every record the month shows
    month_troops = troops.troops_over_month(timeline.troops_by_day(month, data.figures),
                                            timeline.totals(data.records, data.figures),
                                            timeline.force_by_day(data.records, data.figures), data.sources,
                                            lang)
    tolls = charts.toll_chart(timeline.toll_points(month, data.figures, data.sources), lang)
    events = charts.events_over_month(status.events_by(data.events, month["id"], status.LAST_DAY),
                                      records, lang)
    return MonthCharts(month_troops, tolls, events)
