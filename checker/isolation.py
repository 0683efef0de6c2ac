"""Run a sequence of tasks in a forked worker with a per-task deadline.

A task that overruns is killed with its worker (no SIGALRM: this works off the main thread,
and it also stops GMP or symengine code that ignores signals); the next task gets a fresh worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class TimedOut:
    seconds: float


@dataclass(frozen=True)
class Crashed:
    reason: str


def _mapped_bytes() -> int:
    """This process's current virtual size (VmSize), 0 where /proc is not available."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _serve(tasks: Sequence[Callable[[], Any]], start: int, conn: Connection, memory_mb: int | None) -> None:
    if memory_mb:
        # On top of what the forked worker already maps (torch alone maps gigabytes of address space).
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    for i in range(start, len(tasks)):
        try:
            conn.send((i, True, tasks[i]()))
        except BaseException as exc:  # report, never die silently
            tail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            conn.send((i, False, tail))
    conn.close()
    os._exit(0)


def run_isolated(
    tasks: Sequence[Callable[[], Any]], timeout: float, memory_mb: int | None = None
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, result | TimedOut | Crashed)`` for each task, in order."""
    ctx = mp.get_context("fork")
    i = 0
    while i < len(tasks):
        receiver, sender = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_serve, args=(tasks, i, sender, memory_mb), daemon=True)
        worker.start()
        sender.close()
        try:
            while i < len(tasks):
                if not receiver.poll(timeout):
                    yield i, TimedOut(timeout)
                    i += 1
                    break
                try:
                    index, good, payload = receiver.recv()
                except EOFError:
                    yield i, Crashed(f"worker died (exit code {worker.exitcode})")
                    i += 1
                    break
                yield index, payload if good else Crashed(payload)
                i = index + 1
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join()
            receiver.close()
