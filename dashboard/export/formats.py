"""The export formats: each is a module of this package that defines `FORMAT` and `write`.

A new format is one new module here (and its test): the app's buttons, `python -m dashboard export
--format` and the file names all come from this registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

from dashboard.geo.dataset import Dataset
from dashboard.memo import memoised
from dashboard.view.selection import Selection


class Writer(Protocol):
    """write(selection, data, lang, raw=...) -> the file's bytes. `data`, the whole dataset, holds what
    the filter left out but a view's records point at: the far end of a flow line, and its sources.
    `raw` turns off the spreadsheet formula guard of CSV files (see `spreadsheet`)."""

    def __call__(self, selection: Selection, data: Dataset, lang: str = "en", *,
                 raw: bool = ...) -> bytes: ...



@dataclass(frozen=True)
class ExportFormat:
    """One export format: its key (`--format`), file extension, MIME type and button label."""

    key: str
    extension: str
    mime: str
    label: str  # marked with N_ where it needs translating
    spreadsheet: bool = False  # holds CSV tables, guarded against formulas unless raw
    sized: bool = False  # a still image: its writer also takes `size` (`dashboard.render.still.SIZES`)


@memoised
def formats() -> dict[str, tuple[ExportFormat, Writer]]:
    """Every format of the package, by key, in the order of their `ORDER` (then by name)."""
    import dashboard.export as package

    modules: list[ModuleType] = [importlib.import_module(f"{package.__name__}.{info.name}")
                                 for info in pkgutil.iter_modules(package.__path__)]
    found = [m for m in modules if isinstance(getattr(m, "FORMAT", None), ExportFormat)]
    found.sort(key=lambda m: (getattr(m, "ORDER", 99), m.__name__))
    return {m.FORMAT.key: (m.FORMAT, m.write) for m in found}
