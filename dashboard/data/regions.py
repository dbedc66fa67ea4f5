"""regions.csv's row: what held in one of Kazakhstan's first-level units (ISO 3166-2 code of January
2022) from its first to its last day, declared as the other tables' rows are (`dashboard.data.schema`).
Whether the code has a shape is checked where the shapes are known (`dashboard.geo.dataset`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import create_model

from dashboard import vocabulary
from dashboard.data.cells import Date, IdList, OptDate, OptText, Slug, strip, word
from dashboard.data.rules import Cell, Rule, not_before
from dashboard.data.schema import Row

# regions.csv: what held in one of Kazakhstan's first-level units from one day to another. Its columns
# `from` and `to` are Python keywords, hence a model made by name.
RegionStatus = word(vocabulary.REGION_STATUSES)
RegionCode = Cell(str, strip, pattern=r"^KZ-[A-Z]{3}$").annotation
REGION_REQUIRED: tuple[str, ...] = ("id", "region", "status", "from", "sources")
REGION_RULES: tuple[Rule, ...] = (not_before("to", "from", "the last day is before the first"),)


class _RegionBase(Row):
    LOCALISED: ClassVar[tuple[str, ...]] = ("note",)
    RULES: ClassVar[tuple[Rule, ...]] = REGION_RULES


RegionRow: type[Row] = create_model(
    "RegionRow", __base__=_RegionBase,
    __doc__="A row of regions.csv: a status held in one region (ISO 3166-2 code of January 2022) from its "
            "first to its last day (inclusive; blank: no source dates its end).",
    **{"id": (Slug, ...), "region": (RegionCode, ...), "name": (OptText, None),
       "status": (RegionStatus, ...), "from": (Date, ...), "to": (OptDate, None), "sources": (IdList, ...)})
