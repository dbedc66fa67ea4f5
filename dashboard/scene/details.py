"""A scene's records one by one: a record's row, its details, the sites listed at a crowded point.

A part of `Scene` (`dashboard.scene.scene`), kept apart: what a reader opens record by record, never
what a view's rerun draws.
"""

from __future__ import annotations

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.map.crowding import listed_sites
from dashboard.memo import lazy
from dashboard.render.details import details_by_record, details_html, sources_html
from dashboard.view.arrays import row_of
from dashboard.view.link import View


class RecordDetails:
    """A scene's records one by one (mixed into `Scene`, which gives `data`, `view`, `records` and
    `corrections_log`)."""

    data: Dataset
    view: View
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

    @lazy
    def listed(self) -> dict[str, list[tuple[str, str]]]:
        """Each record at a crowded point -> the sites there that are not drawn as marks of their own,
        as (id, name in the view's language): its details name them (`dashboard.map.crowding`)."""
        crowded = {rid: sites for rid, sites in listed_sites(self.records).items() if sites}
        names = {site: str(self._record(site)["name"]) for sites in crowded.values() for site in sites}
        return {rid: [(site, names[site]) for site in sites] for rid, sites in crowded.items()}

    def details(self, record: str) -> str:
        """One record's details (HTML): its fields, every figure with its sources, its events."""
        data = self.data
        return details_html(self._record(record), data.figures, data.sources, self.view.lang, data.events,
                            self.corrections_log, self.listed.get(record, ()))

    def all_details(self, shared_sources: bool = False) -> dict[str, str]:
        """Every record's details (HTML), by record id. With `shared_sources`, each source is an empty
        `<li data-source="id">` to fill from `source_items` (kept once, not once per record)."""
        data = self.data
        return details_by_record(self.records, data.figures, data.sources, self.view.lang, data.events,
                                 shared_sources, self.corrections_log, self.listed)

    def source_items(self) -> dict[str, str]:
        """Each source as the details list it (inner HTML of its item), by source id."""
        return sources_html(self.data.sources, self.view.lang)
