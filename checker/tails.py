"""Explicit tail bounds: on x ≥ R > 0 (or x ≤ −R) functions that saturate are replaced by rigorous envelopes.

For z > 0: 1 − e^{−z²}/(z√π) ≤ erf(z) ≤ 1 (the classical bound erfc z ≤ e^{−z²}/(z√π)), and for
every real v: 1 − 2e^{−2v} ≤ tanh v ≤ 1 (since 1 − tanh v = 2/(1 + e^{2v})); mirrored for negative
arguments. Where ``d`` is affine in such a function F with a coefficient c of known sign on the tail,
``d ≥ d[F := the envelope end that c selects]``; the bounded-below expression is then proved ≥ 0 on
the tail by the caller (monotonicity). The argument's sign and c's sign on the tail come from SymPy's
sign facts after substituting x = R + t (x = −R − t), t ≥ 0.
"""

from __future__ import annotations

import sympy
from sympy import erf, exp, sqrt, tanh

__all__ = ["lower_envelope", "shifted"]


def shifted(e: sympy.Expr, x: sympy.Symbol, start: sympy.Expr, up: bool) -> tuple[sympy.Expr, sympy.Symbol]:
    """``e`` with x = start + t (``up``) or x = start − t, t a nonnegative dummy."""
    t = sympy.Dummy("t", nonnegative=True)
    return e.xreplace({x: start + t if up else start - t}), t


def _sign(e: sympy.Expr, x: sympy.Symbol, start: sympy.Expr, up: bool) -> int:
    """+1 / −1 where SymPy shows ``e`` positive / negative on the tail, else 0."""
    s, _ = shifted(e, x, start, up)
    for form in (s, sympy.expand(s)):
        if form.is_positive is True:
            return 1
        if form.is_negative is True:
            return -1
    return 0


def _envelope(f: sympy.Expr, high: bool, positive_arg: bool) -> sympy.Expr:
    """The upper (``high``) or lower end of the envelope of ``f`` for an argument of the given sign."""
    z = f.args[0]
    if isinstance(f, erf):
        gap = exp(-(z**2)) / (abs_arg(z, positive_arg) * sqrt(sympy.pi))
    else:
        gap = 2 * exp(-2 * z) if positive_arg else 2 * exp(2 * z)
    if positive_arg:
        return sympy.S.One if high else 1 - gap
    return -1 + gap if high else -sympy.S.One


def abs_arg(z: sympy.Expr, positive: bool) -> sympy.Expr:
    return z if positive else -z


def lower_envelope(d: sympy.Expr, x: sympy.Symbol, start: sympy.Expr, up: bool) -> sympy.Expr | None:
    """An expression ≤ ``d`` on the tail with every erf/tanh of x replaced by an envelope, or ``None``."""
    atoms = sorted(d.atoms(erf, tanh), key=sympy.default_sort_key)
    atoms = [f for f in atoms if x in f.free_symbols]
    if not atoms:
        return None
    out = d
    for f in atoms:
        arg = _sign(f.args[0], x, start, up)
        if arg == 0:
            return None
        marker = sympy.Dummy("F")
        with_marker = out.xreplace({f: marker})
        coeff = sympy.diff(with_marker, marker)
        if marker in coeff.free_symbols:
            return None  # not affine in f
        c = _sign(coeff, x, start, up)
        if c == 0:
            return None
        out = with_marker.xreplace({marker: _envelope(f, high=c < 0, positive_arg=arg > 0)})
    return out
