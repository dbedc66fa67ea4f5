"""Stills and the time-lapse: how long one still image and the whole month take to draw.

    uv run python -m bench.stills [--records 0,10000] [--shapes scattered,bundled] [--repeat 5]
                                  [--month-repeat 3] [--out FILE]

For each data set (0: the bundled data; N: a synthetic folder of N records of each shape,
`bench.synthetic`) it loads the data once, draws one still to warm up (imports, the world's outlines),
then times:

- `still_png`: the default view's scene and its PNG social card (`dashboard.render.still.still`);
- `still_pdf`: the same view as an A4 PDF page;
- `month_mp4`: the time-lapse of the whole month (31 frames, every country) as an MP4, drawn by as many
  worker processes as the command line uses (`dashboard.export.timelapse.default_workers`).

It prints the median wall time of each, and the median CPU time (this process and its workers), which
says more than wall time on a machine that others share. Goals (issue 27): a still in under 2 s, the
month in under 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import own_cache_folder
from bench.synthetic import SHAPES
from dashboard.export.timelapse import default_workers, timelapse
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.gazetteer import default_geocoder
from dashboard.render.still import still
from dashboard.scene import View, scene
from dashboard.view.link import COUNTRIES
from dashboard.view.status import FIRST_DAY, LAST_DAY

REPO = Path(__file__).resolve().parent.parent
GOALS = {"still_png": 2.0, "still_pdf": 2.0, "month_mp4": 60.0}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median wall and CPU seconds of `repeat` runs of `action`."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return {"wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3),
            "runs": repeat}


def dataset(records: int, folder: Path, shape: str = "scattered") -> Dataset:
    """The bundled data (0) or a synthetic folder of `records` location records of `shape`."""
    if records == 0:
        return load_dataset(REPO / "geodata", default_geocoder())
    from bench.synthetic import write_synthetic

    write_synthetic(folder, records, shape=shape)
    return load_dataset(folder / "geodata", default_geocoder())


def measure(data: Dataset, repeat: int, month_repeat: int) -> dict[str, dict[str, float]]:
    """The three timings for one data set."""
    view = View(lang="en")
    still(scene(data, view), "png")  # warm up
    return {
        "still_png": timed(lambda: still(scene(data, view), "png", "social"), repeat),
        "still_pdf": timed(lambda: still(scene(data, view), "pdf", "print"), repeat),
        "month_mp4": timed(lambda: timelapse(data, COUNTRIES, "en", FIRST_DAY, LAST_DAY, "mp4",
                                             workers=default_workers()), month_repeat),
    }


def main() -> None:
    own_cache_folder()
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", default="0,10000",
                        help="comma-separated data sizes; 0 is the bundled data (default: 0,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each still (default: 5)")
    parser.add_argument("--month-repeat", type=int, default=3, help="runs of the month (default: 3)")
    parser.add_argument("--shapes", default=",".join(SHAPES), type=lambda s: s.split(","),
                        help=f"synthetic shapes for sizes above 0, comma-separated: {', '.join(SHAPES)}")
    parser.add_argument("--out", type=Path, help="write the results as JSON here too")
    args = parser.parse_args()
    if unknown := set(args.shapes) - set(SHAPES):
        parser.error(f"unknown shape(s): {', '.join(sorted(unknown))}")
    results: dict[str, object] = {"cores": os.cpu_count(), "workers": default_workers(),
                                  "load_average": os.getloadavg()[0], "sizes": {}}
    sets = [(int(n), shape) for n in args.records.split(",") for shape in (args.shapes if int(n) else [""])]
    for records, shape in sets:
        with tempfile.TemporaryDirectory() as folder:
            data = dataset(records, Path(folder), shape or "scattered")
            name = "bundled data" if records == 0 else f"{shape} {records}"
            figures = measure(data, args.repeat, args.month_repeat)
        results["sizes"][name] = {"records": len(data.records), **figures}  # type: ignore[index]
        for key, figure in figures.items():
            verdict = "meets" if figure["wall_s"] < GOALS[key] else "misses"
            print(f"{name:>16} {len(data.records):>6} records  {key:<10} median "
                  f"{figure['wall_s']:7.2f} s wall, {figure['cpu_s']:7.2f} s CPU over {figure['runs']} runs "
                  f"({verdict} the goal of {GOALS[key]:.0f} s)", flush=True)
    results["load_average_after"] = os.getloadavg()[0]
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
