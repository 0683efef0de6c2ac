"""Certified enclosures: a SymPy expression at an exact point, in ball arithmetic (python-flint's arb).

``enclose`` evaluates the tree bottom-up at a working precision and doubles it (64, 128, ... bits, up to
``MAX_PREC``) until the caller's ``until`` predicate is satisfied. Each ball contains the exact value, so
a ball that excludes 0 proves a difference nonzero. Unevaluated constructs are evaluated independently
of SymPy's ``doit`` (``checker.ball_calculus``, ``checker.ball_stats``); where an mpmath estimate had to
be used (infinite integrals, limits, non-holomorphic integrands), the enclosure is ``certified=False``.

Raises ``Undefined`` (no value at the point), ``Unsupported`` (cannot evaluate), or ``Undecidable`` (no
precision gave a finite enclosure: a ball touching a pole, a cut or a floor boundary at every precision).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import sympy
from flint import acb, ctx

from checker import ball_calculus, ball_functions, ball_special, ball_stats  # noqa: F401 - they register handlers
from checker.ball import Env, NotHolomorphic, State, Undecidable, Undefined, Unsupported, Value, evaluate, to_acb
from checker.ball_calculus import MAX_TERMS

__all__ = [
    "MAX_PREC", "MAX_TERMS", "Enclosure", "NotHolomorphic", "Undecidable", "Undefined", "Unsupported",
    "enclose", "enclose_all",
]

START_PREC = 64
MAX_PREC = 4096


@dataclass(frozen=True)
class Enclosure:
    """A ball containing the exact value (if ``certified``), computed at ``prec`` bits.

    ``decided``: whether the caller's predicate held; ``exact``: the value, if the arithmetic stayed rational.
    """

    value: acb
    certified: bool
    prec: int
    decided: bool = True
    exact: Fraction | None = None

    def is_real(self) -> bool:
        """Certainly real: an exactly zero imaginary part."""
        return self.value.imag.is_exact() and self.value.imag.is_zero()


def _point_values(point: Mapping[sympy.Basic, Any], env: Env) -> dict[sympy.Basic, Value]:
    out: dict[sympy.Basic, Value] = {}
    for s, v in point.items():
        v = sympy.Integer(v) if isinstance(v, int) else v
        if not isinstance(v, sympy.Basic):
            raise TypeError(f"point values must be ints or exact SymPy numbers, not {type(v).__name__}")
        if isinstance(v, sympy.Float):
            raise TypeError("point values must be exact, not floats")
        out[s] = evaluate(v, env)
    return out


def _pass(exprs: Sequence[Any], point: Mapping[sympy.Basic, Any], prec: int, confirm: bool,
          shared: dict[Any, Any]) -> tuple[Enclosure, ...]:
    state = State(prec, confirm, shared=shared)
    with ctx.workprec(prec):
        env = Env({}, state)
        env = Env(_point_values(point, env), state)
        values = [evaluate(sympy.sympify(e), env) for e in exprs]
        return tuple(
            Enclosure(to_acb(v), state.certified, prec, True, v if type(v) is Fraction else None) for v in values
        )


def enclose_all(
    exprs: Sequence[Any],
    point: Mapping[sympy.Basic, Any],
    until: Callable[[tuple[Enclosure, ...]], bool] | None = None,
    start: int = START_PREC,
    max_prec: int = MAX_PREC,
    confirm: bool = False,
) -> tuple[Enclosure, ...]:
    """Enclosures of ``exprs`` at ``point``, one precision for all, raised until ``until`` holds.

    ``confirm`` makes the non-certified parts use other rules at more digits (an independent check).
    """
    last: tuple[Enclosure, ...] | None = None
    prec = start
    shared: dict[Any, Any] = {}
    while True:
        try:
            encs = _pass(exprs, point, prec, confirm, shared)
        except Undecidable:
            encs = None
        if encs is not None:
            if until is None or until(encs):
                return encs
            last = encs
        if prec >= max_prec:
            break
        prec = min(2 * prec, max_prec)
    if last is None:
        raise Undecidable(f"no enclosure up to {max_prec} bits")
    return tuple(replace(e, decided=False) for e in last)


def enclose(
    expr: Any,
    point: Mapping[sympy.Basic, Any] | None = None,
    until: Callable[[Enclosure], bool] | None = None,
    start: int = START_PREC,
    max_prec: int = MAX_PREC,
    confirm: bool = False,
) -> Enclosure:
    """The enclosure of one expression (see ``enclose_all``)."""
    check = None if until is None else (lambda encs: until(encs[0]))
    return enclose_all([expr], point or {}, check, start, max_prec, confirm)[0]
