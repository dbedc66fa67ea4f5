"""A time-lapse of the month: one still per day, drawn from that day's scene, as an MP4 or a GIF.

Each frame is the still of the day (`dashboard.render.still.frame`): the date stamp, the map, the legend,
the day's troop figure with its source, and the source line. The frames are drawn in parallel worker
processes where it pays (the command line, on a machine with more than one core); the app's server
builds one time-lapse at a time, within a time limit (`bounded`).

MP4 is H.264 (yuv420p, playable everywhere) through imageio-ffmpeg's own ffmpeg; GIF through Pillow, one
frame a day in one palette. Both are 16:9, the social card's layout: MP4 at 1280 × 720, GIF at 960 × 540.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image

from dashboard.export.still import notes
from dashboard.i18n import N_
from dashboard.render.still import Page, frame
from dashboard.scene import DAYS, Scene
from dashboard.scene.days import on_day

PAGES = {"mp4": Page(12.0, 6.75, 320 / 3), "gif": Page(12.0, 6.75, 80)}  # 1280 × 720, 960 × 540
MOTION_FORMATS = tuple(PAGES)
MIME = {"mp4": "video/mp4", "gif": "image/gif"}
DEFAULT_FPS, MAX_FPS = 4, 30
DAY_SECONDS = 0.5  # each day stays this long on screen
END_SECONDS = 1.5  # and the last one this much longer
PARALLEL_FROM = 4  # days: fewer are drawn in this process (starting workers costs more than it saves)
LIMIT_SECONDS = 90.0  # the app's bound on one build
NO_FIGURE = N_("No official figure for the CSTO force by this date.")

Progress = Callable[[int, int], None]  # (frames drawn, frames in all)


class Busy(RuntimeError):
    """Another time-lapse is being built on this server."""


class TooLong(RuntimeError):
    """The build went over its time limit."""


def frames_per_day(fps: int) -> int:
    """How many frames each day is shown for at `fps` frames a second (at least one)."""
    return max(1, round(fps * DAY_SECONDS))


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days of the month from `first` to `last`, both included."""
    return [day for day in DAYS if first <= day <= last]


# What a worker process draws from: the view's scene and the page, set in the parent before the workers
# start (they are forked, so they share the loaded data instead of reading it again).
_JOB: dict[str, object] = {}


def _day_frame(day: dt.date) -> np.ndarray:
    """One day's frame, drawn from its scene (in this process or a worker)."""
    view = on_day(_JOB["scene"], day)  # type: ignore[arg-type]
    lines = notes(view) or [view.tr(NO_FIGURE)]
    return frame(view, _JOB["page"], lines)  # type: ignore[arg-type]


def _worker_ignores_ctrl_c() -> None:
    """A worker leaves Ctrl-C to the parent, which stops the pool and says so in one line (a worker
    that took it too would print a traceback of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def draw_frames(view: Scene, days: Sequence[dt.date], page: Page, workers: int = 1,
                progress: Progress | None = None, deadline: float | None = None) -> list[np.ndarray]:
    """One frame for each of `days`, each the scene of `view` on that day, in order; in `workers` forked
    processes when there are several (and days enough), else here. Raises `TooLong` once `deadline` (a
    `time.monotonic()` value) passes."""
    _JOB.update(scene=view, page=page)
    done: list[np.ndarray] = []

    def tick() -> None:
        if progress:
            progress(len(done), len(days))
        if deadline is not None and time.monotonic() > deadline:
            raise TooLong(f"over the limit of {LIMIT_SECONDS:.0f} s")

    try:
        if workers > 1 and len(days) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_ignores_ctrl_c) as pool:
                try:
                    for image in pool.map(_day_frame, days):
                        done.append(image)
                        tick()
                except BaseException:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        else:
            for day in days:
                done.append(_day_frame(day))
                tick()
    finally:
        _JOB.clear()
    return done


def encode(frames: Sequence[np.ndarray], fmt: str, fps: int) -> bytes:
    """The frames (one a day) as an MP4 (H.264) or GIF at `fps`, each day lasting DAY_SECONDS and the
    last one held END_SECONDS more."""
    if fmt not in PAGES:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(PAGES)})")
    per_day = frames_per_day(fps)
    if fmt == "gif":
        return _gif(frames, per_day, fps)
    sequence = [image for image in frames for _ in range(per_day)]
    sequence += [frames[-1]] * round(fps * END_SECONDS)
    height, width = sequence[0].shape[:2]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timelapse.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path), (width, height), fps=fps, codec="libx264", pix_fmt_out="yuv420p", macro_block_size=8,
            ffmpeg_log_level="error", output_params=["-movflags", "+faststart", "-fflags", "+bitexact",
                                                     "-map_metadata", "-1"])
        writer.send(None)
        for image in sequence:
            writer.send(np.ascontiguousarray(image))
        writer.close()
        return path.read_bytes()


def _gif(frames: Sequence[np.ndarray], per_day: int, fps: int) -> bytes:
    """The frames as a looping GIF, all in one palette made from the first, middle and last frame (so a
    layer's colour stays the same from day to day), each day shown for its frames' time."""
    table = _palette(np.concatenate([frames[0], frames[len(frames) // 2], frames[-1]]))
    paletted = [_indexed(image, table) for image in frames]
    durations = [round(1000 * per_day / fps)] * len(paletted)
    durations[-1] += round(1000 * END_SECONDS)
    buffer = io.BytesIO()
    paletted[0].save(buffer, format="GIF", save_all=True, append_images=paletted[1:], duration=durations,
                     loop=0, optimize=False)
    return buffer.getvalue()


def _indexed(image: np.ndarray, table: np.ndarray) -> Image.Image:
    """The image in the palette `table` (256 × 3), each colour as its nearest entry (Pillow's own mapping
    rounds colours first, which turns a white page light grey)."""
    colours, inverse = np.unique(image.reshape(-1, 3), axis=0, return_inverse=True)
    distance = ((colours[:, None, :].astype(int) - table[None, :, :].astype(int)) ** 2).sum(axis=-1)
    indices = distance.argmin(axis=1).astype(np.uint8)[inverse.reshape(-1)].reshape(image.shape[:2])
    indexed = Image.fromarray(indices, mode="P")
    indexed.putpalette(table.reshape(-1).tolist())
    return indexed


def _palette(sample: np.ndarray, exact: int = 96) -> np.ndarray:
    """256 colours for the GIF: the `exact` most frequent colours of the sample as they are (the flat
    fills: page, land, background, layers, text), the rest from an octree of the sample (the edges)."""
    colours, counts = np.unique(sample.reshape(-1, 3), axis=0, return_counts=True)
    frequent = colours[np.argsort(-counts, kind="stable")[:exact]]
    octree = Image.fromarray(sample).quantize(256 - len(frequent), method=Image.Quantize.FASTOCTREE,
                                              dither=Image.Dither.NONE).getpalette() or []
    rest = np.asarray(octree[:3 * (256 - len(frequent))], dtype=np.uint8).reshape(-1, 3)
    table = np.concatenate([frequent.astype(np.uint8), rest])
    return np.concatenate([table, np.zeros((256 - len(table), 3), np.uint8)])


def timelapse(view: Scene, first: dt.date, last: dt.date, fmt: str = "mp4", fps: int = DEFAULT_FPS,
              workers: int = 1, progress: Progress | None = None, limit: float | None = None) -> bytes:
    """The time-lapse of `view` from `first` to `last` as an MP4 or GIF file.

    Parameters
    ----------
    view
        The scene of the view: its countries (host first), layers and the language of every word in the
        frames (its own date plays no part: each frame is the view on its day).
    first, last
        The first and last day shown (within January 2022).
    fmt
        ``"mp4"`` (H.264, 1280 × 720) or ``"gif"`` (960 × 540).
    fps
        Frames a second (1 to MAX_FPS); each day lasts DAY_SECONDS (at least one frame).
    workers
        Processes that draw the frames (1: this one).
    progress
        Called with (frames drawn, frames in all) after each frame.
    limit
        Seconds the build may take; over it, `TooLong` is raised.
    """
    if not 1 <= fps <= MAX_FPS:
        raise ValueError(f"fps must be 1 to {MAX_FPS}, not {fps}")
    days = days_between(first, last)
    if not days:
        raise ValueError(f"no day of the month from {first} to {last}")
    deadline = time.monotonic() + limit if limit is not None else None
    frames = draw_frames(view, days, PAGES[fmt], workers, progress, deadline)
    return encode(frames, fmt, fps)


_BUILDING = threading.Lock()  # one build at a time per server process


def bounded(view: Scene, fmt: str = "mp4", progress: Progress | None = None,
            limit: float = LIMIT_SECONDS) -> bytes:
    """The whole month's time-lapse of the view for the app's server: one build at a time (`Busy`
    when another is under way), drawn in this process, at most `limit` seconds (`TooLong`)."""
    if not _BUILDING.acquire(blocking=False):
        raise Busy("another time-lapse is being built")
    try:
        return timelapse(view, DAYS[0], DAYS[-1], fmt, progress=progress, limit=limit)
    finally:
        _BUILDING.release()


def default_workers() -> int:
    """Worker processes for the command line: two where there are two cores or more."""
    return min(2, os.cpu_count() or 1)

