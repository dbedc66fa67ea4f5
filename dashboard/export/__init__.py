"""Exports of exactly what a view shows (country filter and date applied), with sources.

Every export starts from the view's scene (`dashboard.scene.scene`), which holds the data, the view
chosen and what it shows. The app's download buttons and `python -m dashboard export` call `export`, so
both give the same bytes for the same view. Output is deterministic: no timestamps, stable ids in the
HTML map. The formats are the modules of this package (see `formats`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.export.formats import ExportFormat, formats

NO_COUNTRY = "none"  # a file name's word for a view of no country

if TYPE_CHECKING:
    from dashboard.scene import Scene


def export(view: Scene, fmt: str, *, raw: bool = False, size: str | None = None) -> bytes:
    """The scene `view` in format `fmt` (a key of `formats()`). Data formats hold every language the
    data has; a map's legend, layer names and popups are in the view's language, and the HTML map shows
    the view's map groups. CSV tables guard text cells that a spreadsheet would run as formulas, unless
    `raw`. `size` is a still image's size (a key of `dashboard.render.still.SIZES`; None: the format's
    default); other formats take none."""
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(formats())})")
    spec, write = formats()[fmt]
    if size is not None and not spec.sized:
        raise ValueError(f"{fmt} takes no size (only {', '.join(sized_formats())} do)")
    if spec.sized:
        return write(view, raw=raw, size=size)  # type: ignore[call-arg]
    return write(view, raw=raw)


def sized_formats() -> tuple[str, ...]:
    """The formats drawn at a size: the still images."""
    return tuple(key for key, (spec, _) in formats().items() if spec.sized)


def file_name(view: Scene, fmt: str) -> str:
    """A descriptive file name: kz-csto-2022-01-14-AM-BY.geojson."""
    codes = "-".join(view.view.countries) or NO_COUNTRY
    return f"kz-csto-{view.day}-{codes}.{formats()[fmt][0].extension}"


__all__ = ["NO_COUNTRY", "ExportFormat", "export", "file_name", "formats", "sized_formats"]
