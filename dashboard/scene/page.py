"""The page description: which sections the page has, in what order, and their words, as plain data.

Like a Vega-Lite spec, it says what the page holds and leaves the drawing to each front end: the
Streamlit page (`dashboard/screens/map.py`) makes one tab per section it shows, the edition
(`dashboard/publish/edition.py`) hands the sections to its page, which labels (or makes) one folded
`<details id="section-KEY">` per section, in this order. A section added here appears in both; one a
front end has no renderer of its own for shows its heading and its texts.

Every word is a catalogue message (`N_`), translated per language by `page_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dashboard.i18n import N_, NP_, Translator
from dashboard.render.furniture import TITLE
from dashboard.view.tables import NONE_SENT, WITHDRAWN_BY

APP = "app"
EDITION = "edition"


@dataclass(frozen=True)
class Section:
    """One section of the page below the map.

    `heading` names it; `headings` gives a front end's own name where it differs (the edition's
    "Tables and sources" holds what the app splits in two tabs). `shown_in` lists the front ends that
    show it. `texts` are its words (key -> message, placeholders for the front end to fill),
    `app_texts` words only the app says (its own controls, left out of the edition's data), `tables`
    its tables (key -> heading), `columns` their columns as the reader sees them (table key -> column
    headings, in order) and `downloads` the formats it offers. `counted` are its words that name a count
    (key -> singular and plural, `{count}` in them), said by `count` in the form the count takes.
    """

    key: str
    heading: str
    headings: Mapping[str, str] = field(default_factory=dict)
    shown_in: tuple[str, ...] = (APP, EDITION)
    texts: Mapping[str, str] = field(default_factory=dict)
    app_texts: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    downloads: tuple[str, ...] = ()
    counted: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def heading_in(self, front: str) -> str:
        """The section's heading (a catalogue message) in front end `front`."""
        return self.headings.get(front, self.heading)

    def say(self, key: str, tr: Translator, /, **values: object) -> str:
        """The section's text `key` in `tr`'s language, its placeholders filled with `values`."""
        return tr(self.texts[key] if key in self.texts else self.app_texts[key], **values)

    def count(self, key: str, tr: Translator, count: int, /, **values: object) -> str:
        """The section's counted text `key` for `count` in `tr`'s language ("and 1,234 more places"),
        the count in the language's number format."""
        return tr.plural(*self.counted[key], count, **values)

    def table(self, key: str, tr: Translator) -> str:
        """The heading of the section's table `key` in `tr`'s language."""
        return tr(self.tables[key])


@dataclass(frozen=True)
class Page:
    """The page: its title, the words of its controls and map (`words`), the sidebar's panels and the
    sections below the map, each in order."""

    title: str
    words: Mapping[str, str]
    panels: tuple[Section, ...]
    sections: tuple[Section, ...]

    def sections_in(self, front: str) -> tuple[Section, ...]:
        """The sections front end `front` shows, in the page's order."""
        return tuple(section for section in self.sections if front in section.shown_in)

    def say(self, key: str, tr: Translator, /, **values: object) -> str:
        """The page's word `key` in `tr`'s language, its placeholders filled with `values`."""
        return tr(self.words[key], **values)

    def section(self, key: str) -> Section:
        """The section (or sidebar panel) named `key`."""
        return next(section for section in (*self.sections, *self.panels) if section.key == key)


TABLES = {"troops": N_("Troop origins"), "unrest": N_("Unrest details"), "sources": N_("Sources")}
NO_UNREST = N_("No deaths, injuries or arrests reported for this selection by this date.")
SHOW = N_("Show on map")
# The tables' columns (as `dashboard/view/tables.py` names them; tests/test_page_description.py holds
# the scene's tables to them).
COLUMNS = {
    "troops": (N_("country"), N_("troops"), N_("units"), N_("bases"), N_("status")),
    "unrest": (N_("place"), N_("metric"), N_("figure"), N_("date"), N_("source"), N_("note")),
    "sources": (N_("source"), N_("title"), N_("reliability")),
}

PAGE = Page(
    title=TITLE,
    words={
        "filters": N_("Filters"), "countries": N_("Countries"), "as_of": N_("As of"),
        "language": N_("Language"), "play": N_("Play: one day a second"), "pause": N_("Pause"),
        "details": N_("Details"), "close": N_("Close details"), "link": N_("Link to this view"),
        "notices": N_("Parts of the link were ignored; the rest applies:"),
        "shown": N_("As of {date}. {shown} of {total} location records shown."),
        "zoom_in": N_("Zoom in"), "zoom_out": N_("Zoom out"), "map_layers": N_("Map layers"),
        "map": N_("Map"),
        "withdrawn_by": WITHDRAWN_BY, "none_sent": NONE_SENT,
        "app_title": N_("Kazakhstan, January 2022: the CSTO deployment"),  # the app's browser tab
        "choose_countries": N_("Choose countries"),
        "cells": N_("{points} point records around this view are drawn as {cells} grid cells with their "
                    "counts: zoom in to see them one by one."),
        "assets_local": N_("Map assets served locally (works offline)."),
        "assets_cdn": N_("Map assets from public CDNs (run `python -m dashboard assets` for offline use)."),
    },
    panels=(
        Section("troops", TABLES["troops"], texts={"show": SHOW}),
        Section("withdrawal", N_("Withdrawal status")),
        Section("unrest", TABLES["unrest"],
                texts={"no_unrest": NO_UNREST, "show": SHOW,
                       "in_tables": N_("Every figure, with its date and sources, is in the table \"Unrest "
                                       "details\" under \"Tables\" below the map.")},
                # Under the worst-hit places listed: how many more places have a toll figure known.
                counted={"more_places": NP_("and {count} more place", "and {count} more places")}),
    ),
    sections=(
        Section("chronology", N_("Chronology"),
                texts={"no_events": N_("No event recorded for this selection by this date."),
                       "kinds": N_("Kinds of event"), "events_title": N_("What happened by {date}")}),
        Section("charts", N_("Charts"), texts={"no_chart": N_("Choose a country to see its charts.")}),
        Section("tables", N_("Tables"), headings={EDITION: N_("Tables and sources")},
                texts={"tables_note": N_("Every country, as of {date}."),
                       "no_unrest": NO_UNREST, "later": N_("Reported after {date} ({count})"),
                       "shortened": N_("The first {shown} of {count} figures; the exports below the map hold "
                                       "them all.")},
                tables=TABLES, columns=COLUMNS),
        # In the edition the sources are a table of "Tables and sources", the corrections a section.
        Section("sources", N_("Sources and corrections"), shown_in=(APP,),
                tables={"sources": TABLES["sources"]}, columns={"sources": COLUMNS["sources"]},
                texts={"listed": N_("The first {shown} of {count} sources are listed.")}),
        Section("data", N_("Export"), headings={EDITION: N_("Get the data")},
                texts={"data_note": N_("The records of the countries and the date chosen, with their "
                                       "figures, events and sources, as the dashboard exports them."),
                       "licence": N_("Licence: {licence}"),
                       "no_licence": N_("No licence has been stated for this data.")},
                app_texts={"export": N_("Export this view"),
                           "records": N_("{count} records with their sources, for the countries and date "
                                         "chosen in the sidebar."),
                           "raw": N_("Raw CSV for pipelines: no guard on cells that a spreadsheet would run "
                                     "as formulas"),
                           "timelapse": N_("Time-lapse of the month"),
                           "timelapse_note": N_("a video of the map, one day each half second, for the "
                                                "countries chosen."),
                           "make": N_("Make the time-lapse (MP4)"), "drawing": N_("Drawing the days…"),
                           "drawn": N_("Drawn {done} of {total} days"),
                           "busy": N_("Another time-lapse is being made on this server; please try again in "
                                      "a minute."),
                           "too_long": N_("The time-lapse took longer than {seconds} seconds to make and was "
                                          "stopped. Choose fewer countries, or make it with `python -m "
                                          "dashboard timelapse`."),
                           "download_video": N_("Download the time-lapse (MP4)"),
                           # The data folder's README.txt (the folder is the app's export alone).
                           "folder_title": N_("{title}: data folder"),
                           "folder_view": N_("View: {countries}; date: {date}."),
                           "no_country": N_("no country"),
                           "folder_licence": N_("Licence of the data: {licence}."),
                           "folder_cites": N_("Every record, figure, event and correction cites its sources "
                                              "by id; sources.csv holds them in full."),
                           "folder_sources": N_("Sources ({count}):"), "undated": N_("undated"),
                           "no_address": N_("address not recorded")},
                # The edition's "Get the data" makes the view's CSV and GeoJSON in the browser; the app's
                # export adds the map as HTML, image and PDF, and the month's time-lapse.
                downloads=("csv", "geojson")),
        # The app shows the link and embed code by the map (it follows every pan and zoom), not as a tab.
        Section("share", N_("Share this view: link and embed code"), headings={EDITION: N_("Link and embed")},
                shown_in=(EDITION,), texts={"link": N_("Link to this view"), "embed": N_("Embed this page")},
                app_texts={"embed_app": N_("Embed the static edition of this view"),
                           "unpublished": N_("Publish the edition with `python -m dashboard publish` and "
                                             "give its address as `[edition] url` in config.toml to complete "
                                             "this snippet.")}),
        Section("corrections", N_("Corrections"), shown_in=(EDITION,)),
    ),
)


def section_words(section: Section, front: str, tr: Translator) -> dict[str, object]:
    """One section as JSON-ready values in `tr`'s language: key, heading, texts, tables, downloads."""
    return {"key": section.key, "heading": tr(section.heading_in(front)),
            "texts": {key: tr(message) for key, message in section.texts.items()},
            "tables": {key: tr(message) for key, message in section.tables.items()},
            "columns": {key: [tr(message) for message in names] for key, names in section.columns.items()},
            "downloads": list(section.downloads)}


def page_words(page: Page, front: str, tr: Translator) -> dict[str, object]:
    """The page as `front` shows it, in `tr`'s language: `text` (the title, the controls' words and
    every section's texts and heading, by key, for a page that looks words up by key) and `sections`
    (each section's words, in order)."""
    sections = [section_words(section, front, tr) for section in page.sections_in(front)]
    text = {"title": tr(page.title), **{key: tr(message) for key, message in page.words.items()}}
    for section in sections:
        text.update(section["texts"])  # type: ignore[arg-type]
        text[str(section["key"])] = str(section["heading"])
    return {"text": text, "sections": sections}
