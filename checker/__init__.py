"""derive: a symbolic derivation checker for the mathematics of Transformers."""

from checker.declare import chain, claim, holds, numeric, refutes, source, step
from checker.model import (
    Claim,
    ClaimResult,
    Counterexample,
    NumericResult,
    Outcome,
    Source,
    StepResult,
    Verdict,
)
from checker.numerical import NumericContext, Tolerance, clopper_pearson, rounding_tolerance
from checker.runner import Options, check_claim, run

__all__ = [
    "Claim",
    "ClaimResult",
    "Counterexample",
    "NumericContext",
    "NumericResult",
    "Options",
    "Outcome",
    "Source",
    "StepResult",
    "Tolerance",
    "Verdict",
    "chain",
    "check_claim",
    "claim",
    "clopper_pearson",
    "holds",
    "numeric",
    "refutes",
    "rounding_tolerance",
    "run",
    "source",
    "step",
]
