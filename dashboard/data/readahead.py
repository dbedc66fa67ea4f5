"""Reading a folder's table files one ahead of the loader, on a thread of its own.

The loader reads each table (`columnar.read_columns`: Arrow's parser, which lets Python run while it
works) and then validates it (mostly Python, one core). `ReadAhead` reads the next file of the folder
while the loader validates the one before: the parsing of one table and the checks of the other share
the cores. Only one file is read ahead, so at most two tables are held as Arrow columns at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

import pyarrow as pa

from dashboard.data.columnar import read_columns
from dashboard.data.problems import Problem

Read = tuple[pa.Table | None, list[Problem]]
Reader = Callable[[Path], Read]  # a file's columns and the problems met reading it (`read_columns`)


class ReadAhead:
    """The files at `paths`, read in order (`read`), each asked for one starting the next."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = [path for path in paths if path.is_file()]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        self._reading: dict[Path, Future[Read]] = {}

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def read(self, path: Path) -> Read:
        """`read_columns(path)`, read already when it was the file after the one asked for before; the
        file after it starts to be read now."""
        reading = self._reading.pop(path, None) or self._pool.submit(read_columns, path)
        if path in self._paths:
            after = self._paths[self._paths.index(path) + 1:]
            if after and after[0] not in self._reading:
                self._reading[after[0]] = self._pool.submit(read_columns, after[0])
        return reading.result()
