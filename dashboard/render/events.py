"""The chronology laid out: the days, latest first and open, each event one line that opens to its doubts
and sources, and a form of one box per kind of event for a page that filters the list itself. What it
says is worded by `view.chronology`."""

from __future__ import annotations

import dataclasses

from dashboard.render.templating import render
from dashboard.view.chronology import Chronology


def events_html(words: Chronology) -> str:
    """The chronology of `words` (`view.chronology.chronology`) as HTML."""
    return render("events.html", **{f.name: getattr(words, f.name) for f in dataclasses.fields(words)})
