"""The published edition at scale, against the bounds of issue 23, in both synthetic shapes.

    uv run python -m bench.edition [--sizes 1000,10000,100000] [--shapes scattered,bundled] [--runs 5]
                                   [--publish-timeout 600] [--page-timeout 180] [--lang en]
                                   [--out bench/edition.json]

For the bundled data (geodata/, for reference) and then for each size and shape (bench/synthetic.py),
it writes the data set into a temp folder and measures:

- publish: wall time of `python -m dashboard publish -o DIR` on that data (a fresh interpreter, as a
  user runs it), stopped after `--publish-timeout` seconds;
- size: the published folder's bytes without the `.gz` files beside the hashed ones, against the GeoJSON
  export of the same data (`python -m dashboard export --format geojson --date 2022-01-31`, all
  countries);
- first view and first map: Debian's nginx serves the folder on a loopback port (`gzip_static`: the
  `.gz` files publish writes; the page itself gzipped on the fly), and headless Chromium opens it
  `--runs` times, each in a new browser context (cold cache) under Lighthouse's mobile throttling through
  the DevTools protocol (CPU 4x slower, 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up; a 412 x 823
  phone screen). `first map` is the time from navigation start to the first frame that shows a map
  object: a Leaflet SVG element of a drawn layer in the overlay pane whose class starts with `record-`
  or `cell`, or a marker icon, that is visible (Chromium's `checkVisibility` with opacity and CSS
  visibility, a box of non-zero size inside the screen); taken in the page (`performance.now()` in the
  animation frame after the element was found). `ready` is when the page says it has drawn
  (`body[data-ready=true]`). `first view` adds the bytes that went over the wire (DevTools'
  `encodedDataLength`: gzipped bodies and their headers) for every request that finished before the
  first map (`data:` URIs, which never reach the network, are left out); `visit_bytes` in the JSON
  adds every request finished by the later of first map and ready.

It relies only on the published folder, the page and its DOM, never on the edition's data format. The
medians of the runs are printed as a table, beside the bounds issue 23 sets at 10,000 records; every
figure (each run's too) goes to `--out` as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from bench import own_cache_folder
from bench.run import launch
from bench.static_load import ensure_tool, free_port, nginx, nginx_conf, publish, version
from bench.synthetic import SHAPES, write_synthetic

REPO = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
EXPORT_DATE = "2022-01-31"
# Issue 23's bounds, at 10,000 records.
BOUNDS_AT = 10_000
BOUNDS = {"first_view_kb": 350.0, "first_map_s": 3.5, "size_ratio": 2.0, "publish_s": 120.0}
# Lighthouse's mobile throttling (its "simulated" figures, applied for real here).
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
           "uploadThroughput": 750e3 / 8}
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}

# Watches the page from its first byte: when a map object is first visible, and when it is ready.
WATCH_JS = """
(() => {
  const state = window.__editionBench = {found: null, firstMap: null, ready: null};
  const drawn = (el) => el.classList.contains("leaflet-marker-icon")
    || [...el.classList].some((c) => c.startsWith("record-") || c.startsWith("cell"));
  const visible = (el) => {
    const seen = {checkOpacity: true, checkVisibilityCSS: true};
    if (el.checkVisibility && !el.checkVisibility(seen)) return false;
    const box = el.getBoundingClientRect();
    return box.width + box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth;
  };
  const CANDIDATES = ".leaflet-overlay-pane [class*='record-'], .leaflet-overlay-pane [class*='cell'], "
    + ".leaflet-marker-pane .leaflet-marker-icon";
  const check = () => {
    if (state.found === null) {
      for (const el of document.querySelectorAll(CANDIDATES)) {
        if (drawn(el) && visible(el)) {
          state.found = performance.now();
          requestAnimationFrame(() => { state.firstMap = performance.now(); });
          break;
        }
      }
    }
    if (state.ready === null && document.body && document.body.dataset.ready === "true") {
      state.ready = performance.now();
    }
    if (state.found !== null && state.ready !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true, attributes: true,
                              attributeFilter: ["class", "style", "hidden", "data-ready"]});
})();
"""


# --- the data and the edition on disk ----------------------------------------------------------------


def folder_bytes(root: Path) -> int:
    """Bytes of every file under `root` but the `.gz` ones."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and p.suffix != ".gz")


def cli_env(config: Path | None) -> dict[str, str]:
    """The environment for `python -m dashboard` on `config`'s data (None: the repository's)."""
    env = {key: value for key, value in os.environ.items() if key != "DASHBOARD_CONFIG"}
    return {**env, "DASHBOARD_CONFIG": str(config)} if config else env


def timed_publish(config: Path | None, out: Path, lang: str, timeout_s: float) -> dict[str, object]:
    """Publish `config`'s data into `out`: wall seconds, or why not."""
    start = time.perf_counter()
    try:
        skipped = publish(out, lang, env=cli_env(config), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"publish_s": None, "publish_error": f"timed out after {timeout_s:g} s"}
    except subprocess.CalledProcessError as err:
        return {"publish_s": None, "publish_error": f"failed ({err.returncode}): {str(err.stderr)[-500:]}"}
    return {"publish_s": round(time.perf_counter() - start, 2), "publish_skipped": skipped}


def geojson_bytes(config: Path | None, out: Path, timeout_s: float) -> dict[str, object]:
    """Bytes of the GeoJSON export of every country as of EXPORT_DATE, or why there are none."""
    try:
        subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "geojson", "--date",
                        EXPORT_DATE, "-o", str(out)], cwd=REPO, env=cli_env(config), check=True,
                       capture_output=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"geojson_bytes": None, "export_error": f"export timed out after {timeout_s:g} s"}
    except subprocess.CalledProcessError as err:
        return {"geojson_bytes": None, "export_error": f"export failed: {str(err.stderr)[-300:]}"}
    return {"geojson_bytes": out.stat().st_size}


# --- the page in Chromium ----------------------------------------------------------------------------


def visit(browser: object, url: str, timeout_s: float) -> dict[str, object]:
    """One cold visit under throttling: first map and ready (s from navigation start), and the bytes of
    the requests finished by then."""
    context = browser.new_context(**PHONE)  # a new context: an empty cache
    try:
        page = context.new_page()
        page.add_init_script(WATCH_JS)
        cdp = context.new_cdp_session(page)
        requests: dict[str, dict[str, object]] = {}
        cdp.on("Network.requestWillBeSent", lambda e: requests.setdefault(
            e["requestId"], {"url": e["request"]["url"], "sent": e["timestamp"], "type": e.get("type")}))
        cdp.on("Network.loadingFinished", lambda e: requests.get(e["requestId"], {}).update(
            done=e["timestamp"], bytes=e["encodedDataLength"]))
        cdp.on("Network.loadingFailed", lambda e: requests.get(e["requestId"], {}).update(
            done=e["timestamp"], bytes=0, failed=e.get("errorText", "failed")))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        try:
            page.wait_for_function("() => { const s = window.__editionBench;"
                                   " return s && s.firstMap !== null && s.ready !== null; }",
                                   polling=250, timeout=timeout_s * 1000)
        except Exception as err:  # a page that never draws is a result, not a crash
            state = page.evaluate("() => window.__editionBench || null")
            return {"error": f"no map within {timeout_s:g} s ({type(err).__name__})", "state": state}
        state = page.evaluate("() => window.__editionBench")
        fetch_start = page.evaluate("() => performance.getEntriesByType('navigation')[0].fetchStart")
    finally:
        context.close()
    document = min(requests.values(), key=lambda r: float(r["sent"]))
    start = float(document["sent"]) - fetch_start / 1000  # DevTools' clock at navigation start
    first_map_s, ready_s = state["firstMap"] / 1000, state["ready"] / 1000
    finished = [r for r in requests.values() if "done" in r and not str(r["url"]).startswith("data:")]
    early = [r for r in finished if float(r["done"]) - start <= first_map_s]
    late = [r for r in finished if float(r["done"]) - start <= max(first_map_s, ready_s)]
    return {"first_map_s": round(first_map_s, 3), "ready_s": round(ready_s, 3),
            "first_view_bytes": sum(int(r["bytes"]) for r in early), "first_view_requests": len(early),
            "visit_bytes": sum(int(r["bytes"]) for r in late), "visit_requests": len(late),
            "first_view": {_short(str(r["url"])): int(r["bytes"]) for r in early},
            "failed": [r["url"] for r in finished if "failed" in r]}


def _short(url: str) -> str:
    """A request's URL without the server's address."""
    return "/" + url.split("/", 3)[-1]


def visits(url: str, runs: int, timeout_s: float) -> dict[str, object]:
    """`runs` cold visits in one Chromium; their medians and each run."""
    from playwright.sync_api import sync_playwright

    done: list[dict[str, object]] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for _ in range(runs):
                done.append(visit(browser, url, timeout_s))
                if "error" in done[-1]:
                    break  # a page that does not draw in time will not next time either
        finally:
            browser.close()
    good = [r for r in done if "error" not in r]
    medians: dict[str, object] = {}
    if len(good) == runs:
        medians = {key: statistics.median(r[key] for r in good)
                   for key in ("first_map_s", "ready_s", "first_view_bytes", "first_view_requests",
                               "visit_bytes")}
    else:
        medians = {"page_error": next(r["error"] for r in done if "error" in r)}
    return {**medians, "runs": done}


@contextlib.contextmanager
def served(root: Path, work: Path) -> Iterator[str]:
    """nginx serving `root` on a loopback port (see bench.static_load), its URL."""
    prefix = work / "nginx"
    prefix.mkdir()
    port = free_port()
    conf = nginx_conf(prefix, root, port, 64, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    with nginx(ensure_tool("nginx", "nginx"), prefix, root, conf, port) as (url, _master):
        yield url + "/"


# --- one data set ------------------------------------------------------------------------------------


def measure(name: str, records: int, config: Path | None, work: Path, args: argparse.Namespace,
            ) -> dict[str, object]:
    """Every figure for one data set (`config` None: the bundled data)."""
    result: dict[str, object] = {"data": name, "records": records}
    edition = work / "edition"
    print(f"[{name}] publish …", file=sys.stderr, flush=True)
    result.update(timed_publish(config, edition, args.lang, args.publish_timeout))
    print(f"[{name}] GeoJSON export …", file=sys.stderr, flush=True)
    result.update(geojson_bytes(config, work / "export.geojson", args.publish_timeout))
    if result["publish_s"] is None:
        return result
    result["folder_bytes"] = folder_bytes(edition)
    if result["geojson_bytes"]:
        result["size_ratio"] = round(result["folder_bytes"] / result["geojson_bytes"], 2)
    print(f"[{name}] {args.runs} cold visits under throttling …", file=sys.stderr, flush=True)
    before = os.getloadavg()[0]
    with served(edition, work) as url:
        result.update(visits(url, args.runs, args.page_timeout))
    # other jobs on the machine slow the throttled page down (its CPU is shared): say how busy it was
    result["load_average"] = [round(before, 2), round(os.getloadavg()[0], 2)]
    return result


def data_sets(args: argparse.Namespace) -> Iterator[tuple[str, int, Path | None, Path]]:
    """(name, records, config, work folder) for the bundled data and each size and shape, each written
    into a temp folder that goes when the next one comes."""
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        work = Path(tmp) / "bundled"
        work.mkdir()
        os.chmod(tmp, 0o755)  # nginx may run as nobody
        yield "bundled data", len(pd.read_csv(REPO / "geodata" / "records.csv", usecols=["id"])), None, work
    for n in args.sizes:
        for shape in args.shapes:
            with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
                os.chmod(tmp, 0o755)
                print(f"[{shape} {n:,}] writing the data set …", file=sys.stderr, flush=True)
                config = write_synthetic(Path(tmp) / "data", n, shape=shape)
                work = Path(tmp) / "run"
                work.mkdir()
                yield f"{shape} {n:,}", n, config, work


# --- report ------------------------------------------------------------------------------------------


def verdicts(result: dict[str, object]) -> str:
    """Which of issue 23's bounds a data set of BOUNDS_AT records misses ('' for other sizes)."""
    if result["records"] != BOUNDS_AT:
        return ""
    figures = {"first_view_kb": _kb(result.get("first_view_bytes")), "first_map_s": result.get("first_map_s"),
               "size_ratio": result.get("size_ratio"), "publish_s": result.get("publish_s")}
    missed = [key for key, bound in BOUNDS.items()
              if not isinstance(figures[key], int | float) or figures[key] > bound]
    return "all met" if not missed else "misses " + ", ".join(missed)


def _kb(value: object) -> float | None:
    return value / 1000 if isinstance(value, int | float) else None


def _cell(value: object, form: str = "{:,.2f}") -> str:
    return "–" if value is None else form.format(value)


def table(results: list[dict[str, object]]) -> str:
    """The medians as a Markdown table."""
    rows = ["| data | publish (s) | folder (MB) | GeoJSON (MB) | folder / GeoJSON | first view (KB gz) "
            "| requests | first map (s) | ready (s) | load average | issue 23 at 10,000 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        def mb(key: str, r: dict[str, object] = r) -> float | None:
            return r[key] / 1e6 if isinstance(r.get(key), int) else None
        note = "; ".join(str(r[k]) for k in ("publish_error", "export_error", "page_error") if r.get(k))
        rows.append(
            f"| {r['data']} | {_cell(r.get('publish_s'), '{:,.1f}')} | {_cell(mb('folder_bytes'))} "
            f"| {_cell(mb('geojson_bytes'))} | {_cell(r.get('size_ratio'))} "
            f"| {_cell(_kb(r.get('first_view_bytes')), '{:,.0f}')} "
            f"| {_cell(r.get('first_view_requests'), '{:g}')} | {_cell(r.get('first_map_s'))} "
            f"| {_cell(r.get('ready_s'))} | {'–'.join(f'{v:.1f}' for v in r.get('load_average', []))} "
            f"| {' '.join(filter(None, [verdicts(r), str(note)]))} |")
    return "\n".join(rows)


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        chromium = browser.version
        browser.close()
    return {"cores": len(os.sched_getaffinity(0)), "python": platform.python_version(),
            "kernel": platform.release(), "chromium": chromium,
            "nginx": version([ensure_tool("nginx", "nginx"), "-v"], r"nginx/(\S+)"),
            "load_average": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write the JSON."""
    own_cache_folder()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        type=lambda s: [int(n) for n in s.split(",") if n], help="records, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), type=lambda s: s.split(","),
                        help=f"synthetic shapes, comma-separated: {', '.join(SHAPES)}")
    parser.add_argument("--runs", type=int, default=5, help="cold visits per data set (median)")
    parser.add_argument("--publish-timeout", type=float, default=600, help="seconds for publish, export")
    parser.add_argument("--page-timeout", type=float, default=180, help="seconds for one visit to draw")
    parser.add_argument("--lang", default="en", help="the edition's language (publish --lang)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "edition.json")
    args = parser.parse_args(argv)
    if unknown := set(args.shapes) - set(SHAPES):
        parser.error(f"unknown shape(s): {', '.join(sorted(unknown))}")

    # stopped with SIGTERM, it still stops nginx and Chromium and removes its temp folders
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    context = machine()
    results = []
    for name, records, config, work in data_sets(args):
        results.append(measure(name, records, config, work, args))
        print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
        report = {
            "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": _commit(), "machine": context,
            "settings": {"runs": args.runs, "lang": args.lang, "cpu_slowdown": CPU_SLOWDOWN,
                         "network": NETWORK, "screen": PHONE, "export_date": EXPORT_DATE,
                         "publish_timeout_s": args.publish_timeout, "page_timeout_s": args.page_timeout},
            "bounds": {"records": BOUNDS_AT, **BOUNDS},
            "results": results,
        }
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nmedians of {args.runs} cold visits (load average: the machine's, before and after them); "
          f"Chromium {context['chromium']}, nginx {context['nginx']}, "
          f"{context['cores']} cores; bounds of issue 23 at {BOUNDS_AT:,} records: first view "
          f"≤ {BOUNDS['first_view_kb']:g} KB gzipped, first map ≤ {BOUNDS['first_map_s']:g} s, folder "
          f"≤ {BOUNDS['size_ratio']:g} × GeoJSON, publish < {BOUNDS['publish_s']:g} s")
    return 0


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
