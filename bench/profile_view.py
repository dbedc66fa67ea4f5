"""Profile the map page's first view and its reruns, as `bench.measure` runs them (AppTest).

    uv run python -m bench.profile_view CONFIG [--reruns 4] [--keep-loaded] [--html DIR] [--times-only]

CONFIG is a config.toml from `bench.synthetic` (e.g. `python -m bench.synthetic 100000 /tmp/b --shape
bundled`). By default the loaded data folder is forgotten first (`bench.run.forget_loaded_data`), so the
first run is the first view after a data change; the gazetteer index stays cached. Each rerun changes
the filters to a view not seen before (`bench.measure.new_views`, as `bench.measure` runs them).
Prints each step's wall time and pyinstrument's call tree (wall clock, the script thread) of the first
run and of the slowest rerun; with `--html`, writes both as HTML there. A development tool:
pyinstrument is a dev dependency.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pyinstrument import Profiler
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from bench import own_cache_folder
from bench.measure import APPS, new_views


class ScriptProfiles:
    """Profiles of the script runs, taken on the script's own thread (AppTest runs it on another)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.runs: list[Profiler] = []
        original = script_runner.ScriptRunner._run_script

        def profiled(runner: object, rerun_data: object) -> None:
            profiler = Profiler(interval=self.interval)
            with profiler:
                original(runner, rerun_data)
            self.runs.append(profiler)

        script_runner.ScriptRunner._run_script = profiled  # type: ignore[method-assign]

    def last(self) -> Profiler:
        """The profile of the last script run."""
        return self.runs[-1]


def main() -> None:
    """Profile one data set's first view and reruns; print the figures and call trees."""
    own_cache_folder(index=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--reruns", type=int, default=4)
    parser.add_argument("--keep-loaded", action="store_true", help="keep the loaded folder in the cache")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--depth", type=float, default=0.02, help="hide frames under this share of the run")
    parser.add_argument("--times-only", action="store_true", help="time the runs without profiling them")
    args = parser.parse_args()
    os.environ["DASHBOARD_CONFIG"] = str(args.config.resolve())
    if not args.keep_loaded:
        from bench.run import forget_loaded_data
        forget_loaded_data()
    profiles = None if args.times_only else ScriptProfiles(0.002)
    at = AppTest.from_file(str(APPS["ours"]), default_timeout=900)
    start = time.perf_counter()
    at.run()
    first = profiles.last() if profiles else None
    print(f"first run {time.perf_counter() - start:.3f} s")
    if at.exception:
        raise SystemExit(at.exception[0].message)
    slowest: tuple[float, Profiler | None] = (0.0, None)
    times = []
    for countries, day in new_views(args.reruns + 1)[1:]:
        at.multiselect(key="countries-en").set_value(countries)
        at.select_slider(key="as_of-en").set_value(day)
        start = time.perf_counter()
        at.run()
        took = time.perf_counter() - start
        profiler = profiles.last() if profiles else None
        times.append(took)
        print(f"rerun {','.join(countries)} {day}: {took:.3f} s")
        if took > slowest[0]:
            slowest = (took, profiler)
    times.sort()
    print(f"median rerun {times[len(times) // 2]:.3f} s")
    if first is None:
        return
    print(first.output_text(show_all=False, color=False, time="seconds", unicode=True,
                            processor_options={"filter_threshold": args.depth}))
    if slowest[1] is not None:
        print(slowest[1].output_text(color=False, unicode=True,
                                     processor_options={"filter_threshold": args.depth}))
    if args.html:
        args.html.mkdir(parents=True, exist_ok=True)
        (args.html / "first.html").write_text(first.output_html())
        if slowest[1] is not None:
            (args.html / "rerun.html").write_text(slowest[1].output_html())


if __name__ == "__main__":
    main()
