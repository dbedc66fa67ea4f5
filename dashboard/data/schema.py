"""The data format: one pydantic model per table row.

Every cell arrives as a string; the models turn them into typed values or say what is wrong. The
allowed words (layers, kinds, metrics …) come from `dashboard.vocabulary`. `docs/data-format.md`
documents the same columns for the people who edit the files.

The models are the one statement of the rules. `dashboard.data.checks` reads each field's checks from them
(its before-validators, type and constraints; the cell types are in `dashboard.data.cells`) to validate a
table column by column; the rules that span several cells have a column-wise twin here, beside the
validator they repeat (`Row.conflicts`), and each model names the validators those twins cover
(`Row.COLUMN_TWINS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from dashboard import vocabulary
from dashboard.data.cells import (
    Country,
    IdList,
    Lat,
    Lon,
    OptCountry,
    OptDate,
    OptText,
    Slug,
    Text,
    blank_to_none,
    earlier,
    exact_if_blank,
    given,
    localised_base,
    localised_text,
    split_ids,
)
from dashboard.i18n import N_

# The allowed values of each vocabulary column, as pydantic Literals derived from the one vocabulary.
LayerName = Literal[tuple(vocabulary.LAYERS)]  # type: ignore[valid-type]
MetricName = Literal[tuple(vocabulary.METRICS)]  # type: ignore[valid-type]
EventKind = Literal[tuple(vocabulary.EVENT_KINDS)]  # type: ignore[valid-type]
QualifierName = Literal[tuple(vocabulary.QUALIFIERS)]  # type: ignore[valid-type]
ReliabilityGrade = Literal[tuple(vocabulary.RELIABILITY)]  # type: ignore[valid-type]
PrecisionName = Literal[tuple(vocabulary.PRECISIONS)]  # type: ignore[valid-type]
CoordMethod = Literal[tuple(vocabulary.COORD_METHODS)]  # type: ignore[valid-type]

RECORD_REQUIRED: tuple[str, ...] = ("id", "name", "country", "layer", "sources")
SOURCE_REQUIRED: tuple[str, ...] = ("id", "publisher", "title", "url", "date", "language", "reliability")
FIGURE_REQUIRED: tuple[str, ...] = ("record", "metric", "value", "date", "sources")
EVENT_REQUIRED: tuple[str, ...] = ("date", "record", "kind", "sources")
PLACE_REQUIRED: tuple[str, ...] = ("name", "country", "lat", "lon", "precision", "sources")
ALIAS_REQUIRED: tuple[str, ...] = ("alias", "name", "country")


class Row(BaseModel):
    """Common settings. Per-language columns (see LOCALISED) are kept as extra fields; the reader of the
    file reports any other unknown column."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    LOCALISED: ClassVar[tuple[str, ...]] = ()
    # The validators (other than before-validators) whose rules the column-wise validator repeats: in
    # `conflicts`, and for `_localised_text` in `localised_text`. It validates a model with any other such
    # validator row by row.
    COLUMN_TWINS: ClassVar[frozenset[str]] = frozenset({"_localised_text"})
    # Columns the dashboard's CSV export adds after the file's own: known, so that an export loads
    # as a data file, but not part of the documented columns (see RecordRow).
    EXPORTED: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def knows(cls, column: str) -> bool:
        """Whether `column` is one of the model's columns, a per-language version of one, or a column
        the CSV export adds."""
        return (column in cls.model_fields or column in cls.EXPORTED
                or localised_base(column, cls.LOCALISED) is not None)

    @model_validator(mode="after")
    def _localised_text(self) -> Row:
        extra = self.__pydantic_extra__ or {}
        for column, value in list(extra.items()):
            if localised_base(column, self.LOCALISED) is None:
                del extra[column]
                continue
            extra[column] = localised_text(column, value)
        return self

    @classmethod
    def conflicts(cls, values: Mapping[str, Sequence[object]]) -> np.ndarray:
        """The column-wise twin of the model's cross-field validators: given every field's typed values
        (None where blank or invalid), the rows that break one of them. Flagging too many is safe (such a
        row is validated by the model); missing one is not."""
        return np.zeros(len(next(iter(values.values()), ())), dtype=bool)


class SourceRow(Row):
    """A row of sources.csv."""

    id: Slug
    publisher: Text
    title: Text
    url: OptText
    date: OptDate
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
                                           "source_details")
    COLUMN_TWINS: ClassVar[frozenset[str]] = Row.COLUMN_TWINS | {"_kind_fits_layer", "_consistent"}

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
    precision: Annotated[PrecisionName | None, BeforeValidator(blank_to_none)] = None
    start: OptDate = Field(None, title=N_("From"))
    end: OptDate = Field(None, title=N_("Until"))
    deployed: OptDate = Field(None, title=N_("Deployed"))
    withdrawal_start: OptDate = Field(None, title=N_("Withdrawal began"))
    withdrawn: OptDate = Field(None, title=N_("Withdrawn"))
    hours: OptText = Field(None, title=N_("Hours"))
    sources: IdList
    # Exported, not documented: where given coordinates came from (empty: given in this file).
    coord_method: Annotated[CoordMethod | None, BeforeValidator(blank_to_none)] = None
    coord_name: OptText = None

    @field_validator("kind")
    @classmethod
    def _kind_fits_layer(cls, value: str | None, info) -> str | None:
        layer = vocabulary.LAYERS.get(info.data.get("layer"))
        if value is not None and layer is not None and value not in layer.kinds:
            raise ValueError(f"kind must be one of {', '.join(layer.kinds)} for layer {info.data['layer']}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RecordRow:
        if (self.lat is None) != (self.lon is None):
            missing = "lon" if self.lon is None else "lat"
            raise ValueError(f"{missing}: give both lat and lon, or neither")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end: end date is before start date")
        if self.deployed and self.withdrawn and self.withdrawn < self.deployed:
            raise ValueError("withdrawn: withdrawal date is before deployment date")
        if (self.coord_method or self.coord_name) and self.lat is None:
            raise ValueError("coord_method: says where lat and lon came from; leave it and coord_name "
                             "empty when lat and lon are empty")
        return self

    @classmethod
    def conflicts(cls, values: Mapping[str, Sequence[object]]) -> np.ndarray:
        """`_kind_fits_layer` and `_consistent`, column-wise (see `Row.conflicts`)."""
        fits = {(name, kind) for name, layer in vocabulary.LAYERS.items() for kind in layer.kinds}
        kinds = zip(values["layer"], values["kind"], strict=True)
        misfit = np.fromiter((k is not None and (layer, k) not in fits for layer, k in kinds), dtype=bool,
                             count=len(values["kind"]))
        lat = given(values["lat"])
        coords_named = given(values["coord_method"]) | given(values["coord_name"])
        return (misfit | (lat != given(values["lon"])) | earlier(values["end"], values["start"])
                | earlier(values["withdrawn"], values["deployed"]) | (coords_named & ~lat))


# records.csv's columns in the documented order; per-language columns follow them.
RECORD_COLUMNS: tuple[str, ...] = tuple(f for f in RecordRow.model_fields if f not in RecordRow.EXPORTED)


class FigureRow(Row):
    """A row of figures.csv: one figure as one source gave it on one date."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("note", "doubt")

    record: Slug
    metric: MetricName
    value: Annotated[int, Field(ge=0)]
    qualifier: Annotated[QualifierName, BeforeValidator(exact_if_blank)] = "exact"
    date: dt.date
    sources: IdList

    @field_validator("value", mode="before")
    @classmethod
    def _plain_number(cls, value: object) -> object:
        if isinstance(value, str):
            digits = value.strip().replace(",", "").replace("_", "")
            if not digits.isdigit():
                raise ValueError(f"not a whole non-negative number: {value.strip()!r}")
            return int(digits)
        return value


class EventRow(Row):
    """A row of events.csv: one dated event of the chronology, at the place of one record."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("summary", "doubt")
    COLUMN_TWINS: ClassVar[frozenset[str]] = Row.COLUMN_TWINS | {"_ends_after_it_starts"}

    date: dt.date
    time: Annotated[dt.time | None, BeforeValidator(blank_to_none)] = None
    end: OptDate = None
    record: Slug
    kind: EventKind
    sources: IdList

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> EventRow:
        if self.end and self.end < self.date:
            raise ValueError("end: end date is before the event's date")
        return self

    @classmethod
    def conflicts(cls, values: Mapping[str, Sequence[object]]) -> np.ndarray:
        """`_ends_after_it_starts`, column-wise (see `Row.conflicts`)."""
        return earlier(values["end"], values["date"])


class PlaceRow(Row):
    """A row of gazetteer/places.csv: a curated place the gazetteer lacks."""

    name: Text
    country: Country
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: PrecisionName
    aliases: Annotated[list[str], BeforeValidator(split_ids)] = []
    sources: IdList
    note: OptText = None


class AliasRow(Row):
    """A row of gazetteer/aliases.csv: an extra spelling of a known place."""

    alias: Text
    name: Text
    country: Country
