"""The pages a still is drawn on, where its parts go, and the map's frame: extent, projection, pixels.

Sizes on the map are the app's: a circle of radius 7 is 7 CSS pixels in the browser. On a still, one
such pixel is 1/100 inch (`PX_IN`), so a social card (12 × 6.75 in at 100 dpi) draws every mark at the
size the app does, and a print page (A4 at 300 dpi) draws them at the same size on paper.

The map is in Web Mercator, as the app's Leaflet map is. Its extent is what the view draws: every point,
every flow line's ends and the chosen countries' outlines within the app's opening view (so that
Russia's outline does not stretch the map to the Pacific), with a margin, fitted to the map's box.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Transformer

from dashboard.map.aggregate import Bounds
from dashboard.map.compact import Shapes
from dashboard.map.styles import CENTER, ZOOM
from dashboard.memo import memoised

PX_IN = 0.01  # one of the app's pixels, in inches
PT_PER_PX = 72 * PX_IN  # line widths and font sizes are in points


@dataclass(frozen=True)
class Page:
    """A page: its size in inches and, for a raster image, its resolution."""

    width: float
    height: float
    dpi: float

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the raster image in pixels."""
        return round(self.width * self.dpi), round(self.height * self.dpi)

    @property
    def landscape(self) -> bool:
        """Wider than high: the legend beside the map, else under it."""
        return self.width >= self.height


# --size: the social card (1200 × 675 px), a portrait post (1080 × 1350 px), A4 landscape at 300 dpi
# (3508 × 2480 px, the usual rounding of 297 × 210 mm).
SIZES: dict[str, Page] = {
    "social": Page(12.0, 6.75, 100),
    "portrait": Page(10.8, 13.5, 100),
    "print": Page(3508 / 300, 2480 / 300, 300),
}
RASTER_SIZE, VECTOR_SIZE = "social", "print"  # without --size: PNG as a social card, SVG and PDF on A4


def default_size(fmt: str) -> str:
    """The size a format is drawn at when none is asked for."""
    return RASTER_SIZE if fmt == "png" else VECTOR_SIZE


# Figure fractions (left, bottom, width, height) of the parts of a page.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Layout:
    """Where a page's parts go, in inches from its top left: the header's lines, the map, the legend and
    the footer (source line, credit, "Updated" stamp)."""

    page: Page
    margin: float
    header: float  # the header's height
    footer: float  # the footer's height
    legend_width: float  # beside the map (landscape), else 0
    legend_height: float  # under the map (portrait), else 0

    @property
    def map_box(self) -> Box:
        """The map's axes, as figure fractions."""
        w, h, m = self.page.width, self.page.height, self.margin
        left, top = m, m + self.header
        width = w - 2 * m - (self.legend_width + m if self.legend_width else 0)
        height = h - top - self.footer - m - (self.legend_height + m / 2 if self.legend_height else 0)
        return left / w, 1 - (top + height) / h, width / w, height / h

    @property
    def legend_box(self) -> Box:
        """The legend's axes, as figure fractions."""
        w, h, m = self.page.width, self.page.height, self.margin
        left, bottom, width, height = self.map_box
        if self.legend_width:
            return 1 - (m + self.legend_width) / w, bottom, self.legend_width / w, height
        return left, (self.footer + m) / h, width, self.legend_height / h


def layout(page: Page) -> Layout:
    """The parts of `page`: a legend column beside the map on a landscape page, a band under it on a
    portrait one."""
    if page.landscape:
        return Layout(page, margin=0.25, header=0.95, footer=0.55, legend_width=0.27 * page.width,
                      legend_height=0)
    return Layout(page, margin=0.3, header=1.05, footer=0.65, legend_width=0,
                  legend_height=0.19 * page.height)


@memoised
def _to_mercator() -> Transformer:
    return Transformer.from_crs(4326, 3857, always_xy=True)


def mercator(lon: object, lat: object) -> tuple:
    """Longitudes and latitudes (numbers or arrays) to Web Mercator metres."""
    return _to_mercator().transform(lon, lat)


REGION = Bounds.around(*CENTER, ZOOM)  # the app's opening view: outlines count only within it
MARGIN_SHARE = 0.08  # of the drawn extent, on every side
MIN_SPAN_M = 600_000  # a view of one place still shows its surroundings


@dataclass(frozen=True)
class MapFrame:
    """The map's extent in Web Mercator metres and its box on the page: where a place is drawn."""

    x0: float
    y0: float
    x1: float
    y1: float
    box: Box
    page: Page

    @property
    def metres_per_px(self) -> float:
        """Map metres per app pixel (the same across and up: the map keeps its aspect)."""
        return (self.x1 - self.x0) / (self.box[2] * self.page.width / PX_IN)

    def pixel(self, lat: float, lon: float) -> tuple[float, float]:
        """Where (lat, lon) is drawn in the raster image, in pixels from its top left."""
        x, y = mercator(lon, lat)
        width, height = self.page.pixels
        left, bottom, box_w, box_h = self.box
        fx = left + box_w * (x - self.x0) / (self.x1 - self.x0)
        fy = bottom + box_h * (y - self.y0) / (self.y1 - self.y0)
        return fx * width, (1 - fy) * height


def map_frame(shapes: dict[str, Shapes], outline_bounds: dict[str, tuple[float, float, float, float]],
              page: Page) -> MapFrame:
    """The frame that shows everything `shapes` draw on `page`. `outline_bounds` gives each country's
    outline bounds (west, south, east, north) in degrees."""
    lons: list[float] = []
    lats: list[float] = []
    for drawn in shapes.values():
        for point in (*drawn.circles, *drawn.icons):
            lons.append(point.lon)
            lats.append(point.lat)
        for line in drawn.lines:
            lons += [line.lon1, line.lon2]
            lats += [line.lat1, line.lat2]
        for area in drawn.areas:
            if area.country not in outline_bounds:
                continue
            west, south, east, north = outline_bounds[area.country]
            west, east = max(west, REGION.west), min(east, REGION.east)
            south, north = max(south, REGION.south), min(north, REGION.north)
            if west < east and south < north:
                lons += [west, east]
                lats += [south, north]
    if not lons:
        lons, lats = [REGION.west, REGION.east], [REGION.south, REGION.north]
    xs, ys = mercator(lons, lats)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    box = layout(page).map_box
    aspect = (box[2] * page.width) / (box[3] * page.height)
    span_x = max(x1 - x0, MIN_SPAN_M) * (1 + 2 * MARGIN_SHARE)
    span_y = max(y1 - y0, MIN_SPAN_M) * (1 + 2 * MARGIN_SHARE)
    span_x, span_y = max(span_x, span_y * aspect), max(span_y, span_x / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return MapFrame(cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2, box, page)
