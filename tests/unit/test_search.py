"""The search for violations that random probe points miss: exhaustive integer boxes, local maximisation
over real symbols, exact candidates inside the domain, determinism and a time budget."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import Abs, Integer, Integral, Matrix, Max, Rational, Symbol, exp, sin

from checker import sampling, search
from checker.model import Verdict
from checker.obligation import Obligation
from checker.symbolic import verify

x = Symbol("x", real=True)
y = Symbol("y", positive=True)
n = Symbol("n", integer=True)
m = Symbol("m", integer=True, positive=True)
NARROW = Obligation(exp(-100 * (x - Rational(27, 10)) ** 2), "<=", Rational(1, 2), {})


def _found(ob: Obligation, seed: int = 0) -> list[dict]:
    return list(search.candidates(ob, seed))


def _violates(ob: Obligation, point: dict) -> bool:
    """Exact check that ``point`` violates ``ob`` (the test's own, independent of the search)."""
    lhs, rhs = (sympy.sympify(e).xreplace(point) for e in (ob.lhs, ob.rhs))
    if ob.rel == "=":
        return lhs != rhs
    holds = {"<=": sympy.Le, "<": sympy.Lt, ">=": sympy.Ge, ">": sympy.Gt}[ob.rel](lhs, rhs)
    return not bool(holds)


def test_exhaustive_finds_the_only_violating_integer():
    """(n-5)^2 + 1 > 1 fails only at n = 5 (a tie) among 0..1000: that point and nothing else."""
    ob = Obligation(n**2 - 10 * n + 26, ">", 1, {n: (0, 1000)})
    assert _found(ob) == [{n: Integer(5)}]


def test_exhaustive_over_two_integers_with_a_dependent_bound():
    """A box of 8950 points whose upper bound for m depends on n: the one violating pair is found."""
    ob = Obligation((n - 37) ** 2 + (m - 71) ** 2, ">=", 1, {n: (0, 99), m: (1, n + 40)})
    assert _found(ob) == [{n: Integer(37), m: Integer(71)}]


def test_exhaustive_honours_the_assumptions():
    """For even n the only violation (n = 5, odd) lies outside the assumptions: no candidate."""
    e = Symbol("e", integer=True, even=True)
    assert _found(Obligation(e**2 - 10 * e + 26, ">", 1, {e: (0, 1000)})) == []
    p = Symbol("p", prime=True)
    found = _found(Obligation(p, "!=", 4, {p: (1, 100)}))  # "≠": nothing to maximise
    assert found == []
    found = _found(Obligation(p % 4, "<=", 2, {p: (1, 100)}))  # primes ≡ 3 (mod 4) violate
    assert found and all(sympy.isprime(pt[p]) and pt[p] % 4 == 3 for pt in found)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_narrow_window_is_found(seed):
    """exp(-100 (x - 2.7)^2) <= 1/2 fails only for |x - 2.7| < 0.083: the search finds such a point."""
    found = _found(NARROW, seed)
    assert found and _violates(NARROW, found[0])
    assert abs(found[0][x] - Rational(27, 10)) < Rational(83, 1000)


def test_a_global_error_bound_violated_only_near_abs_x_2_7():
    """The issue's case: |f - g| <= eps everywhere except two narrow windows around x = ±2.7."""
    ob = Obligation(Abs(exp(-100 * (Abs(x) - Rational(27, 10)) ** 2)), "<=", Rational(1, 100), {})
    found = _found(ob, 11)
    assert found and all(_violates(ob, p) for p in found)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_verify_refutes_the_narrow_window(seed):
    """End to end: the probe's six points miss the window, strategies cannot close it, the search refutes it
    (two strategies only: ``factor`` spends ~12 s on this exponential)."""
    v = verify(NARROW, seed, strategies=("as written", "expand"))
    assert v.verdict is Verdict.REFUTED
    assert v.counterexample is not None


def test_matrix_entries_are_compared_entrywise():
    """An identity between matrices that fails in one entry near x = 2.7 only."""
    ob = Obligation(Matrix([x, Max(0, 1 - 100 * (x - Rational(27, 10)) ** 2)]), "=", Matrix([x, 0]), {})
    found = _found(ob)
    assert found and _violates(ob, found[0])


OBLIGATIONS = [
    NARROW,
    Obligation(x**2, "<", 4 * x, {x: (Rational(1), Rational(4))}),
    Obligation(sin(y) * y, "<=", Rational(1, 2), {y: (0, 3)}),
    Obligation(y + x, ">=", Rational(3, 2), {y: (Rational(1, 10), 2), x: (0, y)}),
    Obligation(m * exp(-100 * (x - Rational(27, 10)) ** 2), "<=", Rational(1, 2), {m: (1, 3)}),
    Obligation(n**2, "<=", 100, {}),
]


@pytest.mark.parametrize("ob", OBLIGATIONS)
def test_candidates_are_exact_and_inside_the_domain(ob):
    """Integers and rationals only, every assumption and every (dependent) bound holds."""
    found = _found(ob, 4)
    assert found, "each of these obligations fails somewhere"
    for p in found:
        assert all(isinstance(v, Integer | Rational) for v in p.values())
        assert sampling.within(p, ob.domain) is None
        assert set(p) == sampling.free_symbols([ob.lhs, ob.rhs])


@pytest.mark.parametrize("ob", OBLIGATIONS)
def test_one_seed_gives_one_answer(ob):
    """The search is deterministic given the seed."""
    assert _found(ob, 9) == _found(ob, 9)


def test_the_time_budget_holds():
    """A heavy expression over five real symbols: the search stops at its budget."""
    xs = sympy.symbols("x0:5", real=True)
    heavy = sum(sin(k * a) ** 2 * exp(-k * b**2) for k in range(1, 40) for a, b in zip(xs, xs[1:], strict=False))
    ob = Obligation(heavy, "<=", 10**6, {})
    t0 = time.perf_counter()
    assert list(search.candidates(ob, 0, budget_s=0.5)) == []
    assert time.perf_counter() - t0 < 0.5 + 1.0  # lambdify and one last evaluation may overrun a little
    t0 = time.perf_counter()
    list(search.candidates(Obligation(sum(sin(k * x) for k in range(5)), "<=", 10, {}), 0))
    assert time.perf_counter() - t0 < search.BUDGET_S + 0.5


def test_nothing_to_search():
    """"≠", an unevaluated integral, and an assumption the sampler cannot honour: no candidates, no error."""
    t = Symbol("t", transcendental=True)
    assert _found(Obligation(x, "!=", 1, {})) == []
    assert _found(Obligation(Integral(exp(-x * y), (x, 0, 1)), "<=", 0, {})) == []
    assert _found(Obligation(t**2, "<", 0, {})) == []
