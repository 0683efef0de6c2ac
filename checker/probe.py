"""The probe: both sides of a step enclosed in balls at random exact points inside the assumptions and domain.

Enclosures come from ``checker.certified`` (arb ball arithmetic, precision raised as needed, unevaluated
constructs evaluated without SymPy's ``doit``). At a point, a step *fails* when the enclosure of
lhs − rhs excludes what the relation allows (for "=": excludes 0); it *agrees* when the enclosure is
consistent with the relation (for "=": contains 0 with radius below 10^-DIGITS of the scale). A tie
refutes a strict relation only when it is exact (see ``_exact_tie``). A number-valued step (no free
symbols) is judged more strictly: "=" agrees only after ``CONST_PREC`` bits, and an inequality only when
the enclosure decides it. A failure that used an mpmath estimate is re-checked by an independent
evaluation (other rules, more digits) and is reported ``certified=False``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy
from flint import acb, arb, ctx, fmpq
from sympy import Integral, MatrixBase, Product, Sum
from sympy.stats.symbolic_probability import Expectation, Probability, Variance

from checker import sampling, sizes
from checker.ball_calculus import derivative, to_mpc
from checker.certified import MAX_PREC, Enclosure, Undecidable, Undefined, Unsupported, enclose, enclose_all
from checker.model import Counterexample
from checker.obligation import Obligation

DIGITS = 40  # agreement: |lhs − rhs| below 10^-DIGITS of the scale
CONFIRM_DIGITS = 35  # counterexamples are evaluated from at least this many digits
PROBE_POINTS = 6
SLOW_PROBE_POINTS = 2
_AGREE = mpmath.mpf(10) ** -DIGITS
_UNEVALUATED = (Sum, Product, Integral, sympy.Derivative, sympy.Limit, Expectation, Probability, Variance)
_SLOW = (Integral, sympy.Limit, Expectation, Probability, Variance)
_TOL = arb(10) ** -DIGITS
EQ_PREC = 256  # "=" starts where 10^-40 agreement is reachable (also for quadratures)
CONFIRM_PREC = 128
CONST_PREC = 1024  # a number-valued "=" agrees only after this many bits
TIE_TERMS = 1000  # sums written out for an exact tie
STRICT = ("<", ">", "!=")
GIVEN_TRIES = 40  # draws per wanted point when hypotheses reject some (rejection sampling, bounded)


def _entries(e: Any) -> list[Any]:
    return list(e) if isinstance(e, MatrixBase) else [sympy.sympify(e)]


def _bits(digits: int) -> int:
    return int(digits * 3.33) + 16


def _value(expr: Any, point: Mapping[sympy.Symbol, Any], digits: int) -> mpmath.mpc | None:
    """The midpoint of ``expr``'s enclosure at ``point`` (about ``digits`` digits), or ``None``."""
    try:
        enc = enclose(expr, point, start=_bits(digits), max_prec=_bits(digits))
    except (Undefined, Unsupported, Undecidable):
        return None
    with mpmath.workdps(digits + 10):
        return to_mpc(enc.value)


# --- one point ---------------------------------------------------------------------------------

def _difference(a: Enclosure, b: Enclosure) -> acb:
    """lhs − rhs at the enclosures' precision (exactly rounded when both sides are rational)."""
    with ctx.workprec(max(a.prec, 64)):
        if a.exact is not None and b.exact is not None:
            q = a.exact - b.exact
            return acb(arb(fmpq(q.numerator, q.denominator)))
        return a.value - b.value


def _exact_zero(a: Enclosure, b: Enclosure, d: acb) -> bool:
    if a.exact is not None and b.exact is not None:
        return a.exact == b.exact
    return a.certified and b.certified and d.is_exact() and d.is_zero()


def _status(rel: str, a: Enclosure, b: Enclosure) -> str:
    """'holds', 'fails', 'near' (a tie, not exact) or 'unclear' for ``a rel b`` at one point."""
    d = _difference(a, b)
    scale = max(arb(1), abs(a.value).mid(), abs(b.value).mid())
    small = abs(d).upper() <= _TOL * scale
    tie = _exact_zero(a, b, d)
    if rel in ("=", "!="):
        apart = 0 not in d
        if apart or tie:
            return "fails" if apart == (rel == "=") else "holds"
        return "near" if small else "unclear"
    if 0 not in a.value.imag or 0 not in b.value.imag:
        return "fails"  # a complex side is not ordered
    g = -d.real if rel in ("<=", "<") else d.real  # wanted: g >= 0, or g > 0
    if tie:
        return "fails" if rel in STRICT else "holds"
    if g > 0 or (rel not in STRICT and g >= 0):
        return "holds"
    if g < 0:
        return "fails"
    return "near" if small else "unclear"


def _accepts(rel: str, constant: bool, prec: int, status: str) -> bool:
    """Whether ``status`` at ``prec`` needs no more precision."""
    if status in ("holds", "fails"):
        return True
    if status != "near" or rel in STRICT:
        return False
    return prec >= CONST_PREC if rel == "=" and constant else not constant


@dataclass(frozen=True)
class _Point:
    verdict: str  # 'holds', 'fails' or 'unclear'
    certified: bool
    prec: int
    row: tuple[Any, Any, Enclosure, Enclosure] | None = None  # the failing entry


def _judge(ob: Obligation, point: Mapping[sympy.Symbol, Any], constant: bool, start: int, confirm: bool = False) -> _Point | None:
    """The step at ``point``; ``None`` where a side has no value (or cannot be evaluated) there."""
    lhs, rhs = _entries(ob.lhs), _entries(ob.rhs)
    n = len(lhs)

    def done(encs: tuple[Enclosure, ...]) -> bool:
        states = [_status(ob.rel, encs[k], encs[n + k]) for k in range(n)]
        return "fails" in states or all(_accepts(ob.rel, constant, encs[0].prec, s) for s in states)

    try:
        encs = enclose_all(lhs + rhs, point, done, start=start, max_prec=MAX_PREC, confirm=confirm)
    except (Undefined, Unsupported):
        return None
    except Undecidable:
        return _Point("unclear", False, MAX_PREC)
    certified = all(e.certified for e in encs)
    verdict = "holds"
    for k in range(n):
        a, b = encs[k], encs[n + k]
        status = _status(ob.rel, a, b)
        if status == "near":
            status = _near(ob.rel, constant, lhs[k], rhs[k], point, a, b, encs[0].prec)
        if status == "fails":
            return _Point("fails", certified, encs[0].prec, (lhs[k], rhs[k], a, b))
        if status == "unclear":
            verdict = "unclear"
    return _Point(verdict, certified, encs[0].prec)


def _near(rel: str, constant: bool, a_e: Any, b_e: Any, point: Mapping[sympy.Symbol, Any],
          a: Enclosure, b: Enclosure, prec: int) -> str:
    """A tie the enclosure cannot separate: only an exact tie decides a strict (or a constant) step."""
    if rel == "=" or (rel not in STRICT and not constant):
        return "holds"
    if not _exact_tie(a_e, b_e, point, a, b, prec):
        return "unclear"
    return "fails" if rel in STRICT else "holds"


# --- exact ties --------------------------------------------------------------------------------

def _written_out(e: sympy.Basic) -> sympy.Basic:
    """Finite sums and products with integer limits, term by term in Karr's convention."""

    def expand(s: Any) -> Any:
        (i, lo, hi), f = s.limits[0], s.function
        if len(s.limits) != 1 or not (lo.is_Integer and hi.is_Integer) or abs(int(hi) - int(lo)) > TIE_TERMS:
            return s
        a, b, flip = int(lo), int(hi), int(hi) < int(lo) - 1
        if flip:
            a, b = b + 1, a - 1
        op = sympy.Add if isinstance(s, Sum) else sympy.Mul
        total = op(*[f.xreplace({i: sympy.Integer(j)}) for j in range(a, b + 1)])
        return (-total if op is sympy.Add else 1 / total) if flip else total

    return e.replace(lambda n: isinstance(n, (Sum, Product)), expand)


def _algebraic(d: sympy.Basic) -> bool:
    for n in sympy.preorder_traversal(d):
        if isinstance(n, sympy.Pow) and not n.exp.is_Rational:
            return False
        if not isinstance(n, (sympy.Add, sympy.Mul, sympy.Pow, sympy.Rational, sympy.core.numbers.ImaginaryUnit)):
            return False
    return sympy.count_ops(d) <= 120


_IDENTITY = (sympy.expand, lambda e: sympy.expand(e, trig=True), sympy.cancel, sympy.trigsimp, sympy.simplify)


def _exact_tie(a_e: Any, b_e: Any, point: Mapping[sympy.Symbol, Any], a: Enclosure, b: Enclosure, prec: int) -> bool:
    """Whether ``a_e = b_e`` holds *exactly* at ``point``.

    Exact rational arithmetic; or a structural zero after substituting the point (derivatives taken
    first, finite sums written out; never ``doit``); or a zero minimal polynomial for an algebraic number;
    or, for a difference with free symbols whose enclosure at ``point`` is below 2^-(prec - 64) after
    ``MAX_PREC`` bits, an identity (a rewrite to a structural 0) that holds at every point.
    """
    if a.exact is not None and b.exact is not None:
        return a.exact == b.exact
    try:
        d = sympy.sympify(a_e) - sympy.sympify(b_e)
        d = d.replace(lambda n: isinstance(n, sympy.Derivative), derivative)
        exact = {s: sympy.sympify(v) for s, v in point.items()}
        dp = _written_out(d.xreplace(exact))
        dp = dp.replace(lambda n: isinstance(n, sympy.Subs), lambda n: n.expr.xreplace(dict(zip(n.variables, n.point, strict=True))))
        if dp == 0:
            return True
        if dp.has(*_UNEVALUATED):
            return False
        if not dp.free_symbols and _algebraic(dp):
            x = sympy.Dummy("x")
            return sympy.minimal_polynomial(dp, x) == x
        tiny = abs(_difference(a, b)).upper() <= arb(2) ** -(MAX_PREC - 64)
        if prec >= MAX_PREC and tiny and d.free_symbols and not d.has(*_UNEVALUATED):
            return any(rewrite(d) == 0 for rewrite in _IDENTITY)
    except (Unsupported, sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
        return False
    return False


# --- counterexamples and the probe -------------------------------------------------------------

def _fmt(v: acb, digits: int) -> str:
    with mpmath.workdps(digits + 10):
        z = to_mpc(v)
        if 0 in v.imag:
            return mpmath.nstr(z.real, digits)
        return mpmath.nstr(z, digits)


def _counterexample(ob: Obligation, point: Mapping[sympy.Symbol, Any]) -> Counterexample | None:
    """A violation at ``point``, enclosed from ``CONFIRM_PREC`` bits; an uncertified one is re-checked.
    A point where a hypothesis (``ob.given``) fails is no counterexample."""
    if ob.given and not sampling.satisfies(ob.given, point):
        return None
    constant = not sampling.free_symbols([ob.lhs, ob.rhs])
    start = max(CONFIRM_PREC, EQ_PREC if ob.rel == "=" else CONFIRM_PREC)
    found = _judge(ob, point, constant, start)
    if found is None or found.verdict != "fails" or found.row is None:
        return None
    if not found.certified:
        again = _judge(ob, point, constant, min(2 * found.prec, MAX_PREC), confirm=True)
        if again is None or again.verdict != "fails":
            return None
    _, _, a, b = found.row
    names = sampling.labels(point)  # two symbols named x stay two entries
    values = {names[s]: str(v) for s, v in point.items()}
    digits = int(found.prec * math.log10(2))
    return Counterexample(values, _fmt(a.value, 20), _fmt(b.value, 20), digits, found.certified)


@dataclass(frozen=True)
class Probe:
    agreeing: int
    counterexample: Counterexample | None
    unclear: int
    certified: bool = True  # no agreement or counterexample relied on an mpmath estimate


def probe(ob: Obligation, seed: int, points: int = PROBE_POINTS) -> Probe:
    """Evaluate both sides at random domain points (and at the witness, if any)."""
    if ob.witness is not None:
        why = sampling.within(ob.witness, ob.domain)
        if why is not None:
            raise ValueError(f"witness lies outside the domain: {why}")
        exact = {k: sympy.Integer(v) if isinstance(v, int) else v for k, v in ob.witness.items()}
        if not all(isinstance(v, sympy.Basic) for v in exact.values()):
            raise ValueError("witness values must be ints or exact SymPy numbers")
        cx = _counterexample(ob, exact)
        return Probe(0, cx, 0 if cx else 1, cx.certified if cx else True)
    sized = sizes.is_sized(ob)  # n terms, n×m matrices: judged at small concrete sizes (checker.sizes)
    free = sampling.free_symbols([ob.lhs, ob.rhs, *ob.given])
    free, domain = (sizes.symbols(ob, free), sizes.domain(ob)) if sized else (free, ob.domain)
    syms = sampling.ordered(free, domain)
    if any(sympy.sympify(x).has(*_SLOW) for x in _entries(ob.lhs) + _entries(ob.rhs)):
        points = min(points, SLOW_PROBE_POINTS)  # quadratures and limits
    rng = random.Random(seed)
    agreeing = unclear = 0
    certified = True
    start = EQ_PREC if ob.rel == "=" else 64
    tries = points if not syms else points * (4 if not ob.given else GIVEN_TRIES)
    seen: set[tuple[Any, ...]] = set()
    for _ in range(tries):
        if agreeing >= points or (not syms and agreeing + unclear):
            break
        point = sampling.draw(syms, domain, rng)
        if point is None or tuple(point.values()) in seen or not sampling.satisfies(ob.given, point):
            continue  # rejection sampling: a point must satisfy every hypothesis
        seen.add(tuple(point.values()))
        at = ob
        if sized:
            inst = sizes.instantiate(ob, point, rng)
            if inst.mismatch is not None:
                return Probe(agreeing, inst.mismatch, unclear)
            if inst.obligation is None:
                continue
            at, point = inst.obligation, inst.point
        found = _judge(at, point, not syms, start)
        if found is None:
            continue
        if found.verdict == "fails":
            cx = _counterexample(at, point)
            if cx is not None:
                return Probe(agreeing, cx, unclear, cx.certified)
            unclear += 1
        elif found.verdict == "holds":
            agreeing += 1
            certified = certified and found.certified
        else:
            unclear += 1
    return Probe(agreeing, None, unclear, certified)


def certified_sign(diff: Any, rel: str) -> str | None:
    """A proof name when a certified enclosure decides a number-valued difference: ``diff`` > 0 for
    "<" and ">", >= 0 for "<=" and ">=", != 0 for "!=" (``diff`` oriented as ``symbolic._difference``)."""

    def decided(e: Enclosure) -> bool:
        if rel == "!=":
            return 0 not in e.value
        if not e.is_real():
            return False
        return bool(e.value.real > 0) if rel in STRICT else bool(e.value.real >= 0)

    try:
        enc = enclose(diff, {}, until=decided)
    except (Undefined, Unsupported, Undecidable):
        return None
    return f"enclosure({enc.prec} bits)" if enc.decided and enc.certified else None
