"""From article to map: the geoparser's command line, the gold set, and the "From article" page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geoparser import geoparse
from tests.conftest import GEODATA, OfflinePage, Server, require_dpa_report, run_cli
from tests.csvdata import table
from tests.gold import DPA, load, names, ratio, score
from tests.mapdriver import map_frame, wait_idle

# Nur-Sultan is the gazetteer's Astana (renamed back in September 2022); its text stays Nur-Sultan.
REQUIRED_IN_DPA = {"Almaty", "Moscow", "Kazakhstan", "Russia", "Belarus", "Armenia", "Tajikistan",
                   "Kyrgyzstan", "Astana", "China"}
NOT_PLACES = ("Putin", "Tokajew", "Kassym-Schomart", "OVKS", "dpa", "NUR", "KZ", "AP", "Vladimir",
              "Tretyakov", "Januar", "Donnerstag")


def test_without_the_dpa_report_its_tests_skip_saying_where_to_put_it_and_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv("DPA_REPORT", str(tmp_path / "absent.txt"))
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match=re.escape("shared/sources/dpa-2022-01-13.txt")):
        require_dpa_report()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=re.escape("shared/sources/dpa-2022-01-13.txt")):
        require_dpa_report()


def test_our_own_gold_texts_meet_the_bar() -> None:
    """The texts we wrote ourselves (no dpa report needed)."""
    geocoder = default_geocoder()
    totals = [0, 0, 0]
    for name in names():
        if name != DPA:
            gold = load(name)
            counts = score(gold, [m.as_dict() for m in geoparse(gold.text, geocoder, gold.lang)])
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
    assert len(names()) - 1 >= 5 and totals[2] >= 50
    assert ratio(totals[0], totals[1]) >= 0.85 and ratio(totals[0], totals[2]) >= 0.85, totals


def test_the_dpa_report_meets_the_bar_and_so_does_the_whole_gold_set() -> None:
    require_dpa_report()
    geocoder = default_geocoder()
    totals = [0, 0, 0]
    for name in names():
        gold = load(name)
        counts = score(gold, [m.as_dict() for m in geoparse(gold.text, geocoder, gold.lang)])
        if name == DPA:
            assert ratio(counts[0], counts[1]) >= 0.9 and ratio(counts[0], counts[2]) >= 0.9, counts
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    assert len(names()) >= 5 and totals[2] >= 60
    assert ratio(totals[0], totals[1]) >= 0.85 and ratio(totals[0], totals[2]) >= 0.85, totals


def test_geoparse_on_the_dpa_report_lists_its_places_and_no_person_or_organisation() -> None:
    done = run_cli("geoparse", str(require_dpa_report()), "--lang", "de")
    assert done.returncode == 0, done.stderr
    mentions = json.loads(done.stdout)
    assert {"text", "start", "end", "name", "country", "lat", "lon", "kind", "confidence"} <= set(mentions[0])
    assert {m["name"] for m in mentions} >= REQUIRED_IN_DPA
    assert any(m["text"] == "Moskau" and m["name"] == "Moscow" for m in mentions)
    assert any(m["text"] == "Nur-Sultan" and m["country"] == "KZ" for m in mentions)
    assert not [m for m in mentions if any(word in m["text"] for word in NOT_PLACES)]
    demonyms = [m for m in mentions if m["found_by"] == "demonym"]
    names_ = [m for m in mentions if m["found_by"] != "demonym"]
    assert demonyms and max(m["confidence"] for m in demonyms) < min(m["confidence"] for m in names_)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Kasachstans Führung und Moskaus Militär", "de", [("Kasachstans", "KZ"), ("Moskaus", "RU")]),
    ("in der kasachischen Stadt Almaty", "de", [("kasachischen", "KZ"), ("Almaty", "KZ")]),
    ("Der Kasachstan-Einsatz endete.", "de", [("Kasachstan", "KZ")]),
    ("Präsident Putin sprach mit Tokajew über die OVKS im Januar.", "de", []),
    ("President Vladimir Putin and the CSTO met in May.", "en", []),
    ("Из Москвы в Алматы", "de", [("Алматы", "KZ")]),
])
def test_inflection_demonyms_scripts_and_non_places(text: str, lang: str, expected: list) -> None:
    found = [(m.text, m.country) for m in geoparse(text, default_geocoder(), lang)]
    assert found == expected


def test_an_ambiguous_name_takes_the_reading_the_text_supports() -> None:
    geocoder = default_geocoder()
    (alone,) = geoparse("Officials in Kant said so.", geocoder, "en")[-1:] or [None]
    in_context = geoparse("Kyrgyzstan's officials in Kant said so.", geocoder, "en")
    assert alone is None  # a town of 22,000 with nothing in the text pointing at its country
    assert [(m.text, m.country) for m in in_context] == [("Kyrgyzstan", "KG"), ("Kant", "KG")]


def test_the_article_page_turns_a_text_into_rows_that_validate(
    server: Server, offline_page: OfflinePage, tmp_path: Path,
) -> None:
    page = offline_page.page
    text = load("de-abzug").text
    page.goto(server.url.rstrip("/") + "/article", wait_until="domcontentloaded")
    area = page.get_by_label("Or paste the article")
    area.fill(text)
    area.press("Control+Enter")
    marks = page.locator("mark.place")
    expect(marks.first).to_be_visible(timeout=30_000)
    expected = {m.name for m in geoparse(text, default_geocoder(), "de")}
    assert set(marks.evaluate_all("els => els.map(e => e.dataset.place)")) == expected
    expect(map_frame(page).locator("path.article-place")).to_have_count(len(expected), timeout=30_000)
    for place in ("Tokmok", "Bishkek"):
        page.get_by_text(re.compile(rf"^{place} \(")).click()
    page.get_by_label("Title").fill("Kyrgyz troops back home")
    page.get_by_label("Publisher").fill("Example Wire")
    page.get_by_label("Publisher").press("Enter")
    wait_idle(page)
    rows = {}
    for label, name in (("Record rows (records.csv)", "records"), ("Source row (sources.csv)", "sources")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        rows[name] = Path(download.value.path()).read_text(encoding="utf-8")
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder)
    for name, appended in rows.items():
        with (folder / f"{name}.csv").open("a", encoding="utf-8") as handle:
            handle.write(appended)
    done = run_cli("validate", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    records = pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)
    added = records[records["sources"].str.startswith("example-wire-2022-01-13")]
    assert sorted(added["name"]) == ["Bishkek", "Tokmok"] and len(records) == len(table("records")) + 2
    assert offline_page.outside == []
