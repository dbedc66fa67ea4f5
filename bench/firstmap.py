"""The first map against Streamlit's floor: server start to first visible content, ours and a bare page.

    uv run python -m bench.firstmap [--repeat 5] [--config CONFIG] [--out bench/firstmap.json]

Three pages are started the same way (`bench.server.serve`: `streamlit run` on a free port, from this
checkout, with its `.streamlit/config.toml`), alternately, `--repeat` times each after one start of each
that is not counted (it writes bytecode and the cache folder's files, as the first start after an
install does):

- the floor: `bench/bare_app.py`, a Streamlit page of one line of text;
- the map's floor: `bench/bare_map_app.py`, a Streamlit page of one streamlit-folium map of the same
  records, a `folium.CircleMarker` each, its Leaflet files served locally as ours are (what any page
  drawing these records with such a map pays);
- ours: the dashboard (`dashboard/app.py`) on the bundled data, or on CONFIG's.

Each is timed from starting the process to the first visible element the page exists for: the bare
page's text, the first drawn map object of the maps (a Leaflet path or marker in the streamlit-folium
frame). Headless Chromium is running before the clock starts, as a reader's browser is, and opens each
page in a fresh context (nothing cached). The page is polled on every animation frame, in the page
itself, so the time is not rounded up to a polling interval. The dashboard is timed on a restart (its
loaded data read back from the cache folder) and after a data change (the loaded data forgotten first).

Both ratios are reported: ours / the text page, and ours / the map's floor, which issue 36 bounds (at
most 1.15): what the dashboard adds beyond drawing the same records on a streamlit-folium map.
`bench.run` runs this too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import own_cache_folder
from bench.server import serve

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BARE_SCRIPT = "bench/bare_app.py"
BARE_MAP_SCRIPT = REPO / "bench" / "bare_map_app.py"
BARE_TEXT = "A bare Streamlit page: one line of text."  # what bench/bare_app.py shows
DASHBOARD_SCRIPT = "dashboard/app.py"
TIMEOUT_MS = 600_000

# Visible: a non-empty box, not hidden by style (as Playwright's `visible` state).
_VISIBLE = """(el) => { const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"; }"""
BARE_SHOWN = f"""() => {{ const visible = {_VISIBLE};
    return Array.from(document.querySelectorAll("p")).some(p => p.textContent === TEXT && visible(p)); }}"""
# The map's frame is same-origin (`/component/...`), so the page can look inside it.
MAP_DRAWN = f"""() => {{ const visible = {_VISIBLE};
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    if (!frame || !visible(frame) || !frame.contentDocument) return false;
    return Array.from(frame.contentDocument.querySelectorAll(".leaflet-interactive")).some(visible); }}"""
# Checked in the page on every animation frame from its first one, and the wall clock noted when it first
# holds: the time is the page's own, not rounded up to a polling interval nor delayed by the driver.
WATCH = """(() => {{ if (window.top !== window) return;
    const TEXT = {text}; const shown = {shown};
    function check() {{
        if (shown()) {{ window.__kzShownAt = Date.now(); }} else {{ requestAnimationFrame(check); }} }}
    requestAnimationFrame(check); }})()"""


def launch(playwright: object) -> object:
    """Headless Chromium as the benchmark runs it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def time_to_content(browser: object, script: str | Path, config: Path | None = None,
                    repo: Path = REPO) -> float:
    """Seconds from starting `streamlit run script` to the page's first content in a fresh browser
    context: the bare page's text, or the dashboard's first drawn map object. `repo` serves another
    checkout (an earlier commit, for a before/after comparison)."""
    shown = BARE_SHOWN if str(script) == BARE_SCRIPT else MAP_DRAWN
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(WATCH.format(text=json.dumps(BARE_TEXT), shown=shown))
    try:
        start = time.time()  # the same clock as the page's Date.now()
        with serve(config, timeout_s=TIMEOUT_MS / 1000, script=str(script), repo=repo) as (_server, url):
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function("() => window.__kzShownAt", timeout=TIMEOUT_MS)
            return page.evaluate("window.__kzShownAt") / 1000 - start
    finally:
        context.close()


def measure(repeat: int, config: Path | None = None) -> dict[str, object]:
    """Medians of `repeat` starts of each page, alternating, after one uncounted start of each; and the
    ratio of the dashboard's restart to the bare page."""
    from playwright.sync_api import sync_playwright

    from bench.run import forget_loaded_data

    times: dict[str, list[float]] = {"bare_s": [], "bare_map_s": [], "restart_s": [],
                                     "after_data_change_s": []}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        bare_map = map_floor_page(Path(folder), config)
        browser = launch(playwright)
        time_to_content(browser, BARE_SCRIPT)
        time_to_content(browser, bare_map)
        time_to_content(browser, DASHBOARD_SCRIPT, config)
        for _ in range(repeat):
            times["bare_s"].append(time_to_content(browser, BARE_SCRIPT))
            times["bare_map_s"].append(time_to_content(browser, bare_map))
            times["restart_s"].append(time_to_content(browser, DASHBOARD_SCRIPT, config))
            forget_loaded_data()
            times["after_data_change_s"].append(time_to_content(browser, DASHBOARD_SCRIPT, config))
        browser.close()
    medians = {key: statistics.median(values) for key, values in times.items()}
    return {**medians, "ratio": medians["restart_s"] / medians["bare_s"],
            "ratio_after_data_change": medians["after_data_change_s"] / medians["bare_s"],
            "ratio_to_map_floor": medians["restart_s"] / medians["bare_map_s"],
            "map_floor_ratio": medians["bare_map_s"] / medians["bare_s"],
            "repeat": repeat, "runs": times, "load_before": os.getloadavg()}


def map_floor_page(folder: Path, config: Path | None = None) -> Path:
    """The map's floor page in `folder`, beside a copy of the dashboard's Leaflet files and `floor.json`:
    the placed coordinates of the records of CONFIG's data folder (default: the bundled data), the
    dashboard's opening centre and zoom, and the map's asset lists as the dashboard localises them (so
    that the page imports none of our code); its path."""
    import folium

    from dashboard.config import ENV_VAR, STATIC_DIR, load_config
    from dashboard.geo.datacache import cached_dataset
    from dashboard.map import assets
    from dashboard.map.styles import CENTER, ZOOM

    shutil.copytree(STATIC_DIR / "vendor", folder / "static" / "vendor")
    data, _ = cached_dataset(load_config({ENV_VAR: str(config)} if config else {}).data_dir)
    placed = data.records.dropna(subset=["lat", "lon"])
    points = placed[["lat", "lon"]].astype(float).round(5).to_numpy().tolist()
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None)
    assets.localise(fmap)
    (folder / "floor.json").write_text(json.dumps({
        "points": points, "center": list(CENTER), "zoom": ZOOM,
        "js": [list(pair) for pair in fmap.default_js], "css": [list(pair) for pair in fmap.default_css]}))
    page = folder / BARE_MAP_SCRIPT.name
    shutil.copyfile(BARE_MAP_SCRIPT, page)
    return page


def summary(result: dict[str, object]) -> str:
    """One line per figure, for the terminal."""
    r = result
    return (f"server start to first content (medians of {r['repeat']}): bare Streamlit page "
            f"{r['bare_s']:.2f} s; a bare page with one streamlit-folium map {r['bare_map_s']:.2f} s "
            f"({r['map_floor_ratio']:.2f}×); dashboard, first map {r['restart_s']:.2f} s on a restart "
            f"({r['ratio']:.2f}× the bare page, {r['ratio_to_map_floor']:.2f}× the bare map page), "
            f"{r['after_data_change_s']:.2f} s after a data change ({r['ratio_after_data_change']:.2f}×)")


def main() -> None:
    """Measure both pages; print and save the figures."""
    own_cache_folder(index=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--config", type=Path, default=None, help="a data config (default: bundled data)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "firstmap.json")
    args = parser.parse_args()
    result = measure(args.repeat, args.config)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(summary(result))
    print(f"figures written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
