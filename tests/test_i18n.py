"""The translation catalogue, babel's formats, and the German names and summaries in the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.data.countries import country_name
from dashboard.i18n import translator as i18n
from dashboard.i18n.translator import Translator, catalogue, extracted_messages, extracted_plurals
from dashboard.view.link import parse_view
from tests.conftest import APP, run_cli
from tests.support.csvdata import table

PLACEHOLDER = re.compile(r"\{[^}]*\}")


def test_the_catalogue_translates_every_marked_string_and_nothing_else() -> None:
    """Run babel's extractor over the code: nothing missing from the German catalogue, nothing stale."""
    in_code = extracted_messages()
    plurals_in_code = extracted_plurals()
    entries = {str(m.id): str(m.string) for m in catalogue("de") if m.id and not m.pluralizable}
    plurals = {str(m.id[0]): (str(m.id[1]), tuple(map(str, m.string)))
               for m in catalogue("de") if m.pluralizable}
    singular_in_code = {k: v for k, v in in_code.items() if k not in plurals_in_code}
    missing = {msgid: where for msgid, where in singular_in_code.items() if msgid not in entries}
    assert missing == {}, "add these to dashboard/i18n/locale/de/LC_MESSAGES/messages.po"
    assert sorted(set(entries) - set(singular_in_code)) == []
    assert [msgid for msgid, string in entries.items() if not string] == []
    mismatched = [m for m, s in entries.items()
                  if sorted(PLACEHOLDER.findall(m)) != sorted(PLACEHOLDER.findall(s))]
    assert mismatched == []
    # Plurals: each marked in the code with its English plural, and both German forms given.
    assert {k: v[0] for k, v in plurals.items()} == plurals_in_code
    assert all(len(forms) == 2 and all(forms) for _, forms in plurals.values())
    assert [m for m, (_, forms) in plurals.items()
            if any(sorted(PLACEHOLDER.findall(m)) != sorted(PLACEHOLDER.findall(f)) for f in forms)] == []


def test_plurals_follow_the_count_in_each_language() -> None:
    singular, plural = "{count} problem in {directory}", "{count} problems in {directory}"
    assert Translator("en").plural(singular, plural, 1, directory="d") == "1 problem in d"
    assert Translator("en").plural(singular, plural, 10_000, directory="d") == "10,000 problems in d"
    assert Translator("de").plural(singular, plural, 1, directory="d") == "1 Problem in d"
    assert Translator("de").plural(singular, plural, 2, directory="d") == "2 Probleme in d"


def test_a_german_run_of_the_whole_page_asks_for_no_untranslated_string() -> None:
    """Strings the extractor cannot see (built at run time) would show up here."""
    i18n.MISSING.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update({"lang": "de", "record": "kazakhstan", "date": "2022-01-31",
                            "zoom": "99", "bogus": "1"})
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("Kasachstan, Januar 2022")
    assert "ignoriert" in at.warning[0].value
    assert i18n.MISSING == {}


@pytest.mark.parametrize(("lang", "number", "date", "short"), [
    ("en", "10,000", "13 January 2022", "13 Jan 2022"),
    ("de", "10.000", "13. Januar 2022", "13.01.2022"),
])
def test_numbers_and_dates_are_formatted_by_babel_for_the_language(
    lang: str, number: str, date: str, short: str,
) -> None:
    tr = Translator(lang)
    day = dt.date(2022, 1, 13)
    assert (tr.number(10_000), tr.date(day), tr.short_date(day)) == (number, date, short)


def test_countries_and_places_have_their_german_press_names() -> None:
    names = {code: country_name(code, "de") for code in ("KZ", "RU", "BY", "KG", "TJ", "AM")}
    assert names == {"KZ": "Kasachstan", "RU": "Russland", "BY": "Belarus", "KG": "Kirgisistan",
                     "TJ": "Tadschikistan", "AM": "Armenien"}
    records = table("records").set_index("id")
    assert (records["name_de"] != "").all()  # every bundled record has its German name
    assert records.loc["moscow", "name_de"] == "Moskau"
    assert records.loc["kazakhstan", "name_de"] == "Kasachstan"
    for rid in ("nur-sultan", "nur-sultan-unrest"):
        assert "Astana" in records.loc[rid, "summary_en"] and "Astana" in records.loc[rid, "summary_de"]
    assert (records["summary_de"] != "").all() and (records["summary_en"] != "").all()


def test_link_notices_read_in_the_readers_language() -> None:
    (notice,) = parse_view({"date": ["banana"]}, record_ids=()).notices
    assert str(notice) == "date: ignored banana (expected YYYY-MM-DD)"
    assert notice.text("de") == "date: banana ignoriert (erwartet JJJJ-MM-TT)"


def test_the_html_map_export_speaks_the_chosen_language() -> None:
    german = run_cli("export", "--format", "html", "--country", "AM", "--lang", "de")
    english = run_cli("export", "--format", "html", "--country", "AM")
    assert german.returncode == english.returncode == 0, german.stderr + english.stderr
    assert "Stand: 13. Januar 2022" in german.stdout and "Legende" in german.stdout
    assert "Armenisches Kontingent" in german.stdout and "Armenian contingent" not in german.stdout
    assert "As of 13 January 2022" in english.stdout and "Legende" not in english.stdout


def test_the_article_page_in_german_names_the_kinds_of_place_in_german() -> None:
    i18n.MISSING.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "de"
    at.run()
    at.switch_page("screens/article.py").run()
    at.text_area(key="article_text").input("Die Soldaten flogen von Almaty nach Moskau.").run()
    assert not at.exception
    labels = [box.label for box in at.checkbox]
    assert labels and all("Stadt" in label and "city" not in label for label in labels)
    assert i18n.MISSING == {}
