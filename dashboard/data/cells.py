"""The kinds of cell the data format knows: text, optional text, dates, coordinates, countries, id lists,
slugs and per-language text, each a pydantic type with the before-validators that read it from a string.

`dashboard.data.schema` builds its row models from them; `dashboard.data.checks` reads the same types
back out of the models to check a column at once. `given` and `earlier` help the models state their
cross-field rules column-wise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated

import numpy as np
import pycountry
from pydantic import BeforeValidator, Field

from dashboard.data.countries import country_code

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


MAX_TEXT = 5000  # characters in one cell: a long summary fits, a pasted document does not
Text = Annotated[str, BeforeValidator(strip), Field(min_length=1, max_length=MAX_TEXT)]
OptText = Annotated[Annotated[str, Field(max_length=MAX_TEXT)] | None, BeforeValidator(blank_to_none)]
OptDate = Annotated[dt.date | None, BeforeValidator(blank_to_none)]
OptFloat = Annotated[float | None, BeforeValidator(blank_to_none)]
Country = Annotated[str, BeforeValidator(country)]
OptCountry = Annotated[str | None, BeforeValidator(opt_country)]
IdList = Annotated[list[str], BeforeValidator(split_ids), Field(min_length=1)]
Slug = Annotated[str, BeforeValidator(strip), Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Lat = Annotated[Annotated[float, Field(ge=-90, le=90)] | None, BeforeValidator(blank_to_none)]
Lon = Annotated[Annotated[float, Field(ge=-180, le=180)] | None, BeforeValidator(blank_to_none)]


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


def given(values: Sequence[object]) -> np.ndarray:
    """Which cells of a column hold a value."""
    return np.fromiter((v is not None for v in values), dtype=bool, count=len(values))


def earlier(second: Sequence[object], first: Sequence[object]) -> np.ndarray:
    """Rows where both dates are given and `second` is before `first`."""
    found = np.zeros(len(second), dtype=bool)
    both = np.flatnonzero(given(second) & given(first))
    found[both] = [second[i] < first[i] for i in both.tolist()]  # type: ignore[operator]
    return found
