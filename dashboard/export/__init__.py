"""Exports of exactly what a view shows (country filter and date applied), with sources.

The app's download buttons and `python -m dashboard export` call `export`, so both give the same bytes
for the same view. Output is deterministic: no timestamps, stable ids in the HTML map. The formats are
the modules of this package (see `formats`).
"""

from __future__ import annotations

from dashboard.export.formats import ExportFormat, formats
from dashboard.geo.dataset import Dataset
from dashboard.view.selection import Selection
from dashboard.view.status import day_value


def export(selection: Selection, fmt: str, data: Dataset | None = None, lang: str = "en", *,
           raw: bool = False, size: str | None = None) -> bytes:
    """The selection in format `fmt` (a key of `formats()`). Data formats hold every language the data
    has; a map's legend, layer names and popups are in `lang`. CSV tables guard text cells that a
    spreadsheet would run as formulas, unless `raw`. `data` is the dataset the selection came from
    (without it, only the selection's own rows are known). `size` is a still image's size (a key of
    `dashboard.render.still.SIZES`; None: the format's default); other formats take none."""
    if fmt not in formats():
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(formats())})")
    spec, write = formats()[fmt]
    if size is not None and not spec.sized:
        raise ValueError(f"{fmt} takes no size (only {', '.join(sized_formats())} do)")
    if data is None:
        data = Dataset(records=selection.records, sources=selection.sources, figures=selection.figures,
                       events=selection.events)
    if spec.sized:
        return write(selection, data, lang, raw=raw, size=size)  # type: ignore[call-arg]
    return write(selection, data, lang, raw=raw)


def sized_formats() -> tuple[str, ...]:
    """The formats drawn at a size: the still images."""
    return tuple(key for key, (spec, _) in formats().items() if spec.sized)


def file_name(selection: Selection, fmt: str) -> str:
    """A descriptive file name: kz-csto-2022-01-14-AM-BY.geojson."""
    codes = "-".join(selection.countries) or "none"
    return f"kz-csto-{day_value(selection.as_of)}-{codes}.{formats()[fmt][0].extension}"


__all__ = ["ExportFormat", "export", "file_name", "formats", "sized_formats"]
