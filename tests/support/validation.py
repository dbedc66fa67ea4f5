"""The data tables with their row models and required columns, and the check that a columnar load
matches the row-wise one."""

from __future__ import annotations

from dashboard.data.rows import Table
from dashboard.data.schema import (
    ALIAS_REQUIRED,
    EVENT_REQUIRED,
    FIGURE_REQUIRED,
    PLACE_REQUIRED,
    RECORD_REQUIRED,
    SOURCE_REQUIRED,
    AliasRow,
    EventRow,
    FigureRow,
    PlaceRow,
    RecordRow,
    Row,
    SourceRow,
)

TABLES: list[tuple[str, type[Row], tuple[str, ...]]] = [
    ("records.csv", RecordRow, RECORD_REQUIRED), ("sources.csv", SourceRow, SOURCE_REQUIRED),
    ("figures.csv", FigureRow, FIGURE_REQUIRED), ("events.csv", EventRow, EVENT_REQUIRED),
    ("gazetteer/places.csv", PlaceRow, PLACE_REQUIRED), ("gazetteer/aliases.csv", AliasRow, ALIAS_REQUIRED),
]


def same_table(columnar: tuple[Table, list], row_wise: tuple[list, list], model: type[Row]) -> None:
    """The loader's table of typed columns holds the row-wise models' rows, values (and their types) and
    per-language values, in row order, with the same problems."""
    (table, problems), (expected_rows, expected_problems) = columnar, row_wise
    assert problems == expected_problems
    extras = [name for name in table.columns if name != "row" and name not in model.model_fields]
    expected = Table.of(expected_rows, model, extras).columns
    assert list(table.columns) == list(expected)
    for name, values in table.columns.items():
        assert values == expected[name], name
        assert [type(v) for v in values] == [type(v) for v in expected[name]], name
