"""The map page's "Over time" charts for a view: its scene's charts, built once per country choice and
language for every session (see `dashboard.screens.views`)."""

from __future__ import annotations

import datetime as dt

from dashboard.screens.views import view_scene


def chart_specs(countries: tuple[str, ...], as_of: dt.date, lang: str) -> tuple[dict, dict, dict]:
    """The three charts for a view, as Vega-Lite specs with its date chosen."""
    return view_scene(countries, as_of, lang).charts
