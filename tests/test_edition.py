"""The published edition: static files that draw what the app draws, served by a plain static server."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from dashboard.geo.dataset import load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.map.compact import columns
from dashboard.publish import CSP
from dashboard.scene import View, scene
from dashboard.view import status
from dashboard.view.link import COUNTRIES, parse_view, view_params
from dashboard.view.selection import select
from dashboard.vocabulary import EMERGENCY_GROUP
from tests.conftest import GEODATA, REPO, SCREENSHOTS, OfflinePage, Server, offline, run_cli
from tests.support.accessibility import blocking, violations
from tests.support.csvdata import ALL_CODES, decision_days, drawn_view
from tests.support.csvdata import table as csv_table
from tests.support.edition import open_edition, publish_edition, serve_edition
from tests.support.hostile import HOSTILE_URL, hostile, hostile_folder
from tests.support.mapdriver import RECORD_CLASS, drawn_records, open_dashboard

DAY = dt.date(2022, 1, 14)
def _edition_data(folder: Path, lang: str) -> dict:
    (path,) = (folder / "data").glob(f"edition-{lang}.*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _drawn(page: Page) -> set[str]:
    classes = page.locator("#map [class*='record-']").evaluate_all(
        "els => els.map(e => e.getAttribute('class'))")
    return {m.group(1) for c in classes for m in RECORD_CLASS.finditer(c)}


# ---- the files ---------------------------------------------------------------------------------

def test_publish_writes_hashed_files_and_a_page_whose_scripts_come_from_the_site(published: Path) -> None:
    page = (published / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert len(scripts) == 3
    assert all(body.strip() == "" and 'src="assets/' in attrs for attrs, body in scripts)
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert html.unescape(policy) == CSP
    assert "script-src 'self';" in CSP and "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]
    referenced = re.findall(r'(?:src|href|content)="((?:assets|data)/[^"]+)"', page)
    assert len(referenced) >= 8
    modules = re.compile(r"assets/modules\.[0-9a-f]{12}/(edition|link)\.js")
    for relative in referenced:  # relative, content-hashed (the modules by their folder), present
        assert (re.fullmatch(r"(assets|data)/[\w-]+\.[0-9a-f]{12}\.(js|css|json)", relative)
                or modules.fullmatch(relative)), relative
        assert (published / relative).is_file()
    assert "http" not in "".join(referenced)
    # The page's logic is real ES module files in the project, unchanged, one folder named by their hash;
    # links are read by link.js, a module of its own that edition.js imports. The drawing code is the app's.
    (folder,) = (published / "assets").glob("modules.*")
    static = Path("dashboard/publish/static")
    assert sorted(p.name for p in folder.glob("*.js")) == sorted(p.name for p in static.glob("*.js"))
    for module in folder.glob("*.js"):
        assert module.read_bytes() == (static / module.name).read_bytes(), module.name
    link_source = (static / "link.js").read_text(encoding="utf-8")
    assert "export function parseLink" in link_source
    (compact,) = (published / "assets").glob("compact.*.js")
    assert compact.read_bytes() == Path("dashboard/map/compact.js").read_bytes()
    embed = (published / "embed.html").read_text(encoding="utf-8")
    assert embed.startswith('<iframe src="https://example.org/kz-map/"') and "width:100%" in embed


def _social_tags(page: str) -> dict[str, str]:
    return {key: html.unescape(value) for key, value in
            re.findall(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', page)}


def test_the_page_names_its_social_card_and_shows_it_to_readers_without_javascript(
    published: Path, geocoder: Geocoder,
) -> None:
    from PIL import Image

    page = (published / "index.html").read_text(encoding="utf-8")
    tags = _social_tags(page)
    text = scene(load_dataset(GEODATA, geocoder), View(lang="en")).text
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:title"] == "Kazakhstan, January 2022: unrest and the CSTO deployment"
    assert tags["og:description"] == text and tags["og:image:alt"] == text
    assert tags["og:image"] == tags["twitter:image"]
    # Absolute under --url, and a file of the site: the card of the page's language.
    relative = tags["og:image"].removeprefix("https://example.org/kz-map/")
    assert re.fullmatch(r"cards/card-en\.[0-9a-f]{12}\.png", relative), tags["og:image"]
    assert Image.open(published / relative).size == (1200, 675)
    assert len(list((published / "cards").glob("card-de.*.png"))) == 1  # a card for each language
    (fallback,) = re.findall(r"<noscript>\s*<img ([^>]*)>\s*</noscript>", page)
    attributes = {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', fallback)}
    assert attributes["src"] == relative and attributes["alt"] == text


@pytest.mark.slow
def test_without_url_the_card_is_named_relatively_with_a_warning(tmp_path: Path) -> None:
    done = run_cli("publish", "-o", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    assert "no --url given: og:image names the social card relatively" in done.stderr
    image = _social_tags((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))["og:image"]
    assert image.startswith("cards/card-en.") and (tmp_path / "site" / image).is_file()


def test_the_edition_holds_what_the_rules_say_for_every_choice(published: Path, geocoder: Geocoder) -> None:
    """The page shows a record when its first day has come and one of its countries is chosen, and draws
    the shapes whose days include the chosen one. For every day and every choice of countries that is
    exactly what `status.visible` says, and the shapes drawn are those of the app's scene for that day;
    the chronology's day groups (latest first) that the day hides, its first `days_after`, are those of
    the days after it, and the groups it keeps hold the events known by the day."""
    data = load_dataset(GEODATA, geocoder)
    edition = _edition_data(published, "en")
    chronology = json.loads((published / edition["chronology_file"]).read_text(encoding="utf-8"))
    groups = re.findall(r'<details class="chronology-day" data-day="([\d-]+)"', chronology)
    assert groups == sorted(groups, reverse=True) and len(groups) == data.events["date"].nunique()
    events_in = {iso: re.findall(r'<li data-event-date="[^"]*" data-record="([^"]*)"', part) for iso, part in
                 zip(groups, re.split(r'<details class="chronology-day" ', chronology)[1:], strict=True)}
    records = edition["records"]
    rows = list(zip(records["id"], records["first"], records["countries"], strict=True))
    every = csv_table("records")
    # The days of January, then the final figures (issue 33).
    for index, (frame, day) in enumerate(zip(edition["days"], (*status.DAYS, status.FINAL_DAY), strict=True)):
        assert frame["iso"] == status.day_value(day)
        # A state's contingent and bases are shown from its decision to send troops on (issue 33).
        later = {code for code, first in decision_days().items() if first > day.isoformat()}
        undecided = set(every.loc[every["layer"].isin(["contingent", "troop_origin"])
                                  & every["contingent"].isin(later), "id"])
        for size in range(1, len(COUNTRIES) + 1):
            for chosen in itertools.combinations(COUNTRIES, size):
                page_rule = {r for r, first, countries in rows
                             if first is not None and first <= index and set(countries) & set(chosen)}
                assert page_rule == set(status.visible(data.records, chosen, day)["id"]) - undecided, \
                    (day, chosen)
        after = frame["days_after"]
        assert all(iso > day.isoformat() for iso in groups[:after]), day
        assert all(iso <= day.isoformat() for iso in groups[after:]), day
        listed = [r for iso in groups[after:] for r in events_in[iso] if r in page_rule]  # every country
        assert len(listed) == len(select(data, COUNTRIES, day).events), day
        # The shapes the page draws that day are the scene's, each once.
        seen = scene(data, View(COUNTRIES, day, lang="en")).shapes().shapes
        for group, kinds in edition["shapes"].items():
            for kind, table in kinds.items():
                on_day = [i for i in range(len(table["from"])) if table["from"][i] <= index <= table["to"][i]]
                drawn = sorted(json.dumps({k: v[i] for k, v in table.items() if k not in ("from", "to")},
                                          sort_keys=True) for i in on_day)
                expected = sorted(json.dumps({k: v[0] for k, v in columns([s], kind).items()},
                                             sort_keys=True)
                                  for s in getattr(seen[group], kind)
                                  if s.record is not None or group == EMERGENCY_GROUP)
                assert drawn == expected, (day, group, kind)
    assert edition["days"][-1]["days_after"] == 0
    assert sum(len(listed) for listed in events_in.values()) == len(data.events)
    # The data grow with the records: a shape is written once for the days it stays the same.
    written = sum(len(t["from"]) for kinds in edition["shapes"].values() for t in kinds.values())
    assert written < 3 * len(records["id"])


# ---- in the browser ----------------------------------------------------------------------------

def test_the_edition_draws_every_layer_offline(edition: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    open_edition(page, edition)
    assert _drawn(page) == drawn_view(ALL_CODES, status.REPORT_DAY)
    for group in ("Countries", "Troop origins", "Unrest", "Key sites"):
        expect(page.get_by_role("checkbox", name=group, exact=False).first).to_be_checked()
    assert offline_page.outside == [] and offline_page.console_errors == []


def test_a_link_restores_the_view_in_german_and_a_click_opens_details(
    edition: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    open_edition(page, edition + "?country=AM&date=2022-01-14&lang=de")
    assert _drawn(page) == drawn_view({"AM"}, DAY)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kasachstan, Januar 2022: Unruhen und der OVKS-Einsatz")
    expect(page.locator("#date-text")).to_have_text("14. Januar 2022")
    expect(page.get_by_role("checkbox", name="Armenien")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Kasachstan", exact=True)).not_to_be_checked()
    page.locator("#map .record-am-zvartnots").first.click()
    details = page.locator("#details")
    expect(details).to_be_visible()
    expect(details.get_by_role("heading", name="Flughafen Swartnoz", exact=False)).to_be_visible()
    assert "record=am-zvartnots" in page.url
    assert offline_page.outside == [] and offline_page.console_errors == []


def test_a_bad_link_is_ignored_with_the_apps_notices(edition: str, offline_page: OfflinePage) -> None:
    query = [("country", "AM,Atlantis"), ("date", "2022-02-30"), ("zoom", "99"), ("bogus", "1"),
             ("layers", "troops,rivers"), ("record", "nowhere"), ("center", "91,10")]
    expected = parse_view({k: [v] for k, v in query}, record_ids=())
    page = offline_page.page
    open_edition(page, edition + "?" + urlencode(query, safe=","))
    notices = page.locator("#notices li").all_inner_texts()
    assert notices == [str(n) for n in expected.notices]
    assert len(notices) == 7
    # The rest applies: Armenia, troops only.
    assert _drawn(page) == drawn_view({"AM"}, status.REPORT_DAY, {"troops"})
    assert offline_page.outside == []


def test_the_same_link_draws_the_same_records_in_the_app_and_the_edition(
    edition: str, server: Server, offline_page: OfflinePage
) -> None:
    query = "country=AM,BY,KG&date=2022-01-19&layers=troops,sites,countries&lang=en"
    page = offline_page.page
    open_dashboard(page, server.url + "?" + query)
    app_drawn = drawn_records(page)
    open_edition(page, edition + "?" + query)
    assert _drawn(page) == app_drawn == drawn_view({"AM", "BY", "KG"}, dt.date(2022, 1, 19),
                                                      {"troops", "sites", "countries"})
    # The edition writes the link back in the app's form, so a link copied from it opens the app.
    parsed = parse_view({k: [v] for k, v in (p.split("=") for p in query.split("&"))}, record_ids=())
    assert page.url.split("?")[1] == urlencode(view_params(parsed.view), safe=",")


def test_hostile_data_stays_inert_in_the_edition(tmp_path: Path, offline_page: OfflinePage) -> None:
    folder = publish_edition(tmp_path, hostile_folder(tmp_path / "data"))
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in serve_edition(folder):
        open_edition(page, url + "?record=hostile-site")
        details = page.locator("#details")
        expect(details.get_by_role("heading", name=hostile(4), exact=True)).to_be_visible()
        expect(details.get_by_text(hostile(5), exact=True)).to_be_visible()
        expect(details.get_by_role("link", name=HOSTILE_URL)).to_have_count(0)
        page.locator("#map .record-hostile-unrest").first.hover()
        expect(page.get_by_role("tooltip", name=hostile(6), exact=True)).to_be_visible()
        for section in page.locator("#sections > details > summary").all():  # charts, tables: data text
            section.click()
        expect(page.locator("#chart-troops svg")).to_have_count(1)
        expect(page.locator("#tables table").first).to_be_attached()
        assert dialogs == []
        assert page.evaluate("() => window.__pwned === undefined")
        assert page.evaluate("() => document.querySelectorAll('#pwned, img[onerror]').length") == 0
        assert offline_page.outside == [] and offline_page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_edition_has_no_serious_accessibility_violation(lang: str, edition: str, browser: object) -> None:
    """axe-core checks the page (injected past the page's CSP, which would rightly refuse it)."""
    wrapped = offline(browser, bypass_csp=True)
    try:
        open_edition(wrapped.page, edition + f"?lang={lang}&record=am-zvartnots")
        assert blocking(violations(wrapped.page)) == []
        assert wrapped.outside == []
    finally:
        wrapped.page.context.close()


def test_the_edition_fits_a_phone(edition: str, phone_page: OfflinePage) -> None:
    page = phone_page.page
    open_edition(page, edition + "?country=KZ")
    box = page.locator("#map").bounding_box()
    assert box["width"] >= 350 and box["height"] >= 300
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    expect(page.locator(".leaflet-control-layers-toggle")).to_be_visible()  # folded into its button
    assert _drawn(page) == drawn_view({"KZ"}, status.REPORT_DAY)



def test_the_app_shows_the_embed_snippet_of_its_view() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    (snippet,) = [c.value for c in at.code if "<iframe" in c.value]
    assert snippet.startswith('<iframe src="./?country=KZ,RU,BY,AM,TJ,KG&amp;date=2022-01-13')
    assert 'title="Kazakhstan, January 2022: unrest and the CSTO deployment"' in snippet


# ---- both sides of the data: Python writes every field, the page reads every one -------------------

# Wraps the edition's data, when the page parses it, in proxies that note every field the page reads.
_TRACK_READS = """
window.__read = new Set();
const parse = Response.prototype.json;
Response.prototype.json = async function () {
  const value = await parse.call(this);
  if (!value || value.schema !== "kz-edition") return value;
  const track = (object, prefix) => new Proxy(object, {get(target, key) {
    if (typeof key === "string") window.__read.add(prefix + key);
    return target[key];
  }});
  value.records = track(value.records, "records.");
  value.days = value.days.map((day) => track(day, "days."));
  return track(value, "");
};
"""


def test_the_page_reads_every_field_the_edition_data_holds(
    published: Path, edition: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.add_init_script(_TRACK_READS)
    open_edition(page, edition + "?country=AM&date=2022-01-14")
    page.locator("#map .record-am-zvartnots").first.click()
    expect(page.locator("#details")).to_be_visible()
    for section in ("charts", "tables"):  # their data is read when a reader opens them
        page.locator(f"#section-{section} > summary").click()
    expect(page.locator("#chart-troops svg")).to_have_count(1)
    expect(page.locator("#tables table").first).to_be_visible()
    read = set(page.evaluate("() => [...window.__read]"))
    data = _edition_data(published, "en")
    written = ({key for key in data} | {f"records.{key}" for key in data["records"]}
               | {f"days.{key}" for key in data["days"][0]})
    assert written - read == set()
    assert offline_page.console_errors == []


def test_the_drawing_code_reads_every_field_of_every_shape(edition: str, offline_page: OfflinePage) -> None:
    """compact.js, the app's and the edition's drawing code, given one shape of each kind with every
    field set, reads each field the schema names."""
    from dashboard.map.compact import COLUMNS, Area, Circle, Icon, Line, Shapes

    shapes = Shapes(
        circles=[Circle(43.2, 76.9, 8, "#333333", 1, "#ff0000", 0.5, "c", "record-c", "c", "<b>c</b>",
                        [0, 2, 16], ["c2"])],
        icons=[Icon(43.3, 76.8, "<svg></svg>", "i", "record-i", "i", "<b>i</b>", [1, 2, 16], ["i2"])],
        lines=[Line(43.2, 76.9, 51.1, 71.4, "#0072B2", 3, "4 4", "l", "record-l", "l", "<b>l</b>")],
        areas=[Area("KZ", "#ffcc00", 0.4, "a", "record-a", "a", "<b>a</b>")],
    )
    page = offline_page.page
    open_edition(page, edition)
    read = page.evaluate("""([tables, outlines]) => {
        const read = {};
        const tracked = Object.fromEntries(Object.entries(tables).map(([kind, table]) => {
            read[kind] = new Set();
            return [kind, new Proxy(table, {get(target, key) { read[kind].add(key); return target[key]; }})];
        }));
        const group = L.featureGroup().addTo(window.map);
        window.kzCompact(group, tracked, outlines);
        return Object.fromEntries(Object.entries(read).map(([kind, keys]) => [kind, [...keys]]));
    }""", [shapes.tables(), json.loads(shapes.outlines())])
    for kind, names in COLUMNS.items():
        assert set(names) - set(read[kind]) == set(), kind


# ---- charts, dark mode, the embed, the first load, the sections ----------------------------------

def _chart_file(folder: Path, lang: str, name: str, choice: str) -> tuple[str, dict]:
    chart = _edition_data(folder, lang)["charts"][name]
    path = chart["files"][chart["choices"][choice]]
    return path, json.loads((folder / path).read_text(encoding="utf-8"))


@pytest.mark.slow  # over a second of the quick tier
def test_each_choice_has_the_charts_the_app_draws_for_it(geocoder: Geocoder) -> None:
    """The charts of a country choice are those of `month_charts`, built once for the choices that
    draw the same figures."""
    from dashboard.scene.charts import charts_by_choice, month_charts
    from dashboard.scene.edition import choices
    from dashboard.view.wording import localised

    data = load_dataset(GEODATA, geocoder)
    offered = choices()
    assert len(offered) == 2 ** len(COUNTRIES) - 1
    built = charts_by_choice(data, offered, Translator("de"))
    assert len(built.troops) < len(offered) and len(built.tolls) < len(offered)
    records = localised(data.records, "de")
    for chosen in [("KZ",), ("AM",), ("RU", "BY"), ("KZ", "TJ", "KG"), COUNTRIES]:
        month = month_charts(data, chosen, "de", records)
        troop, toll = built.of_choice[chosen]
        assert built.troops[troop].spec == month.troops.spec, chosen
        assert built.troops[troop].descriptions == month.troops.descriptions, chosen
        assert built.tolls[toll] == month.tolls, chosen


def test_the_date_rule_stands_where_vega_draws_it_each_day(published: Path, geocoder: Geocoder) -> None:
    """The published rule positions are those of Vega's own scenegraph with that day chosen."""
    import vl_convert as vlc

    from dashboard.i18n import Translator
    from dashboard.publish.charts import RULE_CLASS, _sized, rule_label
    from dashboard.scene.charts import charts_by_choice

    data = load_dataset(GEODATA, geocoder)
    chart = charts_by_choice(data, [COUNTRIES], Translator("en")).troops[0]
    _, file = _chart_file(published, "en", "troops", ",".join(COUNTRIES))
    assert file["svg"].count(f'<line class="{RULE_CLASS}"') == 1
    # Each day of January, then the final figures (at the month's last day).
    assert len(file["rule"]["x"]) == len(status.DAYS) + 1 == len(file["text"])
    for index in (0, 12, 19, len(status.DAYS) - 1):
        day = status.DAYS[index]
        label = rule_label(chart, day, Translator("en"))
        assert file["rule"]["label"][index] == label
        assert file["text"][index] == chart.descriptions[day]

        def rule_x(node: object, label: str = label) -> list[float]:
            if isinstance(node, dict):
                found = [float(node["x"])] if node.get("description") == label else []
                return found + [x for value in node.values() for x in rule_x(value)]
            return [x for value in node for x in rule_x(value)] if isinstance(node, list) else []

        (drawn,) = rule_x(vlc.vegalite_to_scenegraph(_sized(chart.on(day))))
        assert abs(file["rule"]["x"][index] - drawn) < 1.0, (day, drawn)


def test_the_toll_charts_cells_stand_under_their_headers(published: Path, geocoder: Geocoder) -> None:
    """Each cell of the toll chart's grid (metric by period) holds the figures of the headers it
    stands under: a cell is empty exactly when no figure of its metric was reported in its period."""
    import vl_convert as vlc

    from dashboard.publish.charts import _sized
    from dashboard.scene.charts import charts_by_choice

    data = load_dataset(GEODATA, geocoder)
    spec = charts_by_choice(data, [COUNTRIES], Translator("en")).tolls[0]
    _, file = _chart_file(published, "en", "tolls", ",".join(COUNTRIES))
    titles = re.findall(r"aria-label=\"Title text '([^']*)'\"", file["svg"])
    rows = [t for t in titles if t in {"deaths", "injured", "arrests"}]
    columns = [t for t in titles if t in {"January 2022", "reported later"}]
    assert sorted(rows) == ["arrests", "deaths", "injured"] and len(columns) == 2
    reported = {(r["metric_label"], r["period"]) for r in spec["datasets"][spec["data"]["name"]]}

    def cells(node: object) -> list[list[dict]]:
        if isinstance(node, dict):
            own = [node["items"]] if node.get("name") == "cell" else []
            return own + [c for value in node.values() for c in cells(value)]
        return [c for value in node for c in cells(value)] if isinstance(node, list) else []

    (grid,) = cells(vlc.vegalite_to_scenegraph(_sized(spec)))
    assert len(grid) == len(rows) * len(columns)
    for n, cell in enumerate(grid):
        drawn = any(mark.get("items") for mark in cell.get("items", []) if mark.get("role") == "mark")
        assert drawn == ((rows[n // len(columns)], columns[n % len(columns)]) in reported), n


def _chart_state(page: Page, name: str) -> dict:
    return page.locator(f"#chart-{name}").evaluate("""figure => ({
        choice: figure.dataset.choice, day: figure.dataset.day,
        text: figure.querySelector('.chart-text').textContent,
        rule: figure.querySelector('line.kz-date-rule')?.getAttribute('transform') ?? null,
        said: figure.querySelector('line.kz-date-rule')?.getAttribute('aria-label') ?? null,
        svg: figure.querySelector('.chart-svg').innerHTML.length,
        legend: [...figure.querySelectorAll('.role-legend-label text')].map(t => t.textContent)})""")


def test_the_charts_load_when_opened_and_follow_the_country_and_the_date(
    published: Path, edition: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_edition(page, edition + "?date=2022-01-14")
    assert not [url for url in fetched if "/chart-" in url]  # nothing of the charts before they are opened
    page.locator("#section-charts > summary").click()
    everyone = ",".join(COUNTRIES)
    for name in ("troops", "tolls"):
        expect(page.locator(f"#chart-{name}")).to_have_attribute("data-choice", everyone)
    path, troops = _chart_file(published, "en", "troops", everyone)
    assert any(url.endswith(path) for url in fetched)
    shown = _chart_state(page, "troops")
    assert shown["rule"] == f"translate({troops['rule']['x'][13]},0)"
    assert shown["said"] == troops["rule"]["label"][13] == "chosen date: 14 Jan"
    assert shown["text"] == troops["text"][13]  # the text alternative under the chart
    assert {"Russia", "Armenia"} <= set(shown["legend"])
    _, tolls = _chart_file(published, "en", "tolls", everyone)
    assert _chart_state(page, "tolls")["text"] == tolls["text"]
    # A later date moves the rule and changes the text; no chart is fetched again.
    requests_before = len(fetched)
    page.locator("#date").fill("19")
    expect(page.locator("#chart-troops")).to_have_attribute("data-day", "2022-01-20")
    later = _chart_state(page, "troops")
    assert later["rule"] == f"translate({troops['rule']['x'][19]},0)" != shown["rule"]
    assert later["text"] == troops["text"][19] != shown["text"]
    assert len(fetched) == requests_before
    # Armenia alone: its own troop chart, and the toll chart that says it has no unrest place.
    for country in COUNTRIES:
        if country != "AM":
            page.locator(f"#countries input[value={country}]").uncheck()
    expect(page.locator("#chart-troops")).to_have_attribute("data-choice", "AM")
    _, armenia = _chart_file(published, "en", "troops", "AM")
    alone = _chart_state(page, "troops")
    assert alone["text"] == armenia["text"][19]
    assert alone["rule"] == f"translate({armenia['rule']['x'][19]},0)"
    assert "Armenia" in alone["legend"] and "Russia" not in alone["legend"]
    expect(page.locator("#chart-tolls .chart-text")).to_have_text(
        "No deaths, injuries or arrests reported for this selection.")
    # No country: the charts say how to get them back.
    page.locator("#countries input[value=AM]").uncheck()
    expect(page.locator("#no-chart")).to_be_visible()
    expect(page.locator("#chart-troops")).to_be_hidden()
    assert offline_page.outside == [] and offline_page.console_errors == []


def _rgb(colour: str) -> str:
    """A #rrggbb colour as the browser's computed style writes it."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_and_the_map_follow_the_readers_colour_scheme(
    scheme: str, edition: str, browser: object
) -> None:
    """With `prefers-color-scheme: dark` the page and the basemap take the dark scheme's colours (from
    Python: map.styles.SCHEMES, render.scheme.PAGE), and axe finds no serious or critical violation,
    with every section open."""
    from dashboard.map.styles import SCHEMES, WATER_CLASS
    from dashboard.render.scheme import LAND_CLASS, PAGE

    wrapped = offline(browser, bypass_csp=True, color_scheme=scheme)
    page = wrapped.page
    try:
        open_edition(page, edition + "?record=almaty")
        style = "(el, name) => getComputedStyle(el)[name]"
        assert page.locator("body").evaluate(style, "backgroundColor") == _rgb(PAGE[scheme]["bg"])
        assert page.locator("body").evaluate(style, "color") == _rgb(PAGE[scheme]["ink"])
        land = page.locator(f"#map path.{LAND_CLASS}").first
        land.wait_for(state="attached")
        assert land.evaluate(style, "fill") == _rgb(SCHEMES[scheme].land)
        water = page.locator(f"#map path.{WATER_CLASS}").first
        water.wait_for(state="attached")
        assert water.evaluate(style, "fill") == _rgb(SCHEMES[scheme].water)
        assert page.locator("#map").evaluate(style, "backgroundColor") == _rgb(SCHEMES[scheme].land)
        for section in page.locator("#sections > details > summary").all():
            section.click()
        expect(page.locator("#chart-troops svg")).to_have_count(1)
        expect(page.locator("#tables table").first).to_be_visible()
        if scheme == "dark":  # the charts' text takes the page's
            label = page.locator("#chart-troops .role-axis-label text").first
            assert label.evaluate(style, "fill") == _rgb(PAGE["dark"]["ink"])
        assert blocking(violations(page)) == []
        assert wrapped.outside == [] and wrapped.console_errors == []
    finally:
        page.context.close()


def test_a_host_page_holding_the_embed_snippet_resizes_the_iframe_to_the_editions_height(
    published: Path, edition: str, offline_page: OfflinePage
) -> None:
    """The page tells its host its height (AMP's embed-size message); the snippet's script, in a host
    page served beside the edition, sets the iframe's height to it, and again when the page grows."""
    from dashboard.publish import EMBED_HEIGHT_PX, embed_snippet

    snippet = embed_snippet(edition + "?country=KZ", "The edition")
    assert "embed-size" in snippet and snippet.count("<iframe") == 1
    host = published.parent / "host.html"
    host.write_text(f"<!doctype html><html lang=en><title>An article</title><h1>An article</h1>{snippet}"
                    "<p>The article goes on.</p></html>", encoding="utf-8")
    page = offline_page.page
    page.add_init_script("""window.__sizes = [];
        window.addEventListener('message', (e) => { if (e.data && e.data.type === 'embed-size')
            window.__sizes.push(e.data); });""")
    page.goto(edition.rstrip("/").rsplit("/", 1)[0] + "/host.html")
    frame = page.frame_locator("iframe[data-kz-embed]")
    frame.locator("body[data-ready]").wait_for(state="attached", timeout=20_000)
    inner = next(f for f in page.frames if f != page.main_frame)
    height = "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
    iframe = page.locator("iframe[data-kz-embed]")

    def settled() -> tuple[int, str]:
        # The page's height, and the iframe's, once the page has sent its latest.
        for _ in range(100):
            own = inner.evaluate(height)
            if iframe.evaluate("f => f.style.height") == f"{own}px":
                return own, f"{own}px"
            page.wait_for_timeout(100)
        return inner.evaluate(height), iframe.evaluate("f => f.style.height")

    own, sized = settled()
    assert sized == f"{own}px" and own != EMBED_HEIGHT_PX
    assert round(iframe.bounding_box()["height"]) == own
    sizes = page.evaluate("() => window.__sizes")
    assert sizes and sizes[-1] == {"sentinel": "amp", "type": "embed-size", "height": own}
    # Opening a section makes the page taller: the iframe follows.
    inner.locator("#section-chronology > summary").click()
    taller, sized = settled()
    assert taller > own and sized == f"{taller}px"
    assert offline_page.outside == [] and offline_page.console_errors == []


FIRST_LOAD_BUDGET = 500_000  # bytes, gzipped


def test_the_first_load_is_at_most_500_kb_gzipped(edition: str, offline_page: OfflinePage) -> None:
    """What a first visit loads until the map is ready (the page, its scripts, styles and data), each
    body gzipped as a server would send it, adds up to at most 500 KB."""
    import gzip

    page = offline_page.page
    loaded: list[tuple[str, bytes]] = []
    page.on("requestfinished", lambda request: loaded.append((request.url, request.response().body())))
    open_edition(page, edition)
    first = list(loaded)
    urls = [url for url, _ in first]
    assert edition in urls and any("/edition-en." in url for url in urls)
    assert any("/leaflet." in url for url in urls) and any("/world." in url for url in urls)
    total = sum(len(gzip.compress(body, compresslevel=6)) for _, body in first)
    print(f"first load: {len(first)} files, {total:,} bytes gzipped")
    assert 0 < total <= FIRST_LOAD_BUDGET
    assert not [url for url in urls if "/chart-" in url or "/tables-" in url or "/kz-csto-" in url]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_edition_has_a_newsrooms_furniture_and_its_sections(
    lang: str, published: Path, edition: str, offline_page: OfflinePage, geocoder: Geocoder
) -> None:
    """Headline, dek, credit, Updated stamp, the source line under the map; sections a reader opens:
    chronology, charts, tables and sources, the data with its licence, link and embed."""
    from dashboard.i18n import Translator
    from dashboard.render.furniture import CREDIT, DEK
    from dashboard.scene.page import EDITION, PAGE

    tr = Translator(lang)
    data = _edition_data(published, lang)
    furniture = data["furniture"]
    page = offline_page.page
    open_edition(page, edition + f"?lang={lang}")
    expect(page.locator("#dek")).to_have_text(tr(DEK))
    expect(page.locator("#credit")).to_have_text(tr(CREDIT))
    expect(page.locator("#updated")).to_be_visible()
    whole = load_dataset(GEODATA, geocoder)
    opening = scene(whole, View(lang=lang))  # the view the page opens on: every country, the report's day
    assert "sources" not in furniture and "TASS" in opening.furniture.sources
    expect(page.locator("#source-line")).to_have_text(opening.furniture.sources)
    summaries = page.locator("#sections > details > summary")
    # The page description's sections, in its order (dashboard/scene/page.py).
    headings = summaries.all_inner_texts()
    assert headings == [tr(section.heading_in(EDITION)) for section in PAGE.sections_in(EDITION)]
    assert headings == [tr(key) for key in ("Chronology", "Charts", "Tables and sources", "Get the data",
                                            "Link and embed", "Corrections")]
    for summary in summaries.all():  # closed until opened: the page stays short
        expect(summary.locator("..")).not_to_have_attribute("open", "")
    page.locator("#section-tables > summary").click()
    for key in ("troops", "unrest", "sources"):
        expect(page.locator(f"#tables table.table-{key}")).to_have_count(1)
    expect(page.locator("#tables table.table-sources tbody tr")).to_have_count(
        len(select(whole, COUNTRIES, status.REPORT_DAY).sources))
    page.locator("#section-data > summary").click()
    expect(page.locator("#licence")).to_have_text(tr("Licence: {licence}", licence="CC BY 4.0"))
    # The view's own files, made in the page (tests/test_edition_downloads.py compares them with the app's).
    assert re.fullmatch(r"data/downloads\.[0-9a-f]{12}\.json", furniture["downloads"])
    for key in ("csv", "geojson"):
        link = page.locator(f"#data-{key}")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", re.compile(r"^blob:"))
        name = f"kz-csto-{status.REPORT_DAY.isoformat()}-KZ-RU-BY-AM-TJ-KG.{key}"
        expect(link).to_have_attribute("download", name)
    page.locator("#section-share > summary").click()
    snippet = (published / "embed.html").read_text(encoding="utf-8").strip()
    expect(page.locator("#embed")).to_have_value(snippet)
    assert offline_page.outside == [] and offline_page.console_errors == []


def test_a_section_added_to_the_page_description_appears_in_the_edition(
    published: Path, tmp_path: Path, offline_page: OfflinePage
) -> None:
    """The edition's sections come from its data: published with a section added after the charts (the
    sections written into a copy of the edition), the page shows it there, folded, with its heading and
    text, and keeps its own sections and their ids."""
    import dataclasses
    import shutil

    from dashboard.i18n import Translator
    from dashboard.scene.page import EDITION, PAGE, Section, page_words

    tr = Translator("de")
    at = [section.key for section in PAGE.sections].index("charts") + 1
    added = Section("added", "Sources", texts={"note": "Every row of the data folder loaded."})
    page_with = dataclasses.replace(PAGE, sections=(*PAGE.sections[:at], added, *PAGE.sections[at:]))
    copy = tmp_path / published.name
    shutil.copytree(published, copy)
    (path,) = (copy / "data").glob("edition-de.*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **page_words(page_with, EDITION, tr)}), encoding="utf-8")
    server = serve_edition(copy)
    page = offline_page.page
    try:
        open_edition(page, next(server) + "?lang=de")
        ids = page.locator("#sections > details").evaluate_all("(all) => all.map((d) => d.id)")
        assert ids == [f"section-{section.key}" for section in page_with.sections_in(EDITION)]
        section = page.locator("#section-added")
        expect(section.locator("summary")).to_have_text(tr("Sources"))
        expect(section).not_to_have_attribute("open", "")
        section.locator("summary").click()
        expect(section.locator("p")).to_have_text(tr("Every row of the data folder loaded."))
        assert offline_page.console_errors == []
    finally:
        server.close()


def test_on_a_phone_the_panels_and_every_section_are_reachable(edition: str, phone_page: OfflinePage) -> None:
    page = phone_page.page
    open_edition(page, edition)
    for card in page.locator("#panels .card").all()[:3]:  # the sidebar's panels, after the map
        card.scroll_into_view_if_needed()
        expect(card).to_be_in_viewport()
    for summary in page.locator("#sections > details > summary").all():
        summary.scroll_into_view_if_needed()
        summary.click()
    expect(page.locator("#chart-troops svg")).to_have_count(1)
    expect(page.locator("#tables table").first).to_be_attached()
    chart = page.locator("#chart-troops svg").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert phone_page.outside == [] and phone_page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_screenshots_of_the_edition_for_the_readme(
    scheme: str, width: int, edition: str, browser: object, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The README's pictures of the edition, light and dark, on a wide screen and a phone, from the
    bundled data. They are written to docs/ only with `--update-screenshots`; every other run takes them
    into a temporary folder."""
    from PIL import Image

    wrapped = offline(browser, width, 900 if width > 390 else 844, color_scheme=scheme)
    page = wrapped.page
    try:
        open_edition(page, edition)
        page.locator("#map path.kz-land").first.wait_for(state="attached")
        folder = SCREENSHOTS if request.config.getoption("--update-screenshots") else tmp_path
        name = f"edition-{scheme}-{width}.png"
        page.screenshot(path=str(folder / name))
        shot = Image.open(folder / name).convert("RGB")
        assert shot.width == width and (folder / name).stat().st_size > 20_000
        corner = shot.getpixel((2, 2))  # the page's background, light or dark
        assert (sum(corner) / 3 > 200) == (scheme == "light")
        assert (SCREENSHOTS / name).is_file()
        assert f"]({(SCREENSHOTS / name).relative_to(REPO)})" in (REPO / "README.md").read_text()
        assert wrapped.outside == [] and wrapped.console_errors == []
    finally:
        page.context.close()
