"""The one function from the data and a view to what the reader sees of it: `scene`.

A `Scene` is built cheaply and computes each part on first use (the map's shapes, the legend, the
panels, the chronology, the charts, the text alternative), so each renderer pays only for what it
draws, and never changes once computed: one scene may serve every reader of the same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_, Translator
from dashboard.map.aggregate import Bounds
from dashboard.map.layers import LayerShapes, MapLayers, layer_groups, layer_shapes
from dashboard.map.regions import region_areas
from dashboard.map.styles import unrest_size_of
from dashboard.memo import lazy
from dashboard.render.corrections import corrections_html, updated_text
from dashboard.render.events import events_html
from dashboard.render.furniture import Furniture, furniture
from dashboard.render.legend import legend_html
from dashboard.render.still_words import StillWords, still_words
from dashboard.render.templating import render
from dashboard.scene.alternative import text_alternative
from dashboard.scene.choices import choice_source_lines, choice_texts
from dashboard.scene.details import RecordDetails
from dashboard.scene.panels import TABLE_ROWS, Panels
from dashboard.view.arrays import columns
from dashboard.view.chronology import chronology, kind_choices
from dashboard.view.corrections import updated_on, with_records
from dashboard.view.decisions import any_requested, decision_days
from dashboard.view.link import View
from dashboard.view.regions import host_record, in_view
from dashboard.view.rows import Rows
from dashboard.view.selection import Selection, cited_ids, select
from dashboard.view.status import day_value, in_countries
from dashboard.view.timeline import Given, troop_figures
from dashboard.view.wording import localised
from dashboard.vocabulary import EMERGENCY_GROUP

if TYPE_CHECKING:
    from dashboard.scene.charts import MonthCharts

MAP_TEXT_LABEL = N_("What the map shows")  # the name of the text alternative beside a map


@dataclass(frozen=True, eq=False)
class Scene(RecordDetails):
    """Everything a reader sees of `view`: build it with `scene`.

    `records` is every record of the data in the view's language (a flow line ends at its arrival
    record, which the view may leave out; details and the chronology name places with it). `charts_of`
    builds the month's charts for a country choice and language (`scene.charts.month_charts`); a caller
    that keeps them across dates passes its own.
    """

    data: Dataset
    view: View
    records: pd.DataFrame
    charts_of: object = field(default=None, repr=False)

    @lazy
    def selection(self) -> Selection:
        """The records, figures, events and sources the view shows."""
        return select(self.data, self.view.countries, self.view.date)

    @lazy
    def rows(self) -> Rows:
        """The selected records as rows of `records` (no row copied), with the contingents' status on the
        date (`status`) and the unrest circles' sizes (`size`); without the contingent and the troop
        origins of a state that had not yet decided to send troops (`view.decisions`)."""
        selection, records = self.selection, self.records
        if len(records) != len(self.data.records):  # not every record: the rows are the data's own
            records = localised(self.data.records, self.view.lang)
        return Rows(records, selection.record_rows, {"status": selection.statuses,
                                                     "size": unrest_size_of(selection)})

    @lazy
    def shown(self) -> pd.DataFrame:
        """The selected records (`rows`) as a frame of their own in the reader's language, with `size`
        and `status`: made on first use, for the readers that want whole rows."""
        selection = self.selection
        return localised(selection.records.assign(size=self.rows.values("size")), self.view.lang)

    @property
    def decisions(self) -> dict[str, dt.date]:
        """Each contributing state's first day of its decision to send troops (`view.decisions`)."""
        return decision_days(self.data.records, self.data.events)

    @lazy
    def units(self) -> Rows:
        """The contingent records shown (one per contributing state)."""
        return self.rows.where(self.rows.isin("layer", ["contingent"]))

    @lazy
    def shading(self) -> dict[str, Given]:
        """The troop figure that counts for each contributing country shown (`view.timeline`)."""
        return troop_figures(self.units.frame(["id", "layer", "contingent"]),
                             self.selection.figures_of(["troops"], self.units.at))

    @lazy
    def troops(self) -> dict[str, int]:
        """The troop figure that shades each contributing country (`shading`: official first)."""
        return {code: figure[1] for code, figure in self.shading.items()}

    @lazy
    def reported(self) -> tuple[str, ...]:
        """The countries (codes) shaded by an unofficial figure, for want of an official one
        (`shading`)."""
        return tuple(code for code, figure in self.shading.items() if figure[2])

    def shapes(self, bounds: Bounds | None = None, popups: bool = False) -> LayerShapes:
        """The map's shapes, by map group. With `bounds` (the reader's map extent) only the points around
        it are drawn, as grid cells where they are too many; with `popups`, each record's shapes carry its
        details (for a map without a sidebar)."""
        popup = self.popups.__getitem__ if popups else None
        drawn = layer_shapes(self.rows, self.records, self.troops, popup, view=bounds, lang=self.view.lang)
        drawn.shapes[EMERGENCY_GROUP].areas.extend(
            region_areas(self.emergency, self.view.lang, host_record(self.data.records)))
        return drawn

    def map_layers(self, visible: tuple[str, ...] | None = None, *, popups: bool = False, hooks: bool = False,
                   drawn: LayerShapes | None = None) -> MapLayers:
        """The map's groups as folium layers, those not `visible` (default: the view's `layers`) hidden on
        load, each keyed by the view's countries and date (a map that swaps its layers sees when they
        change): of `drawn` (shapes a caller kept) or of `shapes(popups=popups)`. `hooks` adds the test
        hooks (`map.bridge.LayerKey`)."""
        token = f"{','.join(self.selection.countries)}|{self.selection.as_of.isoformat()}"
        shapes = self.shapes(popups=popups) if drawn is None else drawn
        return layer_groups(shapes, self.view.layers if visible is None else visible, token, self.view.lang,
                            hooks)

    @lazy
    def record_countries(self) -> dict[str, list[str]]:
        """Each record (by id) -> the view's countries whose choice shows it, in the view's order."""
        records, countries = self.records, self.view.countries
        showing = {code: set(records.loc[in_countries(records, [code]), "id"]) for code in countries}
        return {str(rid): [code for code in countries if rid in showing[code]] for rid in records["id"]}

    @property
    def day(self) -> str:
        """The view's date as a link writes it: the ISO date, or `final` (`view.status.day_value`)."""
        return day_value(self.view.date)

    def cited(self, record: str | None = None) -> list[str]:
        """The ids of the sources the view cites, in order of first citation, each once: its records', its
        figures' and its events' (`selection`); one record's only when given (any record of the data: one
        the view leaves out, such as a flow line's far end, cites just its own)."""
        figures, events = self.selection.figures, self.selection.events
        if record is None:
            return cited_ids(self.selection.records["sources"], figures["sources"], events["sources"])
        return cited_ids([self._record(record)["sources"]], figures["sources"][figures["record"] == record],
                         events["sources"][events["record"] == record])

    @lazy
    def emergency(self) -> pd.DataFrame:
        """The rows of regions.csv in force on the view's date when the view shows the host
        (`view.regions.in_view`): the regions under a state of emergency, then the red terror level."""
        return in_view(self.data.regions, self.view.countries, self.view.date)

    @lazy
    def legend(self) -> str:
        """The legend of the map groups switched on (HTML)."""
        return self.legend_of(self.view.layers)

    def legend_of(self, layers: tuple[str, ...]) -> str:
        """The legend with these map groups switched on (HTML), for a map whose reader toggles them."""
        lang = self.view.lang
        return legend_html(lang, layers, self.reported)

    @lazy
    def panels(self) -> Panels:
        """The sidebar's panels: troop origins, withdrawal status, unrest details; and the sources."""
        return Panels(self.data, self.selection, self.rows, self.records, self.view.lang,
                      any_requested(self.decisions, self.view.date), lambda: self.shown)

    @lazy
    def chronology(self) -> str:
        """What had happened by the date, by day with the latest first, every kind of event (HTML): the
        latest TABLE_ROWS events, saying how many there are."""
        return self.chronology_of()

    @lazy
    def furniture(self) -> Furniture:
        """The words around the map: headline, dek, credit and the source line of what the view draws."""
        return furniture(self.selection, self.view.lang)

    @lazy
    def event_kinds(self) -> list[tuple[str, str]]:
        """The kinds of event in the data's chronology, as (key, word in the reader's language): the same
        choices on every date."""
        return kind_choices(self.data.events, self.tr)

    def chronology_of(self, kinds: tuple[str, ...] | None = None, kind_filter: bool = False,
                      limit: int | None = TABLE_ROWS) -> str:
        """The chronology of these kinds of event only (None: all), listing the latest `limit` events
        (every one when None), with a form of one box per kind when `kind_filter` (for a page that filters
        the list itself) (HTML)."""
        data, view = self.data, self.view
        rows = self.selection.event_rows  # only the events listed are copied
        if kinds is not None:
            rows = rows[columns(data.events).isin("kind", kinds)[rows]]
        listed = rows if limit is None else rows[max(len(rows) - limit, 0):]
        return events_html(chronology(data.events.iloc[listed], self.records, data.sources, view.date,
                                      self.tr, None, kind_filter, data.events, limit, count=len(rows)))

    @lazy
    def month(self) -> MonthCharts:
        """The charts over the whole month for the view's countries (the date is only a parameter)."""
        from dashboard.scene.charts import month_charts  # Altair: imported when a chart is first made

        build = self.charts_of or month_charts
        return build(self.data, self.view.countries, self.view.lang, self.records)  # type: ignore[operator]

    @lazy
    def charts(self) -> tuple[dict, dict, dict]:
        """The three charts as Vega-Lite specs with the view's date chosen: troops, tolls, chronology."""
        return self.month.on(self.view.date)

    @lazy
    def still_words(self) -> StillWords:
        """The words a still sets around the map: title, date and countries, legend, publishers, credit."""
        return still_words(self.tr, self.view, self.reported, self.selection)

    @lazy
    def corrections_log(self) -> pd.DataFrame:
        """Every correction, newest first, with the record each concerns (`record`)."""
        data = self.data
        return with_records(data.corrections, data.records, data.figures, data.events, data.aliases())

    @lazy
    def updated(self) -> str | None:
        """The "Updated" stamp under the title: the latest date in the corrections and updates logs, in
        the reader's language ("Updated 2 December 2026"); None when the data keeps no logs."""
        return updated_text(updated_on(self.data.corrections, self.data.updates), self.view.lang)

    @lazy
    def corrections(self) -> str:
        """The "Corrections" section (HTML): every correction, newest first; empty when there is none."""
        return corrections_html(self.corrections_log, self.records, self.view.lang)

    @lazy
    def text(self) -> str:
        """A one-paragraph text alternative of what the map shows."""
        return text_alternative(self)

    def texts_of(self, choices: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
        """The text alternative of each choice of some of the view's countries, as the scene of that
        choice on the view's date says it (`scene.choices`), for a page that filters by country itself
        (the edition)."""
        return choice_texts(self, choices)

    def source_lines_of(self, choices: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
        """The source line of each choice of some of the view's countries, as the scene of that choice on
        the view's date says it (`furniture.sources`; `scene.choices`), for the edition."""
        return choice_source_lines(self, choices)

    @lazy
    def text_html(self) -> str:
        """The text alternative as a section only screen readers read, for a page beside its map (HTML)."""
        return render("alternative.html", label=self.tr(MAP_TEXT_LABEL), text=self.text)

    @lazy
    def tr(self) -> Translator:
        """The view's translator: one per view, for every word a front end adds in the view's language."""
        return Translator(self.view.lang)


def scene(data: Dataset, view: View, records: pd.DataFrame | None = None,
          charts_of: object = None) -> Scene:
    """Everything a reader sees of `view` of `data`: a `Scene`, whose parts (the selection, shapes, legend,
    panels, chronology, charts, text alternative) are computed on first use and never change;
    `scene.schema.to_json` writes it in the documented wire format.

    Parameters
    ----------
    data
        The loaded dataset (`dashboard.geo.dataset.load_dataset`).
    view
        The countries, date, language and map groups chosen.
    records
        Every record in the view's language (`dashboard.view.wording.localised`); computed when not
        given. A caller that shows many views keeps it once per language.
    charts_of
        Builds the month's charts for (data, countries, lang, records); `scene.charts.month_charts` when
        not given. A caller that keeps charts across dates passes a cached one.
    """
    if records is None:
        records = localised(data.records, view.lang)
    return Scene(data, view, records, charts_of)
