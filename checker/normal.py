"""Exact rewrites applied before a complete procedure: each is an identity wherever both sides are defined.

- the tree is rebuilt with SymPy's evaluation (``sqrt(64)`` built with ``evaluate=False`` becomes 8);
- a ``Sum`` with integer limits is written out term by term; one whose summand is a polynomial in the
  index is summed in closed form (Faulhaber, with the antidifference checked exactly);
- ``log`` of a positive rational becomes a sum of ``log(p)`` over its primes; ``log(exp(x)) = x`` and
  ``log(b**x) = x·log(b)`` for real ``x`` and ``b > 0``; ``log(f·g) = log f + log g`` for positive factors;
- ``b**(p/q)`` with a positive rational content ``c`` of the expanded base: ``c**(p/q) · (b/c)**(p/q)``.

Realness and positivity come from this module's own syntactic checks on declared assumptions, never
from SymPy's inference.
"""

from __future__ import annotations

import sympy
from sympy import Add, Mul, Pow, S, Sum

__all__ = ["is_node", "log_of", "normalize", "positive", "real"]

_MAX_TERMS = 1000  # a longer finite sum is left alone
_MAX_ROOT = 64  # b**(p/q) with a bigger q is left alone
_MAX_FACTOR = 10**30  # bigger rationals are not factored into primes
_REAL_FUNCS = (sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.tanh, sympy.atan)


def is_node(e: sympy.Basic, *classes: type) -> bool:
    """``e`` is exactly one of ``classes``: a user's subclass (which may evaluate differently) is not."""
    return type(e) in classes


_is = is_node


def positive(e: sympy.Expr) -> bool:
    """``e > 0`` wherever it is defined, shown from declared assumptions only."""
    if e.is_Rational:
        return bool(e > 0)
    if isinstance(e, sympy.Symbol):
        return e.is_positive is True
    if e in (S.Pi, S.Exp1):
        return True
    if _is(e, sympy.exp):
        return real(e.args[0])
    if _is(e, Add, Mul):
        return all(positive(a) for a in e.args)
    if _is(e, Pow):
        return positive(e.base) and real(e.exp)
    return False


def real(e: sympy.Expr) -> bool:
    """``e`` is real wherever it is defined, shown from declared assumptions only."""
    if e.is_Rational or e in (S.Pi, S.Exp1):
        return True
    if isinstance(e, sympy.Symbol):
        return e.is_real is True
    if _is(e, Add, Mul):
        return all(real(a) for a in e.args)
    if _is(e, Pow):
        return (e.exp.is_Integer and real(e.base)) or (positive(e.base) and real(e.exp))
    if _is(e, sympy.exp, *_REAL_FUNCS):
        return real(e.args[0])
    if _is(e, sympy.log):
        return positive(e.args[0])
    return False


def log_of(a: sympy.Expr) -> sympy.Expr:
    """``log(a)`` split by the rules above (``a`` already normalized)."""
    if a.is_Rational and a > 0 and max(abs(a.p), a.q) < _MAX_FACTOR:
        primes = sympy.factorrat(a)
        return Add(*[k * sympy.log(sympy.Integer(p)) for p, k in primes.items()])
    if _is(a, sympy.exp) and real(a.args[0]):
        return a.args[0]
    if _is(a, Pow) and positive(a.base) and real(a.exp):
        return a.exp * log_of(a.base)
    if _is(a, Mul) and all(positive(f) for f in a.args):
        return Add(*[log_of(f) for f in a.args])
    return sympy.log(a)


def _root(b: sympy.Expr, x: sympy.Rational) -> sympy.Expr:
    """``b**x`` (x rational, not an integer) with the positive rational content of ``b`` taken out."""
    if b.is_number or x.q > _MAX_ROOT:
        return Pow(b, x)
    c, rest = sympy.expand(b, power_base=False, power_exp=False, log=False).as_content_primitive()
    if not (c.is_Rational and c > 0):
        return Pow(b, x)
    return Pow(c, x) * Pow(rest, x)


_MAX_POWER = 12  # Σ i**k in closed form up to this k


def _power_sum(k: int, m: sympy.Expr) -> sympy.Expr:
    """G(m) with G(m + 1) − G(m) = m**k (so Σ_{i=a}^{b} i**k = G(b + 1) − G(a), in SymPy's Karr convention)."""
    t = sympy.Dummy("t")
    g = sympy.expand((sympy.bernoulli(k + 1, t) - sympy.bernoulli(k + 1, 0)) / (k + 1))
    if sympy.expand(g.xreplace({t: t + 1}) - g - t**k) != 0:  # the antidifference, checked exactly
        raise ValueError("Bernoulli polynomial convention")
    return g.xreplace({t: m})


def _sum1(f: sympy.Expr, i: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr:
    """Σ_{i=lo}^{hi} f written out (numeric limits), else term by term: Σ c·i**k in closed form, and
    c·Σ g for the other terms (c free of i): linearity holds in Karr's convention too."""
    if lo.is_Integer and hi.is_Integer and -1 <= int(hi) - int(lo) < _MAX_TERMS:  # else Karr: see below
        return normalize(Add(*[f.xreplace({i: sympy.Integer(j)}) for j in range(int(lo), int(hi) + 1)]))
    out = []
    for term in Add.make_args(sympy.expand(f, power_base=False, power_exp=False, log=False)):
        c, k, rest = S.One, 0, []
        for factor in Mul.make_args(term):
            if factor == i:
                k += 1
            elif _is(factor, Pow) and factor.base == i and factor.exp.is_Integer and factor.exp > 0:
                k += int(factor.exp)
            elif i in factor.free_symbols:
                rest.append(factor)
            else:
                c *= factor
        if rest or k > _MAX_POWER:
            out.append(c * Sum(Mul(*rest) * i**k, (i, lo, hi)))
        else:
            out.append(c * (_power_sum(k, hi + 1) - _power_sum(k, lo)))
    return Add(*out)


def _sum(f: sympy.Expr, limits: tuple[tuple[sympy.Expr, ...], ...]) -> sympy.Expr | None:
    """``Sum(f, *limits)`` (innermost limit first) in closed form where it can be, or None."""
    for i, lo, hi in limits:
        if not isinstance(i, sympy.Symbol) or i in lo.free_symbols | hi.free_symbols:
            return None
        f = _sum1(f, i, lo, hi)
    return f


def normalize(e: sympy.Basic, memo: dict[sympy.Basic, sympy.Basic] | None = None) -> sympy.Basic:
    """``e`` after the exact rewrites above, bottom-up."""
    memo = {} if memo is None else memo
    hit = memo.get(e)
    if hit is not None:
        return hit
    if not e.args or not isinstance(e, sympy.Expr):
        out = e
    elif _is(e, sympy.UnevaluatedExpr):
        out = normalize(e.args[0], memo)
    elif _is(e, Sum):
        terms = _sum(normalize(e.function, memo), e.limits)
        out = e if terms is None else terms
    else:
        args = [normalize(a, memo) for a in e.args]
        if _is(e, sympy.log) and len(args) == 1:
            out = log_of(args[0])
        elif _is(e, Pow) and args[1].is_Rational and not args[1].is_Integer:
            out = _root(args[0], args[1])
        elif (type(e).__module__ or "").startswith("sympy."):
            out = e.func(*args)  # SymPy's own classes: rebuilt with evaluation
        else:
            out = e  # a user's class stays as written: an opaque atom
    memo[e] = out
    return out
