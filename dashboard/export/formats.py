"""The export formats: each is a module of this package that defines `FORMAT` and `write`.

A new format is one new module here (and its test): the app's buttons, `python -m dashboard export
--format` and the file names all come from this registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import pandas as pd

from dashboard.view.selection import Selection

# write(selection, all_records, lang) -> the file's bytes. `all_records` (every record, in the
# reader's language or not) lets a map draw the far end of a flow line that the filter left out.
Writer = Callable[[Selection, pd.DataFrame, str], bytes]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its key (`--format`), file extension, MIME type and button label."""

    key: str
    extension: str
    mime: str
    label: str  # marked with N_ where it needs translating


@cache
def formats() -> dict[str, tuple[ExportFormat, Writer]]:
    """Every format of the package, by key, in the order of their `ORDER` (then by name)."""
    import dashboard.export as package

    modules: list[ModuleType] = [importlib.import_module(f"{package.__name__}.{info.name}")
                                 for info in pkgutil.iter_modules(package.__path__)]
    found = [m for m in modules if isinstance(getattr(m, "FORMAT", None), ExportFormat)]
    found.sort(key=lambda m: (getattr(m, "ORDER", 99), m.__name__))
    return {m.FORMAT.key: (m.FORMAT, m.write) for m in found}
