"""Gaussian integrals over the whole line in closed form: ∫ P(x) exp(−αx² + βx + γ) dx, certified in arb.

With α > 0 and m = β/(2α), the substitution x = y + m gives
exp(γ + β²/(4α)) · Σⱼ C(n, 2j) m^(n−2j) Γ(j + ½) / α^(j+½) for each monomial xⁿ, where
Γ(j + ½) = (2j − 1)!! √π / 2ʲ. A textbook identity, not SymPy's ``integrate``; anything else (another
shape, α not certainly positive) returns ``None`` and is left to quadrature.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import sympy
from flint import acb, arb

from checker.ball import Env, Value, add, evaluate, mul, real, to_arb

Shape = tuple[tuple[tuple[int, sympy.Basic], ...], tuple[sympy.Basic, sympy.Basic, sympy.Basic]]


@lru_cache(maxsize=512)
def gaussian_shape(f: sympy.Basic, x: sympy.Basic) -> Shape | None:
    """``f = Σ cₙ xⁿ · exp(a x² + b x + c)`` as (((n, cₙ), …), (a, b, c)), or ``None``."""
    exps, rest = [], []
    for factor in sympy.Mul.make_args(f):
        if isinstance(factor, sympy.exp) and x in factor.free_symbols:
            exps.append(factor.args[0])
        elif factor.is_Pow and factor.base is sympy.E and x in factor.free_symbols:
            exps.append(factor.exp)
        else:
            rest.append(factor)
    if not exps:
        return None
    try:
        q = sympy.Poly(sympy.Add(*exps), x)
        p = sympy.Poly(sympy.Mul(*rest), x)
    except sympy.PolynomialError:
        return None
    if q.degree() != 2 or any(x in c.free_symbols for c in q.all_coeffs() + p.all_coeffs()):
        return None
    a, b, c = q.all_coeffs()
    return tuple((n, coeff) for (n,), coeff in p.as_dict(native=False).items()), (a, b, c)


def _half_gamma(j: int) -> arb:
    """Γ(j + ½)."""
    return arb(math.prod(range(2 * j - 1, 0, -2)) if j else 1) * arb.pi().sqrt() / 2**j


def _ipow(v: arb, k: int) -> arb:
    """``v**k`` for an integer k ≥ 0 (arb's own power is nan for a ball around 0)."""
    return (acb(v) ** k).real if k else arb(1)


def whole_line(f: Any, x: sympy.Basic, env: Env) -> Value | None:
    """∫_{−∞}^{∞} f dx for a polynomial times a Gaussian, or ``None`` for any other integrand."""
    shape = gaussian_shape(sympy.sympify(f), x)
    if shape is None:
        return None
    terms, quadratic = shape
    try:
        a, b, c = (to_arb(real(evaluate(k, env))) for k in quadratic)
        coeffs = [(n, evaluate(k, env)) for n, k in terms]
    except Exception:  # noqa: BLE001 - any failure: leave it to quadrature
        return None
    alpha = -a
    if not alpha > 0:
        return None
    m = b / (2 * alpha)
    scale = (c + b**2 / (4 * alpha)).exp()
    total = []
    for n, coeff in coeffs:
        moment = sum(
            (math.comb(n, 2 * j) * _ipow(m, n - 2 * j) * _half_gamma(j) / alpha ** (arb(j) + arb(1) / 2)
             for j in range(n // 2 + 1)),
            arb(0),
        )
        total.append(mul([coeff, moment]))
    return mul([add(total), scale])
