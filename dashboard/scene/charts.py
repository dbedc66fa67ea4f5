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
from dashboard.i18n import Translator
from dashboard.memo import per_object
from dashboard.render import charts, troops
from dashboard.render.chart_date import DatedChart
from dashboard.view.month import MonthFigures, month_figures


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


def troop_template(data: Dataset, tr: Translator, figures: MonthFigures) -> troops.TroopTemplate:
    """The troop chart of `data` in the language of `tr` before its contingents are filled in: built
    once (a country choice only fills in its contingents' lines), from the whole force's figures of
    `figures`."""
    templates = _troop_templates(data.records, data.figures, data.sources)
    if tr.lang not in templates:
        templates[tr.lang] = troops.troop_template(figures.totals, figures.force, data.sources, tr)
    return templates[tr.lang]


@per_object
def _troop_templates(_records: pd.DataFrame, _figures: pd.DataFrame, _sources: pd.DataFrame,
                     ) -> dict[str, troops.TroopTemplate]:
    return {}  # by language, filled in by `troop_template`


def month_charts(data: Dataset, countries: tuple[str, ...], lang: str, records: pd.DataFrame) -> MonthCharts:
    """The charts for a country choice in `lang`; `records` names places in that language."""
    tr = Translator(lang)
    figures = month_figures(data.records, data.figures, data.sources, [countries], tr, data.events)
    troop, toll = figures.of_choice[countries]
    return MonthCharts(troop_template(data, tr, figures).filled(figures.lines[troop]),
                       charts.toll_chart(figures.tolls[toll], lang),
                       charts.events_over_month(figures.events[countries], records, lang))


@dataclass(frozen=True)
class ChoiceCharts:
    """The troop and toll charts over the month for many country choices, each distinct chart once:
    `troops[of_choice[choice][0]]` and `tolls[of_choice[choice][1]]` are a choice's charts."""

    troops: list[DatedChart]
    tolls: list[dict]
    of_choice: dict[tuple[str, ...], tuple[int, int]]


def charts_by_choice(data: Dataset, choices: list[tuple[str, ...]], tr: Translator) -> ChoiceCharts:
    """The troop and toll charts of each country choice in the language of `tr` (a scene's translator,
    `Scene.tr`), as `month_charts` draws them. Choices
    whose charts draw the same figures share one chart, built once (`view.month.month_figures`: a troop
    chart depends only on the contingents chosen, a toll chart on the unrest places)."""
    figures = month_figures(data.records, data.figures, data.sources, choices, tr)
    template = troop_template(data, tr, figures)
    return ChoiceCharts([template.filled(lines) for lines in figures.lines],
                        [charts.toll_chart(points, tr.lang) for points in figures.tolls], figures.of_choice)
