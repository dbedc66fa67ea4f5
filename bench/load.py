"""Load: many readers at once on one server, each changing filters and dates, in headless Chromium.

    uv run python -m bench.load [--sessions 10,25] [--seconds 60] [--rounds 2] [--out bench/load.json]

For each session count it runs `rounds` rounds in a row against one `streamlit run` server on the
bundled data: N pages (one browser context each) change the country filter and the date at random for
the given time, pausing 1 to 3 s between changes as a reader looks at the map. Each change is timed
from the click or key press to the map holding the layers of that session's new view (the map frame
reports which view its layers belong to). Every page also checks that what it shows (the view of the
map's layers, the "As of" date) is its own state, never another session's. It prints errors, median
and p95 latency, the rate of changes the server answered per second, and the server's memory before,
during and after each round.

With `--pin`, the server runs on core 0 and this client (and every Chromium it starts) on the other
cores, so that the browsers do not compete with the server for its core: the figures then measure the
server's capacity on one core. Without it, everything shares every core.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import own_cache_folder
from bench.server import serve

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
COUNTRIES = {"KZ": "Kazakhstan", "RU": "Russia", "BY": "Belarus", "AM": "Armenia", "TJ": "Tajikistan",
             "KG": "Kyrgyzstan"}
FIRST, LAST, START = dt.date(2022, 1, 1), dt.date(2022, 1, 31), dt.date(2022, 1, 13)
CHANGE_TIMEOUT_S = 30
THINK_S = (1.0, 3.0)  # a reader looks at the map between changes


@dataclass
class Session:
    """One reader: what they chose, how long each change took, what went wrong."""

    number: int
    countries: list[str] = field(default_factory=lambda: list(COUNTRIES))
    day: dt.date = START
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: int = 0  # times the page showed a view this session did not choose

    def token(self) -> str:
        return f"{','.join(c for c in COUNTRIES if c in self.countries)}|{self.day.isoformat()}"


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def change(page, frame, session: Session, rng: random.Random) -> None:
    """Make one random change as a reader would, and time it until the map shows it."""
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stMultiSelect")
    roll = rng.random()
    missing = [c for c in COUNTRIES if c not in session.countries]
    if roll < 0.35 and len(session.countries) > 1:
        code = rng.choice(session.countries)
        target = select.get_by_role("button", name=f"Remove {COUNTRIES[code]}")
        session.countries.remove(code)
        action = target.click
    elif roll < 0.7 and missing:
        code = rng.choice(missing)
        await select.get_by_role("combobox").click()
        target = page.get_by_role("option", name=COUNTRIES[code], exact=True)
        session.countries.append(code)
        action = target.click
    else:
        step = 1 if (session.day < LAST and (session.day == FIRST or rng.random() < 0.5)) else -1
        session.day += dt.timedelta(days=step)
        await sidebar.get_by_role("slider").focus()
        key = "ArrowRight" if step > 0 else "ArrowLeft"

        async def action() -> None:
            await page.keyboard.press(key)
    start = time.perf_counter()
    await action()
    await frame.wait_for_function(f"() => window.__kzView === {json.dumps(session.token())}",
                                  timeout=CHANGE_TIMEOUT_S * 1000)
    await frame.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    session.latencies.append(time.perf_counter() - start)
    await page.keyboard.press("Escape")


async def reader(browser, url: str, session: Session, seconds: float, seed: int) -> None:
    """One page changing filters until time is up; checks that it only ever sees its own view."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda err: session.errors.append(f"page error: {err}"))
    try:
        await page.goto(url, timeout=120_000)
        locator = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
            ".leaflet-interactive").first
        await locator.wait_for(state="attached", timeout=120_000)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(*THINK_S))
            try:
                await change(page, frame, session, rng)
            except Exception as err:
                session.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0][:120]}")
                break
            shown = await frame.evaluate("() => window.__kzView")
            dated = await page.get_by_text(f"As of {session.day.day} {session.day:%B %Y}.").count()
            if shown != session.token() or not dated:
                session.foreign += 1
            if await page.get_by_test_id("stException").count():
                session.errors.append("the app showed an exception")
    except Exception as err:
        session.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0][:120]}")
    finally:
        await context.close()


async def round_of(url: str, pid: int, sessions: int, seconds: float, seed: int) -> dict[str, object]:
    """N readers at once for `seconds`; memory sampled during the round."""
    from playwright.async_api import async_playwright

    readers = [Session(i) for i in range(sessions)]
    samples: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"])
        before = rss_mb(pid)

        async def sample() -> None:
            while True:
                samples.append(rss_mb(pid))
                await asyncio.sleep(2)

        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(reader(browser, url, s, seconds, seed * 1000 + s.number) for s in readers))
        sampler.cancel()
        await browser.close()
    await asyncio.sleep(5)  # let the server drop the closed sessions
    latencies = sorted(t for s in readers for t in s.latencies)
    return {
        "sessions": sessions, "seconds": seconds, "changes": len(latencies),
        "errors": [e for s in readers for e in s.errors],
        "foreign_views": sum(s.foreign for s in readers),
        "changes_per_s": len(latencies) / seconds,
        "median_s": statistics.median(latencies) if latencies else None,
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "memory_mb": {"before": before, "peak_during": max(samples, default=before), "after": rss_mb(pid)},
    }


def main() -> None:
    """Run the rounds, print a summary per round and write every figure as JSON."""
    own_cache_folder()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="10,25")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "load.json")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="serve this checkout instead (e.g. a worktree of an earlier commit)")
    parser.add_argument("--pin", action="store_true",
                        help="server on core 0, the browsers on the other cores (needs 2 or more)")
    args = parser.parse_args()
    server_cpus = None
    if args.pin:
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) < 2:
            parser.error("--pin needs at least two cores")
        server_cpus = {cores[0]}
        os.sched_setaffinity(0, set(cores[1:]))  # this client and the Chromium it starts
    results = []
    for count in (int(n) for n in args.sessions.split(",")):
        with serve(cpus=server_cpus, repo=args.repo.resolve()) as (server, url):
            # One warm-up page so that loading the data is not counted as a change.
            urllib.request.urlopen(url, timeout=30)
            for number in range(1, args.rounds + 1):
                result = asyncio.run(round_of(url, server.pid, count, args.seconds, number))
                result["round"] = number
                results.append(result)
                memory = result["memory_mb"]
                print(f"{count:>3} sessions, round {number}: {result['changes']} changes "
                      f"({result['changes_per_s']:.1f}/s), "
                      f"{len(result['errors'])} errors, {result['foreign_views']} foreign views, "
                      f"median {result['median_s'] or float('nan'):.2f} s, "
                      f"p95 {result['p95_s'] or float('nan'):.2f} s, "
                      f"server memory before {memory['before']:.0f} MB, peak {memory['peak_during']:.0f} MB, "
                      f"after {memory['after']:.0f} MB", flush=True)
                for error in result["errors"][:5]:
                    print(f"    {error}")
    for count in {r["sessions"] for r in results}:
        rounds = [r for r in results if r["sessions"] == count]
        if len(rounds) >= 2:
            growth = rounds[-1]["memory_mb"]["after"] - rounds[0]["memory_mb"]["after"]
            print(f"{count:>3} sessions: memory after the last round minus after the first: {growth:+.0f} MB")
    args.out.write_text(json.dumps({"cpus": os.cpu_count(), "pinned": args.pin, "results": results},
                                   indent=1) + "\n")


if __name__ == "__main__":
    main()
