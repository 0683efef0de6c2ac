"""Asymptotic relations and approximations: ``~`` and ``O`` along a limit, ``≈`` within a tolerance.

``lhs ~ rhs`` along ``N → a``: ``lhs/rhs → 1``. ``lhs = O(rhs)``: ``|lhs/rhs|`` stays bounded (limsup
finite). Both are decided by SymPy's ``limit`` of the ratio, and only when an independent numeric
evaluation of the ratio (arb enclosures at ``N = 10^4, 10^8, …, 10^64``, or ``a + 10^-k``, at a few
sampled values of the other symbols) agrees: proved (method "limit + numeric", not certified), refuted
with a witness (the ratio at the far points), or undecided. Every other symbol is held fixed.

``lhs ≈ rhs`` (``rel_tol``, ``abs_tol``, ``over``) is no new kind of proof: it becomes the two ordinary
obligations ``lhs ≤ rhs + tol`` and ``lhs ≥ rhs − tol`` with ``tol = abs_tol + rel_tol·|rhs|`` over the
claim's domain narrowed to ``over`` (intersected where both bound a symbol), whose finite ends are also
stated as hypotheses (``checker.given``), so the inequality machinery, slack variables included, proves or refutes them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import mpmath
import sympy
from sympy import oo

from checker import sampling
from checker.errors import InvalidClaim
from checker.model import Approx, Chain, Counterexample, Step, Verdict
from checker.obligation import Obligation, Verification

__all__ = ["FAR", "approx_obligations", "check_step", "verify_asymptotic"]

FAR = (4, 8, 16, 32, 64)  # N = 10^k (or a + 10^-k) where the ratio is evaluated
POINTS = 3  # values of the other symbols
_CLOSE = mpmath.mpf(10) ** -3  # "~": the ratio at the farthest point is within this of 1
_APART = mpmath.mpf(1) / 10  # "~" refuted: the ratio stays at least this far from 1
_GROWTH = mpmath.mpf(10) ** 6  # "O" refuted: the ratio grew by this factor along the points
_DIGITS = 30


def _exact_number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, int | sympy.Rational) or v in (oo, -oo)


def check_step(name: str, c: Chain, s: Step) -> None:
    """Declaration-time checks of a ``~``, ``O`` or ``≈`` step; raises ``InvalidClaim``."""

    def fail(what: str, value: Any) -> InvalidClaim:
        return InvalidClaim(f"claim '{name}': step '{s.rel}' of '{c.title}' needs {what} (got {value!r})")

    if len(c.steps) != 1:
        raise fail("a chain of its own (use asymptotic(...) or approx(...))", [t.rel for t in c.steps])
    if isinstance(c.start, sympy.MatrixBase) or isinstance(s.expr, sympy.MatrixBase):
        raise fail("scalar sides", "a matrix")
    if s.rel in ("~", "O"):
        along = s.along
        if not (isinstance(along, tuple) and len(along) == 2 and isinstance(along[0], sympy.Symbol)):
            raise fail("as_=(N, oo): the symbol and the point it tends to", along)
        if along[0].is_extended_real is not True or not _exact_number(along[1]):
            raise fail("a real symbol tending to oo, -oo or an exact number", along)
        return
    spec = s.approx
    if not isinstance(spec, Approx):
        raise fail("rel_tol or abs_tol", spec)
    for label, tol in (("rel_tol", spec.rel_tol), ("abs_tol", spec.abs_tol)):
        if not (_exact_number(tol) and sympy.sympify(tol) >= 0 and tol is not oo):
            raise fail(f"{label} an exact number >= 0 (write Rational(1, 100), not 0.01)", tol)
    if spec.rel_tol == 0 and spec.abs_tol == 0:
        raise fail("a positive rel_tol or abs_tol", (spec.rel_tol, spec.abs_tol))
    if not isinstance(spec.over, Mapping):
        raise fail("over={x: (low, high)}", spec.over)
    for sym, bounds in spec.over.items():
        ok = isinstance(sym, sympy.Symbol) and sym.is_extended_real is True and isinstance(bounds, tuple | list)
        if not ok or len(bounds) != 2 or not all(_exact_bound(b) for b in bounds):
            raise fail("over={x: (low, high)} with real symbols and exact real bounds", {sym: bounds})


def _exact_bound(b: Any) -> bool:
    """An exact number, or an exact expression over real symbols (it becomes a hypothesis)."""
    if _exact_number(b):
        return True
    return isinstance(b, sympy.Expr) and not b.atoms(sympy.Float) and all(s.is_extended_real for s in b.free_symbols)


def approx_obligations(
    lhs: Any, rhs: Any, spec: Approx, domain: Mapping[Any, Any], given: tuple[Any, ...]
) -> list[tuple[str, Obligation]]:
    """``lhs ≈ rhs`` as two ordinary obligations, each labelled."""
    from checker.given import ORDER

    over = dict(spec.over)
    ranges: list[Any] = []
    for sym, (lo, hi) in over.items():
        for h in (sympy.Ge(sym, lo) if sympy.sympify(lo).is_finite else None,
                  sympy.Le(sym, hi) if sympy.sympify(hi).is_finite else None):
            if isinstance(h, ORDER):
                ranges.append(h)
    rhs = sympy.sympify(rhs)
    mag = rhs if rhs.is_nonnegative else -rhs if rhs.is_nonpositive else sympy.Abs(rhs)
    tol = sympy.sympify(spec.abs_tol) + sympy.sympify(spec.rel_tol) * mag
    # symbols the range's bounds refer to come first (unrestricted: (-oo, oo) adds no condition)
    needed = sorted({t for b in over.values() for e in b for t in sympy.sympify(e).free_symbols} - set(domain) - set(over), key=str)
    both = {k: (sympy.Max(domain[k][0], lo), sympy.Min(domain[k][1], hi)) for k, (lo, hi) in over.items() if k in domain}
    dom = {**{t: (-oo, oo) for t in needed}, **dict(domain), **over, **both}  # a range narrows the claim's domain
    hyps = tuple(dict.fromkeys((*given, *ranges)))
    return [
        ("≈: lhs − rhs ≤ tolerance", Obligation(lhs, "<=", rhs + tol, dom, None, hyps)),
        ("≈: rhs − lhs ≤ tolerance", Obligation(lhs, ">=", rhs - tol, dom, None, hyps)),
    ]


def _far(along: tuple[Any, Any]) -> list[sympy.Expr]:
    n, a = along
    if a is oo:
        return [sympy.Integer(10) ** k for k in FAR]
    if a is -oo:
        return [-sympy.Integer(10) ** k for k in FAR]
    return [a + sympy.Rational(1, 10**k) for k in FAR]


def _texts(along: tuple[Any, Any]) -> list[str]:
    a = along[1]
    if a in (oo, -oo):
        return [f"{'-' if a is -oo else ''}10**{k}" for k in FAR]
    return [f"{a} + 10**-{k}" for k in FAR]


def _ratios(ratio: sympy.Expr, ob: Obligation, point: dict[Any, Any]) -> list[mpmath.mpc] | None:
    from checker.probe import _value

    out = []
    for x in _far(ob.along):
        at = {**point, ob.along[0]: x}
        if ob.given and not sampling.satisfies(ob.given, at):
            return None
        v = _value(ratio, at, _DIGITS)
        if v is None:
            return None
        out.append(v)
    return out


def _points(ob: Obligation, seed: int) -> list[dict[Any, Any]]:
    n = ob.along[0]
    syms = sampling.ordered(sampling.free_symbols([ob.lhs, ob.rhs, *ob.given]) - {n}, ob.domain)
    if not syms:
        return [{}]
    rng = random.Random(seed)
    out: list[dict[Any, Any]] = []
    for _ in range(POINTS * 10):
        p = sampling.draw(syms, ob.domain, rng)
        if p is not None and p not in out:
            out.append(p)
        if len(out) >= POINTS:
            break
    return out


def _limit(ratio: sympy.Expr, along: tuple[Any, Any]) -> sympy.Expr | None:
    n, a = along
    try:
        value = sympy.limit(ratio, n, a, "+")  # from the right of a finite point; ignored at ±oo
    except Exception:  # noqa: BLE001 - SymPy's limit fails on some inputs: then nothing is decided
        return None
    return None if value.has(sympy.Limit) else value


def _finite(value: sympy.Expr) -> bool:
    if isinstance(value, sympy.AccumBounds):
        return value.min.is_finite is True and value.max.is_finite is True
    return value.is_finite is True


def _num(x: mpmath.mpc) -> str:
    return mpmath.nstr(x.real if isinstance(x, mpmath.mpc) and x.imag == 0 else x, 6)


def _far_from_one(here: sympy.Expr | None) -> bool:
    """An infinite limit, or a finite number at least ``_APART`` from 1 (an interval never counts)."""
    if here is None or isinstance(here, sympy.AccumBounds):
        return False
    if here in (oo, -oo, sympy.zoo):
        return True
    return bool(here.is_number and here.is_finite and abs(complex(here) - 1) > float(_APART))


def _cap(here: sympy.Expr) -> mpmath.mpf | None:
    """Twice (1 + the largest |value|) of a finite limit at a point; ``None`` when it is not finite."""
    if isinstance(here, sympy.AccumBounds):
        if not _finite(here):
            return None
        top = max(abs(here.min), abs(here.max))
    elif here.is_number and here.is_finite:
        top = abs(here)
    else:
        return None
    return 2 * (mpmath.mpf(sympy.Float(top, _DIGITS)) + 1)


def _witness(ob: Obligation, point: dict[Any, Any], ratios: list[mpmath.mpc], want: str) -> Counterexample:
    n = ob.along[0]
    texts = _texts(ob.along)
    names = sampling.labels([*point, n])
    values = {names[s]: str(v) for s, v in point.items()}
    values[names[n]] = texts[-1]
    seq = ", ".join(f"{mpmath.nstr(abs(r), 6)}" for r in ratios)
    return Counterexample(values, f"|lhs/rhs| = {seq} at {n} = {', '.join(texts)}", want, _DIGITS, True)


def verify_asymptotic(ob: Obligation, seed: int) -> Verification:
    """Verdict on ``lhs ~ rhs`` or ``lhs = O(rhs)`` along ``ob.along``."""
    if ob.along is None:
        return Verification(Verdict.UNDECIDED, None, f"'{ob.rel}' needs a limit, as_=(N, oo)")
    ratio = sympy.sympify(ob.lhs) / sympy.sympify(ob.rhs)
    limit = _limit(ratio, ob.along)
    points = _points(ob, seed)
    seen = []
    for p in points:
        r = _ratios(ratio, ob, p)
        if r is None:
            continue
        seen.append((p, r))
        here = None if limit is None else limit.xreplace(p)
        mags = [abs(x) for x in r]
        if ob.rel == "~":
            dist = [abs(x - 1) for x in r]
            if _far_from_one(here) and all(d > _APART for d in dist[-3:]):
                return Verification(Verdict.REFUTED, "limit + numeric", f"lhs/rhs → {here}, not 1",
                                    _witness(ob, p, r, f"lhs/rhs → 1 (the limit is {here})"))
        else:
            growing = all(b > a for a, b in zip(mags, mags[1:], strict=False)) and mags[-1] > _GROWTH * max(1, mags[0])
            if here is not None and here.is_infinite and growing:
                return Verification(Verdict.REFUTED, "limit + numeric", f"|lhs/rhs| → {here}: not bounded",
                                    _witness(ob, p, r, "|lhs/rhs| bounded"))
    if not seen:
        return Verification(Verdict.UNDECIDED, None, "the ratio lhs/rhs could not be evaluated along the limit")
    if limit is None:
        return Verification(Verdict.UNDECIDED, None, "SymPy's limit of lhs/rhs did not evaluate")
    for p, r in seen:
        here = limit.xreplace(p)
        if ob.rel == "~":
            dist = [abs(x - 1) for x in r]
            if sympy.simplify(limit - 1) != 0 or not (dist[-1] < _CLOSE and dist[-1] <= dist[0]):
                return Verification(Verdict.UNDECIDED, None, f"lhs/rhs → {limit}; the ratio at the far points: "
                                    f"{', '.join(_num(x) for x in r)}")
        else:
            mags = [abs(x) for x in r]
            cap = _cap(here)
            if not _finite(limit) or cap is None or max(mags[-3:]) > cap:
                return Verification(Verdict.UNDECIDED, None, f"|lhs/rhs| → {limit}; the ratio at the far points: "
                                    f"{', '.join(_num(x) for x in mags)}")
    what = "lhs/rhs → 1" if ob.rel == "~" else f"|lhs/rhs| → {sympy.Abs(limit) if not isinstance(limit, sympy.AccumBounds) else limit}, finite"
    detail = f"{what} (SymPy limit); the ratio agrees at {len(seen)} sampled point(s) of the other symbols"
    return Verification(Verdict.PROVED, "limit + numeric", detail, None, "limit + numeric", False)
