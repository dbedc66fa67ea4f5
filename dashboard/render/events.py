"""The chronology: what had happened by the view's date, one line per event, with its place and sources."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import Translator
from dashboard.render.templating import render
from dashboard.view.arrays import looked_up, per_distinct
from dashboard.view.wording import citer, doubt_notes, localised_column, words
from dashboard.vocabulary import EVENT_KINDS


def event_items(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame,
                lang: str = "en") -> list[dict[str, object]]:
    """The events as the reader reads them: when, where, what kind, what happened, what is uncertain, and
    the sources as publisher and date. `records` gives place names (in the reader's language). Each
    date, kind and place is written once however many events share it."""
    tr = Translator(lang)
    names = looked_up(records, "name", events["record"])
    summaries = localised_column(events, "summary", lang)
    summary = ([v if isinstance(v, str) else "" for v in summaries] if summaries is not None
               else [""] * len(events))
    doubts = doubt_notes(events, lang)
    cited_as = citer(sources, lang, events["sources"])
    absent = pd.Series(None, index=events.index, dtype=object)
    when = per_distinct(lambda day, time, end: _when(day, time, end, tr), events["date"],
                        events.get("time", absent), events.get("end", absent))
    kinds = words(EVENT_KINDS, events["kind"], lang)
    places = events["record"].map(names).fillna(events["record"])
    return [{"iso": day.isoformat(), "record": record, "when": w, "place": place, "kind": kind,
             "summary": text, "doubt": doubt or None, "sources": cited_as(ids)}
            for day, record, w, place, kind, text, doubt, ids in zip(
                events["date"], events["record"], when, places, kinds, summary, doubts, events["sources"],
                strict=True)]


def _when(day: dt.date, time: object, end: object, tr: Translator) -> str:
    """When an event happened: "5 January 2022, 14:30", "5 January 2022 – 7 January 2022"."""
    when = tr.date(day)
    if isinstance(time, dt.time):
        when += ", " + time.strftime("%H:%M")
    if isinstance(end, dt.date):
        when += " – " + tr.date(end)
    return when


def events_html(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame, as_of: dt.date,
                lang: str = "en", limit: int | None = None) -> str:
    """"What happened by 13 January": the events up to the view's date, oldest first; the first `limit`
    of them when given, saying how many there are."""
    tr = Translator(lang)
    shown = events if limit is None else events.head(limit)
    note = (tr("The first {shown} of {count} events are listed.", shown=tr.number(len(shown)),
               count=tr.number(len(events))) if len(shown) < len(events) else None)
    return render("events.html", title=tr("What happened by {date}", date=tr.date(as_of)),
                  events=event_items(shown, records, sources, lang), note=note,
                  times=tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
                  empty=tr("No event recorded for this selection by this date."))
