"""The corrections and updates logs, the "Updated" stamp, old record ids, withdrawn figures and the diff.

Expectations come from the bundled CSV files (read with pandas, not the dashboard's code)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import shutil
from pathlib import Path

import pytest

from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.validate import validate_folder
from dashboard.scene.scene import View, scene
from dashboard.view import timeline
from dashboard.view.link import parse_view
from tests.conftest import GEODATA, run_cli
from tests.support.csvdata import table


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")


def _html(text: str) -> str:
    """Text as an autoescaping template writes it."""
    return html.escape(text).replace("&#x27;", "&#39;")


def _latest() -> dt.date:
    days = [*table("corrections")["date"], *table("updates")["date"]]
    return dt.date.fromisoformat(max(days))


def test_the_stamp_is_the_latest_date_in_the_two_logs_in_both_languages(data: Dataset) -> None:
    day = _latest()
    en = scene(data, View(lang="en")).updated
    de = scene(data, View(lang="de")).updated
    assert en == f"Updated {day.day} {day.strftime('%B')} {day.year}"
    assert de == f"Aktualisiert am {day.day}. {MONTHS_DE[day.month - 1]} {day.year}"


def test_the_stamp_follows_the_logs_not_the_clock(tmp_path: Path) -> None:
    folder = shutil.copytree(GEODATA, tmp_path / "geodata")
    # A day of the logs, not today (and within the data's window of dates, which ends today).
    (folder / "updates.csv").write_text("date,summary_en,sources\n2024-05-04,Later,dpa-2022-01-13\n",
                                        encoding="utf-8")
    (folder / "corrections.csv").unlink()
    from dashboard.geo.gazetteer import default_geocoder

    later = load_dataset(folder, default_geocoder())
    assert scene(later, View()).updated == "Updated 4 May 2024"
    assert scene(later, View()).corrections == ""  # no log, no section


def test_every_correction_is_listed_and_a_corrected_record_says_so(data: Dataset) -> None:
    logged = table("corrections")
    seen = scene(data, View(lang="de"))
    for summary in logged["summary_de"]:
        assert _html(summary) in seen.corrections
    fixed = logged[logged["table"] == "records"].iloc[0]
    rid = data.aliases().get(fixed["id"], fixed["id"])
    details = seen.details(rid)
    day = dt.date.fromisoformat(fixed["date"])
    assert f"Korrigiert am {day.day}. {MONTHS_DE[day.month - 1]} {day.year}:" in details
    assert _html(fixed["summary_de"]) in details
    english = scene(data, View(lang="en"))
    assert "<h3>Corrections</h3>" in english.corrections
    assert _html(fixed["summary_en"]) in english.details(rid)


def _with_rows(tmp_path: Path, rows: list[list[str]]) -> Path:
    folder = shutil.copytree(GEODATA, tmp_path / "geodata")
    with open(folder / "corrections.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return folder


def test_bad_corrections_are_reported_by_file_row_and_column(tmp_path: Path) -> None:
    first = len(table("corrections")) + 2  # the spreadsheet row of the first appended line
    source = table("sources")["id"].iloc[0]
    record = table("records")["id"].iloc[0]
    folder = _with_rows(tmp_path, [
        ["2026-12-02", "places", record, "x", "x", source],
        ["2026-12-02", "figures", "no-such-figure", "x", "x", source],
        ["2026-12-02", "records", record, "x", "x", "no-such-source"],
        ["2026-13-02", "records", record, "x", "x", source],
    ])
    found = {(p.file, p.row, p.column) for p in validate_folder(folder)}
    assert found == {("corrections.csv", first, "table"), ("corrections.csv", first + 1, "id"),
                     ("corrections.csv", first + 2, "sources"), ("corrections.csv", first + 3, "date")}


def test_an_old_record_id_still_opens_its_record(data: Dataset) -> None:
    records = table("records")
    merged = records[records["aliases"] != ""].iloc[0]
    old = merged["aliases"].split(";")[0]
    ids = {**data.aliases(), **{rid: rid for rid in data.records["id"]}}
    parsed = parse_view({"record": [old]}, ids)
    assert parsed.view.record == merged["id"] and parsed.notices == []
    assert old not in set(data.records["id"])


def test_a_correction_may_name_a_record_by_an_old_id_and_an_old_id_names_one_record(tmp_path: Path) -> None:
    records = table("records")
    merged = records[records["aliases"] != ""].iloc[0]
    old = merged["aliases"].split(";")[0]
    folder = _with_rows(tmp_path, [["2026-12-02", "records", old, "x", "x", table("sources")["id"].iloc[0]]])
    assert validate_folder(folder) == []  # the correction names the merged record by its old id
    # Another record claims the first record's id and the merged record's old id as its own old ids.
    with open(folder / "records.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    after = next(i for i, row in enumerate(rows) if row["id"] == merged["id"])
    claimant = next(i for i, row in enumerate(rows) if i > after and not row["aliases"])
    rows[claimant]["aliases"] = f"{records['id'][0]};{old}"
    with open(folder / "records.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    found = {(p.file, p.row, p.column, p.message) for p in validate_folder(folder)}
    assert found == {("records.csv", claimant + 2, "aliases", f"{records['id'][0]!r} is a record's id"),
                     ("records.csv", claimant + 2, "aliases",
                      f"{old!r} is already an alias of {merged['id']!r}")}


def test_a_withdrawn_figure_never_counts_in_a_chart_or_sizes_a_circle(data: Dataset) -> None:
    figures = table("figures")
    withdrawn = figures[figures["status"] == "withdrawn"]
    assert len(withdrawn) > 0
    points = timeline.toll_points(data.records, data.figures, data.sources)
    assert not set(withdrawn["id"]) & set(points["id"])
    from dashboard.map.styles import with_unrest_size

    for rid in set(withdrawn["record"]):
        alone = data.figures[data.figures["record"] == rid]
        kept = alone[alone["status"] != "withdrawn"]
        sized = with_unrest_size(data.records[data.records["id"] == rid], alone)
        expected = with_unrest_size(data.records[data.records["id"] == rid], kept)
        assert sized["size"].tolist() == expected["size"].tolist()


def _diff(old: Path, new: Path, *args: str) -> tuple[int, str, str]:
    done = run_cli("diff", str(old), str(new), *args)
    return done.returncode, done.stdout, done.stderr


def test_the_diff_lists_a_changed_figure_an_added_event_and_a_removed_source(tmp_path: Path) -> None:
    new = shutil.copytree(GEODATA, tmp_path / "new")
    figures = table("figures")
    changed = figures.iloc[0]
    figures.loc[0, "value"] = str(int(changed["value"]) + 1)
    figures.to_csv(new / "figures.csv", index=False)
    events = table("events")
    added = {**events.iloc[0].to_dict(), "id": "an-added-event"}
    events.loc[len(events)] = added
    events.to_csv(new / "events.csv", index=False)
    sources = table("sources")
    cited = set(";".join([*table("records")["sources"], *table("figures")["sources"],
                          *table("events")["sources"], *table("corrections")["sources"],
                          *table("updates")["sources"]]).split(";"))
    gone = next(s for s in sources["id"] if s not in cited) if not set(sources["id"]) <= cited \
        else sources["id"].iloc[-1]
    sources[sources["id"] != gone].to_csv(new / "sources.csv", index=False)

    code, out, _ = _diff(GEODATA, new, "--format", "json")
    assert code == 0
    found = json.loads(out)
    (figure,) = found["figures"]["changed"]
    assert figure["id"] == changed["id"] and figure["fields"] == ["value"]
    assert figure["old"]["value"] + 1 == figure["new"]["value"] == int(changed["value"]) + 1
    assert (figure["new"]["record"], figure["new"]["metric"], figure["new"]["date"]) == (
        changed["record"], changed["metric"], changed["date"])
    assert found["events"]["added"] == ["an-added-event"]
    assert found["sources"]["removed"] == [gone]
    code, text, _ = _diff(GEODATA, new)
    assert code == 0 and f"~ {changed['id']}" in text and "+ an-added-event" in text and f"- {gone}" in text


def test_a_folder_against_itself_has_no_change_and_a_missing_one_exits_2(tmp_path: Path) -> None:
    code, out, _ = _diff(GEODATA, GEODATA, "--format", "json")
    assert code == 0
    assert all(not any(d.values()) for d in json.loads(out).values())
    code, _, err = _diff(GEODATA, tmp_path / "absent")
    assert code == 2 and "absent" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _diff(empty, GEODATA)
    assert code == 2 and "records" in err


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.slow  # over a second of the quick tier
def test_the_edition_carries_the_stamp_and_the_corrections(data: Dataset, lang: str) -> None:
    from dashboard.publish.edition import edition_data
    from dashboard.scene.edition import edition_scenes

    written: dict[str, object] = {}
    edition = edition_data(edition_scenes(data, (lang,)), lang,
                           lambda name, value: written.setdefault(name, value) and name)
    assert edition["updated"] == scene(data, View(lang=lang)).updated
    assert _html(table("corrections")[f"summary_{lang}"].iloc[0]) in edition["corrections"]
    old = next(a for a in table("records")["aliases"] if a).split(";")[0]
    assert edition["record_aliases"][old] in edition["records"]["id"]


# ---- in the browser: the app and the edition, in both languages ---------------------------------------

def _latest_log_date() -> dt.date:
    days = [*table("corrections")["date"], *table("updates")["date"]]
    return dt.date.fromisoformat(max(d for d in days if d))


STAMP = {"en": "Updated {d.day} {d:%B} {d.year}", "de": "Aktualisiert am {d.day}. {month} {d.year}"}
GERMAN_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember")


def _stamp(lang: str) -> str:
    day = _latest_log_date()
    return STAMP[lang].format(d=day, month=GERMAN_MONTHS[day.month - 1])


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_app_shows_the_stamp_under_the_title_and_the_corrections(
    lang: str, server: object, offline_page: object
) -> None:
    from playwright.sync_api import expect

    from tests.support.mapdriver import open_dashboard, open_section

    page = offline_page.page  # type: ignore[attr-defined]
    open_dashboard(page, f"{server.url}?lang={lang}")  # type: ignore[attr-defined]
    expect(page.get_by_text(_stamp(lang)).first).to_be_visible()  # under the title
    open_section(page, {"en": "Sources and corrections", "de": "Quellen und Korrekturen"}[lang])
    corrections = page.locator(".st-key-corrections")
    corrections.scroll_into_view_if_needed()
    summary = table("corrections")[f"summary_{lang}"].iloc[0]
    expect(corrections).to_contain_text(summary)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_edition_shows_the_stamp_under_the_title_and_the_corrections(
    lang: str, offline_page: object, tmp_path_factory: pytest.TempPathFactory, map_assets: None
) -> None:
    from playwright.sync_api import expect

    from tests.support.edition import open_edition, publish_edition, serve_edition

    folder = publish_edition(tmp_path_factory.mktemp("stamp"))
    page = offline_page.page  # type: ignore[attr-defined]
    for url in serve_edition(folder):
        open_edition(page, f"{url}?lang={lang}")
        expect(page.locator("#updated")).to_have_text(_stamp(lang))
        summary = table("corrections")[f"summary_{lang}"].iloc[0]
        expect(page.locator("#corrections")).to_contain_text(summary)
