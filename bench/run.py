"""The benchmark: our dashboard against the usual approach at 1,000 to 1,000,000 records.

    uv run python -m bench.run [--sizes 1000,10000,100000,1000000] [--shapes scattered,bundled] [--repeat 5]
                               [--out bench/results.json]

For each shape and size it writes a synthetic folder (bench/synthetic.py: `scattered`, random points
with figures for 2 % of them; `bundled`, the bundled rows copied in their proportions), forgets its
loaded data (so the app's first run is the first view after a data change; the gazetteer index stays
cached), measures each side in its own process
(bench/measure.py: load and validate, geocoding cold and warm, filter, map build, AppTest first run and
reruns after filter changes, the map's bytes, peak memory), and, for our side at 10,000 and 100,000,
the time headless Chromium takes from a country-filter change to the new layers on the map, and the
cold start: from starting `streamlit run` to the first map drawn in Chromium. On the bundled data it
times the first map against a bare Streamlit page, started the same way in the same run
(`bench/firstmap.py`). It prints a table of medians per shape with the ratio ours / baseline and writes
every figure as JSON; `bench/goals.py` turns them, with `bench/capacity.py`'s, into issue 26's table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import own_cache_folder
from bench.server import serve
from bench.synthetic import SHAPES, write_synthetic

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BASELINE_RERUN_LIMIT = 20_000  # the baseline's AppTest reruns take minutes beyond this
BROWSER_SIZES = {10_000, 100_000, 1_000_000}
BASELINE_LIMIT = 100_000  # the baseline is not run beyond this (its load and map take many minutes)
METRICS = [
    ("first_start_s", "first start after a data change: server start to first map (s)"),
    ("cold_start_s", "cold start (restart, deploy): server start to first map (s)"),
    ("load_validate_s", "load + validate (s)"), ("geocode_cold_s", "geocode, cold (s)"),
    ("geocode_warm_s", "geocode, warm (s)"), ("filter_s", "country + date filter (s)"),
    ("build_map_s", "build map (s)"), ("map_bytes", "map bytes sent"),
    ("first_run_s", "app first run (s)"), ("rerun_s", "app rerun after filter change (s)"),
    ("peak_memory_mb", "peak memory (MB)"), ("browser_s", "Chromium: filter to new layers (s)"),
]


def measure(side: str, config: Path, repeat: int, reruns: bool) -> dict[str, object]:
    """Run bench.measure for one side in a fresh process and return its figures."""
    args = [sys.executable, "-m", "bench.measure", side, str(config), str(repeat)]
    if not reruns:
        args.append("--no-reruns")
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def launch(playwright: object) -> object:
    """Headless Chromium as the benchmark runs it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def open_map(browser: object, url: str, timeout_ms: int) -> object:
    """A page of `browser` on the dashboard at `url`, once its map has drawn a first layer."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url, timeout=timeout_ms)
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".leaflet-interactive").first.wait_for(state="attached", timeout=timeout_ms)
    return page


def cold_start(config: Path | None) -> float:
    """Seconds from starting the server to the first map drawn in Chromium, in a fresh process (nothing
    cached in memory; the loaded data folder read back from the cache folder when it holds it). The
    browser is running before the clock starts, as a reader's is."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        start = time.perf_counter()
        with serve(config, timeout_s=600) as (_server, url):
            open_map(browser, url, 600_000)
            elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def cold_starts(config: Path | None, repeat: int) -> dict[str, float]:
    """Medians of the cold start after a data change (the loaded folder forgotten first, as after an
    edit), then of restarts with nothing changed (it is read back from the cache folder)."""
    firsts = []
    for _ in range(max(1, repeat // 2)):
        forget_loaded_data()
        firsts.append(cold_start(config))
    starts = [cold_start(config) for _ in range(max(1, repeat // 2))]
    return {"first_start_s": statistics.median(firsts), "cold_start_s": statistics.median(starts)}


def forget_loaded_data() -> None:
    """Remove the loaded data folders from the cache folder (the gazetteer index stays)."""
    from dashboard.geo.cachefiles import cache_folder
    from dashboard.geo.datacache import DATASET_PREFIX

    folder = cache_folder()
    for path in folder.glob(f"{DATASET_PREFIX}*") if folder is not None and folder.is_dir() else []:
        path.unlink(missing_ok=True)


def browser_latency(config: Path, changes: int) -> float:
    """Median seconds from a country-filter change in Chromium to the map's new layers being drawn."""
    from playwright.sync_api import sync_playwright

    with serve(config, timeout_s=300) as (_server, url):
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = open_map(browser, url, 300_000)
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            page.wait_for_timeout(2000)  # let the first map reports settle
            select = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
            times = []
            for i in range(changes):
                before = frame.evaluate("() => window.__kzLayerBuilds || 0")
                if i % 2 == 0:  # take Russia out of the filter ...
                    target = select.get_by_role("button", name="Remove Russia")
                else:  # ... and put it back
                    select.get_by_role("combobox").click()
                    target = page.get_by_role("option", name="Russia", exact=True)
                start = time.perf_counter()
                target.click()
                frame.wait_for_function(f"() => (window.__kzLayerBuilds || 0) >= {before + 4}",
                                        timeout=60_000)
                frame.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                times.append(time.perf_counter() - start)
                page.keyboard.press("Escape")
                page.wait_for_timeout(1500)
            browser.close()
        return statistics.median(times)


def table(results: dict[int, dict[str, dict[str, object]]]) -> str:  # one shape's figures
    """The figures as a Markdown table: ours, baseline and ours / baseline per size."""
    sizes = sorted(results)
    head = "| step | " + " | ".join(f"{n:,}: ours | baseline | ratio" for n in sizes) + " |"
    rule = "|---|" + "---|---|---|" * len(sizes)
    lines = [head, rule]
    for key, label in METRICS:
        cells = []
        for n in sizes:
            ours, base = results[n]["ours"].get(key), results[n]["baseline"].get(key)
            ratio = f"{ours / base:.3g}" if isinstance(ours, int | float) and isinstance(base, int | float) \
                and base else "–"
            cells += [_fmt(ours), _fmt(base), ratio]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if value is None:
        return "not run"
    if (isinstance(value, float) and value >= 1000) or isinstance(value, int):
        return f"{value:,.0f}"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def main() -> None:
    """Run the benchmark and print and save its figures."""
    own_cache_folder(index=True)
    from bench import firstmap

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    results: dict[str, dict[int, dict[str, dict[str, object]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            results[shape] = {}
            for n in sizes:
                config = write_synthetic(Path(tmp) / f"{shape}-{n}", n, shape=shape)
                print(f"[{shape}, {n:,} records] ours …", file=sys.stderr, flush=True)
                forget_loaded_data()
                ours = measure("ours", config, args.repeat, reruns=True)
                base: dict[str, object] = {}
                if n <= BASELINE_LIMIT:
                    print(f"[{shape}, {n:,} records] baseline …", file=sys.stderr, flush=True)
                    base = measure("baseline", config, args.repeat, reruns=n <= BASELINE_RERUN_LIMIT)
                print(f"[{shape}, {n:,} records] cold start …", file=sys.stderr, flush=True)
                ours.update(cold_starts(config, args.repeat))
                if n in BROWSER_SIZES:
                    print(f"[{shape}, {n:,} records] Chromium …", file=sys.stderr, flush=True)
                    ours["browser_s"] = browser_latency(config, args.repeat)
                results[shape][n] = {"ours": ours, "baseline": base}
    print("[bundled data] first map against a bare Streamlit page …", file=sys.stderr, flush=True)
    first_map = firstmap.measure(args.repeat)
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "commit": commit(), "repeat": args.repeat, "first_map": first_map,
              "results": {shape: {str(n): r for n, r in by_size.items()}
                          for shape, by_size in results.items()}}
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    for shape, by_size in results.items():
        print(f"\n{shape}:\n{table(by_size)}")
    print("\n" + firstmap.summary(first_map))
    print(f"\nfigures written to {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


def commit(repo: Path = REPO) -> str:
    """The checkout's commit (short), with "+changes" when tracked files differ from it."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True,
                          check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo,
                           capture_output=True, text=True, check=False).stdout.strip()
    return done.stdout.strip() + ("+changes" if dirty else "")


if __name__ == "__main__":
    main()
