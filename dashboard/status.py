"""What is known on a given date: contingent status, visible records, figures; country filtering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2022, 1, 31)
REPORT_DAY = dt.date(2022, 1, 13)


def contingent_status(deployed: object, withdrawal_start: object, withdrawn: object,
                      as_of: dt.date) -> str:
    """Status of a contingent on `as_of` from its three dates (missing dates mean "not yet")."""
    if _on_or_before(withdrawn, as_of):
        return "withdrawn"
    if _on_or_before(withdrawal_start, as_of):
        return "withdrawing"
    if _on_or_before(deployed, as_of):
        return "deployed"
    return "not_deployed"


def _on_or_before(day: object, as_of: dt.date) -> bool:
    return isinstance(day, dt.date) and day <= as_of


def with_status(records: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Add `status`: each record with a contingent gets its contingent's status on `as_of`."""
    contingents = records[records["layer"] == "contingent"].set_index("contingent")
    status = {
        code: contingent_status(row.deployed, row.withdrawal_start, row.withdrawn, as_of)
        for code, row in contingents.iterrows()
    }
    out = records.copy()
    out["status"] = records["contingent"].map(status)
    return out


def in_countries(records: pd.DataFrame, countries: Iterable[str]) -> pd.Series:
    """Records that lie in, or concern the contingent of, one of `countries`."""
    chosen = set(countries)
    return records["country"].isin(chosen) | records["contingent"].isin(chosen)


def known_by(records: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Records whose story has begun by `as_of` (no start date counts as always known)."""
    starts = records["start"]
    return starts.isna() | starts.map(lambda d: isinstance(d, dt.date) and d <= as_of)


def visible(records: pd.DataFrame, countries: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """The records the map and tables show for this country selection and date, with status."""
    shown = records[in_countries(records, countries) & known_by(records, as_of)]
    return with_status(records, as_of).loc[shown.index]


def figures_known(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records that had been reported by `as_of`, oldest first."""
    return _figures_for(figures, record_ids, figures["date"].map(lambda d: d <= as_of))


def figures_after(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records first reported after `as_of` (shown apart, as later reports)."""
    return _figures_for(figures, record_ids, figures["date"].map(lambda d: d > as_of))


def _figures_for(figures: pd.DataFrame, record_ids: Iterable[str], when: pd.Series) -> pd.DataFrame:
    mask = figures["record"].isin(set(record_ids)) & when
    return figures[mask].sort_values(["record", "metric", "date"])
