"""Readers per core: the highest rate of filter and date changes one server core answers in time.

    uv run python -m bench.capacity [--rates 1,2,4,8,16,32,64] [--step 0.5] [--seconds 20] [--runs 3]
                                    [--baseline REV]

The server runs on one core (`sched_setaffinity`, as `taskset -c 0` does) and this client on the others,
so that the client never competes with the server for its core. The client is no browser: each reader
is a Streamlit session spoken to over its websocket (`bench/protocol.py`), which sends the server what
the page sends and costs the client little.

At each rate, in ascending order (`--rates`, then `--step` apart: see below), changes arrive at that
rate for `--seconds` (open loop: a change is due every 1/rate seconds whether or not the server has
answered the last one), each made by a reader who is not waiting for an answer: a country taken out or
put back, or the date moved. A change's time runs from when it was due to the end of the script run that
answers it, so waiting in the server's queue counts. Every answer is checked against the reader's own
choice (the map's layers name their view with `DASHBOARD_TEST_HOOKS=1`, and the caption names the date),
so a view leaking between sessions is counted. A rate is sustained when the p95 stays under 1 s with no
error and no foreign view. The rates of `--rates` are tried until one is not sustained; then the rates
between the last sustained one and it, `--step` apart (0.5 changes/s), until one is not: so the highest
sustained rate is known to the step without stepping finely from the start. Then, in the last run, two
more rounds at the highest sustained rate show whether the server's memory stays flat.

`--baseline REV` measures the same against a checkout of an earlier commit (`git worktree`, removed
afterwards) in the same run, on the same data. `--runs N` measures both N times, alternately (the
baseline first each time, each on a freshly started server), and reports the medians of the highest
sustained rates and their ratio: coarse steps or a single run make the ratio jump.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import own_cache_folder
from bench.load import COUNTRIES as LOAD_COUNTRIES
from bench.load import rss_mb
from bench.protocol import ProtocolError, Reader, Run
from bench.run import commit
from bench.server import serve
from dashboard.view.status import DAYS

REPO = Path(__file__).resolve().parent.parent
SUSTAINED_P95_S = 1.0
THINK_S = 3.0  # a reader changes something every few seconds: the rate needs rate × 3 readers
COUNTRIES = {name: code for code, name in LOAD_COUNTRIES.items()}  # the filter's labels -> codes
ISO_DAYS = [day.isoformat() for day in DAYS]  # the date slider's days
_VIEW = re.compile(r'__kzView = \\"([^"\\]*)\\"')


@dataclass
class Step:
    """The changes made at one rate."""

    rate: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: int = 0
    late_starts: int = 0  # changes due when no reader was free (counted as errors)

    def summary(self, seconds: float, memory: dict[str, float]) -> dict[str, object]:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] if ordered else None
        return {"rate": self.rate, "seconds": seconds, "changes": len(ordered),
                "answered_per_s": len(ordered) / seconds, "errors": len(self.errors) + self.late_starts,
                "error_samples": self.errors[:5], "foreign_views": self.foreign,
                "median_s": statistics.median(ordered) if ordered else None, "p95_s": p95,
                "sustained": bool(ordered) and p95 is not None and p95 < SUSTAINED_P95_S
                and not self.errors and not self.late_starts and not self.foreign,
                "memory_mb": memory}


@dataclass
class Seat:
    """A reader and what they have chosen."""

    reader: Reader
    countries: set[str]
    day: int  # index into the date options
    busy: bool = False


def view_of(run: Run) -> str | None:
    """The view the map's layers were drawn for ("KZ,RU|2022-01-05"), if the run drew them."""
    for args in run.component_args:
        found = _VIEW.findall(args)
        if found:
            return found[-1]
    return None


def own_view(seat: Seat, run: Run, days: list[str]) -> bool:
    """Whether the run shows this reader's choice: the layers' countries and date, and the caption's."""
    view = view_of(run)
    if view is None:
        return False
    codes, _, iso = view.partition("|")
    # The caption may begin with the Updated stamp ("**Updated …** · As of …").
    caption = next((t[t.index("As of "):] for t in run.texts if "As of " in t), "")
    return (set(filter(None, codes.split(","))) == seat.countries
            and iso == ISO_DAYS[seat.day] and caption.startswith(f"As of {days[seat.day]}."))


async def open_seat(url: str) -> Seat:
    reader = Reader(url)
    await reader.open()
    chosen = reader.widgets["Countries"].value
    day = reader.widgets["As of"].options.index(reader.widgets["As of"].value[0])
    return Seat(reader, {COUNTRIES[name] for name in chosen}, day)


async def change(seat: Seat, step: Step, due: float, rng: random.Random) -> None:
    """One change as a reader makes it; timed from when it was due."""
    reader = seat.reader
    slider = reader.widgets["As of"]
    names = {code: name for name, code in COUNTRIES.items()}
    try:
        if rng.random() < 0.5:
            code = rng.choice(list(COUNTRIES.values()))
            if code in seat.countries and len(seat.countries) > 1:
                seat.countries.discard(code)
            else:
                seat.countries.add(code)
            chosen = [names[c] for c in COUNTRIES.values() if c in seat.countries]
            run = await reader.choose("Countries", chosen)
        else:
            seat.day = min(len(slider.options) - 1, max(0, seat.day + rng.choice((-1, 1))))
            run = await reader.choose("As of", [slider.options[seat.day]])
        step.latencies.append(time.perf_counter() - due)
        if run.exceptions:
            step.errors.append(f"exception: {run.exceptions[0][:100]}")
        elif not own_view(seat, run, slider.options):
            step.foreign += 1
    except (ProtocolError, TimeoutError, OSError) as err:
        step.errors.append(f"{type(err).__name__}: {str(err)[:100]}")
    finally:
        seat.busy = False


async def run_rate(url: str, seats: list[Seat], rate: float, seconds: float, seed: int) -> Step:
    """Changes due at `rate` per second for `seconds`, each by a free reader."""
    rng = random.Random(seed)
    step = Step(rate)
    tasks = []
    start = time.perf_counter()
    for n in range(int(rate * seconds)):
        due = start + n / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        free = [s for s in seats if not s.busy]
        if not free:
            step.late_starts += 1
            continue
        seat = rng.choice(free)
        seat.busy = True
        tasks.append(asyncio.create_task(change(seat, step, due, rng)))
    await asyncio.gather(*tasks)
    return step


def finer(last_sustained: float | None, failed: float, step: float) -> list[float]:
    """The rates strictly between the last sustained rate (or 0) and the first failed one, `step` apart."""
    if step <= 0:
        return []
    low = last_sustained or 0.0
    count = math.ceil(round((failed - low) / step, 6)) - 1
    return [round(low + step * i, 6) for i in range(1, count + 1)]


async def measure_side(url: str, pid: int, rates: list[float], seconds: float,
                       warm_s: float, step_rate: float = 0.0, memory_rounds: int = 2) -> dict[str, object]:
    """A warm-up round at the lowest rate (readers have been looking for a while: the server's caches
    hold what they saw), then the rates in turn until one is not sustained, then the rates below it
    `step_rate` apart (`finer`) until one is not; then `memory_rounds` rounds at the best one."""
    seats: list[Seat] = []
    steps: list[dict[str, object]] = []
    best: float | None = None
    warm_up: dict[str, object] = {}
    if warm_s > 0:
        while len(seats) < math.ceil(rates[0] * THINK_S) + 2:
            seats.append(await open_seat(url))
        before = rss_mb(pid)
        warm_up = (await run_rate(url, seats, rates[0], warm_s, seed=-1)).summary(
            warm_s, {"before": before, "after": rss_mb(pid)})
        p95 = warm_up["p95_s"] or float("nan")
        print(f"    warm-up at {rates[0]:g} changes/s for {warm_s:g} s: p95 {p95:.3f} s", flush=True)
    ladder, failed, fine = list(rates), None, False
    while ladder:
        rate = ladder.pop(0)
        while len(seats) < math.ceil(rate * THINK_S) + 2:
            seats.append(await open_seat(url))
        before = rss_mb(pid)
        step = await run_rate(url, seats, rate, seconds, seed=len(steps))
        summary = step.summary(seconds, {"before": before, "after": rss_mb(pid)})
        steps.append(summary)
        print(f"    {rate:>5g} changes/s: p50 {summary['median_s'] or float('nan'):.3f} s, "
              f"p95 {summary['p95_s'] or float('nan'):.3f} s, {summary['errors']} errors, "
              f"{summary['foreign_views']} foreign views, {summary['changes']} answered", flush=True)
        if summary["sustained"]:
            best = rate
            continue
        failed = rate
        if fine:
            break
        fine = True
        ladder = finer(best, failed, step_rate)
    rounds = []
    if best is not None:
        for n in range(memory_rounds):
            before = rss_mb(pid)
            step = await run_rate(url, seats, best, seconds, seed=100 + n)
            rounds.append(step.summary(seconds, {"before": before, "after": rss_mb(pid)}))
    for seat in seats:
        await seat.reader.close()
    return {"warm_up": warm_up, "steps": steps, "best_rate": best, "first_failed_rate": failed,
            "memory_rounds": rounds, "sessions": len(seats)}


@contextmanager
def checkout(rev: str):
    """A worktree of `rev` in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="kz-baseline-")) / "repo"
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=REPO, check=True,
                   capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, check=False,
                       capture_output=True)


def side(name: str, repo: Path, rates: list[float], seconds: float, warm_s: float,
         server_core: int, step_rate: float = 0.0, memory_rounds: int = 2) -> dict[str, object]:
    print(f"[{name}] {repo.name if repo != REPO else 'this checkout'}", flush=True)
    with serve(cpus={server_core}, repo=repo, timeout_s=300) as (server, url):
        asyncio.run(warm(url))
        result = asyncio.run(measure_side(url, server.pid, rates, seconds, warm_s, step_rate, memory_rounds))
    print(f"[{name}] highest sustained rate: {result['best_rate']} changes/s", flush=True)
    return result


async def warm(url: str) -> None:
    """One reader first, so that loading the data is not counted as a change."""
    seat = await open_seat(url)
    await seat.reader.close()


def main() -> None:
    """Measure one or both sides, `--runs` times, and print and save the figures."""
    own_cache_folder(index=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rates", default="1,2,4,8,16,32,64")
    parser.add_argument("--step", type=float, default=0.5,
                        help="below the first rate not sustained, try rates this far apart (0: none)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warm-seconds", type=float, default=60,
                        help="a first round at the lowest rate, not counted (0: none)")
    parser.add_argument("--runs", type=int, default=1, help="measure both sides this many times")
    parser.add_argument("--baseline", default="", help="an earlier commit to measure as well, e.g. 79e5c17")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "capacity.json")
    args = parser.parse_args()
    # Stopped with SIGTERM, still stop the servers and remove the baseline's checkout (the `finally`s).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        parser.error("needs at least two cores: one for the server, the rest for the client")
    os.sched_setaffinity(0, set(cores[1:]))  # this client keeps off the server's core
    rates = [float(r) for r in args.rates.split(",")]
    report: dict[str, object] = {"cpus": os.cpu_count(), "server_cores": 1, "seconds": args.seconds,
                                 "warm_seconds": args.warm_seconds, "rates": rates, "step": args.step,
                                 "runs": args.runs, "client": "websocket protocol (bench/protocol.py)",
                                 "commit": commit(REPO)}
    runs: list[dict[str, object]] = []
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(checkout(args.baseline)) if args.baseline else None
        for n in range(args.runs):
            rounds = 2 if n == args.runs - 1 else 0  # the memory's rounds once, in the last run
            run: dict[str, object] = {}
            if folder is not None:
                run["baseline"] = {"rev": args.baseline, **side(
                    "baseline", folder, rates, args.seconds, args.warm_seconds, cores[0], args.step, rounds)}
            run["ours"] = side("ours", REPO, rates, args.seconds, args.warm_seconds, cores[0], args.step,
                               rounds)
            runs.append(run)
            print(f"[run {n + 1} of {args.runs}] " + ", ".join(
                f"{name} {result['best_rate']} changes/s" for name, result in run.items()), flush=True)
    report["runs_detail"] = runs
    for name in ("baseline", "ours"):
        best = [r[name]["best_rate"] for r in runs if name in r]
        if best:
            report[name] = {"best_rates": best, "median_best_rate": statistics.median(
                [b or 0.0 for b in best])}
    if args.baseline and report["baseline"]["median_best_rate"]:
        ratio = report["ours"]["median_best_rate"] / report["baseline"]["median_best_rate"]
        report["ratio"] = ratio
        print(f"highest sustained rates (changes/s): baseline {report['baseline']['best_rates']}, ours "
              f"{report['ours']['best_rates']}; medians' ratio ours / baseline: {ratio:.2f}×")
    args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
