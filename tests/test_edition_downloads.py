""""Get the data" in the published edition: the CSV and GeoJSON of the view chosen (countries and date),
made in the browser from the pieces the page fetches, byte for byte what the app's export address gives
for that view."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import offline
from tests.support.edition import open_edition

# (link, countries in the link's order, date): every country; one; two; a language that changes nothing
# in the data; the month's first and last days.
VIEWS = [
    ("", "KZ,RU,BY,AM,TJ,KG", "2022-01-13"),
    ("?country=AM&date=2022-01-14", "AM", "2022-01-14"),
    ("?country=KZ,RU&date=2022-01-06", "KZ,RU", "2022-01-06"),
    ("?country=BY,TJ,KG&date=2022-01-20&lang=de", "BY,TJ,KG", "2022-01-20"),
    ("?country=KG&date=2022-01-01", "KG", "2022-01-01"),
    ("?date=2022-01-31", "KZ,RU,BY,AM,TJ,KG", "2022-01-31"),
]

MADE = """async () => {
    const out = {};
    for (const key of ["csv", "geojson"]) {
        const link = document.getElementById(`data-${key}`);
        out[key] = {name: link.download, body: await (await fetch(link.href)).text()};
    }
    return out;
}"""



def _app_export(fmt: str, countries: str, date: str) -> tuple[str, str]:
    """The app's export address answered (dashboard/app.py): the file's name and text."""
    from dashboard.app import built

    status, name, _mime, body = built({"format": [fmt], "country": [countries], "date": [date]})
    assert status == 200, body
    return name, body.decode("utf-8")


def _made(page: object, date: str) -> dict[str, dict[str, str]]:
    page.locator("#section-data > summary").click()
    for key in ("csv", "geojson"):
        expect(page.locator(f"#data-{key}")).to_have_attribute("data-day", date)
    return page.evaluate(MADE)


def test_get_the_data_gives_the_views_own_files_byte_for_byte_the_apps_export(
    edition: str, browser: object
) -> None:
    # The test reads the object URLs the links point at, which the page's policy keeps from scripts.
    wrapped = offline(browser, bypass_csp=True)
    page = wrapped.page
    try:
        for link, countries, date in VIEWS:
            open_edition(page, edition + link)
            made = _made(page, date)
            for key in ("csv", "geojson"):
                name, body = _app_export(key, countries, date)
                assert made[key]["name"] == name, (link, key)
                assert made[key]["body"] == body, (link, key)
        # No country chosen: the files hold no record, as the app's would.
        open_edition(page, edition + "?country=AM&date=2022-01-14")
        _made(page, "2022-01-14")
        page.locator("#countries input[value='AM']").uncheck()
        expect(page.locator("#data-csv")).to_have_attribute("download", re.compile(r"-none\.csv$"))
        made = page.evaluate(MADE)
        assert made["csv"]["name"].endswith("-none.csv")
        assert made["csv"]["body"].count("\n") == 1  # the header alone
        assert '"features": []' in made["geojson"]["body"]
        assert wrapped.outside == [] and wrapped.console_errors == []
    finally:
        page.context.close()
