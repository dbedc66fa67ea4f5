"""The link grammar as data (dashboard/view/grammar.py): what it accepts is what the app accepted, every
alias names a known value, and it is plain JSON that JavaScript can read the same way."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import pytest

from dashboard.data.countries import country_code, country_name, names_by_code
from dashboard.i18n import LANGUAGES, Translator
from dashboard.view import status
from dashboard.view.grammar import COUNTRIES, LAYERS, SPACE, day_aliases, link_grammar, normalized, rules
from dashboard.view.link import View, parse_view, view_params

GRAMMAR = rules()
PARAMS = GRAMMAR["params"]


def test_the_keys_are_the_links_in_the_canonical_order() -> None:
    assert GRAMMAR["keys"] == ["country", "date", "layers", "lang", "record", "center", "zoom"]
    assert list(view_params(View(record="x", center=(1.0, 2.0), zoom=3))) == GRAMMAR["keys"]
    assert GRAMMAR["skip"] == ["embed", "embed_options"]


def test_every_alias_names_a_known_value() -> None:
    for key in ("country", "layers"):
        rule = PARAMS[key]
        assert set(rule["aliases"].values()) == set(rule["order"]) == set(rule["default"])
        # An alias is already in the form a link's value is normalised to, so a lookup finds it.
        assert all(normalized(alias, rule["normalize"]) == alias for alias in rule["aliases"])
    assert set(PARAMS["country"]["order"]) == set(COUNTRIES) and PARAMS["layers"]["order"] == list(LAYERS)
    assert set(PARAMS["lang"]["aliases"].values()) == set(LANGUAGES)
    days = {status.day_value(day) for day in (*status.DAYS, status.FINAL_DAY)}
    assert set(PARAMS["date"]["aliases"].values()) == days and PARAMS["date"]["default"] in days


def test_every_country_alias_is_a_name_the_app_reads_as_that_country() -> None:
    aliases = PARAMS["country"]["aliases"]
    for alias, code in aliases.items():
        assert country_code(alias) == code, alias
    for code in COUNTRIES:
        for name in names_by_code()[code]:  # every known name, as written and as a link may spell it
            spellings = (name, name.upper(), name.replace(" ", "-"), name.replace(" ", "_"), f"  {name} ")
            for spelling in spellings:
                assert parse_view({"country": [spelling]}, ()).view.countries == (code,), spelling
        for lang in ("en", "de", "ru", "kk"):
            assert aliases[country_name(code, lang).lower()] == code
    for given, code in [("Kyrgyz-Republic", "KG"), ("kyrgyz_republic", "KG"), ("Kasachstan", "KZ"),
                        ("WEISSRUSSLAND", "BY"), ("Weißrussland", "BY"), ("Rossiia", "RU"),
                        ("КАЗАХСТАН", "KZ")]:
        assert aliases[normalized(given, PARAMS["country"]["normalize"])] == code, given
    assert "turkey" not in aliases and "atlantis" not in aliases  # countries outside the filter stay out


def test_every_day_spelling_is_one_python_reads_and_no_other_names_a_day_of_the_month() -> None:
    aliases = day_aliases()
    assert aliases.pop(status.FINAL) == status.FINAL  # the final figures: a word, not a day
    for spelling, iso in aliases.items():
        assert dt.date.fromisoformat(spelling).isoformat() == iso
    assert aliases["20220114"] == aliases["2022-W02-5"] == "2022-01-14"
    assert aliases["2021-W52-6"] == "2022-01-01" and aliases["2022W02"] == "2022-01-10"
    # Spellings changed a character or two at random: fromisoformat reads one as a day of the month
    # exactly when the grammar lists it.
    chars = "0123456789-W w:T+_"
    rng = random.Random(14)
    for spelling in list(aliases) * 60:
        text = list(spelling)
        for _ in range(rng.randint(1, 2)):
            text[rng.randrange(len(text))] = rng.choice(chars)
        changed = "".join(text)
        try:
            day = dt.date.fromisoformat(changed)
        except ValueError:
            day = None
        if len(changed) == 10 and changed[4] != "-" and day is not None:
            # Python 3.11 reads a 10-character value without a dash after the year by its first 8
            # characters ("20220114ab"); that is no ISO 8601 form, and the grammar refuses it.
            assert day == dt.date.fromisoformat(changed[:8]) and changed not in aliases
            continue
        in_month = day is not None and status.FIRST_DAY <= day <= status.LAST_DAY
        assert (changed in aliases) == in_month, changed
        assert day is None or re.fullmatch(PARAMS["date"]["shape"], changed), changed


def test_the_space_is_pythons_whitespace() -> None:
    assert set(SPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_numbers_are_read_by_the_grammars_patterns_only() -> None:
    number = re.compile(PARAMS["center"]["number"])
    for good in ("43", "-43.25", "+0.5", ".5", "5.", "1e2", "1E-02"):
        assert number.fullmatch(good), good
    for bad in ("nan", "inf", "0x10", "1_000", "١", "", "1e", "--1", " 1"):
        assert not number.fullmatch(bad), bad
    assert [str(n) for n in parse_view({"center": ["nan,1"], "zoom": ["5.0"]}, ()).notices] == [
        "center: ignored nan,1 (expected LAT,LON)", "zoom: ignored 5.0 (expected a whole number)"]


def test_a_center_is_written_with_ties_away_from_zero_and_zero_unsigned() -> None:
    # 0.03125 is exactly half way between 0.0312 and 0.0313 (JavaScript's toFixed takes the larger).
    view = View(center=(0.03125, -0.0))
    assert view_params(view)["center"] == "0.0313,0.0000"
    assert view_params(View(center=(-0.03125, 43.25)))["center"] == "-0.0313,43.2500"


def test_the_regular_expressions_use_syntax_both_languages_read_alike() -> None:
    for source in (PARAMS["date"]["shape"], PARAMS["center"]["number"], PARAMS["zoom"]["number"]):
        assert source.isascii() and not re.search(r"\(\?P|\\[AZzdswbDSWB]|\(\?[aiLmsux]", source), source
        re.compile(source)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_grammar_of_a_language_is_json_with_its_notices_translated(lang: str) -> None:
    grammar = link_grammar(lang)
    assert json.loads(json.dumps(grammar, ensure_ascii=False)) == grammar
    assert grammar["params"]["lang"]["default"] == lang
    tr = Translator(lang)
    notices = [grammar["notices"][name] for name in ("unknown", "repeated", "too_long")]
    notices += [notice for rule in grammar["params"].values() for notice in rule["notices"].values()]
    messages = [n["message"] for n in GRAMMAR["notices"].values()]
    messages += [n["message"] for rule in PARAMS.values() for n in rule["notices"].values()]
    assert len(notices) == len(messages) == 13
    for notice, message in zip(notices, messages, strict=True):
        assert notice["text"] == tr(message)
        assert set(re.findall(r"\{(\w+)\}", notice["text"])) == set(re.findall(r"\{(\w+)\}", message))
    if lang == "de":
        german = "date: {value} ignoriert (erwartet JJJJ-MM-TT)"
        assert grammar["params"]["date"]["notices"]["form"]["text"] == german
