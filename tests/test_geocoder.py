"""The offline geocoder, with the real gazetteer and the curated supplement."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod

from dashboard.geo.geocoder import GeocodeError, Geocoder
from tests.conftest import run_cli

WGS84 = Geod(ellps="WGS84")
MAX_KM = 25.0

# Reference positions from ../shared/sources/facts.md section 4 (Wikipedia-derived pages), or the
# English Wikipedia coordinates where that table has none (Taldykorgan, Kant town).
REFERENCE = {
    "Almaty": (43.2775, 76.89583, "KZ"),
    "Nur-Sultan": (51.167, 71.433, "KZ"),
    "Zhanaozen": (43.33778, 52.85528, "KZ"),
    "Aktau": (43.650, 51.150, "KZ"),
    "Taldykorgan": (45.0156, 78.3739, "KZ"),
    "Moscow": (55.7558, 37.6173, "RU"),
    "Kant": (42.8911, 74.8508, "KG"),
    "Chkalovsky": (55.87833, 38.06167, "RU"),
    "Ivanovo-Severny": (57.05833, 40.98167, "RU"),
    "Ulyanovsk-Vostochny": (54.39944, 48.80111, "RU"),
    "Machulishchy": (53.77361, 27.57722, "BY"),
    "Zvartnots": (40.14722, 44.39583, "AM"),
    "Gissar": (38.51421, 68.675445, "TJ"),
    "Kant air base": (42.85306, 74.84639, "KG"),
    "Zhetigen": (43.7330, 77.1168, "KZ"),
}

SPELLINGS = {
    "Almaty": ["Almaty", "Alma-Ata", "Alma Ata", "Алматы", "Алма-Ата", "Verny"],
    "Nur-Sultan": ["Nur-Sultan", "Astana", "Akmola", "Akmolinsk", "Tselinograd", "Астана",
                   "Нур-Султан", "Нұр-Сұлтан"],
    "Zhanaozen": ["Zhanaozen", "Janaozen", "Schangaösen", "Jañaözen", "Жанаозен", "Жаңаөзен"],
    "Aktau": ["Aktau", "Aqtau", "Актау", "Ақтау", "Shevchenko"],
    "Taldykorgan": ["Taldykorgan", "Taldyqorgan", "Талдыкорган", "Талдықорған"],
    "Moscow": ["Moscow", "Moskau", "Москва", "Мәскеу"],
    "Kant": ["Kant"],
    "Chkalovsky": ["Chkalovsky", "Chkalovsky air base", "Tschkalowski", "Чкаловский"],
    "Ivanovo-Severny": ["Ivanovo-Severny", "Ivanovo Severny", "Иваново-Северный"],
    "Ulyanovsk-Vostochny": ["Ulyanovsk-Vostochny", "Uljanowsk-Wostotschny", "Ульяновск-Восточный"],
    "Machulishchy": ["Machulishchy", "Machulishchi", "Matschulischtschy", "Мачулищи"],
    "Zvartnots": ["Zvartnots", "Swartnoz", "Звартноц"],
    "Gissar": ["Gissar", "Hisor", "Hisor air base", "Ayni air base", "Гиссар"],
    "Kant air base": ["Kant air base", "Kant airbase"],
    "Zhetigen": ["Zhetigen", "Zhetygen", "Zhitygen", "Жетыген"],
}

COUNTRY_NAMES = {
    "KZ": ["Kazakhstan", "Kasachstan", "Казахстан", "Қазақстан"],
    "RU": ["Russia", "Russland", "Russian Federation", "Россия", "Ресей"],
    "BY": ["Belarus", "Weißrussland", "Беларусь"],
    "AM": ["Armenia", "Armenien", "Армения"],
    "TJ": ["Tajikistan", "Tadschikistan", "Таджикистан", "Тәжікстан"],
    "KG": ["Kyrgyzstan", "Kirgistan", "Kirgisistan", "Киргизия", "Қырғызстан"],
}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return WGS84.inv(lon1, lat1, lon2, lat2)[2] / 1000


@pytest.mark.parametrize(
    ("place", "spelling"), [(p, s) for p, names in SPELLINGS.items() for s in names]
)
def test_every_listed_spelling_resolves_near_the_true_position(
    geocoder: Geocoder, place: str, spelling: str
) -> None:
    lat, lon, country = REFERENCE[place]
    result = geocoder.geocode(spelling, country)
    assert result.country == country
    assert _km(result.lat, result.lon, lat, lon) <= MAX_KM, result
    assert result.method in {"exact", "alias", "curated"}
    assert result.precision in {"point", "city"}


@pytest.mark.parametrize(("code", "name"), [(c, n) for c, ns in COUNTRY_NAMES.items() for n in ns])
def test_country_names_resolve_to_the_country(geocoder: Geocoder, code: str, name: str) -> None:
    result = geocoder.geocode(name)
    assert (result.country, result.precision) == (code, "country")


def test_record_country_disambiguates(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Moscow").country == "RU"
    assert geocoder.geocode("Moscow", "US").country == "US"  # Moscow, Idaho
    assert geocoder.geocode("Moscow", "RU").lat > 55
    assert geocoder.geocode("Kant", "KG").country == "KG"
    assert geocoder.geocode("Kant", "Kirgisistan").country == "KG"


def test_name_found_only_in_another_country_is_an_error(geocoder: Geocoder) -> None:
    with pytest.raises(GeocodeError, match=r"only in .*KZ"):
        geocoder.geocode("Almaty", "RU")


def test_methods_say_how_the_result_was_found(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Almaty", "KZ").method == "exact"
    assert geocoder.geocode("Alma-Ata", "KZ").method == "alias"
    assert geocoder.geocode("Zvartnots", "AM").method == "curated"
    fuzzy = geocoder.geocode("Zhanaozenn", "KZ")
    assert (fuzzy.name, fuzzy.method) == ("Zhanaozen", "fuzzy")


@pytest.mark.parametrize("made_up", ["Blorptown", "Qwertzuistan", "Xanadu-on-Volga", ""])
def test_made_up_names_are_refused(geocoder: Geocoder, made_up: str) -> None:
    with pytest.raises(GeocodeError):
        geocoder.geocode(made_up)


def test_cli_prints_exactly_one_json_object() -> None:
    done = run_cli("geocode", "Schangaösen", "--country", "KZ")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"query", "name", "lat", "lon", "country", "method", "precision"}
    assert (result["query"], result["name"], result["country"]) == ("Schangaösen", "Zhanaozen", "KZ")
    lat, lon, _ = REFERENCE["Zhanaozen"]
    assert _km(result["lat"], result["lon"], lat, lon) <= MAX_KM


def test_cli_refuses_a_made_up_name() -> None:
    done = run_cli("geocode", "Blorptown")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Blorptown" in done.stderr
