"""A claim's verdict from its step verdicts and numeric outcomes: the one place that decides "proved".

Nothing passes on nothing: a claim with no obligation, or whose every numeric check was skipped, is
not proved, and an erratum-only claim is ``recorded`` (not checked), never ``proved`` nor ``refuted``.
"""

from __future__ import annotations

from typing import Any

from checker.model import Claim, NumericResult, Outcome, StepResult, Verdict

RECORDED_TEXT = "recorded, not checked"
TRIVIAL_TEXT = "trivial (both sides identical)"
TRIVIAL_HINT = (
    "a step whose two sides are identical checks nothing; SymPy often collapsed the intermediate line on "
    "construction: build it under `with sympy.evaluate(False):` or wrap it in `sympy.UnevaluatedExpr` to keep it"
)


def status_text(v: Verdict) -> str:
    """The verdict as reporters show it (``recorded`` says that nothing was checked)."""
    return RECORDED_TEXT if v is Verdict.RECORDED else v.value


def is_trivial(lhs: Any, rhs: Any) -> bool:
    """Whether a step's two sides are the same object or structurally equal (SymPy ``==``)."""
    if lhs is rhs:
        return True
    try:
        return bool(lhs == rhs)
    except Exception:  # noqa: BLE001 - an incomparable pair is not trivially equal
        return False


def trivial_steps(steps: list[StepResult] | tuple[StepResult, ...]) -> list[StepResult]:
    """The steps flagged trivial, in order."""
    return [s for s in steps if s.trivial]


def _all_skipped(claim: Claim, checks: list[NumericResult]) -> str | None:
    """The reason when numeric confirmation was asked for and not one check ran; else ``None``."""
    if not claim.numeric or not checks or any(n.outcome is not Outcome.SKIPPED for n in checks):
        return None
    dtypes = ", ".join(dict.fromkeys(n.dtype for n in checks))
    return f"no numeric check ran for the requested dtypes ({dtypes})"


def claim_status(claim: Claim, steps: list[StepResult], checks: list[NumericResult]) -> tuple[Verdict, bool, str]:
    """(verdict on the source statement, whether it is what the module declares, reason)."""
    errors = [n for n in checks if n.outcome is Outcome.ERROR]
    if errors:
        return Verdict.ERROR, False, f"numeric check '{errors[0].name}' failed to run: {errors[0].detail}"
    skipped = _all_skipped(claim, checks)
    if skipped is not None:
        return Verdict.UNDECIDED, False, skipped
    proof = [s for s in steps if s.role == "proof"]
    bad_proof = [s for s in proof if s.verdict is not Verdict.PROVED]
    bad_numeric = [n for n in checks if not n.ok]
    source = next((s for s in steps if s.role == "source"), None)
    reason = ""
    if bad_proof:
        s = bad_proof[0]
        reason = f"step '{s.chain}' #{s.index + 1} ({s.by}) is {s.verdict.value}: {s.detail}"
    elif bad_numeric:
        n = bad_numeric[0]
        reason = f"numeric '{n.name}' on {n.device}/{n.dtype} is {n.outcome.value} (expected {n.expected.value}): {n.detail}"
    if claim.erratum is not None and claim.refutes is None:
        if claim.expect is not Verdict.REFUTED:
            return Verdict.ERROR, False, "an erratum must be declared expect='refuted' (it is recorded, not checked)"
        if reason:
            return Verdict.UNDECIDED, False, reason
        return Verdict.RECORDED, True, f"{RECORDED_TEXT}: erratum: {claim.erratum}"
    if not proof and source is None:
        return Verdict.UNDECIDED, False, "nothing was checked: the claim has no proof step"
    if claim.refutes is not None:
        status = source.verdict if source is not None else Verdict.UNDECIDED
    elif any(s.verdict is Verdict.REFUTED for s in proof) or any(
        n.outcome is Outcome.CONTRADICTED and n.expected is Outcome.CONFIRMED for n in checks
    ):
        status = Verdict.REFUTED
    elif bad_proof or bad_numeric:
        status = Verdict.UNDECIDED
    else:
        status = Verdict.PROVED
    ok = status is claim.expect and not reason
    if not reason and status is not claim.expect:
        reason = f"the source statement is {status.value}, but the module declares {claim.expect.value}"
    return status, ok, reason
