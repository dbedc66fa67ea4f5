"""The chronology: what had happened by the view's date, grouped by day with the latest day first, each
event one line that opens to its doubts and sources, and the list filtered by kind of event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

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
        clock = event["time"].strftime("%H:%M") if isinstance(event.get("time"), dt.time) else ""
        if clock:
            when += ", " + clock
        if isinstance(event.get("end"), dt.date):
            when += " – " + tr.date(event["end"])
        items.append({
            "id": event.get("id", ""), "iso": event["date"].isoformat(), "record": event["record"],
            "when": when, "clock": clock, "kind_key": event["kind"],
            "place": names.get(event["record"], event["record"]),
            "kind": word(EVENT_KINDS, event["kind"], lang),
            "summary": summaries[i] if summaries is not None and isinstance(summaries[i], str) else "",
            "doubt": doubts[i] or None,
            "sources": cited_as(event["sources"]),
        })
    return items


def day_groups(items: list[dict[str, object]], lang: str = "en") -> list[dict[str, object]]:
    """The events grouped by the day they began, the latest day first (so the chosen day's events lead),
    each day's events in time order."""
    tr = Translator(lang)
    days: dict[str, list[dict[str, object]]] = {}
    for item in items:
        days.setdefault(str(item["iso"]), []).append(item)
    return [{"iso": iso, "label": tr.date(dt.date.fromisoformat(iso)), "events": group}
            for iso, group in sorted(days.items(), reverse=True)]


def kind_choices(events: pd.DataFrame, lang: str = "en") -> list[tuple[str, str]]:
    """The kinds of event present, as (key, word in the reader's language), in the vocabulary's order."""
    present = set(events["kind"]) if "kind" in events else set()
    return [(key, word(EVENT_KINDS, key, lang)) for key in EVENT_KINDS if key in present]


def events_html(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame, as_of: dt.date,
                lang: str = "en", kinds: Collection[str] | None = None, kind_filter: bool = False,
                all_events: pd.DataFrame | None = None) -> str:
    """"What happened by 13 January": the events up to the view's date, grouped by day, the latest day
    first and open. `kinds` keeps only events of those kinds (None: all). `kind_filter` adds a form of
    one box per kind present in `all_events` (default: `events`), for a page that filters the list itself
    (the published edition)."""
    tr = Translator(lang)
    chosen = events if kinds is None else events[events["kind"].isin(list(kinds))]
    return render("events.html", title=tr("What happened by {date}", date=tr.date(as_of)),
                  days=day_groups(event_items(chosen, records, sources, lang), lang),
                  kinds=kind_choices(all_events if all_events is not None else events, lang) if kind_filter
                  else [],
                  kinds_label=tr("Kinds of event"),
                  sources_label=tr("Sources"),
                  times=tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
                  empty=tr("No event recorded for this selection by this date."))
