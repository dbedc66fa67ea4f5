"""The sidebar's panels of a view: troop origins, withdrawal status, unrest details, and the sources.

Each panel is computed on first use (the withdrawal status is wanted before the map, the tables after
it). Tables list at most `TABLE_ROWS` figures and say how many there are; the exports hold them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_, Translator
from dashboard.memo import lazy, per_object
from dashboard.render.panels import sidebar_html
from dashboard.scene.page import PAGE
from dashboard.view import sidebar, status, tables
from dashboard.view.arrays import columns, day_number, record_rows
from dashboard.view.rows import Rows
from dashboard.view.selection import Selection
from dashboard.vocabulary import TOLL_METRICS

# The columns of the contingents and their bases that the troop and withdrawal panels read.
TROOP_COLUMNS = ("id", "name", "layer", "contingent", "unit", "arrival", "deployed", "withdrawal_start",
                 "withdrawn", "status")
TABLE_ROWS = 500  # a table lists this many figures at most; the exports hold them all
NOT_REQUESTED = N_("No deployment had been requested yet: no state had decided to send troops by this date.")


@per_object
def troop_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The troop figures among a dataset's figures (a few), picked once."""
    return figures[figures["metric"] == "troops"]


@per_object
def _troops_in_order(figures: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """A dataset's troop figures in figure order (`status.in_figure_order`), and each one's day number,
    sorted once."""
    ordered = status.in_figure_order(troop_figures(figures))
    return ordered, columns(ordered).days("date")


def troops_known(figures: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The troop figures among a dataset's figures reported by `as_of`, in figure order: what
    `status.figures_known` gives of them, the rows of one sort kept for every date."""
    ordered, days = _troops_in_order(figures)
    return ordered[days <= day_number(as_of)]


@per_object
def contingent_records(records: pd.DataFrame) -> pd.DataFrame:
    """The contingents among a dataset's records (one per contributing state), picked once."""
    return records[records["layer"] == "contingent"]


class Panels:
    """What the sidebar and the tables show of a view, in the reader's language: `selection`, `rows` (its
    records as rows of the localised records, with `status` and `size`) and `records` (every record,
    localised) come from the scene. Each panel copies only the rows it reads: the contingents and their
    bases, the unrest places; `shown`, every shown record as a frame, is made only when asked for."""

    def __init__(self, data: Dataset, selection: Selection, rows: Rows, records: pd.DataFrame,
                 lang: str, requested: bool = True, shown: Callable[[], pd.DataFrame] | None = None) -> None:
        self.data, self.selection, self.rows, self.records, self.lang = data, selection, rows, records, lang
        self.requested = requested  # whether any state had decided to send troops by the date
        self._shown = shown or rows.frame

    @lazy
    def shown(self) -> pd.DataFrame:
        """Every shown record as a frame of its own (the scene's `shown`, when it gives it)."""
        return self._shown()

    @lazy
    def _troop_rows(self) -> Rows:
        return self.rows.where(self.rows.isin("layer", ["contingent", "troop_origin"]))

    @lazy
    def _troop_side(self) -> pd.DataFrame:
        """The contingents and troop origins shown: what the troop table reads."""
        return self._troop_rows.frame(TROOP_COLUMNS)

    @lazy
    def _unit_side(self) -> pd.DataFrame:
        """The contingents shown (a handful): what the withdrawal panel reads."""
        rows = self._troop_rows
        return rows.where(rows.isin("layer", ["contingent"])).frame(TROOP_COLUMNS)

    @lazy
    def _troop_figures(self) -> pd.DataFrame:
        """The troop figures of the contingents shown, known by the date."""
        rows = self._troop_rows
        return self.selection.figures_of(["troops"], rows.at[rows.isin("layer", ["contingent"])])

    @lazy
    def _places(self) -> Rows:
        return self.rows.where(self.rows.isin("layer", ["unrest", "host"]))

    @lazy
    def _place_side(self) -> pd.DataFrame:
        """The unrest places and the host shown, with the columns the unrest panel and tables read."""
        return self._places.frame(["id", "name", "country", "layer"])

    @property
    def troops_note(self) -> str | None:
        """What the troop panel says when no state had yet decided to send troops by the date."""
        return None if self.requested else Translator(self.lang)(NOT_REQUESTED)

    @lazy
    def contingents(self) -> list[sidebar.Contingent]:
        """Troop origins at a glance: a card per contingent shown, with its figures, route and status."""
        return sidebar.contingents(self._troop_rows, self.records, self._troop_figures, self.data.sources,
                                   self.lang)

    @lazy
    def places(self) -> list[sidebar.Place]:
        """Unrest details at a glance: the places with the most victims known by the date."""
        return sidebar.top_places(self._places, self._toll_figures, self.data.sources, self.lang,
                                  place=self._toll_places)

    @lazy
    def unlisted(self) -> sidebar.Unlisted | None:
        """The places with toll figures known beyond those listed, "and 12 more places" (the page
        description's words), with each country's count; None when every one is listed."""
        tr, unrest = Translator(self.lang), PAGE.section("unrest")
        return sidebar.unlisted(self._places, self._toll_figures, self.places,
                                lambda count: unrest.count("more_places", tr, count), self._toll_places)

    @lazy
    def withdrawal_lines(self) -> list[tables.WithdrawalLine]:
        """Withdrawal status, a line per contingent shown."""
        return tables.withdrawal_lines(self._unit_side, self.selection.as_of, self.lang)

    @lazy
    def html(self) -> str:
        """The three panels as one HTML fragment whose parts carry their countries (for the edition)."""
        tr = Translator(self.lang)
        titles = {panel.key: tr(panel.heading) for panel in PAGE.panels}
        titles["no_unrest"] = PAGE.section("unrest").say("no_unrest", tr)
        # The first few places of each country, for the page to show the first few of those chosen.
        candidates = sidebar.top_places(self._places, self._toll_figures, self.data.sources, self.lang,
                                        place=self._toll_places, each_country=True)
        return sidebar_html(self.contingents, self.withdrawal_lines, candidates, titles, self.lang,
                            self.troops_note, self.unlisted)

    @property
    def withdrawn(self) -> tuple[int, int]:
        """How many of the contingents shown have withdrawn, of how many."""
        return sidebar.withdrawn_share(self._unit_side)

    @property
    def progress(self) -> str:
        """The withdrawal's progress bar's label: "4 of 5 contingents withdrawn"."""
        done, total = self.withdrawn
        return sidebar.progress_label(done, total, self.lang)

    @lazy
    def troops(self) -> pd.DataFrame:
        """Troop origins: one row per contingent shown, its figures with their sources, bases, status."""
        return tables.troop_table(self._troop_side, self._troop_figures, self.data.sources, self.lang)

    @lazy
    def total_note(self) -> str | None:
        """The contingents' own figures added up against the official total, where they differ."""
        data = self.data
        known = troops_known(data.figures, self.selection.as_of)
        return tables.troop_total_note(contingent_records(data.records), known, self.lang)

    @lazy
    def withdrawal(self) -> str:
        """Withdrawal status: how many contingents have left, and each one's dates (Markdown)."""
        return tables.withdrawal_summary(self._unit_side, self.selection.as_of, self.lang)

    @lazy
    def _toll_rows(self) -> np.ndarray:
        return self.selection.figure_rows_of(TOLL_METRICS, self._places.at)  # `tables.toll_rows`

    @lazy
    def _toll_figures(self) -> Rows:
        """The toll figures known by the date of the places shown, as rows of the figures (none copied)."""
        return Rows(self.data.figures, self._toll_rows)

    @lazy
    def _tolls(self) -> pd.DataFrame:
        return self.data.figures.iloc[self._toll_rows]

    @lazy
    def _toll_places(self) -> np.ndarray:
        """Each toll figure's place, as a row of the records (the rows' table holds the same rows)."""
        return record_rows(self.data.records, self.data.figures)[self._toll_rows]

    @lazy
    def _tolls_later(self) -> pd.DataFrame:
        # Every figure reported after the date, then those of the places shown (toll_rows picks them).
        figures = self.data.figures
        later = figures[columns(figures).days("date") > day_number(self.selection.as_of)]
        return status.in_figure_order(tables.toll_rows(self._place_side, later))

    @lazy
    def unrest(self) -> pd.DataFrame:
        """Unrest details: the toll figures known by the date, the first TABLE_ROWS."""
        return tables.unrest_table(self._place_side, self._tolls, self.data.sources, self.lang,
                                   limit=TABLE_ROWS)

    @property
    def unrest_count(self) -> int:
        """How many toll figures are known by the date (the table lists the first TABLE_ROWS)."""
        return len(self._toll_rows)

    @lazy
    def later(self) -> pd.DataFrame:
        """Toll figures reported after the date, the first TABLE_ROWS."""
        return tables.unrest_table(self._place_side, self._tolls_later, self.data.sources, self.lang,
                                   limit=TABLE_ROWS)

    @property
    def later_count(self) -> int:
        """How many toll figures were reported after the date."""
        return len(self._tolls_later)

    @lazy
    def sources(self) -> pd.DataFrame:
        """The sources the view cites, by publisher and date, with their reliability grade: the first
        TABLE_ROWS."""
        listed = self.selection.source_rows[:TABLE_ROWS]  # only the sources listed are copied
        return tables.source_table(self.data.sources.iloc[listed], self.lang, limit=TABLE_ROWS)

    @property
    def sources_count(self) -> int:
        """How many sources the view cites (the table lists the first TABLE_ROWS)."""
        return len(self.selection.source_rows)
