"""What the published edition knows, in one reader's language: every record drawn as the app draws it,
over the month, and every word of its interface.

The rules stay here; the page only looks things up. Each day's scene (`dashboard.scene`, all countries)
gives the map's shapes, the legend and the chronology. A shape that stays the same from one day to the
next is written once, with the days it is drawn (`from`, `to`: indices into `days`), so the data grow with
the records, not with records times days. Which countries show a record, and from which day, is given per
record: a record is on the map on a day when its `first` day has come and one of its countries is chosen.
Each record's details are in chunk files of their own, fetched when a reader opens the record.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from dashboard.data.countries import country_name
from dashboard.geo.dataset import Dataset
from dashboard.geo.outlines import outline_json
from dashboard.i18n import LANGUAGES, N_, Translator
from dashboard.map.compact import COLUMNS, KINDS
from dashboard.map.styles import CENTER, ZOOM
from dashboard.scene import SceneView, scene
from dashboard.view import status
from dashboard.view.link import COUNTRIES, LAYERS, MAX_VALUE_LENGTH, MAX_ZOOM, MIN_ZOOM, country_aliases
from dashboard.view.wording import localised
from dashboard.vocabulary import GROUPS

VERSION = 3  # of the edition's data (docs/scene.md)
DETAILS_CHUNK = 200  # records per details file

# Interface text: a key the page uses -> the catalogue message. Placeholders stay for the page to fill.
TEXT = {
    "title": N_("Kazakhstan, January 2022: unrest and the CSTO deployment"),
    "filters": N_("Filters"), "countries": N_("Countries"), "as_of": N_("As of"), "language": N_("Language"),
    "play": N_("Play: one day a second"), "pause": N_("Pause"), "details": N_("Details"),
    "close": N_("Close details"),
    "link": N_("Link to this view"), "notices": N_("Parts of the link were ignored; the rest applies:"),
    "shown": N_("As of {date}. {shown} of {total} location records shown."),
    "zoom_in": N_("Zoom in"), "zoom_out": N_("Zoom out"), "map_layers": N_("Map layers"), "map": N_("Map"),
    "unknown": N_("ignored the unknown parameter {value}"),
    "repeated": N_("{key}: given {count} times, used the first"),
    "no_events": N_("No event recorded for this selection by this date."),
    "too_long": N_("{key}: ignored a value of {count} characters"),
    "country": N_("country: ignored {value} (not one of {known})"),
    "date_form": N_("date: ignored {value} (expected YYYY-MM-DD)"),
    "date_range": N_("date: ignored {value} (outside {first} to {last})"),
    "layers": N_("layers: ignored {value} (known: {known})"),
    "lang": N_("lang: ignored {value} (use {known})"),
    "center_form": N_("center: ignored {value} (expected LAT,LON)"),
    "center_range": N_("center: ignored {value} (outside the globe)"),
    "zoom_form": N_("zoom: ignored {value} (expected a whole number)"),
    "zoom_range": N_("zoom: ignored {value} (use {low} to {high})"),
    "record": N_("record: ignored {value} (no such record)"),
}


def edition_data(data: Dataset, lang: str, details: Callable[[int, dict[str, str]], str] | None = None,
                 ) -> dict[str, object]:
    """Everything the edition's page needs in `lang`, as JSON-ready values.

    `details` writes one chunk of records' details (index, record id -> HTML) and returns its path for
    the page; without it the details stay in the data (`details` by record id), for tests and tools.
    """
    tr = Translator(lang)
    records = localised(data.records, lang)
    ids = [str(r) for r in records["id"]]
    countries = {code: set(records.loc[status.in_countries(records, [code]), "id"]) for code in COUNTRIES}
    first: dict[str, int] = {}
    shapes = _Intervals()
    legends: list[str] = []
    days = []
    last = None
    for index, day in enumerate(status.DAYS):
        seen = scene(data, SceneView(COUNTRIES, day, lang), records)
        for rid in seen.shown["id"]:
            first.setdefault(str(rid), index)
        shapes.add(index, seen.shapes().shapes)
        if seen.legend not in legends:
            legends.append(seen.legend)
        days.append({
            "iso": day.isoformat(), "label": tr.date(day), "legend": legends.index(seen.legend),
            # The chronology below lists every event in time order; the day shows its first ones.
            "events": len(seen.selection.events),
            "events_title": tr("What happened by {date}", date=tr.date(day)),
            "text": seen.text,
        })
        last = seen
    assert last is not None
    chunks = [ids[at:at + DETAILS_CHUNK] for at in range(0, len(ids), DETAILS_CHUNK)]
    all_details = last.all_details(shared_sources=True)
    table: dict[str, object] = {
        "id": ids,
        "countries": [[c for c in COUNTRIES if rid in countries[c]] for rid in ids],
        "first": [first.get(rid) for rid in ids],
        "chunk": [at // DETAILS_CHUNK for at in range(len(ids))],
    }
    out: dict[str, object] = {
        "schema": "kz-edition", "version": VERSION, "lang": lang,
        "text": {key: tr(message) for key, message in TEXT.items()},
        "languages": {code: Translator(code)("Language") for code in LANGUAGES},
        "countries": [{"code": code, "name": country_name(code, lang)} for code in COUNTRIES],
        "groups": [{"key": key, "label": tr(group.label)} for key, group in GROUPS.items()],
        "link": {"countries": list(COUNTRIES), "aliases": country_aliases(), "layers": list(LAYERS),
                 "languages": list(LANGUAGES), "zoom": [MIN_ZOOM, MAX_ZOOM], "max_length": MAX_VALUE_LENGTH,
                 "first": status.FIRST_DAY.isoformat(), "last": status.LAST_DAY.isoformat(),
                 "default_day": status.REPORT_DAY.isoformat(), "center": list(CENTER), "zoom_start": ZOOM,
                 "record_aliases": data.aliases()},
        "records": table,
        "outlines": {code: json.loads(outline_json(code)) for code in COUNTRIES},
        "legends": legends,
        "chronology": last.chronology,
        "updated": last.updated,
        "corrections": last.corrections,
        "sources": last.source_items(),
        "days": days,
        "shapes": shapes.tables(),
    }
    if details is None:
        out["details"] = all_details
    else:
        out["details_files"] = [details(n, {rid: all_details[rid] for rid in chunk})
                                for n, chunk in enumerate(chunks)]
    return out


class _Intervals:
    """Shapes over the days, each written once with the first and last day it is drawn unchanged."""

    def __init__(self) -> None:
        # (group, kind) -> shape -> [from, to]; a shape is a record of the scene's shapes (hashable
        # once its spread, a list, is a tuple).
        self.spans: dict[tuple[str, str], dict[tuple, list[int]]] = {}

    def add(self, day: int, groups: dict) -> None:
        """The shapes of day `day` (the day after the last one added), by map group."""
        for group, drawn in groups.items():
            for kind in KINDS:
                spans = self.spans.setdefault((group, kind), {})
                for shape in getattr(drawn, kind):
                    if shape.record is None:
                        continue  # a grid cell: the edition draws every record
                    key = tuple(tuple(v) if isinstance(v, list) else v
                                for v in (getattr(shape, name) for name in COLUMNS[kind]))
                    span = spans.get(key)
                    if span is not None and span[1] == day - 1:
                        span[1] = day
                    elif span is None:
                        spans[key] = [day, day]
                    else:  # drawn again after a gap: a record's shape never does, but keep it right
                        spans[(*key, day)] = [day, day]

    def tables(self) -> dict[str, dict[str, dict[str, list[object]]]]:
        """Per map group and kind, a table of named columns: the shapes' own, then `from` and `to`."""
        out: dict[str, dict[str, dict[str, list[object]]]] = {group: {} for group in GROUPS}
        for (group, kind), spans in self.spans.items():
            names = COLUMNS[kind]
            table: dict[str, list[object]] = {name: [] for name in (*names, "from", "to")}
            for key, (start, end) in spans.items():
                for name, value in zip(names, key, strict=False):
                    table[name].append(list(value) if isinstance(value, tuple) else value)
                table["from"].append(start)
                table["to"].append(end)
            out[group][kind] = table
        return out
