"""The details panel: one record in full, with its figures and its sources as links."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from dashboard.data.countries import country_name
from dashboard.data.schema import RecordRow
from dashboard.escape import safe_url
from dashboard.i18n import N_, Translator
from dashboard.render.events import event_items
from dashboard.render.templating import render
from dashboard.view.selection import cited_ids
from dashboard.view.wording import figure_text, localised_column, word
from dashboard.vocabulary import (
    COORD_METHODS,
    FIGURE_STATUSES,
    KINDS,
    LAYERS,
    METRICS,
    PRECISIONS,
    RELIABILITY,
    STATUSES,
)

# The record's fields the panel lists, in schema order, under their labels (a schema field's `title`),
# then its status on the chosen date.
DETAIL_FIELDS: dict[str, str] = {
    **{name: str(field.title) for name, field in RecordRow.model_fields.items() if field.title},
    "status": N_("Status on the chosen date"),
}
WORDS = {"layer": {key: layer.label for key, layer in LAYERS.items()}, "kind": KINDS, "status": STATUSES}
# Sites at a crowded point that no public source places more precisely than their city: (id, name) each.
Listed = Sequence[tuple[str, str]]


def present(value: object) -> bool:
    """Whether a cell holds a value (not None, NaN or an empty string)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value)


def details_html(record: pd.Series, figures: pd.DataFrame, sources: pd.DataFrame, lang: str = "en",
                 events: pd.DataFrame | None = None, corrections: pd.DataFrame | None = None,
                 listed: Listed = ()) -> str:
    """One record in full as HTML: its fields, what is uncertain about it, its figures, the events at it
    and its sources as links.

    `record.name` is the record id; pass a `localised` record for its name and summary in the reader's
    language. `events`, when given, are searched for what happened at the record. Every data
    string is escaped by the template; a source is a link only when its URL is http(s). `corrections`
    (with `record`, `dashboard.view.corrections.with_records`), when given, are those the details say
    "Corrected on …" with. `listed` are the sites at the record's point that are not drawn as marks of
    their own (`dashboard.map.crowding.listed_sites`), each (id, name): the details name them.
    """
    here = events[events["record"] == record.name] if events is not None else None
    fixed = corrections[corrections["record"] == record.name] if corrections is not None else None
    return _details(record, figures[figures["record"] == record.name], here, sources, sources.set_index("id"),
                    lang, corrected=fixed, listed=listed)


def details_by_record(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame, lang: str = "en",
                      events: pd.DataFrame | None = None, shared_sources: bool = False,
                      corrections: pd.DataFrame | None = None,
                      listed: Mapping[str, Listed] | None = None) -> dict[str, str]:
    """`details_html` of every record in `records` (localised, with `id`), by record id, with figures,
    events and sources each looked up once for all of them; `listed` gives each record's listed sites
    (see `details_html`).

    With `shared_sources`, each source is an empty `<li data-source="id">` for the page to fill from
    `sources_html` (a published edition keeps each source's HTML once, not once per record).
    """
    figures_of = dict(tuple(figures.groupby("record", sort=False))) if len(figures) else {}
    has_events = events is not None and len(events) > 0
    events_of = dict(tuple(events.groupby("record", sort=False))) if has_events else {}
    by_id = sources.set_index("id")
    no_figures, no_events = figures.iloc[0:0], events.iloc[0:0] if events is not None else None
    fixed = corrections[corrections["record"].notna()] if corrections is not None else None
    fixed_of = dict(tuple(fixed.groupby("record", sort=False))) if fixed is not None and len(fixed) else {}
    # The events' lines once for all records (one pass over the sources), then each record's own.
    items_of: dict[str, list[dict[str, object]]] = {}
    for item in (event_items(events, records, sources, lang) if has_events else []):
        items_of.setdefault(str(item["record"]), []).append(item)
    cited: dict[str, dict[str, object]] = {}  # each source's item, made once

    def source_item(sid: str) -> dict[str, object]:
        if sid not in cited:
            cited[sid] = _source(sid, by_id.loc[sid] if sid in by_id.index else None, lang)
        return cited[sid]

    return {str(rid): _details(row, figures_of.get(rid, no_figures), events_of.get(rid, no_events), sources,
                               by_id, lang, shared_sources, fixed_of.get(rid), items_of.get(str(rid), []),
                               source_item, (listed or {}).get(str(rid), ()))
            for rid, row in records.set_index("id").iterrows()}


def sources_html(sources: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Each source's list item as the details panel shows it (inner HTML), by source id."""
    labels = _labels(Translator(lang))
    return {str(sid): render("source.html", source=_source(str(sid), row, lang), labels=labels).strip()
            for sid, row in sources.set_index("id").iterrows()}


def _labels(tr: Translator) -> dict[str, str]:
    return {"section": tr("Record details"), "coords": tr("Coordinates"), "figures": tr("Figures"),
            "sources": tr("Sources"), "missing": tr("not in the sources table"),
            "no_address": tr("address not recorded"), "doubt": tr("Uncertain"), "events": tr("Events"),
            "times": tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
            "listed": tr("Also at this point, not drawn as marks of their own: sites that no public source "
                         "places more precisely than the city")}


def _details(record: pd.Series, figs: pd.DataFrame, here: pd.DataFrame | None, sources: pd.DataFrame,
             by_id: pd.DataFrame, lang: str, shared_sources: bool = False,
             corrected: pd.DataFrame | None = None, items: list[dict[str, object]] | None = None,
             source_item: Callable[[str], dict[str, object]] | None = None, listed: Listed = ()) -> str:
    """One record's details from its own figures and events (see `details_html`); `items` are its events'
    lines and `source_item` makes a source's line, when the caller made them for many records at once;
    `listed` are the sites its details name (see `details_html`)."""
    if items is None:
        own = pd.DataFrame({"id": [record.name], "name": [record["name"]]})
        items = event_items(here, own, sources, lang) if here is not None and len(here) else []
    if source_item is None:
        def source_item(sid: str) -> dict[str, object]:
            return _source(sid, by_id.loc[sid] if sid in by_id.index else None, lang)
    tr = Translator(lang)
    fields = {key: record.name if key == "id" else record.get(key) for key in DETAIL_FIELDS}
    name = ", " + str(record["coord_name"]) if present(record.get("coord_name")) else ""
    coords = tr("{lat}, {lon} ({method}{name}; precision: {precision})",
                lat=f"{record['lat']:.4f}", lon=f"{record['lon']:.4f}",
                method=word(COORD_METHODS, record.get("coord_method"), lang), name=name,
                precision=word(PRECISIONS, record.get("precision"), lang))
    notes = localised_column(figs, "note", lang)
    doubts = localised_column(figs, "doubt", lang)
    summary, doubt = record.get("summary"), record.get("doubt")
    cited = cited_ids([record["sources"]], figs["sources"], here["sources"] if here is not None else [])
    return render(
        "details.html",
        labels=_labels(tr), shared_sources=shared_sources,
        record_id=record.name, name=record["name"], summary=summary if present(summary) else None,
        corrected=_corrected(corrected, tr, lang),
        doubt=doubt if present(doubt) else None, coords=coords,
        listed=[{"id": rid, "name": site} for rid, site in listed],
        fields=[(tr(DETAIL_FIELDS[key]), _field_value(key, value, lang))
                for key, value in fields.items() if present(value)],
        figures=[{"metric": word(METRICS, f["metric"], lang), "text": figure_text(f, lang),
                  "status": _status(f.get("status"), lang),
                  "note": notes[i] if notes is not None and present(notes[i]) else None,
                  "doubt": doubts[i] if doubts is not None and present(doubts[i]) else None}
                 for i, f in figs.iterrows()],
        events=items,
        sources=[source_item(sid) for sid in cited],
    )


def _corrected(corrected: pd.DataFrame | None, tr: Translator, lang: str) -> list[dict[str, str]]:
    """The record's corrections as its details say them: "Corrected on …" and the summary."""
    if corrected is None or not len(corrected):
        return []
    texts = localised_column(corrected, "summary", lang)
    return [{"label": tr("Corrected on {date}:", date=tr.date(c["date"])), "iso": c["date"].isoformat(),
             "summary": text if isinstance(text, str) else ""}
            for c, text in zip(corrected.to_dict(orient="records"), texts, strict=True)]


def _status(status: object, lang: str) -> str | None:
    """A figure's status (withdrawn, superseded) in the reader's language; None while it stands."""
    return word(FIGURE_STATUSES, status, lang) if present(status) else None


def _field_value(key: str, value: object, lang: str) -> str:
    """A field's value as the reader sees it: words, country names and dates in their language."""
    if key in ("country", "contingent"):
        return country_name(str(value), lang)
    if isinstance(value, dt.date):
        return Translator(lang).date(value)
    return word(WORDS[key], value, lang) if key in WORDS else str(value)


def _source(source_id: str, source: pd.Series | None, lang: str) -> dict[str, object]:
    if source is None:
        return {"id": source_id, "missing": True}
    tr = Translator(lang)
    grade = tr("reliability: {grade}", grade=word(RELIABILITY, source["reliability"], lang))
    publisher = source.get(f"publisher_{lang}")  # the publisher line in the reader's language, where given
    return {"id": source_id, "missing": False, "link": safe_url(source["url"]), "title": source["title"],
            "url": source["url"] if present(source["url"]) else None,
            "publisher": publisher if present(publisher) else source["publisher"],
            "date": source["date"] if present(source["date"]) else None, "grade": grade}
