"""Inequality strategies: each capability proves a true statement and rejects a perturbed one."""

from __future__ import annotations

import time
from fractions import Fraction

import mpmath as mp
import sympy
from sympy import Abs, Max, Rational, cosh, erf, exp, pi, sin, sqrt, symbols, tanh

from checker import branch_bound, lemmas, sos
from checker.model import Verdict
from checker.symbolic import Obligation, verify

x, y, z = symbols("x y z", real=True)
a, b, c = symbols("a b c", complex=True)
PHI = (1 + erf(x / sqrt(2))) / 2
GELU_TANH = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + Rational(44715, 10**6) * x**3)))
GELU_ERROR = Abs(x * PHI - GELU_TANH)
TRUE_MAX = mp.mpf("4.7323552068728487711e-4")  # mpmath findroot of the derivative at x = 2.6989413863772703


def _refuted_or_open(v):
    return v.verdict is not Verdict.PROVED


def test_sum_of_squares_certificate_is_exact():
    """x² + y² + z² ≥ xy + yz + zx needs a certificate (factor gives no sign); 3xy instead of 2xy fails."""
    v = verify(Obligation(x**2 + y**2 + z**2, ">=", x * y + y * z + z * x, {}))
    assert v.verdict is Verdict.PROVED and v.strategy == "sum of squares" and v.certified
    cert = sos.certificate(x**2 + y**2 - 2 * x * y, (x, y))
    assert cert is not None and sympy.expand(sum(w * q**2 for w, q in zip(cert.weights, cert.squares, strict=True))) == sympy.expand((x - y) ** 2)
    assert sos.nonnegative(x**2 + y**2 - 3 * x * y, (x, y), False) is None
    bad = verify(Obligation(x**2 + y**2, ">=", 3 * x * y, {}))
    assert bad.verdict is Verdict.REFUTED and bad.counterexample.certified


def test_monotonicity_proves_a_bound_on_a_half_line():
    """eˣ ≥ 1 + x + x²/2 on [0, ∞) and cosh x ≥ 1 + x²/2 on ℝ by derivative signs; a larger cubic term fails."""
    v = verify(Obligation(exp(x), ">=", 1 + x + x**2 / 2, {x: (0, sympy.oo)}))
    assert v.verdict is Verdict.PROVED and v.strategy == "monotonicity" and v.certified
    assert verify(Obligation(cosh(x), ">=", 1 + x**2 / 2, {})).verdict is Verdict.PROVED
    bad = verify(Obligation(exp(x), ">=", 1 + x + x**2 / 2 + x**3 / 5, {x: (0, sympy.oo)}))
    assert bad.verdict is Verdict.REFUTED


def test_triangle_inequality_for_complex_terms():
    """|a+b+c| ≤ |a|+|b|+|c| for complex a, b, c by the named lemma; dropping |c| is refuted."""
    v = verify(Obligation(Abs(a + b + c), "<=", Abs(a) + Abs(b) + Abs(c), {}))
    assert v.verdict is Verdict.PROVED and v.strategy == "triangle inequality" and v.certified
    assert lemmas.prove(Abs(a) + Abs(b), Abs(a + b + c), False) is None
    bad = verify(Obligation(Abs(a + b + c), "<=", Abs(a) + Abs(b), {}))
    assert bad.verdict is Verdict.REFUTED


def test_max_lemmas():
    """Max(x, y) ≥ x and Max(x, y) ≤ |x| + |y|; the tempting Max(x, y) ≤ x + |y| is false (x = -5, y = 1)."""
    assert verify(Obligation(Max(x, y), ">=", x, {})).strategy == "Max/Min lemma"
    assert verify(Obligation(Max(x, y), "<=", Abs(x) + Abs(y), {})).verdict is Verdict.PROVED
    assert lemmas.prove(x + Abs(y), Max(x, y), False) is None
    assert verify(Obligation(Max(x, y), "<=", x + Abs(y), {})).verdict is Verdict.REFUTED


def test_branch_and_bound_on_a_box():
    """sin x ≤ x − x³/6 + x⁵/120 on [0, 2] (touching at 0); lowering the bound by 10⁻³ is refuted."""
    taylor = x - x**3 / 6 + x**5 / 120
    v = verify(Obligation(sin(x), "<=", taylor, {x: (0, 2)}))
    assert v.verdict is Verdict.PROVED and v.strategy == "branch-and-bound" and v.certified
    out = branch_bound.nonnegative(taylor - Rational(1, 1000) - sin(x), {x: (Fraction(0), Fraction(2))})
    assert not out.proved and out.point is not None
    bad = verify(Obligation(sin(x), "<=", taylor - Rational(1, 1000), {x: (0, 2)}))
    assert bad.verdict is Verdict.REFUTED


def test_branch_and_bound_never_proves_a_narrowly_false_bound():
    """The tanh-GELU error exceeds 4.7323e-4 only for |x| within ~1e-3 of 2.6989: found or left open."""
    d = Rational(47323, 10**8) + (x * PHI - GELU_TANH)  # x·Φ(x) lies below GELU_tanh at the peak
    out = branch_bound.nonnegative(d, {x: (Fraction(-6), Fraction(6))}, seconds=10)
    assert not out.proved
    assert out.point is None or abs(abs(out.point[x]) - Rational(26989, 10**4)) < Rational(1, 100)


def test_gelu_tanh_global_error_bound():
    """max over ℝ of |xΦ(x) − GELU_tanh(x)| ≈ 4.73236e-4 (mpmath): ≤ 4.74e-4 is proved, ≤ 4.73e-4 refuted."""
    with mp.workdps(30):
        c0 = mp.sqrt(2 / mp.pi)
        v0 = mp.mpf("2.6989413863772703")
        err = v0 * (1 + mp.erf(v0 / mp.sqrt(2))) / 2 - v0 / 2 * (1 + mp.tanh(c0 * (v0 + mp.mpf(44715) / 10**6 * v0**3)))
        assert abs(abs(err) - TRUE_MAX) < mp.mpf(10) ** -15
    t0 = time.perf_counter()
    v = verify(Obligation(GELU_ERROR, "<=", Rational(474, 10**6), {}))
    assert v.verdict is Verdict.PROVED and v.certified, v.detail
    assert "tail" in v.detail
    bad = verify(Obligation(GELU_ERROR, "<=", Rational(473, 10**6), {}))
    assert bad.verdict is Verdict.REFUTED and bad.counterexample.certified
    assert time.perf_counter() - t0 < 40  # about 12 s alone; more on a loaded machine
