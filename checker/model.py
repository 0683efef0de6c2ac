"""Frozen value objects: what a claim declares and what checking it produced."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Verdict(str, enum.Enum):
    """Three-valued verdict on a statement, plus ``error`` for a broken claim.

    ``recorded``: an erratum that is not a mathematical statement; recorded, not checked. It is what an
    erratum-only claim (declared ``refuted``) gets, and never counts as proved.
    """

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    ERROR = "error"
    RECORDED = "recorded"


class Outcome(str, enum.Enum):
    """Result of one numeric confirmation."""

    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"
    SKIPPED = "skipped"


RELATIONS = ("=", "<=", "<", ">=", ">", "!=")
ASYMPTOTIC = ("~", "O", "≈")  # along a limit (``~``, ``O``) or within a tolerance over a range (``≈``)


@dataclass(frozen=True)
class Approx:
    """``|lhs − rhs| ≤ abs_tol + rel_tol·|rhs|`` for every point of ``over`` (a domain, merged into the claim's)."""

    rel_tol: Any = 0
    abs_tol: Any = 0
    over: Mapping[Any, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """A cited document and the sentence quoted from it.

    ``file`` as the author wrote it; ``path`` where it was found (a file, or the URL); ``role`` what the
    document does with the statement ("states", "misquotes", …); ``title`` its first line.
    """

    file: str
    quote: str
    path: str = ""
    role: str = "states"
    title: str = ""


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``<previous> rel expr``, justified by ``by``."""

    expr: Any
    by: str
    rel: str = "="
    conditions: tuple[str, ...] = ()
    given: tuple[Any, ...] = ()  # hypotheses (SymPy relations) this step may use, besides the claim's
    along: tuple[Any, Any] | None = None  # ``(N, oo)``: the limit of a ``~`` or ``O`` step
    approx: Approx | None = None  # the tolerance and range of a ``≈`` step


@dataclass(frozen=True)
class Chain:
    """A derivation ``start rel_1 e_1 rel_2 e_2 ...``; each link is one obligation."""

    title: str
    start: Any
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Refutation:
    """A source statement, universally quantified over ``domain``, expected to be false."""

    lhs: Any
    rel: str
    rhs: Any
    by: str
    witness: Mapping[Any, Any] | None
    correction: str


@dataclass(frozen=True)
class NumericCheck:
    """A confirmation against real PyTorch, run once per device x dtype."""

    name: str
    fn: Callable[..., None]
    dtypes: tuple[str, ...] = ("float64", "float32")


@dataclass(frozen=True)
class Claim:
    """A claim of a source document, stated precisely, with its derivation and checks."""

    id: str
    title: str
    source: Source
    statement: str
    assumptions: tuple[str, ...]
    domain: Mapping[Any, tuple[Any, Any]]
    proof: tuple[Chain, ...]
    numeric: tuple[NumericCheck, ...]
    expect: Verdict
    refutes: Refutation | None = None
    uses: tuple[str, ...] = ()
    erratum: str | None = None
    perturbations: Mapping[str, Callable[[], Claim]] = field(default_factory=dict)
    origin: str = ""
    sources: tuple[Source, ...] = ()  # every citation, the primary ``source`` first
    figure: Callable[[], Any] | None = None  # draws the claim's matplotlib figure (``derive plot``)
    given: tuple[Any, ...] = ()  # hypotheses (SymPy relations) every step may use


@dataclass(frozen=True)
class Counterexample:
    """Values of the free symbols at which the two sides differ, checked at high precision."""

    values: Mapping[str, str]
    lhs: str
    rhs: str
    digits: int
    certified: bool = True  # False: an mpmath estimate was involved (then confirmed by a second evaluation)

    def to_json(self) -> dict[str, Any]:
        return {"values": dict(self.values), "lhs": self.lhs, "rhs": self.rhs, "digits": self.digits}

    def describe(self) -> str:
        if not self.values:
            return f"lhs={self.lhs}, rhs={self.rhs}"
        at = ", ".join(f"{k}={v}" for k, v in sorted(self.values.items()))
        return f"at {at}: lhs={self.lhs}, rhs={self.rhs}"


@dataclass(frozen=True)
class StepResult:
    """Verdict on one obligation ``lhs rel rhs``."""

    chain: str
    index: int
    lhs: str
    rel: str
    rhs: str
    by: str
    verdict: Verdict
    strategy: str | None
    seconds: float
    detail: str = ""
    counterexample: Counterexample | None = None
    role: str = "proof"
    cached: bool = False
    trivial: bool = False  # both sides are the same expression: true, but it checks nothing
    cached_at: str = ""  # when the cached verdict was computed (ISO-8601 UTC)
    method: str = ""  # how a proved step was proved, e.g. "polynomial over QQ" or "rewrite + probe"
    certified: bool = False  # proved exactly (or with certified bounds), not by probe agreement
    given: tuple[str, ...] = ()  # the hypotheses the step was proved under, as text

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "index": self.index,
            "role": self.role,
            "lhs": self.lhs,
            "rel": self.rel,
            "rhs": self.rhs,
            "by": self.by,
            "verdict": self.verdict.value,
            "strategy": self.strategy,
            "seconds": round(self.seconds, 4),
            "detail": self.detail,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "cached": self.cached,
            "trivial": self.trivial,
            "cached_at": self.cached_at,
            "method": self.method,
            "certified": self.certified,
            "given": list(self.given),
        }


@dataclass(frozen=True)
class NumericResult:
    """One numeric confirmation on one device and dtype."""

    check: str
    name: str
    device: str
    dtype: str
    seed: int
    outcome: Outcome
    expected: Outcome
    max_error: float | None
    tolerance: str
    detail: str = ""
    cached_at: str = ""  # set when read from the cache: when it was computed (ISO-8601 UTC)

    @property
    def ok(self) -> bool:
        return self.outcome is self.expected or self.outcome is Outcome.SKIPPED

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "name": self.name,
            "device": self.device,
            "dtype": self.dtype,
            "seed": self.seed,
            "outcome": self.outcome.value,
            "expected": self.expected.value,
            "ok": self.ok,
            "max_error": self.max_error,
            "tolerance": self.tolerance,
            "detail": self.detail,
            "cached_at": self.cached_at,
        }


@dataclass(frozen=True)
class ClaimResult:
    """Everything checking one claim produced; reporters consume this and nothing else."""

    id: str
    title: str
    status: Verdict
    expected: Verdict
    ok: bool
    steps: tuple[StepResult, ...]
    numeric: tuple[NumericResult, ...]
    source: Source
    seconds: float
    reason: str = ""
    reproduce: str = ""
    uses: tuple[str, ...] = ()
    erratum: str | None = None
    origin: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "expected": self.expected.value,
            "ok": self.ok,
            "reason": self.reason,
            "steps": [s.to_json() for s in self.steps],
            "numeric": [n.to_json() for n in self.numeric],
            "source": {
                "file": self.source.file, "quote": self.source.quote, "path": self.source.path,
                "role": self.source.role, "title": self.source.title,
            },
            "uses": list(self.uses),
            "erratum": self.erratum,
            "seconds": round(self.seconds, 4),
            "reproduce": self.reproduce,
        }
