"""What is known on a given date: contingent status, visible records, figures; country filtering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.memo import per_object
from dashboard.view.arrays import columns, day_number

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2022, 1, 31)
DAYS: tuple[dt.date, ...] = tuple(
    FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1))
REPORT_DAY = dt.date(2022, 1, 13)
# The view of the final figures: every figure whatever its date, the latest of each record and metric,
# and every event; a link writes it `date=final` (`dashboard.view.grammar`), the page "today (final
# figures)" (`Translator.date`).
FINAL_DAY = dt.date.max
FINAL = "final"
STOPS: tuple[dt.date, ...] = (*DAYS, FINAL_DAY)  # what a reader can choose: the days, then the final figures


def day_value(day: dt.date) -> str:
    """A view's date as a link writes it: the ISO date, or `final`."""
    return FINAL if day == FINAL_DAY else day.isoformat()


def from_value(value: str) -> dt.date:
    """The view's date a link's canonical value names (see `day_value`)."""
    return FINAL_DAY if value == FINAL else dt.date.fromisoformat(value)


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
    contingents = _contingents(records)
    return {
        row.contingent: contingent_status(row.deployed, row.withdrawal_start, row.withdrawn, as_of)
        for row in contingents.itertuples(index=False)
    }


@per_object
def _contingents(records: pd.DataFrame) -> pd.DataFrame:
    """The contingent records among `records` (one per contributing state), picked once per table."""
    return records[columns(records).isin("layer", ["contingent"])]


def in_countries(records: pd.DataFrame, countries: Iterable[str]) -> pd.Series:
    """Records that lie in, or concern the contingent of, one of `countries`."""
    chosen = list(countries)
    table = columns(records)
    return pd.Series(table.isin("country", chosen) | table.isin("contingent", chosen), index=records.index)


def known_by(records: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Records whose story has begun by `as_of` (no start date counts as always known)."""
    return pd.Series(columns(records).days("start") <= day_number(as_of), index=records.index)


def visible(records: pd.DataFrame, countries: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """The records the map and tables show for this country selection and date, with status."""
    return with_status(records[in_countries(records, countries) & known_by(records, as_of)], records, as_of)


def with_status(shown: pd.DataFrame, records: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """`shown` (some of `records`) with each contingent's status on `as_of` (`status`)."""
    return shown.assign(status=shown["contingent"].map(contingent_statuses(records, as_of)))


def figures_known(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records that had been reported by `as_of`, oldest first."""
    known = _at_records(figures, record_ids, columns(figures).days("date") <= day_number(as_of))
    return in_figure_order(known)


def figures_after(figures: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Figures for these records first reported after `as_of` (shown apart, as later reports)."""
    later = _at_records(figures, record_ids, columns(figures).days("date") > day_number(as_of))
    return in_figure_order(later)


def in_figure_order(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures by record, metric and date (a stable sort: ties keep their order in the file)."""
    return figures.sort_values(["record", "metric", "date"], kind="stable")


def events_by(events: pd.DataFrame, record_ids: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Events at these records that had happened by `as_of`, in time order (as loaded)."""
    return _at_records(events, record_ids, columns(events).days("date") <= day_number(as_of))


def _at_records(rows: pd.DataFrame, record_ids: Iterable[str], when: np.ndarray) -> pd.DataFrame:
    """The rows (figures, events) that belong to one of these records and meet `when`."""
    ids = pd.Index(pd.unique(pd.Series(list(record_ids) if not isinstance(record_ids, pd.Series)
                                       else record_ids, dtype=object)))
    mask = when & (ids.get_indexer(rows["record"].astype(object)) >= 0)
    return rows[mask]
