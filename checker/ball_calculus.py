"""Unevaluated calculus, evaluated independently of SymPy's ``doit``.

Integral: ``acb.integral`` (rigorous) on finite ranges; mpmath quadrature on infinite ranges and for
integrands that are not holomorphic-aware (not certified). Sum and Product: term by term in Karr's
convention, as SymPy's. Limit: mpmath extrapolation, two sampling schemes that must agree (not certified).
Derivative: SymPy's ``diff`` (differentiation is reliable), then evaluated. Subs: bound, then evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

import mpmath
import sympy
from flint import acb, arb, ctx

from checker.ball import (
    HANDLERS,
    Env,
    NotHolomorphic,
    Undecidable,
    Undefined,
    Unsupported,
    Value,
    add,
    evaluate,
    free,
    integer,
    mul,
    nan,
    norm,
    power,
    real,
    to_acb,
)
from checker.ball_gaussian import whole_line

MAX_TERMS = 10_000  # terms of one sum or product written out
PASS_TERMS = 200_000  # terms written out in one evaluation pass (nested sums)
CAPPED_PREC = 256  # integrals and limits are computed at most at this precision (~77 digits)
EVAL_LIMIT = 100_000  # integrand evaluations per acb.integral

Endpoint = Value | float  # ±math.inf for an infinite limit
_CONSTANTS: dict[Any, tuple[Any, bool]] = {}  # capped integrals and limits without free symbols


# --- mpmath conversions ------------------------------------------------------------------------

def _mpf(x: arb) -> mpmath.mpf:
    m, e = (int(t) for t in x.mid().man_exp())
    return mpmath.mpf((m, e))


def to_mpc(v: Value) -> mpmath.mpc:
    """The midpoint of ``v`` at mpmath's working precision."""
    if type(v) is Fraction:
        return mpmath.mpc(mpmath.mpf(v.numerator) / v.denominator)
    z = to_acb(v)
    return mpmath.mpc(_mpf(z.real), _mpf(z.imag))


def from_mpf(t: mpmath.mpf) -> arb:
    """An mpmath number as an exact ball."""
    s, man, e, _ = t._mpf_
    return arb((-man if s else man, e))


def mp_ball(v: mpmath.mpc, err: Any, dps: int) -> Value:
    """An estimate with an error estimate as a ball (never exact: it is not certified)."""
    slack = mpmath.mpf(10) ** (-(2 * dps // 3))  # mpmath's error estimates can be optimistic
    rad = 100 * abs(err) + (abs(v) + 1) * slack
    r = arb(mid=from_mpf(mpmath.mpf(v.real)), rad=from_mpf(mpmath.mpf(rad)))
    i = arb(mid=from_mpf(mpmath.mpf(v.imag)), rad=from_mpf(mpmath.mpf(rad)))
    return acb(r, i) if v.imag else r


def mp_dps(env: Env) -> int:
    """mpmath's digits: the pass precision's (memoized constants have it), ~77 at most; +10 to confirm."""
    return int(min(env.state.prec, CAPPED_PREC) * 0.30103) + (10 if env.state.confirm else 0)


def _mp_eval(f: Any, var: sympy.Basic, env: Env) -> Any:
    """``f`` as a function of ``var`` for mpmath: balls at mpmath's precision, their midpoints."""
    plain = replace(env, analytic=None)

    def fn(t: Any) -> mpmath.mpc:
        try:
            with ctx.workprec(mpmath.mp.prec + 16):  # mpmath raises its precision internally
                v = evaluate(f, plain.bind({var: from_mpf(mpmath.mpf(t))}))
        except Undefined as exc:
            raise Undecidable(f"undefined at a sample point: {exc}") from exc
        return to_mpc(v)

    return fn


# --- integrals ---------------------------------------------------------------------------------

def _endpoint(a: Any, env: Env) -> Endpoint:
    if a is sympy.oo:
        return math.inf
    if a is sympy.S.NegativeInfinity:
        return -math.inf
    v = evaluate(a, env)
    if isinstance(v, acb):
        raise Unsupported("integral with a complex limit")
    return v


def _middle(lo: mpmath.mpf, hi: mpmath.mpf) -> mpmath.mpf:
    if mpmath.isfinite(lo) and mpmath.isfinite(hi):
        return (lo + hi) / 2
    if mpmath.isfinite(lo) or mpmath.isfinite(hi):
        return lo + 1 if mpmath.isfinite(lo) else hi - 1
    return mpmath.mpf(0)


def quad(f: Any, var: sympy.Basic, a: Endpoint, b: Endpoint, env: Env) -> Value:
    """mpmath quadrature (not certified); the confirming pass splits the range and uses more digits."""
    env.state.certified = False
    dps = mp_dps(env)
    with mpmath.workdps(dps):
        ends = [mpmath.mpf(x) if isinstance(x, float) else to_mpc(x).real for x in (a, b)]
        if env.state.confirm:
            ends = [ends[0], _middle(*ends), ends[1]]
        v, err = mpmath.quad(_mp_eval(f, var, env), ends, error=True)
        return mp_ball(mpmath.mpc(v), err, dps)


def _rigorous(f: Any, var: sympy.Basic, a: Value, b: Value, env: Env) -> acb:
    failures: list[Exception] = []
    line = env.line | {var}

    def fn(z: acb, analytic: bool) -> acb:
        try:
            inner = replace(env.bind({var: norm(z)}), analytic=bool(analytic), line=line)
            return to_acb(evaluate(f, inner))
        except (Undecidable, Undefined):
            return nan()
        except Exception as exc:  # noqa: BLE001 - re-raised below: the callback must not raise into arb
            failures.append(exc)
            return nan()

    with ctx.workprec(min(env.state.prec, CAPPED_PREC)):
        r = acb.integral(fn, to_acb(a), to_acb(b), eval_limit=EVAL_LIMIT)
    if failures:
        raise failures[0]
    return r


def integrate(f: Any, var: sympy.Basic, a: Endpoint, b: Endpoint, env: Env) -> Value:
    """``∫_a^b f d(var)``: rigorous where arb can, else quadrature (not certified)."""
    if isinstance(a, float) or isinstance(b, float):
        closed = whole_line(f, var, env) if (a, b) == (-math.inf, math.inf) else None
        return closed if closed is not None else quad(f, var, a, b, env)
    try:
        r = _rigorous(f, var, a, b, env)
    except NotHolomorphic:
        return quad(f, var, a, b, env)
    if not r.is_finite():
        return quad(f, var, a, b, env)
    return norm(r)


def _capped(e: Any, env: Env, compute: Callable[[], Value]) -> Value:
    """``compute()``, shared by the passes above ``CAPPED_PREC`` when ``e`` depends on no loop variable."""
    if not free(e).isdisjoint(env.bound):
        return compute()
    key = (e, min(env.state.prec, CAPPED_PREC), env.state.confirm)
    cache = env.state.shared if free(e) else _CONSTANTS  # a constant is the same at every point
    if len(_CONSTANTS) > 512:
        _CONSTANTS.clear()
    if key not in cache:
        certified = env.state.certified
        env.state.certified = True
        try:
            cache[key] = (compute(), env.state.certified)
        except Undecidable as exc:
            cache[key] = (exc, True)
        finally:
            env.state.certified = certified
    value, ok = cache[key]
    env.state.certified = env.state.certified and ok
    if isinstance(value, Exception):
        raise value
    return value


def _integral(e: sympy.Integral, env: Env) -> Value:
    return _capped(e, env, lambda: _integral_of(e, env))


def _integral_of(e: sympy.Integral, env: Env) -> Value:
    if env.analytic is not None:
        raise NotHolomorphic("an integral depending on the integration variable")
    if any(len(lim) != 3 for lim in e.limits):
        raise Unsupported("indefinite integral")
    f = sympy.Integral(e.function, *e.limits[:-1]) if len(e.limits) > 1 else e.function  # the inner integrals
    x, a, b = e.limits[-1]
    return integrate(f, x, _endpoint(a, env), _endpoint(b, env), env)


# --- sums and products (Karr's convention) -----------------------------------------------------

def _bound(a: Any, env: Env) -> int:
    if a.is_infinite:
        raise Unsupported("an infinite sum or product")
    n = integer(evaluate(a, env))
    if n is None:
        raise Unsupported("a non-integer summation limit")
    return n


def _series(e: sympy.Sum | sympy.Product, env: Env) -> Value:
    is_sum = isinstance(e, sympy.Sum)
    f = type(e)(e.function, *e.limits[:-1]) if len(e.limits) > 1 else e.function  # the inner sums
    i, a, b = e.limits[-1]
    lo, hi = _bound(a, env), _bound(b, env)
    n = hi - lo + 1
    flip = n < 0  # Karr: sum_{a}^{b} = -sum_{b+1}^{a-1}, product_{a}^{b} = 1/product_{b+1}^{a-1}
    if flip:
        lo, hi, n = hi + 1, lo - 1, -n
    if n == 0:
        return Fraction(int(not is_sum))
    if i not in free(f):
        term = evaluate(f, env)
        total = mul([term, Fraction(n)]) if is_sum else power(term, Fraction(n))
    else:
        if n > MAX_TERMS:
            raise Unsupported(f"a sum or product of {n} terms")
        env.state.terms += n
        if env.state.terms > PASS_TERMS:
            raise Unsupported("too many terms in nested sums")
        vals = [evaluate(f, env.bind({i: Fraction(j)})) for j in range(lo, hi + 1)]
        total = add(vals) if is_sum else mul(vals)
    if flip:
        return mul([Fraction(-1), total]) if is_sum else power(total, Fraction(-1))
    return total


# --- limits, derivatives, substitutions --------------------------------------------------------

def _limit(e: sympy.Limit, env: Env) -> Value:
    return _capped(e, env, lambda: _limit_of(e, env))


def _limit_of(e: sympy.Limit, env: Env) -> Value:
    if env.analytic is not None:
        raise NotHolomorphic("a limit inside an integrand")
    f, z, z0, d = e.args
    env.state.certified = False
    dps = mp_dps(env)
    if z0 is sympy.oo or z0 is sympy.S.NegativeInfinity:
        sides = [1]
    else:
        sides = {"+": [1], "-": [-1]}.get(str(d), [1, -1])
    with mpmath.workdps(dps):
        x0 = mpmath.inf if z0 is sympy.oo else -mpmath.inf if z0 is sympy.S.NegativeInfinity else None
        if x0 is None:
            x0 = to_mpc(real(evaluate(z0, env))).real
        fn = _mp_eval(f, z, env)
        tol = mpmath.mpf(10) ** (-(dps // 3))
        estimates = []
        for side in sides:
            step = side * mpmath.mpf(2) ** -8
            linear = mpmath.limit(fn, x0, direction=step, exp=env.state.confirm)
            expo = mpmath.limit(fn, x0, direction=step, exp=not env.state.confirm)
            if abs(linear - expo) > tol * max(1, abs(linear)):
                raise Undecidable("the limit estimates disagree")
            estimates.append((linear, abs(linear - expo)))
        (v, err), rest = estimates[0], estimates[1:]
        for w, err2 in rest:
            if abs(v - w) > tol * max(1, abs(v)):
                raise Undecidable("the one-sided limits disagree")
            err = max(err, err2, abs(v - w))
        return mp_ball(mpmath.mpc(v), err, dps)


@lru_cache(maxsize=512)
def derivative(e: sympy.Derivative) -> sympy.Expr:
    """The derivative by SymPy's ``diff`` (inner integrals and sums are not done)."""
    d = sympy.Derivative(e.expr, *e.variable_count, evaluate=True)
    if d.has(sympy.Derivative):
        raise Unsupported("a derivative SymPy cannot differentiate")
    return d


def _derivative(e: sympy.Derivative, env: Env) -> Value:
    return evaluate(derivative(e), env)


def _subs(e: sympy.Subs, env: Env) -> Value:
    pairs = {v: evaluate(p, env) for v, p in zip(e.variables, e.point, strict=True)}
    return evaluate(e.expr, env.bind(pairs))


HANDLERS.update({
    sympy.Integral: _integral,
    sympy.Sum: _series,
    sympy.Product: _series,
    sympy.Limit: _limit,
    sympy.Derivative: _derivative,
    sympy.Subs: _subs,
})
