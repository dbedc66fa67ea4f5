"""Which of Kazakhstan's regions lived under a state of emergency, or the red terror-threat level, on a
day: the rows of `regions.csv` in force then (`Dataset.regions`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.data.countries import HOST
from dashboard.memo import per_object
from dashboard.vocabulary import REGION_STATUSES


def in_force(regions: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The rows of `regions` whose status held on `day`: from its first day to its last (inclusive; a
    row without a last day holds from its first on), in the vocabulary's order of statuses, then by
    region."""
    if regions.empty:
        return regions
    ends = regions["to"].map(lambda d: d if isinstance(d, dt.date) else dt.date.max)
    held = (regions["from"].map(lambda d: d <= day) & ends.map(lambda d: day <= d)).astype(bool)
    order = {status: i for i, status in enumerate(REGION_STATUSES)}
    chosen = regions[held.to_numpy()]
    return chosen.assign(_order=chosen["status"].map(order)).sort_values(
        ["_order", "region"], kind="stable").drop(columns="_order")


def in_view(regions: pd.DataFrame, countries: tuple[str, ...], day: dt.date) -> pd.DataFrame:
    """The rows of `regions` a view shows: those in force on `day` (`in_force`), when the view's countries
    include the host, whose regions they are; none otherwise."""
    return in_force(regions, day) if HOST in countries else regions.iloc[0:0]


@per_object
def host_record(records: pd.DataFrame) -> str | None:
    """The id of the host state's record, which the regions' areas belong to (None: the data has none)."""
    hosts = records.loc[records["layer"] == "host", "id"]
    return str(hosts.iloc[0]) if len(hosts) else None


def regions_under(regions: pd.DataFrame, day: dt.date, status: str) -> frozenset[str]:
    """The region codes under `status` on `day`."""
    rows = in_force(regions, day)
    return frozenset(rows.loc[rows["status"] == status, "region"]) if not rows.empty else frozenset()
