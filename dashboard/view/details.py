"""A record in full as the reader reads it: its fields, coordinates, figures, events, corrections and
sources, worded in the reader's language.

Everything a record's details say is worded here, for all the records of a table at once (figures,
events and sources each looked up once); `render.details` only lays the words out (`details.html`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import pandas as pd

from dashboard.data.countries import country_name
from dashboard.data.schema import RecordRow
from dashboard.escape import safe_url
from dashboard.i18n import N_, Translator
from dashboard.view.chronology import event_lines
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

# The record's fields the details list, in schema order, under their labels (a schema field's `title`),
# then its status on the chosen date.
DETAIL_FIELDS: dict[str, str] = {
    **{name: str(field.title) for name, field in RecordRow.model_fields.items() if field.title},
    "status": N_("Status on the chosen date"),
}
WORDS = {"layer": {key: layer.label for key, layer in LAYERS.items()}, "kind": KINDS, "status": STATUSES}
# The record's other cells its details read (besides `DETAIL_FIELDS`).
RECORD_CELLS = ("name", "lat", "lon", "coord_name", "coord_method", "precision", "summary", "doubt",
                "sources")
# Sites at a crowded point that no public source places more precisely than their city: (id, name) each.
Listed = Sequence[tuple[str, str]]
# The words of one record's details, as `details.html` takes them; of one source, as `source.html` does.
Words = dict[str, object]
T = TypeVar("T")


def present(value: object) -> bool:
    """Whether a cell holds a value (not None, NaN or an empty string)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value)


def detail_labels(tr: Translator) -> dict[str, str]:
    """The details' headings and notes in the reader's language."""
    return {"section": tr("Record details"), "coords": tr("Coordinates"), "figures": tr("Figures"),
            "sources": tr("Sources"), "missing": tr("not in the sources table"),
            "no_address": tr("address not recorded"), "doubt": tr("Uncertain"), "events": tr("Events"),
            "times": tr("Times are Almaty local time (UTC+6) unless an entry says otherwise."),
            "listed": tr("Also at this point, not drawn as marks of their own: sites that no public source "
                         "places more precisely than the city")}


def record_words(record: pd.Series, figures: pd.DataFrame, sources: pd.DataFrame, tr: Translator,
                 events: pd.DataFrame | None = None, corrections: pd.DataFrame | None = None,
                 listed: Listed = ()) -> Words:
    """One record's details in the language of `tr`: its fields, what is uncertain about it, its
    figures, the events at it and its sources.

    `record.name` is the record id; pass a `localised` record for its name and summary in the reader's
    language. `events`, when given, are searched for what happened at the record. `corrections` (with
    `record`, `dashboard.view.corrections.with_records`), when given, are those the details say
    "Corrected on …" with. `listed` are the sites at the record's point that are not drawn as marks of
    their own (`dashboard.map.crowding.listed_sites`), each (id, name): the details name them.
    """
    here = events[events["record"] == record.name] if events is not None else None
    fixed = corrections[corrections["record"] == record.name] if corrections is not None else None
    if here is not None and len(here):
        items = event_lines(here, pd.DataFrame({"id": [record.name], "name": [record["name"]]}), sources, tr)
    else:
        items = []
    by_id = sources.set_index("id")
    figs = figures[figures["record"] == record.name]
    return _record(record.name, record, figure_words(figs, tr.lang), list(figs["sources"]),
                   list(here["sources"]) if here is not None else [], tr, False,
                   _corrected(fixed, tr) if fixed is not None else [], items,
                   lambda sid: source_words(sid, by_id.loc[sid] if sid in by_id.index else None, tr),
                   listed, detail_labels(tr))


def words_by_record(records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame, tr: Translator,
                    events: pd.DataFrame | None = None, shared_sources: bool = False,
                    corrections: pd.DataFrame | None = None,
                    listed: Mapping[str, Listed] | None = None) -> dict[str, Words]:
    """`record_words` of every record in `records` (localised, with `id`), by record id, with figures,
    events and sources each looked up once for all of them; `listed` gives each record's listed sites.

    With `shared_sources`, the details name each source by its id only, for the page to fill from
    `sources_words` (a published edition keeps each source's words once, not once per record): a
    source's words are then its `id` and `missing` alone.

    Read column by column: each table's columns are taken once, then each record's words are made from
    plain Python values (no row of a frame per record, figure or event).
    """
    lang = tr.lang
    # Each figure's words and sources, made once for all of them, then listed under its record.
    figures_of = by_record(figures["record"],
                           zip(figure_words(figures, lang), figures["sources"], strict=True))
    has_events = events is not None and len(events) > 0
    events_of = by_record(events["record"], events["sources"]) if has_events else {}
    fixed = corrections[corrections["record"].notna()] if corrections is not None else None
    fixed_of = by_record(fixed["record"], _corrected(fixed, tr)) if fixed is not None and len(fixed) else {}
    # The events' lines once for all records (one pass over the sources), then each record's own.
    items_of: dict[str, list[dict[str, object]]] = {}
    for item in (event_lines(events, records, sources, tr) if has_events else []):
        items_of.setdefault(str(item["record"]), []).append(item)
    cited: dict[str, Words] = {}  # each source's words, made once
    if shared_sources:  # named by id: only whether the table has it is read
        known = {str(sid) for sid in sources["id"]}

        def source_item(sid: str) -> Words:
            if sid not in cited:
                cited[sid] = {"id": sid, "missing": sid not in known}
            return cited[sid]
    else:
        by_id = source_rows(sources)

        def source_item(sid: str) -> Words:
            if sid not in cited:
                cited[sid] = source_words(sid, by_id.get(sid), tr)
            return cited[sid]

    read = [c for c in dict.fromkeys((*DETAIL_FIELDS, *RECORD_CELLS)) if c != "id" and c in records.columns]
    cells = [records[c].to_numpy(dtype=object) for c in read]
    labels = detail_labels(tr)  # the same for every record
    words = {}
    for rid, *values in zip(records["id"].to_numpy(dtype=object), *cells, strict=True):
        own = figures_of.get(rid, [])
        words[str(rid)] = _record(rid, dict(zip(read, values, strict=True)), [f for f, _ in own],
                                  [s for _, s in own], events_of.get(rid, []), tr, shared_sources,
                                  fixed_of.get(rid, []), items_of.get(str(rid), []), source_item,
                                  (listed or {}).get(str(rid), ()), labels)
    return words


def by_record(records: pd.Series, values: Iterable[T]) -> dict[object, list[T]]:
    """`values` (one per row of a table) listed under each row's record, in table order; a row without a
    record is left out (as `groupby` leaves it)."""
    out: dict[object, list[T]] = {}
    for record, value in zip(records.to_numpy(dtype=object), values, strict=True):
        if not (record is None or (isinstance(record, float) and math.isnan(record))):
            out.setdefault(record, []).append(value)
    return out


def figure_words(figures: pd.DataFrame, lang: str) -> list[Words]:
    """Each figure's words as the details list it (metric, amount with its sources and date, status,
    note, doubt), in table order: read column by column, the notes and doubts in the reader's language."""
    def cells(column: pd.Series | None) -> Sequence[object]:
        return [None] * len(figures) if column is None else column.to_numpy(dtype=object)

    notes, doubts = (cells(localised_column(figures, base, lang)) for base in ("note", "doubt"))
    status = cells(figures["status"] if "status" in figures.columns else None)
    read = ("metric", "qualifier", "value", "sources", "date")
    return [{"metric": word(METRICS, metric, lang),
             "text": figure_text({"qualifier": qualifier, "value": value, "sources": sids, "date": date},
                                 lang),
             "status": word(FIGURE_STATUSES, state, lang) if present(state) else None,
             "note": note if present(note) else None, "doubt": doubt if present(doubt) else None}
            for (metric, qualifier, value, sids, date), state, note, doubt in zip(
                zip(*(cells(figures[c]) for c in read), strict=True), status, notes, doubts, strict=True)]


def sources_words(sources: pd.DataFrame, tr: Translator) -> dict[str, Words]:
    """Each source as the details list it (`source_words`), by source id."""
    return {sid: source_words(sid, row, tr) for sid, row in source_rows(sources).items()}


def source_rows(sources: pd.DataFrame) -> dict[str, dict[str, object]]:
    """Each source's row as a mapping of its cells, by id (read column by column once, not a Series a
    row: the edition words every source)."""
    return {str(row["id"]): row for row in sources.to_dict(orient="records")}


def source_words(source_id: str, source: Mapping[str, object] | pd.Series | None, tr: Translator) -> Words:
    """One source as the details list it: its title as a link where its URL is http(s), its publisher
    (in the reader's language where given), date and reliability grade; `missing` when the sources
    table lacks it (`source` None)."""
    if source is None:
        return {"id": source_id, "missing": True}
    lang = tr.lang
    grade = tr("reliability: {grade}", grade=word(RELIABILITY, source["reliability"], lang))
    publisher = source.get(f"publisher_{lang}")  # the publisher line in the reader's language, where given
    return {"id": source_id, "missing": False, "link": safe_url(source["url"]), "title": source["title"],
            "url": source["url"] if present(source["url"]) else None,
            "publisher": publisher if present(publisher) else source["publisher"],
            "date": source["date"] if present(source["date"]) else None, "grade": grade}


def _record(rid: object, record: Mapping[str, object] | pd.Series, figs: list[Words],
            figure_sources: list[list[str]], event_sources: list[list[str]], tr: Translator,
            shared_sources: bool, corrected: list[dict[str, str]], items: list[dict[str, object]],
            source_item: Callable[[str], Words], listed: Listed, labels: dict[str, str]) -> Words:
    """One record's words (`record` its cells, `rid` its id) from its own figures' words and sources, its
    events' sources and lines and its corrections (see `record_words`); `labels` are the details'
    headings (`detail_labels`)."""
    lang = tr.lang
    fields = {key: rid if key == "id" else record.get(key) for key in DETAIL_FIELDS}
    name = ", " + str(record["coord_name"]) if present(record.get("coord_name")) else ""
    coords = tr("{lat}, {lon} ({method}{name}; precision: {precision})",
                lat=f"{record['lat']:.4f}", lon=f"{record['lon']:.4f}",
                method=word(COORD_METHODS, record.get("coord_method"), lang), name=name,
                precision=word(PRECISIONS, record.get("precision"), lang))
    summary, doubt = record.get("summary"), record.get("doubt")
    cited = cited_ids([record["sources"]], figure_sources, event_sources)
    given = [(key, value) for key, value in fields.items() if present(value)]
    words: Words = {
        "labels": labels, "shared_sources": shared_sources,
        "record_id": rid, "name": record["name"], "summary": summary if present(summary) else None,
        "corrected": corrected,
        "doubt": doubt if present(doubt) else None, "coords": coords,
        "listed": [{"id": site_id, "name": site} for site_id, site in listed],
        "figures": figs,
        "events": items,
        "sources": [source_item(sid) for sid in cited],
    }
    values = [_field_value(key, value, tr) for key, value in given]  # country names, dates, words
    words["fields"] = [(tr(DETAIL_FIELDS[key]), value) for (key, _), value in zip(given, values, strict=True)]
    return words


def _corrected(corrected: pd.DataFrame, tr: Translator) -> list[dict[str, str]]:
    """Each correction (a row of `corrected`) as the details say it: "Corrected on …" and the summary."""
    if not len(corrected):
        return []
    texts = localised_column(corrected, "summary", tr.lang)
    return [{"label": tr("Corrected on {date}:", date=tr.date(c["date"])), "iso": c["date"].isoformat(),
             "summary": text if isinstance(text, str) else ""}
            for c, text in zip(corrected.to_dict(orient="records"), texts, strict=True)]


def _field_value(key: str, value: object, tr: Translator) -> str:
    """A field's value as the reader sees it: words, country names and dates in their language."""
    if key in ("country", "contingent"):
        return country_name(str(value), tr.lang)
    if isinstance(value, dt.date):
        return tr.date(value)
    return word(WORDS[key], value, tr.lang) if key in WORDS else str(value)
