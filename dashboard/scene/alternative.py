"""The text alternative of a view: one paragraph that says what the map shows, for screen readers, the
edition and every reader who cannot see the map."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.i18n import N_
from dashboard.memo import per_object
from dashboard.scene.panels import contingent_records, troops_known
from dashboard.view.arrays import date_order, record_rows, row_of
from dashboard.view.timeline import counting, totals
from dashboard.view.wording import amount_text, cited_as, citer

if TYPE_CHECKING:
    from dashboard.scene.scene import Scene


def text_alternative(scene: Scene, keep: np.ndarray | None = None) -> str:
    """E.g. "As of 13 January 2022. The CSTO force numbered 2,030 troops officially (…). 5 contingents
    shown: 4 deployed, 1 withdrawing. Unrest at 14 places; most deaths reported in Almaty (139)."

    With `keep` (a boolean array over `scene.rows`), the text of those rows only: what the scene of a
    choice of some of its countries says (`scene.choices`). What every choice reads (which rows are of a
    layer, the unrest places' counted deaths, the nationwide sentence) is made once per scene
    (`_ScenePieces`), each choice then taking its part of it."""
    view = scene.view
    every = scene.rows
    rows = every if keep is None else every.where(keep)
    tr = scene.tr
    parts = [tr("As of {date}.", date=tr.date(view.date))]
    if not len(rows):
        return " ".join([*parts, tr("No location record for this selection by this date.")])
    pieces = _pieces(scene)

    def of_layer(layer: str) -> np.ndarray:
        mask = pieces.layer(layer)
        return mask if keep is None else mask[keep]

    # Only the rows the text names are read: no frame of every shown record.
    contingents = scene.units if keep is None else rows.where(of_layer("contingent"))
    if len(contingents):
        if force := troop_figure(scene):
            parts.append(force)
        counts = Counter(contingents.values("status"))
        states = [tr(message, count=tr.number(counts[key])) for key, message in STATES if key in counts]
        parts.append(tr.plural("{count} contingent shown: {states}.", "{count} contingents shown: {states}.",
                               len(contingents), states=", ".join(states)))
    if nationwide := pieces.nationwide(scene, rows.at[of_layer("host")]):
        parts.append(nationwide)
    unrest = rows.at[of_layer("unrest")]
    if len(unrest):
        worst = pieces.worst(unrest)
        if worst is not None:
            record, qualifier, value = worst
            place = rows.table["name"].to_numpy()[row_of(rows.table, [record])[0]]
            parts.append(tr.plural(
                "Unrest at {count} place; most deaths reported in {place} ({figure}).",
                "Unrest at {count} places; most deaths reported in {place} ({figure}).", len(unrest),
                place=place, figure=amount_text(qualifier, value, view.lang)))
        else:
            parts.append(tr.plural("Unrest at {count} place.", "Unrest at {count} places.", len(unrest)))
    return " ".join(parts)


class _ScenePieces:
    """What the text alternative of every choice of a scene's countries reads, made once for the scene:
    which rows are of each layer the text names, the counted deaths of every unrest place shown (as
    arrays), and the nationwide sentence of each set of host rows asked for. It holds no reference to
    the scene (`_pieces` keeps it for as long as the scene lives)."""

    def __init__(self, scene: Scene) -> None:
        self._layers = {layer: scene.rows.isin("layer", [layer]) for layer in TEXT_LAYERS}
        self._nationwide: dict[bytes, str | None] = {}
        selection, figures = scene.selection, scene.data.figures
        # The unrest places' known deaths figures, in figure order, those that count (`counting`).
        known = selection.figure_rows_of(["deaths"], scene.rows.at[self._layers["unrest"]])
        read = {"at": known, **({"status": figures["status"].to_numpy()[known]}
                                if "status" in figures.columns else {})}
        known = counting(pd.DataFrame(read))["at"].to_numpy()
        self._record_of = record_rows(scene.data.records, figures)[known]  # each one's record's row
        self._dates = figures["date"].to_numpy(dtype=object)[known]
        self._records = figures["record"].to_numpy(dtype=object)[known]
        self._values = figures["value"].to_numpy()[known]
        self._qualifiers = figures["qualifier"].to_numpy(dtype=object)[known]
        self._count = len(scene.data.records)

    def layer(self, layer: str) -> np.ndarray:
        """Which of the scene's rows are of `layer` (a boolean array over `scene.rows`)."""
        return self._layers[layer]

    def nationwide(self, scene: Scene, host: np.ndarray) -> str | None:
        """'Deaths reported nationwide: …', of the host records at `host` (rows of the dataset's records),
        every figure known side by side (sources disagree); None when none is known."""
        key = host.tobytes()
        if key not in self._nationwide:
            self._nationwide[key] = _nationwide(scene, host)
        return self._nationwide[key]

    def worst(self, unrest: np.ndarray) -> tuple[object, str, int] | None:
        """Of the unrest records at `unrest` (rows of the dataset's records), the counted deaths figure
        the text names (`latest_largest`): its record, qualifier and value; None when none is known."""
        at = np.zeros(self._count + 1, dtype=bool)  # the last, False: a figure of no record
        at[unrest] = True
        mine = np.flatnonzero(at[self._record_of])
        if not len(mine):
            return None
        pick = mine[_latest_largest(self._dates[mine], self._records[mine], self._values[mine])]
        return self._records[pick], self._qualifiers[pick], int(self._values[pick])


@per_object
def _pieces(scene: Scene) -> _ScenePieces:
    """The scene's `_ScenePieces`, made on first use and kept for as long as the scene lives."""
    return _ScenePieces(scene)


def _nationwide(scene: Scene, host: np.ndarray) -> str | None:
    """`_ScenePieces.nationwide`, made."""
    view, tr = scene.view, scene.tr
    nationwide = counting(scene.selection.figures_of(["deaths"], host)).sort_values("date")
    if not len(nationwide):
        return None
    cite = citer(scene.data.sources, view.lang, nationwide["sources"])
    given = [f"{amount_text(q, int(v), view.lang)} ({cite(s)})" for q, v, s in
             zip(nationwide["qualifier"], nationwide["value"], nationwide["sources"], strict=True)]
    return tr("Deaths reported nationwide: {figures}.", figures=" / ".join(given))


def latest_largest(figures: pd.DataFrame) -> int:
    """Of each record's latest figure (by `date`), the position in `figures` of the largest (the first of
    equal ones, in date order): what `sort_values("date").groupby("record").tail(1)` and `idxmax` of its
    values pick, on arrays."""
    return _latest_largest(figures["date"].to_numpy(dtype=object), figures["record"].to_numpy(dtype=object),
                           figures["value"].to_numpy())


def _latest_largest(dates: np.ndarray, records: np.ndarray, values: np.ndarray) -> int:
    """`latest_largest` of the figures whose columns these are."""
    order = date_order(dates)
    codes = pd.factorize(records[order])[0]
    _, last = np.unique(codes[::-1], return_index=True)
    latest = np.sort(len(codes) - 1 - last)  # each record's last place in date order, in that order
    latest = latest[codes[latest] >= 0]  # no figure without a record (groupby leaves them out)
    return int(order[latest[np.argmax(values[order][latest])]])


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


# The layers whose rows the text counts or names.
TEXT_LAYERS = ("contingent", "host", "unrest")
# The contingents' states, in the order the text names them.
STATES = (
    ("not_deployed", N_("{count} not yet deployed")),
    ("deployed", N_("{count} deployed")),
    ("withdrawing", N_("{count} withdrawing")),
    ("withdrawn", N_("{count} withdrawn")),
)
