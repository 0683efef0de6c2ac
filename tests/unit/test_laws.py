"""Textbook law formulas (symbolic rewrite and arb enclosures): right answers proved, near misses refuted."""

from __future__ import annotations

import sympy
from sympy import Integral, Rational, erfc, exp, oo, pi, sqrt, symbols
from sympy.stats import Expectation, Exponential, Normal, Probability, Uniform, Variance

from checker import laws
from checker.model import Verdict
from checker.obligation import Obligation
from checker.symbolic import verify

s = symbols("sigma", positive=True)
t, x, a = symbols("t x a", real=True)
TINY = Rational(1, 10**30)


def verdict(lhs, rhs, rel="="):
    return verify(Obligation(lhs, rel, rhs, {}))


def test_normal_fourth_moment_is_three_sigma_to_the_four():
    """E Z⁴ = 3σ⁴ is proved; the plausible 2σ⁴ is refuted with a certified counterexample."""
    z = Normal("z", 0, s)
    assert verdict(Expectation(z**4), 3 * s**4).verdict is Verdict.PROVED
    wrong = verdict(Expectation(z**4), 2 * s**4)
    assert wrong.verdict is Verdict.REFUTED and wrong.counterexample.certified


def test_moment_generating_function_of_a_normal():
    """E e^{tX} = e^{μt + σ²t²/2}; dropping the mean is refuted."""
    X = Normal("X", 1, s)
    assert verdict(Expectation(exp(t * X)), exp(t + s**2 * t**2 / 2)).verdict is Verdict.PROVED
    assert verdict(Expectation(exp(t * X)), exp(s**2 * t**2 / 2)).verdict is Verdict.REFUTED


def test_exponential_and_uniform_moments():
    """E X² = 2/λ² (exponential) and E U = (a+b)/2 (uniform); off-by-one answers are refuted."""
    lam = symbols("lambda", positive=True)
    E = Exponential("E", lam)
    U = Uniform("U", 1, 3)
    assert verdict(Expectation(E**2), 2 / lam**2).verdict is Verdict.PROVED
    assert verdict(Expectation(E**2), 1 / lam**2).verdict is Verdict.REFUTED
    assert verdict(Variance(U), Rational(1, 3)).verdict is Verdict.PROVED
    assert verdict(Variance(U), Rational(1, 4)).verdict is Verdict.REFUTED


def test_gaussian_integral_closed_form():
    """∫ x² e^{−x²} dx = √π/2 is proved; the same plus 10⁻³⁰ is refuted."""
    f = Integral(x**2 * exp(-(x**2)), (x, -oo, oo))
    assert verdict(f, sqrt(pi) / 2).verdict is Verdict.PROVED
    assert verdict(f, sqrt(pi) / 2 + TINY).verdict is Verdict.REFUTED


def test_gaussian_rewrite_needs_a_positive_width():
    """With a real ``a`` of unknown sign, ∫ e^{a x²} is not rewritten (it may diverge)."""
    f = Integral(exp(a * x**2), (x, -oo, oo))
    assert laws.rewrite(f) == f
    g = Integral(exp(-(s**2) * x**2), (x, -oo, oo))
    assert sympy.simplify(laws.rewrite(g) - sqrt(pi) / s) == 0


def test_normal_tail_probability_from_erfc():
    """P(Z > 1) = erfc(1/√2)/2 is never refuted; 0.15866 (five digits) is refuted, certified."""
    z = Normal("z", 0, 1)
    assert verdict(Probability(z > 1), erfc(1 / sqrt(2)) / 2).verdict is not Verdict.REFUTED
    wrong = verdict(Probability(z > 1), Rational(15866, 100000))
    assert wrong.verdict is Verdict.REFUTED and wrong.counterexample.certified


def test_exponential_and_uniform_probabilities():
    """P(E > 2) = e^{−2λ} and P(U < 2) = 1/2 are proved; near misses are refuted."""
    E = Exponential("E", 3)
    U = Uniform("U", 1, 3)
    assert verdict(Probability(E > 2), exp(-6)).verdict is Verdict.PROVED
    assert verdict(Probability(E > 2), exp(-6) + TINY).verdict is Verdict.REFUTED
    assert verdict(Probability(U < 2), Rational(1, 2)).verdict is Verdict.PROVED
    assert verdict(Probability(U < 2), Rational(1, 2) - TINY).verdict is Verdict.REFUTED


def test_unknown_laws_are_left_alone():
    """A conditional expectation and a non-polynomial, non-exponential integrand are not rewritten."""
    z = Normal("z", 0, 1)
    cond = Expectation(z**2, z > 0)
    assert laws.rewrite(cond) == cond
    other = Expectation(sympy.cos(z))
    assert laws.rewrite(other) == other
