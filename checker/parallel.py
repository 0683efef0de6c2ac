"""``-j N``: check claims in N forked worker processes, each with an overall deadline.

A worker that dies makes its claim ``error``; one that outlives its deadline is killed and its claim
is ``undecided``. Either way the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection, wait

from checker.model import Claim, ClaimResult, Verdict
from checker.runner import Options, check_claim, dependency_order, error_result, with_dependencies

NUMERIC_BUDGET = 300.0  # seconds a claim's numeric confirmations may take on top of its steps


def _work(claim: Claim, options: Options, conn: Connection, jobs: int) -> None:
    if options.numeric:
        import torch

        torch.set_num_threads(max(1, torch.get_num_threads() // jobs))  # no oversubscription
    try:
        conn.send(check_claim(claim, options))
    except BaseException as exc:  # noqa: BLE001 - report anything, never hang the parent
        conn.send(error_result(claim.id, claim.title, f"{type(exc).__name__}: {exc}", claim.origin))
    conn.close()


def deadline(claim: Claim, options: Options) -> float:
    steps = sum(len(c.steps) for c in claim.proof) + (1 if claim.refutes else 0)
    return options.timeout * (steps + 1) + (NUMERIC_BUDGET if options.numeric else 0.0)


def _gave_up(claim: Claim, why: str, status: Verdict) -> ClaimResult:
    return replace(error_result(claim.id, claim.title, why, claim.origin), status=status, expected=claim.expect, source=claim.source)


def run_parallel(claims: Sequence[Claim], options: Options, jobs: int) -> Iterator[ClaimResult]:
    """Like ``runner.run`` but ``jobs`` claims at a time; results in dependency order."""
    ctx = mp.get_context("fork")
    if options.numeric:
        from checker.numerical import warm_up

        warm_up()  # forked workers inherit the imports instead of paying for them per claim
    pending = list(dependency_order(claims))
    running: dict[Connection, tuple[Claim, mp.Process, float]] = {}
    done: dict[str, ClaimResult] = {}
    while pending or running:
        while pending and len(running) < jobs:
            claim = pending.pop(0)
            receiver, sender = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_work, args=(claim, options, sender, jobs))
            proc.start()
            sender.close()
            running[receiver] = (claim, proc, time.monotonic() + deadline(claim, options))
        now = time.monotonic()
        ready = wait(list(running), timeout=max(0.0, min(d for _, _, d in running.values()) - now))
        for conn in list(running):
            claim, proc, limit = running[conn]
            if conn in ready:
                try:
                    result = conn.recv()
                except EOFError:
                    result = _gave_up(claim, f"worker died (exit code {proc.exitcode})", Verdict.ERROR)
            elif time.monotonic() >= limit:
                result = _gave_up(claim, f"worker exceeded its deadline of {limit - now:.0f}s and was killed", Verdict.UNDECIDED)
            else:
                continue
            if proc.is_alive():
                proc.kill()
            proc.join()
            conn.close()
            del running[conn]
            done[claim.id] = result
    order = dependency_order(claims)
    final: dict[str, ClaimResult] = {}
    for claim in order:
        final[claim.id] = with_dependencies(done[claim.id], final)
        yield final[claim.id]
