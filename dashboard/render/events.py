"""The chronology: what had happened by the view's date, one line per event, with its place and sources."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import Translator
from dashboard.render.templating import render
from dashboard.view.wording import citer, doubt_notes, localised_column, word
from dashboard.vocabulary import EVENT_KINDS


def event_items(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame,
                lang: str = "en") -> list[dict[str, object]]:
    """The events as the reader reads them: when, where, what kind, what happened, what is uncertain, and
    the sources as publisher and date. `records` gives place names (in the reader's language)."""
    tr = Translator(lang)
    names = records.set_index("id")["name"]
    summaries = localised_column(events, "summary", lang)
    doubts = doubt_notes(events, lang)
    cited_as = citer(sources, lang)
    items = []
    for i, event in events.iterrows():
        when = tr.date(event["date"])
        if isinstance(event.get("time"), dt.time):
            when += ", " + event["time"].strftime("%H:%M")
        if isinstance(event.get("end"), dt.date):
            when += " – " + tr.date(event["end"])
        items.append({
            "iso": event["date"].isoformat(), "record": event["record"], "when": when,
            "place": names.get(event["record"], event["record"]),
            "kind": word(EVENT_KINDS, event["kind"], lang),
            "summary": summaries[i] if summaries is not None and isinstance(summaries[i], str) else "",
            "doubt": doubts[i] or None,
            "sources": cited_as(event["sources"]),
        })
    return items


def events_html(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame, as_of: dt.date,
                lang: str = "en") -> str:
    """"What happened by 13 January": the events up to the view's date, oldest first."""
    tr = Translator(lang)
    return render("events.html", title=tr("What happened by {date}", date=tr.date(as_of)),
                  events=event_items(events, records, sources, lang),
                  times=tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
                  empty=tr("No event recorded for this selection by this date."))

