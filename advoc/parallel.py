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
from collections.abc import Callable, Iterator
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


class Turns:
    """Pieces of work, numbered from 0, that this process and its forked child take
    one at a time, each the next one left when it is done with the one before, so
    that neither waits for the other while work is left. A pipe holds two bytes
    for each piece: a read of two bytes takes one (the system lets one read at a
    time take from a pipe), and, every piece taken, reads find its end."""

    MOST = 2048  # two bytes each: 4 KiB, which a pipe takes in one write

    def __init__(self, count: int) -> None:
        if not 0 <= count <= self.MOST:
            raise ValueError(f"{count} pieces of work: at most {self.MOST}")
        self._read, write = os.pipe()
        try:
            os.write(write, b"".join(number.to_bytes(2, "big") for number in range(count)))
        except BaseException:
            os.close(self._read)
            raise
        finally:
            os.close(write)

    def __iter__(self) -> Iterator[int]:
        while True:
            taken = os.read(self._read, 2)
            if not taken:
                return
            yield int.from_bytes(taken, "big")

    def close(self) -> None:
        os.close(self._read)


def forked(
    work: Callable[[], T],
    dumps: Callable[[Any], bytes] = pickle.dumps,
    loads: Callable[[bytes], Any] = pickle.loads,
    again: Callable[[], T] | None = None,
) -> Pending[T]:
    """Start `work` in a forked child; return what waits for its result.
    If the child fails, the work is done again here (by `again` when given: what
    the child took of shared `Turns`, say), so a result always comes.
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
            return (again or work)()
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
