"""How the map draws what the vocabulary names: the opening view, status styles, circle sizes, shading.

Colours are the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies. A
contingent's status has two more cues than colour: the flow line's dash pattern, and a filled marker
(troops there) or a ring (not yet, or gone). The legend draws the same styles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from dashboard.data.countries import CONTRIBUTORS, HOST
from dashboard.memo import per_object
from dashboard.view.arrays import columns, record_rows
from dashboard.view.selection import Selection
from dashboard.view.timeline import counting
from dashboard.vocabulary import KIND_COLOURS, LAYERS, NOT_COUNTED

CENTER = (47.0, 62.0)
ZOOM = 4
OTHER_FILL = "#cccccc"
UNKNOWN_KIND = "#999999"
WATER_CLASS = "kz-water"  # the CSS class of the seas' paths
# A point placed only approximately (precision "street", "city" or coarser), not at a sourced spot, is
# drawn hollow (`hollow`).
HOLLOW_WEIGHT, HOLLOW_OPACITY, HOLLOW_SHADE = 3, 0.25, 0.6


@dataclass(frozen=True)
class Scheme:
    """The basemap's colours in one colour scheme: land (every country's outline) and water (the seas).
    A contributing state's fill (`vocabulary.LAYERS["contingent"]`) must never read as water in either
    (tests/test_styles.py checks its hue and colour difference)."""

    land: str
    border: str  # country borders
    water: str
    coast: str  # the seas' edge

    def land_style(self) -> dict[str, object]:
        """Leaflet's path options for the country outlines."""
        return {"color": self.border, "weight": 0.6, "fillColor": self.land, "fillOpacity": 1.0}

    def water_style(self) -> dict[str, object]:
        """Leaflet's path options for the seas (their paths carry the class `WATER_CLASS`)."""
        return {"color": self.coast, "weight": 0.6, "fillColor": self.water, "fillOpacity": 1.0,
                "className": WATER_CLASS}


# Light: the app and the edition today; dark: for a reader whose system asks for it.
SCHEMES: MappingProxyType[str, Scheme] = MappingProxyType({
    "light": Scheme(land="#f4f4f4", border="#777777", water="#9fc8e3", coast="#6f97b3"),
    "dark": Scheme(land="#3b3b3b", border="#8c8c8c", water="#112a45", coast="#2f5377"),
})

STATUS_STYLE: dict[str, dict[str, object]] = {
    "not_deployed": {"color": "#999999", "dash_array": "2 6", "weight": 2, "filled": False},
    "deployed": {"color": "#0072B2", "dash_array": None, "weight": 4, "filled": True},
    "withdrawing": {"color": "#E69F00", "dash_array": "10 6", "weight": 3, "filled": True},
    "withdrawn": {"color": "#56B4E9", "dash_array": "1 5", "weight": 2, "filled": False},
}


# A region under a status on the day (`geodata/regions.csv`): the state of emergency is a vermillion fill
# (its border a darker shade); the red terror-threat level, which followed its own map, is no fill but a
# thick dashed black outline, so that the two read apart by pattern as well as by colour, and both can
# show at once. Black on the dark scheme's land keeps a 2:1 contrast at least through the dash's width.
REGION_STYLE: MappingProxyType[str, dict[str, object]] = MappingProxyType({
    "emergency": {"fill": "#D55E00", "fill_opacity": 0.4, "stroke": "#7f3800", "weight": 1.0, "dash": None},
    "red_alert": {"fill": "#000000", "fill_opacity": 0.0, "stroke": "#000000", "weight": 3.0, "dash": "7 5"},
})


def base_marker(status: object) -> tuple[str, float, str]:
    """Stroke colour, stroke width and fill of a base's marker: filled while troops are there, a ring
    before and after."""
    style = STATUS_STYLE[status if isinstance(status, str) else "not_deployed"]
    return ("#000000", 1.5, str(style["color"])) if style["filled"] else (str(style["color"]), 3, "#ffffff")


def hollow(colour: str) -> tuple[str, float, str, float]:
    """Stroke colour, stroke width, fill and fill opacity of a mark placed only approximately, not at a
    sourced point: hollow, a thick outline in a darker shade of its colour (so that a yellow one shows on the
    yellow host state) around a faint inside of it."""
    rgb = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * HOLLOW_SHADE):02x}" for c in rgb), HOLLOW_WEIGHT, colour, HOLLOW_OPACITY


def kind_colour(kind: object) -> str:
    """The fill of a circle: its kind's colour, grey for a kind with none."""
    return KIND_COLOURS.get(kind, UNKNOWN_KIND) if isinstance(kind, str) else UNKNOWN_KIND


def country_fill(code: str, troops: dict[str, int]) -> tuple[str, float]:
    """Fill colour and opacity of a country: the host state; a contributing state, darker with more
    troops (by the square root of its share of the largest contingent); any other country."""
    if code == HOST:
        return LAYERS["host"].colour, 0.35
    if code in CONTRIBUTORS:
        largest = max(troops.values(), default=0)
        share = math.sqrt(troops.get(code, 0) / largest) if largest else 0
        return LAYERS["contingent"].colour, round(0.15 + 0.35 * share, 3)
    return OTHER_FILL, 0.2


def unrest_sizes(deaths: pd.Series, arrests: pd.Series) -> pd.Series:
    """Circle radii in pixels: by deaths, or by arrests where no deaths are known (NaN: unknown)."""
    return pd.Series(unrest_radii(deaths.to_numpy(dtype=float), arrests.to_numpy(dtype=float)),
                     index=deaths.index)


def unrest_radii(deaths: np.ndarray, arrests: np.ndarray) -> np.ndarray:
    """`unrest_sizes` on arrays of floats (NaN: unknown)."""
    by_deaths = 6 + 2.2 * np.sqrt(np.where(np.isnan(deaths), 0.0, deaths))
    by_arrests = 6 + 0.25 * np.sqrt(np.where(np.isnan(arrests), 0.0, arrests))
    return np.where(deaths > 0, by_deaths, np.where(arrests > 0, by_arrests, 6.0))


def with_unrest_size(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Add `size`: unrest circles scale with the latest known deaths, else arrests (withdrawn figures never
    count)."""
    latest = counting(figures).sort_values("date").groupby(["record", "metric"])["value"].last().unstack()
    # Only the records with a figure are looked up (a pass over the ids, not a table of them); every
    # other record has the size of no figure.
    sized = records["id"].isin(latest.index).to_numpy()
    ids = records["id"].to_numpy()[sized]

    def metric(name: str) -> pd.Series:
        values = latest[name] if name in latest.columns else pd.Series(dtype=float)
        return pd.Series(ids).map(values).astype(float)

    size = np.full(len(records), unrest_sizes(pd.Series([np.nan]), pd.Series([np.nan])).iloc[0])
    size[sized] = unrest_sizes(metric("deaths"), metric("arrests")).to_numpy()
    return records.assign(size=size)


def unrest_size_of(selection: Selection) -> np.ndarray:
    """The size of each shown record's circle, as `with_unrest_size` gives it, from the selection's rows
    (in figure order: by record, metric and date) in one pass: the last counted deaths and arrests
    figure of each record (of one date, the last in the file)."""
    data = selection.data
    metric, record, values = _sizing(data.records, data.figures)
    rows = selection.figure_rows[metric[selection.figure_rows] != 0]
    record, kind, values = record[rows], metric[rows], values[rows]
    last = np.ones(len(rows), dtype=bool)  # the last figure of each record and metric
    last[:-1] = (record[1:] != record[:-1]) | (kind[1:] != kind[:-1])
    # Only the shown records with such a figure are sized from it; every other has the size of none.
    shown = selection.record_rows  # in the table's order: each sized record's place found by a search
    sized = np.unique(record[last & (record >= 0)])
    latest = {k: np.full(len(sized), np.nan) for k in (1, -1)}
    for k, known in latest.items():
        at = last & (kind == k) & (record >= 0)
        known[np.searchsorted(sized, record[at])] = values[at]
    size = np.full(len(shown), unrest_radii(np.array([np.nan]), np.array([np.nan]))[0])
    size[np.searchsorted(shown, sized)] = unrest_radii(latest[1], latest[-1])
    return size


@per_object
def _sizing(records: pd.DataFrame, figures: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What sizes a circle, per figure, made once per table: 1 for a counted deaths figure, -1 for a
    counted arrests figure, else 0; its record's position in `records`; its value."""
    table = columns(figures)
    metric = table.isin("metric", ["deaths"]).astype(np.int8) - table.isin("metric", ["arrests"])
    if "status" in figures.columns:  # withdrawn by their source: never counted
        metric[table.isin("status", NOT_COUNTED)] = 0
    return metric, record_rows(records, figures), figures["value"].to_numpy(dtype=float)

