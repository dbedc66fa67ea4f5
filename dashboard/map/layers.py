"""The filtered layers: one feature group per map group of the vocabulary, drawn as compact layers."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import folium
import pandas as pd

from dashboard.escape import inert
from dashboard.i18n import Translator
from dashboard.map.aggregate import MAX_POINTS, Bounds, cell_size, cells
from dashboard.map.bridge import HiddenOnLoad, LayerKey
from dashboard.map.compact import Area, Circle, CompactLayer, Icon, Line, Shapes
from dashboard.map.crowding import APPROXIMATE, folded
from dashboard.map.styles import (
    CENTER,
    STATUS_STYLE,
    ZOOM,
    base_marker,
    country_fill,
    hollow,
    kind_colour,
)
from dashboard.view.arrays import looked_up
from dashboard.view.rows import Rows
from dashboard.vocabulary import GROUPS, LAYERS

AREA_LAYERS = tuple(key for key, layer in LAYERS.items() if layer.mark == "area")
POINT_GROUP = {key: layer.group for key, layer in LAYERS.items() if layer.mark != "area"}
DEFAULT_RADIUS = 6.0
MIN_RING_PX = 16  # records sharing a point are drawn this far from it at least
MARKER_SPACING_PX = 22  # and this far apart on the ring
RECORD_CLASS = "record-"


@dataclass
class MapLayers:
    """The filtered layers, the tooltip text -> record id lookup for clicks, and how they were drawn."""

    groups: list[folium.FeatureGroup]
    tooltip_ids: dict[str, str]
    points: int = 0  # point records in the padded view
    cells: int = 0  # grid cells drawn instead of them (0: drawn one by one)
    shapes: dict[str, Shapes] = field(default_factory=dict)  # what each map group draws

    def record_for(self, tooltip: str | None) -> str | None:
        """The id of the record whose tooltip text the map reported for a click, if any."""
        return self.tooltip_ids.get(tooltip_key(tooltip or ""))


def tooltip_key(text: str) -> str:
    """Tooltip text with whitespace collapsed, as it is registered and as it comes back from a click."""
    return " ".join(text.split())


def record_class(record_id: str) -> str:
    """The CSS class that marks every map element drawn for one record (ids are slugs)."""
    return f"{RECORD_CLASS}{record_id}"


def class_record(css: str) -> str | None:
    """The record a map element's CSS classes name (see `record_class`), or None (a grid cell)."""
    return next((c.removeprefix(RECORD_CLASS) for c in css.split() if c.startswith(RECORD_CLASS)), None)


@dataclass(frozen=True)
class LayerShapes:
    """What the filtered layers draw, before any folium object: each map group's shapes, the tooltip
    text -> record id lookup, and how the points were drawn. Plain values, never changed once made, so
    one can serve every session that shows the same view."""

    shapes: dict[str, Shapes]
    tooltip_ids: dict[str, str]
    points: int = 0
    cells: int = 0


def layers(
    records: pd.DataFrame, all_records: pd.DataFrame, troops: dict[str, int],
    visible: Iterable[str] = tuple(GROUPS), popup: Callable[[str], str] | None = None,
    view: Bounds | None = None, max_points: int = MAX_POINTS, token: str = "", lang: str = "en",
    hooks: bool = False,
) -> MapLayers:
    """Feature groups for the visible records, each drawn as its layer's entry in the vocabulary says.

    Parameters
    ----------
    records
        The records to draw, with `status` (contingents) and, for circles, `size` in pixels.
    all_records
        Every record: a troop origin's flow line ends at its `arrival` record, which may be filtered out;
        and a point crowded in the whole data draws its unplaced sites in no mark of their own
        (`dashboard.map.crowding`).
    troops
        A contingent's country -> the troop figure that shades it.
    visible
        The keys of the map groups switched on; the others start switched off.
    popup
        Each record's popup HTML (already inert), for maps that have no sidebar (the HTML export).
    view
        The reader's view: point records outside it (padded) are left out, and when more than
        `max_points` remain they are drawn as counted grid cells.
    token
        Names the filter state; with `hooks`, the browser can read which view the layers belong to.
    lang
        The language of layer names and cell labels; record names are drawn as `records` give them.
    """
    drawn = layer_shapes(records, all_records, troops, popup, view, max_points, lang)
    return layer_groups(drawn, visible, token, lang, hooks)


def layer_groups(drawn: LayerShapes, visible: Iterable[str] = tuple(GROUPS), token: str = "",
                 lang: str = "en", hooks: bool = False) -> MapLayers:
    """The feature groups that draw `drawn` (see `layers`), the switched-off ones hidden on load."""
    tr = Translator(lang)
    visible = set(visible)
    groups = {key: folium.FeatureGroup(name=tr(group.label), show=key in visible)
              for key, group in GROUPS.items()}
    for i, (key, group) in enumerate(groups.items()):
        group.add_child(LayerKey(key, token, hooks))
        if key not in visible:
            group.add_child(HiddenOnLoad())
        CompactLayer(drawn.shapes[key], drawing=i == 0).add_to(group)  # the drawing code: in the first
    return MapLayers(list(groups.values()), drawn.tooltip_ids, drawn.points, drawn.cells, drawn.shapes)


def layer_shapes(
    records: pd.DataFrame | Rows, all_records: pd.DataFrame, troops: dict[str, int],
    popup: Callable[[str], str] | None = None, view: Bounds | None = None, max_points: int = MAX_POINTS,
    lang: str = "en",
) -> LayerShapes:
    """What `layers` draws, as plain shapes (the parameters are those of `layers`; `records` may be rows
    of a table, `view.rows.Rows`: only the rows drawn one by one are then copied)."""
    tr = Translator(lang)
    rows = records if isinstance(records, Rows) else Rows.of(records)
    tooltip_ids: dict[str, str] = {}

    def tip(record_id: str, name: str) -> str:
        """The inert tooltip for a record, registered so that a click on it finds the record."""
        label = tooltip_key(name)
        if label in tooltip_ids:
            label = f"{label} [{record_id}]"
        tooltip_ids[label] = record_id
        return inert(label)

    def extra(record_id: str, name: str, css: str = "") -> dict[str, object]:
        """The fields every record's shape has: tooltip, CSS class, record, popup."""
        if record_id in stands:  # a site drawn for the others at its point (`crowding.folded`)
            name = tr("{name} (more sites at this point are listed in its details)", name=name)
        return {"tooltip": tip(record_id, name), "css": f"{css}{record_class(record_id)}",
                "record": record_id, "popup": popup(record_id) if popup else None}

    areas = rows.where(rows.isin("layer", AREA_LAYERS)).frame(["id", "name", "layer", "country"])
    fills = [country_fill(code, troops) for code in areas["country"]]
    stands = folded(all_records)  # a point crowded in the data draws its unplaced sites as one
    shapes = {key: Shapes() for key in GROUPS}
    for row, (fill, opacity) in zip(areas.itertuples(index=False), fills, strict=True):
        shapes[LAYERS[row.layer].group].areas.append(
            Area(row.country, fill, opacity, **extra(str(row.id), str(row.name))))

    # The points around the view, found on the columns' arrays; only their rows are taken, and only the
    # columns a grid cell needs when they are too many to draw one by one.
    drawn = rows.isin("layer", list(POINT_GROUP))
    lat, lon = rows.values("lat"), rows.values("lon")
    if view is not None:
        drawn &= view.padded().contains(pd.Series(lat), pd.Series(lon)).to_numpy()
    count = int(drawn.sum())
    grid_cells = 0
    if count > max_points:
        codes, uniques = rows.codes("layer")  # each point's map group, from its layer's code
        of_code = [POINT_GROUP.get(u, "") for u in uniques] + [""]  # each layer code's group (-1: none)
        kinds = list(dict.fromkeys(of_code))  # a categorical: the cells group the points by its codes
        group = pd.Categorical.from_codes(pd.Index(kinds).get_indexer(of_code)[codes[drawn]], kinds)
        points = pd.DataFrame({"group": group, "lat": lat[drawn], "lon": lon[drawn]})
        grid_cells = _draw_cells(points, shapes, view, max_points, tr)
    else:
        points = _standing_in(rows.where(drawn).frame(), all_records, stands)
        ends = points["arrival"] if "arrival" in points.columns else pd.Series(dtype=object)
        arrivals = pd.DataFrame({column: looked_up(all_records, column, ends)
                                 for column in ("lat", "lon", "name")})
        spreads = shared_points(points)
        for row in points.itertuples(index=False):
            _draw_point(row, shapes[POINT_GROUP[row.layer]], arrivals, extra, spreads.get(str(row.id)),
                        stands.get(str(row.id)))
        count = len(points)
    return LayerShapes(shapes, tooltip_ids, count, grid_cells)


def _standing_in(points: pd.DataFrame, every: pd.DataFrame, stands: dict[str, list[str]]) -> pd.DataFrame:
    """The point records to draw: the shown ones but the sites a stand-in is drawn for, and each
    stand-in that stands for a shown site (from `every`, when the view leaves the stand-in itself out)."""
    shown = set(points["id"].astype(str))
    drawn_for = {rid for rest in stands.values() for rid in rest}
    carried = [rid for rid, rest in stands.items() if rid not in shown and shown.intersection(rest)]
    points = points[~points["id"].isin(drawn_for)]
    if carried:
        points = pd.concat([points, every[every["id"].isin(carried)]], ignore_index=True)
    return points


def shared_points(points: pd.DataFrame) -> dict[str, list[int]]:
    """Records drawn at one point (to five decimals, about a metre), each with its place on a ring around
    it: record id -> [i, n, ring radius in pixels]. The ring leaves room for its markers side by side.

    Where the records include a sized circle (unrest, by its deaths or arrests), the largest stays on the
    point and the ring runs outside it.
    """
    sizes = points["size"] if "size" in points.columns else pd.Series(DEFAULT_RADIUS, index=points.index)
    at: dict[tuple[float, float], list[tuple[float, str]]] = defaultdict(list)
    for rid, lat, lon, size in zip(points["id"], points["lat"].round(5), points["lon"].round(5), sizes,
                                   strict=True):
        at[(lat, lon)].append((float(size) if size == size else DEFAULT_RADIUS, str(rid)))
    spreads = {}
    for shared in at.values():
        if len(shared) < 2:
            continue
        largest, centre = max(shared)
        ring = sorted(rid for _, rid in shared)
        inner = 0.0
        if largest > DEFAULT_RADIUS:  # a sized circle stays on the point
            ring.remove(centre)
            inner = largest + MARKER_SPACING_PX / 2
        radius = round(max(MIN_RING_PX, inner, len(ring) * MARKER_SPACING_PX / (2 * math.pi)))
        spreads.update({rid: [i, len(ring), radius] for i, rid in enumerate(ring)})
    return spreads


def _draw_point(row: object, shapes: Shapes, arrivals: pd.DataFrame, extra: Callable[..., dict[str, object]],
                spread: list[int] | None, also: list[str] | None = None) -> None:
    """One point record, as its layer's mark: a base with its flow line, a circle, a square or triangle;
    `spread` places it on a ring around a point it shares with other records; `also` are the sites it
    stands for (`dashboard.map.crowding.folded`)."""
    layer = LAYERS[row.layer]
    lat, lon, rid, name = round(float(row.lat), 5), round(float(row.lon), 5), str(row.id), str(row.name)
    if layer.mark == "flow":
        style = STATUS_STYLE[row.status if isinstance(row.status, str) else "not_deployed"]
        if isinstance(row.arrival, str) and row.arrival in arrivals.index:
            end = arrivals.loc[row.arrival]
            shapes.lines.append(Line(lat, lon, round(float(end["lat"]), 5), round(float(end["lon"]), 5),
                                     style["color"], style["weight"], style["dash_array"],
                                     **extra(rid, f"{name} → {end['name']}")))
        stroke, width, fill = base_marker(row.status)
        shapes.circles.append(Circle(lat, lon, 7, stroke, width, fill, 1.0, **extra(rid, name),
                                     spread=spread))
    elif layer.mark == "circle":
        size = getattr(row, "size", DEFAULT_RADIUS)
        radius = round(float(size if size == size else DEFAULT_RADIUS), 1)  # NaN: no figure
        colour = kind_colour(row.kind)
        stroke, width, fill, opacity = hollow(colour) if placed_at_city(row) else ("#333333", 1, colour, 0.75)
        shapes.circles.append(Circle(lat, lon, radius, stroke, width, fill, opacity,
                                     **extra(rid, name), spread=spread, also=also))
    else:
        shapes.icons.append(Icon(lat, lon, mark_svg(layer.mark, layer.colour, placed_at_city(row)),
                                 **extra(rid, name, "site-icon "), spread=spread, also=also))


def placed_at_city(row: object) -> bool:
    """Whether a record is placed only approximately (`precision` "street", "city", or coarser: its region
    or country), not at a sourced point: it is drawn hollow, so that a reader does not take it for the
    exact spot."""
    return getattr(row, "precision", None) in APPROXIMATE


def _draw_cells(points: pd.DataFrame, shapes: dict[str, Shapes], view: Bounds | None, max_points: int,
                tr: Translator) -> int:
    """Count the points (`group`, `lat`, `lon`) into grid cells sized to the view, coarser until they are
    few enough; draw each cell as one circle with its count. Returns the number of cells."""
    size = cell_size(view or Bounds.around(*CENTER, ZOOM))
    grid = cells(points, size)
    while len(grid) > max_points:
        size *= 2
        grid = cells(points, size)
    labels: dict[tuple[str, int], str] = {}  # many cells hold the same count: each label worded once
    for key, lat, lon, count in zip(grid["group"].tolist(), grid["lat"].tolist(), grid["lon"].tolist(),
                                    grid["count"].tolist(), strict=True):
        group = GROUPS[key]
        if (key, count) not in labels:
            labels[key, count] = inert(tr(group.cell_label, count=tr.number(count)))
        shapes[key].circles.append(Circle(
            round(lat, 5), round(lon, 5), min(6 + 3 * math.log2(count), 30), "#ffffff", 1.5,
            group.cell_colour, 0.8, labels[key, count], "cell"))
    return len(grid)


def mark_svg(mark: str, colour: str, hollow_mark: bool = False) -> str:
    """A vector square or triangle (core Leaflet, no image to load); with `hollow_mark`, drawn hollow
    (`styles.hollow`: a record placed only approximately)."""
    shape = ('<rect x="2" y="2" width="12" height="12"' if mark == "square"
             else '<polygon points="8,1 15,15 1,15"')
    if hollow_mark:
        stroke, width, fill, opacity = hollow(colour)
        paint = f'fill="{fill}" fill-opacity="{opacity}" stroke="{stroke}" stroke-width="{width}"'
    else:
        paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" aria-hidden="true">'
            f'{shape} {paint}/></svg>')
