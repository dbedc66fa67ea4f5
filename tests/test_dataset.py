"""The bundled dataset: clean, fully sourced, and covering what the story needs."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.countries import CONTRIBUTORS
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA, run_cli

DAY = dt.date.fromisoformat


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


def _csv(name: str) -> list[dict[str, str]]:
    with (GEODATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_validate_exits_zero_on_the_bundled_folder() -> None:
    done = run_cli("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_every_row_loads(data: Dataset) -> None:
    assert data.problems == []
    assert len(data.records) == len(_csv("records.csv"))
    assert len(data.figures) == len(_csv("figures.csv"))


def test_every_record_and_figure_cites_existing_sources() -> None:
    known = {row["id"] for row in _csv("sources.csv")}
    for name in ("records.csv", "figures.csv", "gazetteer/places.csv"):
        for row in _csv(name):
            cited = [s.strip() for s in row["sources"].split(";") if s.strip()]
            assert cited, (name, row)
            assert set(cited) <= known, (name, row)


def test_five_contingents_with_departure_bases_and_troop_figures(data: Dataset) -> None:
    records, figures = data.records, data.figures
    for code in CONTRIBUTORS:
        contingent = records[(records.layer == "contingent") & (records.contingent == code)]
        assert len(contingent) == 1, code
        bases = records[(records.layer == "troop_origin") & (records.contingent == code)
                        & (records.kind == "departure_base")]
        assert len(bases) >= 1, code
        assert bases["arrival"].isin(records["id"]).all(), code
        troops = figures[(figures.record == contingent.iloc[0].id) & (figures.metric == "troops")]
        assert len(troops) >= 1 and troops["sources"].map(len).min() >= 1, code


def test_deployment_and_withdrawal_dates(data: Dataset) -> None:
    c = data.records[data.records.layer == "contingent"].set_index("contingent")
    assert c["deployed"].notna().all()
    assert min(c["withdrawal_start"]) == DAY("2022-01-13")
    assert c.loc["RU", "withdrawal_start"] == DAY("2022-01-13")
    for code in ("KG", "AM", "TJ", "BY"):
        assert c.loc[code, "withdrawn"] == DAY("2022-01-14"), code
    assert max(c["withdrawn"]) == DAY("2022-01-19")


@pytest.mark.parametrize(
    "city",
    ["Zhanaozen", "Aktau", "Almaty", "Astana", "Shymkent", "Taraz", "Taldykorgan", "Aktobe",
     "Kyzylorda", "Atyrau"],
)
def test_unrest_sites_are_on_the_map(data: Dataset, city: str) -> None:
    unrest = data.records[data.records.layer == "unrest"]
    assert city in set(unrest["coord_name"]), city
    assert unrest.loc[unrest.coord_name == city, "start"].notna().all()


def test_disagreeing_figures_are_each_kept_with_their_own_source_and_date(data: Dataset) -> None:
    f = data.figures
    deaths = f[(f.record == "kazakhstan") & (f.metric == "deaths")]
    for toll in (225, 227, 230, 232, 238):
        rows = deaths[deaths.value == toll]
        assert len(rows) >= 1, toll
        assert all(sources and pd.notna(date) for sources, date in zip(rows.sources, rows.date, strict=True))
    # 238 was given three times (the ombudswoman in March 2022, the prosecutors in August 2022 and January
    # 2023): each is its own row, with its own date
    assert deaths[deaths.value == 238]["date"].is_unique
    total = f[f.metric == "troops"].set_index("value")
    assert total.loc[2030, "sources"] != total.loc[2500, "sources"]
    assert total.loc[2500, "qualifier"] == "about"
    pledge = f[(f.record == "contingent-ru") & (f.metric == "troops")]
    assert pledge.iloc[0].note_en  # the pledge says it is not an official figure


def test_key_sites_evacuation_and_airport_hours(data: Dataset) -> None:
    r = data.records.set_index("id")
    assert r.loc["almaty-airport", "hours"]
    assert r.loc["almaty-airport", "end"] == DAY("2022-01-13")
    assert r.loc["zhetigen-airfield", "coord_method"] == "curated"
    assert {"moscow", "nur-sultan"} <= set(r.index[r.layer == "decision_centre"])
    evac = data.figures[data.figures.metric == "evacuated"].iloc[0]
    assert (evac.value, evac.qualifier) == (2000, "more_than")


def test_coordinates_say_where_they_came_from(data: Dataset) -> None:
    assert set(data.records["coord_method"]) <= {"given", "curated", "exact", "alias", "fuzzy"}
    assert data.records["precision"].isin(["point", "street", "city", "region", "country"]).all()
    # A guarded object is at coordinates given in records.csv (a sourced point, or its street's), whose
    # doubt says where they come from; without them it is at city precision, never a point.
    guarded = data.records[data.records.kind == "guarded_object"]
    given = guarded["coord_method"] == "given"
    assert guarded.loc[given, "precision"].isin(["point", "street"]).all()
    assert guarded.loc[given, "doubt_en"].map(bool).all() and guarded.loc[given, "doubt_de"].map(bool).all()
    assert (guarded.loc[~given, "precision"] == "city").all() and given.any() and (~given).any()


def test_documented_record_columns_match_the_bundled_file() -> None:
    from dashboard.data.schema import RECORD_COLUMNS, RecordRow

    header = (GEODATA / "records.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header[:len(RECORD_COLUMNS)]) == RECORD_COLUMNS
    # The model's other fields are the columns a CSV export adds (where its coordinates came from).
    assert set(RecordRow.model_fields) - set(RECORD_COLUMNS) == {"coord_method", "coord_name"}
    assert set(RecordRow.EXPORTED) >= {"coord_method", "coord_name"}
    # Then the per-language columns, found by their suffix.
    assert header[len(RECORD_COLUMNS):] == ["summary_en", "summary_de", "name_de", "unit_de", "hours_de",
                                            "doubt_en", "doubt_de"]
    assert all(RecordRow.knows(column) for column in header)
    assert not RecordRow.knows("summary_xx") and not RecordRow.knows("notes")


def test_a_third_language_needs_only_its_columns_in_the_data(tmp_path: Path, geocoder: Geocoder) -> None:
    """`name_fr` and `summary_fr` load and show for a French reader with no code naming French."""
    from dashboard.view.wording import localised

    shutil.copytree(GEODATA, tmp_path / "geodata")
    records = pd.read_csv(tmp_path / "geodata" / "records.csv", dtype=str, keep_default_na=False)
    records["name_fr"] = ["Moscou" if rid == "moscow" else "" for rid in records["id"]]
    records["summary_fr"] = "Résumé"
    records.to_csv(tmp_path / "geodata" / "records.csv", index=False)
    data = load_dataset(tmp_path / "geodata", geocoder)
    assert data.problems == []
    french = localised(data.records, "fr").set_index("id")
    assert french.loc["moscow", "name"] == "Moscou" and french.loc["kazakhstan", "name"] == "Kazakhstan"
    assert (french["summary"] == "Résumé").all()


def test_german_readers_get_german_attributions(data: Dataset) -> None:
    """A source's publisher line that says more than a name ("citing TASS and Khabar 24") has a German
    version (`publisher_de`), shown in the German sources table; the English table keeps the English."""
    from dashboard.view.tables import source_table
    from dashboard.view.wording import cited_as

    cited = data.sources[data.sources["id"] == "trend-3537398"]
    german = source_table(cited, "de").iloc[0].tolist()
    english = source_table(cited, "en").iloc[0].tolist()
    assert any("unter Berufung auf TASS und Khabar 24" in str(cell) for cell in german)
    assert not any("citing" in str(cell) for cell in german[:2])
    assert any("citing TASS and Khabar 24" in str(cell) for cell in english)
    assert cited_as(["tass-ru-13371733"], data.sources, "de").startswith("TASS (russischer Dienst)")
    # every publisher line with an English attribution has its German version
    rows = _csv("sources.csv")
    words = ("citing", "quoting", "republish", " service")
    attributed = [r for r in rows if any(w in r["publisher"] for w in words)]
    assert attributed and all(r["publisher_de"] for r in attributed)
