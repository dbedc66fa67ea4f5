"""Status as of a date, country filtering and figures known by a date, on the real dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.data.countries import CONTRIBUTORS, HOST
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.view import status
from tests.conftest import GEODATA

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
    assert deaths(before) == [100]
    assert deaths(after) == [100, 225, 227, 230, 238]
