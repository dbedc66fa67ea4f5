"""The text alternative of a view: one paragraph that says what the map shows, for screen readers, the
edition and every reader who cannot see the map."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.i18n import N_
from dashboard.memo import per_object
from dashboard.scene.panels import contingent_records, troops_known
from dashboard.view.arrays import date_order, row_of
from dashboard.view.rows import Rows
from dashboard.view.timeline import counting, totals
from dashboard.view.wording import amount_text, cited_as, citer

if TYPE_CHECKING:
    from dashboard.scene.scene import Scene


def text_alternative(scene: Scene, keep: np.ndarray | None = None) -> str:
    """E.g. "As of 13 January 2022. The CSTO force numbered 2,030 troops officially (…). 5 contingents
    shown: 4 deployed, 1 withdrawing. Unrest at 14 places; most deaths reported in Almaty (139)."

    With `keep` (a boolean array over `scene.rows`), the text of those rows only: what the scene of a
    choice of some of its countries says (`scene.choices`)."""
    view, selection = scene.view, scene.selection
    rows = scene.rows if keep is None else scene.rows.where(keep)
    tr = scene.tr
    data_sources = scene.data.sources
    parts = [tr("As of {date}.", date=tr.date(view.date))]
    if not len(rows):
        return " ".join([*parts, tr("No location record for this selection by this date.")])
    # Only the rows the text names are read: no frame of every shown record.
    contingents = scene.units if keep is None else rows.where(rows.isin("layer", ["contingent"]))
    if len(contingents):
        if force := troop_figure(scene):
            parts.append(force)
        counts = pd.Series(contingents.values("status"), dtype=object).value_counts()
        states = [tr(message, count=tr.number(int(counts[key]))) for key, message in STATES if key in counts]
        parts.append(tr.plural("{count} contingent shown: {states}.", "{count} contingents shown: {states}.",
                               len(contingents), states=", ".join(states)))
    host = rows.at[rows.isin("layer", ["host"])]
    nationwide = counting(selection.figures_of(["deaths"], host)).sort_values("date")
    if len(nationwide):  # every figure known, side by side: sources disagree
        cite = citer(data_sources, view.lang, nationwide["sources"])
        given = [f"{amount_text(q, int(v), view.lang)} ({cite(s)})"
                 for q, v, s in zip(nationwide["qualifier"], nationwide["value"], nationwide["sources"],
                                    strict=True)]
        parts.append(tr("Deaths reported nationwide: {figures}.", figures=" / ".join(given)))
    unrest = rows.where(rows.isin("layer", ["unrest"]))
    if len(unrest):
        figures = scene.data.figures  # the deaths' columns the sentence reads, of their rows only
        deaths = counting(Rows(figures, selection.figure_rows_of(["deaths"], unrest.at)).frame(
            ["record", "date", "value", "qualifier", "status"]))
        if len(deaths):
            worst = deaths.iloc[latest_largest(deaths)]
            place = rows.table["name"].to_numpy()[row_of(rows.table, [worst["record"]])[0]]
            parts.append(tr.plural(
                "Unrest at {count} place; most deaths reported in {place} ({figure}).",
                "Unrest at {count} places; most deaths reported in {place} ({figure}).", len(unrest),
                place=place,
                figure=amount_text(worst["qualifier"], int(worst["value"]), view.lang)))
        else:
            parts.append(tr.plural("Unrest at {count} place.", "Unrest at {count} places.", len(unrest)))
    return " ".join(parts)


def latest_largest(figures: pd.DataFrame) -> int:
    """Of each record's latest figure (by `date`), the position in `figures` of the largest (the first of
    equal ones, in date order): what `sort_values("date").groupby("record").tail(1)` and `idxmax` of its
    values pick, on arrays."""
    order = date_order(figures["date"].to_numpy(dtype=object))
    codes = pd.factorize(figures["record"].to_numpy(dtype=object)[order])[0]
    _, last = np.unique(codes[::-1], return_index=True)
    latest = np.sort(len(codes) - 1 - last)  # each record's last place in date order, in that order
    latest = latest[codes[latest] >= 0]  # no figure without a record (groupby leaves them out)
    return int(order[latest[np.argmax(figures["value"].to_numpy()[order][latest])]])


def troop_figure(scene: Scene) -> str | None:
    """The official size of the CSTO force by the view's date, with its source: "The CSTO force numbered
    2,030 troops officially (…)."; None before an official figure is known."""
    view, data = scene.view, scene.data
    tr = scene.tr
    by_day = _force_by_day(data.records, data.figures)
    if view.date not in by_day:
        whole = totals(contingent_records(data.records), troops_known(data.figures, view.date))
        official = whole[whole["qualifier"] == "exact"]
        by_day[view.date] = None if official.empty else official.iloc[-1]
    total = by_day[view.date]
    if total is None:
        return None
    return tr("The CSTO force numbered {total} troops officially ({source}).",
              total=tr.number(int(total["value"])),
              source=cited_as(total["sources"], data.sources, view.lang))


@per_object
def _force_by_day(records: pd.DataFrame, figures: pd.DataFrame) -> dict[dt.date, pd.Series | None]:
    """The official figure for the whole force known by each day asked for (None: none yet): the same
    for every view of that day, so found once."""
    return {}


# The contingents' states, in the order the text names them.
STATES = (
    ("not_deployed", N_("{count} not yet deployed")),
    ("deployed", N_("{count} deployed")),
    ("withdrawing", N_("{count} withdrawing")),
    ("withdrawn", N_("{count} withdrawn")),
)
