"""One engine verdict per (case, seed), computed once in an isolated child under the case's time limit."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from checker.isolation import Crashed, TimedOut, call_isolated
from checker.obligation import Obligation
from checker.symbolic import verify
from tests.soundness.case import UNDECIDED
from tests.soundness.cases import BY_ID

SEEDS = (0, 1, 2)


@dataclass(frozen=True)
class Outcome:
    """The verdict as text; a timeout or crash is ``undecided`` (the runner reports it so)."""

    verdict: str
    detail: str
    counterexample: Any = None


@functools.cache
def outcome(case_id: str, seed: int) -> Outcome:
    """``verify`` on the case's obligation with ``seed``, in a forked child."""
    case = BY_ID[case_id]
    ob = Obligation(case.lhs, case.rel, case.rhs, dict(case.domain), None)
    out = call_isolated(lambda: verify(ob, seed), timeout=case.timeout)
    if isinstance(out, TimedOut):
        return Outcome(UNDECIDED, f"timed out after {out.seconds:g}s")
    if isinstance(out, Crashed):
        return Outcome(UNDECIDED, f"crashed: {out.reason}")
    return Outcome(out.verdict.value, f"{out.strategy}: {out.detail}", out.counterexample)
