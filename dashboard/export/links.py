"""Stable addresses for a view's export files, which the server answers on its own.

A link such as `/downloads/kz-csto-2022-01-14-AM.csv?format=csv&country=AM&date=2022-01-14&lang=en&raw=0`
(a still image's may add `size=social|portrait|print`) names the file by its view, not by a script run,
so a click always yields it: while the map reruns, while the page redraws, from a bookmark.
`dashboard.app` serves these addresses; the page only links to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.config import DOWNLOADS
from dashboard.export import file_name, formats
from dashboard.render.templating import render
from dashboard.scene import Scene
from dashboard.view.link import View, parse_view

FLAGS = {"0": False, "1": True}


@dataclass(frozen=True)
class Wanted:
    """What an export address asks for: a view, a format, raw or guarded CSV."""

    view: View
    fmt: str
    raw: bool
    size: str | None = None  # a still image's size (`dashboard.render.still.SIZES`); None: its default


def download_href(view: Scene, fmt: str, raw: bool, base: str = "") -> str:
    """The address of one export file of the scene `view` (its countries, date and language; `base`: the
    app's base path, e.g. `/kz-map`)."""
    query = {"format": fmt, "country": ",".join(view.view.countries), "date": view.day,
             "lang": view.view.lang, "raw": "1" if raw else "0"}
    return f"{base.rstrip('/')}/{DOWNLOADS}/{file_name(view, fmt)}?{urlencode(query, safe=',')}"


def downloads_html(view: Scene, raw: bool, base: str = "") -> str:
    """One download link per export format of the scene `view`, labelled in its language."""
    tr = view.tr
    links = [{"format": key, "href": download_href(view, key, raw, base),
              "file": file_name(view, key), "label": tr(spec.label)}
             for key, (spec, _) in formats().items()]
    return render("downloads.html", links=links, heading=tr("Download"))


def parse_download(params: Mapping[str, Sequence[str]]) -> tuple[Wanted | None, list[str]]:
    """Read an export address's query; None and the reasons when any part cannot be used (nothing is
    guessed: a file that is not exactly what was asked for is worse than none)."""
    params = dict(params)
    errors: list[str] = []
    fmt = params.pop("format", [])
    if len(fmt) != 1 or fmt[0] not in formats():
        errors.append(f"format: one of {', '.join(formats())}")
    raw = params.pop("raw", ["0"])
    if len(raw) != 1 or raw[0] not in FLAGS:
        errors.append("raw: 0 or 1")
    size = params.pop("size", [])
    if size:
        from dashboard.render.still import SIZES

        sized = [key for key, (spec, _) in formats().items() if spec.sized]
        if len(size) != 1 or size[0] not in SIZES or (len(fmt) == 1 and fmt[0] not in sized):
            errors.append(f"size: one of {', '.join(SIZES)}, for {', '.join(sized)}")
    parsed = parse_view(params, record_ids=())
    errors += [str(notice) for notice in parsed.notices]
    if errors:
        return None, errors
    return Wanted(parsed.view, fmt[0], FLAGS[raw[0]], size[0] if size else None), []
