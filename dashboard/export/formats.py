"""The export formats: each is a module of this package that defines `FORMAT` and `write`, or, for a
module that writes several, `FORMATS` and `write` (which then takes the format's key first).

A new format is one new module here (and its test): the app's buttons, `python -m dashboard export
--format` and the file names all come from this registry.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from dashboard.memo import memoised

if TYPE_CHECKING:
    from dashboard.scene import Scene


class Writer(Protocol):
    """write(view, raw=...) -> the file's bytes of the scene `view`, which holds the whole dataset
    (`view.data`: what the filter left out but a view's records point at, the far end of a flow line and
    its sources), the view chosen and what it shows (`view.selection`). `raw` turns off the spreadsheet
    formula guard of CSV files (see `spreadsheet`). A sized format's writer also takes `size`."""

    def __call__(self, view: Scene, *, raw: bool = ...) -> bytes: ...



@dataclass(frozen=True)
class ExportFormat:
    """One export format: its key (`--format`), file extension, MIME type and button label."""

    key: str
    extension: str
    mime: str
    label: str  # marked with N_ where it needs translating
    spreadsheet: bool = False  # holds CSV tables, guarded against formulas unless raw
    sized: bool = False  # a still image: its writer also takes `size` (`dashboard.render.still.SIZES`)


def _registered(module: ModuleType) -> list[tuple[ExportFormat, Writer]]:
    """The formats a module of the package defines, with their writers: its `FORMAT` and `write`, or each
    of its `FORMATS` with `write` bound to that format's key."""
    if isinstance(getattr(module, "FORMAT", None), ExportFormat):
        return [(module.FORMAT, module.write)]
    several = getattr(module, "FORMATS", ())
    if isinstance(several, tuple) and all(isinstance(spec, ExportFormat) for spec in several):
        return [(spec, functools.partial(module.write, spec.key)) for spec in several]
    return []


@memoised
def formats() -> dict[str, tuple[ExportFormat, Writer]]:
    """Every format of the package, by key, in the order of their module's `ORDER` (then by module
    name, then in the order of its `FORMATS`)."""
    import dashboard.export as package

    modules: list[ModuleType] = [importlib.import_module(f"{package.__name__}.{info.name}")
                                 for info in pkgutil.iter_modules(package.__path__)]
    modules.sort(key=lambda m: (getattr(m, "ORDER", 99), m.__name__))
    return {spec.key: (spec, write) for m in modules for spec, write in _registered(m)}
