"""Expected failures of a command, in the reader's words: one line on standard error and exit 2.

`guarded(command, run)` runs a command inside the one guard every command of `python -m dashboard` has:
unreadable input and a target that cannot be written (`OSError`), a full disk (ENOSPC), a broken pipe
(`… | head`), Ctrl-C (`KeyboardInterrupt`), a lock held by another run (`Locked`), a refused setting
(`ConfigError`), bytes that are not text (`NotText`) and what a command refuses itself (`Refused`) each
give one line, never a traceback. Anything else is a bug, and keeps its traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

from dashboard.config import ConfigError
from dashboard.data.encoding import NotText
from dashboard.data.lock import Locked


class Refused(Exception):
    """An expected failure a command reports in one line on standard error (exit 2): str(err)."""


def reason(err: OSError) -> str:
    """An operating-system error in the reader's words."""
    if err.errno == errno.ENOSPC:
        return "the disk is full (no space left on device); nothing was written"
    return err.strerror or str(err)


def failure_message(command: str, err: BaseException) -> str | None:
    """The one line a command prints for an expected failure (see docs/robustness.md), or None for an
    unexpected one (a bug, which keeps its traceback)."""
    if isinstance(err, KeyboardInterrupt):
        return f"{command}: interrupted; no file was left half-written"
    if isinstance(err, BrokenPipeError):
        return f"{command}: the output was closed before it was all written (broken pipe)"
    if isinstance(err, Locked):
        return f"{command}: {err.strerror}; try again when it has finished"
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        return f"{command}: {where}{reason(err)}"
    if isinstance(err, ConfigError | NotText | Refused):
        return f"{command}: {err}"
    return None


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit after a broken pipe is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def guarded(command: str, run: Callable[[], int]) -> int:
    """`run()`'s exit status, or 2 after one line on standard error for an expected failure (see the
    module docstring)."""
    try:
        status = run()
        sys.stdout.flush()
        return status
    except (KeyboardInterrupt, OSError, ConfigError, NotText, Refused) as err:
        if isinstance(err, BrokenPipeError):
            silence_stdout()
        message = failure_message(command, err)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 2
