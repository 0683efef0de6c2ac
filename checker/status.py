"""A claim's verdict from its step verdicts and numeric outcomes: the one place that decides "proved"."""

from __future__ import annotations

from checker.model import Claim, NumericResult, Outcome, StepResult, Verdict


def claim_status(claim: Claim, steps: list[StepResult], checks: list[NumericResult]) -> tuple[Verdict, bool, str]:
    """(verdict on the source statement, whether it is what the module declares, reason)."""
    errors = [n for n in checks if n.outcome is Outcome.ERROR]
    if errors:
        return Verdict.ERROR, False, f"numeric check '{errors[0].name}' failed to run: {errors[0].detail}"
    proof = [s for s in steps if s.role == "proof"]
    bad_proof = [s for s in proof if s.verdict is not Verdict.PROVED]
    bad_numeric = [n for n in checks if not n.ok]
    if claim.erratum is not None and claim.refutes is None:
        status = claim.expect if not bad_proof and not bad_numeric else Verdict.UNDECIDED
        return status, status is claim.expect, f"erratum: {claim.erratum}"
    if claim.refutes is not None:
        status = next(s.verdict for s in steps if s.role == "source")
    elif any(s.verdict is Verdict.REFUTED for s in proof) or any(
        n.outcome is Outcome.CONTRADICTED and n.expected is Outcome.CONFIRMED for n in checks
    ):
        status = Verdict.REFUTED
    elif bad_proof or bad_numeric:
        status = Verdict.UNDECIDED
    else:
        status = Verdict.PROVED
    ok = status is claim.expect and not bad_proof and not bad_numeric
    reason = ""
    if bad_proof:
        s = bad_proof[0]
        reason = f"step '{s.chain}' #{s.index + 1} ({s.by}) is {s.verdict.value}: {s.detail}"
    elif bad_numeric:
        n = bad_numeric[0]
        reason = f"numeric '{n.name}' on {n.device}/{n.dtype} is {n.outcome.value} (expected {n.expected.value}): {n.detail}"
    elif status is not claim.expect:
        reason = f"the source statement is {status.value}, but the module declares {claim.expect.value}"
    return status, ok, reason
