"""Class 2: the probe evaluates SymPy's own closed form, so a wrong closed form passes probe and doit alike.

Each wrong value below is what SymPy 1.14 returns; each true value is recomputed by ``oracle`` with
mpmath quadrature / summation / products (split at the kinks), never through SymPy.
Integrals of |periodic| functions: sympy/sympy#18384, #15402, #23223, #29072, #30319; the derivative
limit: #23525; the infinite products: SymPy's Product.evalf truncates (off by 2e-9 and 5e-10).
"""

from __future__ import annotations

import mpmath as mp
from sympy import (
    Abs,
    Derivative,
    Integral,
    Limit,
    Product,
    Rational,
    Sum,
    Symbol,
    atan,
    cos,
    exp,
    factorial,
    log,
    oo,
    pi,
    sin,
    sqrt,
    subfactorial,
    symbols,
)
from sympy.stats import Expectation, Uniform

from tests.soundness.case import PROVED, REFUTED, Case

x = Symbol("x", real=True)
k = Symbol("k", integer=True)
n = Symbol("n", integer=True, positive=True)
kk = Symbol("kk", real=True)
C, M1, M2, a = symbols("C M_1 M_2 a", positive=True)
U = Uniform("U", -1, 2)
INDEPENDENT = "independent evaluation of integrals/sums/limits"

# sympy/sympy#23525: a dispersion relation; SymPy's limit of its derivative at 0+ is 0.
_S, _P = M1 + M2, M1 * M2
BRANCH = sqrt(2 * C * (_S - sqrt(_S**2 - _P * (2 - 2 * cos(kk * a)))) / (2 * _P))
SLOPE = a * sqrt(C / (2 * (M1 + M2)))
PARAMS = {C: (Rational(1, 2), 2), M1: (Rational(1, 2), 2), M2: (Rational(1, 2), 2), a: (Rational(1, 2), 2)}


def _quad(f, points) -> mp.mpf:
    return mp.quad(f, points)


def at(dps: int, check):
    """``check`` run with every mpmath operation (targets included) at ``dps`` digits."""

    def run() -> bool:
        with mp.workdps(dps):
            return check()

    return run


TOL = mp.mpf(10) ** -25


def _near(value, target, tol=TOL) -> bool:
    return abs(value - target) < tol


def _abs_sincos() -> mp.mpf:
    return _quad(lambda t: abs(mp.sin(t) * mp.cos(t)), mp.linspace(0, 2 * mp.pi, 5))


def _abs_cos_half() -> mp.mpf:
    return _quad(lambda t: abs(mp.cos(t)), [-mp.pi / 2, mp.pi / 2])


def _subfactorial_ratio(m: int) -> mp.mpf:
    """!m / m! from the integer recurrence D(m) = (m-1)(D(m-1) + D(m-2))."""
    d0, d1 = 1, 0
    for i in range(2, m + 1):
        d0, d1 = d1, (i - 1) * (d0 + d1)
    with mp.workdps(200):
        return mp.mpf(d1) / mp.factorial(m)


def _branch_slope(c, m1, m2, aa) -> mp.mpf:
    """The right derivative of BRANCH at 0, numerically at k = 1e-20 (200 digits)."""
    with mp.workdps(200):
        s, p = m1 + m2, m1 * m2
        f = lambda t: mp.sqrt(2 * c * (s - mp.sqrt(s**2 - p * (2 - 2 * mp.cos(t * aa)))) / (2 * p))  # noqa: E731
        return mp.diff(f, mp.mpf(10) ** -20)


def _slope_formula(c, m1, m2, aa) -> mp.mpf:
    with mp.workdps(200):
        return aa * mp.sqrt(c / (2 * (m1 + m2)))


def _viete() -> mp.mpf:
    """prod_{k>=1} cos(2^-k) - sin(1), 400 factors at 200 digits (tail < 4^-400)."""
    with mp.workdps(200):
        return mp.fprod(mp.cos(mp.mpf(2) ** -j) for j in range(1, 401)) - mp.sin(1)


def _binary() -> mp.mpf:
    """prod_{k>=0} (1 + 2^(-2^k)) - 2, 14 factors at 200 digits (tail < 2^-16384)."""
    with mp.workdps(200):
        return mp.fprod(1 + mp.mpf(2) ** (-(2**j)) for j in range(14)) - 2


def _atan_jump() -> mp.mpf:
    return _quad(lambda t: mp.atan((3 * t - t**3) / (1 - 3 * t**2)), [0, 1 / mp.sqrt(3), mp.sqrt(3)])


def _abs_cos_expectation() -> mp.mpf:
    return _quad(lambda t: abs(mp.cos(mp.pi * t)) / 3, [-1, -0.5, 0.5, 1.5, 2])


ABS_SINCOS = Integral(Abs(sin(x) * cos(x)), (x, 0, 2 * pi))
ABS_COS_HALF = Integral(Abs(cos(x)), (x, -pi / 2, pi / 2))
DERANGED = Limit(subfactorial(n) / factorial(n), n, oo)
SLOPE_LIMIT = Limit(Derivative(BRANCH, kk), kk, 0, "+")
VIETE = Product(cos(1 / 2**k), (k, 1, oo))
BINARY = Product(1 + Rational(1, 2) ** (2**k), (k, 0, oo))
ABS_COS_U = Expectation(Abs(cos(pi * U)))

CASES = [
    Case(
        "c2-abs-sincos-eq-1", 2, ABS_SINCOS, "=", 1, truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: 1. True: 2 (mpmath quad split at multiples of pi/2 = 2; by hand 4 quarter-periods of 1/2).",
        oracle=at(60, lambda: _near(_abs_sincos(), 2)),
    ),
    Case(
        "c2-abs-sincos-eq-2", 2, ABS_SINCOS, "=", 2, truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="The true value 2 (see c2-abs-sincos-eq-1); refuted today because the probe evaluates SymPy's 1.",
        oracle=at(60, lambda: _near(_abs_sincos(), 2)),
    ),
    Case(
        "c2-abs-sin2x-eq-2", 2, Integral(Abs(sin(2 * x)), (x, 0, 2 * pi)), "=", 2, truth=False,
        strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: 2. True: 4 (mpmath quad; by hand 4 half-periods of |sin 2x|, each 1). sympy#30319.",
        oracle=at(60, lambda: _near(_quad(lambda t: abs(mp.sin(2 * t)), mp.linspace(0, 2 * mp.pi, 5)), 4)),
    ),
    Case(
        "c2-abs-cos-eq-zero", 2, ABS_COS_HALF, "=", 0, truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: 0. True: 2 = [sin]_{-pi/2}^{pi/2} (cos >= 0 there). sympy#23223.",
        oracle=at(60, lambda: _near(_abs_cos_half(), 2)),
    ),
    Case(
        "c2-abs-cos-positive", 2, ABS_COS_HALF, ">", 0, truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="A positive continuous integrand on an interval: the integral is 2 > 0 (mpmath quad).",
        oracle=at(60, lambda: _abs_cos_half() > 1),
    ),
    Case(
        "c2-abs-sin-shifted", 2, Integral(Abs(sin(x)), (x, 0, 4 + 2 * pi)), "=", cos(4) + 3, truth=False,
        strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: cos(4) + 3 = 2.3464 (only the part past 2*pi). True: 7 + cos(4) = 6.3464 "
        "(4 over [0, 2pi], then 2 + (1 + cos 4) over [2pi, 2pi+4]; mpmath quad split at k*pi). sympy#17791.",
        oracle=at(60, lambda: _near(_quad(lambda t: abs(mp.sin(t)), [0, mp.pi, 2 * mp.pi, 3 * mp.pi, 4 + 2 * mp.pi]),
                             7 + mp.cos(4))),
    ),
    Case(
        "c2-atan-jump", 2, Integral(atan((3 * x - x**3) / (1 - 3 * x**2)), (x, 0, sqrt(3))), "=", -3 * log(2),
        truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: -3*log(2) = -2.0794 (misses the antiderivative's jump at 1/sqrt(3)). True: "
        "pi/sqrt(3) - 3*log(2) = -0.26564 (mpmath quad split at 1/sqrt(3)). sympy#30319.",
        oracle=at(60, lambda: _near(_atan_jump(), mp.pi / mp.sqrt(3) - 3 * mp.log(2))),
    ),
    Case(
        "c2-derangement-limit-zero", 2, DERANGED, "=", 0, truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="SymPy: 0. True: 1/e, since !n/n! = sum_{i<=n} (-1)^i/i! (exact integer recurrence, n = 100, "
        "agrees with 1/e to 150 digits). sympy#9308.",
        oracle=at(200, lambda: _near(_subfactorial_ratio(100), mp.e ** -1, mp.mpf(10) ** -150)),
    ),
    Case(
        "c2-derangement-limit-inv-e", 2, DERANGED, "=", exp(-1), truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="The true limit 1/e (see c2-derangement-limit-zero); refuted today against SymPy's 0.",
        oracle=at(200, lambda: _near(_subfactorial_ratio(100), mp.e ** -1, mp.mpf(10) ** -150)),
    ),
    Case(
        "c2-derivative-limit-zero", 2, SLOPE_LIMIT, "=", 0, domain=PARAMS, truth=False, strict=REFUTED,
        feature=INDEPENDENT,
        notes="SymPy (symbolic parameters): 0. True: a*sqrt(C/(2(M1+M2))) > 0: g = 2-2cos(ka) ~ a^2k^2 gives "
        "BRANCH ~ a*k*sqrt(C/(2(M1+M2))); mpmath derivative at k=1e-20 (200 digits) at C=1,M1=1,M2=3/2,a=1 "
        "is sqrt(5)/5 = 0.4472. The probe differentiates and takes the limit before substituting. sympy#23525.",
        oracle=at(60, lambda: _near(_branch_slope(1, 1, mp.mpf(3) / 2, 1), mp.sqrt(5) / 5, mp.mpf(10) ** -15)),
    ),
    Case(
        "c2-derivative-limit-slope", 2, SLOPE_LIMIT, "=", SLOPE, domain=PARAMS, truth=True, strict=PROVED,
        feature=INDEPENDENT,
        notes="The true slope (see c2-derivative-limit-zero); mpmath matches the formula at two parameter points.",
        oracle=at(60, lambda: all(
            _near(_branch_slope(*p), _slope_formula(*p), mp.mpf(10) ** -15)
            for p in [(1, 1, mp.mpf(3) / 2, 1), (mp.mpf(3) / 2, mp.mpf(7) / 10, 2, mp.mpf(13) / 10)]
        )),
    ),
    Case(
        "c2-sum-partial-fractions", 2, Sum(k / ((k + 2) * (k + 4) * (k + 8)), (k, 1, oo)), "=", Rational(4, 35),
        truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="Partial fractions -1/6/(k+2) + 1/2/(k+4) - 1/3/(k+8) telescope to 1/4 - 25/24 + 761/840 negated "
        "= 4/35 (by hand; mpmath nsum agrees). SymPy's closed form has a 0/0 in exp_polar(0) terms and "
        "evaluates to garbage, so the true statement is refuted.",
        oracle=at(60, lambda: _near(mp.nsum(lambda j: j / ((j + 2) * (j + 4) * (j + 8)), [1, mp.inf]), mp.mpf(4) / 35)),
    ),
    Case(
        "c2-viete-eq", 2, VIETE, "=", sin(1), truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="Euler/Viete: prod_{k>=1} cos(x/2^k) = sin(x)/x (from sin x = 2^m sin(x/2^m) prod cos(x/2^k)). "
        "mpmath: 400 factors at 200 digits match sin(1) to 1e-200. SymPy's evalf gives 0.841470986898 "
        "(sin(1) + 2.09e-9).",
        oracle=at(200, lambda: abs(_viete()) < mp.mpf(10) ** -150),
    ),
    Case(
        "c2-viete-gt", 2, VIETE, ">", sin(1), truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="The two sides are equal (see c2-viete-eq); SymPy's truncated evalf makes the left larger, and "
        "the evalf(50) fallback proves the strict inequality.",
        oracle=at(200, lambda: abs(_viete()) < mp.mpf(10) ** -150),
    ),
    Case(
        "c2-binary-product-lt", 2, BINARY, "<", 2, truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="prod_{k>=0} (1 + y^(2^k)) = 1/(1-y) for |y| < 1 (binary expansion), = 2 at y = 1/2. mpmath: "
        "14 factors at 200 digits equal 2 to 1e-200. SymPy's evalf gives 1.99999999953.",
        oracle=at(200, lambda: abs(_binary()) < mp.mpf(10) ** -150),
    ),
    Case(
        "c2-binary-product-eq", 2, BINARY, "=", 2, truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="See c2-binary-product-lt; refuted today against SymPy's truncated 1.99999999953.",
        oracle=at(200, lambda: abs(_binary()) < mp.mpf(10) ** -150),
    ),
    Case(
        "c2-expectation-wrong", 2, ABS_COS_U, "=", 4 / (3 * pi), truth=False, strict=REFUTED, feature=INDEPENDENT,
        notes="U ~ Uniform(-1, 2). SymPy: 4/(3*pi). True: (1/3) * integral_{-1}^{2} |cos(pi t)| dt = 2/pi "
        "(three unit periods, each 2/pi; mpmath quad split at half-integers).",
        oracle=at(60, lambda: _near(_abs_cos_expectation(), 2 / mp.pi)),
    ),
    Case(
        "c2-expectation-true", 2, ABS_COS_U, "=", 2 / pi, truth=True, strict=PROVED, feature=INDEPENDENT,
        notes="See c2-expectation-wrong; refuted today against SymPy's 4/(3*pi).",
        oracle=at(60, lambda: _near(_abs_cos_expectation(), 2 / mp.pi)),
    ),
]
