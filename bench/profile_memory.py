"""Where the map page's memory goes: the first view after a data change and its reruns, as
`bench.profile_view` runs them (AppTest), with the process's resident memory sampled beside them.

    uv run python -m bench.profile_memory CONFIG [--reruns 5] [--every 0.05] [--top 15]

CONFIG is a config.toml from `bench.synthetic`. A thread reads the process's resident set size
(/proc/self/statm) every `--every` seconds, with the innermost frame of our code (`dashboard/`) on the
script's thread at that moment. It prints:

- the peak, and the frame that was running when it was reached;
- the frames under which the resident set grew most (the sum of each sample's growth over the one
  before, given to the frame running at the sample);
- what the loaded folder holds when the runs are over: each table's bytes and its largest columns,
  once as pandas' deep `memory_usage` counts them (every cell's string, shared or not) and once as
  the process holds them (each Python object once, `held`), and Arrow's own allocations.

A development tool, like `bench.profile_view`: the figures are sampled, so a short allocation between
two samples is seen only in the growth it leaves.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path
from types import FrameType

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from bench import own_cache_folder
from bench.measure import APPS, new_views

PAGE = os.sysconf("SC_PAGE_SIZE")
OURS = f"{os.sep}dashboard{os.sep}"


def resident() -> int:
    """The process's resident set size now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def ours(frame: FrameType | None) -> str | None:
    """The innermost frame of our code in a stack, as `module.py:function`, or None."""
    while frame is not None:
        path = frame.f_code.co_filename
        if OURS in path:
            return f"{path.split(OURS, 1)[1]}:{frame.f_code.co_name}"
        frame = frame.f_back
    return None


class Sampler(threading.Thread):
    """Samples the resident set size and what our code was doing on the other threads."""

    def __init__(self, every: float) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[tuple[float, int, str]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        me = threading.get_ident()
        while not self.stopped.wait(self.every):
            where = next((w for ident, frame in sys._current_frames().items()
                          if ident != me and (w := ours(frame))), "(outside our code)")
            self.samples.append((time.perf_counter(), resident(), where))


def mb(size: float) -> str:
    """Bytes as whole megabytes."""
    return f"{size / 1e6:,.0f} MB"


def largest(usage: pd.Series) -> str:
    """The five largest of a table's columns by bytes, as text."""
    top = usage.sort_values(ascending=False).head(5)
    return ", ".join(f"{column} {mb(size)}" for column, size in top.items())


def held(frame: pd.DataFrame) -> pd.Series:
    """Each column's bytes, an object column's as its pointers and each Python object it points to
    counted once in the table (a list with its items), where pandas' deep `memory_usage` counts a
    string shared by a million cells a million times."""
    seen: set[int] = set()

    def size(values: list[object]) -> int:
        distinct = {id(v): v for v in values if id(v) not in seen}
        seen.update(distinct)
        items = [item for v in distinct.values() if isinstance(v, list | tuple) for item in v]
        return sum(map(sys.getsizeof, distinct.values())) + (size(items) if items else 0)

    usage = frame.memory_usage(deep=False, index=True)
    for column in frame.columns:
        if frame[column].dtype == object:
            usage[column] += size(frame[column].tolist())
    return usage


def main() -> None:
    """Run the page's first view and reruns with the sampler beside them; print where memory went."""
    own_cache_folder(index=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--every", type=float, default=0.05)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    os.environ["DASHBOARD_CONFIG"] = str(args.config.resolve())
    from bench.run import forget_loaded_data
    forget_loaded_data()
    start_rss = resident()
    sampler = Sampler(args.every)
    sampler.start()
    at = AppTest.from_file(str(APPS["ours"]), default_timeout=900)
    started = time.perf_counter()
    at.run()
    if at.exception:
        raise SystemExit(at.exception[0].message)
    first_done = time.perf_counter()
    for countries, day in new_views(args.reruns + 1)[1:]:
        at.multiselect(key="countries-en").set_value(countries)
        at.select_slider(key="as_of-en").set_value(day)
        at.run()
    sampler.stopped.set()
    sampler.join()
    samples = sampler.samples
    peak = max(samples, key=lambda s: s[1])
    print(f"resident before the page: {mb(start_rss)}")
    print(f"peak: {mb(peak[1])}, during {'the first view' if peak[0] <= first_done else 'a rerun'}, "
          f"under {peak[2]}")
    print(f"at the end: {mb(samples[-1][1])}")
    print(f"the first view took {first_done - started:.1f} s (with the sampler beside it)")
    growth: Counter[str] = Counter()
    for (_, before, _), (_, after, where) in pairwise(samples):
        if after > before:
            growth[where] += after - before
    print(f"\nwhere the resident set grew (sum of growth per sample, {len(samples)} samples):")
    for where, grew in growth.most_common(args.top):
        print(f"  {mb(grew):>10}  {where}")
    from dashboard.screens.shared import dataset
    data = dataset()
    names = ("sources", "records", "figures", "events", "corrections", "updates", "regions")
    print("\nthe loaded folder (pandas' deep memory_usage, which counts a shared string once per cell):")
    for name in names:
        frame = getattr(data, name)
        usage = frame.memory_usage(deep=True, index=True)
        print(f"  {name}: {len(frame):,} rows, {mb(usage.sum())} ({largest(usage)})")
    print("what it holds (each Python object counted once in its table, as the loader shares them):")
    for name in names:
        frame = getattr(data, name)
        usage = held(frame)
        print(f"  {name}: {len(frame):,} rows, {mb(usage.sum())} ({largest(usage)})")
    print(f"Arrow's allocations now: {mb(pa.total_allocated_bytes())}")


if __name__ == "__main__":
    main()
