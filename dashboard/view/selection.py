"""What a view shows: the records for its countries and date, the figures known and the events that had
happened by then, and the sources they cite.

The map page, the tables and every export start from one `Selection`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.memo import per_object
from dashboard.view import status
from dashboard.view.arrays import columns, day_number, row_of, rows_at
from dashboard.view.decisions import decision_days, undecided


@dataclass
class Selection:
    """The records a view shows, the figures known and the events up to its date, and the sources they
    cite."""

    records: pd.DataFrame
    figures: pd.DataFrame
    sources: pd.DataFrame
    countries: tuple[str, ...]
    as_of: dt.date
    events: pd.DataFrame
    cited_by: np.ndarray  # per row of `sources`: how often the shown records and known figures cite it


def select(data: Dataset, countries: Iterable[str], as_of: dt.date) -> Selection:
    """What the map and tables show for these countries on this date."""
    countries = tuple(countries)
    day = day_number(as_of)
    chosen = (status.in_countries(data.records, countries) & status.known_by(data.records, as_of)).to_numpy()
    # A day shows what was known that day: no contingent or base of a state that had not yet decided.
    chosen = chosen & ~undecided(data.records, decision_days(data.records, data.events), as_of)
    known = rows_at(data.records, data.figures, chosen) & (columns(data.figures).days("date") <= day)
    happened = rows_at(data.records, data.events, chosen) & (columns(data.events).days("date") <= day)
    cited = np.zeros(len(data.sources), dtype=bool)
    drawn = np.zeros(len(data.sources), dtype=np.int64)
    for table, rows in ((data.records, chosen), (data.figures, known), (data.events, happened)):
        at, source = citations(data.sources, table)
        hits = source[rows[at] & (source >= 0)]
        cited[hits] = True
        if table is not data.events:
            drawn += np.bincount(hits, minlength=len(drawn))
    records = status.with_status(data.records[chosen], data.records, as_of)
    figures = status.in_figure_order(data.figures[known])
    return Selection(records, figures, data.sources[cited], countries, as_of, data.events[happened],
                     drawn[cited])


@per_object
def citations(sources: pd.DataFrame, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every citation in `table`'s `sources` lists, as two arrays: the citing row's position in `table`
    and the cited source's position in `sources` (-1: not among them)."""
    cells = table["sources"].reset_index(drop=True)
    listed = cells.map(lambda ids: ids if isinstance(ids, list | tuple) else ()).explode()
    listed = listed[listed.notna()]
    return listed.index.to_numpy(dtype=np.int64), row_of(sources, listed)


def cited_ids(*source_lists: Iterable[list[str]]) -> list[str]:
    """Source ids cited by the given rows' `sources` lists, in order of first citation, each once."""
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(source_lists))))
