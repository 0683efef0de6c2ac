"""Claims in N long-lived worker processes; the parent only schedules, collects and decides.

Each worker is forked from the parent, leads its own process group and dies with the parent. It
imports a claim's module (phase ``import``, under the import limit), then checks the claim: steps
and numeric checks run in children of the worker, each under its own limit (phase ``check``).
A worker that dies is noticed at once through its sentinel; one that overruns its phase's deadline
is killed with its whole group. Either way its claim becomes ``error`` and the run goes on.
Results stream in dependency order.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait

from checker import isolation
from checker.model import Claim, ClaimResult, Source, Verdict
from checker.refs import ClaimRef
from checker.runner import Options, check_claim, dependency_order, with_dependencies

_SLACK = 10.0  # seconds of fork and bookkeeping per task on top of its own limit


def check_budget(ref: ClaimRef, options: Options) -> float:
    """The longest a claim's check phase can legitimately take: every task at its limit."""
    steps = ref.steps * (options.timeout + _SLACK)
    numeric = 0.0
    if options.numeric:
        numeric = ref.numeric * len(options.devices) * len(options.dtypes) * (options.numeric_timeout + _SLACK)
    return steps + numeric + 2 * _SLACK


def failed(ref: ClaimRef, reason: str, options: Options | None = None, status: Verdict = Verdict.ERROR) -> ClaimResult:
    """The result of a claim whose check could not complete."""
    from checker.runner import reproduce_line

    return ClaimResult(
        ref.id, ref.title, status, ref.expect, False, (), (), ref.source, 0.0, reason,
        reproduce=reproduce_line(ref.id, options or Options()), uses=ref.uses, erratum=ref.erratum, origin=ref.origin,
    )


def _check(ref: ClaimRef, resolve: Callable[[ClaimRef], Claim], options: Options, conn: Connection, index: int) -> ClaimResult:
    conn.send(("phase", index, "import"))
    try:
        claim = resolve(ref)
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import is the claim's error
        return failed(ref, f"import of {ref.module.where or ref.origin} failed: {isolation.last_line(exc)}", options)
    conn.send(("phase", index, "check"))
    try:
        from checker.declare import validate_claim

        validate_claim(claim)
        return check_claim(claim, options)
    except BaseException as exc:  # noqa: BLE001 - an invalid claim object, or a fault of the engine
        return failed(ref, f"{isolation.last_line(exc)}", options)


def _serve(
    refs: Sequence[ClaimRef], resolve: Callable[[ClaimRef], Claim], options: Options,
    conn: Connection, parent: int, foreign: Sequence[Connection],
) -> None:
    isolation.become_child(parent, options.memory_mb, own_group=True)
    for c in foreign:  # other workers' pipe ends: holding them would hide those workers' deaths
        c.close()
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if index is None:
            os._exit(0)
        result = _check(refs[index], resolve, options, conn, index)
        conn.send(("result", index, result))


@dataclass
class _Worker:
    process: mp.Process
    conn: Connection
    index: int | None = None
    phase: str = ""
    limit: float = 0.0


def _kill_group(worker: _Worker) -> None:
    """SIGKILL the worker and every process in its group (its step and numeric children)."""
    pid = worker.process.pid
    if pid is not None:
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except (ProcessLookupError, PermissionError):
                pass
    worker.process.join()
    worker.conn.close()


def run_refs(
    refs: Sequence[ClaimRef], resolve: Callable[[ClaimRef], Claim], options: Options, jobs: int | None = None
) -> Iterator[ClaimResult]:
    """Check every claim of ``refs`` (``resolve`` gives the claim, inside the worker)."""
    order: list[ClaimRef] = dependency_order(refs)
    if not order:
        return
    jobs = max(1, min(jobs or options.jobs, len(order)))
    ctx = mp.get_context("fork")
    if options.numeric:
        from checker.numerical import warm_up

        warm_up()  # forked workers inherit the imports
    workers: list[_Worker] = []

    def spawn() -> _Worker:
        parent_end, child_end = ctx.Pipe(duplex=True)
        foreign = [w.conn for w in workers]
        proc = ctx.Process(target=_serve, args=(order, resolve, options, child_end, os.getpid(), foreign))
        proc.start()
        child_end.close()
        return _Worker(proc, parent_end)

    pending = list(range(len(order)))
    done: dict[str, ClaimResult] = {}
    final: dict[str, ClaimResult] = {}
    emitted = 0
    try:
        for _ in range(jobs):
            workers.append(spawn())
        while emitted < len(order):
            for w in workers:
                if w.index is None and pending:
                    w.index, w.phase = pending.pop(0), "start"
                    w.limit = time.monotonic() + options.import_timeout + _SLACK
                    w.conn.send(w.index)
            busy = [w for w in workers if w.index is not None]
            waitables: list[object] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = wait(waitables, timeout=max(0.0, min(w.limit for w in busy) - time.monotonic()))
            for i, w in enumerate(workers):
                if w.index is None:
                    continue
                ref = order[w.index]
                result: ClaimResult | None = None
                if w.conn in ready or w.process.sentinel in ready:
                    message = _receive(w)
                    if message is None:
                        w.process.join()
                        result = failed(ref, f"{w.phase}: {isolation.death(w.process.exitcode)}", options)
                    elif message[0] == "phase":
                        w.phase = message[2]
                        budget = options.import_timeout if w.phase == "import" else check_budget(ref, options)
                        w.limit = time.monotonic() + budget + _SLACK
                        continue
                    else:
                        done[ref.id] = replace(message[2], id=ref.id)
                        w.index = None
                        continue
                elif time.monotonic() >= w.limit:
                    if w.phase == "import":
                        result = failed(ref, f"import of {ref.module.where or ref.origin} did not finish within {options.import_timeout:g}s", options)
                    else:
                        result = failed(ref, f"{w.phase}: the claim did not finish within its budget of {check_budget(ref, options):.0f}s", options)
                if result is None:
                    continue
                done[ref.id] = result
                _kill_group(w)
                workers[i] = spawn()
            while emitted < len(order) and order[emitted].id in done:  # stream, in dependency order
                ref = order[emitted]
                final[ref.id] = with_dependencies(done[ref.id], final)
                emitted += 1
                yield final[ref.id]
    finally:
        for w in workers:
            _kill_group(w)


def _receive(w: _Worker) -> tuple[str, int, object] | None:
    """The worker's next message, or ``None`` when it has died."""
    try:
        if w.conn.poll():
            return w.conn.recv()
    except (EOFError, OSError):
        return None
    return None


def interrupted(ref: ClaimRef, options: Options | None = None) -> ClaimResult:
    """A claim the run never finished because it was interrupted."""
    return replace(failed(ref, "the run was interrupted before this claim finished", options), source=ref.source or Source("", ""))
