"""Refutations through the public API: a witness outside its symbols' assumptions is never accepted."""

from __future__ import annotations

import pytest
from sympy import Symbol

from checker import Options, Verdict, chain, claim, refutes, run, source, step
from checker.errors import InvalidClaim
from tests.soundness.cases import WITNESS_CASES

x = Symbol("x", real=True)


def _declare(case):
    return claim(
        f"adv-{case.id}",
        title=case.id,
        source=source("adv.txt", "q"),
        statement=case.notes,
        proof=[chain("c", x + x, step(2 * x, by="sum"))],
        domain=dict(case.domain),
        expect="refuted",
        refutes=refutes(case.lhs, case.rel, case.rhs, by="witness", correction="none", witness=dict(case.witness)),
    )


def _status(case) -> Verdict | None:
    """The claim's status, or ``None`` when the declaration itself was rejected."""
    try:
        made = _declare(case)
    except InvalidClaim:
        return None
    (result,) = run([made], Options(numeric=False, seed=0))
    return result.status


@pytest.mark.parametrize("case", [c for c in WITNESS_CASES if not c.valid], ids=lambda c: c.id)
def test_bogus_witness_is_not_accepted(case):
    """A witness that violates its symbol's assumptions refutes nothing."""
    status = _status(case)
    assert status is not Verdict.REFUTED, f"{case.id}: accepted witness {case.witness}. {case.notes}"


@pytest.mark.parametrize("case", [c for c in WITNESS_CASES if c.valid], ids=lambda c: c.id)
def test_valid_witness_is_accepted(case):
    """A witness inside the assumptions still refutes a false statement."""
    assert _status(case) is Verdict.REFUTED, f"{case.id}: {case.notes}"
