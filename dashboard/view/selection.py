"""What a view shows: the records for its countries and date, the figures known and the events that had
happened by then, and the sources they cite.

The map page, the tables and every export start from one `Selection`, so they always agree. A selection
holds row numbers into the dataset's tables, not copies of their rows: a view of a hundred thousand
records is a handful of integer arrays. The frames of the selected rows (`records`, `figures`, `events`,
`sources`) are made on first use only, for the readers that want whole rows (the exports, the tables).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from dashboard.geo.cited import found, narrowed
from dashboard.geo.dataset import Dataset
from dashboard.memo import lazy, per_object
from dashboard.view import status
from dashboard.view.arrays import columns, day_number, record_rows, row_of, rows_at
from dashboard.view.decisions import decision_days, undecided

PROBE = 32  # citations of each group looked at first, in `Selection.cited_by_group`


@dataclass(eq=False)
class Selection:
    """The records a view shows, the figures known and the events up to its date, and the sources they
    cite, as positions in the dataset's tables (`*_rows`); each as a frame on first use."""

    data: Dataset = field(repr=False)
    countries: tuple[str, ...]
    as_of: dt.date
    record_rows: np.ndarray  # positions in data.records, in the table's order
    figure_rows: np.ndarray  # positions in data.figures, by record, metric and date (`in_figure_order`)
    event_rows: np.ndarray  # positions in data.events, in the table's order (time order, as loaded)
    statuses: np.ndarray  # per record row: its contingent's status on the date (None: no contingent)
    # The same rows of the records, figures and events as a boolean array over each table.
    masks: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)

    @lazy
    def source_rows(self) -> np.ndarray:
        """The sources the shown records, their known figures and their events cite, as positions in
        data.sources, in the table's order (found on first use: the map's source line needs only their
        publishers, `cited_by_group`)."""
        return self._cited[0]

    @lazy
    def cited_by(self) -> np.ndarray:
        """Per source row (`source_rows`): how often the shown records and known figures cite it."""
        return self._cited[1]

    @lazy
    def _cited(self) -> tuple[np.ndarray, np.ndarray]:
        data = self.data
        records, figures, events = self.masks
        hits = [source[rows[at]] for (at, source), rows in ((citations(data.sources, data.records), records),
                                                             (citations(data.sources, data.figures),
                                                              figures))]
        drawn = np.bincount(np.concatenate(hits), minlength=len(data.sources))  # the records' and figures'
        cited = drawn > 0
        at, source = citations(data.sources, data.events)
        cited[source[events[at]]] = True
        return np.flatnonzero(cited), drawn[cited]

    def cited_by_group(self, codes: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
        """The view's citations by group of sources (`codes`: each source row's group, 0 to `groups` - 1,
        such as its publisher; kept unchanged for the table's life): how often the shown records and
        known figures cite each group's sources (`cited_by` summed by group), and each group's first
        source row the view cites, its events' too (len(data.sources) where none: its first in
        `source_rows`). Without making `source_rows`: the counts over the citations in their order, the
        first from each table's citations in order of group and source (`grouped_citations`), where
        the first few of each group are looked at before the rest."""
        data = self.data
        count = np.zeros(groups, dtype=np.int64)
        first = np.full(groups, len(data.sources), dtype=np.int64)
        for table, shown, counted in zip((data.records, data.figures, data.events), self.masks,
                                         (True, True, False), strict=True):
            at, source, starts, group = grouped_citations(data.sources, table, codes)
            if counted:
                count += np.bincount(group[shown[citations(data.sources, table)[0]]], minlength=groups)
            present = np.flatnonzero(starts[1:] > starts[:-1])  # the groups with a citation
            begin, end = starts[present], starts[present + 1]
            probe = np.minimum(begin[:, None] + np.arange(PROBE), end[:, None] - 1)  # each group's first few
            hit = shown[at[probe]]
            k = hit.argmax(axis=1)
            found = hit[np.arange(len(present)), k]
            for g, lo, hi, kk, ok in zip(present.tolist(), begin.tolist(), end.tolist(), k.tolist(),
                                         found.tolist(), strict=True):
                if not ok and hi - lo > PROBE:  # none of the first few: the rest of the group
                    part = shown[at[lo + PROBE:hi]]
                    kk, ok = int(part.argmax()) + PROBE, bool(part.any())
                if ok:  # sources in order within the group: the first cited is its lowest row
                    first[g] = min(first[g], int(source[lo + kk]))
        return count, first

    @lazy
    def records(self) -> pd.DataFrame:
        """The records shown, with each contingent's status on the date (`status`)."""
        return status.with_status(self.data.records.iloc[self.record_rows], self.data.records, self.as_of)

    @lazy
    def figures(self) -> pd.DataFrame:
        """The figures of the records shown known by the date, by record, metric and date."""
        return self.data.figures.iloc[self.figure_rows]

    @lazy
    def events(self) -> pd.DataFrame:
        """The events at the records shown that had happened by the date, in time order."""
        return self.data.events.iloc[self.event_rows]

    @lazy
    def sources(self) -> pd.DataFrame:
        """The sources the records shown, their known figures and their events cite."""
        return self.data.sources.iloc[self.source_rows]

    def among(self, keep: np.ndarray, countries: tuple[str, ...]) -> Selection:
        """The selection of only the records at `keep` (a boolean array over `record_rows`), as `select`
        gives it for `countries` when those are its records (a choice of some of its countries: the
        records in, or concerning the contingent of, one of them): their figures, events and sources."""
        chosen = np.zeros(len(self.data.records), dtype=bool)
        chosen[self.record_rows[keep]] = True
        return _selected(self.data, countries, self.as_of, chosen)

    def figures_of(self, metrics: Iterable[str], records: np.ndarray | None = None) -> pd.DataFrame:
        """The known figures of these metrics, of the records at the positions `records` in the dataset's
        records when given (else of every record shown), in figure order: only their rows copied."""
        return self.data.figures.iloc[self.figure_rows_of(metrics, records)]

    def figure_rows_of(self, metrics: Iterable[str], records: np.ndarray | None = None) -> np.ndarray:
        """The positions in the dataset's figures of `figures_of`'s rows, in figure order: the known
        figures of these metrics (a mask per table and metrics), then those of `records`, read for
        those rows only."""
        figures = self.data.figures
        rows = self.figure_rows[metric_rows(figures, tuple(metrics))[self.figure_rows]]
        if records is not None:
            at = np.zeros(len(self.data.records) + 1, dtype=bool)  # the last, False: a figure of no record
            at[records] = True
            rows = rows[at[record_rows(self.data.records, figures)[rows]]]
        return rows

    def nbytes(self) -> int:
        """The bytes its frames hold or would hold (a pointer a cell, as `memory_usage(deep=False)`)."""
        data = self.data
        tables = ((data.records, len(self.record_rows)), (data.figures, len(self.figure_rows)),
                  (data.events, len(self.event_rows)), (data.sources, self._sources_count()))
        masks = sum(mask.nbytes for mask in self.masks)
        return sum(count * 8 * (len(table.columns) + 1) for table, count in tables) + masks

    def _sources_count(self) -> int:
        """How many sources the view cites: `source_rows`' length once made; before, the sources'
        share of the records shown (as many as there are when every record is shown)."""
        if "source_rows" in self.__dict__:
            return len(self.source_rows)
        records = len(self.data.records)
        return len(self.data.sources) * len(self.record_rows) // records if records else 0


def select(data: Dataset, countries: Iterable[str], as_of: dt.date) -> Selection:
    """What the map and tables show for these countries on this date."""
    countries = tuple(countries)
    chosen = (status.in_countries(data.records, countries) & status.known_by(data.records, as_of)).to_numpy()
    # A day shows what was known that day: no contingent or base of a state that had not yet decided.
    chosen = chosen & ~undecided(data.records, decision_days(data.records, data.events), as_of)
    return _selected(data, countries, as_of, chosen)


def _selected(data: Dataset, countries: tuple[str, ...], as_of: dt.date, chosen: np.ndarray) -> Selection:
    """The selection of the records where `chosen` (a boolean array over `data.records`) is true: their
    figures known and events happened by `as_of` (and the sources all of them cite, found on first
    use)."""
    day = day_number(as_of)
    known = rows_at(data.records, data.figures, chosen) & (columns(data.figures).days("date") <= day)
    happened = rows_at(data.records, data.events, chosen) & (columns(data.events).days("date") <= day)
    order = figure_order(data.figures)
    records = np.flatnonzero(chosen)
    return Selection(data, countries, as_of, records, order[known[order]], np.flatnonzero(happened),
                     statuses_at(data.records, records, as_of), (chosen, known, happened))


def statuses_at(records: pd.DataFrame, rows: np.ndarray, as_of: dt.date) -> np.ndarray:
    """The status on `as_of` of the contingent of each record at `rows` (None: it concerns none), from
    each contingent's code, not row by row."""
    codes, uniques = columns(records).codes("contingent")
    by_day = _statuses_by_day(records)
    if as_of not in by_day:
        statuses = status.contingent_statuses(records, as_of)
        by_day[as_of] = np.array([statuses.get(code) for code in uniques] + [None], dtype=object)
    return by_day[as_of][codes[rows]]  # a missing code (-1) takes the last: None


@per_object
def _statuses_by_day(records: pd.DataFrame) -> dict[dt.date, np.ndarray]:
    """Each day's status of each contingent code (`columns(records).codes`), filled as days are asked
    for: a few dozen days, a handful of contingents."""
    return {}


def metric_rows(figures: pd.DataFrame, metrics: tuple[str, ...]) -> np.ndarray:
    """Which of `figures` are of one of `metrics`, as a boolean array: found once per table and metrics
    (a view asks for the troops, the deaths and the tolls; not to be changed)."""
    kept = _metric_rows(figures)
    if metrics not in kept:
        kept[metrics] = columns(figures).isin("metric", metrics)
    return kept[metrics]


@per_object
def _metric_rows(figures: pd.DataFrame) -> dict[tuple[str, ...], np.ndarray]:
    """The masks `metric_rows` found for this table, by metrics."""
    return {}


@per_object
def grouped_citations(sources: pd.DataFrame, table: pd.DataFrame,
                      codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`table`'s citations of `sources` (`citations`) in order of the cited source's group (`codes`, one
    per source row, from 0) and then its row: the citing rows, the cited sources, and where each group
    starts (group g is `starts[g]` to `starts[g + 1]`); then each citation's group in the citations' own
    order. Found once per table and grouping."""
    at, source = citations(sources, table)
    group = codes[source].astype(np.int32)
    order = np.argsort(group.astype(np.int64) * max(len(sources), 1) + source)  # equal keys: one source
    groups = int(codes.max()) + 1 if len(codes) else 0
    return at[order], source[order], np.searchsorted(group[order], np.arange(groups + 1)), group


@per_object
def figure_order(figures: pd.DataFrame) -> np.ndarray:
    """The positions of `figures` by record, metric and date (`status.in_figure_order`), sorted once:
    the known figures of any view are this order's rows that it keeps."""
    return status.in_figure_order(figures.reset_index(drop=True)).index.to_numpy(dtype=np.int64)


@per_object
def citations(sources: pd.DataFrame, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every citation in `table`'s `sources` lists of a source among `sources`, as two arrays: the citing
    row's position in `table` and the cited source's position in `sources`. Those the load found
    (`geo.cited`) when it made both frames; else each cited id looked up here, once."""
    kept = found(sources, table)
    if kept is not None:
        return kept
    lists = [ids if isinstance(ids, list | tuple) else () for ids in table["sources"].tolist()]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    at = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    source = row_of(sources, list(chain.from_iterable(lists)))
    return narrowed(sources, table, at[source >= 0], source[source >= 0])


def cited_ids(*source_lists: Iterable[list[str]]) -> list[str]:
    """Source ids cited by the given rows' `sources` lists, in order of first citation, each once."""
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(source_lists))))
