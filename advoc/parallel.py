"""Work in a forked child while this process does its own share.

Used where advoc's work splits in two (loading files, running checks) on a
machine with two or more cores. The child sees this process's memory as it
was at the fork, so nothing but the result crosses the pipe. Where `fork` is
not available the work runs here, one piece after the other.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


def forked(
    work: Callable[[], T],
    dumps: Callable[[Any], bytes] = pickle.dumps,
    loads: Callable[[bytes], Any] = pickle.loads,
) -> Callable[[], T]:
    """Start `work` in a forked child; return a function that waits for its result.
    If the child fails, the work is done again here, so a result always comes.
    A result of plain data can travel by `marshal`, several times faster than pickle."""
    if not can_fork():
        result = work()
        return lambda: result
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

    def wait() -> T:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return work()
        result: T = loads(data)
        return result

    return wait
