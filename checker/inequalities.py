"""Inequality strategies, tried after the cheap rewrites fail on a step ``big ≥ small`` (or ``>``).

In order: a named lemma (``checker.lemmas``); splitting ``r − c·|g|`` (c > 0, g real) into ``r ∓ c·g``;
then, on ``d = big − small`` (``nonnegative``): sign facts on the shifted variables, a sum-of-squares
certificate (``checker.sos``), certified branch-and-bound on a bounded box (``checker.branch_bound``),
monotonicity (``checker.monotone``), and for one unbounded variable a bounded core by branch-and-bound
plus tails by monotonicity or by explicit envelopes (``checker.tails``). Each proof says whether it is
certified: everything but SymPy's sign facts is. Branch-and-bound may instead find a point where
``d`` is certainly negative, which the caller confirms as a counterexample.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from checker import branch_bound, lemmas, sos, tails
from checker.facts import facts, kind, sign_limits
from checker.monotone import Interval, Step, increasing_from

__all__ = ["Found", "close"]

SECONDS = 12.0  # for all of one step's inequality strategies
DEPTH = 3  # derivatives deep, for monotonicity
TAIL_STARTS = (8, 32)
_REAL_KINDS = ("real", "integer", "irrational", "zero")


@dataclass(frozen=True)
class Found:
    """A proof (``name``, ``certified``, ``detail``), or a candidate violation ``point``."""

    name: str
    certified: bool
    detail: str
    point: dict[sympy.Symbol, sympy.Rational] | None = None


class _Violation(Exception):
    def __init__(self, point: dict[sympy.Symbol, sympy.Rational]) -> None:
        super().__init__("violation")
        self.point = point


@dataclass(frozen=True)
class _Context:
    deadline: float

    def left(self) -> float:
        return self.deadline - time.perf_counter()


def _interval(s: sympy.Symbol, domain: Mapping[sympy.Symbol, tuple[Any, Any]]) -> Interval | None:
    if not isinstance(s, sympy.Symbol) or kind(s) not in _REAL_KINDS:
        return None
    lo, hi = (sympy.sympify(b) for b in domain.get(s, (-sympy.oo, sympy.oo)))
    if lo.free_symbols or hi.free_symbols:
        return None
    low, high = sign_limits(facts(s))
    if low == 0 and (lo.is_infinite or lo < 0):
        lo = sympy.S.Zero
    if high == 0 and (hi.is_infinite or hi > 0):
        hi = sympy.S.Zero
    return Interval(lo, hi)


def _shifted(d: sympy.Expr, ivs: Mapping[sympy.Symbol, Interval]) -> tuple[sympy.Expr, set[sympy.Symbol]]:
    """``d`` with x = lo + t (or hi − t), t ≥ 0, per variable; the nonnegative new variables."""
    swap: dict[sympy.Symbol, sympy.Expr] = {}
    nonneg = set()
    for s, iv in ivs.items():
        if iv.lo.is_infinite and iv.hi.is_infinite:
            swap[s] = sympy.Dummy(s.name, real=True)
            continue
        t = sympy.Dummy(s.name, nonnegative=True)
        nonneg.add(t)
        swap[s] = iv.lo + t if not iv.lo.is_infinite else iv.hi - t
    return d.xreplace(swap), nonneg


def _factor_sign(f: sympy.Expr, nonneg: set[sympy.Symbol], strict: bool) -> bool:
    """A factor certainly ≥ 0 (> 0): a number by its enclosure, exp of a real, an even power, or a
    polynomial in nonnegative variables with nonnegative rational coefficients (> 0 constant if strict)."""
    from checker.probe import certified_sign

    if not f.free_symbols:
        return certified_sign(f, ">" if strict else ">=") is not None
    if isinstance(f, sympy.exp) and lemmas.real(f.args[0]):
        return True
    if isinstance(f, sympy.Pow) and f.exp.is_Integer and f.exp % 2 == 0 and not strict and lemmas.real(f.base):
        return True
    if not f.free_symbols <= nonneg:
        return False
    try:
        p = sympy.Poly(f, *sorted(f.free_symbols, key=lambda s: s.name))
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return False
    coeffs = [sympy.sympify(c) for c in p.coeffs()]
    if any(c.free_symbols for c in coeffs) or not all(_at_least_zero(c, False) for c in coeffs):
        return False
    return not strict or _at_least_zero(sympy.sympify(p.coeff_monomial(1)), True)


def _at_least_zero(c: sympy.Expr, strict: bool) -> bool:
    from checker.probe import certified_sign

    if c.is_Rational:
        return bool(c > 0) if strict else bool(c >= 0)
    return certified_sign(c, ">" if strict else ">=") is not None


def _structural(d: sympy.Expr, ivs: Mapping[sympy.Symbol, Interval], strict: bool) -> bool:
    """Certified: after the shift, ``d`` factors into factors each certainly ≥ 0 (> 0)."""
    e, nonneg = _shifted(d, ivs)
    expanded = sympy.expand(e)
    for form in (sympy.factor_terms(e), sympy.factor_terms(expanded), expanded):
        factors = form.args if isinstance(form, sympy.Mul) else (form,)
        if all(_factor_sign(f, nonneg, strict) for f in factors):
            return True
    return False


def _sign_facts(d: sympy.Expr, ivs: Mapping[sympy.Symbol, Interval], strict: bool) -> bool:
    """SymPy's sign facts after the shift (not a certificate)."""
    e, _ = _shifted(d, ivs)
    for form in (e, sympy.expand(e)):
        if (form.is_positive if strict else form.is_nonnegative) is True:
            return True
    return False


def _bb(d: sympy.Expr, ivs: Mapping[sympy.Symbol, Interval], strict: bool, ctx: _Context) -> Step | None:
    box = branch_bound.rational_box({s: (iv.lo, iv.hi) for s, iv in ivs.items()}, set(ivs))
    if box is None or ctx.left() <= 0:
        return None
    out = branch_bound.nonnegative(d, box, strict, seconds=ctx.left())
    if out.point is not None:
        raise _Violation(out.point)
    return Step(f"branch-and-bound: {out.detail}", True) if out.proved else None


def _tail(d: sympy.Expr, x: sympy.Symbol, iv: Interval, strict: bool, depth: int, ctx: _Context, up: bool) -> Step | None:
    """d ≥ 0 on a tail: monotonicity, or monotonicity of an explicit lower envelope."""
    found = increasing_from(d, x, iv, strict, depth, _prover(ctx))
    if found is not None:
        return found
    start = iv.lo if up else iv.hi
    env = tails.lower_envelope(d, x, start, up)
    if env is None:
        return None
    env = sympy.expand(env)
    found = _nonnegative(env, {x: iv}, strict, depth, ctx)
    return Step(f"explicit tail bound (erf/tanh envelopes), then {found.text}", found.certified) if found else None


def _core_and_tails(d: sympy.Expr, x: sympy.Symbol, iv: Interval, strict: bool, depth: int, ctx: _Context) -> Step | None:
    for r in TAIL_STARTS:
        lo = max(iv.lo, -r) if not iv.lo.is_infinite else sympy.Integer(-r)
        hi = min(iv.hi, r) if not iv.hi.is_infinite else sympy.Integer(r)
        if lo >= hi:
            continue
        parts = []
        if iv.hi.is_infinite:
            parts.append(("tail", Interval(hi, sympy.oo), True))
        if iv.lo.is_infinite:
            parts.append(("tail", Interval(-sympy.oo, lo), False))
        core = _bb(d, {x: Interval(lo, hi)}, strict, ctx)  # first: it may find a violation
        if core is None:
            continue
        proofs = []
        for _, tiv, up in parts:
            p = _tail(d, x, tiv, strict, depth, ctx, up)
            if p is None:
                break
            proofs.append(f"on [{tiv.lo}, {tiv.hi}]: {p.text}")
        else:
            return Step(f"on [{lo}, {hi}]: {core.text}; " + "; ".join(proofs), True)
    return None


def _nonnegative(d: sympy.Expr, ivs: Mapping[sympy.Symbol, Interval], strict: bool, depth: int, ctx: _Context) -> Step | None:
    if not d.free_symbols:
        from checker.probe import certified_sign

        name = certified_sign(d, ">" if strict else ">=")
        return Step(f"a number: {name}", True) if name else None
    try:
        if _structural(d, ivs, strict):
            return Step("positive factors", True)
    except (sympy.PolynomialError, NotImplementedError, TypeError, ValueError):
        pass
    if _sign_facts(d, ivs, strict):
        return Step("sign facts", False)
    syms = tuple(sorted(ivs, key=lambda s: s.name))
    cert = sos.nonnegative(d, syms, strict)
    if cert is not None:
        return Step(cert, True)
    bounded = all(not (iv.lo.is_infinite or iv.hi.is_infinite) for iv in ivs.values())
    if bounded:
        found = _bb(d, ivs, strict, ctx)
        if found is not None:
            return found
    if len(ivs) == 1 and depth > 0:
        ((x, iv),) = ivs.items()
        found = increasing_from(d, x, iv, strict, depth, _prover(ctx))
        if found is not None:
            return found
        if not bounded and depth == DEPTH:
            return _core_and_tails(d, x, iv, strict, depth, ctx)
    return None


def _prover(ctx: _Context):  # noqa: ANN202 - a monotone.Prove
    def prove(d: sympy.Expr, iv: Interval, strict: bool, depth: int) -> Step | None:
        (x,) = d.free_symbols or {None}
        if x is None:
            return _nonnegative(d, {}, strict, depth, ctx)
        return _nonnegative(d, {x: iv}, strict, depth, ctx)

    return prove


def _abs_split(big: sympy.Expr, small: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """``big − small = r − c·|g|`` with c a positive number and g real: the pair (r − c·g, r + c·g)."""
    d = big - small
    found = [a for a in d.atoms(sympy.Abs) if a.free_symbols]
    if len(found) != 1 or not lemmas.real(found[0].args[0]):
        return None
    a = found[0]
    marker = sympy.Dummy("A")
    dm = d.xreplace({a: marker})
    c = -sympy.diff(dm, marker)
    if marker in c.free_symbols or c.free_symbols or c.is_positive is not True:
        return None
    r = dm.xreplace({marker: 0})
    g = a.args[0]
    return r - c * g, r + c * g


def close(big: sympy.Expr, small: sympy.Expr, rel: str, domain: Mapping[sympy.Symbol, tuple[Any, Any]],
          seconds: float = SECONDS) -> Found | None:
    """A proof of ``big ≥ small`` (``>`` for a strict ``rel``) on ``domain``, a violation point, or ``None``."""
    strict = rel in ("<", ">")
    name = lemmas.prove(big, small, strict)
    if name is not None:
        return Found(name, True, f"{name}, matched exactly")
    d = big - small
    ivs = {}
    for s in d.free_symbols:
        iv = _interval(s, domain)
        if iv is None:
            return None
        ivs[s] = iv
    ctx = _Context(time.perf_counter() + seconds)
    try:
        split = _abs_split(big, small)
        if split is not None:
            parts = [_nonnegative(sympy.sympify(p), ivs, strict, DEPTH, ctx) for p in split]
            if all(parts):
                text = " and ".join(f"({p.text})" for p in parts if p)
                return Found("absolute value split", all(p.certified for p in parts if p), f"|g| ≤ r as g ≤ r and −g ≤ r: {text}")
        found = _nonnegative(d, ivs, strict, DEPTH, ctx)
    except _Violation as v:
        return Found("branch-and-bound", True, "a certainly negative point", v.point)
    except (TypeError, ValueError, NotImplementedError, sympy.PolynomialError):
        return None
    if found is None:
        return None
    return Found(_name(found.text), found.certified, found.text)


def _name(text: str) -> str:
    for prefix, name in (("sum of squares", "sum of squares"), ("branch-and-bound", "branch-and-bound"),
                         ("sign facts", "sign facts"), ("positive factors", "positive factors"), ("increasing", "monotonicity"), ("decreasing", "monotonicity"),
                         ("on [0, ∞)", "monotonicity"), ("on [", "core + tails"), ("a number", "enclosure")):
        if text.startswith(prefix):
            return name
    return "inequality"
