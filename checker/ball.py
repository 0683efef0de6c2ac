"""Ball arithmetic over SymPy trees: values, errors, the evaluation context, the dispatcher, arithmetic.

A value is an exact ``Fraction`` while the arithmetic stays rational, an ``arb`` (real ball) or an ``acb``
(complex ball). Every ball encloses the exact value of its subtree at the exact point. Handlers for
functions and unevaluated constructs live in sibling modules and register themselves in ``HANDLERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from flint import acb, arb, fmpq
from sympy.stats.rv import RandomSymbol
from sympy.stats.symbolic_probability import Covariance, Expectation, Probability, Variance

Value = Fraction | arb | acb
_STATS = (Expectation, Probability, Variance, Covariance)
EXACT_BITS = 4096  # exact rationals larger than this become balls


class Unsupported(Exception):
    """Something the enclosure cannot evaluate (a function, a construct, an infinite sum)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Undefined(Exception):
    """The expression has no value at this point: a pole, log 0, 0/0, a Piecewise with no branch."""


class Undecidable(Exception):
    """This precision cannot decide a branch: a ball touching a pole, a cut, a floor boundary."""


class NotHolomorphic(Unsupported):
    """A non-holomorphic integrand: rigorous integration needs another method."""


@dataclass
class State:
    """Per-pass mutable bookkeeping (deliberately not frozen: it collects while evaluating)."""

    prec: int
    confirm: bool = False
    certified: bool = True
    terms: int = 0
    memo: dict[Any, Value] = field(default_factory=dict)
    shared: dict[Any, Any] = field(default_factory=dict)  # kept across passes: precision-capped results


@dataclass(frozen=True)
class Env:
    """Values of symbols; ``bound`` are loop variables (no memo across them); ``analytic`` inside integrals."""

    values: Mapping[sympy.Basic, Value]
    state: State
    bound: frozenset[sympy.Basic] = frozenset()
    analytic: bool | None = None
    line: frozenset[sympy.Basic] = frozenset()  # integration variables: real on the path

    def bind(self, pairs: Mapping[sympy.Basic, Value]) -> Env:
        return replace(self, values={**self.values, **pairs}, bound=self.bound | set(pairs))


Handler = Callable[[Any, Env], Value]
HANDLERS: dict[type, Handler] = {}


# --- conversions -------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def fraction(e: sympy.Rational) -> Fraction:
    return Fraction(int(e.p), int(e.q))


def small(q: Fraction) -> bool:
    return q.numerator.bit_length() <= EXACT_BITS and q.denominator.bit_length() <= EXACT_BITS


def to_arb(v: Fraction | arb) -> arb:
    if type(v) is Fraction:
        return arb(fmpq(v.numerator, v.denominator))
    return v


def to_acb(v: Value) -> acb:
    return v if isinstance(v, acb) else acb(to_arb(v))


def nan() -> acb:
    return acb(arb("nan"))


def norm(v: Value) -> Value:
    """Complex balls with an exactly zero imaginary part become real; exact small balls become fractions."""
    if isinstance(v, acb) and v.imag.is_exact() and v.imag.is_zero():
        v = v.real
    if isinstance(v, arb) and v.is_exact() and v.is_finite():
        m, e = (int(t) for t in v.mid().man_exp())
        if abs(e) <= EXACT_BITS:
            return Fraction(m * 2**e) if e >= 0 else Fraction(m, 2**-e)
    return v


def exact(v: Value) -> bool:
    """Exact as a ball at this precision (a fraction that arb must round is not)."""
    return to_arb(v).is_exact() if type(v) is Fraction else v.is_exact()


def finite(v: Value) -> bool:
    return type(v) is Fraction or v.is_finite()


def finish(v: Value, *args: Value) -> Value:
    """A non-finite result is Undefined when every input was exact, else only Undecidable here."""
    if finite(v):
        return norm(v)
    if all(exact(a) for a in args):
        raise Undefined("no value at this point")
    raise Undecidable("a ball touches a singularity")


def is_zero(v: Value) -> bool:
    """Exactly zero (a ball of radius zero at 0 counts)."""
    return v == 0 if type(v) is Fraction else (v.is_exact() and v.is_zero())


def real(v: Value, analytic: bool | None = None) -> Fraction | arb:
    """The real value of ``v``; inside an integrand (``analytic`` set) the real part is its continuation."""
    if not isinstance(v, acb):
        return v
    if analytic is not None:
        return v.real
    if 0 not in v.imag:
        raise Undefined("a complex value where a real one is needed")
    if not (v.imag.is_exact() and v.imag.is_zero()):
        raise Undecidable("cannot tell whether a value is real")
    return v.real


def sign(v: Fraction | arb) -> int:
    """-1, 0 or 1, or Undecidable when the ball straddles 0 without being exactly 0."""
    if type(v) is Fraction:
        return (v > 0) - (v < 0)
    if v > 0:
        return 1
    if v < 0:
        return -1
    if v.is_exact() and v.is_zero():
        return 0
    raise Undecidable("sign of a ball containing zero")


def integer(v: Value) -> int | None:
    """The exact integer ``v`` is, or None."""
    v = norm(v)
    if type(v) is Fraction and v.denominator == 1:
        return v.numerator
    return None


# --- the dispatcher ----------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def free(e: sympy.Basic) -> frozenset[sympy.Basic]:
    """Symbols ``e`` depends on: random symbols bring their distributions' parameters; an expectation
    integrates its random symbols out."""
    out = set(e.free_symbols)
    for r in e.atoms(RandomSymbol):
        out |= r.pspace.distribution.free_symbols
    if isinstance(e, _STATS):
        out = {s for s in out if not isinstance(s, RandomSymbol)}
    return frozenset(out)


def evaluate(e: Any, env: Env) -> Value:
    """The ball (or exact rational) of ``e`` in ``env`` at the pass precision.

    A subtree that depends on no loop variable is evaluated once per pass (memo).
    """
    if e.is_Rational:
        return fraction(e)
    if e.is_symbol:
        if e in env.values:
            return env.values[e]
        raise Unsupported(f"symbol {e} has no value")
    deps = free(e)
    if env.analytic is not None and deps.isdisjoint(env.line):
        env = replace(env, analytic=None)  # a constant on the path: holomorphy is not in question
    memo = env.state.memo if env.analytic is None and deps.isdisjoint(env.bound) else None
    if memo is not None and e in memo:
        return memo[e]
    handler = HANDLERS.get(type(e))
    if handler is None:
        handler = next((h for t, h in HANDLERS.items() if isinstance(e, t)), None)
        if handler is None:
            raise Unsupported(type(e).__name__)
    v = handler(e, env)
    if memo is not None:
        memo[e] = v
    return v


# --- arithmetic --------------------------------------------------------------------------------

def add(values: list[Value]) -> Value:
    q = Fraction(0)
    balls = []
    for v in values:
        if type(v) is not Fraction:
            balls.append(v)
            continue
        q += v
        if not small(q):
            balls.append(to_arb(q))
            q = Fraction(0)
    if not balls:
        return q if small(q) else norm(to_arb(q))
    total: arb | acb = to_arb(q)
    for b in balls:
        total = total + b
    return finish(total, *values)


def mul(values: list[Value]) -> Value:
    q = Fraction(1)
    for v in values:
        if type(v) is Fraction:
            q *= v
    balls = [v for v in values if type(v) is not Fraction]
    if not balls or q == 0:
        return q if small(q) else norm(to_arb(q))
    total: arb | acb = to_arb(q)
    for b in balls:
        total = total * b
    return finish(total, *values)


def power(b: Value, x: Value, analytic: bool | None = None) -> Value:
    """``b**x`` on SymPy's principal branch."""
    n = integer(x)
    if n is not None:
        if is_zero(b) and n < 0:
            raise Undefined("division by zero")
        if type(b) is Fraction and abs(n) * max(b.numerator.bit_length(), b.denominator.bit_length(), 1) <= EXACT_BITS:
            return b**n
        if n < 0 and type(b) is not Fraction and 0 in b:
            raise Undecidable("division by a ball containing zero")
        if isinstance(b, acb):
            return finish(b**n, b)
        return finish((acb(to_arb(b)) ** n).real, b)  # arb ** int is nan for a ball containing 0
    if is_zero(b):
        s = sign(real(x))
        if s > 0 and (not isinstance(x, acb)):
            return Fraction(0)
        raise Undefined("0 to a non-positive or complex power")
    if analytic is None and not isinstance(b, acb) and not isinstance(x, acb) and to_arb(b) > 0:
        rb = to_arb(b)
        if x == Fraction(1, 2):
            return finish(rb.sqrt(), b)
        return finish(rb ** to_arb(x), b, x)
    return finish(to_acb(b).pow(to_acb(x), analytic=bool(analytic)), b, x)


def _split(e: Any, env: Env, combine: Callable[[list[Value]], Value]) -> Value:
    """``combine`` over the arguments; inside a loop the loop-invariant ones are combined once per pass."""
    if not env.bound:
        return combine([evaluate(a, env) for a in e.args])
    key = (combine, e, env.bound)
    memo = env.state.memo
    if key not in memo:
        fixed = [a for a in e.args if free(a).isdisjoint(env.bound)]
        memo[key] = (combine([evaluate(a, env) for a in fixed]) if fixed else None,
                     tuple(a for a in e.args if not free(a).isdisjoint(env.bound)))
    fixed_value, moving = memo[key]
    values = [evaluate(a, env) for a in moving]
    return combine(values if fixed_value is None else [fixed_value, *values])


def _add(e: sympy.Add, env: Env) -> Value:
    return _split(e, env, add)


def _mul(e: sympy.Mul, env: Env) -> Value:
    return _split(e, env, mul)


def _pow(e: sympy.Pow, env: Env) -> Value:
    return power(evaluate(e.base, env), evaluate(e.exp, env), env.analytic)


def _float(e: sympy.Float, env: Env) -> Value:
    if not e.is_finite:
        raise Undefined("a non-finite float")
    s, man, ex, _ = e._mpf_
    q = Fraction(man * 2**ex) if ex >= 0 else Fraction(man, 2**-ex)
    return -q if s else q


def _undefined(e: Any, env: Env) -> Value:
    raise Undefined(f"{e} is not a number")


HANDLERS.update({
    sympy.Add: _add,
    sympy.Mul: _mul,
    sympy.Pow: _pow,
    sympy.Float: _float,
    sympy.core.numbers.Pi: lambda e, env: arb.pi(),
    sympy.core.numbers.Exp1: lambda e, env: arb.const_e(),
    sympy.core.numbers.EulerGamma: lambda e, env: arb.const_euler(),
    sympy.core.numbers.Catalan: lambda e, env: arb.const_catalan(),
    sympy.core.numbers.GoldenRatio: lambda e, env: (1 + arb(5).sqrt()) / 2,
    sympy.core.numbers.ImaginaryUnit: lambda e, env: acb(0, 1),
    sympy.core.numbers.Infinity: _undefined,
    sympy.core.numbers.NegativeInfinity: _undefined,
    sympy.core.numbers.ComplexInfinity: _undefined,
    sympy.core.numbers.NaN: _undefined,
})
