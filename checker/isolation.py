"""Run user code in forked children, each task under a wall-clock limit and a memory cap.

One process model serves every phase (import, step, numeric, rendering). A task that overruns
is killed with its child (no SIGALRM: this works off the main thread, and it also stops GMP or
symengine code that ignores signals); the next task gets a fresh child. A child that dies is
noticed at once (its sentinel), not at the deadline. Children die with their parent
(``PR_SET_PDEATHSIG``), ignore the terminal's Ctrl-C (the parent decides), and catch every
``BaseException`` of user code, ``SystemExit`` included.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class TimedOut:
    """The task did not finish within ``seconds``; ``note`` is what it reported before."""

    seconds: float
    note: Any = None


@dataclass(frozen=True)
class Crashed:
    """The task raised (``reason`` is its last traceback line) or its process died."""

    reason: str
    note: Any = None


def _die_with_parent(parent: int) -> None:
    """SIGKILL this process when its parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def mapped_bytes() -> int:
    """This process's current virtual size (VmSize), 0 where /proc is not available."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cap_memory(memory_mb: int | None) -> None:
    """Allow ``memory_mb`` MiB of address space on top of what this process maps now."""
    if not memory_mb:
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = mapped_bytes() + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def become_child(parent: int, memory_mb: int | None = None, own_group: bool = False) -> None:
    """What every child does first: die with its parent, leave signals to the parent, cap memory."""
    _die_with_parent(parent)
    if own_group:
        try:
            os.setpgid(0, 0)  # the terminal's Ctrl-C reaches the parent only
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    cap_memory(memory_mb)


def last_line(exc: BaseException) -> str:
    """The last line of a traceback, e.g. ``SystemExit: 0`` (the class by its bare name)."""
    line = traceback.format_exception_only(type(exc), exc)[-1].strip()
    qualified = f"{type(exc).__module__}.{type(exc).__qualname__}"
    return type(exc).__qualname__ + line[len(qualified):] if line.startswith(qualified) else line


def death(exitcode: int | None) -> str:
    """Words for how a child ended."""
    if exitcode is None:
        return "the process vanished"
    if exitcode < 0:
        try:
            return f"the process was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"the process was killed by signal {-exitcode}"
    return f"the process exited with code {exitcode} before finishing (os._exit?)"


Task = Callable[[], Any]
_channel: tuple[Connection, int] | None = None


def note(value: Any) -> None:
    """From inside a task: a partial result (e.g. a step's rendered text) that the parent keeps
    if the task then times out or dies. Outside an isolated task this does nothing."""
    if _channel is not None:
        conn, index = _channel
        conn.send(("note", index, value))


def _serve(tasks: Sequence[Task], start: int, conn: Connection, parent: int, memory_mb: int | None) -> None:
    global _channel
    become_child(parent, memory_mb)
    for i in range(start, len(tasks)):
        conn.send(("start", i, None))
        _channel = (conn, i)
        try:
            result = tasks[i]()
            conn.send(("done", i, result))
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt of user code too
            try:
                conn.send(("crash", i, last_line(exc)))
            except BaseException:  # noqa: BLE001 - e.g. an unpicklable exception message
                conn.send(("crash", i, type(exc).__name__))
    conn.close()
    os._exit(0)


def _kill(process: mp.Process) -> None:
    if process.is_alive():
        process.kill()
    process.join()


def run_isolated(
    tasks: Sequence[Task], timeout: float, memory_mb: int | None = None
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, result | TimedOut | Crashed)`` for each task, in order.

    ``timeout`` bounds each task from the moment its child starts it; a hung or dead child is
    killed and replaced, and the next task runs in the new child.
    """
    ctx = mp.get_context("fork")
    i = 0
    while i < len(tasks):
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_serve, args=(tasks, i, sender, os.getpid(), memory_mb), daemon=True)
        child.start()
        sender.close()
        limit = time.monotonic() + timeout + 5.0  # the fork itself, before the first "start"
        note: Any = None
        try:
            while i < len(tasks):
                ready = wait([receiver, child.sentinel], timeout=max(0.0, limit - time.monotonic()))
                if not ready:
                    yield i, TimedOut(timeout, note)
                    i += 1
                    break
                try:
                    kind, index, payload = receiver.recv() if receiver.poll() else ("dead", i, None)
                except EOFError:
                    kind, index, payload = "dead", i, None
                if kind == "dead":
                    child.join()
                    yield i, Crashed(death(child.exitcode), note)
                    i += 1
                    break
                if kind == "start":
                    limit, note = time.monotonic() + timeout, None
                elif kind == "note":
                    note = payload
                else:
                    yield index, payload if kind == "done" else Crashed(payload, note)
                    i = index + 1
        finally:
            _kill(child)
            receiver.close()


def call_isolated(fn: Callable[[], Any], timeout: float, memory_mb: int | None = None) -> Any:
    """``fn()`` in a child: its result, or ``TimedOut`` / ``Crashed``."""
    ((_, out),) = list(run_isolated([fn], timeout, memory_mb))
    return out
