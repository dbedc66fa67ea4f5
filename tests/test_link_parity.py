"""One link grammar, two readers: the app's parser (Python) and the published edition's link.js read the
same links, good and hostile, to the same canonical link and the same notices."""

from __future__ import annotations

import random
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlparse

import pytest
from playwright.sync_api import Page

from dashboard.view.grammar import SPACE, rules
from dashboard.view.link import parse_view, view_params
from tests.conftest import OfflinePage, Server
from tests.support.csvdata import table

SEED = 2022_01_13
LINKS = 1200
END_TO_END = 20
GRAMMAR = rules()
PARAMS = GRAMMAR["params"]

# Values no grammar should take, and some that a careless reader would choke on.
HOSTILE = ['"]', "'\"><img src=x onerror=alert(1)>", "]]>", "${alert(1)}", "`", "\\", "\u202e", "\ufeff",
           "\u200b", "🇰🇿", "𝔎𝔞𝔷𝔞𝔨𝔥𝔰𝔱𝔞𝔫", "a\x00b", "%", "%zz", "%E2%82", "+", "=", "&", ",", ",,,", " , ",
           "constructor", "__proto__", "toString", "hasOwnProperty", "null", "undefined", "NaN", "-0", "١٢",
           "<script>alert(1)</script>", "javascript:alert(2)", "../../etc/passwd", "Kazakhstán", "Türkei",
           "Atlantis", "XX", "kz kz", "K\u0301Z", "ＫＺ", "ｋａｓａｃｈｓｔａｎ", "Ka\u00adsachstan",
           # around the 40 characters a notice quotes
           "b" * 39, "c" * 40, "d" * 41, "😀" * 40, "e" * 40 + "  ", "<" + "f" * 40, "g " * 21]
UNKNOWN_KEYS = ["foo", "Country", "LANG", "__proto__", "constructor", "toString", "hasOwnProperty", "",
                '"]', "country[]", "zoom2", "embed", "embed_options", "😀", " date"]
OUT_OF_MONTH = ["2021-12-31", "20220201", "2022-W05-2", "2022-02-30", "2022-13-45", "2021W52", "2022-1-14",
                "20220114ab", "banana", "", "2022/01/14", "14.01.2022"]
BAD_CENTERS = ["91,10", "10", "1,2,3", "nan,nan", "inf,0", "0x10,0", "1_000,2", "١,٢", "", " , ", "1e400,1",
               "-90.00001,0", "45;60", "45,60,", ",45"]
# The final figures (issue 33), spelt as a link may give them: read alike, kept or refused alike.
FINAL_LINKS = ["date=final", "date=final&lang=de&country=KZ", "date=%20final%20", "date=Final", "date=FINAL",
               "date=final&date=2022-01-06", "date=finals", "date=final,2022-01-06"]
BAD_ZOOMS = ["0", "19", "5.0", "1e1", "0x5", "", "-0", "+", "١", "99999999999999999999999", "Infinity"]


def _spaced(rng: random.Random, text: str) -> str:
    """`text` with whitespace of any kind around it, sometimes."""
    if rng.random() < 0.7:
        return text
    around = "".join(rng.choices(SPACE + "\u200b\ufeff", k=rng.randint(1, 3)))
    return around + text + rng.choice(["", " ", "\t"])


def _alias(rng: random.Random, key: str) -> str:
    alias = rng.choice(list(PARAMS[key]["aliases"]))
    form = rng.choice([str.lower, str.upper, str.title, lambda s: s.replace(" ", "-"),
                       lambda s: s.replace(" ", "_"), lambda s: s])
    return _spaced(rng, form(alias))


def _number(rng: random.Random, low: float, high: float) -> str:
    x = rng.uniform(low * 1.1, high * 1.1)
    tie = rng.randint(-5760, 5760) / 32  # half way between two 4-decimal values, often
    return rng.choice([repr(x), f"{x:.4f}", f"{x:.2e}", f"{x:+.1f}", str(round(x)), str(tie), f"{x:.5f}",
                       ".5", "5."])


def _good(rng: random.Random, key: str, record_ids: list[str]) -> str:
    """A value the grammar may well accept (or, now and then, just refuse)."""
    if key in ("country", "layers"):
        return ",".join(_alias(rng, key) for _ in range(rng.randint(0, 4)))
    if key in ("date", "lang"):
        return _alias(rng, key)
    if key == "record":
        return rng.choice(record_ids) if rng.random() < 0.8 else rng.choice(record_ids).upper()
    if key == "center":
        return _spaced(rng, f"{_number(rng, -90, 90)},{_spaced(rng, _number(rng, -180, 180))}")
    return _spaced(rng, rng.choice([str(rng.randint(0, 20)), f"+{rng.randint(1, 18):02d}", "007"]))


def _bad(rng: random.Random, key: str) -> str:
    """A value the grammar refuses, mostly."""
    pool = {"date": OUT_OF_MONTH, "center": BAD_CENTERS, "zoom": BAD_ZOOMS}.get(key, [])
    choice = rng.random()
    if pool and choice < 0.4:
        return rng.choice(pool)
    if choice < 0.7:
        return rng.choice(HOSTILE)
    if choice < 0.8:  # long: around the limit, in code points (an astral character is two UTF-16 units)
        return rng.choice(["a", "é", "😀"]) * rng.choice([299, 300, 301, 2000])
    if choice < 0.9:  # a list mixing known and unknown parts
        return ",".join(rng.choice([*HOSTILE, _alias(rng, "country"), _alias(rng, "layers")])
                        for _ in range(3))
    codes = [(0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0x10FFFF)]  # any character but a lone surrogate
    return "".join(chr(rng.randint(*rng.choice(codes))) for _ in range(rng.randint(1, 12)))


def _encoded(rng: random.Random, text: str) -> str:
    """`text` in a query string: percent-encoded as a browser does, or fully, or partly left raw."""
    style = rng.random()
    if style < 0.6:
        return quote(text, safe=",")
    if style < 0.8:
        return quote(text, safe="")
    return quote(text, safe=",:/;@!$'()*[]\"<>`{}|\\^%+=")


def links(record_ids: list[str], count: int = LINKS, seed: int = SEED) -> list[str]:
    """`count` seeded query strings (without "?"), from the grammar's own values and from garbage."""
    rng = random.Random(seed)
    keys = GRAMMAR["keys"]
    found: list[str] = []
    while len(found) < count:
        kind = len(found) % 3  # good links, mixed ones and hostile ones, in turn
        pairs: list[tuple[str, str]] = []
        for _ in range(rng.randint(0, 8)):
            key = rng.choice(keys) if rng.random() < 0.85 else rng.choice(UNKNOWN_KEYS)
            good = kind == 0 or (kind == 1 and rng.random() < 0.6)
            value = _good(rng, key, record_ids) if good and key in keys else _bad(rng, key)
            pairs.append((key, value))
        if rng.random() < 0.15 and pairs:  # a key given twice
            pairs.append(rng.choice(pairs))
        parts = [f"{_encoded(rng, k)}={_encoded(rng, v)}" for k, v in pairs]
        if rng.random() < 0.1:
            parts.insert(rng.randint(0, len(parts)), rng.choice(["", "lang", "=x", "&", "country", "+=+"]))
        found.append("&".join(parts).replace("#", "%23"))
    return found + FINAL_LINKS


def python_reading(query: str, record_ids: set[str]) -> dict[str, object]:
    """What the app makes of a query string (Streamlit reads it with parse_qs, keeping blank values)."""
    params = parse_qs(query, keep_blank_values=True)
    parsed = parse_view(params, record_ids)
    return {"params": [[k, v] for k, v in params.items()],
            "query": urlencode(view_params(parsed.view), safe=","),
            "notices": [str(n) for n in parsed.notices]}


EDITION_READING = """async (queries) => {
    // The module and the grammar the page itself loads, as its meta tags name them.
    const named = (name) => document.querySelector(`meta[name="${name}"]`).content;
    const link = await import(new URL(named("kz-link-js"), document.baseURI).href);
    const edition = await (await fetch(named("kz-edition-en"))).json();
    const ids = edition.records.id;
    return queries.map((query) => {
        const params = link.linkParams(query);
        const {view, notices} = link.parseLink(params, edition.link, ids);
        return {params: [...params], query: link.viewQuery(view, edition.link), notices};
    });
}"""



@pytest.fixture(scope="module")
def record_ids() -> list[str]:
    """Every record id (the edition lists every record, `test_edition` checks it)."""
    return sorted(table("records")["id"])


@pytest.mark.slow  # over a second of the quick tier
def test_the_generated_links_cover_good_and_bad(record_ids: list[str]) -> None:
    readings = [python_reading(q, set(record_ids)) for q in links(record_ids)]
    assert len(readings) >= 1000
    quiet = sum(not r["notices"] for r in readings)
    assert 200 <= quiet <= len(readings) - 200  # many links apply whole, many are partly ignored
    said = " ".join(n for r in readings for n in r["notices"])
    for part in ("unknown parameter", "given 2 times", "characters", "country: ignored", "date: ignored",
                 "outside 2022", "layers: ignored", "lang: ignored", "record: ignored", "expected LAT,LON",
                 "outside the globe", "whole number", "use 1 to 18"):
        assert part in said, part
    queries = {r["query"] for r in readings}
    assert any("center=" in q for q in queries) and any("record=" in q for q in queries)
    assert any("lang=de" in q for q in queries) and any("country=KG&" in q for q in queries)
    assert any("date=final" in q for q in queries)


def test_the_edition_reads_every_link_as_the_app_does(
    edition: str, record_ids: list[str], offline_page: OfflinePage
) -> None:
    queries = links(record_ids)
    page = offline_page.page
    page.goto(edition)
    page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)
    in_page = page.evaluate(EDITION_READING, queries)  # the whole batch in one call
    assert len(in_page) == len(queries)
    ids = set(record_ids)
    readings = [python_reading(q, ids) for q in queries]
    differ = [(q, py, js) for q, py, js in zip(queries, readings, in_page, strict=True) if py != js]
    assert differ == [], differ[:3]
    assert offline_page.outside == [] and offline_page.console_errors == []


def _pairs(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlparse(url).query, keep_blank_values=True)


def _settled(page: Page, expected: list[tuple[str, str]], timeout_ms: int) -> list[tuple[str, str]]:
    """The address bar's query, once it shows `expected` or time runs out."""
    for _ in range(timeout_ms // 250):
        if _pairs(page.url) == expected:
            break
        page.wait_for_timeout(250)
    return _pairs(page.url)


def test_twenty_links_settle_on_the_same_canonical_link_in_the_app_and_the_edition(
    edition: str, server: Server, record_ids: list[str], offline_page: OfflinePage
) -> None:
    rng = random.Random(SEED + 1)
    pool = [q for q in links(record_ids) if "embed" not in q]  # embed keys change Streamlit's page itself
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for number, query in enumerate(rng.sample(pool, END_TO_END)):
        # The app writes where its map stands once the map reports it; so each link names a map position
        # first (at a zoom where a pixel is far below the link's 4 decimals), and the rest follows.
        center = f"{rng.randint(405000, 535000) / 10000:.4f},{rng.randint(500000, 870000) / 10000:.4f}"
        link = f"center={center}&zoom={rng.randint(16, 18)}&{query}"
        parsed = parse_view(parse_qs(link, keep_blank_values=True), set(record_ids))
        expected = list(view_params(parsed.view).items())
        page.goto(f"{server.url.rstrip('/')}/?{link}", wait_until="domcontentloaded")
        assert _settled(page, expected, 90_000 if number == 0 else 30_000) == expected, link
        app_errors = len(offline_page.console_errors)  # the app's own console is another matter
        page.goto(f"{edition}?{link}")
        page.wait_for_function("() => document.body.dataset.ready === 'true'"
                               " && document.querySelectorAll('#map path').length > 0", timeout=20_000)
        assert _settled(page, expected, 5_000) == expected, link
        notices = page.locator("#notices li").evaluate_all("items => items.map((item) => item.textContent)")
        assert notices == [n.text(parsed.view.lang) for n in parsed.notices], link
        assert offline_page.console_errors[app_errors:] == [], link
    assert dialogs == []
    assert offline_page.outside == []
