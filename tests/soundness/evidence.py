"""Checks on a refutation's counterexample: one value per symbol, inside its assumptions and domain."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

import sympy
from sympy import Rational, Symbol

from tests.soundness.case import Case


def plain_symbols(*exprs: Any) -> set[Symbol]:
    """The free symbols a counterexample has to assign (no dummies, no random symbols)."""
    out: set[Symbol] = set()
    for e in exprs:
        if isinstance(e, sympy.Basic):
            out |= {s for s in e.free_symbols if type(s) is Symbol}
    return out


def _number(text: str) -> Rational | None:
    """A reported value as an exact rational, or ``None`` when it is not a plain rational (no parsing beyond that)."""
    try:
        f = Fraction(text)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return Rational(f.numerator, f.denominator)


def _broken_assumption(sym: Symbol, value: Rational) -> str | None:
    for fact, holds in sym.assumptions0.items():
        if holds is True and getattr(value, f"is_{fact}", None) is False:
            return fact
    return None


def problem(case: Case, values: dict[str, str]) -> str | None:
    """Why ``values`` is no counterexample to ``case``, or ``None`` when nothing is wrong with it."""
    syms = plain_symbols(case.lhs, case.rhs)
    if len(values) != len(syms):
        names = sorted(s.name for s in syms)
        return f"{len(values)} value(s) {values} for {len(syms)} distinct symbol(s) named {names}"
    shared = Counter(s.name for s in syms)
    point: dict[Symbol, Rational] = {}
    for s in syms:
        if shared[s.name] > 1:
            continue  # which entry is which cannot be told from the name; the count above still holds
        if s.name not in values:
            return f"no value for {s.name}"
        v = _number(values[s.name])
        if v is not None:
            point[s] = v
    for s, v in point.items():
        fact = _broken_assumption(s, v)
        if fact is not None:
            return f"{s.name} = {v} is not {fact}, as {s.name} is declared"
    for s, v in point.items():
        if s in case.domain:
            lo, hi = (sympy.sympify(b).xreplace(point) for b in case.domain[s])
            if lo.is_number and hi.is_number and (v < lo or v > hi):
                return f"{s.name} = {v} lies outside [{lo}, {hi}]"
    return None
