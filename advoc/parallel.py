"""Work in a forked child while this process does its own share.

Used where advoc's work splits in two (loading files, running checks) on a
machine with two or more cores. The child sees this process's memory as it
was at the fork, so nothing but the result crosses the pipe. Where `fork` is
not available the work runs here, one piece after the other.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# records or files; below this a second process costs more than it saves
PARALLEL_FROM = 1500


def can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


class Pending(Generic[T]):
    """Work under way in a forked child: call it for the result (see `forked`);
    `cancel` stops the child when its result is no longer wanted."""

    def __init__(self, wait: Callable[[], T], cancel: Callable[[], None]) -> None:
        self._wait = wait
        self._cancel = cancel

    def __call__(self) -> T:
        return self._wait()

    def cancel(self) -> None:
        self._cancel()


def forked(
    work: Callable[[], T],
    dumps: Callable[[Any], bytes] = pickle.dumps,
    loads: Callable[[bytes], Any] = pickle.loads,
) -> Pending[T]:
    """Start `work` in a forked child; return what waits for its result.
    If the child fails, the work is done again here, so a result always comes.
    A result of plain data can travel by `marshal`, several times faster than pickle."""
    if not can_fork():
        result = work()
        return Pending(lambda: result, lambda: None)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(dumps(work()))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    reaped = False

    def wait() -> T:
        nonlocal reaped
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        reaped = True
        if status != 0 or not data:
            return work()
        result: T = loads(data)
        return result

    def cancel() -> None:
        """Stop the child and reap it (this process is failing; its work would
        only go on writing where nothing is wanted any more)."""
        nonlocal reaped
        if reaped:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        reaped = True

    return Pending(wait, cancel)
