"""Special functions on balls: gamma and its relatives, Bessel, polylog, Lambert W, Airy, Fresnel, elliptic.

Values follow SymPy's conventions (checked against SymPy's N on and off the cuts in
tests/unit/test_certified.py). Inside an integrand only the entire ones are used; the others make the
integral fall back to quadrature (NotHolomorphic).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy
from flint import acb

from checker.ball import (
    HANDLERS,
    Env,
    NotHolomorphic,
    Undefined,
    Unsupported,
    Value,
    add,
    evaluate,
    finish,
    integer,
    mul,
    power,
    to_acb,
    to_arb,
)


def _gamma_of(v: Value) -> Value:
    n = integer(v)
    if n is not None and n <= 0:
        raise Undefined("gamma at a pole")
    if not isinstance(v, acb):
        return finish(to_arb(v).gamma(), v)
    return finish(v.gamma(), v)


def _factorial(e: sympy.factorial, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    n = integer(v)
    if n is not None and 0 <= n <= 3000:
        return Fraction(math.factorial(n))
    return _gamma_of(add([v, Fraction(1)]))


def _binomial(e: sympy.binomial, env: Env) -> Value:
    n, k = (evaluate(a, env) for a in e.args)
    kk = integer(k)
    if kk is not None and kk < 0:
        return Fraction(0)
    if kk is not None and kk <= 3000:
        num = mul([add([n, Fraction(-i)]) for i in range(kk)]) if kk else Fraction(1)
        return mul([num, Fraction(1, math.factorial(kk))])
    den = mul([_gamma_of(add([k, Fraction(1)])), _gamma_of(add([n, mul([Fraction(-1), k]), Fraction(1)]))])
    return mul([_gamma_of(add([n, Fraction(1)])), power(den, Fraction(-1))])


def _gamma(e: sympy.gamma, env: Env) -> Value:
    return _gamma_of(evaluate(e.args[0], env))


def _polygamma(e: sympy.polygamma, env: Env) -> Value:
    if integer(evaluate(e.args[0], env)) != 0:
        raise Unsupported("polygamma of order > 0")
    v = evaluate(e.args[1], env)
    if integer(v) is not None and integer(v) <= 0:
        raise Undefined("digamma at a pole")
    return finish(to_arb(v).digamma() if not isinstance(v, acb) else v.digamma(), v)


def _complex(fn: Callable[..., acb], entire: bool = False, arity: tuple[int, ...] = (1,)) -> Callable[[Any, Env], Value]:
    """A handler calling ``fn`` on the arguments as complex balls (principal branches)."""

    def handler(e: Any, env: Env) -> Value:
        if len(e.args) not in arity:
            raise Unsupported(f"{type(e).__name__} with {len(e.args)} arguments")
        if env.analytic is not None and not entire:
            raise NotHolomorphic(type(e).__name__)
        vals = [evaluate(a, env) for a in e.args]
        return finish(fn(*[to_acb(v) for v in vals]), *vals)

    return handler


def _lambertw(e: Any, env: Env) -> Value:
    if env.analytic is not None:
        raise NotHolomorphic("LambertW")
    z = evaluate(e.args[0], env)
    k = integer(evaluate(e.args[1], env)) if len(e.args) > 1 else 0
    if k is None:
        raise Unsupported("LambertW of a non-integer branch")
    return finish(to_acb(z).lambertw(branch=k), z)


def _zeta(s: acb, a: acb | None = None) -> acb:
    return s.zeta() if a is None else s.zeta(a)


def _inverse_erf(complement: bool) -> Callable[[Any, Env], Value]:
    def handler(e: Any, env: Env) -> Value:
        if env.analytic is not None:
            raise NotHolomorphic("erfinv")
        v = evaluate(e.args[0], env)
        x = to_arb(v) if not isinstance(v, acb) else None
        lo, hi = (0, 2) if complement else (-1, 1)
        if x is None or not (x > lo and x < hi):
            raise Unsupported("erfinv outside its real domain")
        return finish(x.erfcinv() if complement else x.erfinv(), v)

    return handler


HANDLERS.update({
    sympy.gamma: _gamma,
    sympy.factorial: _factorial,
    sympy.binomial: _binomial,
    sympy.polygamma: _polygamma,
    sympy.zeta: _complex(_zeta, arity=(1, 2)),
    sympy.beta: lambda e, env: mul([_gamma_of(evaluate(e.args[0], env)), _gamma_of(evaluate(e.args[1], env)),
                                    power(_gamma_of(add([evaluate(a, env) for a in e.args])), Fraction(-1))]),
    sympy.besselj: _complex(lambda nu, z: z.bessel_j(nu), arity=(2,)),
    sympy.bessely: _complex(lambda nu, z: z.bessel_y(nu), arity=(2,)),
    sympy.besseli: _complex(lambda nu, z: z.bessel_i(nu), arity=(2,)),
    sympy.besselk: _complex(lambda nu, z: z.bessel_k(nu), arity=(2,)),
    sympy.polylog: _complex(lambda s, z: z.polylog(s), arity=(2,)),
    sympy.uppergamma: _complex(lambda s, z: z.gamma_upper(s), arity=(2,)),
    sympy.lowergamma: _complex(lambda s, z: z.gamma_lower(s), arity=(2,)),
    sympy.expint: _complex(lambda nu, z: z.expint(nu), arity=(2,)),
    sympy.LambertW: _lambertw,
    sympy.elliptic_k: _complex(acb.elliptic_k),
    sympy.elliptic_e: _complex(acb.elliptic_e),
    sympy.airyai: _complex(acb.airy_ai, entire=True),
    sympy.airybi: _complex(acb.airy_bi, entire=True),
    sympy.fresnels: _complex(acb.fresnel_s, entire=True),
    sympy.fresnelc: _complex(acb.fresnel_c, entire=True),
    sympy.sinc: _complex(acb.sinc, entire=True),
    sympy.erfinv: _inverse_erf(complement=False),
    sympy.erfcinv: _inverse_erf(complement=True),
})
