"""Points inside a claim's domain: exact rationals drawn from symbol assumptions and declared bounds."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import sympy
from sympy import Integer, Rational, Symbol

# Default ranges when a symbol has assumptions but no declared bounds.
_REAL_SPAN = Rational(5)
_INT_SPAN = 12


def free_symbols(exprs: Iterable[Any]) -> set[Symbol]:
    """Plain (non-random, non-dummy) symbols occurring in ``exprs``."""
    out: set[Symbol] = set()
    for e in exprs:
        items = list(e) if isinstance(e, sympy.MatrixBase) else [e]
        for item in items:
            if isinstance(item, sympy.Basic):
                out |= {s for s in item.free_symbols if type(s) is Symbol}
    return out


def ordered(symbols: Iterable[Symbol], domain: Mapping[Symbol, Any]) -> list[Symbol]:
    """Declared-domain symbols first (bounds may refer to earlier ones), then the rest by name."""
    syms = set(symbols)
    first = [s for s in domain if s in syms or _needed_by_domain(s, syms, domain)]
    rest = sorted(syms - set(first), key=lambda s: s.name)
    return first + rest


def _needed_by_domain(s: Symbol, syms: set[Symbol], domain: Mapping[Symbol, Any]) -> bool:
    return any(s in sympy.sympify(b).free_symbols for t in syms if t in domain for b in domain[t])


def _bound(value: Any, point: Mapping[Symbol, Any]) -> sympy.Expr:
    return sympy.sympify(value).xreplace(dict(point))


_INT_TESTS = {
    "even": lambda k: k % 2 == 0,
    "odd": lambda k: k % 2 == 1,
    "positive": lambda k: k > 0,
    "nonnegative": lambda k: k >= 0,
    "negative": lambda k: k < 0,
    "nonpositive": lambda k: k <= 0,
    "nonzero": lambda k: k != 0,
    "zero": lambda k: k == 0,
}


def _int_ok(facts: Mapping[str, bool], k: int) -> bool:
    """Integer assumptions checked in plain Python (``_fits`` costs ~1 ms a call)."""
    return all(test(k) for name, test in _INT_TESTS.items() if facts.get(name) is True)


def _integer_in(sym: Symbol, lo: sympy.Expr, hi: sympy.Expr, rng: random.Random) -> Integer | None:
    a, b = int(sympy.ceiling(lo)), int(sympy.floor(hi))
    facts = sym.assumptions0
    if b - a < 4000:
        choices = [k for k in range(a, b + 1) if _int_ok(facts, k)]
        return Integer(rng.choice(choices)) if choices else None
    for _ in range(64):
        k = rng.randint(a, b)
        if _int_ok(facts, k):
            return Integer(k)
    return None


def _fits(sym: Symbol, value: sympy.Expr) -> bool:
    checks = {
        "integer": lambda v: v.is_integer,
        "even": lambda v: v.is_even,
        "odd": lambda v: v.is_odd,
        "positive": lambda v: v.is_positive,
        "nonnegative": lambda v: v.is_nonnegative,
        "negative": lambda v: v.is_negative,
        "nonpositive": lambda v: v.is_nonpositive,
        "nonzero": lambda v: v.is_nonzero,
    }
    for name, test in checks.items():
        if sym.assumptions0.get(name) is True and test(value) is not True:
            return False
    return True


def _rational(x: sympy.Expr) -> sympy.Expr:
    """``x`` itself if rational, else its 30-digit decimal value as an exact rational."""
    return x if x.is_Rational else Rational(str(sympy.N(x, 30)))


def default_bounds(sym: Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """Sampling range implied by a symbol's assumptions alone."""
    span = Integer(_INT_SPAN) if sym.is_integer else _REAL_SPAN
    if sym.is_positive:
        return (Integer(1) if sym.is_integer else Rational(1, 20), span)
    if sym.is_nonnegative:
        return (Integer(0), span)
    if sym.is_negative:
        return (-span, Integer(-1) if sym.is_integer else -Rational(1, 20))
    if sym.is_nonpositive:
        return (-span, Integer(0))
    return (-span, span)


def draw(symbols: list[Symbol], domain: Mapping[Symbol, Any], rng: random.Random) -> dict[Symbol, Any] | None:
    """One random point; ``None`` when the domain is empty at this draw."""
    point: dict[Symbol, Any] = {}
    for sym in symbols:
        lo, hi = (_bound(b, point) for b in domain[sym]) if sym in domain else default_bounds(sym)
        if not (lo.is_number and hi.is_number) or bool(lo > hi):
            return None
        if sym.is_integer:
            value = _integer_in(sym, lo, hi, rng)
            if value is None:
                return None
        else:
            value = None
            for _ in range(16):
                frac = Rational(rng.randint(1, 9999), 10000)
                candidate = _rational(lo + (hi - lo) * frac)
                if _fits(sym, candidate):
                    value = candidate
                    break
            if value is None:
                return None
        point[sym] = value
    return point


def within(point: Mapping[Symbol, Any], domain: Mapping[Symbol, Any]) -> str | None:
    """Why ``point`` lies outside the assumptions and domain, or ``None`` if it lies inside."""
    for sym, value in point.items():
        v = sympy.sympify(value)
        if not _fits(sym, v):
            return f"{sym}={v} violates the assumptions of {sym}"
        if sym in domain:
            lo, hi = (_bound(b, point) for b in domain[sym])
            if bool(v < lo) or bool(v > hi):
                return f"{sym}={v} lies outside [{lo}, {hi}]"
    return None
