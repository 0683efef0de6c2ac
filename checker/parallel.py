"""``-j N``: check claims in N long-lived forked workers, each claim under an overall deadline.

Workers pull claims one at a time, so imports made by one claim's numeric check are paid once per
worker, not once per claim. A worker that dies makes its claim ``error``; one that outlives its
deadline is killed (its claim is ``undecided``) and replaced. Either way the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait

from checker.model import Claim, ClaimResult, Verdict
from checker.runner import Options, check_claim, dependency_order, error_result, with_dependencies


def deadline(claim: Claim, options: Options) -> float:
    steps = sum(len(c.steps) for c in claim.proof) + (1 if claim.refutes else 0)
    return options.timeout * (steps + 1) + (options.numeric_budget if options.numeric else 0.0)


def _serve(claims: Sequence[Claim], options: Options, conn: Connection, jobs: int) -> None:
    if options.numeric:
        import torch

        torch.set_num_threads(max(1, torch.get_num_threads() // jobs))  # no oversubscription
    while True:
        try:
            index = conn.recv()
        except EOFError:
            return
        if index is None:
            return
        claim = claims[index]
        try:
            result = check_claim(claim, options)
        except BaseException as exc:  # noqa: BLE001 - report anything, never hang the parent
            result = error_result(claim.id, claim.title, f"{type(exc).__name__}: {exc}", claim.origin)
        conn.send(result)


@dataclass
class _Worker:
    process: mp.Process
    conn: Connection
    index: int | None = None
    limit: float = 0.0


def _gave_up(claim: Claim, why: str, status: Verdict) -> ClaimResult:
    base = error_result(claim.id, claim.title, why, claim.origin)
    return replace(base, status=status, expected=claim.expect, source=claim.source, uses=claim.uses)


def run_parallel(claims: Sequence[Claim], options: Options, jobs: int) -> Iterator[ClaimResult]:
    """Like ``runner.run`` but ``jobs`` claims at a time; results in dependency order."""
    ctx = mp.get_context("fork")
    if options.numeric and not options.cache_numeric:
        from checker.numerical import warm_up

        warm_up()  # forked workers inherit the imports
    order = dependency_order(claims)
    pending = list(range(len(order)))
    done: dict[str, ClaimResult] = {}

    def spawn() -> _Worker:
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_serve, args=(order, options, child, jobs), daemon=False)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    workers = [spawn() for _ in range(min(jobs, len(order)))]
    final: dict[str, ClaimResult] = {}
    emitted = 0
    try:
        while pending or any(w.index is not None for w in workers):
            for w in workers:
                if w.index is None and pending:
                    w.index = pending.pop(0)
                    w.limit = time.monotonic() + deadline(order[w.index], options)
                    w.conn.send(w.index)
            busy = [w for w in workers if w.index is not None]
            timeout = max(0.0, min(w.limit for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            for i, w in enumerate(workers):
                if w.index is None:
                    continue
                claim = order[w.index]
                if w.conn in ready:
                    try:
                        done[claim.id] = w.conn.recv()
                        w.index = None
                        continue
                    except EOFError:
                        result = _gave_up(claim, f"worker died (exit code {w.process.exitcode})", Verdict.ERROR)
                elif time.monotonic() >= w.limit:
                    result = _gave_up(claim, f"worker exceeded the claim's deadline of {deadline(claim, options):.0f}s", Verdict.UNDECIDED)
                else:
                    continue
                done[claim.id] = result
                w.process.kill()
                w.process.join()
                w.conn.close()
                workers[i] = spawn()
            while emitted < len(order) and order[emitted].id in done:  # stream, in dependency order
                claim = order[emitted]
                final[claim.id] = with_dependencies(done[claim.id], final)
                emitted += 1
                yield final[claim.id]
    finally:
        for w in workers:
            if w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
