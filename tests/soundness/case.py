"""The shape of an adversarial case: a statement, its true truth value, and what a sound engine may answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PROVED, REFUTED, UNDECIDED = "proved", "refuted", "undecided"

CLASSES = {
    0: "hard true statement (no specific failure class; must never be refuted)",
    1: "precision loss in constants",
    2: "probe is not independent of SymPy's closed forms",
    3: "sums: conventions, dummy assumptions, size",
    4: "sampler and witnesses ignore assumptions",
    5: "nondeterminism",
    6: "symbol names",
    7: "narrow violations",
}


@dataclass(frozen=True)
class Case:
    """One step ``lhs rel rhs`` over ``domain`` (and the symbols' assumptions).

    ``truth`` is the statement's real truth value, established independently (see ``notes`` and
    ``oracle``). ``strict`` is the verdict the engine should reach once ``feature`` lands; it is
    tracked with a non-strict xfail, never required.
    """

    id: str
    cls: int
    lhs: Any
    rel: str
    rhs: Any
    truth: bool
    notes: str
    domain: Mapping[Any, tuple[Any, Any]] = field(default_factory=dict)
    strict: str | None = None
    feature: str = ""
    oracle: Callable[[], bool] | None = None
    timeout: float = 30.0

    @property
    def sound(self) -> frozenset[str]:
        """Verdicts that are not wrong: a true statement is never refuted, a false one never proved."""
        return frozenset({PROVED, UNDECIDED} if self.truth else {REFUTED, UNDECIDED})


@dataclass(frozen=True)
class WitnessCase:
    """A ``refutes(...)`` declaration whose witness violates its symbols' assumptions (or is valid, for controls).

    ``valid`` False: the refutation must not be accepted (InvalidClaim at declaration, or a status
    other than refuted). ``valid`` True: a control, which must still come out refuted.
    """

    id: str
    cls: int
    lhs: Any
    rel: str
    rhs: Any
    witness: Mapping[Any, Any]
    valid: bool
    notes: str
    domain: Mapping[Any, tuple[Any, Any]] = field(default_factory=dict)
