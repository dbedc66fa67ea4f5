"""What is known on a given date: contingent status, visible records, figures; country filtering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2022, 1, 31)
DAYS: tuple[dt.date, ...] = tuple(
    FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1))
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


def contingent_statuses(records: pd.DataFrame, as_of: dt.date) -> dict[str, str]:
    """Each contingent's (country code's) status on `as_of`, from the contingent records."""
    contingents = records[records["layer"] == "contingent"]
    return {
        row.contingent: contingent_status(row.deployed, row.withdrawal_start, row.withdrawn, as_of)
        for row in contingents.itertuples(index=False)
    }


def in_countries(records: pd.DataFrame, countries: Iterable[str]) -> pd.Series:
    """Records that lie in, or concern the contingent of, one of `countries`."""
    chosen = set(countries)
    return records["country"].isin(chosen) | records["contingent"].isin(chosen)


def known_by(records: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Records whose story has begun by `as_of` (no start date counts as always known)."""
    starts = records["start"]
    missing = starts.isna()
    return missing | (starts.where(~missing, dt.date.max) <= as_of)


def visible(records: pd.DataFrame, countries: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """The records the map and tables show for this country selection and date, with status."""
    shown = records[in_countries(records, countries) & known_by(records, as_of)].copy()
    shown["status"] = shown["contingent"].map(contingent_statuses(records, as_of))
    return shown


def figures_known(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records that had been reported by `as_of`, oldest first."""
    known = _at_records(figures, record_ids, figures["date"].map(lambda d: d <= as_of))
    return known.sort_values(["record", "metric", "date"])


def figures_after(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records first reported after `as_of` (shown apart, as later reports)."""
    later = _at_records(figures, record_ids, figures["date"].map(lambda d: d > as_of))
    return later.sort_values(["record", "metric", "date"])


def events_by(events: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Events at these records that had happened by `as_of`, in time order (as loaded)."""
    return _at_records(events, record_ids, events["date"].map(lambda d: d <= as_of))


def _at_records(rows: pd.DataFrame, record_ids: Iterable[str], when: pd.Series) -> pd.DataFrame:
    """The rows (figures, events) that belong to one of these records and meet `when`."""
    # Membership through a Python set: Series.isin with tens of thousands of ids is far slower on
    # pandas' Arrow-backed strings, and there are few figures but many records.
    ids = set(record_ids)
    mask = rows["record"].map(ids.__contains__).astype(bool) & when.astype(bool)
    return rows[mask]
