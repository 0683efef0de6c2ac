"""derive: a symbolic derivation checker for the mathematics of Transformers.

The public API, imported lazily (PEP 562): ``derive list`` and ``derive --help`` never pay for SymPy.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Claim": "checker.model",
    "ClaimResult": "checker.model",
    "Counterexample": "checker.model",
    "NumericContext": "checker.numerical",
    "approx": "checker.declare",
    "asymptotic": "checker.declare",
    "recurrence": "checker.induction",
    "NumericResult": "checker.model",
    "Options": "checker.runner",
    "Outcome": "checker.model",
    "Source": "checker.model",
    "StepResult": "checker.model",
    "Tolerance": "checker.numerical",
    "Verdict": "checker.model",
    "chain": "checker.declare",
    "check_claim": "checker.runner",
    "claim": "checker.declare",
    "clopper_pearson": "checker.numerical",
    "holds": "checker.declare",
    "numeric": "checker.declare",
    "refutes": "checker.declare",
    "rounding_tolerance": "checker.numerical",
    "run": "checker.runner",
    "source": "checker.declare",
    "step": "checker.declare",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'checker' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
