"""A scene's records one by one: a record's row, its details, the sites listed at a crowded point.

A part of `Scene` (`dashboard.scene.scene`), kept apart: what a reader opens record by record, never
what a view's rerun draws.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.i18n import Translator
from dashboard.map.crowding import folded, listed_sites
from dashboard.memo import lazy
from dashboard.render.details import details_by_record, details_html, sources_html
from dashboard.view.arrays import row_of
from dashboard.view.details import detail_labels, record_words, sources_words, words_by_record
from dashboard.view.link import View
from dashboard.view.rows import Rows
from dashboard.view.selection import Selection


class RecordDetails:
    """A scene's records one by one (mixed into `Scene`, which gives `data`, `view`, `tr`, `selection`,
    `rows`, `records` and `corrections_log`)."""

    data: Dataset
    view: View
    tr: Translator
    selection: Selection
    rows: Rows
    records: pd.DataFrame
    corrections_log: pd.DataFrame

    def _record(self, record: str) -> pd.Series:
        """One record's row (named by its id, without the id column), found by id."""
        (at,) = row_of(self.records, [record])
        if at < 0:
            raise KeyError(record)
        row = self.records.iloc[at].drop(labels="id")
        row.name = record
        return row

    def _names(self, records: Iterable[str]) -> dict[str, str]:
        """The name of each of `records` (ids), found by id at once (`row_of`), not a row per record."""
        ids = list(records)
        at = row_of(self.records, ids)
        if (missing := np.flatnonzero(at < 0)).size:
            raise KeyError(ids[missing[0]])
        names = self.records["name"].to_numpy(dtype=object)[at]
        return {rid: str(name) for rid, name in zip(ids, names, strict=True)}

    @lazy
    def listed(self) -> dict[str, list[tuple[str, str]]]:
        """Each record at a crowded point -> the sites there that are not drawn as marks of their own,
        as (id, name in the view's language): its details name them (`dashboard.map.crowding`)."""
        crowded = {rid: sites for rid, sites in listed_sites(self.records).items() if sites}
        names = self._names(dict.fromkeys(site for sites in crowded.values() for site in sites))
        return {rid: [(site, names[site]) for site in sites] for rid, sites in crowded.items()}

    @lazy
    def popups(self) -> dict[str, str]:
        """Each drawn record's details as known on the view's date (HTML), by record id, for a map that
        opens them in popups: the shown records and the sites drawn for others at a crowded point
        (`crowding.folded`), made in one pass."""
        selection = self.selection
        drawn = set(self.rows.values("id")) | set(folded(self.records))
        shown = self.records[self.records["id"].isin(drawn)]
        return details_by_record(words_by_record(shown, selection.figures, selection.sources, self.tr,
                                                 selection.events, corrections=self.corrections_log,
                                                 listed=self.listed))

    def details(self, record: str) -> str:
        """One record's details (HTML): its fields, every figure with its sources, its events."""
        data = self.data
        return details_html(record_words(self._record(record), data.figures, data.sources, self.tr,
                                         data.events, self.corrections_log, self.listed.get(record, ())))

    def all_details(self, shared_sources: bool = False) -> dict[str, str]:
        """Every record's details (HTML), by record id. With `shared_sources`, each source is an empty
        `<li data-source="id">` to fill from `source_items` (kept once, not once per record)."""
        data = self.data
        words = words_by_record(self.records, data.figures, data.sources, self.tr, data.events,
                                shared_sources, self.corrections_log, self.listed)
        return details_by_record(words)

    def source_items(self) -> dict[str, str]:
        """Each source as the details list it (inner HTML of its item), by source id."""
        return sources_html(sources_words(self.data.sources, self.tr), detail_labels(self.tr))
