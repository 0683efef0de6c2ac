"""The probe: both sides of a step evaluated at random points inside the assumptions and domain.

It finds counterexamples (confirmed by a second, independent evaluation) and gives the agreement that
a symbolic zero must be backed by before a step is proved.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy
from sympy import Integral, MatrixBase, Product, Sum
from sympy.stats.symbolic_probability import Expectation, Probability, Variance

from checker import sampling
from checker.model import Counterexample
from checker.obligation import Obligation

DIGITS = 50
CONFIRM_DIGITS = 35
PROBE_POINTS = 6
SLOW_PROBE_POINTS = 2
_AGREE = mpmath.mpf(10) ** -(DIGITS - 12)
_DIFFER = mpmath.mpf(10) ** -25
_CONFIRM = mpmath.mpf(10) ** -15
_UNEVALUATED = (Sum, Product, Integral, sympy.Derivative, sympy.Limit, Expectation, Probability, Variance)


def _entries(e: Any) -> list[Any]:
    return list(e) if isinstance(e, MatrixBase) else [sympy.sympify(e)]


_MAX_TERMS = 100_000


def _is_finite_sum(e: Any) -> bool:
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return False
    _, lo, hi = e.limits[0]
    return lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < _MAX_TERMS


def _expand_finite_sums(v: sympy.Basic) -> sympy.Basic:
    """Write out sums with numeric limits term by term (``doit`` first tries closed forms, ~1 s)."""

    def terms(e: Sum) -> sympy.Expr:
        i, lo, hi = e.limits[0]
        return sympy.Add(*[e.function.xreplace({i: sympy.Integer(j)}) for j in range(int(lo), int(hi) + 1)])

    return v.replace(_is_finite_sum, terms) if v.has(Sum) else v


def _value(expr: Any, point: Mapping[sympy.Symbol, Any], digits: int) -> mpmath.mpc | None:
    """``expr`` at ``point`` to ``digits`` digits, or ``None`` where it is undefined."""
    v = sympy.sympify(expr)
    if v.has(sympy.Derivative, sympy.Subs):  # differentiate first: the variable must stay a symbol
        v = v.doit()
    v = _expand_finite_sums(v.xreplace(dict(point)))
    if v.has(*_UNEVALUATED):
        v = v.doit()
    v = sympy.N(v, digits)
    if v.free_symbols or v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    re, im = v.as_real_imag()
    if not (re.is_number and im.is_number):
        return None
    with mpmath.workdps(digits + 10):
        return mpmath.mpc(mpmath.mpf(str(sympy.N(re, digits))), mpmath.mpf(str(sympy.N(im, digits))))


def _gap(rel: str, a: mpmath.mpc, b: mpmath.mpc) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(violation size, scale): positive violation means ``a rel b`` fails at this point."""
    scale = max(mpmath.mpf(1), abs(a), abs(b))
    if rel == "=":
        return abs(a - b), scale
    if rel == "!=":
        return -abs(a - b), scale  # never a numeric violation: only an exact tie refutes "≠"
    if abs(a.imag) > _AGREE * scale or abs(b.imag) > _AGREE * scale:
        return mpmath.inf, scale
    x, y = (a.real, b.real) if rel in ("<=", "<") else (b.real, a.real)
    return x - y, scale  # x <= y wanted


def _fmt(v: mpmath.mpc, digits: int) -> str:
    if abs(v.imag) <= _AGREE * max(1, abs(v)):
        return mpmath.nstr(v.real, digits)
    return mpmath.nstr(v, digits)


def _compare_at(ob: Obligation, point: Mapping[sympy.Symbol, Any], digits: int) -> list[tuple[Any, Any, mpmath.mpf, mpmath.mpf, mpmath.mpc, mpmath.mpc]] | None:
    lhs, rhs = _entries(ob.lhs), _entries(ob.rhs)
    rows = []
    for a_e, b_e in zip(lhs, rhs, strict=True):
        a, b = _value(a_e, point, digits), _value(b_e, point, digits)
        if a is None or b is None:
            return None
        gap, scale = _gap(ob.rel, a, b)
        rows.append((a_e, b_e, gap, scale, a, b))
    return rows


def _counterexample(ob: Obligation, point: Mapping[sympy.Symbol, Any]) -> Counterexample | None:
    """Confirm a violation at ``point`` with an independent evaluation at ``CONFIRM_DIGITS``."""
    rows = _compare_at(ob, point, CONFIRM_DIGITS)
    if rows is None:
        return None
    worst = max(rows, key=lambda r: r[2] / r[3])
    if not worst[2] > _CONFIRM * worst[3]:
        return _exact_tie(ob, point, rows)
    values = {s.name: str(v) for s, v in point.items()}
    return Counterexample(values, _fmt(worst[4], 20), _fmt(worst[5], 20), CONFIRM_DIGITS)


STRICT = ("<", ">", "!=")


def _exact_tie(ob: Obligation, point: Mapping[sympy.Symbol, Any], rows: list[Any]) -> Counterexample | None:
    """For a strict relation, sides that are *exactly* equal at ``point`` refute it."""
    if ob.rel not in STRICT:
        return None
    for a_e, b_e, _, scale, a, b in rows:
        if abs(a - b) > _DIFFER * scale:
            continue
        d = (sympy.sympify(a_e) - sympy.sympify(b_e)).xreplace(dict(point))
        if d.has(*_UNEVALUATED):
            d = d.doit()
        # a symbolic zero at a point where both sides agree to 50 digits: the same standard as "proved"
        if d == 0 or d.is_zero is True or sympy.simplify(d) == 0:
            values = {s.name: str(v) for s, v in point.items()}
            return Counterexample(values, _fmt(a, 20), _fmt(b, 20), CONFIRM_DIGITS)
    return None


@dataclass(frozen=True)
class Probe:
    agreeing: int
    counterexample: Counterexample | None
    unclear: int


def probe(ob: Obligation, seed: int, points: int = PROBE_POINTS) -> Probe:
    """Evaluate both sides at random domain points (and at the witness, if any)."""
    if ob.witness is not None:
        why = sampling.within(ob.witness, ob.domain)
        if why is not None:
            raise ValueError(f"witness lies outside the domain: {why}")
        exact = {k: sympy.Integer(v) if isinstance(v, int) else v for k, v in ob.witness.items()}
        if not all(isinstance(v, sympy.Basic) for v in exact.values()):
            raise ValueError("witness values must be ints or exact SymPy numbers")
        cx = _counterexample(ob, exact)
        return Probe(0, cx, 0 if cx else 1)
    syms = sampling.ordered(sampling.free_symbols([ob.lhs, ob.rhs]), ob.domain)
    if any(sympy.sympify(x).has(Integral, Expectation, Probability, Variance) for x in _entries(ob.lhs) + _entries(ob.rhs)):
        points = min(points, SLOW_PROBE_POINTS)  # each point is a 50-digit quadrature (~1 s)
    rng = random.Random(seed)
    agreeing = unclear = 0
    tries = points if not syms else points * 4
    seen: set[tuple[Any, ...]] = set()
    for _ in range(tries):
        if agreeing >= points or (not syms and agreeing + unclear):
            break
        point = sampling.draw(syms, ob.domain, rng)
        if point is None or tuple(point.values()) in seen:
            continue
        seen.add(tuple(point.values()))
        rows = _compare_at(ob, point, DIGITS)
        if rows is None:
            continue
        near_tie = ob.rel in STRICT and any(abs(a - b) <= _DIFFER * sc for _, _, _, sc, a, b in rows)
        if any(gap > _DIFFER * scale for _, _, gap, scale, _, _ in rows) or near_tie:
            cx = _counterexample(ob, point)
            if cx is not None:
                return Probe(agreeing, cx, unclear)
            unclear += 1
        elif ob.rel in ("=",) and any(gap > _AGREE * scale for _, _, gap, scale, _, _ in rows):
            unclear += 1
        else:
            agreeing += 1
    return Probe(agreeing, None, unclear)
