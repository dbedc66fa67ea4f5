"""A view's other days: the same countries, language and layers on each day of a span.

A time-lapse draws one scene a day; each is made from the first one, sharing its data and its records
in the view's language, so the records are worded once for the whole month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dashboard.scene.scene import Scene


def on_day(made: Scene, day: dt.date) -> Scene:
    """The scene of `made`'s view on `day`: the same countries, language and layers, the same data and
    localised records."""
    return Scene(made.data, replace(made.view, date=day), made.records, made.charts_of)
