"""A rewrite of expectations by the textbook formulas of standard laws, instead of SymPy's integration.

``E[P(X, Y, …)]`` (and variances and covariances, by their definitions) for a polynomial in independent normal, exponential or uniform variables becomes the
same polynomial in their raw moments, and ``E[k · exp(bX + c)]`` their moment generating function;
a Gaussian integral over the whole line takes its closed form (``checker.ball_gaussian``'s identity).
Anything else is left as it is (``doit`` and the later rewrites still see it). The result is a plain
expression for the next rewrites; as every rewrite, it proves a step only with the probe's agreement.
"""

from __future__ import annotations

import math

import sympy
from sympy.stats import Covariance, Expectation, Variance
from sympy.stats.crv import SingleContinuousPSpace
from sympy.stats.crv_types import ExponentialDistribution, NormalDistribution, UniformDistribution
from sympy.stats.rv import RandomSymbol

from checker.ball_gaussian import gaussian_shape

_LAWS = (NormalDistribution, ExponentialDistribution, UniformDistribution)
REWRITTEN = (Expectation, Variance, Covariance, sympy.Integral)


def _law(rv: RandomSymbol) -> sympy.Basic | None:
    space = rv.pspace
    if isinstance(space, SingleContinuousPSpace) and isinstance(space.distribution, _LAWS):
        return space.distribution
    return None


def moment(dist: sympy.Basic, k: int) -> sympy.Expr:
    """E[Xᵏ] of one of the three laws."""
    if isinstance(dist, NormalDistribution):
        mu, sigma = dist.args
        return sympy.Add(*[
            math.comb(k, 2 * j) * sympy.factorial2(2 * j - 1) * mu ** (k - 2 * j) * sigma ** (2 * j)
            for j in range(k // 2 + 1)
        ])
    if isinstance(dist, ExponentialDistribution):
        return sympy.factorial(k) / dist.args[0] ** k
    a, b = dist.args
    return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))


def _generating(dist: sympy.Basic, b: sympy.Expr) -> sympy.Expr | None:
    """E[exp(bX)], where the formula holds for every b (normal) — others are left to ``doit``."""
    if isinstance(dist, NormalDistribution):
        mu, sigma = dist.args
        return sympy.exp(mu * b + sigma**2 * b**2 / 2)
    return None


def _mean(e: Expectation) -> sympy.Expr:
    if len(e.args) > 1:
        return e  # conditional
    g = e.args[0]
    rvs = sorted(g.atoms(RandomSymbol), key=sympy.default_sort_key)
    laws = [_law(rv) for rv in rvs]
    if not rvs or any(d is None for d in laws):
        return e
    try:
        p = sympy.Poly(g, *rvs)
    except sympy.PolynomialError:
        p = None
    if p is not None and not any(c.atoms(RandomSymbol) for c in p.coeffs()):
        return sympy.Add(*[
            coeff * sympy.Mul(*[moment(d, k) for d, k in zip(laws, monomial, strict=True) if k])
            for monomial, coeff in p.as_dict(native=False).items()
        ])
    if len(rvs) == 1:
        k, dep = g.as_independent(rvs[0], as_Add=False)
        if isinstance(dep, sympy.exp):
            try:
                q = sympy.Poly(dep.args[0], rvs[0])
            except sympy.PolynomialError:
                return e
            if q.degree() == 1 and not q.coeffs()[0].atoms(RandomSymbol):
                b, c = q.all_coeffs()
                mgf = _generating(laws[0], b)
                if mgf is not None and not c.atoms(RandomSymbol):
                    return k * sympy.exp(c) * mgf
    return e


def whole_line(e: sympy.Integral) -> sympy.Expr:
    """∫_{−∞}^{∞} P(x) exp(−αx² + βx + γ) dx in closed form when α is positive by its assumptions."""
    if len(e.limits) != 1 or len(e.limits[0]) != 3:
        return e
    x, lo, hi = e.limits[0]
    shape = gaussian_shape(e.function, x) if (lo, hi) == (-sympy.oo, sympy.oo) else None
    if shape is None:
        return e
    terms, (a, b, c) = shape
    alpha = -a
    if alpha.is_positive is not True:
        return e
    m = b / (2 * alpha)
    total = sympy.Add(*[
        coeff * sympy.Add(*[
            math.comb(n, 2 * j) * m ** (n - 2 * j) * sympy.gamma(sympy.Rational(2 * j + 1, 2))
            / alpha ** sympy.Rational(2 * j + 1, 2)
            for j in range(n // 2 + 1)
        ])
        for n, coeff in terms
    ])
    return sympy.exp(c + b**2 / (4 * alpha)) * total


def rewrite(e: sympy.Expr) -> sympy.Expr:
    """``e`` with every expectation and Gaussian integral of the supported shapes replaced, innermost first."""
    if not e.args or not e.has(*REWRITTEN):
        return e
    if isinstance(e, Expectation):
        return _mean(Expectation(rewrite(e.args[0]), *e.args[1:]))
    if isinstance(e, Variance) and len(e.args) == 1:
        g = rewrite(e.args[0])
        return _mean(Expectation(sympy.expand(g**2))) - _mean(Expectation(g)) ** 2
    if isinstance(e, Covariance) and len(e.args) == 2:
        g, h = (rewrite(a) for a in e.args)
        return _mean(Expectation(sympy.expand(g * h))) - _mean(Expectation(g)) * _mean(Expectation(h))
    if isinstance(e, sympy.Integral):
        return whole_line(e.func(rewrite(e.function), *e.limits))
    return e.func(*[rewrite(a) for a in e.args])


def closed(e: sympy.Expr) -> sympy.Expr:
    """The rewrite, expanded, with finite sums of what is left done (the strategy's form)."""
    form = sympy.expand(rewrite(e))
    return form.replace(lambda s: isinstance(s, sympy.Sum) and not s.has(*REWRITTEN),
                        lambda s: sympy.expand(s.doit()))
