"""The view as URL query parameters: parsing a shared link, and writing the current view back.

`?country=AM,BY&date=2022-01-14&layers=troops,unrest&record=am-zvartnots&lang=de&center=40.1,44.4&zoom=6`

Parsing never raises and never touches files: each bad value is dropped with a notice and the rest
applies. Values only ever select among known countries, layers and record ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from dashboard.data.countries import CONTRIBUTORS, HOST, country_code, names_by_code
from dashboard.i18n import LANGUAGES, Translator
from dashboard.view.status import FIRST_DAY, LAST_DAY, REPORT_DAY
from dashboard.vocabulary import GROUPS

COUNTRIES: tuple[str, ...] = (HOST, *CONTRIBUTORS)
LAYERS: tuple[str, ...] = tuple(GROUPS)  # the map groups a link can switch on
MIN_ZOOM, MAX_ZOOM = 1, 18
MAX_VALUE_LENGTH = 300
# Parameters Streamlit itself reads; they are neither ours nor errors.
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})


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


def _notice(message: str, **values: object) -> Notice:
    return Notice(message, tuple((k, str(v)) for k, v in values.items()))


@dataclass
class Parsed:
    """A parsed link: the view it asks for and one notice per ignored part."""

    view: View
    notices: list[Notice] = field(default_factory=list)


def country_aliases() -> dict[str, str]:
    """Every name a link may give for a filter country, lower-cased, -> its code (for the published
    edition, which reads links without Python)."""
    return {name.lower(): code for code in COUNTRIES for name in names_by_code()[code]}


def in_order(codes: Iterable[str]) -> tuple[str, ...]:
    """The chosen country codes in the filter's order (host first), whatever order they were picked in."""
    chosen = set(codes)
    return tuple(c for c in COUNTRIES if c in chosen)


def shown(value: str, limit: int = 40) -> str:
    """A user-supplied value made safe to quote in a notice: short, one line, no markup characters."""
    text = " ".join(value.split())
    text = "".join(ch for ch in text if ch not in "`<>[]()*_\\$")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _codes(value: str) -> tuple[tuple[str, ...], list[str]]:
    codes: list[str] = []
    bad: list[str] = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        code = country_code(part)
        if code in COUNTRIES:
            if code not in codes:
                codes.append(code)
        else:
            bad.append(part)
    return in_order(codes), bad


def _country(value: str, view: View) -> tuple[View, Notice | None]:
    codes, bad = _codes(value)
    if bad:
        return replace(view, countries=codes) if codes else view, _notice(
            "country: ignored {value} (not one of {known})", value=", ".join(shown(b) for b in bad),
            known=", ".join(COUNTRIES))
    return replace(view, countries=codes), None


def _date(value: str, view: View) -> tuple[View, Notice | None]:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return view, _notice("date: ignored {value} (expected YYYY-MM-DD)", value=shown(value))
    if not FIRST_DAY <= day <= LAST_DAY:
        return view, _notice("date: ignored {value} (outside {first} to {last})", value=day.isoformat(),
                             first=FIRST_DAY, last=LAST_DAY)
    return replace(view, date=day), None


def _layers(value: str, view: View) -> tuple[View, Notice | None]:
    parts = [p.strip().lower() for p in value.split(",") if p.strip()]
    bad = [p for p in parts if p not in LAYERS]
    layers = tuple(layer for layer in LAYERS if layer in parts)
    if bad:
        return (replace(view, layers=layers) if layers else view,
                _notice("layers: ignored {value} (known: {known})", value=", ".join(shown(b) for b in bad),
                        known=", ".join(LAYERS)))
    return replace(view, layers=layers), None


def _lang(value: str, view: View) -> tuple[View, Notice | None]:
    lang = value.strip().lower()
    if lang in LANGUAGES:
        return replace(view, lang=lang), None
    return view, _notice("lang: ignored {value} (use {known})", value=shown(value),
                         known=", ".join(LANGUAGES))


def _center(value: str, view: View) -> tuple[View, Notice | None]:
    try:
        lat, lon = (float(p) for p in value.split(","))
    except ValueError:
        return view, _notice("center: ignored {value} (expected LAT,LON)", value=shown(value))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return view, _notice("center: ignored {value} (outside the globe)", value=shown(value))
    return replace(view, center=(lat, lon)), None


def _zoom(value: str, view: View) -> tuple[View, Notice | None]:
    try:
        zoom = int(value.strip())
    except ValueError:
        return view, _notice("zoom: ignored {value} (expected a whole number)", value=shown(value))
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        return view, _notice("zoom: ignored {value} (use {low} to {high})", value=zoom, low=MIN_ZOOM,
                             high=MAX_ZOOM)
    return replace(view, zoom=zoom), None


_PARSERS: dict[str, Callable[[str, View], tuple[View, Notice | None]]] = {
    "country": _country, "date": _date, "layers": _layers, "lang": _lang, "center": _center, "zoom": _zoom,
}


def parse_view(params: Mapping[str, Sequence[str]], record_ids: Container[str]) -> Parsed:
    """The view a link asks for. `params` maps each key to all its values (keys may repeat).
    `record_ids` holds the ids a link may open; a mapping maps each (current or old) id to the record's
    current id.

    Unknown keys, repeated keys (the first value is used), over-long values, unknown countries,
    layers and record ids, and malformed or out-of-range values are each reported in a notice.
    """
    view = View()
    notices: list[Notice] = []
    for key, values in params.items():
        if key in STREAMLIT_KEYS:
            continue
        if key not in _PARSERS and key != "record":
            notices.append(_notice("ignored the unknown parameter {value}", value=shown(key)))
            continue
        values = list(values)
        if not values:
            continue
        if len(values) > 1:
            notices.append(_notice("{key}: given {count} times, used the first", key=key, count=len(values)))
        value = values[0]
        if len(value) > MAX_VALUE_LENGTH:
            notices.append(_notice("{key}: ignored a value of {count} characters", key=key, count=len(value)))
            continue
        if key == "record":
            if value in record_ids:  # an old id (renamed or merged record) opens the record that has it
                current = record_ids[value] if isinstance(record_ids, Mapping) else value
                view = replace(view, record=current)
            else:
                notices.append(_notice("record: ignored {value} (no such record)", value=shown(value)))
            continue
        view, notice = _PARSERS[key](value, view)
        if notice:
            notices.append(notice)
    return Parsed(view, notices)


def view_params(view: View) -> dict[str, str]:
    """The query parameters of a view, in a stable order; map position only once it is known."""
    params = {
        "country": ",".join(view.countries),
        "date": view.date.isoformat(),
        "layers": ",".join(view.layers),
        "lang": view.lang,
    }
    if view.record:
        params["record"] = view.record
    if view.center is not None:
        params["center"] = f"{view.center[0]:.4f},{view.center[1]:.4f}"
    if view.zoom is not None:
        params["zoom"] = str(view.zoom)
    return params


def view_link(base_url: str, view: View) -> str:
    """The full link of a view: the page address (as a folder, `/` at the end) plus its query string."""
    page = base_url.split("?")[0].split("#")[0]
    return f"{page if page.endswith('/') else page + '/'}?{urlencode(view_params(view), safe=',')}"
