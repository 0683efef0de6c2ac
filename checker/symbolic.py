"""Step verification: the probe first, cheap exact rewrites next, ``simplify`` last.

*Proved* needs a symbolic zero (or a sign fact) **and** agreement of both sides at ``DIGITS``
digits at random points inside the domain. *Refuted* needs a point inside the domain where the
sides differ, confirmed by a second evaluation at ``CONFIRM_DIGITS`` digits. Anything else is
*undecided*. Timeouts are the caller's job (see ``checker.isolation``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import sympy
from sympy import MatrixBase, Sum
from sympy.simplify.simplify import sum_simplify

from checker import search
from checker.model import Counterexample, Verdict
from checker.obligation import Obligation, Verification
from checker.probe import (
    _UNEVALUATED,
    CONFIRM_DIGITS,
    DIGITS,
    PROBE_POINTS,
    SLOW_PROBE_POINTS,
    _counterexample,
    _entries,
    probe,
)

__all__ = ["CONFIRM_DIGITS", "DIGITS", "PROBE_POINTS", "SLOW_PROBE_POINTS", "Obligation", "Verification", "verify"]


def _sum_terms(e: sympy.Expr) -> sympy.Expr:
    """Merge sums with equal limits so that a termwise identity shows up as a zero summand."""
    merged = sum_simplify(sympy.expand(e))
    if isinstance(merged, Sum):
        return merged.function
    return merged


def _doit(e: sympy.Expr) -> sympy.Expr:
    return e.doit() if e.has(*_UNEVALUATED) else e


Rewrite = Callable[[sympy.Expr], sympy.Expr]

# Cheap targeted rewrites first, ``simplify`` last.
STRATEGIES: tuple[tuple[str, Rewrite], ...] = (
    ("as written", lambda e: e),
    ("termwise", _sum_terms),
    ("doit", _doit),
    ("expand", lambda e: sympy.expand(_doit(e))),
    ("expand(trig)", lambda e: sympy.expand(_doit(e), trig=True)),
    ("cancel", lambda e: sympy.cancel(_doit(e))),
    ("together", lambda e: sympy.together(_doit(e))),
    ("trigsimp", lambda e: sympy.trigsimp(_doit(e))),
    ("factor", lambda e: sympy.factor(_doit(e))),
    ("simplify", lambda e: sympy.simplify(_doit(e))),
)
STRATEGY_NAMES = tuple(name for name, _ in STRATEGIES)


def _is_zero(e: sympy.Expr) -> bool:
    return e == 0 or e.is_zero is True


def _holds_sign(e: sympy.Expr, strict: bool) -> bool:
    return (e.is_positive if strict else e.is_nonnegative) is True


def _close_entry(diff: sympy.Expr, rel: str, strategies: tuple[str, ...]) -> str | None:
    strict = rel in ("<", ">")
    for name, rewrite in STRATEGIES:
        if name not in strategies or (name == "termwise" and not diff.has(Sum)):
            continue
        if name in ("doit",) and not diff.has(*_UNEVALUATED):
            continue
        try:
            form = rewrite(diff)
        except Exception:  # noqa: BLE001 - a strategy that breaks just does not close the step
            continue
        if rel == "=" and _is_zero(form):
            return name
        if rel == "!=":
            if form.is_nonzero is True:
                return name
            continue
        if rel != "=" and (_holds_sign(form, strict) or (not strict and _is_zero(form))):
            return name
    if rel != "=" and not diff.free_symbols:
        from checker.probe import certified_sign  # a number-valued step: its certified enclosure decides

        return certified_sign(diff, rel)
    return None


def _difference(ob: Obligation) -> list[sympy.Expr]:
    lhs, rhs = _entries(ob.lhs), _entries(ob.rhs)
    if ob.rel in ("=", "!="):
        return [a - b for a, b in zip(lhs, rhs, strict=True)]
    if ob.rel in ("<=", "<"):
        return [b - a for a, b in zip(lhs, rhs, strict=True)]
    return [a - b for a, b in zip(lhs, rhs, strict=True)]


def _shape(e: Any) -> tuple[int, ...]:
    return e.shape if isinstance(e, MatrixBase) else ()


def verify(ob: Obligation, seed: int = 0, strategies: tuple[str, ...] = STRATEGY_NAMES) -> Verification:
    """Three-valued verdict on one obligation."""
    if _shape(ob.lhs) != _shape(ob.rhs):
        cx = Counterexample({}, f"shape {_shape(ob.lhs)}", f"shape {_shape(ob.rhs)}", 0)
        return Verification(Verdict.REFUTED, "shape", "the two sides have different shapes", cx)
    if isinstance(ob.lhs, MatrixBase) and ob.rel != "=":
        return Verification(Verdict.UNDECIDED, None, "an order relation between matrices is not supported")
    random.seed(seed)  # SymPy's assumption system draws from the global generator
    t0 = time.perf_counter()
    found = probe(ob, seed)
    probe_s = time.perf_counter() - t0
    if found.counterexample is not None:
        return Verification(Verdict.REFUTED, "probe", f"probe found a violation ({probe_s:.3f}s)", found.counterexample)
    if ob.witness is not None:
        return Verification(Verdict.UNDECIDED, None, "the witness does not violate the statement")
    if found.agreeing == 0:
        why = "sides disagree slightly" if found.unclear else "no probe point where both sides are defined"
        return Verification(Verdict.UNDECIDED, None, f"probe inconclusive: {why}")
    used: list[str] = []
    for diff in _difference(ob):
        name = _close_entry(diff, ob.rel, strategies)
        if name is None:
            for point in search.candidates(ob, seed):
                cx = _counterexample(ob, point)
                if cx is not None:
                    return Verification(Verdict.REFUTED, "search", "a search found a violation", cx)
            return Verification(
                Verdict.UNDECIDED, None, f"agrees at {found.agreeing} points to {DIGITS} digits; no strategy closed it"
            )
        if name not in used:
            used.append(name)
    detail = f"{found.agreeing} probe points agree to {DIGITS} digits"
    return Verification(Verdict.PROVED, "+".join(used), detail)
