"""What the published edition knows, in one reader's language: every record drawn as the app draws it,
day by day, and every word of its interface.

The rules stay here. For each day of the month the edition gets the map's shapes (styles by status and
figures as of that day, `dashboard.map.layers`), the legend and the chronology as the app renders them,
and which records the day shows. Which countries show a record is given per record, so the browser only
looks things up: a record is on the map when the day shows it and one of its countries is chosen.
"""

from __future__ import annotations

import json
from collections import defaultdict

from dashboard.data.countries import country_name
from dashboard.geo.dataset import Dataset
from dashboard.geo.outlines import outline_json
from dashboard.i18n import LANGUAGES, N_, Translator
from dashboard.map.compact import Shapes
from dashboard.map.layers import class_record, layers
from dashboard.map.styles import CENTER, ZOOM, latest_troops, shaded_by_reported, with_unrest_size
from dashboard.render.details import details_html
from dashboard.render.events import events_html
from dashboard.render.legend import legend_html
from dashboard.view import status
from dashboard.view.grammar import COUNTRIES, link_grammar
from dashboard.view.selection import select
from dashboard.view.wording import localised
from dashboard.vocabulary import GROUPS

# Where each kind of shape row keeps its CSS class (see `Shapes`).
CLASS_AT = {"areas": 4, "lines": 8, "circles": 8, "icons": 4}

# Interface text: a key the page uses -> the catalogue message. Placeholders stay for the page to fill.
TEXT = {
    "title": N_("Kazakhstan, January 2022: unrest and the CSTO deployment"),
    "filters": N_("Filters"), "countries": N_("Countries"), "as_of": N_("As of"), "language": N_("Language"),
    "play": N_("Play: one day a second"), "pause": N_("Pause"), "details": N_("Details"),
    "close": N_("Close details"),
    "link": N_("Link to this view"), "notices": N_("Parts of the link were ignored; the rest applies:"),
    "shown": N_("As of {date}. {shown} of {total} location records shown."),
    "zoom_in": N_("Zoom in"), "zoom_out": N_("Zoom out"), "map_layers": N_("Map layers"), "map": N_("Map"),
    "no_events": N_("No event recorded for this selection by this date."),
}


def edition_data(data: Dataset, lang: str) -> dict[str, object]:
    """Everything the edition's page needs in `lang`, as JSON-ready values."""
    tr = Translator(lang)
    records = localised(data.records, lang)
    by_id = records.set_index("id")
    shown_by: dict[str, list[str]] = defaultdict(list)
    for code in COUNTRIES:
        for rid in records.loc[status.in_countries(records, [code]), "id"]:
            shown_by[str(rid)].append(code)
    frames = []
    legends: list[str] = []
    for day in status.DAYS:
        selection = select(data, COUNTRIES, day)
        shown = localised(with_unrest_size(selection.records, selection.figures), lang)
        drawn = layers(shown, records, latest_troops(selection.figures, shown), lang=lang)
        reported = [country_name(c, lang) for c in shaded_by_reported(selection.figures, shown)]
        legend = legend_html(lang, tuple(GROUPS), reported)
        if legend not in legends:
            legends.append(legend)
        frames.append({
            "iso": day.isoformat(), "label": tr.date(day), "records": [str(r) for r in shown["id"]],
            "shapes": {group: by_record(drawn.shapes[group]) for group in GROUPS},
            "legend": legends.index(legend),
            # The chronology below lists every event in time order; the day shows its first ones.
            "events": len(selection.events), "events_title": tr("What happened by {date}", date=tr.date(day)),
        })
    last = select(data, COUNTRIES, status.LAST_DAY)
    return {
        "lang": lang,
        "text": {key: tr(message) for key, message in TEXT.items()},
        "languages": {code: Translator(code)("Language") for code in LANGUAGES},
        "countries": [{"code": code, "name": country_name(code, lang)} for code in COUNTRIES],
        "groups": [{"key": key, "label": tr(group.label)} for key, group in GROUPS.items()],
        "link": link_grammar(lang),  # the link's grammar and notices (dashboard/view/grammar.py)
        "start": {"center": list(CENTER), "zoom": ZOOM},  # where the map opens when the link says not
        "records": {str(rid): {"countries": shown_by.get(str(rid), []), "name": str(row["name"]),
                               "details": details_html(row, data.figures, data.sources, lang, data.events)}
                    for rid, row in by_id.iterrows()},
        "outlines": {code: json.loads(outline_json(code)) for code in COUNTRIES},
        "legends": legends,
        "chronology": events_html(last.events, records, data.sources, status.LAST_DAY, lang),
        "days": frames,
    }


def by_record(shapes: Shapes) -> dict[str, dict[str, list[list[object]]]]:
    """A map group's shape rows, by the record each draws (grid cells, which no record owns, are left
    out: the edition draws every record)."""
    rows: dict[str, dict[str, list[list[object]]]] = defaultdict(lambda: defaultdict(list))
    for kind, at in CLASS_AT.items():
        for row in getattr(shapes, kind):
            record = class_record(str(row[at]))
            if record is not None:
                rows[record][kind].append(row)
    return {rid: dict(kinds) for rid, kinds in rows.items()}
