"""A map that reads as land: the seas drawn (fetched, checked, cut down to the region), contributing
states in a colour that never reads as water, and positions placed at a city drawn hollow."""

from __future__ import annotations

import base64
import colorsys
import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import folium
import pytest
from shapely.geometry import Point, box, shape

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.regions import lakes_json
from dashboard.geo.seas import REGION
from dashboard.map import assets
from dashboard.map.basemap import base_map, osm_tiles
from dashboard.map.styles import HOLLOW_OPACITY, SCHEMES, WATER_CLASS, country_fill, hollow, kind_colour
from dashboard.render.legend import HOLLOW_NOTE, legend_html
from dashboard.scene import View, scene
from dashboard.vocabulary import LAYERS
from tests.conftest import GEODATA, OfflinePage, Server
from tests.support.csvdata import table
from tests.support.mapdriver import map_frame, open_dashboard

WATER_HUES = (170.0, 260.0)  # degrees: the blues and cyans a reader takes for water
MIN_DELTA_E = 20.0


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour given as 0..1 channels."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    matrix = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
    x, y, z = (sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix)
    x, z = x / 0.95047, z / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    """CIE76 colour difference of two sRGB colours."""
    return sum((a - b) ** 2 for a, b in zip(_lab(one), _lab(other), strict=True)) ** 0.5


def hue(rgb: tuple[float, float, float]) -> float:
    return colorsys.rgb_to_hsv(*rgb)[0] * 360


def over(fill: str, opacity: float, ground: str) -> tuple[float, float, float]:
    """The colour a reader sees: `fill` at `opacity` over `ground`."""
    return tuple(opacity * f + (1 - opacity) * g  # type: ignore[return-value]
                 for f, g in zip(_rgb(fill), _rgb(ground), strict=True))


def reads_as_land(seen: tuple[float, float, float], water: str) -> bool:
    """A hue outside the water hues, or far enough from the water's colour."""
    return not WATER_HUES[0] <= hue(seen) <= WATER_HUES[1] or delta_e(seen, _rgb(water)) >= MIN_DELTA_E


def _shades(fill: str, land: str) -> list[tuple[float, float, float]]:
    """A contributing state's fill as drawn over the land: palest (fewest troops) to darkest, and pure."""
    troops = {"RU": 3000, "AM": 100}
    opacities = [country_fill(code, troops)[1] for code in ("BY", "AM", "RU")]  # BY: no figure here
    assert opacities[0] < opacities[-1]
    return [over(fill, o, land) for o in opacities] + [_rgb(fill)]


def test_a_contributing_state_never_reads_as_water_in_either_scheme() -> None:
    fill = LAYERS["contingent"].colour
    assert country_fill("RU", {"RU": 3000})[0] == fill
    assert set(SCHEMES) == {"light", "dark"}
    for name, scheme in SCHEMES.items():
        assert delta_e(_rgb(scheme.land), _rgb(scheme.water)) >= MIN_DELTA_E, name  # land is not sea
        for seen in _shades(fill, scheme.land):
            assert reads_as_land(seen, scheme.water), (name, seen)
    assert not WATER_HUES[0] <= hue(_rgb(fill)) <= WATER_HUES[1]
    # The check can fail: the blue contributing states were drawn in before would, palest over land.
    assert not all(reads_as_land(seen, SCHEMES["light"].water) for seen in _shades("#0072B2",
                                                                                   SCHEMES["light"].land))


def test_the_legend_swatch_is_the_contributing_fill() -> None:
    html = legend_html("en", ["countries"])
    assert LAYERS["contingent"].colour.replace("#", "%23") in html
    assert "%230072B2" not in html


# ---- the seas ---------------------------------------------------------------------------------------

def _world_seas() -> bytes:
    """A world seas file shaped as the npm package's (a GeometryCollection of one MultiPolygon): a
    detailed Caspian (10,000 vertices), an ocean reaching into the region from the south, a sea far
    outside it and a
    speck of water too small to draw."""
    import math

    caspian = [[51 + 3 * math.cos(t * 2 * math.pi / 10_000) + 0.01 * math.sin(t),
                42 + 4 * math.sin(t * 2 * math.pi / 10_000)] for t in range(10_000)]
    caspian.append(caspian[0])
    ocean = [[-40, 10], [60, 10], [60, 35], [-40, 35], [-40, 10]]
    far = [[-120, -40], [-100, -40], [-100, -30], [-120, -40]]
    speck = [[70, 50], [70.05, 50], [70.05, 50.05], [70, 50]]
    collection = {"type": "GeometryCollection", "geometries": [
        {"type": "MultiPolygon", "coordinates": [[caspian], [ocean], [far], [speck]]}]}
    return json.dumps(collection).encode()


def _registry(root: Path, world: bytes) -> tuple[str, str]:
    """A registry folder serving a seas package; returns its URL and the tarball's sha512 integrity."""
    name, version, member, _ = assets.SEAS
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(f"package/{member}")
        info.size = len(world)
        archive.addfile(info, io.BytesIO(world))
    tarball = buffer.getvalue()
    target = root / name / "-" / f"{name.split('/')[-1]}-{version}.tgz"
    target.parent.mkdir(parents=True)
    target.write_bytes(tarball)
    return root.as_uri(), "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()


def test_the_seas_are_checked_cut_to_the_region_and_simplified(tmp_path: Path) -> None:
    world = _world_seas()
    registry, integrity = _registry(tmp_path / "registry", world)
    name, version, member, _ = assets.SEAS
    vendor = tmp_path / "vendor"
    with pytest.raises(assets.AssetError, match="integrity"):  # not the pinned tarball: refused
        assets.fetch_seas(vendor, registry, (name, version, member, "sha512-" + "A" * 86 + "=="))
    assert assets.seas_file(vendor) is None
    written = assets.fetch_seas(vendor, registry, (name, version, member, integrity))
    assert assets.seas_file(vendor) == written
    seas = json.loads(written.read_text(encoding="utf-8"))
    geometry = shape(seas["geometry"])
    assert box(*REGION).buffer(1e-9).contains(geometry)  # clipped to the region
    assert geometry.contains(Point(51, 42))  # the Caspian
    assert geometry.contains(Point(40, REGION[1] + 2)) and not geometry.contains(Point(40, REGION[1] - 2))
    assert geometry.bounds[0] >= REGION[0]  # the sea far outside is left out
    assert not geometry.contains(Point(70.02, 50.02))  # the speck is left out
    vertices = sum(len(p.exterior.coords) for p in getattr(geometry, "geoms", [geometry]))
    assert vertices < 500 and len(written.read_bytes()) < len(world) / 20  # simplified
    assert "<" not in written.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_fetched_seas_hold_the_caspian_and_stay_small() -> None:
    """The seas fetched in setup (`python -m dashboard assets`; the test session fetches them when
    missing) are the real package's, cut to the region."""
    path = assets.seas_file()
    assert path is not None, "run `python -m dashboard assets`"
    text = path.read_text(encoding="utf-8")
    assert len(text) < 150_000 and len(gzip.compress(text.encode())) < 50_000
    seas = shape(json.loads(text)["geometry"])
    points = table("records").query("lat != ''")
    assert not any(seas.contains(Point(float(lon), float(lat)))  # every sourced point is on land
                   for lat, lon in zip(points["lat"], points["lon"], strict=True))
    assert seas.contains(Point(51.0, 42.0)) and seas.contains(Point(34.0, 43.0))  # Caspian, Black Sea


def test_a_standalone_map_draws_the_seas_when_fetched_and_works_without(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    registry, integrity = _registry(tmp_path / "registry", _world_seas())
    name, version, member, _ = assets.SEAS
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "none")
    without = base_map().get_root().render()
    # the outlines, and of the water only the lakes, which ship in geodata/boundaries: no sea
    assert "L.geoJson" in without and WATER_CLASS in without and lakes_json()[:200] in without
    written = assets.fetch_seas(tmp_path / "vendor", registry, (name, version, member, integrity))
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "vendor")
    html = base_map().get_root().render()
    assert WATER_CLASS in html and json.dumps(SCHEMES["light"].water) in html
    assert written.read_text(encoding="utf-8")[:200] in html
    app = base_map("/outlines.json", seas_url="/app/static/vendor/seas/seas.json").get_root().render()
    assert '"/app/static/vendor/seas/seas.json"' in app


def test_the_tile_layer_from_the_provider_kept_is_the_one_folium_finds_by_name() -> None:
    by_name = folium.TileLayer("OpenStreetMap", name="OSM", overlay=True, show=False)
    kept = folium.TileLayer(osm_tiles(), name="OSM", overlay=True, show=False)
    assert (kept.tiles, kept.options, kept.tile_name) == (by_name.tiles, by_name.options, by_name.tile_name)
    assert osm_tiles() is osm_tiles()  # looked up once


# ---- precision -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def test_a_site_placed_at_its_city_is_drawn_hollow_and_the_legend_says_so(data: Dataset) -> None:
    """Records placed at their city (records.csv says so, or the gazetteer matched a city) are drawn
    hollow; those at a sourced point (given coordinates, a curated airfield) filled."""
    records = table("records")
    precision = data.records.set_index("id")["precision"]
    said = set(records.loc[records["precision"] == "city", "id"])
    city = set(precision[precision == "city"].index)
    point = set(precision[precision == "point"].index)
    assert said <= city and point - said
    view = scene(data, View())
    drawn: dict[str, str] = {}
    for group in view.shapes().shapes.values():
        for circle in group.circles:
            if circle.record and not circle.record.startswith("contingent-"):
                is_hollow = (circle.fill_opacity == HOLLOW_OPACITY
                             and (circle.stroke, circle.weight) == hollow(circle.fill)[:2])
                drawn[circle.record] = "hollow" if is_hollow else "filled"
        for icon in group.icons:
            if icon.record:
                drawn[icon.record] = "hollow" if f'fill-opacity="{HOLLOW_OPACITY}"' in icon.svg else "filled"
    layer = data.records.set_index("id")["layer"]
    sites = {r for r in drawn if layer[r] != "troop_origin"}  # bases: filled or ring by their status
    assert said & sites and point & sites
    assert {drawn[r] for r in city & sites} == {"hollow"}
    assert {drawn[r] for r in point & sites} == {"filled"}
    street = set(precision[precision == "street"].index)  # placed by its street only: hollow too
    assert street & sites and {drawn[r] for r in street & sites} == {"hollow"}
    unrest = records.set_index("id").loc[sorted(city & sites)]
    for rid, kind in unrest.loc[unrest["layer"] == "unrest", "kind"].items():
        (circle,) = [c for g in view.shapes().shapes.values() for c in g.circles if c.record == rid]
        assert circle.fill == kind_colour(kind)  # the kind's colour stays, only hollow
    legend = legend_html("en")
    assert legend.count(HOLLOW_NOTE) == 2  # unrest sites and key sites
    assert f'fill-opacity%3D%22{HOLLOW_OPACITY}%22' in legend
    assert legend_html("en", ["countries"]).count(HOLLOW_NOTE) == 0


# ---- in the browser --------------------------------------------------------------------------------

def test_the_apps_map_draws_the_seas_under_the_layers(server: Server, offline_page: OfflinePage) -> None:
    assert assets.seas_file() is not None  # fetched in setup
    page = offline_page.page
    open_dashboard(page, server.url)
    folium_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    folium_frame.wait_for_function("() => window.__kzWater === true && window.__kzBasemap === true")
    water = map_frame(page).locator(f".leaflet-water-pane path.{WATER_CLASS}")
    assert water.count() >= 1
    assert water.first.get_attribute("fill").lower() == SCHEMES["light"].water.lower()
    panes = folium_frame.evaluate("""() => ['basemap', 'water', 'overlay'].map(
        (p) => Number(getComputedStyle(document.querySelector('.leaflet-' + p + '-pane')).zIndex))""")
    assert panes[0] < panes[1] < panes[2]  # land, then the seas, then the layers
    assert offline_page.outside == []


def test_the_edition_draws_the_seas_as_python_styles_them(tmp_path: Path, offline_page: OfflinePage) -> None:
    from tests.support.edition import open_edition, publish_edition, serve_edition

    assert assets.seas_file() is not None  # fetched in setup
    folder = publish_edition(tmp_path)
    page_html = (folder / "index.html").read_text(encoding="utf-8")
    (seas_path,) = (folder / "data").glob("seas.*.json")
    assert f'<meta name="kz-seas" content="data/{seas_path.name}">' in page_html
    seas = json.loads(seas_path.read_text(encoding="utf-8"))
    assert len(seas["features"]) == 2  # the seas, then the lakes
    for water in seas["features"]:
        assert water["properties"]["style"] == SCHEMES["light"].water_style()
        assert water["properties"]["dark"] == SCHEMES["dark"].water_style()
    for url in serve_edition(folder):
        page = offline_page.page
        open_edition(page, url)
        water = page.locator(f"#map .leaflet-water-pane path.{WATER_CLASS}")
        water.first.wait_for(state="attached")
        assert water.first.get_attribute("fill").lower() == SCHEMES["light"].water.lower()
    assert offline_page.outside == [] and offline_page.console_errors == []
