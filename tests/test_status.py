"""Status as of a date, country filtering and figures known by a date, on the real dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.data.countries import CONTRIBUTORS, HOST, country_name
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.view import status
from tests.conftest import GEODATA
from tests.support.csvdata import table

ALL = [HOST, *CONTRIBUTORS]


@pytest.fixture(scope="module")
def data(geocoder: Geocoder) -> Dataset:
    return load_dataset(GEODATA, geocoder)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(5, "not_deployed"), (6, "deployed"), (12, "deployed"), (13, "withdrawing"), (19, "withdrawn")],
)
def test_contingent_status_follows_its_dates(day: int, expected: str) -> None:
    dates = (dt.date(2022, 1, 6), dt.date(2022, 1, 13), dt.date(2022, 1, 19))
    assert status.contingent_status(*dates, dt.date(2022, 1, day)) == expected


def _contingents(shown):
    return shown[shown.layer == "contingent"].set_index("contingent")["status"].to_dict()


def test_on_the_report_day_russia_is_withdrawing_and_the_others_deployed(data: Dataset) -> None:
    states = _contingents(status.visible(data.records, ALL, status.REPORT_DAY))
    assert states.pop("RU") == "withdrawing"
    assert set(states.values()) == {"deployed"}


def test_by_20_january_all_five_are_withdrawn(data: Dataset) -> None:
    states = _contingents(status.visible(data.records, ALL, dt.date(2022, 1, 20)))
    assert states == dict.fromkeys(CONTRIBUTORS, "withdrawn")


def test_armenia_alone_keeps_only_armenian_records(data: Dataset) -> None:
    shown = status.visible(data.records, ["AM"], status.REPORT_DAY)
    assert len(shown) > 0
    assert ((shown.country == "AM") | (shown.contingent == "AM")).all()
    assert set(shown[shown.layer == "troop_origin"]["id"]) == {"am-zvartnots"}


def test_records_appear_when_their_story_begins(data: Dataset) -> None:
    early = status.visible(data.records, ALL, dt.date(2022, 1, 2))
    assert {"zhanaozen", "aktau"} <= set(early["id"])
    assert "taldykorgan" not in set(early["id"])  # riots there began on 5 January


def test_figures_known_by_a_date_keep_disagreeing_values_apart(data: Dataset) -> None:
    before = status.figures_known(data.figures, ["kazakhstan"], dt.date(2022, 1, 14))
    after = status.figures_known(data.figures, ["kazakhstan"], dt.date(2022, 3, 31))
    deaths = lambda f: sorted(f[f.metric == "deaths"]["value"])  # noqa: E731
    # Every national death toll given by then, withdrawn and superseded ones included (marked, listed).
    bundled = table("figures").query("record == 'kazakhstan' and metric == 'deaths'")
    assert deaths(before) == sorted(int(v) for v, d in zip(bundled["value"], bundled["date"], strict=True)
                                    if d <= "2022-01-14")
    assert 100 in deaths(before) and not {225, 227, 230, 238} & set(deaths(before))
    assert {100, 225, 227, 230, 238} <= set(deaths(after))
    assert deaths(after) == sorted(int(v) for v, d in zip(bundled["value"], bundled["date"], strict=True)
                                   if d <= "2022-03-31")
    assert 232 not in deaths(after)  # given later (the prosecutors' toll of June 2022)


@pytest.mark.parametrize(("day", "words"), [
    ("2022-01-13", {"leaves on", "(13 Jan – 19 Jan)"}), ("2022-01-20", {"left on", "withdrew"}),
    ("2022-01-10", {"leaves on", "withdraws"}),
])
def test_withdrawal_dates_read_in_the_tense_of_the_chosen_date(
    data: Dataset, day: str, words: set[str],
) -> None:
    """Before a contingent leaves its date reads as future, after it as past; expectations from the CSV."""
    from dashboard.view.tables import withdrawal_summary

    as_of = dt.date.fromisoformat(day)
    records = table("records")
    contingents = records[records["layer"] == "contingent"]
    summary = withdrawal_summary(status.visible(data.records, CONTRIBUTORS, as_of), as_of)
    for c in contingents.itertuples():
        single = c.withdrawal_start == c.withdrawn
        tense = ("leaves on" if day < c.withdrawn else "left on") if single else (
            "withdraws" if day < c.withdrawal_start else "withdrew" if day >= c.withdrawn else "")
        prefix = f"- {country_name(c.contingent)}:"
        line = next(line for line in summary.splitlines() if line.startswith(prefix))
        assert tense in line
    assert all(any(w in line for line in summary.splitlines()) for w in words)
