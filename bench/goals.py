"""Issue 26's goals table, filled from one run of `bench/run.py` and one of `bench/capacity.py`.

    uv run python -m bench.goals [--results bench/results.json] [--capacity bench/capacity.json]

Prints a Markdown table: each goal, what was measured in each synthetic shape (`scattered`, `bundled`)
and whether the goal is met; the first map and readers per core are measured on the bundled data
(geodata/), so they have one figure. A figure the files do not hold shows as "not measured", and the
goal as not known to be met. The commits both files were measured at are printed under the table.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHAPES = ("scattered", "bundled")

Figures = dict[str, object]


@dataclass(frozen=True)
class Goal:
    """One row: what is measured, the bound, and how to read it from the figures."""

    what: str
    goal: str
    per_shape: bool
    read: Callable[[Figures], tuple[str, bool | None]]  # (the figure as shown, met; None: not measured)


def _ours(figures: Figures, shape: str, size: int, key: str) -> float | None:
    value = figures.get("results", {}).get(shape, {}).get(str(size), {}).get("ours", {}).get(key)
    return value if isinstance(value, int | float) else None


def _base(figures: Figures, shape: str, size: int, key: str) -> float | None:
    value = figures.get("results", {}).get(shape, {}).get(str(size), {}).get("baseline", {}).get(key)
    return value if isinstance(value, int | float) else None


def _below(shape: str, size: int, key: str, bound: float, unit: str = "s") -> Callable[[Figures], tuple]:
    def read(figures: Figures) -> tuple[str, bool | None]:
        value = _ours(figures, shape, size, key)
        return ("not measured", None) if value is None else (f"{value:.3g} {unit}", value < bound)
    return read


def _speedup(shape: str) -> Callable[[Figures], tuple[str, bool | None]]:
    def read(figures: Figures) -> tuple[str, bool | None]:
        ours, base = _ours(figures, shape, 10_000, "rerun_s"), _base(figures, shape, 10_000, "rerun_s")
        if not ours or base is None:
            return "not measured", None
        return f"{base / ours:.1f}× ({ours:.3g} s against {base:.3g} s)", base / ours >= 20
    return read


def _million(shape: str) -> Callable[[Figures], tuple[str, bool | None]]:
    def read(figures: Figures) -> tuple[str, bool | None]:
        skipped = figures.get("results", {}).get(shape, {}).get("1000000", {}).get("not_run")
        if skipped:
            return str(skipped), None
        rerun = _ours(figures, shape, 1_000_000, "rerun_s")
        peak = _ours(figures, shape, 1_000_000, "peak_memory_mb")
        browser = _ours(figures, shape, 1_000_000, "browser_s")
        if rerun is None or peak is None or browser is None:
            return "not measured", None
        return (f"{rerun:.3g} s, peak {peak / 1024:.2f} GB, browser {browser:.3g} s",
                rerun < 0.3 and peak < 2048 and browser < 1)
    return read


def _first_map(figures: Figures) -> tuple[str, bool | None]:
    found = figures.get("first_map")
    if not isinstance(found, dict):
        return "not measured", None
    ratio = found["ratio"]
    return (f"{ratio:.2f}× ({found['restart_s']:.2f} s against {found['bare_s']:.2f} s; medians of "
            f"{found['repeat']})", ratio <= 1.6)


def _capacity(figures: Figures) -> tuple[str, bool | None]:
    found = figures.get("capacity", {})
    ours, base = found.get("ours", {}), found.get("baseline", {})
    if "median_best_rate" not in ours or "median_best_rate" not in base:  # not `--runs` figures
        return "not measured", None
    tail = f"medians of {found['runs']} runs, steps of {found['step']:g} changes/s"
    if not base["median_best_rate"]:  # the baseline sustained no rate tried: the ratio has a lower bound
        lowest = min(found["rates"] + [found["step"]]) if found.get("rates") else found["step"]
        bound = ours["median_best_rate"] / lowest
        return (f"above {bound:.0f}× ({ours['median_best_rate']:g} changes/s; 79e5c17 sustained none of the "
                f"rates tried, the lowest {lowest:g}; {tail})", bound >= 3)
    return (f"{found['ratio']:.2f}× ({ours['median_best_rate']:g} against {base['median_best_rate']:g} "
            f"changes/s; {tail})", found["ratio"] >= 3)


def goals() -> list[Goal]:
    """Issue 26's goals, in its order."""
    def shaped(read: Callable[[str], Callable[[Figures], tuple]]) -> Callable[[Figures], dict[str, tuple]]:
        return lambda figures: {shape: read(shape)(figures) for shape in SHAPES}

    return [
        Goal("first view after a data change, 100,000 records (AppTest first run, gazetteer index cached)",
             "< 5 s", True, shaped(lambda shape: _below(shape, 100_000, "first_run_s", 5))),
        Goal("rerun after a filter change, 100,000 records, a view not seen before", "< 0.2 s", True,
             shaped(lambda shape: _below(shape, 100_000, "rerun_s", 0.2))),
        Goal("rerun, 10,000 records, against the usual approach", "≥ 20×", True, shaped(_speedup)),
        Goal("rerun, 1,000,000 records", "< 0.3 s, peak < 2 GB, browser update < 1 s", True,
             shaped(_million)),
        Goal("server start to first map, bundled data, against a bare Streamlit page in the same run",
             "≤ 1.6×", False, _first_map),
        Goal("changes per second one core sustains with p95 < 1 s, against 79e5c17", "≥ 3×", False,
             _capacity),
    ]


def _met(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "not known"}[met]


def goals_table(results: Figures, capacity: Figures) -> str:
    """The goals as a Markdown table, from `bench/run.py`'s and `bench/capacity.py`'s JSON."""
    figures = {**results, "capacity": capacity}
    lines = ["| what | goal | scattered | bundled | met |", "|---|---|---|---|---|"]
    for goal in goals():
        found = goal.read(figures)
        if goal.per_shape:
            cells = [found[shape][0] for shape in SHAPES]
            verdicts = [found[shape][1] for shape in SHAPES]
            met = False if False in verdicts else None if None in verdicts else True
            lines.append(f"| {goal.what} | {goal.goal} | {cells[0]} | {cells[1]} | {_met(met)} |")
        else:
            text, met = found
            text += ", on geodata/ (no synthetic shape)"
            lines.append(f"| {goal.what} | {goal.goal} | {text} | – | {_met(met)} |")
    return "\n".join(lines)


def main() -> None:
    """Print the goals table and the commits it was measured at."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--capacity", type=Path, default=REPO / "bench" / "capacity.json")
    args = parser.parse_args()
    results = json.loads(args.results.read_text()) if args.results.is_file() else {}
    capacity = json.loads(args.capacity.read_text()) if args.capacity.is_file() else {}
    print(goals_table(results, capacity))
    print(f"\nbench/run.py at {results.get('commit', 'an unknown commit')}, bench/capacity.py at "
          f"{capacity.get('commit', 'an unknown commit')}")


if __name__ == "__main__":
    main()
