"""An inter-process lock on a file or folder that is being written (`flock` on a lock file beside it).

Part of the one file writer (`dashboard.data.atomic`, which exports both names): a second writer of the
same target waits, then is refused with `Locked`; a lock dies with its holder, so a killed writer never
leaves it held.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path


class Locked(OSError):
    """Another process holds the lock and did not release it in time."""


class Lock:
    """An inter-process lock on a target, held through a lock file beside it (`.NAME.lock`).

    `Lock(target, timeout=0)` refuses at once when another process holds it; a positive timeout waits
    that many seconds. `shared=True` takes a reader's lock, which many may hold while no writer does.
    The lock is released when the holder exits or dies, so a killed writer never leaves it held.
    """

    def __init__(self, target: str | os.PathLike[str], *, timeout: float = 30.0, shared: bool = False):
        self.target = Path(target)
        self.path = self.target.parent / f".{self.target.name}.lock"
        self.timeout = timeout
        self.shared = shared
        self._fd: int | None = None

    def __enter__(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        kind = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, kind | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise Locked(errno.EAGAIN, f"{self.target} is being written by another process") from None
                time.sleep(0.05)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
