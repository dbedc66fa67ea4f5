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

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping

from dashboard.data.countries import country_name
from dashboard.geo.regions import dry_outline_json, region_codes, region_json
from dashboard.i18n import LANGUAGES, Translator
from dashboard.publish.charts import chart_files, choice_key
from dashboard.render.tables import table_html
from dashboard.scene import CENTER, COLUMNS, KINDS, ZOOM, Scene
from dashboard.scene.edition import EditionScenes, choices
from dashboard.scene.page import EDITION, PAGE, Page, page_words
from dashboard.view.grammar import COUNTRIES, link_grammar
from dashboard.vocabulary import GROUPS

VERSION = 7  # of the edition's data (docs/scene.md)
DETAILS_CHUNK = 200  # records per details file
SHARED_BY = 2  # a source cited in more details files than this is kept once, in the sources file
BETWEEN_TAGS = re.compile(r">\s*\n\s*<")  # a line break (and its indent) between two tags
INLINE_STYLE = re.compile(r' style="[^"]*"')  # in our own autoescaped HTML, where no value holds a quote
CITED = re.compile(r'data-source="([^"]+)"')  # a source named in a record's details (rendered by us)

def edition_data(scenes: EditionScenes, lang: str, write: Callable[[str, object], str],
                 furniture: Mapping[str, str] | None = None, page: Page = PAGE) -> dict[str, object]:
    """Everything the edition's page needs in `lang`, as JSON-ready values, from the edition's scenes.

    `write(name, value)` writes a data file that the page fetches only when it needs it (each chunk of
    records' details with the sources they cite, the chronology, the tables, the charts) and returns its
    path for the page. `furniture` holds the page's other words and paths: `licence`, the pieces of the
    data files (`downloads`) and the `embed` snippet. `page` describes the page's sections and words
    (`dashboard.scene.page`): the page labels, orders (or makes) its sections from `sections`.
    """
    own = scenes.languages[lang]
    tr = own.card.tr  # the language's translator (every scene in it has its own, the same)
    words = page_words(page, EDITION, tr)  # `text` (every word, by key) and `sections` (in order)
    records = own.records  # every record, in `lang`
    ids = [str(r) for r in records["id"]]
    first: dict[str, int] = {}
    shapes = _Intervals()
    legends: list[str] = []
    sidebars: list[str] = []
    tables: list[str] = []
    days_tables: list[int] = []
    days = []
    alternatives: dict[str, int] = {}  # each distinct text alternative -> its index
    source_lines: dict[str, int] = {}  # each distinct source line -> its index
    offered = [(), *choices()]  # every choice of countries a reader can make, none included
    event_days = scenes.event_days
    last = None
    # The days of January, then the final figures (`scene.FINAL_DAY`, `date=final` in a link).
    for index, seen in enumerate(own.days):
        day = seen.view.date
        for rid in seen.shown["id"]:
            first.setdefault(str(rid), index)
        shapes.add(index, seen.shapes().shapes)
        if seen.legend not in legends:
            legends.append(seen.legend)
        if seen.panels.html not in sidebars:
            sidebars.append(seen.panels.html)
        shown_tables = _tables(seen, tr, page)
        if shown_tables not in tables:
            tables.append(shown_tables)
        days_tables.append(tables.index(shown_tables))
        days.append({
            "iso": seen.day, "label": tr.date(day), "legend": legends.index(seen.legend),
            "panels": sidebars.index(seen.panels.html),
            # The chronology below groups every event by day, the latest first; the day hides the groups
            # of the days after it.
            "days_after": sum(1 for other in event_days if other > day),
            "events_title": page.section("chronology").say("events_title", tr, date=tr.date(day)),
            # The text alternative of each choice of countries (in the order of `choices`), as the app's
            # scene of that choice says it on the day: an index into `alternatives`.
            "texts": [alternatives.setdefault(text, len(alternatives))
                      for text in seen.texts_of(offered).values()],
            # The source line under the map of each choice (as `texts`): an index into `source_lines`.
            "sources": [source_lines.setdefault(line, len(source_lines))
                        for line in seen.source_lines_of(offered).values()],
        })
        last = seen
    assert last is not None
    chunks = [ids[at:at + DETAILS_CHUNK] for at in range(0, len(ids), DETAILS_CHUNK)]
    all_details = {rid: compact_html(body) for rid, body in last.all_details(shared_sources=True).items()}
    sources = last.source_items()

    # Each chunk's sources, once per chunk; a source that many chunks cite is kept once for them all, in
    # a file fetched with the first details a reader opens.
    cited_in = [dict.fromkeys(html.unescape(sid) for rid in chunk for sid in CITED.findall(all_details[rid]))
                for chunk in chunks]
    spread = Counter(sid for chunk in cited_in for sid in chunk)
    common = {sid: sources[sid] for sid, count in spread.items() if count > SHARED_BY and sid in sources}

    def chunk_file(n: int, chunk: list[str]) -> str:
        own = {sid: sources[sid] for sid in cited_in[n] if sid in sources and sid not in common}
        return write(f"details-{lang}-{n}.json", {"details": {rid: all_details[rid] for rid in chunk},
                                                   "sources": own})

    table: dict[str, object] = {
        "id": ids,
        "countries": [last.record_countries[rid] for rid in ids],  # the countries whose choice shows it
        "first": [first.get(rid) for rid in ids],
        "chunk": [at // DETAILS_CHUNK for at in range(len(ids))],
    }
    shape_tables = shapes.tables()
    out: dict[str, object] = {
        "schema": "kz-edition", "version": VERSION,
        **words,
        "languages": {code: Translator(code)("Language") for code in LANGUAGES},
        "countries": [{"code": code, "name": country_name(code, lang)} for code in COUNTRIES],
        "groups": [{"key": key, "label": tr(group.label)} for key, group in GROUPS.items()],
        "link": link_grammar(lang),  # the link's grammar and notices (dashboard/view/grammar.py)
        # Where the map opens when the link says not, and what it must show: on a screen too narrow to
        # show all of it at that zoom (a phone), the page fits these bounds instead.
        "start": {"center": list(CENTER), "zoom": ZOOM, "bounds": scenes.opening_bounds},
        "records": table,
        # The countries' outlines, and Kazakhstan's regions' (by ISO 3166-2 code) for the State of emergency.
        "outlines": {**{code: json.loads(dry_outline_json(code)) for code in COUNTRIES},
                     **{code: json.loads(region_json(code)) for code in sorted(region_codes())}},
        "legends": legends,
        "panels": sidebars,
        "chronology_file": write(f"chronology-{lang}.json",
                                 compact_html(last.chronology_of(kind_filter=True, limit=None))),
        "updated": last.updated,
        "corrections": last.corrections,
        "record_aliases": scenes.aliases,  # an old record id (renamed or merged) -> the record that has it
        "days": days,
        "choices": [choice_key(chosen) for chosen in offered],  # every choice of countries, by its key
        "alternatives": list(alternatives),
        "source_lines": list(source_lines),
        "shapes": shape_tables,
        "details_files": [chunk_file(n, chunk) for n, chunk in enumerate(chunks)],
        "sources_file": write(f"sources-{lang}.json", common),
        # The day's tables (every country), fetched when the reader opens them: `files` (each distinct
        # set once, HTML) and `days` (per day, an index into `files`).
        "tables": {"files": [write(f"tables-{lang}-{n}.json", body) for n, body in enumerate(tables)],
                   "days": days_tables},
        "furniture": _furniture(last, tr, furniture or {}, page),
        # The troop and toll charts as SVG, per country choice, fetched when the reader opens them.
        "charts": chart_files(own.charts, tr, write),
    }
    return out


def _tables(seen: Scene, tr: Translator, page: Page) -> str:
    """The tables of a day's scene: troop origins, unrest details, sources (HTML), named as the page's
    "tables" section names them."""
    names = page.section("tables").tables
    panels = seen.panels
    frames = {"troops": panels.troops, "unrest": panels.unrest, "sources": panels.sources}
    body = "".join(table_html(frame, tr(names[key]), key)
                   for key, frame in frames.items() if not frame.empty)
    # Without the inline styles the template gives each cell (for the app's page): edition.css styles
    # the cells once, in the reader's colour scheme, and the days' tables take half the bytes.
    return compact_html(INLINE_STYLE.sub("", body))


def _furniture(seen: Scene, tr: Translator, given: Mapping[str, str], page: Page) -> dict[str, str]:
    """The newsroom's furniture in the reader's language: the scene's dek and credit, the data's licence,
    the data files and the embed snippet (the source line under the map is each view's: `days`)."""
    licence = given.get("licence", "")
    texts = page.section("data")
    words = seen.furniture
    return {
        "dek": words.dek, "credit": words.credit,
        "licence": texts.say("licence", tr, licence=licence) if licence else texts.say("no_licence", tr),
        "downloads": given.get("downloads", ""), "embed": given.get("embed", ""),
    }


def compact_html(body: str) -> str:
    """HTML without the templates' line breaks between tags (they render as nothing): the edition keeps
    one such fragment per record and language."""
    return BETWEEN_TAGS.sub("><", body)


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
