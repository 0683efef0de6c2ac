"""Searching for a violation where random sampling found none.

``candidates`` tries, in order: every point of a small all-integer box, then a quasi-random scan
and local maximisation of the violation over the real symbols (``checker.search_local``). It is
deterministic given the seed: the work is bounded by evaluation counts, and a time budget only
stops it early on a slow machine. Candidates are exact and lie inside every assumption and the
domain; they are not certified (the caller re-evaluates each at high precision before refuting).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy
from sympy import Integer, Integral, MatrixBase, Product, Rational, Sum, Symbol
from sympy.core.function import AppliedUndef
from sympy.stats.rv import RandomSymbol
from sympy.stats.symbolic_probability import Expectation, Probability, Variance

from checker import sampling
from checker.facts import Unsupported, facts, int_ok, kind
from checker.obligation import Obligation

BUDGET_S = 2.0  # the whole search, certification of its candidates included (the step limit is 20 s)
DIGITS = 30
EXHAUSTIVE_CAP = 10_000  # integer points evaluated one by one (≈0.2-1 s, see ``evaluations``)
MAX_CANDIDATES = 12  # certified one by one by the caller (~10-50 ms each)
MAX_OPS = 3000  # larger expressions are not searched (lambdify alone would take seconds)
TINY = mpmath.mpf(10) ** -20  # relative: below this a violation is noise at ``DIGITS`` digits
_SLOW = (Integral, Sum, Product, sympy.Limit, sympy.Derivative, sympy.Subs, Expectation, Probability, Variance,
         RandomSymbol, AppliedUndef, sympy.Order)


def _entries(e: Any) -> list[sympy.Expr]:
    return list(e) if isinstance(e, MatrixBase) else [sympy.sympify(e, strict=True)]


FUNCTION_COST = 8  # a function (sin, exp, log, ...) costs ~8 arithmetic operations at 30 digits


def cost(exprs: Sequence[sympy.Expr]) -> int:
    """Operations of one evaluation, functions weighted (~2 µs an operation with mpmath at 30 digits)."""
    funcs = sum(isinstance(n, sympy.Function) for e in exprs for n in sympy.preorder_traversal(e))
    return int(sum(sympy.count_ops(e) for e in exprs)) + FUNCTION_COST * funcs


def evaluations(ops: int) -> int:
    """Evaluations a search may spend on an expression of ``ops`` (weighted) operations: ~0.2-0.7 s."""
    return max(200, min(EXHAUSTIVE_CAP, 400_000 // (ops + 20)))


@dataclass(frozen=True)
class Violation:
    """How far ``lhs rel rhs`` fails at a point, relative to the sides' size: > 0 fails (for a strict
    relation a tie, 0, fails too), < 0 holds; ``None`` where a side is undefined or not comparable."""

    symbols: tuple[Symbol, ...]
    rel: str
    fn: Callable[..., Any]  # lambdified [lhs_1, rhs_1, lhs_2, rhs_2, ...], mpmath
    ops: int  # ``cost`` of one evaluation

    def at(self, args: Sequence[Any]) -> mpmath.mpf | None:
        with mpmath.workdps(DIGITS):
            try:
                sides = [mpmath.mpmathify(v) for v in self.fn(*args)]
            except Exception:  # noqa: BLE001 - a side undefined here (division by zero, domain error)
                return None
            worst = None
            for a, b in zip(sides[::2], sides[1::2], strict=True):
                if any(mpmath.isnan(v) or mpmath.isinf(v) for v in (a, b)):
                    return None
                scale = max(mpmath.mpf(1), abs(a), abs(b))
                if self.rel == "=":
                    gap = abs(a - b) / scale
                elif abs(mpmath.im(a)) > TINY * scale or abs(mpmath.im(b)) > TINY * scale:
                    return None  # a complex side: no order to violate here
                else:
                    x, y = (a, b) if self.rel in ("<=", "<") else (b, a)
                    gap = (mpmath.re(x) - mpmath.re(y)) / scale  # x <= y wanted
                worst = gap if worst is None else max(worst, gap)
            return worst

    def fails(self, v: mpmath.mpf | None) -> bool:
        """``v`` is worth certifying: a violation, or a tie under a strict relation."""
        return v is not None and (v > TINY or (self.rel in ("<", ">") and v >= -TINY))


def violation(ob: Obligation, symbols: Sequence[Symbol]) -> Violation | None:
    """The lambdified violation of ``ob`` over ``symbols``; ``None`` where it is not searchable."""
    if ob.rel == "!=":
        return None  # only an exact tie refutes "≠": nothing to maximise
    try:
        lhs, rhs = _entries(ob.lhs), _entries(ob.rhs)
    except sympy.SympifyError:
        return None
    if len(lhs) != len(rhs):
        return None
    ops = cost(lhs + rhs)
    if ops > MAX_OPS or any(e.has(*_SLOW) for e in lhs + rhs):
        return None
    flat = [e for pair in zip(lhs, rhs, strict=True) for e in pair]
    try:
        fn = sympy.lambdify(list(symbols), flat, modules="mpmath", dummify=True)
    except Exception:  # noqa: BLE001 - a construct the printer does not know
        return None
    return Violation(tuple(symbols), ob.rel, fn, ops)


def mp(v: sympy.Expr) -> Any:
    """An exact number as an mpmath value at ``DIGITS`` digits."""
    with mpmath.workdps(DIGITS):
        if v.is_Rational:
            return mpmath.mpf(v.p) / v.q
        re, im = v.as_real_imag()
        parts = [mpmath.mpf(p.p) / p.q if p.is_Rational else mpmath.mpf(sympy.N(p, DIGITS + 10)._mpf_) for p in (re, im)]
        return parts[0] if parts[1] == 0 else mpmath.mpc(*parts)


def _integer_box(syms: Sequence[Symbol], domain: Mapping[Symbol, Any], cap: int) -> list[tuple[int, ...]] | None:
    """Every point of an all-integer domain (bounds may depend on earlier symbols); ``None`` over ``cap``."""
    out: list[tuple[int, ...]] = []

    def walk(prefix: tuple[int, ...]) -> bool:
        if len(prefix) == len(syms):
            out.append(prefix)
            return len(out) <= cap
        sym = syms[len(prefix)]
        lo, hi = sampling.bounds(sym, domain, dict(zip(syms, map(Integer, prefix), strict=False)))
        if not (lo.is_number and hi.is_number) or lo.is_infinite or hi.is_infinite:
            return False
        a, b = int(sympy.ceiling(lo)), int(sympy.floor(hi))
        if b - a >= cap:
            return False
        f = facts(sym)
        return all(walk((*prefix, k)) for k in range(a, b + 1) if int_ok(f, k))

    return out if walk(()) else None


def _exhaustive(viol: Violation, ob: Obligation, deadline: float) -> list[tuple[Any, dict[Symbol, Any]]] | None:
    """Violated points of a small all-integer box, most violated first; ``None`` if not applicable."""
    syms = viol.symbols
    if not syms or any(kind(s) not in ("integer", "zero") for s in syms):
        return None
    box = _integer_box(syms, ob.domain, min(EXHAUSTIVE_CAP, evaluations(viol.ops)))
    if box is None:
        return None
    found = []
    with mpmath.workdps(DIGITS):
        for p in box:
            if time.perf_counter() > deadline:
                break
            v = viol.at([mpmath.mpf(k) for k in p])
            if viol.fails(v):
                found.append((v, p))
    found.sort(key=lambda vp: (-vp[0], vp[1]))
    points = ({s: Integer(k) for s, k in zip(syms, p, strict=True)} for _, p in found)
    return [(v, pt) for (v, _), pt in zip(found, points, strict=True) if sampling.within(pt, ob.domain) is None]


def _exact(point: Mapping[Symbol, Any]) -> bool:
    return all(isinstance(v, Integer | Rational) or (v.is_number and not v.free_symbols) for v in point.values())


def candidates(ob: Obligation, seed: int, *, budget_s: float = BUDGET_S) -> Iterator[dict[Symbol, Any]]:
    """Exact points (inside every assumption and the domain) where ``ob`` may fail, most violated
    first; the caller certifies them. Yields nothing for "≠", for unevaluated operators (Integral,
    Sum, ...), for very large expressions, and for symbols the sampler cannot honour."""
    deadline = time.perf_counter() + budget_s
    from checker import search_local  # numpy and scipy (imported inside the budget, only when a search runs)

    syms = sampling.ordered(sampling.free_symbols([ob.lhs, ob.rhs]), ob.domain)
    viol = violation(ob, syms) if syms else None  # no symbols: the probe has evaluated the one point
    if viol is None:
        return
    try:
        found = _exhaustive(viol, ob, deadline)
        if found is None:
            found = search_local.maximise(viol, ob.domain, seed, deadline)
    except Unsupported:
        return
    seen: list[dict[Symbol, Any]] = []
    for _, point in found:
        if len(seen) >= MAX_CANDIDATES or time.perf_counter() > deadline:
            return
        if point not in seen and _exact(point):
            seen.append(point)
            yield dict(point)
