"""The map page's "Over time" charts for a view, cached for every session of the server process."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.render import charts
from dashboard.screens.shared import dataset, records_in
from dashboard.view import status, timeline
from dashboard.view.selection import select


@st.cache_data(max_entries=512, show_spinner=False)
def chart_specs(countries: tuple[str, ...], as_of: dt.date, lang: str) -> tuple[dict, dict, dict]:
    """The three charts over time for a view: troops per day, tolls by source, the chronology."""
    data = dataset()
    shown = select(data, countries, as_of).records
    return (
        charts.troop_chart(timeline.troops_by_day(shown, data.figures),
                           timeline.totals(data.records, data.figures), data.sources, as_of, lang),
        charts.toll_chart(timeline.toll_points(shown, data.figures, data.sources), lang),
        charts.timeline_chart(status.events_by(data.events, shown["id"], status.LAST_DAY), records_in(lang),
                              as_of, lang),
    )
