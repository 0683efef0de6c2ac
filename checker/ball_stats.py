"""sympy.stats Expectation, Probability, Variance and Covariance, evaluated from the distributions.

Independent of SymPy's ``doit``: finite random variables are enumerated (exact, certified); a continuous
variable is integrated against its density (``checker.ball_calculus.integrate``: rigorous on a finite
support, mpmath quadrature, not certified, on an infinite one). Distinct random symbols are independent
(SymPy's model), so a polynomial in several continuous variables is a sum of products of moments.
Normal, exponential and uniform laws take their moments and interval probabilities from their
textbook formulas (``checker.ball_laws``), certified in arb.
Probabilities of a continuous variable need polynomial conditions with rational coefficients: the
region is cut at exactly isolated real roots. Anything else (joint or infinite discrete spaces,
conditional expectations, several continuous variables in a non-polynomial) is Unsupported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from sympy.stats.crv import SingleContinuousPSpace
from sympy.stats.frv import SingleFinitePSpace
from sympy.stats.rv import RandomSymbol
from sympy.stats.symbolic_probability import Covariance, Expectation, Probability, Variance

from checker.ball import (
    HANDLERS,
    Env,
    NotHolomorphic,
    Undecidable,
    Unsupported,
    Value,
    add,
    evaluate,
    is_zero,
    mul,
    to_arb,
)
from checker.ball_calculus import MAX_TERMS, integrate
from checker.ball_functions import truth
from checker.ball_laws import exponential_mean, moment, probability_between

STATS = (Expectation, Probability, Variance, Covariance)


@lru_cache(maxsize=512)
def _lifted(f: sympy.Basic) -> tuple[sympy.Basic, tuple[tuple[sympy.Dummy, sympy.Basic], ...]]:
    """``f`` with its outermost nested expectations (constants) replaced by dummies."""
    found: dict[sympy.Basic, sympy.Dummy] = {}

    def lift(e: sympy.Basic) -> sympy.Basic:
        if isinstance(e, STATS):
            return found.setdefault(e, sympy.Dummy("E"))
        if not e.args or not e.has(*STATS):
            return e
        return e.func(*[lift(a) for a in e.args])

    g = lift(f)
    return g, tuple((d, e) for e, d in found.items())


def _parts(f: sympy.Basic, env: Env) -> tuple[sympy.Basic, Env, list[RandomSymbol], list[RandomSymbol]]:
    g, consts = _lifted(f)
    if consts:
        env = env.bind({d: evaluate(e, env) for d, e in consts})
    rvs = sorted(g.atoms(RandomSymbol), key=lambda r: r.name)
    finite = [r for r in rvs if isinstance(r.pspace, SingleFinitePSpace)]
    cont = [r for r in rvs if isinstance(r.pspace, SingleContinuousPSpace)]
    if len(finite) + len(cont) != len(rvs):
        raise Unsupported("a random variable that is neither finite nor a single continuous one")
    return g, env, finite, cont


def _enumerate(finite: list[RandomSymbol], env: Env, inner: Callable[[Env], Value]) -> Value:
    if not finite:
        return inner(env)
    try:
        tables = [list(r.pspace.distribution.dict.items()) for r in finite]
    except Exception as exc:  # noqa: BLE001 - a distribution without an explicit table
        raise Unsupported("a finite distribution without a table") from exc
    if math.prod(len(t) for t in tables) > MAX_TERMS:
        raise Unsupported("too many joint outcomes")
    tables = [[(evaluate(v, env), evaluate(p, env)) for v, p in t] for t in tables]
    terms = []
    for combo in itertools.product(*tables):
        w = mul([p for _, p in combo])
        if not is_zero(w):
            terms.append(mul([w, inner(env.bind({r: v for r, (v, _) in zip(finite, combo, strict=True)}))]))
    return add(terms)


@lru_cache(maxsize=512)
def _variable(rv: RandomSymbol) -> sympy.Dummy:
    return sympy.Dummy("t", real=True)


@lru_cache(maxsize=512)
def _against(g: sympy.Basic, rv: RandomSymbol) -> tuple[sympy.Basic, sympy.Dummy, Any, Any]:
    """``g`` times the density of ``rv``, in a fresh variable, and the support's ends."""
    dist = rv.pspace.distribution
    if not isinstance(dist.set, sympy.Interval):
        raise Unsupported("a support that is not an interval")
    t = _variable(rv)
    return g.xreplace({rv: t}) * dist.pdf(t), t, dist.set.start, dist.set.end


def _integrate_against(g: sympy.Basic, rv: RandomSymbol, env: Env) -> Value:
    f, t, lo, hi = _against(g, rv)
    return evaluate(sympy.Integral(f, (t, lo, hi)), env)


@lru_cache(maxsize=512)
def _polynomial(g: sympy.Basic, cont: tuple[RandomSymbol, ...]) -> tuple[tuple[tuple[int, ...], sympy.Basic], ...] | None:
    try:
        p = sympy.Poly(g, *cont)
    except sympy.PolynomialError:
        return None
    return tuple(p.as_dict(native=False).items())


def _moment(rv: RandomSymbol, k: int, env: Env) -> Value:
    """E[rv**k]: the law's formula where there is one, else quadrature against the density."""
    known = moment(rv, k, env)
    return known if known is not None else _integrate_against(rv**k, rv, env)


def _against_law(g: sympy.Basic, rv: RandomSymbol, env: Env) -> Value:
    """E[g(rv)]: the moment generating function where it applies, else quadrature against the density."""
    known = exponential_mean(g, rv, env)
    return known if known is not None else _integrate_against(g, rv, env)


def mean(f: sympy.Basic, env: Env) -> Value:
    """E[f] over every random symbol in ``f``."""
    g, env, finite, cont = _parts(f, env)
    if not cont:
        return _enumerate(finite, env, lambda e: evaluate(g, e))
    poly = _polynomial(g, tuple(cont))
    if poly is not None:
        terms = []
        for monomial, coeff in poly:
            moments = [_moment(r, k, env) for r, k in zip(cont, monomial, strict=True) if k]
            terms.append(mul([mean(coeff, env), *moments]))
        return add(terms)
    if len(cont) == 1:
        return _enumerate(finite, env, lambda e: _against_law(g, cont[0], e))
    factors = sympy.Mul.make_args(sympy.expand(g, power_exp=True, mul=False, multinomial=False, basic=False))
    groups: dict[Any, list[sympy.Basic]] = {}
    for fac in factors:
        deps = [r for r in cont if fac.has(r)]
        if len(deps) > 1:
            raise Unsupported("an expectation over several continuous variables")
        groups.setdefault(deps[0] if deps else None, []).append(fac)

    def inner(e: Env) -> Value:
        vals = [_integrate_against(sympy.Mul(*fs), r, e) for r, fs in groups.items() if r is not None]
        return mul([evaluate(sympy.Mul(*groups.get(None, [])), e), *vals])

    return _enumerate(finite, env, inner)


def _region(cond: sympy.Basic, rv: RandomSymbol, env: Env) -> Value:
    """P(cond) for one continuous variable: cut at the exactly isolated roots of every relation."""
    dist = rv.pspace.distribution
    t = _variable(rv)
    c = cond.xreplace({rv: t})
    exact = {}
    for s in c.free_symbols - {t}:
        v = env.values.get(s)
        if type(v) is not Fraction:
            raise Unsupported("a probability region with inexact parameters")
        exact[s] = sympy.Rational(v.numerator, v.denominator)
    cuts: list[tuple[Fraction, Fraction]] = []
    for rel in c.atoms(sympy.core.relational.Relational):
        p = sympy.Poly((rel.lhs - rel.rhs).xreplace(exact), t)
        if not (p.domain.is_ZZ or p.domain.is_QQ):
            raise Unsupported("a probability region that is not polynomial over the rationals")
        eps = sympy.Rational(1, 2 ** (env.state.prec + 8))
        for (a, b), _ in p.intervals(eps=eps) if p.degree() > 0 else []:
            cuts.append((Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))))
    lo, hi = (_support_end(x, env) for x in (dist.set.start, dist.set.end))
    cuts.sort()
    merged: list[list[Fraction]] = []
    for a, b in cuts:
        if b <= lo or a >= hi:
            continue  # outside the support (or on its ends)
        if a <= lo or b >= hi:
            raise Undecidable("a root too close to the end of the support")
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    ends: list[Any] = [lo] + [to_arb(a).union(to_arb(b)) for a, b in merged] + [hi]
    bounds = [(lo, lo)] + [(a, b) for a, b in merged] + [(hi, hi)]
    total = []
    for k in range(len(bounds) - 1):
        inside = env.bind({t: _between(bounds[k][1], bounds[k + 1][0])})
        if truth(c, inside):
            known = probability_between(rv, ends[k], ends[k + 1], env)
            total.append(known if known is not None else integrate(dist.pdf(t), t, ends[k], ends[k + 1], env))
    return add(total)


def _support_end(x: sympy.Basic, env: Env) -> Fraction | float:
    if not x.is_finite:
        return math.inf if x.is_extended_positive else -math.inf
    v = evaluate(x, env)
    if type(v) is not Fraction:
        raise Unsupported("a support with inexact ends")
    return v


def _between(a: Fraction | float, b: Fraction | float) -> Fraction:
    """An exact point strictly between ``a`` < ``b`` (either may be infinite)."""
    if isinstance(a, float) and isinstance(b, float):
        return Fraction(0)
    if isinstance(a, float):
        return Fraction(b) - 1
    if isinstance(b, float):
        return Fraction(a) + 1
    return (Fraction(a) + Fraction(b)) / 2


def _probability(e: Probability, env: Env) -> Value:
    if env.analytic is not None:
        raise NotHolomorphic("a probability inside an integrand")
    if len(e.args) > 1:
        raise Unsupported("a conditional probability")
    g, env, finite, cont = _parts(e.args[0], env)
    if len(cont) > 1:
        raise Unsupported("a probability over several continuous variables")
    if cont:
        return _enumerate(finite, env, lambda x: _region(g, cont[0], x))
    return _enumerate(finite, env, lambda x: Fraction(int(truth(g, x))))


@lru_cache(maxsize=256)
def _mean_symbol(f: sympy.Basic) -> sympy.Dummy:
    return sympy.Dummy("mean")


def _centred(f: sympy.Basic, env: Env) -> tuple[sympy.Basic, Env]:
    c = _mean_symbol(f)
    return f - c, env.bind({c: mean(f, env)})


def _expectation(e: Expectation, env: Env) -> Value:
    if env.analytic is not None:
        raise NotHolomorphic("an expectation inside an integrand")
    if len(e.args) > 1:
        raise Unsupported("a conditional expectation")
    return mean(e.args[0], env)


def _variance(e: Variance, env: Env) -> Value:
    if len(e.args) > 1:
        raise Unsupported("a conditional variance")
    d, env = _centred(e.args[0], env)
    return mean(d**2, env)


def _covariance(e: Covariance, env: Env) -> Value:
    if len(e.args) > 2:
        raise Unsupported("a conditional covariance")
    d1, env = _centred(e.args[0], env)
    d2, env = _centred(e.args[1], env)
    return mean(d1 * d2, env)


HANDLERS.update({Expectation: _expectation, Probability: _probability, Variance: _variance, Covariance: _covariance})
