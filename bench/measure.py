"""One side of the benchmark (ours or the baseline) at one size, in its own process.

`python -m bench.measure ours|baseline CONFIG REPEAT` prints one JSON object of medians (seconds,
bytes) and the app's peak memory (measured right after the AppTest runs, before the other steps).
The parent (`bench.run`) starts one process per side and size, so that peak memory belongs to that
side alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench import own_cache_folder

REPO = Path(__file__).resolve().parent.parent
APPS = {"ours": REPO / "dashboard" / "site.py", "baseline": REPO / "bench" / "baseline_app.py"}
# The filter changes a reader makes; each rerun is timed.
CHANGES: list[tuple[list[str], dt.date]] = [
    (["KZ", "RU"], dt.date(2022, 1, 13)), (["KZ"], dt.date(2022, 1, 20)),
    (["AM", "BY", "KZ"], dt.date(2022, 1, 14)), (["KZ", "RU", "BY", "AM", "TJ", "KG"], dt.date(2022, 1, 9)),
]
# More days for the same country choices: every rerun timed is a view not seen before in its process.
LATER_DAYS = [dt.date(2022, 1, d) for d in (8, 11, 16, 19, 22, 25, 28)]


def new_views(count: int) -> list[tuple[list[str], dt.date]]:
    """`count` filter changes, each to a view (countries and date) not seen before: CHANGES first, then
    the same country choices on other days."""
    views = list(CHANGES) + [(countries, day) for day in LATER_DAYS for countries, _ in CHANGES]
    if count > len(views):
        raise ValueError(f"at most {len(views)} views not seen before")
    return views[:count]


def median_time(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def steps(side: str, data_dir: Path, repeat: int) -> dict[str, float | None]:
    """Load, geocode (cold and warm), filter, build the map: medians for one side."""
    from bench import baseline
    from bench.synthetic import place_names
    from dashboard.geo.dataset import load_dataset
    from dashboard.geo.gazetteer import build_geocoder, default_geocoder
    from dashboard.geo.geocoder import Geocoder
    from dashboard.map import layers as map_layers
    from dashboard.map.aggregate import Bounds
    from dashboard.map.basemap import base_map
    from dashboard.map.styles import CENTER, ZOOM, with_unrest_size
    from dashboard.view.selection import select

    geocoder = default_geocoder()
    out: dict[str, float | None] = {}
    out["load_validate_s"] = median_time(lambda: load_dataset(data_dir, geocoder), max(1, repeat // 2))
    data = load_dataset(data_dir, geocoder)
    records = data.records
    # The geocoding workload: one name per record, drawn from 200 distinct real places.
    places = place_names(200)
    names = [places[i % len(places)] for i in range(len(records))]

    if side == "ours":
        def geocode_all(g: Geocoder) -> None:
            for name, country in names:
                _try(g.geocode, name, country)
        out["geocode_cold_s"] = median_time(lambda: geocode_all(build_geocoder()), 1)
        warm = build_geocoder()
        geocode_all(warm)
        out["geocode_warm_s"] = median_time(lambda: geocode_all(warm), repeat)
    else:
        out["geocode_cold_s"] = median_time(lambda: baseline.geocode_rows(build_geocoder(), names), 1)
        out["geocode_warm_s"] = median_time(lambda: baseline.geocode_rows(geocoder, names), 1)

    countries, day = CHANGES[0]
    if side == "ours":
        out["filter_s"] = median_time(lambda: select(data, countries, day), repeat)
        selection = select(data, countries, day)
        shown = with_unrest_size(selection.records, selection.figures)

        def build() -> str:
            layers = map_layers.layers(shown, records, {}, view=Bounds.around(*CENTER, ZOOM))
            fmap = base_map()
            for group in layers.groups:
                group.add_to(fmap)
            return fmap.get_root().render()
        out["build_map_s"] = median_time(build, repeat)
    else:
        out["filter_s"] = median_time(lambda: baseline.filter_rows(records, countries, day), 1)
        shown = baseline.filter_rows(records, countries, day)
        out["build_map_s"] = (median_time(lambda: baseline.build_map(shown).get_root().render(), 1)
                              if len(shown) <= 20_000 else None)
    return out


def _try(func: Callable[..., object], *args: object) -> object:
    try:
        return func(*args)
    except Exception:
        return None


def reruns(side: str, repeat: int) -> dict[str, float | None]:
    """AppTest: first run, then the median rerun after a filter change to a view not seen before, and the
    map's bytes."""
    at = AppTest.from_file(str(APPS[side]), default_timeout=900)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    times, sizes = [], []
    for countries, day in new_views(repeat + 1)[1:]:  # the first is the opening view's neighbour
        if side == "ours":  # our controls are keyed by language, a select slider for the date
            at.multiselect(key="countries-en").set_value(countries)
            at.select_slider(key="as_of-en").set_value(day)
        else:
            at.multiselect(key="countries").set_value(countries)
            at.slider(key="as_of").set_value(day)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        (component,) = list(at.get("component_instance"))
        sizes.append(len(component.proto.json_args.encode()))
    return {"first_run_s": first, "rerun_s": statistics.median(times), "map_bytes": statistics.median(sizes)}


def main() -> None:
    """Measure one side at the size behind CONFIG; print JSON."""
    own_cache_folder()
    side, config, repeat = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    skip_reruns = len(sys.argv) > 4 and sys.argv[4] == "--no-reruns"
    os.environ["DASHBOARD_CONFIG"] = str(config)
    from bench.run import forget_loaded_data
    forget_loaded_data()  # the first run is the first view after a data change (the gazetteer stays cached)
    result: dict[str, object] = {"side": side}
    # The app first, so that peak memory is the app's (loading, geocoder, reruns), not the steps'.
    result.update(reruns(side, repeat) if not skip_reruns else
                  {"first_run_s": None, "rerun_s": None, "map_bytes": None})
    result["peak_memory_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                                if not skip_reruns else None)
    result.update(steps(side, config.parent / "geodata", repeat))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
