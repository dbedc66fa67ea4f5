"""The data format: one pydantic model per table row.

Every cell arrives as a string; the models turn them into typed values or say what is wrong. The
allowed words (layers, kinds, metrics …) come from `dashboard.vocabulary`. `docs/data-format.md`
documents the same columns for the people who edit the files.

Each rule is declared once (`dashboard.data.rules`): a field's kind of cell (its reading, type and
constraints, from `dashboard.data.cells`), and each model's rules over several cells (RULES). The models
apply them to a row; `dashboard.data.columns` applies the same declarations to whole columns. A model
states its rules only so: one with a validator of its own is validated row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from dashboard import vocabulary
from dashboard.data.cells import (
    Count,
    Country,
    Date,
    IdList,
    Lat,
    Latitude,
    Lon,
    Longitude,
    Names,
    OptCountry,
    OptDate,
    OptSlug,
    OptText,
    OptTime,
    Slug,
    SourceDate,
    Text,
    exact_if_blank,
    localised_base,
    localised_text,
    word,
)
from dashboard.data.rules import Columns, Rule, needs, not_before
from dashboard.i18n import N_
from dashboard.memo import memoised

# The allowed values of each vocabulary column, derived from the one vocabulary.
LayerName = word(vocabulary.LAYERS)
MetricName = word(vocabulary.METRICS)
EventKind = word(vocabulary.EVENT_KINDS)
QualifierName = word(vocabulary.QUALIFIERS, read=exact_if_blank)  # blank: "exact"
ReliabilityGrade = word(vocabulary.RELIABILITY)
PrecisionName = word(vocabulary.PRECISIONS)
OptPrecision = word(vocabulary.PRECISIONS, optional=True)
OptCoordMethod = word(vocabulary.COORD_METHODS, optional=True)
OptFigureStatus = word(vocabulary.FIGURE_STATUSES, optional=True)
TableName = word(vocabulary.CORRECTED_TABLES)

RECORD_REQUIRED: tuple[str, ...] = ("id", "name", "country", "layer", "sources")
SOURCE_REQUIRED: tuple[str, ...] = ("id", "publisher", "title", "url", "date", "language", "reliability")
FIGURE_REQUIRED: tuple[str, ...] = ("record", "metric", "value", "date", "sources")
EVENT_REQUIRED: tuple[str, ...] = ("date", "record", "kind", "sources")
PLACE_REQUIRED: tuple[str, ...] = ("name", "country", "lat", "lon", "precision", "sources")
ALIAS_REQUIRED: tuple[str, ...] = ("alias", "name", "country")
CORRECTION_REQUIRED: tuple[str, ...] = ("date", "table", "id", "sources")
UPDATE_REQUIRED: tuple[str, ...] = ("date", "sources")


class Row(BaseModel):
    """Common settings and the rules' application. Per-language columns (see LOCALISED) are kept as extra
    fields; the reader of the file reports any other unknown column."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    LOCALISED: ClassVar[tuple[str, ...]] = ()
    # The rules over several cells of a row (`rules.Rule`), checked in this order.
    RULES: ClassVar[tuple[Rule, ...]] = ()
    # Columns the dashboard's CSV export adds after the file's own: known, so that an export loads
    # as a data file, but not part of the documented columns (see RecordRow).
    EXPORTED: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def knows(cls, column: str) -> bool:
        """Whether `column` is one of the model's columns, a per-language version of one, or a column
        the CSV export adds."""
        return (column in cls.model_fields or column in cls.EXPORTED
                or localised_base(column, cls.LOCALISED) is not None)

    @field_validator("*")
    @classmethod
    def _cell_rules(cls, value: object, info: ValidationInfo) -> object:
        for rule in _checked_with_cells(cls).get(info.field_name or "", ()):
            rule.check_row({**info.data, rule.column: value})
        return value

    @model_validator(mode="after")
    def _localised_text(self) -> Row:
        extra = self.__pydantic_extra__ or {}
        for column, value in list(extra.items()):
            if localised_base(column, self.LOCALISED) is None:
                del extra[column]
                continue
            extra[column] = localised_text(column, value)
        return self

    @model_validator(mode="after")
    def _row_rules(self) -> Row:
        for rule in self.RULES:
            if not rule.with_field:
                rule.check_row(vars(self))
        return self


@memoised
def _checked_with_cells(model: type[Row]) -> dict[str, tuple[Rule, ...]]:
    """A model's rules checked with a cell, by the cell's column."""
    found: dict[str, tuple[Rule, ...]] = {}
    for rule in model.RULES:
        if rule.with_field:
            found[rule.column] = (*found.get(rule.column, ()), rule)
    return found


def _misfits(columns: Columns) -> np.ndarray:
    """Rows whose kind is not one of their layer's kinds."""
    fits = vocabulary.LAYERS
    return np.fromiter((kind is not None and layer in fits and kind not in fits[layer].kinds
                        for layer, kind in zip(columns["layer"], columns["kind"], strict=True)),
                       dtype=bool, count=len(columns["kind"]))


def _misfit_message(row: Mapping[str, object]) -> str:
    layer = row["layer"]
    return f"kind must be one of {', '.join(vocabulary.LAYERS[layer].kinds)} for layer {layer}"  # type: ignore[index]


KIND_FITS_LAYER = Rule("kind", ("layer", "kind"), _misfits, _misfit_message, with_field=True)
BOTH_OR_NEITHER = "give both lat and lon, or neither"
RECORD_RULES: tuple[Rule, ...] = (
    KIND_FITS_LAYER,
    needs("lon", ("lat",), "lon", BOTH_OR_NEITHER),
    needs("lat", ("lon",), "lat", BOTH_OR_NEITHER),
    not_before("end", "start", "end date is before start date"),
    not_before("withdrawn", "deployed", "withdrawal date is before deployment date"),
    needs("coord_method", ("coord_method", "coord_name"), "lat",
          "says where lat and lon came from; leave it and coord_name empty when lat and lon are empty"),
)


class SourceRow(Row):
    """A row of sources.csv."""

    # `publisher_<lang>`: the publisher line in a language, where it says more than a name ("citing TASS").
    LOCALISED: ClassVar[tuple[str, ...]] = ("publisher",)

    id: Slug
    publisher: Text
    title: Text
    url: OptText
    date: SourceDate
    language: Text
    reliability: ReliabilityGrade


class RecordRow(Row):
    """A row of records.csv: one location record, its columns in the documented order.

    A field with a `title` is listed, under that label, in the map's details panel.
    """

    # `doubt_<lang>`: what is uncertain about the row, and why.
    LOCALISED: ClassVar[tuple[str, ...]] = ("name", "unit", "hours", "summary", "doubt")
    # The CSV export's own columns: the status on the view's date, where the coordinates came from
    # (kept on load, so a re-loaded export still says a point came from the gazetteer), and the figures,
    # events and sources written out as text (ignored on load: figures.csv, events.csv and sources.csv
    # hold them).
    EXPORTED: ClassVar[tuple[str, ...]] = ("status", "coord_method", "coord_name", "figures", "events",
                                           "source_details", "corrections")
    RULES: ClassVar[tuple[Rule, ...]] = RECORD_RULES

    id: Slug = Field(title=N_("Record id"))
    name: Text
    place: OptText = Field(None, title=N_("Place"))
    country: Country = Field(title=N_("Country"))
    layer: LayerName = Field(title=N_("Layer"))
    kind: OptText = Field(None, title=N_("Kind"))
    contingent: OptCountry = Field(None, title=N_("Contingent of"))
    unit: OptText = Field(None, title=N_("Units"))
    arrival: OptText = Field(None, title=N_("Arrived at (record)"))
    lat: Lat = None
    lon: Lon = None
    precision: OptPrecision = None
    start: OptDate = Field(None, title=N_("From"))
    end: OptDate = Field(None, title=N_("Until"))
    deployed: OptDate = Field(None, title=N_("Deployed"))
    withdrawal_start: OptDate = Field(None, title=N_("Withdrawal began"))
    withdrawn: OptDate = Field(None, title=N_("Withdrawn"))
    hours: OptText = Field(None, title=N_("Hours"))
    sources: IdList
    # Old ids of this record (renamed, or merged into it): links that name one still open it.
    aliases: Names = []
    # Exported, not documented: where given coordinates came from (empty: given in this file).
    coord_method: OptCoordMethod = None
    coord_name: OptText = None


# records.csv's columns in the documented order; per-language columns follow them.
RECORD_COLUMNS: tuple[str, ...] = tuple(f for f in RecordRow.model_fields if f not in RecordRow.EXPORTED)


class FigureRow(Row):
    """A row of figures.csv: one figure as one source gave it on one date."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("note", "doubt")

    # Stable: kept when the row is corrected (blank: made from record, metric and value, see
    # `dashboard.data.ids`).
    id: OptSlug = None
    record: Slug
    metric: MetricName
    value: Count
    qualifier: QualifierName = "exact"
    date: Date
    # withdrawn or superseded; blank while the figure stands.
    status: OptFigureStatus = None
    sources: IdList


class EventRow(Row):
    """A row of events.csv: one dated event of the chronology, at the place of one record."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("summary", "doubt")
    RULES: ClassVar[tuple[Rule, ...]] = (not_before("end", "date", "end date is before the event's date"),)

    # Stable: kept when the row is corrected (blank: made from date, record and kind).
    id: OptSlug = None
    date: Date
    time: OptTime = None
    end: OptDate = None
    record: Slug
    kind: EventKind
    sources: IdList


class CorrectionRow(Row):
    """A row of corrections.csv: what was wrong in one row of a table, and what is right."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("summary",)

    date: Date
    table: TableName
    id: Slug
    sources: IdList


class UpdateRow(Row):
    """A row of updates.csv: what was added to the data on a date. The editors' desk fills the time (UTC),
    the editor, the save (its id in the folder's history) and the rows it touched (`table:id; …`);
    rows written by hand may leave them empty."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("summary",)

    date: Date
    time: OptTime = None
    editor: OptText = None
    save: OptText = None
    touched: OptText = None
    sources: IdList


class PlaceRow(Row):
    """A row of gazetteer/places.csv: a curated place the gazetteer lacks."""

    name: Text
    country: Country
    lat: Latitude
    lon: Longitude
    precision: PrecisionName
    aliases: Names = []
    sources: IdList
    note: OptText = None


class AliasRow(Row):
    """A row of gazetteer/aliases.csv: an extra spelling of a known place."""

    alias: Text
    name: Text
    country: Country
