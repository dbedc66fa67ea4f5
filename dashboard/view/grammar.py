"""The link grammar, once, as data: which query parameters a link may carry, every value each accepts,
how each value is written back, and the notice for each part that is ignored.

Two interpreters read it: `dashboard.view.link.parse_view` (the app, the export command and the export
addresses) and `parseLink` in `dashboard/publish/static/link.js` (the published edition, which gets
`link_grammar(lang)` as JSON). Neither holds a rule of its own; each only knows the value types below.

Value types (`params[key]["type"]`):

- ``one``: one of `aliases` (after the `normalize` steps) -> its canonical value. When it is none of
  them and `shape` (a regular expression) matches the normalised value, the notice is `range` (a day
  outside the month), else `form`.
- ``list``: values separated by `separator`, each one of `aliases`, kept once each in `order`. Parts
  that are none are quoted in the `form` notice; the known ones still apply.
- ``record``: exactly one of the record ids the reader's data holds.
- ``pair``: two numbers (`number`, a regular expression) separated by `separator`, each within its
  range of `ranges`; written with `decimals` digits after the point, ties away from zero.
- ``integer``: a whole number (`number`) within `range`.

Normalising steps: ``"trim"`` (the `space` characters at either end), ``"lower"`` (lower case),
``"nfkc"`` (Unicode NFKC), and ``{"squeeze": chars}`` (each run of those characters -> one space).
Regular expressions use only the syntax Python's `re` and JavaScript's `RegExp` (flag `u`) read alike,
and must match the whole value. Lengths are counted in code points. A value is quoted in a notice after
squeezing and trimming `space`, without the `quote.drop` characters, cut to `quote.limit`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dashboard.data.countries import CONTRIBUTORS, HOST, names_by_code
from dashboard.data.names import ascii_key
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Translator
from dashboard.memo import memoised
from dashboard.view.status import FINAL, FIRST_DAY, LAST_DAY, REPORT_DAY
from dashboard.vocabulary import GROUPS

COUNTRIES: tuple[str, ...] = (HOST, *CONTRIBUTORS)
LAYERS: tuple[str, ...] = tuple(GROUPS)  # the map groups a link can switch on
MIN_ZOOM, MAX_ZOOM = 1, 18
MAX_VALUE_LENGTH = 300
# Parameters Streamlit itself reads; they are neither ours nor errors.
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})
# Whitespace: the characters Python's str.split() and str.strip() take for it (tests check the list).
SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
         "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# What separates the words of a country's name ("Kyrgyz-Republic", "kyrgyz_republic"), as in
# `dashboard.data.names.name_key`.
NAME_SEPARATORS = SPACE + "-\u2010\u2011\u2012\u2013\u2014\u2015_'’ʼ`´.,()/"
COUNTRY_STEPS: tuple[object, ...] = ("nfkc", "lower", {"squeeze": NAME_SEPARATORS}, "trim")
WORD_STEPS: tuple[object, ...] = ("trim", "lower")
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
INTEGER = r"[+-]?[0-9]+"
# The shapes of a day `datetime.date.fromisoformat` reads: a value of one of them that names no day
# of the month is "outside" it rather than malformed.
DAY_SHAPE = r"[0-9]{4}(?:-[0-9]{2}-[0-9]{2}|[0-9]{4}|-W[0-9]{2}(?:-[0-9])?|W[0-9]{2}[0-9]?)"
CENTER_DECIMALS = 4


def normalized(value: str, steps: tuple[object, ...] | list[object], space: str = SPACE) -> str:
    """`value` after the grammar's normalising steps (the Python reading of them)."""
    for step in steps:
        if step == "trim":
            value = value.strip(space)
        elif step == "lower":
            value = value.lower()
        elif step == "nfkc":
            value = unicodedata.normalize("NFKC", value)
        elif isinstance(step, dict) and "squeeze" in step:
            value = re.sub(f"[{re.escape(step['squeeze'])}]+", " ", value)
        else:
            raise ValueError(f"unknown normalising step {step!r}")
    return value


def country_aliases() -> dict[str, str]:
    """Every spelling a link may give for a filter country -> its code: each name the app knows (ISO,
    CLDR in English, German, Russian and Kazakh, press spellings) and its ASCII transliteration,
    normalised as the grammar normalises what a link gives (`COUNTRY_STEPS`)."""
    aliases: dict[str, str] = {}
    for code in COUNTRIES:
        for name in names_by_code()[code]:
            for spelling in (name, ascii_key(name)):
                aliases.setdefault(normalized(spelling, COUNTRY_STEPS), code)
    return aliases


def day_spellings(day: dt.date) -> tuple[str, ...]:
    """Every way `datetime.date.fromisoformat` (Python 3.11) reads as `day`: 2022-01-14, 20220114 and the
    ISO week forms 2022-W02-5 and 2022W025 (a Monday also as 2022-W02 and 2022W02)."""
    year, week, weekday = day.isocalendar()
    spellings = [day.isoformat(), day.strftime("%Y%m%d"), f"{year:04d}-W{week:02d}-{weekday}",
                 f"{year:04d}W{week:02d}{weekday}"]
    if weekday == 1:
        spellings += [f"{year:04d}-W{week:02d}", f"{year:04d}W{week:02d}"]
    return tuple(spellings)


def day_aliases() -> dict[str, str]:
    """Every accepted spelling of every day of the month -> the day's ISO date; and `final`, the view of
    the final figures (`view.status.FINAL_DAY`), as itself."""
    days = (FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1))
    return {**{spelling: day.isoformat() for day in days for spelling in day_spellings(day)}, FINAL: FINAL}


def _message(message: str, **values: object) -> dict[str, object]:
    return {"message": message, "values": {key: str(value) for key, value in values.items()}}


@memoised
def rules() -> dict[str, object]:
    """The grammar with its notices as catalogue messages (English msgids): what `parse_view` applies.
    Parameters are listed in the canonical link's order."""
    params = _params()
    return {
        "keys": list(params),
        "space": SPACE,
        "max_length": MAX_VALUE_LENGTH,
        "skip": sorted(STREAMLIT_KEYS),
        "quote": {"drop": "`<>[]()*_\\$", "limit": 40, "ellipsis": "…"},
        "notices": {
            "unknown": _message(N_("ignored the unknown parameter {value}")),
            "repeated": _message(N_("{key}: given {count} times, used the first")),
            "too_long": _message(N_("{key}: ignored a value of {count} characters")),
        },
        "params": params,
    }


def _params() -> dict[str, dict[str, object]]:
    return {
        "country": {
            "type": "list", "separator": ",", "normalize": list(COUNTRY_STEPS),
            "aliases": country_aliases(), "order": list(COUNTRIES), "default": list(COUNTRIES),
            "notices": {"form": _message(N_("country: ignored {value} (not one of {known})"),
                                         known=", ".join(COUNTRIES))},
        },
        "date": {
            "type": "one", "normalize": ["trim"], "aliases": day_aliases(), "shape": DAY_SHAPE,
            "default": REPORT_DAY.isoformat(),
            "notices": {"form": _message(N_("date: ignored {value} (expected YYYY-MM-DD)")),
                        "range": _message(N_("date: ignored {value} (outside {first} to {last})"),
                                          first=FIRST_DAY, last=LAST_DAY)},
        },
        "layers": {
            "type": "list", "separator": ",", "normalize": list(WORD_STEPS),
            "aliases": {normalized(key, WORD_STEPS): key for key in LAYERS}, "order": list(LAYERS),
            "default": list(LAYERS),
            "notices": {"form": _message(N_("layers: ignored {value} (known: {known})"),
                                         known=", ".join(LAYERS))},
        },
        "lang": {
            "type": "one", "normalize": list(WORD_STEPS),
            "aliases": {normalized(code, WORD_STEPS): code for code in LANGUAGES},
            "default": DEFAULT_LANGUAGE,
            "notices": {"form": _message(N_("lang: ignored {value} (use {known})"),
                                         known=", ".join(LANGUAGES))},
        },
        "record": {
            "type": "record", "default": None,
            "notices": {"form": _message(N_("record: ignored {value} (no such record)"))},
        },
        "center": {
            "type": "pair", "separator": ",", "number": NUMBER, "ranges": [[-90, 90], [-180, 180]],
            "decimals": CENTER_DECIMALS, "default": None,
            "notices": {"form": _message(N_("center: ignored {value} (expected LAT,LON)")),
                        "range": _message(N_("center: ignored {value} (outside the globe)"))},
        },
        "zoom": {
            "type": "integer", "number": INTEGER, "range": [MIN_ZOOM, MAX_ZOOM], "default": None,
            "notices": {"form": _message(N_("zoom: ignored {value} (expected a whole number)")),
                        "range": _message(N_("zoom: ignored {value} (use {low} to {high})"),
                                          low=MIN_ZOOM, high=MAX_ZOOM)},
        },
    }


def _translated(notice: dict[str, object], tr: Translator) -> dict[str, object]:
    return {"text": tr(str(notice["message"])), "values": notice["values"]}


def link_grammar(lang: str) -> dict[str, object]:
    """The grammar as JSON-ready data for one language: its notices as templates in `lang` (each with the
    values it always shows; the reader's own value, key and count are filled in where it is used), and
    `lang` as the language of a link that names none."""
    tr = Translator(lang)
    spec = rules()
    params = {}
    for key, rule in spec["params"].items():  # type: ignore[union-attr]
        params[key] = {**rule, "notices": {name: _translated(n, tr) for name, n in rule["notices"].items()}}
    params["lang"]["default"] = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return {**spec, "params": params,
            "notices": {name: _translated(n, tr) for name, n in spec["notices"].items()}}  # type: ignore[union-attr]
