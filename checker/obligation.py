"""What one step must establish, and what checking it found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from checker.model import Counterexample, Verdict

# The rewrite strategies of ``checker.symbolic``, in order (kept here so that building tasks and cache
# keys does not import the prover; tests/unit/test_symbolic.py checks that the two agree).
STRATEGY_NAMES = (
    "as written", "termwise", "linearity", "pull factor out", "split range", "shift index", "laws", "doit", "expand", "expand(trig)", "cancel", "together", "trigsimp", "factor",
    "simplify",
)


@dataclass(frozen=True)
class Obligation:
    """``lhs rel rhs`` for every point of ``domain`` (and of the symbols' assumptions) where ``given`` holds."""

    lhs: Any
    rel: str
    rhs: Any
    domain: Mapping[sympy.Symbol, tuple[Any, Any]]
    witness: Mapping[sympy.Symbol, Any] | None = None
    given: tuple[Any, ...] = ()  # hypotheses (SymPy relations): the statement is claimed where they hold
    along: tuple[Any, Any] | None = None  # ``(N, point)`` for the asymptotic relations ``~`` and ``O``


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    strategy: str | None
    detail: str
    counterexample: Counterexample | None = None
    method: str = ""  # how a proved step was proved: a complete procedure, "rewrite + probe", "enclosure"
    certified: bool = False  # proved by an exact (or certified) procedure on its own, not by probe agreement
