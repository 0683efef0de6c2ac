"""The search's second strategy: a quasi-random scan, then local maximisation of the violation.

The real symbols move in the unit cube (scanned with a seeded Halton sequence), mapped onto their bounds in order (a bound may depend on an
earlier symbol); the other symbols are held at values drawn by the sampler. Each optimum is rounded
to nearby exact rationals, ``limit_denominator(10**k)`` for k = 0..12, and the simplest rounding
that keeps most of the violation (and lies inside every assumption and the domain) is kept.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy import Rational, Symbol

from checker import sampling
from checker.facts import facts, kind, sign_limits
from checker.search import DIGITS, Violation, evaluations, mp

HELD_DRAWS = 3  # assignments of the held (integer, complex, ...) symbols tried when real symbols move
STARTS = 4  # local maximisations from the best scan points
ROUNDINGS = range(13)  # limit_denominator(10**k)
_PENALTY = 10.0  # objective where the sides are undefined (a violation is at most 2 in size)

Point = dict[Symbol, Any]


class _OutOfTime(Exception):
    """The deadline passed inside an optimiser's run."""


def _bound_fns(viol: Violation, domain: Mapping[Symbol, Any]) -> list[tuple[Callable[..., Any], Callable[..., Any]]]:
    """(low, high) of each symbol as functions of all the symbols' values (earlier ones matter)."""
    out = []
    for s in viol.symbols:
        lo, hi = sampling.bounds(s, domain, {})
        low, high = sign_limits(facts(s))
        if low is not None:
            lo = sympy.Max(lo, low)
        if high is not None:
            hi = sympy.Min(hi, high)
        out.append(tuple(sympy.lambdify(list(viol.symbols), b, modules="mpmath", dummify=True) for b in (lo, hi)))
    return out  # type: ignore[return-value]


class _Space:
    """The unit cube of the real symbols, mapped onto the domain around one held assignment."""

    def __init__(self, viol: Violation, domain: Mapping[Symbol, Any], held: Point, deadline: float) -> None:
        self.viol, self.held, self.deadline = viol, held, deadline
        self.moving = [i for i, s in enumerate(viol.symbols) if kind(s) == "real"]
        self.base = [mp(held[s]) for s in viol.symbols]
        self.fns = _bound_fns(viol, domain)
        self.evals = 0

    def args(self, t: Sequence[float]) -> list[Any] | None:
        args = list(self.base)
        with mpmath.workdps(DIGITS):
            for i, ti in zip(self.moving, t, strict=True):
                try:
                    lo, hi = (mpmath.mpmathify(f(*args)) for f in self.fns[i])
                except Exception:  # noqa: BLE001 - a bound undefined here
                    return None
                if not (mpmath.isfinite(lo) and mpmath.isfinite(hi)) or lo > hi:
                    return None
                args[i] = lo + mpmath.mpf(float(min(max(ti, 0.0), 1.0))) * (hi - lo)
        return args

    def value(self, t: Sequence[float]) -> Any:
        self.evals += 1
        args = self.args(t)
        return None if args is None else self.viol.at(args)

    def objective(self, t: Sequence[float]) -> float:
        if time.perf_counter() > self.deadline:
            raise _OutOfTime
        v = self.value(t)
        return _PENALTY if v is None else -float(v)

    def point(self, args: Sequence[Any], k: int) -> Point:
        out = dict(self.held)
        for i in self.moving:
            man, exp = mpmath.mpf(args[i]).man_exp
            exact = Rational(man) * Rational(2) ** exp
            out[self.viol.symbols[i]] = exact.limit_denominator(10**k)
        return out


def _round(space: _Space, t: Sequence[float], domain: Mapping[Symbol, Any]) -> tuple[Any, Point] | None:
    """The simplest exact point near ``t`` that keeps at least half the violation (or a strict tie)."""
    args = space.args(t)
    if args is None:
        return None
    tried: list[tuple[int, Any, Point]] = []
    for k in ROUNDINGS:
        p = space.point(args, k)
        if any(q == p for _, _, q in tried) or sampling.within(p, domain) is not None:
            continue
        v = space.viol.at([mp(p[s]) for s in space.viol.symbols])
        if space.viol.fails(v):
            tried.append((k, v, p))
    if not tried:
        return None
    best = max(v for _, v, _ in tried)
    k, v, p = next(x for x in tried if x[1] >= best / 2 or best <= 0)
    return v, p


def _held(viol: Violation, domain: Mapping[Symbol, Any], rng: random.Random, n: int, deadline: float) -> list[Point]:
    """Up to ``n`` distinct points drawn by the sampler (the real symbols' values are replaced later)."""
    out: list[Point] = []
    for _ in range(4 * n):
        if time.perf_counter() > deadline:
            break
        p = sampling.draw(list(viol.symbols), domain, rng)
        if p is not None and p not in out:
            out.append(p)
        if len(out) >= n:
            break
    return out


def _radical_inverse(i: int, base: int) -> float:
    out, f = 0.0, 1.0 / base
    while i:
        i, r = divmod(i, base)
        out += r * f
        f /= base
    return out


def halton(n: int, d: int, rng: random.Random) -> np.ndarray:
    """``n`` points of the Halton sequence in [0, 1)^d, rotated by a seeded random shift (Cranley-Patterson)."""
    bases = list(sympy.primerange(2, sympy.prime(d) + 1)) if d else []
    shift = [rng.random() for _ in bases]
    return np.array([[(_radical_inverse(i + 1, b) + s) % 1.0 for b, s in zip(bases, shift, strict=True)]
                     for i in range(n)]).reshape(n, d)


def _scan(space: _Space, n: int, rng: random.Random) -> list[tuple[float, np.ndarray]]:
    ts = halton(n, len(space.moving), rng)
    out = []
    for t in ts:
        try:
            out.append((space.objective(t), t))
        except _OutOfTime:
            break
    out.sort(key=lambda ft: ft[0])
    return out


def _climb(space: _Space, t0: np.ndarray, maxfun: int) -> np.ndarray:
    from scipy.optimize import minimize  # ~0.5 s to import: only when a climb runs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = minimize(space.objective, t0, method="L-BFGS-B", bounds=[(0.0, 1.0)] * len(t0),
                           options={"maxfun": maxfun, "maxiter": maxfun})
        except _OutOfTime:
            return t0
    return np.asarray(res.x)


def maximise(viol: Violation, domain: Mapping[Symbol, Any], seed: int, deadline: float) -> list[tuple[Any, Point]]:
    """Exact points where ``viol`` fails, most violated first (``Unsupported`` from the sampler passes)."""
    rng = random.Random(seed)
    budget = evaluations(viol.ops)
    moving = [s for s in viol.symbols if kind(s) == "real"]
    if not moving:  # nothing to optimise: a wider random scan than the probe's
        found = []
        for p in _held(viol, domain, rng, max(1, budget // 8), deadline):
            v = viol.at([mp(p[s]) for s in viol.symbols])
            if viol.fails(v):
                found.append((v, p))
        return sorted(found, key=lambda vp: -vp[0])
    helds = _held(viol, domain, rng, 1 if len(moving) == len(viol.symbols) else HELD_DRAWS, deadline)
    found = []
    for held in helds:
        space = _Space(viol, domain, held, deadline)
        share = budget // len(helds)
        n_scan = 2 ** max(4, int(np.log2(max(share // 2, 16))))
        scanned = _scan(space, n_scan, rng)
        starts = [t for f, t in scanned[:STARTS] if f < _PENALTY]
        per_start = max(10, (share - space.evals) // max(1, len(starts)))
        for t in starts:
            if time.perf_counter() > deadline:
                break
            for u in (t, _climb(space, t, per_start)):
                r = _round(space, u, domain)
                if r is not None:
                    found.append(r)
    return sorted(found, key=lambda vp: -vp[0])
