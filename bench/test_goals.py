"""Issue 26's goals table (`bench/goals.py`) reads the benchmark's figures as the goals state them. A test of
the benchmark, not of the product: it lives here, outside the suite's `tests/`, and runs with
`uv run pytest bench/`.

No speed is measured here: the figures are made up, to check how the table reads them.
"""

from __future__ import annotations

from bench.capacity import finer
from bench.goals import goals_table


def _row(table: str, start: str) -> list[str]:
    (line,) = [line for line in table.splitlines() if line.startswith(f"| {start}")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def _results(first_run: dict[str, float]) -> dict[str, object]:
    return {"results": {shape: {"100000": {"ours": {"first_run_s": seconds}}}
                        for shape, seconds in first_run.items()}}


def test_a_goal_is_met_only_when_both_shapes_meet_it() -> None:
    both = _row(goals_table(_results({"scattered": 3.0, "bundled": 4.9}), {}), "first view")
    assert both[2:] == ["3 s", "4.9 s", "yes"]
    one = _row(goals_table(_results({"scattered": 3.0, "bundled": 5.0}), {}), "first view")
    assert one[2:] == ["3 s", "5 s", "**no**"]
    missing = _row(goals_table(_results({"scattered": 3.0}), {}), "first view")
    assert missing[2:] == ["3 s", "not measured", "not known"]


def test_the_first_map_and_the_readers_per_core_are_ratios_against_their_baselines() -> None:
    results = {"first_map": {"ratio": 1.7, "restart_s": 3.4, "bare_s": 2.0, "repeat": 5}}
    capacity = {"ratio": 3.0, "runs": 3, "step": 0.5, "ours": {"median_best_rate": 4.5},
                "baseline": {"median_best_rate": 1.5}}
    table = goals_table(results, capacity)
    assert _row(table, "server start")[-1] == "**no**"
    assert _row(table, "changes per second")[-1] == "yes"
    assert _row(goals_table({}, {}), "server start")[-1] == "not known"


def test_a_baseline_that_sustains_no_rate_gives_the_ratio_a_lower_bound() -> None:
    """The earlier code sustained none of the rates tried: the ratio is at least ours / the lowest rate."""
    def row(ours: float) -> list[str]:
        capacity = {"ratio": None, "runs": 3, "step": 0.5, "rates": [1.0, 2.0, 4.0],
                    "ours": {"median_best_rate": ours}, "baseline": {"median_best_rate": 0.0}}
        return _row(goals_table({}, capacity), "changes per second")

    assert row(2.5)[-1] == "yes" and "above 5×" in row(2.5)[2]
    assert row(1.0)[-1] == "**no**" and "above 2×" in row(1.0)[2]


def test_the_rates_below_the_first_one_not_sustained_are_stepped_finely() -> None:
    assert finer(4.0, 8.0, 0.5) == [4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5]
    assert finer(1.0, 2.0, 0.5) == [1.5]
    assert finer(None, 1.0, 0.5) == [0.5]
    assert finer(4.0, 4.5, 0.5) == []
    assert finer(4.0, 8.0, 0) == []
