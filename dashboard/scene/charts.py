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
    # Every record the month shows, but only those of the layers the charts draw are taken.
    chosen = (status.in_countries(data.records, countries)
              & status.known_by(data.records, status.LAST_DAY)).to_numpy()
    layer = columns(data.records)
    contingents = data.records[chosen & layer.isin("layer", ["contingent"])]
    # The places with a toll figure: taken by the figures' records, not by a pass over every place.
    tolls = rows_at(data.records, data.figures, chosen & layer.isin("layer", ["unrest", "host"]))
    tolls &= columns(data.figures).isin("metric", TOLL_METRICS)
    places = data.records.iloc[np.unique(record_rows(data.records, data.figures)[tolls])]
    month_troops = troop_template(data, lang).filled(timeline.troops_by_day(contingents, data.figures))
    tolls = charts.toll_chart(timeline.toll_points(places, data.figures, data.sources), lang)
    happened = rows_at(data.records, data.events, chosen) & (
        columns(data.events).days("date") <= day_number(status.LAST_DAY))
    events = charts.events_over_month(data.events[happened], records, lang)
    return MonthCharts(month_troops, tolls, events)
