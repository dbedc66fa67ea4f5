"""The data format's rules are declared once (`dashboard.data.rules`) and that one declaration is what both
the row models and the column-wise pass apply."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from dashboard.data.columns import check_columns, field_check
from dashboard.data.csvfile import read_table
from dashboard.data.rows import validate_rows
from dashboard.data.rules import SUSPECT, Cell, Columns, Rule
from dashboard.data.schema import (
    RECORD_REQUIRED,
    AliasRow,
    EventRow,
    FigureRow,
    PlaceRow,
    RecordRow,
    Row,
    SourceRow,
)
from tests.conftest import GEODATA

MODELS: list[type[Row]] = [RecordRow, SourceRow, FigureRow, EventRow, PlaceRow, AliasRow]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_of_a_declared_kind_of_cell(model: type[Row]) -> None:
    for name, field in model.model_fields.items():
        cells = [m for m in field.metadata if isinstance(m, Cell)]
        assert len(cells) == 1, name
    # A field declared otherwise has no column-wise check: every cell of it is left to the model.
    assert field_check(_Undeclared, "extra_field")("x") is SUSPECT
    assert field_check(_Undeclared, "country")("Kazakhstan") == "KZ"


class _Undeclared(AliasRow):
    extra_field: str = ""


def _riots(columns: Columns) -> np.ndarray:
    return np.array([kind == "riot" for kind in columns["kind"]], dtype=bool)


class _NoRiots(RecordRow):
    """A model with one more rule, declared (not a validator of its own)."""

    RULES: ClassVar[tuple[Rule, ...]] = (*RecordRow.RULES,
                                         Rule("kind", ("kind",), _riots, lambda _: "no riots here"))


def test_a_declared_rule_is_applied_both_ways_from_its_one_declaration() -> None:
    frame, _ = read_table(GEODATA / "records.csv")
    riots = [int(row) for row, kind in zip(frame.index, frame["kind"], strict=True) if kind == "riot"]
    assert riots  # the bundled data has some
    columns = [c for c in frame.columns if _NoRiots.knows(c)]
    valid, suspects = check_columns(frame, _NoRiots, columns)
    assert [int(frame.index[i]) for i in suspects] == riots  # the column pass applies it ...
    assert len(valid) == len(frame) - len(riots)  # ... and still vouches for every other row
    rows, problems = validate_rows(frame, _NoRiots, "records.csv", RECORD_REQUIRED)
    assert [(p.row, p.column, p.message) for p in problems] == [(r, "kind", "no riots here") for r in riots]
    row_wise = validate_rows(frame, _NoRiots, "records.csv", RECORD_REQUIRED, vectorised=False)
    assert (rows, problems) == row_wise  # the model applies the same declaration
