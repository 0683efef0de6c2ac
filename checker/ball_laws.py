"""Textbook facts of standard distributions, evaluated in arb: raw moments and interval probabilities.

Independent of SymPy (the formulas are the distributions' definitions worked out once, not ``doit``),
exact where the parameters are rational and otherwise certified balls. Faster and tighter than
quadrature against the density, which stays the fallback (``None`` here) for every other law.

- Normal(μ, σ): E Xᵏ = Σⱼ C(k, 2j) μ^(k−2j) σ^(2j) (2j − 1)!!; P(a < X < b) from erf / erfc.
- Exponential(λ): E Xᵏ = k! / λᵏ; P(a < X < b) = e^(−λa) − e^(−λb) on the support.
- E exp(aX² + bX + c) by the moment generating function (normal; exponential with a = 0).
- Uniform(a, b): E Xᵏ = (b^(k+1) − a^(k+1)) / ((k + 1)(b − a)); probabilities are lengths.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import sympy
from flint import arb
from sympy.stats.crv_types import ExponentialDistribution, NormalDistribution, UniformDistribution
from sympy.stats.rv import RandomSymbol

from checker.ball import Env, Value, add, evaluate, mul, power, real, to_arb

Endpoint = Fraction | float | arb  # float only for ±inf


def _parameters(rv: RandomSymbol, env: Env) -> list[Fraction | arb] | None:
    """The law's parameters as real values, or ``None`` when one is not real at this point."""
    try:
        return [real(evaluate(p, env)) for p in rv.pspace.distribution.args]
    except Exception:  # noqa: BLE001 - any failure means: use quadrature instead
        return None


def _double_factorial(n: int) -> int:
    return math.prod(range(n, 0, -2)) if n > 0 else 1


def moment(rv: RandomSymbol, k: int, env: Env) -> Value | None:
    """E[rv**k] for k ≥ 1 from the law's formula, or ``None`` for a law without one here."""
    dist = rv.pspace.distribution
    params = _parameters(rv, env)
    if params is None:
        return None
    if isinstance(dist, NormalDistribution):
        mu, sigma = params
        return add([
            mul([Fraction(math.comb(k, 2 * j) * _double_factorial(2 * j - 1)), power(mu, Fraction(k - 2 * j)),
                 power(sigma, Fraction(2 * j))])
            for j in range(k // 2 + 1)
        ])
    if isinstance(dist, ExponentialDistribution):
        (rate,) = params
        return mul([Fraction(math.factorial(k)), power(rate, Fraction(-k))])
    if isinstance(dist, UniformDistribution):
        a, b = params
        top = add([power(b, Fraction(k + 1)), mul([Fraction(-1), power(a, Fraction(k + 1))])])
        return mul([top, power(mul([Fraction(k + 1), add([b, mul([Fraction(-1), a])])]), Fraction(-1))])
    return None


def _ball(x: Endpoint) -> arb:
    return arb(x) if isinstance(x, float) else to_arb(x)


def _gaussian_tail(z: arb) -> arb:
    """P(N(0,1) > z) = erfc(z/√2)/2, accurate in both tails."""
    return (z / arb(2).sqrt()).erfc() / 2


def probability_between(rv: RandomSymbol, a: Endpoint, b: Endpoint, env: Env) -> arb | None:
    """P(a < rv < b) for a ≤ b (either end may be ±inf or a ball), or ``None`` for another law."""
    dist = rv.pspace.distribution
    params = _parameters(rv, env)
    if params is None:
        return None
    if isinstance(dist, NormalDistribution):
        mu, sigma = (to_arb(p) for p in params)

        def above(x: Endpoint) -> arb:  # P(X > x)
            if isinstance(x, float):
                return arb(1) if x < 0 else arb(0)
            return _gaussian_tail((_ball(x) - mu) / sigma)

        return above(a) - above(b)
    if isinstance(dist, ExponentialDistribution):
        rate = to_arb(params[0])

        def above_exp(x: Endpoint) -> arb:
            if isinstance(x, float):
                return arb(1) if x < 0 else arb(0)
            return (-rate * _ball(x)).exp()

        return above_exp(a) - above_exp(b)
    if isinstance(dist, UniformDistribution):
        lo, hi = (to_arb(p) for p in params)

        def clip(x: Endpoint) -> arb:
            if isinstance(x, float):
                return lo if x < 0 else hi
            return _ball(x)

        return (clip(b) - clip(a)) / (hi - lo)
    return None


@lru_cache(maxsize=512)
def _exponential_of_quadratic(g: sympy.Basic, rv: RandomSymbol) -> tuple[sympy.Basic, tuple[sympy.Basic, ...]] | None:
    """``g = k · exp(a·rv² + b·rv + c)`` with k, a, b, c free of ``rv``, as (k, (a, b, c)); else ``None``."""
    k, dep = g.as_independent(rv, as_Add=False)
    if not isinstance(dep, sympy.exp):
        return None
    try:
        p = sympy.Poly(dep.args[0], rv)
    except sympy.PolynomialError:
        return None
    if p.degree() > 2 or any(c.has(rv) for c in p.all_coeffs()):
        return None
    a, b, c = ([sympy.S.Zero] * 3 + p.all_coeffs())[-3:]
    return k, (a, b, c)


def _positive(v: Fraction | arb) -> bool:
    return v > 0


def exponential_mean(g: sympy.Basic, rv: RandomSymbol, env: Env) -> Value | None:
    """E[k · exp(a X² + b X + c)] by the moment generating function, or ``None`` outside the known cases.

    Normal(μ, σ), with s = 1 − 2aσ² > 0: exp(aμ² + bμ + c) · s^(−1/2) · exp(σ²(2aμ + b)² / (2s)).
    Exponential(λ), a = 0, b < λ: exp(c) · λ / (λ − b).
    """
    shape = _exponential_of_quadratic(g, rv)
    params = _parameters(rv, env)
    if shape is None or params is None:
        return None
    k, coeffs = shape
    try:
        a, b, c = (real(evaluate(x, env)) for x in coeffs)
    except Exception:  # noqa: BLE001 - leave it to quadrature
        return None
    dist = rv.pspace.distribution
    if isinstance(dist, NormalDistribution):
        mu, sigma = (to_arb(p) for p in params)
        a, b, c = (to_arb(x) for x in (a, b, c))
        s = 1 - 2 * a * sigma**2
        if not _positive(s):
            return None
        value = (a * mu**2 + b * mu + c + sigma**2 * (2 * a * mu + b) ** 2 / (2 * s)).exp() / s.sqrt()
    elif isinstance(dist, ExponentialDistribution) and a == 0:
        rate = to_arb(params[0])
        b, c = to_arb(b), to_arb(c)
        if not _positive(rate - b):
            return None
        value = to_arb(c).exp() * rate / (rate - b)
    else:
        return None
    return mul([evaluate(k, env), value])
