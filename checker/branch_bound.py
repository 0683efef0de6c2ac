"""Certified interval branch-and-bound: ``d ≥ 0`` (or ``> 0``) over a bounded box, in arb ball arithmetic.

Each sub-box is a ball per symbol (midpoint ± radius covers the interval exactly or outward), and the
ball evaluator of ``checker.ball`` encloses ``d`` over it: arb propagates radii rigorously through
``+ − × ÷ ^`` and through the functions listed in ``FUNCTIONS``. A box is closed when the enclosure's
lower end is ≥ 0 (> 0 for strict), from the plain enclosure or from the centered (mean-value) form
``d(m) + Σ ∂ᵢd(X)·(Xᵢ − mᵢ)`` (smooth ``d`` only). Otherwise the box midpoint is tried as a violation
(an exact rational point, returned for the caller to confirm) and the box is split along its widest
side. A box that cannot be evaluated (a pole, a value undefined somewhere in it) is split too; nothing
is ever closed on an exception, so running out of ``budget`` boxes or ``seconds`` leaves it undecided.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy
from flint import acb, arb, ctx, fmpq

from checker import certified  # noqa: F401 - registers every ball handler
from checker.ball import Env, State, Undecidable, Undefined, Unsupported, evaluate, to_arb

__all__ = ["FUNCTIONS", "Outcome", "Box", "nonnegative", "supported", "smooth"]

PREC = 96
BUDGET = 40_000
SECONDS = 15.0
TAYLOR_ORDER = 8
# Functions whose arb implementations enclose the range over a ball (not just a point).
SMOOTH = (sympy.exp, sympy.sin, sympy.cos, sympy.tanh, sympy.erf, sympy.erfc, sympy.atan, sympy.sinh, sympy.cosh)
FUNCTIONS = (*SMOOTH, sympy.log, sympy.tan, sympy.Abs, sympy.Max, sympy.Min)
_CONSTANTS = (sympy.core.numbers.Pi, sympy.core.numbers.Exp1)

Box = dict[sympy.Symbol, tuple[Fraction, Fraction]]


@dataclass(frozen=True)
class Outcome:
    """``proved``: every box closed; ``point``: an exact point where ``d`` is certainly negative (or
    zero for strict), to be confirmed by the caller; else undecided after ``boxes`` boxes."""

    proved: bool
    point: dict[sympy.Symbol, sympy.Rational] | None
    boxes: int
    detail: str


def _atoms_ok(e: sympy.Basic, allowed: tuple[type, ...]) -> bool:
    for n in sympy.preorder_traversal(e):
        if n.is_Symbol or n.is_Number or isinstance(n, (sympy.Add, sympy.Mul, *_CONSTANTS)):
            continue
        if isinstance(n, sympy.Pow):
            continue
        if not isinstance(n, allowed):
            return False
    return True


def supported(e: sympy.Basic) -> bool:
    """Built only from arithmetic, constants and ``FUNCTIONS`` (whose ball versions are rigorous)."""
    return _atoms_ok(e, FUNCTIONS) and not e.has(sympy.I, sympy.zoo, sympy.oo, sympy.nan)


def smooth(e: sympy.Basic) -> bool:
    """Infinitely differentiable on all of ℝⁿ: arithmetic without division by (or roots of) a variable."""
    if not _atoms_ok(e, SMOOTH) or e.has(sympy.I, sympy.zoo, sympy.oo, sympy.nan):
        return False
    for n in sympy.preorder_traversal(e):
        if isinstance(n, sympy.Pow) and n.free_symbols:
            if n.base.free_symbols and not (n.exp.is_Integer and n.exp >= 0):
                return False
            if not n.base.free_symbols and n.base.is_positive is not True:
                return False
    return True


def _ball(lo: Fraction, hi: Fraction) -> arb:
    """A ball containing [lo, hi]: the hull of balls around both ends (arb rounds outward)."""
    with ctx.workprec(PREC):
        a = arb(fmpq(lo.numerator, lo.denominator))
        return a if lo == hi else a.union(arb(fmpq(hi.numerator, hi.denominator)))


def _enclose(e: sympy.Expr, values: Mapping[sympy.Symbol, arb]) -> arb | None:
    """A real ball containing ``e`` over the box, or ``None`` (not evaluable, or possibly complex)."""
    state = State(PREC)
    try:
        with ctx.workprec(PREC):
            v = evaluate(e, Env(dict(values), state))
    except (Undefined, Undecidable, Unsupported, ZeroDivisionError, ValueError):
        return None
    if not state.certified:
        return None
    if isinstance(v, acb):
        if not (v.imag.is_exact() and v.imag.is_zero()):
            return None
        v = v.real
    v = to_arb(v)
    return v if v.is_finite() else None


@dataclass(frozen=True)
class _Problem:
    d: sympy.Expr
    grad: tuple[tuple[sympy.Symbol, sympy.Expr], ...]  # empty unless ``d`` is smooth
    strict: bool
    derivatives: list[sympy.Expr]  # d, d', d'', ... of a smooth one-variable ``d`` (grown on demand)
    ends: tuple[Fraction, ...] = ()  # the domain's ends, where Taylor forms are tried

    def good(self, v: arb) -> bool:
        return bool(v > 0) if self.strict else bool(v >= 0)

    def bad(self, v: arb) -> bool:
        return bool(v <= 0) if self.strict else bool(v < 0)

    def derivative(self, k: int, s: sympy.Symbol) -> sympy.Expr:
        while len(self.derivatives) <= k:
            self.derivatives.append(sympy.diff(self.derivatives[-1], s))
        return self.derivatives[k]


def _low_term(c: arb, power: Fraction, nonneg: bool) -> arb:
    """A lower bound of c·tʲ/j! over tʲ ∈ [0, power] (``nonneg``) or [−power, 0]; ``c`` includes 1/j!."""
    with ctx.workprec(PREC):
        p = arb(fmpq(power.numerator, power.denominator))
        m = (arb(c.lower()) * p).lower() if nonneg else (-arb(c.upper()) * p).lower()
        return m if m < 0 else arb(0)


def _taylor_end(pb: _Problem, s: sympy.Symbol, lo: Fraction, hi: Fraction, left: bool, ball: arb) -> bool:
    """Taylor's theorem at one end e of a 1-D box: d(x) = Σ_{j<k} d⁽ʲ⁾(e) tʲ/j! + d⁽ᵏ⁾(ξ) tᵏ/k!, t = x − e,
    bounded below term by term. Closes boxes that touch a zero of ``d`` at a domain end."""
    end = lo if left else hi
    at = {s: _ball(end, end)}
    w = hi - lo
    total = arb(0)
    for k in range(TAYLOR_ORDER + 1):
        nonneg = left or k % 2 == 0
        rem = _enclose(pb.derivative(k, s), {s: ball})
        if rem is not None:
            with ctx.workprec(PREC):
                bound = total + _low_term(rem / _factorial(k), w**k, nonneg)
            if bool(bound > 0) if pb.strict else bool(bound >= 0):
                return True
        v = _enclose(pb.derivative(k, s), at)
        if v is None:
            return False
        with ctx.workprec(PREC):
            total = total + _low_term(v / _factorial(k), w**k, nonneg)
    return False


def _factorial(k: int) -> int:
    out = 1
    for j in range(2, k + 1):
        out *= j
    return out


def _closed(pb: _Problem, box: Box) -> tuple[bool, float]:
    """Whether the box is closed, and a priority (the enclosure's lower end: lower splits first)."""
    balls = {s: _ball(lo, hi) for s, (lo, hi) in box.items()}
    plain = _enclose(pb.d, balls)
    if plain is not None and pb.good(plain):
        return True, 0.0
    low = float(plain.lower()) if plain is not None else -1e300
    if pb.grad:
        mid = {s: _ball((lo + hi) / 2, (lo + hi) / 2) for s, (lo, hi) in box.items()}
        centre = _enclose(pb.d, mid)
        parts = [centre]
        for s, g in pb.grad:
            gv = _enclose(g, balls)
            parts.append(None if gv is None else gv * (balls[s] - mid[s]))
        if all(p is not None for p in parts):
            with ctx.workprec(PREC):
                total = sum(parts[1:], parts[0])
            if pb.good(total):
                return True, 0.0
            low = max(low, float(total.lower()))
        if len(box) == 1 and pb.ends:
            ((s, (lo, hi)),) = box.items()
            for left in (True, False):
                if (lo if left else hi) in pb.ends and _taylor_end(pb, s, lo, hi, left, balls[s]):
                    return True, 0.0
    return False, low


def _split(box: Box) -> tuple[Box, Box]:
    s = max(box, key=lambda k: box[k][1] - box[k][0])
    lo, hi = box[s]
    m = (lo + hi) / 2
    return {**box, s: (lo, m)}, {**box, s: (m, hi)}


def _violation(pb: _Problem, box: Box) -> dict[sympy.Symbol, sympy.Rational] | None:
    point = {s: (lo + hi) / 2 for s, (lo, hi) in box.items()}
    v = _enclose(pb.d, {s: _ball(q, q) for s, q in point.items()})
    if v is not None and pb.bad(v):
        return {s: sympy.Rational(q.numerator, q.denominator) for s, q in point.items()}
    return None


def nonnegative(d: sympy.Expr, box: Box, strict: bool = False, budget: int = BUDGET,
                seconds: float = SECONDS, start: float | None = None) -> Outcome:
    """Whether ``d ≥ 0`` (``> 0``) on every point of ``box`` (closed intervals of exact rationals)."""
    if not supported(d) or not box or any(hi < lo for lo, hi in box.values()):
        return Outcome(False, None, 0, "outside the functions branch-and-bound encloses")
    syms = tuple(sorted(box, key=lambda s: s.name))
    grad: tuple[tuple[sympy.Symbol, sympy.Expr], ...] = ()
    if smooth(d):
        try:
            grad = tuple((s, sympy.diff(d, s)) for s in syms)
        except Exception:  # noqa: BLE001 - no derivative: the plain enclosure alone
            grad = ()
    ends = tuple(next(iter(box.values()))) if len(box) == 1 and grad else ()
    pb = _Problem(d, grad, strict, [d], ends)
    t0 = time.perf_counter() if start is None else start
    heap: list[tuple[float, int, Box]] = [(0.0, 0, dict(box))]
    count = 0
    order = itertools.count(1)
    while heap:
        if count >= budget or time.perf_counter() - t0 > seconds:
            return Outcome(False, None, count, f"budget spent after {count} boxes")
        _, _, b = heapq.heappop(heap)
        count += 1
        done, low = _closed(pb, b)
        if done:
            continue
        point = _violation(pb, b)
        if point is not None:
            return Outcome(False, point, count, f"violation at the midpoint of box {count}")
        for half in _split(b):
            heapq.heappush(heap, (low, next(order), half))
    return Outcome(True, None, count, f"{count} boxes enclosed in arb ({PREC} bits)")


def rational_box(domain: Mapping[sympy.Symbol, tuple[Any, Any]], syms: set[sympy.Symbol]) -> Box | None:
    """The domain as a box of exact rationals (irrational ends rounded outward), or ``None`` if unbounded."""
    out: Box = {}
    for s in syms:
        if s not in domain:
            return None
        lo, hi = (sympy.sympify(b) for b in domain[s])
        if lo.free_symbols or hi.free_symbols or not (lo.is_finite and hi.is_finite):
            return None
        out[s] = (_outward(lo, down=True), _outward(hi, down=False))
    return out


def _outward(v: sympy.Expr, down: bool) -> Fraction:
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    with ctx.workprec(128):
        from checker.certified import enclose

        b = enclose(v).value.real
        end = b.lower() if down else b.upper()
        m, e = (int(t) for t in end.mid().man_exp())
    return Fraction(m * 2**e) if e >= 0 else Fraction(m, 2**-e)
