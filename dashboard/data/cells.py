"""The kinds of cell the data format knows: text, optional text, dates, coordinates, countries, id lists,
slugs, counts and per-language text, each declared once as a `rules.Cell` with the before-validator that
reads it from a string.

`dashboard.data.schema` declares its row models' fields with their pydantic types (`Text`, `Slug` …);
`dashboard.data.columns` checks whole columns with the checks built from the same declarations.
"""

from __future__ import annotations

import datetime as dt
import re

import pycountry

from dashboard.data.countries import country_code
from dashboard.data.rules import Cell

# A per-language version of a column is its name, "_" and an ISO 639-1 code: `summary_de`, `name_ru`.
# Which columns have them is each model's LOCALISED; they are found by their suffix, for any language.
LANGUAGE_SUFFIX = re.compile(r"^(?P<base>[a-z]+)_(?P<lang>[a-z]{2})$")

# The before-validators: each takes the cell as it arrives (a string, for a file) and hands pydantic the
# value to check; anything else passes through untouched.


def strip(value: object) -> object:
    """Text without surrounding whitespace."""
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value: object) -> object:
    """Text without surrounding whitespace; a blank cell is None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def split_ids(value: object) -> object:
    """`a; b;;c` -> ["a", "b", "c"]."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def country(value: object) -> object:
    """A country name or code as its ISO alpha-2 code; ValueError when it names no country."""
    if isinstance(value, str):
        code = country_code(value)
        if code is None:
            raise ValueError(f"unknown country {value.strip()!r}")
        return code
    return value


def opt_country(value: object) -> object:
    """As `country`, but a blank cell is None."""
    return country(blank_to_none(value))


def exact_if_blank(value: object) -> object:
    """A figure's qualifier: a blank cell is "exact"."""
    return (value.strip() or "exact") if isinstance(value, str) else value


def plain_number(value: object) -> object:
    """A whole non-negative number as written in a sheet: "1,000" and "1_000" are 1000; ValueError for
    anything else written as text."""
    if isinstance(value, str):
        digits = value.strip().replace(",", "").replace("_", "")
        if not digits.isdigit():
            raise ValueError(f"not a whole non-negative number: {value.strip()!r}")
        return int(digits)
    return value


MAX_TEXT = 5000  # characters in one cell: a long summary fits, a pasted document does not
Text = Cell(str, strip, min_length=1, max_length=MAX_TEXT).annotation
OptText = Cell(str, blank_to_none, optional=True, max_length=MAX_TEXT).annotation
# The window every date of the data lies in, in every table and log: from the month before the unrest
# to the day the data is read (so a typo such as 2099-12-31 is a problem, not "Updated 31 December 2099").
FIRST_DATE = dt.date(2021, 12, 1)
LAST_DATE = dt.date.today()  # when the process started: a server running past midnight keeps its day
Date = Cell(dt.date, ge=FIRST_DATE, le=LAST_DATE).annotation
OptDate = Cell(dt.date, blank_to_none, optional=True, ge=FIRST_DATE, le=LAST_DATE).annotation
# A source may be older than the unrest (background: a law, a time-zone change), not older than the
# country it is about: from Kazakhstan's independence to today.
SOURCES_FIRST_DATE = dt.date(1991, 12, 16)
SourceDate = Cell(dt.date, blank_to_none, optional=True, ge=SOURCES_FIRST_DATE, le=LAST_DATE).annotation
OptTime = Cell(dt.time, blank_to_none, optional=True).annotation
Country = Cell(str, country).annotation
OptCountry = Cell(str, opt_country, optional=True).annotation
IdList = Cell(list[str], split_ids, min_length=1).annotation
Names = Cell(list[str], split_ids).annotation  # as IdList, but may be empty
Slug = Cell(str, strip, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80).annotation
OptSlug = Cell(str, blank_to_none, optional=True, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80).annotation
Lat = Cell(float, blank_to_none, optional=True, ge=-90, le=90).annotation
Lon = Cell(float, blank_to_none, optional=True, ge=-180, le=180).annotation
Latitude = Cell(float, ge=-90, le=90).annotation  # required
Longitude = Cell(float, ge=-180, le=180).annotation
Count = Cell(int, plain_number, ge=0).annotation


def word(words: object, *, optional: bool = False, read: object = None) -> object:
    """The pydantic type of a cell that holds one of `words` (a vocabulary table's keys), as spelt;
    with `optional` a blank cell is None."""
    reader = blank_to_none if optional and read is None else read
    return Cell(tuple(words), reader, optional=optional).annotation


def localised_base(column: str, localised: tuple[str, ...]) -> str | None:
    """The column a per-language column translates (`summary_de` -> `summary`), or None."""
    match = LANGUAGE_SUFFIX.match(column)
    if match is None or match["base"] not in localised:
        return None
    return match["base"] if pycountry.languages.get(alpha_2=match["lang"]) is not None else None


def localised_text(column: str, value: object) -> object:
    """A per-language cell as the model keeps it (blank: None); ValueError when it is too long."""
    text = blank_to_none(value)
    if isinstance(text, str) and len(text) > MAX_TEXT:
        raise ValueError(f"{column}: String should have at most {MAX_TEXT} characters")
    return text
