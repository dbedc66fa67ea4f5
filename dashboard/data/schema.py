"""The data format: one pydantic model per table row.

Every cell arrives as a string; the models turn them into typed values or say what is wrong. The
allowed words (layers, kinds, metrics …) come from `dashboard.vocabulary`. README.md ("Data format")
documents the same columns for the people who edit the files.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal

import pycountry
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from dashboard import vocabulary
from dashboard.data.countries import country_code
from dashboard.i18n import N_

# The allowed values of each vocabulary column, as pydantic Literals derived from the one vocabulary.
LayerName = Literal[tuple(vocabulary.LAYERS)]  # type: ignore[valid-type]
MetricName = Literal[tuple(vocabulary.METRICS)]  # type: ignore[valid-type]
EventKind = Literal[tuple(vocabulary.EVENT_KINDS)]  # type: ignore[valid-type]
QualifierName = Literal[tuple(vocabulary.QUALIFIERS)]  # type: ignore[valid-type]
ReliabilityGrade = Literal[tuple(vocabulary.RELIABILITY)]  # type: ignore[valid-type]
PrecisionName = Literal[tuple(vocabulary.PRECISIONS)]  # type: ignore[valid-type]
CoordMethod = Literal[tuple(vocabulary.COORD_METHODS)]  # type: ignore[valid-type]

# A per-language version of a column is its name, "_" and an ISO 639-1 code: `summary_de`, `name_ru`.
# Which columns have them is each model's LOCALISED; they are found by their suffix, for any language.
LANGUAGE_SUFFIX = re.compile(r"^(?P<base>[a-z]+)_(?P<lang>[a-z]{2})$")

RECORD_REQUIRED: tuple[str, ...] = ("id", "name", "country", "layer", "sources")
SOURCE_REQUIRED: tuple[str, ...] = ("id", "publisher", "title", "url", "date", "language", "reliability")
FIGURE_REQUIRED: tuple[str, ...] = ("record", "metric", "value", "date", "sources")
EVENT_REQUIRED: tuple[str, ...] = ("date", "record", "kind", "sources")
PLACE_REQUIRED: tuple[str, ...] = ("name", "country", "lat", "lon", "precision", "sources")
ALIAS_REQUIRED: tuple[str, ...] = ("alias", "name", "country")


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _split_ids(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _country(value: object) -> object:
    if isinstance(value, str):
        code = country_code(value)
        if code is None:
            raise ValueError(f"unknown country {value.strip()!r}")
        return code
    return value


MAX_TEXT = 5000  # characters in one cell: a long summary fits, a pasted document does not
Text = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
                 Field(min_length=1, max_length=MAX_TEXT)]
OptText = Annotated[Annotated[str, Field(max_length=MAX_TEXT)] | None, BeforeValidator(_blank_to_none)]
OptDate = Annotated[dt.date | None, BeforeValidator(_blank_to_none)]
OptFloat = Annotated[float | None, BeforeValidator(_blank_to_none)]
Country = Annotated[str, BeforeValidator(_country)]
OptCountry = Annotated[str | None, BeforeValidator(lambda v: _country(_blank_to_none(v)))]
IdList = Annotated[list[str], BeforeValidator(_split_ids), Field(min_length=1)]
Slug = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
                 Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Lat = Annotated[Annotated[float, Field(ge=-90, le=90)] | None, BeforeValidator(_blank_to_none)]
Lon = Annotated[Annotated[float, Field(ge=-180, le=180)] | None, BeforeValidator(_blank_to_none)]


def localised_base(column: str, localised: tuple[str, ...]) -> str | None:
    """The column a per-language column translates (`summary_de` -> `summary`), or None."""
    match = LANGUAGE_SUFFIX.match(column)
    if match is None or match["base"] not in localised:
        return None
    return match["base"] if pycountry.languages.get(alpha_2=match["lang"]) is not None else None


class Row(BaseModel):
    """Common settings. Per-language columns (see LOCALISED) are kept as extra fields; the reader of the
    file reports any other unknown column."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    LOCALISED: ClassVar[tuple[str, ...]] = ()
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
            text = _blank_to_none(value)
            if isinstance(text, str) and len(text) > MAX_TEXT:
                raise ValueError(f"{column}: String should have at most {MAX_TEXT} characters")
            extra[column] = text
        return self


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
    precision: Annotated[PrecisionName | None, BeforeValidator(_blank_to_none)] = None
    start: OptDate = Field(None, title=N_("From"))
    end: OptDate = Field(None, title=N_("Until"))
    deployed: OptDate = Field(None, title=N_("Deployed"))
    withdrawal_start: OptDate = Field(None, title=N_("Withdrawal began"))
    withdrawn: OptDate = Field(None, title=N_("Withdrawn"))
    hours: OptText = Field(None, title=N_("Hours"))
    sources: IdList
    # Exported, not documented: where given coordinates came from (empty: given in this file).
    coord_method: Annotated[CoordMethod | None, BeforeValidator(_blank_to_none)] = None
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


# records.csv's columns in the documented order; per-language columns follow them.
RECORD_COLUMNS: tuple[str, ...] = tuple(f for f in RecordRow.model_fields if f not in RecordRow.EXPORTED)


class FigureRow(Row):
    """A row of figures.csv: one figure as one source gave it on one date."""

    LOCALISED: ClassVar[tuple[str, ...]] = ("note", "doubt")

    record: Slug
    metric: MetricName
    value: Annotated[int, Field(ge=0)]
    qualifier: Annotated[
        QualifierName, BeforeValidator(lambda v: (v.strip() or "exact") if isinstance(v, str) else v)
    ] = "exact"
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

    date: dt.date
    time: Annotated[dt.time | None, BeforeValidator(_blank_to_none)] = None
    end: OptDate = None
    record: Slug
    kind: EventKind
    sources: IdList

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> EventRow:
        if self.end and self.end < self.date:
            raise ValueError("end: end date is before the event's date")
        return self


class PlaceRow(Row):
    """A row of gazetteer/places.csv: a curated place the gazetteer lacks."""

    name: Text
    country: Country
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: PrecisionName
    aliases: Annotated[list[str], BeforeValidator(_split_ids)] = []
    sources: IdList
    note: OptText = None


class AliasRow(Row):
    """A row of gazetteer/aliases.csv: an extra spelling of a known place."""

    alias: Text
    name: Text
    country: Country
