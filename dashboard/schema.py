"""The data format: one pydantic model per table row, and the vocabularies they use.

Every cell arrives as a string; the models turn them into typed values or say what is wrong.
README.md ("Data format") documents the same columns for the people who edit the files.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from dashboard.countries import country_code

LAYERS: tuple[str, ...] = (
    "host", "contingent", "troop_origin", "key_site", "decision_centre", "unrest",
)
KINDS: dict[str, tuple[str, ...]] = {
    "host": ("country",),
    "contingent": ("country",),
    "troop_origin": ("departure_base", "home_base"),
    "key_site": ("airport", "airfield", "guarded_object", "headquarters", "evacuation"),
    "decision_centre": ("capital",),
    "unrest": ("protest", "riot", "seizure", "arson", "clash"),
}
METRICS: tuple[str, ...] = (
    "troops", "vehicles", "aircraft", "deaths", "injured", "arrests", "evacuated",
)
QUALIFIERS: tuple[str, ...] = ("exact", "about", "more_than", "at_least", "up_to")
RELIABILITY: tuple[str, ...] = ("primary", "wire", "secondary", "aggregator")
PRECISION_VALUES: tuple[str, ...] = ("point", "city", "region", "country")

RECORD_REQUIRED: tuple[str, ...] = ("id", "name", "country", "layer", "sources")
# Every records.csv column in the documented order (README "Data format").
RECORD_COLUMNS: tuple[str, ...] = (
    "id", "name", "place", "country", "layer", "kind", "contingent", "unit", "arrival", "lat", "lon",
    "precision", "start", "end", "deployed", "withdrawal_start", "withdrawn", "hours", "sources",
    "summary_en", "summary_de", "name_de", "unit_de", "hours_de",
)
# Columns with a German version (`name` -> `name_de`): the German interface shows it where given.
GERMAN_COLUMNS: dict[str, str] = {"name": "name_de", "unit": "unit_de", "hours": "hours_de"}
SOURCE_REQUIRED: tuple[str, ...] = (
    "id", "publisher", "title", "url", "date", "language", "reliability",
)
FIGURE_REQUIRED: tuple[str, ...] = ("record", "metric", "value", "date", "sources")
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


class Row(BaseModel):
    """Common settings: unknown columns are kept aside, not rejected."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class SourceRow(Row):
    """A row of sources.csv."""

    id: Slug
    publisher: Text
    title: Text
    url: OptText
    date: OptDate
    language: Text
    reliability: Literal["primary", "wire", "secondary", "aggregator"]


class RecordRow(Row):
    """A row of records.csv: one location record."""

    id: Slug
    name: Text
    country: Country
    layer: Literal["host", "contingent", "troop_origin", "key_site", "decision_centre", "unrest"]
    sources: IdList
    place: OptText = None
    lat: Lat = None
    lon: Lon = None
    precision: Annotated[
        Literal["point", "city", "region", "country"] | None, BeforeValidator(_blank_to_none)
    ] = None
    kind: OptText = None
    contingent: OptCountry = None
    unit: OptText = None
    arrival: OptText = None
    start: OptDate = None
    end: OptDate = None
    deployed: OptDate = None
    withdrawal_start: OptDate = None
    withdrawn: OptDate = None
    hours: OptText = None
    summary_en: OptText = None
    summary_de: OptText = None
    name_de: OptText = None
    unit_de: OptText = None
    hours_de: OptText = None

    @field_validator("kind")
    @classmethod
    def _kind_fits_layer(cls, value: str | None, info) -> str | None:
        layer = info.data.get("layer")
        if value is not None and layer in KINDS and value not in KINDS[layer]:
            raise ValueError(f"kind must be one of {', '.join(KINDS[layer])} for layer {layer}")
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
        return self


class FigureRow(Row):
    """A row of figures.csv: one figure as one source gave it on one date."""

    record: Slug
    metric: Literal["troops", "vehicles", "aircraft", "deaths", "injured", "arrests", "evacuated"]
    value: Annotated[int, Field(ge=0)]
    qualifier: Annotated[
        Literal["exact", "about", "more_than", "at_least", "up_to"], BeforeValidator(
            lambda v: (v.strip() or "exact") if isinstance(v, str) else v)
    ] = "exact"
    date: dt.date
    sources: IdList
    note_en: OptText = None
    note_de: OptText = None

    @field_validator("value", mode="before")
    @classmethod
    def _plain_number(cls, value: object) -> object:
        if isinstance(value, str):
            digits = value.strip().replace(",", "").replace("_", "")
            if not digits.isdigit():
                raise ValueError(f"not a whole non-negative number: {value.strip()!r}")
            return int(digits)
        return value


class PlaceRow(Row):
    """A row of gazetteer/places.csv: a curated place the gazetteer lacks."""

    name: Text
    country: Country
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: Literal["point", "city", "region", "country"]
    aliases: Annotated[list[str], BeforeValidator(_split_ids)] = []
    sources: IdList
    note: OptText = None


class AliasRow(Row):
    """A row of gazetteer/aliases.csv: an extra spelling of a known place."""

    alias: Text
    name: Text
    country: Country
