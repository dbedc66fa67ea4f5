"""The view as URL query parameters: parsing a shared link, and writing the current view back.

`?country=AM,BY&date=2022-01-14&layers=troops,unrest&record=am-zvartnots&lang=de&center=40.1,44.4&zoom=6`

Parsing never raises and never touches files: each bad value is dropped with a notice and the rest
applies. Values only ever select among known countries, layers and record ids. The rules are data, in
`dashboard.view.grammar`; this module applies them, as the published edition's link.js does.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

import numpy as np

from dashboard.geo.dataset import Dataset
from dashboard.i18n import Translator
from dashboard.memo import memoised
from dashboard.view.grammar import (
    COUNTRIES,
    LAYERS,
    MAX_VALUE_LENGTH,
    MAX_ZOOM,
    MIN_ZOOM,
    STREAMLIT_KEYS,
    country_aliases,
    normalized,
    rules,
)
from dashboard.view.status import REPORT_DAY, day_value, from_value

__all__ = ["COUNTRIES", "LAYERS", "MAX_VALUE_LENGTH", "MAX_ZOOM", "MIN_ZOOM", "STREAMLIT_KEYS", "Notice",
           "Parsed", "View", "country_aliases", "in_order", "parse_view", "shown", "view_link", "view_params"]


@dataclass(frozen=True)
class View:
    """Everything a link restores."""

    countries: tuple[str, ...] = COUNTRIES
    date: dt.date = REPORT_DAY
    layers: tuple[str, ...] = LAYERS
    record: str | None = None
    lang: str = "en"
    center: tuple[float, float] | None = None
    zoom: int | None = None


@dataclass(frozen=True)
class Notice:
    """One ignored part of a link, as a catalogue message and its values; `str()` gives the English."""

    message: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The notice in the reader's language."""
        return Translator(lang)(self.message, **dict(self.values))

    def __str__(self) -> str:
        return self.text()


@dataclass
class Parsed:
    """A parsed link: the view it asks for and one notice per ignored part."""

    view: View
    notices: list[Notice] = field(default_factory=list)



def in_order(codes: Iterable[str]) -> tuple[str, ...]:
    """The chosen country codes in the filter's order (host first), whatever order they were picked in."""
    chosen = set(codes)
    return tuple(c for c in COUNTRIES if c in chosen)


def shown(value: str, limit: int | None = None) -> str:
    """A user-supplied value made safe to quote in a notice: short, one line, no markup characters (the
    grammar's `quote`)."""
    quote = rules()["quote"]
    limit = quote["limit"] if limit is None else limit
    text = normalized(value, ({"squeeze": rules()["space"]}, "trim"))
    text = "".join(ch for ch in text if ch not in quote["drop"])
    return text if len(text) <= limit else text[: limit - 1] + quote["ellipsis"]


# ---- the grammar applied ------------------------------------------------------------------------
# One reading of each value type of `dashboard.view.grammar`; link.js reads the same data the same way.

def _said(notice: Mapping[str, object], **values: object) -> Notice:
    """A grammar notice with the reader's values, then the values it always shows."""
    return Notice(str(notice["message"]), tuple((k, str(v)) for k, v in values.items())
                  + tuple(notice["values"].items()))


@memoised
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _apply(rule: Mapping[str, object], value: str,
           record_ids: Container[str]) -> tuple[object, Notice | None]:
    """The value a parameter's `rule` makes of `value` (None when ignored), and the notice if any."""
    kind, notices = rule["type"], rule["notices"]
    if kind == "one":
        key = normalized(value, rule["normalize"])
        if key in rule["aliases"]:
            return rule["aliases"][key], None
        shape = rule.get("shape")
        why = "range" if shape and _pattern(shape).fullmatch(key) else "form"
        return None, _said(notices[why], value=shown(value))
    if kind == "list":
        chosen: set[str] = set()
        bad: list[str] = []
        for part in value.split(rule["separator"]):
            if not part.strip(rules()["space"]):
                continue
            key = normalized(part, rule["normalize"])
            if key in rule["aliases"]:
                chosen.add(rule["aliases"][key])
            else:
                bad.append(shown(part))
        picked = [v for v in rule["order"] if v in chosen]
        if bad:
            return picked or None, _said(notices["form"], value=", ".join(bad))
        return picked, None
    if kind == "record":  # an old id (renamed or merged record) opens the record that has it
        if value not in record_ids:
            return None, _said(notices["form"], value=shown(value))
        return (record_ids[value] if isinstance(record_ids, Mapping) else value), None
    if kind == "pair":
        parts = [p.strip(rules()["space"]) for p in value.split(rule["separator"])]
        if len(parts) != len(rule["ranges"]) or not all(_pattern(rule["number"]).fullmatch(p) for p in parts):
            return None, _said(notices["form"], value=shown(value))
        numbers = [float(p) for p in parts]
        if not all(low <= x <= high for x, (low, high) in zip(numbers, rule["ranges"], strict=True)):
            return None, _said(notices["range"], value=shown(value))
        return numbers, None
    if kind == "integer":
        text = value.strip(rules()["space"])
        if not _pattern(rule["number"]).fullmatch(text):
            return None, _said(notices["form"], value=shown(value))
        number = int(text)
        low, high = rule["range"]
        if not low <= number <= high:
            return None, _said(notices["range"], value=shown(value))
        return number, None
    raise ValueError(f"unknown value type {kind!r}")


def parse_view(params: Mapping[str, Sequence[str]], record_ids: Container[str]) -> Parsed:
    """The view a link asks for. `params` maps each key to all its values (keys may repeat).
    `record_ids` holds the ids a link may open; a mapping maps each (current or old) id to the record's
    current id.

    Unknown keys, repeated keys (the first value is used), over-long values, unknown countries,
    layers and record ids, and malformed or out-of-range values are each reported in a notice. The
    rules are the grammar's (`dashboard.view.grammar.rules`).
    """
    grammar = rules()
    asked: dict[str, object] = {key: rule["default"] for key, rule in grammar["params"].items()}
    notices: list[Notice] = []
    for key, values in params.items():
        if key in grammar["skip"]:
            continue
        if key not in grammar["params"]:
            notices.append(_said(grammar["notices"]["unknown"], value=shown(key)))
            continue
        values = list(values)
        if not values:
            continue
        if len(values) > 1:
            notices.append(_said(grammar["notices"]["repeated"], key=key, count=len(values)))
        value = values[0]
        if len(value) > grammar["max_length"]:
            notices.append(_said(grammar["notices"]["too_long"], key=key, count=len(value)))
            continue
        got, notice = _apply(grammar["params"][key], value, record_ids)
        if got is not None:
            asked[key] = got
        if notice:
            notices.append(notice)
    view = View(countries=tuple(asked["country"]), date=from_value(asked["date"]),
                layers=tuple(asked["layers"]), record=asked["record"], lang=asked["lang"],
                center=tuple(asked["center"]) if asked["center"] is not None else None, zoom=asked["zoom"])
    return Parsed(view, notices)


def _fixed(number: float, decimals: int) -> str:
    """`number` with `decimals` digits after the point, its exact value rounded half away from zero (as
    JavaScript's toFixed writes it); zero without a sign."""
    if not math.isfinite(number):
        return str(number)
    exact = Decimal(number if number else 0.0)  # -0.0 as 0.0
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _written(rule: Mapping[str, object], value: object) -> str:
    """A parameter's value as the canonical link writes it."""
    kind = rule["type"]
    if kind == "list":
        return rule["separator"].join(value)
    if kind == "pair":
        return rule["separator"].join(_fixed(float(x), rule["decimals"]) for x in value)
    return str(value)


def view_params(view: View) -> dict[str, str]:
    """The query parameters of a view, in the grammar's order; what is unset (no record, a map position
    not known yet) is left out."""
    grammar = rules()
    values = {"country": view.countries, "date": day_value(view.date), "layers": view.layers,
              "lang": view.lang, "record": view.record, "center": view.center, "zoom": view.zoom}
    return {key: _written(grammar["params"][key], values[key]) for key in grammar["keys"]
            if values[key] is not None}


def view_link(base_url: str, view: View) -> str:
    """The full link of a view: the page address (as a folder, `/` at the end) plus its query string."""
    page = base_url.split("?")[0].split("#")[0]
    return f"{page if page.endswith('/') else page + '/'}?{urlencode(view_params(view), safe=',')}"


class RecordIds(Mapping[str, str]):
    """Each record's id, and each old id of a renamed or merged record (`Dataset.aliases`), to the id of
    the record that has it now: what a link may name (`view.link.parse_view`). Looked up, never built: a
    session's first run passes it whether or not its link names a record (building the whole mapping
    took a second at a million records)."""

    def __init__(self, data: Dataset) -> None:
        self._data = data

    def _current(self, key: object) -> bool:
        return isinstance(key, str) and bool(np.any(self._data.records["id"].to_numpy() == key))

    def __getitem__(self, key: str) -> str:
        if self._current(key):
            return key
        return self._data.aliases()[key]

    def __contains__(self, key: object) -> bool:
        return self._current(key) or key in self._data.aliases()

    def __iter__(self) -> Iterator[str]:
        ids = [str(rid) for rid in self._data.records["id"]]
        current = set(ids)
        return iter([*ids, *(alias for alias in self._data.aliases() if alias not in current)])

    def __len__(self) -> int:
        return sum(1 for _ in self)
