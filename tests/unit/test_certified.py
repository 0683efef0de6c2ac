"""Certified enclosures (arb balls) and the probe built on them: sound verdicts on hard numbers."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
import sympy
from flint import acb, arb, ctx
from sympy import (
    Abs,
    Ci,
    Ei,
    Float,
    I,
    Integral,
    Limit,
    Product,
    Rational,
    Sum,
    acos,
    acosh,
    asin,
    asinh,
    atan,
    atanh,
    cos,
    exp,
    floor,
    li,
    log,
    loggamma,
    oo,
    pi,
    sin,
    sqrt,
    symbols,
)
from sympy.stats import Expectation, FiniteRV, Normal, Probability, Uniform, Variance

from checker.certified import MAX_TERMS, Undecidable, Undefined, Unsupported, enclose
from checker.model import Verdict
from checker.probe import certified_sign, probe
from checker.symbolic import Obligation, verify

x = symbols("x", real=True)
i = symbols("i", integer=True)
n = symbols("n", integer=True, positive=True)
EPS = Rational(1, 10**70)


def _verdict(lhs, rel, rhs, **kw):
    return verify(Obligation(sympy.sympify(lhs), rel, sympy.sympify(rhs), domain={}, **kw), 1)


# --- precision loss in constants --------------------------------------------------------------

@pytest.mark.parametrize(("lhs", "rel", "rhs"), [
    (acos(1 - EPS), "=", 0),
    (acos(1 - EPS), "<=", 0),
    (acosh(1 + EPS), "=", 0),
    (acosh(1 + EPS), "<=", 0),
    (log(1 + EPS), "=", 0),
    (log(1 + EPS), "<=", 0),
    (sqrt(1 - EPS), "=", 1),
    (sqrt(1 - EPS), ">=", 1),
    (exp(EPS), "<=", 1),
])
def test_false_statements_about_tiny_constants_are_refuted(lhs, rel, rhs):
    """A difference of 10^-35 or 10^-70 that 50-digit arithmetic rounds away is refuted, certified, never proved."""
    v = _verdict(lhs, rel, rhs)
    assert v.verdict is Verdict.REFUTED
    assert v.counterexample.certified and v.counterexample.values == {}


@pytest.mark.parametrize(("lhs", "rel", "rhs"), [
    (acos(1 - EPS), ">", 0),
    (acosh(1 + EPS), ">", 0),
    (log(1 + EPS), ">", 0),
    (sqrt(1 - EPS), "!=", 1),
    (sqrt(1 - EPS), "<", 1),
    (1 + EPS, ">", 1),
    (exp(EPS), ">", 1),
])
def test_true_statements_about_tiny_constants_are_proved_not_refuted(lhs, rel, rhs):
    """The tie check never refutes a true strict relation whose sides differ by 10^-70."""
    assert _verdict(lhs, rel, rhs).verdict is Verdict.PROVED


def test_a_tiny_difference_is_separated_by_raising_the_precision():
    """log(1 + 10^-70) contains 0 at 64 bits; the enclosure raises the precision until it excludes 0."""
    low = enclose(log(1 + EPS), max_prec=64)
    assert 0 in low.value
    e = enclose(log(1 + EPS), until=lambda e: 0 not in e.value)
    assert e.decided and e.certified and e.prec >= 256 and e.value.real > 0


def test_number_valued_inequalities_are_decided_by_the_enclosure_alone():
    """certified_sign proves a constant's sign only from a certified enclosure (no SymPy evalf)."""
    assert certified_sign(exp(EPS) - 1, ">") is not None
    assert certified_sign(sqrt(1 - EPS) - 1, "!=") is not None
    assert certified_sign(1 - sqrt(1 - EPS), ">=") is not None
    assert certified_sign(sqrt(1 - EPS) - 1, ">") is None
    assert certified_sign(Integral(exp(-x**4), (x, -oo, oo)), ">") is None  # an mpmath estimate proves nothing
    assert certified_sign(Integral(exp(-x**2), (x, -oo, oo)), ">") is not None  # the Gaussian closed form does


def test_exact_rationals_and_floats_stay_exact():
    """Rational arithmetic is exact (a 10^-60 difference is seen at any precision); a Float is its binary value."""
    v = _verdict(Sum(i, (i, 1, n)), "=", n * (n + 1) / 2 + Rational(1, 10**60))
    assert v.verdict is Verdict.REFUTED
    assert enclose(Float(0.1)).exact == Fraction(0.1)


# --- branch cuts, undefined points ------------------------------------------------------------

_POINTS = [Rational(5, 2), Rational(-5, 2), Rational(1, 2), Rational(-1, 2), 2 * I, -2 * I, 1 + I, -3 - I / 5]
_FUNCTIONS = [asin, acos, atan, asinh, acosh, atanh, log, sqrt, loggamma, Ci, Ei, li, lambda z: z ** Rational(1, 3)]


@pytest.mark.parametrize("f", _FUNCTIONS)
def test_principal_branches_match_sympy_on_and_off_the_cuts(f):
    """Real arguments outside the real domain (on the cuts) and complex ones: the same values as SymPy's N."""
    for p in _POINTS:
        e = f(p)
        enc = enclose(e, start=128)
        re_, im_ = sympy.N(e, 40).as_real_imag()
        with ctx.workprec(128):
            assert abs(enc.value - acb(arb(str(re_)), arb(str(im_)))) < arb(10) ** -30, e


_SPECIAL = [
    lambda z: sympy.besselj(Rational(1, 3), z), lambda z: sympy.bessely(2, z), lambda z: sympy.besseli(Rational(-1, 2), z),
    lambda z: sympy.besselk(3, z), lambda z: sympy.polylog(2, z), lambda z: sympy.uppergamma(Rational(1, 2), z),
    lambda z: sympy.expint(2, z), lambda z: sympy.zeta(3, z), sympy.LambertW, lambda z: sympy.LambertW(z, -1),
    sympy.airyai, sympy.fresnels, sympy.elliptic_k, sympy.elliptic_e, sympy.sinc,
]


@pytest.mark.parametrize("f", _SPECIAL)
def test_special_functions_match_sympy(f):
    """Bessel, polylog, incomplete gamma, Hurwitz zeta, Lambert W, Airy, Fresnel, elliptic: SymPy's values."""
    for p in [Rational(3, 2), Rational(-3, 2), Rational(1, 3), 2 * I, -1 - I, Rational(-1, 5)]:
        e = f(p)
        enc = enclose(e, start=128)
        re_, im_ = sympy.N(e, 40).as_real_imag()
        with ctx.workprec(128):
            assert abs(enc.value - acb(arb(str(re_)), arb(str(im_)))) < arb(10) ** -25, e


def test_undefined_points_and_undecidable_balls():
    """Exact poles are Undefined; a ball straddling a floor boundary at every precision is Undecidable."""
    with pytest.raises(Undefined):
        enclose(1 / x, {x: 0})
    with pytest.raises(Undefined):
        enclose(log(x), {x: 0})
    with pytest.raises(Undefined):
        enclose(sympy.gamma(x), {x: -2})
    with pytest.raises(Undecidable):
        enclose(floor(sin(x) ** 2 + cos(x) ** 2 - 1), {x: 1}, max_prec=256)
    assert enclose(floor(x / 3), {x: 7}).exact == 2


def test_unsupported_functions_are_named():
    """An unknown function raises Unsupported with its name."""
    f = sympy.Function("f")
    with pytest.raises(Unsupported, match="f"):
        enclose(f(x), {x: 1})


# --- independence from SymPy's doit -----------------------------------------------------------

def test_integral_with_a_wrong_sympy_closed_form_is_evaluated_independently():
    """∫_0^{2π} |sin x cos x| dx = 2 (SymPy's doit says 1): rigorous arb quadrature, and the wrong form is refuted."""
    e = Integral(Abs(sin(x) * cos(x)), (x, 0, 2 * pi))
    enc = enclose(e, start=128)
    assert enc.certified and 2 in enc.value and enc.value.rad() < 1e-30
    if e.doit() != 2:  # SymPy's bug at the time of writing
        assert _verdict(e, "=", e.doit()).verdict is Verdict.REFUTED
    assert _verdict(e, "=", 2).verdict is not Verdict.REFUTED


def test_divergent_integral_is_not_given_a_value():
    """∫_{-1}^{1} dx/x has no value: the probe stays undecided."""
    assert _verdict(Integral(1 / x, (x, -1, 1)), "=", 0).verdict is Verdict.UNDECIDED


def test_the_probe_never_calls_doit(monkeypatch):
    """Integrals, sums, limits and expectations are enclosed without any construct's doit."""

    def boom(self, **hints):
        raise AssertionError("doit called")

    for cls in (Integral, Sum, Product, Limit, Expectation, Probability, Variance):
        monkeypatch.setattr(cls, "doit", boom)
    z = Normal("z", 0, 1)
    ob = Obligation(Integral(x * exp(-x), (x, 0, 2)) + Sum(i, (i, 1, 4)) + Expectation(z**2), "=",
                    1 - 3 * exp(-2) + 10 + 1, {})
    assert probe(ob, 0).agreeing == 1


def test_limit_is_estimated_numerically_and_not_certified():
    """A limit (of a derivative, too) is estimated by extrapolation from the declared side: certified=False."""
    e = enclose(Limit(sympy.Derivative(sin(x) / x, x), x, 0))
    assert not e.certified and 0 in e.value and e.value.rad() < 1e-10
    assert abs(enclose(Limit((1 + 1 / x) ** x, x, oo)).value - arb.const_e()) < 1e-10


# --- sums -------------------------------------------------------------------------------------

def test_reversed_sums_and_products_follow_karr_as_sympy_does():
    """Sum(i, (i, 3, 1)) = -2 and Product(i, (i, 4, 1)) = 1/6 (Karr's convention), as SymPy's doit says."""
    assert enclose(Sum(i, (i, 3, 1))).exact == -2 == Sum(i, (i, 3, 1)).doit()
    assert enclose(Product(i, (i, 4, 1))).exact == Fraction(1, 6) == Product(i, (i, 4, 1)).doit()
    assert enclose(Sum(i, (i, 3, 2))).exact == 0
    assert _verdict(Sum(i, (i, 3, 1)), "=", -2).verdict is Verdict.PROVED
    assert _verdict(Sum(i, (i, 3, 1)), "=", 0).verdict is Verdict.REFUTED


def test_a_long_false_sum_is_not_proved_and_does_not_hang():
    """A 50 000-term false statement: the sum is too long to write out, so the step is undecided, quickly."""
    t0 = time.perf_counter()
    v = _verdict(Sum(i**2, (i, 1, 50_000)), "=", 1)
    assert v.verdict is not Verdict.PROVED
    assert time.perf_counter() - t0 < 20
    with pytest.raises(Unsupported, match="terms"):
        enclose(Sum(i**2, (i, 1, MAX_TERMS + 1)))
    assert enclose(Sum(3, (i, 1, 50_000))).exact == 150_000  # a constant term needs no writing out


# --- mpmath fallbacks are marked --------------------------------------------------------------

def test_mpmath_fallbacks_are_not_certified():
    """Infinite ranges (bar Gaussian closed forms), non-holomorphic integrands and expectations by quadrature are estimates."""
    assert not enclose(Integral(exp(-x**4), (x, -oo, oo))).certified
    assert enclose(Integral(x**2 * exp(-x**2), (x, -oo, oo))).certified  # textbook Gaussian moment
    assert not enclose(Integral(Abs(exp(I * sympy.Symbol("y")) + 2), (sympy.Symbol("y"), 0, 1))).certified
    assert enclose(Integral(exp(-x**2), (x, -1, 1))).certified
    z = Normal("z", 0, 1)
    assert not enclose(Expectation(sympy.cos(z))).certified
    assert enclose(Expectation(z**2)).certified and enclose(Expectation(z**2)).exact == 1  # the law's moment


def test_an_uncertified_refutation_is_confirmed_and_marked():
    """∫ e^{-x⁴} over ℝ is 2Γ(5/4) ≠ 2: refuted by two independent quadratures, counterexample.certified False."""
    v = _verdict(Integral(exp(-x**4), (x, -oo, oo)), "=", 2)
    assert v.verdict is Verdict.REFUTED and not v.counterexample.certified
    assert abs(float(v.counterexample.lhs) - float(2 * sympy.gamma(Rational(5, 4)))) < 1e-15


def test_finite_expectations_are_exact_and_gaussian_ones_numerical():
    """Finite random variables are enumerated exactly; a Gaussian tail comes from erfc, certified."""
    p = symbols("p", positive=True)
    b = FiniteRV("b", {0: 1 - p, 1: p})
    assert enclose(Variance(b), {p: Rational(1, 3)}).exact == Fraction(2, 9)
    u = Uniform("u", 0, 1)
    assert enclose(Probability(u > 2)).exact == 0  # a root outside the support cuts nothing
    assert enclose(Probability(u > Rational(1, 3))).value.overlaps(acb(arb(2) / 3))
    z = Normal("z", 0, 1)
    assert 3 in enclose(Expectation(z**4)).value
    tail = enclose(Probability(z**2 - 1 >= 6), start=256).value  # P(|z| >= √7), cut at the exact roots ±√7
    with ctx.workprec(256):
        exact = acb((arb(7) / 2).sqrt().erfc())
        assert tail.overlaps(exact) and abs(tail - exact) < arb(10) ** -40


# --- exact ties -------------------------------------------------------------------------------

def test_a_tie_refutes_a_strict_relation_only_when_exact():
    """Exact rational and algebraic ties refute a strict relation; a numeric near-tie of constants does not."""
    assert _verdict((1 + sqrt(2)) ** 2, ">", 3 + 2 * sqrt(2)).verdict is Verdict.REFUTED
    assert _verdict(x**2, ">", 0, witness={x: 0}).verdict is Verdict.REFUTED
    assert _verdict(sin(1) ** 2 + cos(1) ** 2, ">", 1).verdict is not Verdict.REFUTED


def test_counterexample_values_are_exact_rationals():
    """The counterexample names the exact rational point and the sides' midpoints."""
    v = _verdict(sqrt(x**2), "=", x)
    assert Rational(v.counterexample.values["x"]) < 0
    assert float(v.counterexample.lhs) == -float(v.counterexample.rhs)
