"""Still images of a view (PNG, SVG, PDF) and the time-lapse of the month (MP4, GIF), drawn from the scene
with geopandas and matplotlib: what they show, that they are reproducible, and the command line's
messages for bad input."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.export.timelapse import PAGES, Busy, TooLong, bounded
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.render.still import SIZES, Page, still, still_frame
from dashboard.render.still.drawing import ICON_CORNERS, _spread_offsets
from dashboard.scene import FIRST_DAY, View, scene
from dashboard.view.link import COUNTRIES
from dashboard.view.status import REPORT_DAY
from dashboard.vocabulary import LAYERS
from tests.conftest import GEODATA, run_cli

TITLE_EN = "Kazakhstan, January 2022: unrest and the CSTO deployment"
TITLE_DE = "Kasachstan, Januar 2022: Unruhen und der OVKS-Einsatz"


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (0-255) to CIELAB (D65)."""
    c = np.asarray(rgb, dtype=float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                             [0.0193, 0.1192, 0.9505]]).T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])])


def _delta_e(rgb: np.ndarray, hex_colour: str) -> float:
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float(np.linalg.norm(_lab(rgb) - _lab(target)))


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _map_crop(image: np.ndarray, page: Page, frame_box: tuple[float, float, float, float]) -> np.ndarray:
    width, height = page.pixels
    left, bottom, box_w, box_h = frame_box
    return image[round((1 - bottom - box_h) * height) + 2:round((1 - bottom) * height) - 2,
                 round(left * width) + 2:round((left + box_w) * width) - 2].astype(int)


@pytest.mark.parametrize("size", ["social", pytest.param("portrait", marks=pytest.mark.slow)])
def test_a_site_with_its_own_point_shows_its_layers_colour(size: str, data: Dataset) -> None:
    """The 5 × 5 px block at the projected position of each key site drawn on a point of its own is the
    colour of its layer in the vocabulary, where no icon drawn after it crosses that block with its edge
    or another colour (at a country's scale, Almaty's sites lie a few pixels apart)."""
    view = scene(data, View(lang="en"))
    image = _pixels(still(view, "png", size))
    assert image.shape[:2] == SIZES[size].pixels[::-1]
    frame = still_frame(view, SIZES[size])
    layers = dict(zip(view.shown["id"], view.shown["layer"], strict=True))
    icons = view.shapes().shapes["sites"].icons
    # Where the still draws each icon (image pixels, y down): its point, moved on its ring if spread.
    at = [(x + dx, y - dy) for (x, y), (dx, dy) in zip(
        (frame.pixel(icon.lat, icon.lon) for icon in icons), _spread_offsets([i.spread for i in icons]),
        strict=True)]
    reach = max(abs(c) for corners in ICON_CORNERS.values() for corner in corners for c in corner) + 3

    def crossed(i: int) -> bool:
        """Whether an icon drawn after icon `i` reaches its block other than with its own colour's inside."""
        return any(max(abs(x - at[i][0]), abs(y - at[i][1])) < reach
                   and not (layers[later.record] == layers[icons[i].record]
                            and max(abs(x - at[i][0]), abs(y - at[i][1])) <= 2.5)
                   for later, (x, y) in zip(icons[i + 1:], at[i + 1:], strict=True))

    own = [(icon, at[i]) for i, icon in enumerate(icons)
           if icon.spread is None and layers[icon.record] == "key_site" and not crossed(i)]
    assert own, "the bundled data has key sites on points of their own"
    for icon, (px, py) in own:
        x, y = round(px), round(py)
        block = image[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3).mean(axis=0)
        assert _delta_e(block, LAYERS["key_site"].colour) < 10, (icon.record, block)


@pytest.mark.slow
def test_another_country_choice_or_date_draws_another_image(data: Dataset) -> None:
    full = still(scene(data, View(lang="en")), "png")
    armenia = still(scene(data, View(("AM",), REPORT_DAY, lang="en")), "png")
    earlier = still(scene(data, View(COUNTRIES, dt.date(2022, 1, 5), lang="en")), "png")
    assert len({full, armenia, earlier}) == 3
    page = SIZES["social"]
    frame = still_frame(scene(data, View(lang="en")), page)
    pixels = {name: _map_crop(_pixels(png), page, frame.box) for name, png in
              (("full", full), ("earlier", earlier))}  # same extent: the map itself differs
    assert np.abs(pixels["full"] - pixels["earlier"]).sum(axis=-1).astype(bool).mean() > 0.005


@pytest.mark.slow
def test_the_pdf_holds_the_title_the_date_in_each_language_and_the_source_line(data: Dataset) -> None:
    for lang, title, date, sources in (("en", TITLE_EN, "13 January 2022", "Sources: "),
                                       ("de", TITLE_DE, "13. Januar 2022", "Quellen: ")):
        view = scene(data, View(lang=lang))
        body = still(view, "pdf")
        if lang == "en":
            assert body == still(view, "pdf")  # no timestamp: the same view gives the same bytes
        reader = PdfReader(io.BytesIO(body))
        (page,) = reader.pages
        assert [round(float(v)) for v in page.mediabox[2:]] == [842, 595]  # A4 landscape, in points
        text = " ".join(page.extract_text().split())
        assert title in text and date in text
        assert sources in text and "dpa" in text.split(sources, 1)[1]
        assert "/CreationDate" not in reader.trailer["/Info"]
        fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
        assert fonts and all("DejaVuSans" in font["/BaseFont"] for font in fonts)
        for font in fonts:  # TrueType, embedded (a subset of the glyphs drawn)
            (descendant,) = font["/DescendantFonts"]
            assert "/FontFile2" in descendant.get_object()["/FontDescriptor"].get_object()


@pytest.mark.slow
def test_cyrillic_names_are_drawn_in_the_pdfs_embedded_font(data: Dataset) -> None:
    sources = data.sources.copy()
    sources.loc[sources["id"] == "dpa-2022-01-13", "publisher"] = "Казинформ Қазақстан"
    view = scene(dataclasses.replace(data, sources=sources), View(lang="en"))
    page = PdfReader(io.BytesIO(still(view, "pdf", "social"))).pages[0]
    assert "Казинформ Қазақстан" in page.extract_text()


def test_the_svg_keeps_the_title_as_a_text_element_and_the_same_bytes(data: Dataset) -> None:
    view = scene(data, View(lang="de"))
    body = still(view, "svg")
    assert body == still(view, "svg")
    root = ET.fromstring(body)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert TITLE_DE in texts
    assert "Stand: 13. Januar 2022" in " ".join(texts)


@pytest.mark.slow
def test_the_command_line_writes_each_format_at_each_size(tmp_path: Path) -> None:
    expected = {("png", "social"): (1200, 675), ("png", "portrait"): (1080, 1350),
                ("png", "print"): (3508, 2480)}
    for (fmt, size), pixels in expected.items():
        out = tmp_path / f"{size}.{fmt}"
        done = run_cli("export", "--format", fmt, "--size", size, "--country", "KZ,AM", "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert Image.open(out).size == pixels
    out = tmp_path / "view.pdf"  # the format from the name; vector pages are A4 unless --size says
    assert run_cli("export", "--date", "2022-01-20", "--lang", "de", "-o", str(out)).returncode == 0
    page = PdfReader(out).pages[0]
    assert "20. Januar 2022" in page.extract_text()
    assert [round(float(v)) for v in page.mediabox[2:]] == [842, 595]


@pytest.mark.parametrize(("args", "message"), [
    (("--format", "png", "--size", "huge", "-o", "{tmp}/x.png"),
     "unknown size 'huge' (use social, portrait, print)"),
    (("--format", "png", "-o", "{tmp}/x.pdf"), "names a .pdf file, but this writes .png"),
    (("--format", "svg", "-o", "{tmp}/missing/x.svg"), "cannot write {tmp}/missing/x.svg: the folder"),
    (("--format", "pdf", "-o", "{tmp}"), "cannot write {tmp}: it is a folder"),
    (("--format", "png", "--date", "2022-02-01", "-o", "{tmp}/x.png"), "outside 2022-01-01 to 2022-01-31"),
    (("--format", "csv", "--size", "print", "-o", "{tmp}/x.csv"), "--size is for the still images"),
])
def test_bad_export_input_gets_a_clear_message(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    done = run_cli("export", *(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2
    assert message.format(tmp=tmp_path) in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2022-01-10", "--to", "2022-01-05", "-o", "{tmp}/x.mp4"),
     "--to 2022-01-05 is before --from 2022-01-10"),
    (("--to", "2021-12-31", "-o", "{tmp}/x.gif"), "outside 2022-01-01 to 2022-01-31"),
    (("-o", "{tmp}/x.png"), "names a .png file, but this writes .mp4 or .gif"),
    (("-o", "{tmp}/x"), "must end in .mp4 or .gif"),
    (("--fps", "0", "-o", "{tmp}/x.gif"), "--fps must be 1 to 30"),
    (("-o", "{tmp}/no/x.mp4"), "the folder {tmp}/no does not exist"),
])
def test_bad_timelapse_input_gets_a_clear_message(args: tuple[str, ...], message: str,
                                                  tmp_path: Path) -> None:
    done = run_cli("timelapse", *(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2
    assert message.format(tmp=tmp_path) in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def _frames(path: Path) -> list[np.ndarray]:
    if path.suffix == ".gif":
        with Image.open(path) as gif:
            frames = []
            for n in range(gif.n_frames):
                gif.seek(n)
                frames.append(np.asarray(gif.convert("RGB")))
            return frames
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    return [np.frombuffer(f, np.uint8).reshape(height, width, 3) for f in reader]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["gif", "mp4"])
def test_the_timelapse_has_a_frame_per_day_that_changes_where_the_data_do(fmt: str, tmp_path: Path,
                                                                           data: Dataset) -> None:
    """10 to 13 January: the map stays the same from the 10th to the 12th and changes on the 13th (an
    unrest site's toll grows); every frame's date stamp differs."""
    out = tmp_path / f"month.{fmt}"
    done = run_cli("timelapse", "--from", "2022-01-10", "--to", "2022-01-13", "--fps", "2", "-o", str(out))
    assert done.returncode == 0, done.stderr
    frames = _frames(out)
    assert len(frames) >= 4
    assert frames[0].shape[:2] == PAGES[fmt].pixels[::-1]
    firsts = frames[:4]  # at 2 frames a second, one frame a day (then the last day held, in an MP4)
    box = still_frame(scene(data, View(COUNTRIES, dt.date(2022, 1, 10), lang="en")), PAGES[fmt]).box
    maps = [_map_crop(f, PAGES[fmt], box) for f in firsts]
    same = np.abs(maps[1] - maps[0]).mean()
    changed = np.abs(maps[3] - maps[2]).mean()
    assert changed > 3 * same + 0.01
    assert all(np.any(a != b) for a, b in pairwise(firsts))  # the date stamp


def test_the_apps_builds_are_one_at_a_time_and_bounded(data: Dataset) -> None:
    from dashboard.export import timelapse

    with timelapse._BUILDING, pytest.raises(Busy):  # another reader's build under way
        bounded(scene(data, View(("AM",), FIRST_DAY)))
    calls: list[tuple[int, int]] = []
    with pytest.raises(TooLong):
        bounded(scene(data, View(("AM",), FIRST_DAY)),
                progress=lambda done, total: calls.append((done, total)), limit=0)
    assert calls == [(1, 31)]  # stopped after the first frame, and the next build may start
    assert timelapse._BUILDING.acquire(blocking=False)
    timelapse._BUILDING.release()


@pytest.mark.slow
def test_the_servers_export_address_draws_a_still_at_the_size_it_names() -> None:
    from dashboard.app import built

    status, name, mime, body = built({"format": ["png"], "size": ["portrait"], "country": ["AM"],
                                      "date": ["2022-01-14"], "lang": ["de"]})
    assert (status, name, mime) == (200, "kz-csto-2022-01-14-AM.png", "image/png")
    assert Image.open(io.BytesIO(body)).size == (1080, 1350)
    assert built({"format": ["csv"], "size": ["social"]})[0] == 400


def _timelapse_panel() -> None:
    from dashboard.scene import FIRST_DAY, View, scene
    from dashboard.screens.shared import dataset
    from dashboard.screens.sharing import timelapse_download

    timelapse_download(scene(dataset(), View(("AM",), FIRST_DAY, lang="de")))


@pytest.mark.slow
def test_the_export_panel_makes_the_time_lapse_on_request_and_keeps_it() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_timelapse_panel, default_timeout=240).run()
    assert not app.exception
    (button,) = app.button
    assert button.label == "Zeitraffer erstellen (MP4)"
    app = button.click().run()
    assert not app.exception and not app.error and not app.warning
    (download,) = app.get("download_button")
    assert download.proto.label == "Zeitraffer herunterladen (MP4)"
    again = AppTest.from_function(_timelapse_panel, default_timeout=60).run()  # another reader: kept
    assert [b.label for b in again.button] == [] and len(again.get("download_button")) == 1
