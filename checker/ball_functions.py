"""Elementary and special functions, Piecewise and relationals, on balls.

Principal branches are SymPy's: a real argument outside a function's real domain (log or a fractional
power of a negative real, asin/acos/atanh beyond ±1, acosh below 1) goes to arb's complex function, whose
values on the cuts match SymPy's (mpmath's) there (see tests/unit/test_certified.py). Inside an integrand
(``env.analytic`` set) a ball that touches a branch cut is Undecidable (the integrator then bisects), and
the discontinuous functions use arb's ``real_*`` continuations, which need a real-valued argument on the
integration path: otherwise NotHolomorphic (the integral falls back to quadrature).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from flint import acb, arb

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
    finish,
    is_zero,
    mul,
    norm,
    real,
    sign,
    to_acb,
    to_arb,
)

# --- real domains (certainly inside) and branch cuts (a ball touching them) ---------------------


def _positive(x: arb) -> bool:
    return bool(x > 0)


def _unit_closed(x: arb) -> bool:
    return bool(x >= -1) and bool(x <= 1)


def _unit_open(x: arb) -> bool:
    return bool(x > -1) and bool(x < 1)


def _nonzero(x: arb) -> bool:
    return bool(x > 0) or bool(x < 0)


def _cut_negative(z: acb) -> bool:
    return 0 in z.imag and not z.real > 0


def _cut_outside_unit(z: acb) -> bool:
    return 0 in z.imag and not (z.real > -1 and z.real < 1)


def _cut_below_one(z: acb) -> bool:
    return 0 in z.imag and not z.real > 1


def _cut_imag_outside_unit(z: acb) -> bool:
    return 0 in z.real and not (z.imag > -1 and z.imag < 1)


def unary(real_fn: Callable[[arb], arb], complex_fn: Callable[[acb], acb],
          domain: Callable[[arb], bool] | None = None, cut: Callable[[acb], bool] | None = None) -> Callable[[Any, Env], Value]:
    """A handler: the real function inside its real domain, else the complex (principal) one."""

    def handler(e: Any, env: Env) -> Value:
        if len(e.args) != 1:
            raise Unsupported(f"{type(e).__name__} with {len(e.args)} arguments")
        v = evaluate(e.args[0], env)
        if env.analytic and cut is not None and cut(to_acb(v)):
            raise Undecidable("the ball touches a branch cut")
        if not isinstance(v, acb) and (domain is None or domain(to_arb(v))):
            return finish(real_fn(to_arb(v)), v)
        return finish(complex_fn(to_acb(v)), v)

    return handler


def _exp(e: sympy.exp, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    return Fraction(1) if is_zero(v) else finish(v.exp() if type(v) is not Fraction else to_arb(v).exp(), v)


def _log(e: sympy.log, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    if v == Fraction(1):
        return Fraction(0)
    if is_zero(v):
        raise Undefined("log(0)")
    if env.analytic is None and not isinstance(v, acb) and to_arb(v) > 0:
        return finish(to_arb(v).log(), v)
    return finish(to_acb(v).log(analytic=bool(env.analytic)), v)


# --- functions of a real argument on the integration path ---------------------------------------

@lru_cache(maxsize=1024)
def _sympy_real(arg: sympy.Basic, real_syms: frozenset[sympy.Basic]) -> bool:
    dummies = {s: sympy.Dummy(real=True) for s in real_syms}
    return arg.xreplace(dummies).is_extended_real is True


def line_real(arg: Any, v: Value, env: Env) -> acb:
    """``v`` (the value of ``arg`` inside an integrand) as an acb, if ``arg`` is real on the real line."""
    syms = frozenset(s for s in arg.free_symbols if s in env.values)
    if any(isinstance(env.values[s], acb) and s not in env.line for s in syms):
        raise NotHolomorphic("complex parameter")
    if not _sympy_real(arg, syms):
        raise NotHolomorphic("argument not known to be real on the path")
    if env.analytic is False and isinstance(v, acb) and 0 not in v.imag:
        raise NotHolomorphic("argument is not real on the path")
    return to_acb(v)


def _abs(e: sympy.Abs, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    if env.analytic is not None:
        return line_real(e.args[0], v, env).real_abs(analytic=env.analytic)
    return abs(v) if type(v) is Fraction else norm(abs(v))


def _sign(e: sympy.sign, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    if env.analytic is not None:
        return line_real(e.args[0], v, env).real_sgn(analytic=env.analytic)
    if not isinstance(v, acb):
        return Fraction(sign(v))
    if is_zero(v):
        return Fraction(0)
    if 0 in v:
        raise Undecidable("sign of a ball containing zero")
    return finish(v / abs(v), v)


def _heaviside(e: sympy.Heaviside, env: Env) -> Value:
    v = evaluate(e.args[0], env)
    if env.analytic is not None:
        return line_real(e.args[0], v, env).real_heaviside(analytic=env.analytic)
    s = sign(real(v))
    if s == 0:
        return evaluate(e.args[1], env) if len(e.args) > 1 else Fraction(1, 2)
    return Fraction(int(s > 0))


def _floor_real(v: Fraction | arb, up: bool) -> Fraction:
    if type(v) is Fraction:
        return Fraction(math.ceil(v) if up else math.floor(v))
    if v.is_exact() or not v.contains_integer():
        r = norm(v.ceil() if up else v.floor())
        if type(r) is Fraction:
            return r
    raise Undecidable("the ball straddles an integer")


def _rounding(up: bool) -> Callable[[Any, Env], Value]:
    def handler(e: Any, env: Env) -> Value:
        v = evaluate(e.args[0], env)
        if env.analytic is not None:
            z = line_real(e.args[0], v, env)
            return z.real_ceil(analytic=env.analytic) if up else z.real_floor(analytic=env.analytic)
        if isinstance(v, acb):  # SymPy: floor(a + b i) = floor(a) + floor(b) i
            re_, im_ = norm(v.real), norm(v.imag)
            return norm(acb(to_arb(_floor_real(re_, up)), to_arb(_floor_real(im_, up))))
        return _floor_real(v, up)

    return handler


def _extremum(largest: bool) -> Callable[[Any, Env], Value]:
    def handler(e: Any, env: Env) -> Value:
        vals = [evaluate(a, env) for a in e.args]
        if env.analytic is not None:
            zs = [line_real(a, v, env) for a, v in zip(e.args, vals, strict=True)]
            out = zs[0]
            for z in zs[1:]:
                out = out.real_max(z, analytic=env.analytic) if largest else out.real_min(z, analytic=env.analytic)
            return out
        rs = [real(v) for v in vals]
        if all(type(r) is Fraction for r in rs):
            return max(rs) if largest else min(rs)
        out = to_arb(rs[0])
        for r in rs[1:]:
            out = out.max(to_arb(r)) if largest else out.min(to_arb(r))
        return norm(out)

    return handler


def _no_analytic(env: Env, name: str) -> None:
    if env.analytic is not None:
        raise NotHolomorphic(name)


def _part(kind: str) -> Callable[[Any, Env], Value]:
    def handler(e: Any, env: Env) -> Value:
        _no_analytic(env, kind)
        v = evaluate(e.args[0], env)
        if not isinstance(v, acb):
            return {"re": v, "im": Fraction(0), "conjugate": v}[kind]
        return norm({"re": v.real, "im": v.imag, "conjugate": v.conjugate()}[kind])

    return handler


def _arg(e: sympy.arg, env: Env) -> Value:
    _no_analytic(env, "arg")
    v = evaluate(e.args[0], env)
    if is_zero(v):
        raise Undefined("arg(0)")
    if not isinstance(v, acb):
        return Fraction(0) if sign(v) > 0 else arb.pi()
    return finish(v.arg(), v)


def _atan2(e: sympy.atan2, env: Env) -> Value:
    _no_analytic(env, "atan2")
    y, x = (real(evaluate(a, env)) for a in e.args)
    if is_zero(y) and is_zero(x):
        raise Undefined("atan2(0, 0)")
    return finish(arb.atan2(to_arb(y), to_arb(x)), y, x)


def _mod(e: sympy.Mod, env: Env) -> Value:
    _no_analytic(env, "Mod")
    a, b = (real(evaluate(t, env)) for t in e.args)
    if is_zero(b):
        raise Undefined("Mod by zero")
    if type(a) is Fraction and type(b) is Fraction:
        return a % b  # the sign of the divisor, as SymPy's Mod
    q = _floor_real(norm(to_arb(a) / to_arb(b)), up=False)
    return add([a, mul([Fraction(-1), b, q])])


def _kronecker(e: sympy.KroneckerDelta, env: Env) -> Value:
    _no_analytic(env, "KroneckerDelta")
    d = add([evaluate(e.args[0], env), mul([Fraction(-1), evaluate(e.args[1], env)])])
    if is_zero(d):
        return Fraction(1)
    if 0 not in to_acb(d):
        return Fraction(0)
    raise Undecidable("KroneckerDelta of overlapping balls")


# --- relationals and Piecewise -----------------------------------------------------------------

def truth(c: Any, env: Env) -> bool:
    """Decide a condition at this point, or Undecidable."""
    if c is sympy.true or c is sympy.false:
        return bool(c)
    if isinstance(c, sympy.Not):
        return not truth(c.args[0], env)
    if isinstance(c, (sympy.And, sympy.Or)):
        want = isinstance(c, sympy.Or)
        undecided = False
        for a in c.args:
            try:
                if truth(a, env) is want:
                    return want
            except Undecidable:
                undecided = True
        if undecided:
            raise Undecidable("a condition is undecided")
        return not want
    if not isinstance(c, sympy.core.relational.Relational):
        raise Unsupported(type(c).__name__)
    a, b = evaluate(c.lhs, env), evaluate(c.rhs, env)
    d = add([a, mul([Fraction(-1), b])])
    if isinstance(c, (sympy.Eq, sympy.Ne)):
        if is_zero(d):
            return isinstance(c, sympy.Eq)
        if 0 not in to_acb(d):
            return isinstance(c, sympy.Ne)
        raise Undecidable("equality of overlapping balls")
    if env.analytic is not None:
        d = line_real(c.lhs - c.rhs, d, env)
    s = sign(real(d, env.analytic))
    return {sympy.Lt: s < 0, sympy.Le: s <= 0, sympy.Gt: s > 0, sympy.Ge: s >= 0}[type(c)]


def _piecewise(e: sympy.Piecewise, env: Env) -> Value:
    """The first branch whose condition holds; on a crude integrand ball the union of those that may."""
    maybe = []
    for expr, cond in e.args:
        try:
            holds = truth(cond, env)
        except Undecidable:
            if env.analytic is not False:
                raise
            maybe.append(expr)
            continue
        if holds:
            if not maybe:
                return evaluate(expr, env)
            out = to_acb(evaluate(expr, env))
            for other in maybe:
                out = out.union(to_acb(evaluate(other, env)))
            return out
    if maybe:
        raise Undecidable("no Piecewise branch surely applies")
    raise Undefined("no Piecewise branch applies")


_TABLE: dict[type, Callable[[Any, Env], Value]] = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.sin: unary(arb.sin, acb.sin),
    sympy.cos: unary(arb.cos, acb.cos),
    sympy.tan: unary(arb.tan, acb.tan),
    sympy.cot: unary(arb.cot, acb.cot),
    sympy.sec: unary(arb.sec, acb.sec),
    sympy.csc: unary(arb.csc, acb.csc),
    sympy.asin: unary(arb.asin, acb.asin, _unit_closed, _cut_outside_unit),
    sympy.acos: unary(arb.acos, acb.acos, _unit_closed, _cut_outside_unit),
    sympy.atan: unary(arb.atan, acb.atan, None, _cut_imag_outside_unit),
    sympy.sinh: unary(arb.sinh, acb.sinh),
    sympy.cosh: unary(arb.cosh, acb.cosh),
    sympy.tanh: unary(arb.tanh, acb.tanh),
    sympy.coth: unary(arb.coth, acb.coth),
    sympy.asinh: unary(arb.asinh, acb.asinh, None, _cut_imag_outside_unit),
    sympy.acosh: unary(arb.acosh, acb.acosh, lambda x: bool(x >= 1), _cut_below_one),
    sympy.atanh: unary(arb.atanh, acb.atanh, _unit_open, _cut_outside_unit),
    sympy.erf: unary(arb.erf, acb.erf),
    sympy.erfc: unary(arb.erfc, acb.erfc),
    sympy.erfi: unary(arb.erfi, acb.erfi),
    sympy.loggamma: unary(arb.lgamma, acb.lgamma, _positive, _cut_negative),
    sympy.Ci: unary(arb.ci, acb.ci, _positive, _cut_negative),
    sympy.Si: unary(arb.si, acb.si),
    sympy.Shi: unary(arb.shi, acb.shi),
    sympy.Chi: unary(arb.chi, acb.chi, _positive, _cut_negative),
    sympy.Ei: unary(arb.ei, acb.ei, _nonzero, _cut_negative),
    sympy.li: unary(arb.li, acb.li, _positive, _cut_below_one),
    sympy.Abs: _abs,
    sympy.sign: _sign,
    sympy.Heaviside: _heaviside,
    sympy.floor: _rounding(up=False),
    sympy.ceiling: _rounding(up=True),
    sympy.Max: _extremum(largest=True),
    sympy.Min: _extremum(largest=False),
    sympy.re: _part("re"),
    sympy.im: _part("im"),
    sympy.conjugate: _part("conjugate"),
    sympy.arg: _arg,
    sympy.atan2: _atan2,
    sympy.Mod: _mod,
    sympy.KroneckerDelta: _kronecker,
    sympy.Piecewise: _piecewise,
}
HANDLERS.update(_TABLE)
