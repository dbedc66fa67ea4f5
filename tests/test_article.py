"""From article to map: the geoparser's command line, the gold set, and the "From article" page."""

from __future__ import annotations

import json
import re
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.__main__ import build_parser
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geoparser import geoparse
from dashboard.i18n import Translator
from dashboard.memo import SizedCache
from dashboard.view.article import MAX_TEXT_CHARS, footprint, length_refusal
from tests.conftest import OfflinePage, Server, offline, require_dpa_report, run_cli
from tests.support.csvdata import table
from tests.support.gold import DPA, load, names, ratio, score
from tests.support.mapdriver import (
    RERUN_TIMEOUT_MS,
    article_rows,
    folder_with,
    map_frame,
    paste_article,
    wait_idle,
)

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
    marks = paste_article(page, server.url, text)
    expected = {m.name for m in geoparse(text, default_geocoder(), "de")}
    assert set(marks.evaluate_all("els => els.map(e => e.dataset.place)")) == expected
    expect(map_frame(page).locator("path.article-place")).to_have_count(len(expected), timeout=30_000)
    rows = article_rows(page, ("Tokmok", "Bishkek"), "Kyrgyz troops back home")
    folder = folder_with(rows, tmp_path)
    done = run_cli("validate", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    records = pd.read_csv(folder / "records.csv", dtype=str, keep_default_na=False)
    added = records[records["sources"].str.startswith("example-wire-2022-01-13")]
    assert sorted(added["name"]) == ["Bishkek", "Tokmok"] and len(records) == len(table("records")) + 2
    assert offline_page.outside == []


# Bounded input: the character limit, the byte-bounded cache, the command line and the page.
NO_TEXT = "Paste a news text or upload a .txt file to see the places it names."
TOO_LONG_200_001 = ("The text is 200,001 characters long, over the limit of 200,000 characters; give the "
                    "article on its own.")
TOO_LONG_250K = ("The text is 250,000 characters long, over the limit of 200,000 characters; give the "
                 "article on its own.")
NOT_TEXT_PNG = ("The uploaded file cannot be read as text: not a text file (a NUL byte at byte 8); save it "
                "as UTF-8 text.")
READ_AS_CP1251 = "The file is not UTF-8: it was read as cp1251 (Cyrillic, Windows)."
RUSSIAN = "Войска ОДКБ прибыли в Алматы. Протестующие собрались на площади."
PROSE = "Troops arrived in Almaty on Thursday, and the airport reopened. "  # 64 ASCII characters
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8


def _prose(length: int) -> str:
    return (PROSE * (length // len(PROSE) + 1))[:length]


def test_the_limit_refuses_one_character_more_stating_both_numbers_in_the_readers_format() -> None:
    assert MAX_TEXT_CHARS == 200_000
    assert length_refusal("x" * MAX_TEXT_CHARS, Translator("en")) is None
    assert length_refusal("x" * (MAX_TEXT_CHARS + 1), Translator("en")) == TOO_LONG_200_001
    assert length_refusal(_prose(250_000), Translator("de")) == (
        "Der Text ist 250.000 Zeichen lang und überschreitet die Grenze von 200.000 Zeichen; nur den "
        "Artikel selbst eingeben.")


def _sized(budget: int) -> SizedCache[str, bytes]:
    return SizedCache(budget, lambda key, value: len(key) + len(value))


def test_the_cache_evicts_the_least_recently_used_entries_by_bytes_not_by_count() -> None:
    cache = _sized(1000)
    computed: list[str] = []

    def value(key: str, size: int) -> bytes:
        return cache.get(key, lambda: computed.append(key) or b"x" * (size - len(key)))

    for key in ("a", "b", "c"):
        value(key, 300)
    assert (len(cache), cache.size) == (3, 900)
    value("a", 300)  # a read: "a" is now the most recent, "b" the least
    value("d", 300)  # 1200 > 1000: "b" goes, and only "b"
    assert ("a" in cache, "b" in cache, "c" in cache, "d" in cache) == (True, False, True, True)
    assert cache.size == 900 and computed == ["a", "b", "c", "d"]
    value("e", 700)  # makes room by bytes: the two least recent, "c" and "a", go for one large entry
    assert ("c" in cache, "a" in cache, "d" in cache, "e" in cache) == (False, False, True, True)
    assert cache.size == 1000
    many = _sized(1000)
    for i in range(100):  # many small entries fit where few large ones do
        many.get(f"k{i:02}", lambda: b"")
    assert len(many) == 100 and many.size == 300


def test_an_entry_larger_than_the_budget_is_returned_but_not_kept() -> None:
    cache = _sized(100)
    cache.get("small", lambda: b"x" * 10)
    assert cache.get("huge", lambda: b"x" * 200) == b"x" * 200
    assert "huge" not in cache and "small" in cache and cache.size == 15


def test_the_cache_stays_within_its_budget_under_many_threads() -> None:
    cache = _sized(5_000)
    errors: list[BaseException] = []

    def reader(seed: int) -> None:
        try:
            for i in range(2_000):
                key = f"t{(seed * 7 + i) % 50:02}"
                assert cache.get(key, lambda k=key: k.encode() * 20)[:3] == key.encode()
        except BaseException as err:  # reported by the main thread
            errors.append(err)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.size <= 5_000 and cache.size == len(cache) * (3 + 60)


def _deep_size(obj: object, seen: set[int]) -> int:
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, list | tuple):
        size += sum(_deep_size(item, seen) for item in obj)
    elif hasattr(obj, "__dict__"):
        size += _deep_size(vars(obj), seen)
    return size


def test_the_cache_estimate_of_a_text_and_its_places_is_fair() -> None:
    text = load("de-abzug").text * 3
    mentions = tuple(geoparse(text, default_geocoder(), "de"))
    measured = _deep_size(text, set()) + _deep_size(mentions, set())
    assert len(mentions) > 20
    assert 0.9 * measured <= footprint(text, mentions) <= 2 * measured


def test_geoparse_refuses_a_text_over_the_limit_before_parsing(tmp_path: Path) -> None:
    at_limit, over = tmp_path / "at-limit.txt", tmp_path / "over.txt"
    at_limit.write_text(_prose(MAX_TEXT_CHARS), encoding="utf-8")
    over.write_text(_prose(MAX_TEXT_CHARS + 1), encoding="utf-8")
    done = run_cli("geoparse", str(over), "--lang", "en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"geoparse: {over}: {TOO_LONG_200_001}\n"
    done = run_cli("geoparse", str(at_limit), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert {m["name"] for m in json.loads(done.stdout)} == {"Almaty"}


def test_geoparse_refuses_a_binary_file_saying_it_is_not_text(tmp_path: Path) -> None:
    image = tmp_path / "photo.txt"
    image.write_bytes(PNG)
    done = run_cli("geoparse", str(image))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"geoparse: cannot read {image}: not a text file (a NUL byte at byte 8); save it "
                           "as UTF-8 text\n")


def test_geoparse_reads_a_cp1251_russian_text_and_says_so(tmp_path: Path) -> None:
    news = tmp_path / "news.txt"
    news.write_bytes(RUSSIAN.encode("cp1251"))
    done = run_cli("geoparse", str(news), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert [(m["text"], m["name"]) for m in json.loads(done.stdout)] == [("Алматы", "Almaty")]
    assert done.stderr == f"geoparse: {news} is not UTF-8; read as cp1251 (Cyrillic, Windows)\n"


def test_geoparse_help_states_the_limit() -> None:
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    help_text = commands.choices["geoparse"].format_help()
    assert f"{MAX_TEXT_CHARS:,} characters" in " ".join(help_text.split())


def _upload(page: object, name: str, body: bytes) -> None:
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": body}])


def test_the_article_page_refuses_large_long_and_binary_uploads_and_serves_the_next_reader_at_once(
    server: Server, offline_page: OfflinePage, browser: object,
) -> None:
    page = offline_page.page
    article_url = server.url.rstrip("/") + "/article"
    page.goto(article_url, wait_until="domcontentloaded")
    expect(page.get_by_label("Or paste the article")).to_be_visible(timeout=60_000)
    marks = page.locator("mark.place")
    # Pasted text over the character limit is refused like an uploaded one.
    area = page.get_by_label("Or paste the article")
    area.fill(_prose(MAX_TEXT_CHARS + 1))
    area.press("Control+Enter")
    expect(page.get_by_text(TOO_LONG_200_001, exact=True)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(marks).to_have_count(0)
    area.fill("")
    area.press("Control+Enter")
    expect(page.get_by_text(NO_TEXT)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    # (a) Over 1 MB: Streamlit's uploader refuses it itself; the page never sees it.
    _upload(page, "huge.txt", _prose(1_100_000).encode())
    expect(page.get_by_role("alert").filter(has_text="File must be 1.0MB or smaller.")).to_be_visible(
        timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_text(NO_TEXT)).to_be_visible()
    # (b) Under 1 MB but over the character limit: refused before geoparsing, with both numbers.
    _upload(page, "long.txt", _prose(250_000).encode())
    expect(page.get_by_text(TOO_LONG_250K, exact=True)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    expect(marks).to_have_count(0)
    expect(page.get_by_text("Places in the text")).to_have_count(0)
    # (c) A binary file named .txt: not text.
    _upload(page, "photo.txt", PNG)
    expect(page.get_by_text(NOT_TEXT_PNG, exact=True)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_text(TOO_LONG_250K, exact=True)).to_have_count(0)
    expect(marks).to_have_count(0)
    # (d) The next reader, in a fresh browser context, gets a short text's places at once.
    reader = offline(browser)
    try:
        fresh = reader.page
        fresh.goto(article_url, wait_until="domcontentloaded")
        area = fresh.get_by_label("Or paste the article")
        area.fill(PROSE)
        area.press("Control+Enter")
        expect(fresh.locator('mark.place[data-place="Almaty"]')).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        # ... and a Russian text saved in cp1251 is read, with a note naming the encoding.
        _upload(fresh, "novosti.txt", RUSSIAN.encode("cp1251"))
        expect(fresh.get_by_text(READ_AS_CP1251, exact=True)).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        expect(fresh.locator("mark.place", has_text="Алматы")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        assert reader.outside == []
    finally:
        reader.page.context.close()
    assert offline_page.outside == []
