"""The offline geocoder, with the real gazetteer and the curated supplement."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod

from dashboard.geo.geocoder import GeocodeError, Geocoder, GeocodeResult
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


def test_ascii_keys_transliterate_as_unidecode_does_character_by_character() -> None:
    import unicodedata

    from unidecode import unidecode

    from dashboard.data.names import ascii_key, name_key

    texts = [chr(c) for c in range(0x80, 0x3000)] + [
        "Aqtöbe", "Алматы", "Жаңаөзен", "Մոսկվա", "ﬁnal Straße", "Ⅻ", "\U0001f600 city", "Zvartnots"]
    assert [ascii_key(t) for t in texts] == [name_key(unidecode(unicodedata.normalize("NFKC", t)))
                                             for t in texts]


class _Counting(Geocoder):
    """The real geocoder (the session's index), noting every question it is asked."""

    def __init__(self, geocoder: Geocoder) -> None:
        super().__init__(index=geocoder.index)
        self.asked: list[tuple[str, str | None]] = []

    def geocode(self, name: str, country: str | None = None) -> GeocodeResult:
        self.asked.append((name, country))
        return super().geocode(name, country)


def test_locate_asks_each_distinct_place_and_country_once_and_keeps_row_order(geocoder: Geocoder) -> None:
    from dashboard.data.rows import Table
    from dashboard.data.schema import RecordRow
    from dashboard.geo.locate import locate

    def row(i: int, name: str, place: str | None, country: str = "KZ", **more: object
            ) -> tuple[int, RecordRow]:
        return i, RecordRow.model_validate({"id": f"r{i}", "name": name, "place": place, "country": country,
                                            "layer": "unrest", "kind": "protest", "sources": "s", **more})

    rows = [row(2, "Square", "Almaty"), row(3, "Airport", "Blorptown"), row(4, "Almaty", None),
            row(5, "Office", "Almaty"), row(6, "Given", "Almaty", lat=43.2, lon=76.9),
            row(7, "Kant", None, "KG"), row(8, "Blorptown", None),
            row(9, "Bazaar", "Alma-Ata", precision="region")]
    counting = _Counting(geocoder)
    table = Table.of(rows, RecordRow)
    frame, problems = locate(table, counting)
    assert counting.asked == [("Almaty", "KZ"), ("Blorptown", "KZ"), ("Kant", "KG"), ("Alma-Ata", "KZ")]
    assert table.columns == {}  # consumed: its columns became the frame's
    assert list(frame["row"]) == [2, 4, 5, 6, 7, 9]
    assert list(frame["coord_method"]) == ["exact", "exact", "exact", "given", "exact", "alias"]
    assert list(frame["precision"]) == ["city", "city", "city", "point", "city", "region"]
    assert [(p.row, p.column) for p in problems] == [(3, "place"), (8, "name")]
    assert all(p.message.startswith("cannot geocode: no place named 'Blorptown'") for p in problems)
