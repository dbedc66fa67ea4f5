"""What a view shows: the records for its countries and date, the figures known and the events that had
happened by then, and the sources they cite.

The map page, the tables and every export start from one `Selection`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.view import status


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


def select(data: Dataset, countries: Iterable[str], as_of: dt.date) -> Selection:
    """What the map and tables show for these countries on this date."""
    countries = tuple(countries)
    records = status.visible(data.records, countries, as_of)
    figures = status.figures_known(data.figures, records["id"], as_of)
    events = status.events_by(data.events, records["id"], as_of)
    cited = cited_ids(records["sources"], figures["sources"], events["sources"])
    sources = data.sources[data.sources["id"].isin(cited)]
    return Selection(records, figures, sources, countries, as_of, events)


def cited_ids(*source_lists: Iterable[list[str]]) -> list[str]:
    """Source ids cited by the given rows' `sources` lists, in order of first citation, each once."""
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(source_lists))))
