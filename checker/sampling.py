"""Points inside a claim's domain: exact numbers that satisfy every assumption and the declared bounds.

Values are rationals (integers for integer symbols), ``r + sqrt(2)/10**6`` for irrational symbols,
and Gaussian rationals ``a + b*I`` for imaginary and complex ones. Every drawn value is checked
against every True and False fact of its symbol's ``assumptions0`` (``checker.facts``); a fact
that cannot be honoured or checked exactly raises ``Unsupported``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import sympy
from sympy import I, Integer, Rational, Symbol

from checker.facts import Unsupported, broken, describe, facts, fits, int_ok, kind, sign_limits

__all__ = ["Unsupported", "bounds", "default_bounds", "draw", "free_symbols", "labels", "ordered", "satisfies", "value_of", "within"]

# Default ranges when a symbol has assumptions but no declared bounds.
_REAL_SPAN = Rational(5)
_INT_SPAN = 12
_TRIES = 16
_ENUMERATE = 4000  # integer ranges up to this size are listed, larger ones sampled
_IRRATIONAL_STEP = sympy.sqrt(2) / 10**6  # r + sqrt(2)/10^6 is irrational for every rational r


def free_symbols(exprs: Iterable[Any]) -> set[Symbol]:
    """Plain (non-random, non-dummy) symbols occurring in ``exprs``."""
    out: set[Symbol] = set()
    for e in exprs:
        items = list(e) if isinstance(e, sympy.MatrixBase) else [e]
        for item in items:
            if isinstance(item, sympy.Basic):
                out |= {s for s in item.free_symbols if type(s) is Symbol}
    return out


def _expr(value: Any) -> sympy.Expr:
    """A bound or value as SymPy; strings are never parsed (``strict``)."""
    return sympy.sympify(value, strict=True)


def ordered(symbols: Iterable[Symbol], domain: Mapping[Symbol, Any]) -> list[Symbol]:
    """Declared-domain symbols first (bounds may refer to earlier ones), then the rest by name."""
    syms = set(symbols)
    first = [s for s in domain if s in syms or _needed_by_domain(s, syms, domain)]
    rest = sorted(syms - set(first), key=lambda s: (s.name, describe(s)))
    return first + rest


def _needed_by_domain(s: Symbol, syms: set[Symbol], domain: Mapping[Symbol, Any]) -> bool:
    return any(s in _expr(b).free_symbols for t in syms if t in domain for b in domain[t])


def _bound(value: Any, point: Mapping[Symbol, Any]) -> sympy.Expr:
    return _expr(value).xreplace(dict(point))


def _le(a: sympy.Expr, b: sympy.Expr) -> bool:
    """``a <= b`` decided exactly; ``False`` where SymPy cannot decide (fail closed)."""
    d = b - a
    if d.is_Rational:
        return bool(d >= 0)
    return d.is_extended_nonnegative is True


def _rational(x: sympy.Expr) -> sympy.Expr:
    """``x`` itself if rational, else its 30-digit decimal value as an exact rational."""
    return x if x.is_Rational else Rational(str(sympy.N(x, 30)))


def default_bounds(sym: Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """Sampling range implied by a symbol's assumptions alone (for non-real symbols: of each part)."""
    f = facts(sym)
    integer = bool(f.get("integer"))
    span = Integer(_INT_SPAN) if integer else _REAL_SPAN
    low, high = sign_limits(f)
    strict = f.get("nonzero") or f.get("extended_nonzero")
    if low == 0:
        return (Integer(1) if integer else Rational(1, 20), span) if strict else (Integer(0), span)
    if high == 0:
        return (-span, Integer(-1) if integer else -Rational(1, 20)) if strict else (-span, Integer(0))
    return (-span, span)


def bounds(sym: Symbol, domain: Mapping[Symbol, Any], point: Mapping[Symbol, Any]) -> tuple[sympy.Expr, sympy.Expr]:
    """``sym``'s declared bounds at ``point`` (earlier symbols' values), else its ``default_bounds``.

    An infinite end is drawn from a default span beyond the finite one (``(0, oo)``: ``[0, 5]``).
    """
    if sym not in domain:
        return default_bounds(sym)
    lo, hi = (_bound(b, point) for b in domain[sym])
    span = Integer(_INT_SPAN) if facts(sym).get("integer") else _REAL_SPAN
    d_lo, d_hi = default_bounds(sym)
    if lo.is_infinite:
        lo = d_lo if hi.is_infinite else sympy.Min(d_lo, hi - span) if d_lo.is_number and hi.is_number else hi - span
    if hi.is_infinite:
        hi = d_hi if lo.is_infinite else sympy.Max(d_hi, lo + span) if d_hi.is_number and lo.is_number else lo + span
    return lo, hi


def _integer_in(sym: Symbol, lo: sympy.Expr, hi: sympy.Expr, rng: random.Random) -> Integer | None:
    f = facts(sym)
    a, b = int(sympy.ceiling(lo)), int(sympy.floor(hi))
    low, high = sign_limits(f)
    a = max(a, 2 if f.get("prime") else 4 if f.get("composite") else a)
    if b < a:
        return None
    if b - a < _ENUMERATE:
        choices = [k for k in range(a, b + 1) if int_ok(f, k)]
        return Integer(rng.choice(choices)) if choices else None
    if low is not None or high is not None:
        a, b = max(a, low if low is not None else a), min(b, high if high is not None else b)
        if b < a:
            return None
    for _ in range(64):
        k = rng.randint(a, b)
        if f.get("prime"):
            k = int(sympy.nextprime(k - 1))
        if a <= k <= b and int_ok(f, k):
            return Integer(k)
    return None


def _fraction(lo: sympy.Expr, hi: sympy.Expr, rng: random.Random) -> sympy.Expr:
    return _rational(lo + (hi - lo) * Rational(rng.randint(1, 9999), 10000))


def _clip(sym: Symbol, lo: sympy.Expr, hi: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """[lo, hi] cut to the sign the assumptions require (an open end is avoided by the draw)."""
    low, high = sign_limits(facts(sym))
    if low is not None and not _le(Integer(low), lo):
        lo = Integer(low)
    if high is not None and not _le(hi, Integer(high)):
        hi = Integer(high)
    return lo, hi


def _candidate(k: str, lo: sympy.Expr, hi: sympy.Expr, free: bool, rng: random.Random) -> sympy.Expr:
    if k == "imaginary":
        return I * _fraction(lo, hi, rng)
    if k == "complex" and free:  # no declared bounds: both parts vary
        return _fraction(lo, hi, rng) + I * _fraction(lo, hi, rng)
    value = _fraction(lo, hi, rng)
    return value + _IRRATIONAL_STEP if k == "irrational" else value


def _one(sym: Symbol, bounds: tuple[sympy.Expr, sympy.Expr] | None, rng: random.Random) -> sympy.Expr | None:
    """One value for ``sym`` inside ``bounds`` (``None``: none declared) and its assumptions."""
    k = kind(sym)
    if bounds is not None and (k == "imaginary" or (k == "complex" and facts(sym).get("real") is False)):
        raise Unsupported(f"cannot sample {sym} with {describe(sym)} inside the real interval {list(bounds)}")
    lo, hi = bounds if bounds is not None else default_bounds(sym)
    if not (lo.is_number and hi.is_number) or not _le(lo, hi):
        return None
    if k in ("zero", "integer"):
        zero_ok = _le(lo, Integer(0)) and _le(Integer(0), hi)
        value = _integer_in(sym, lo, hi, rng) if k == "integer" else Integer(0) if zero_ok else None
        return value if value is not None and fits(sym, value) else None
    free = bounds is None and k in ("imaginary", "complex")  # lo, hi bound each part, not the value
    if not free:
        lo, hi = _clip(sym, lo, hi)
        if not _le(lo, hi):
            return None
    for _ in range(_TRIES):
        value = _candidate(k, lo, hi, free, rng)
        if (free or (_le(lo, value) and _le(value, hi))) and fits(sym, value):
            return value
    return None


def draw(symbols: list[Symbol], domain: Mapping[Symbol, Any], rng: random.Random) -> dict[Symbol, Any] | None:
    """One random point; ``None`` when the domain is empty at this draw; ``Unsupported`` (an exception)
    when a symbol has an assumption no drawn value can be shown to satisfy."""
    point: dict[Symbol, Any] = {}
    for sym in symbols:
        value = _one(sym, bounds(sym, domain, point) if sym in domain else None, rng)
        if value is None:
            return None
        point[sym] = value
    return point


def value_of(raw: Any) -> sympy.Expr | None:
    """A witness value as an exact SymPy number (ints, floats, SymPy numbers); ``None`` otherwise."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | sympy.Basic):
        return None
    v = _expr(raw)
    return v if isinstance(v, sympy.Expr) and v.is_number and not v.free_symbols else None


def within(point: Mapping[Symbol, Any], domain: Mapping[Symbol, Any]) -> str | None:
    """Why ``point`` lies outside the assumptions and domain, or ``None`` if it lies inside.

    Every True and False fact of each symbol's ``assumptions0`` is checked; an undecidable fact
    counts as outside.
    """
    values: dict[Symbol, sympy.Expr] = {}
    for sym, raw in point.items():
        v = value_of(raw)
        if not isinstance(sym, Symbol):
            return f"{sym!r} is not a symbol"
        if v is None:
            return f"{sym}={raw!r} is not a number"
        values[sym] = v
    for sym, v in values.items():
        b = broken(sym, v)
        if b is not None:
            name, want, got = b
            if got is None:
                return f"{sym}={v}: cannot decide whether {name}={want} holds, an assumption of {sym}"
            return f"{sym}={v} violates the assumption {name}={want} of {sym}"
        if sym in domain:
            lo, hi = (_bound(bd, values) for bd in domain[sym])
            if not (lo.is_number and hi.is_number):
                return f"the bounds [{lo}, {hi}] of {sym} depend on symbols the point does not give"
            if v.is_extended_real is not True:
                return f"{sym}={v} is not real, but its domain is [{lo}, {hi}]"
            if not (_le(lo, v) and _le(v, hi)):
                return f"{sym}={v} lies outside [{lo}, {hi}]"
    return None


def labels(symbols: Iterable[Symbol]) -> dict[Symbol, str]:
    """Unambiguous names: a symbol's name, with its assumptions added where two symbols share it."""
    syms = sorted(set(symbols), key=lambda s: (s.name, describe(s)))
    out: dict[Symbol, str] = {}
    for s in syms:
        twins = [t for t in syms if t.name == s.name]
        label = s.name if len(twins) == 1 else f"{s.name}{describe(s)}"
        if label in out.values():
            label = f"{label}#{twins.index(s) + 1}"
        out[s] = label
    return out


def satisfies(given: Iterable[Any], point: Mapping[Symbol, Any]) -> bool:
    """Whether every hypothesis (a SymPy relation) holds at ``point``, decided exactly; an undecidable
    one counts as failing (the point is then not used)."""
    for h in given:
        try:
            value = h.xreplace(dict(point)) if isinstance(h, sympy.Basic) else h
        except (TypeError, ValueError):
            return False
        if value is not sympy.true and value is not True:
            return False
    return True
