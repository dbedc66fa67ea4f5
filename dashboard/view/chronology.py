"""The chronology as the reader reads it: what had happened by the view's date, each event's when, where,
kind, summary, doubt and sources in the reader's language, grouped by day with the latest day first.

Everything the chronology says is worded here, once per table of events; `render.events` only lays the
words out (`events.html`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import Translator
from dashboard.view.arrays import columns, looked_up, per_distinct
from dashboard.view.wording import citer, doubt_notes, localised_column, words
from dashboard.vocabulary import EVENT_KINDS


@dataclass(frozen=True)
class Chronology:
    """The chronology's words, as `render.events.events_html` lays them out: its title, the events by
    day (`day_groups`), the note on how many are listed, the kinds a page may filter by (key, word) and
    the labels."""

    title: str
    days: list[dict[str, object]]
    note: str | None
    kinds: list[tuple[str, str]]
    kinds_label: str
    sources_label: str
    times: str
    empty: str


def event_lines(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame,
                tr: Translator) -> list[dict[str, object]]:
    """The events as the reader of `tr` reads them: when, where, what kind, what happened, what is
    uncertain, and the sources as publisher and date. `records` gives place names (in the reader's
    language). Each date, kind and place is written once however many events share it."""
    lang = tr.lang
    names = looked_up(records, "name", events["record"])
    summaries = localised_column(events, "summary", lang)
    summary = ([v if isinstance(v, str) else "" for v in summaries] if summaries is not None
               else [""] * len(events))
    doubts = doubt_notes(events, lang)
    cited_as = citer(sources, lang, events["sources"])
    absent = pd.Series(None, index=events.index, dtype=object)
    times = events.get("time", absent)
    when = per_distinct(lambda day, time, end: when_text(day, time, end, tr), events["date"], times,
                        events.get("end", absent))
    clocks = per_distinct(lambda time: time.strftime("%H:%M") if isinstance(time, dt.time) else "", times)
    kinds = words(EVENT_KINDS, events["kind"], lang)
    places = events["record"].map(names).fillna(events["record"])
    ids = events.get("id", pd.Series("", index=events.index, dtype=object))
    return [{"id": eid or "", "iso": day.isoformat(), "record": record, "when": w, "clock": clock,
             "kind_key": key, "place": place, "kind": kind, "summary": text, "doubt": doubt or None,
             "sources": cited_as(sids)}
            for eid, day, record, w, clock, key, place, kind, text, doubt, sids in zip(
                ids, events["date"], events["record"], when, clocks, events["kind"], places, kinds, summary,
                doubts, events["sources"], strict=True)]


def when_text(day: dt.date, time: object, end: object, tr: Translator) -> str:
    """When an event happened: "5 January 2022, 14:30", "5 January 2022 – 7 January 2022"."""
    when = tr.date(day)
    if isinstance(time, dt.time):
        when += ", " + time.strftime("%H:%M")
    if isinstance(end, dt.date):
        when += " – " + tr.date(end)
    return when


def day_groups(items: list[dict[str, object]], tr: Translator) -> list[dict[str, object]]:
    """The events' lines grouped by the day they began, the latest day first (so the chosen day's events
    lead), each day's events in time order."""
    days: dict[str, list[dict[str, object]]] = {}
    for item in items:
        days.setdefault(str(item["iso"]), []).append(item)
    return [{"iso": iso, "label": tr.date(dt.date.fromisoformat(iso)), "events": group}
            for iso, group in sorted(days.items(), reverse=True)]


def kind_choices(events: pd.DataFrame, tr: Translator) -> list[tuple[str, str]]:
    """The kinds of event present, as (key, word in the reader's language), in the vocabulary's order."""
    present = set(columns(events).codes("kind")[1]) if "kind" in events else set()  # kept per table
    return [(key, tr(EVENT_KINDS[key])) for key in EVENT_KINDS if key in present]


def chronology(events: pd.DataFrame, records: pd.DataFrame, sources: pd.DataFrame, as_of: dt.date,
               tr: Translator, kinds: Collection[str] | None = None, kind_filter: bool = False,
               all_events: pd.DataFrame | None = None, limit: int | None = None,
               count: int | None = None) -> Chronology:
    """"What happened by 13 January": the events up to the view's date, grouped by day, the latest day
    first; the latest `limit` of them when given, saying how many there are. `kinds` keeps only events
    of those kinds (None: all). `kind_filter` adds the kinds present in `all_events` (default: `events`),
    for a page that filters the list itself (the published edition). `count` is how many events of those
    kinds there are when `events` holds only the latest of them."""
    chosen = events if kinds is None else events[events["kind"].isin(list(kinds))]
    shown = chosen if limit is None else chosen.tail(limit)
    total = len(chosen) if count is None else count
    note = (tr("The latest {shown} of {count} events are listed.", shown=tr.number(len(shown)),
               count=tr.number(total)) if len(shown) < total else None)
    offered = kind_choices(all_events if all_events is not None else events, tr) if kind_filter else []
    return Chronology(
        title=tr("What happened by {date}", date=tr.date(as_of)),
        days=day_groups(event_lines(shown, records, sources, tr), tr), note=note, kinds=offered,
        kinds_label=tr("Kinds of event"), sources_label=tr("Sources"),
        times=tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
        empty=tr("No event recorded for this selection by this date."))
