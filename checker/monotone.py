"""Monotonicity: ``d ≥ 0`` on an interval of one variable from its value at one end and a derivative sign.

On [lo, hi] (hi may be ∞): d(lo) ≥ 0 and d' ≥ 0 on the interval give d ≥ d(lo) ≥ 0; mirrored, d(hi) ≥ 0
and d' ≤ 0. On the whole line both halves meet at 0. The derivative's sign is an ordinary obligation,
proved in turn by the caller's prover (``Prove``), one level deeper. The mean value theorem needs ``d``
differentiable on the whole interval: only ``checker.branch_bound.smooth`` expressions qualify
(entire functions of x: no poles, roots or kinks to hide a jump).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from checker.branch_bound import smooth

__all__ = ["Interval", "Step", "increasing_from"]


@dataclass(frozen=True)
class Interval:
    lo: sympy.Expr  # -oo allowed
    hi: sympy.Expr  # oo allowed


@dataclass(frozen=True)
class Step:
    """A proved piece: its text and whether it is certified."""

    text: str
    certified: bool


Prove = Callable[[sympy.Expr, Interval, bool, int], Step | None]  # (d, interval, strict, depth) -> proof


def _end_value(d: sympy.Expr, x: sympy.Symbol, at: sympy.Expr, strict: bool) -> Step | None:
    from checker.probe import certified_sign

    value = d.xreplace({x: at})
    if value.free_symbols:
        return None
    if value.is_Rational:
        ok = value > 0 if strict else value >= 0
        return Step(f"d({at}) = {value}", True) if ok else None
    name = certified_sign(value, ">" if strict else ">=")
    return Step(f"d({at}) {'>' if strict else '≥'} 0 by {name}", True) if name else None


def _side(d: sympy.Expr, x: sympy.Symbol, iv: Interval, strict: bool, depth: int, prove: Prove,
          up: bool) -> Step | None:
    end = iv.lo if up else iv.hi
    if end.is_infinite:
        return None
    at_end = _end_value(d, x, end, strict)
    if at_end is None:
        return None
    slope = sympy.diff(d, x)
    wanted = slope if up else -slope
    sub = prove(wanted, iv, False, depth - 1)
    if sub is None:
        return None
    word = "increasing" if up else "decreasing"
    return Step(f"{word} on [{iv.lo}, {iv.hi}] ({'d′' if up else '−d′'} ≥ 0: {sub.text}); {at_end.text}",
                at_end.certified and sub.certified)


def increasing_from(d: sympy.Expr, x: sympy.Symbol, iv: Interval, strict: bool, depth: int, prove: Prove) -> Step | None:
    """A monotonicity proof of ``d ≥ 0`` (``> 0``) for x in ``iv``, or ``None``."""
    if depth <= 0 or not smooth(d) or d.free_symbols != {x}:
        return None
    for up in (True, False):
        found = _side(d, x, iv, strict, depth, prove, up)
        if found is not None:
            return found
    if iv.lo.is_infinite and iv.hi.is_infinite:  # the line: both halves from 0
        right = _side(d, x, Interval(sympy.S.Zero, iv.hi), strict, depth, prove, True)
        left = right and _side(d, x, Interval(iv.lo, sympy.S.Zero), strict, depth, prove, False)
        if right and left:
            return Step(f"on [0, ∞): {right.text}; on (−∞, 0]: {left.text}", right.certified and left.certified)
    return None
