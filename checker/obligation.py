"""What one step must establish, and what checking it found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from checker.model import Counterexample, Verdict


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
