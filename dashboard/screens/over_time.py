"""The map page's "Over time" charts for a view, built once for every session of the server process.

The charts show the whole month for the chosen countries; the chosen date is only a parameter of them
(where the date rule stands, and the figures their text alternative names). So a chart is built once per
country choice and language, and moving the date costs nothing but setting that parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard.render import charts
from dashboard.render.chart_date import DatedChart
from dashboard.screens.bridge import arrow_datasets
from dashboard.screens.shared import dataset, records_in
from dashboard.view import status, timeline


@st.cache_resource(max_entries=512, show_spinner=False)
def charts_over_month(
    countries: tuple[str, ...], lang: str
) -> tuple[DatedChart, dict, DatedChart]:
    """The three charts for a country choice: troops per day, tolls by source, the chronology.

    Shared by every session and never changed (`DatedChart.on` makes a new top-level dict).
    """
    data = dataset()
    month = status.visible(data.records, countries, status.LAST_DAY)  # every record the month shows
    troops = charts.troops_over_month(timeline.troops_by_day(month, data.figures),
                                      timeline.totals(data.records, data.figures), data.sources, lang)
    tolls = charts.toll_chart(timeline.toll_points(month, data.figures, data.sources), lang)
    events = charts.events_over_month(status.events_by(data.events, month["id"], status.LAST_DAY),
                                      records_in(lang), lang)
    # Their data as Arrow once, not on every draw (see `arrow_datasets`).
    return (replace(troops, spec=arrow_datasets(troops.spec)), arrow_datasets(tolls),
            replace(events, spec=arrow_datasets(events.spec)))


def chart_specs(countries: tuple[str, ...], as_of: dt.date, lang: str) -> tuple[dict, dict, dict]:
    """The three charts for a view, as Vega-Lite specs with its date chosen."""
    troops, tolls, events = charts_over_month(countries, lang)
    return troops.on(as_of), tolls, events.on(as_of)
