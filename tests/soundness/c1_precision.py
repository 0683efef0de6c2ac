"""Class 1: constants that a fixed 50-digit evaluation rounds onto the other side.

1 ± 10⁻⁷⁰ is 1 at 50 digits, so acos, acosh (and a log or sqrt around them) evaluate to exactly 0
where the true value is about 1.4·10⁻³⁵. SymPy's is_zero / is_nonnegative on such a number is
decided by a low-precision evalf (and flips with PYTHONHASHSEED). Every truth value below is
recomputed by ``oracle`` with mpmath at 200 digits.
"""

from __future__ import annotations

import mpmath as mp
from sympy import Rational, Symbol, acos, acosh, exp, log, pi, sqrt

from tests.soundness.case import PROVED, REFUTED, Case

x = Symbol("x", real=True)
EPS = Rational(1, 10**70)
BALL = "certified ball-arithmetic probe"


def _at200(f):
    """``f()`` evaluated with mpmath at 200 digits."""
    with mp.workdps(200):
        return f()


def _tiny() -> mp.mpf:
    return mp.mpf(10) ** -70


def _acos_value() -> mp.mpf:
    return _at200(lambda: mp.acos(1 - _tiny()))


def _acosh_value() -> mp.mpf:
    return _at200(lambda: mp.acosh(1 + _tiny()))


CASES = [
    Case(
        "c1-acos-eq-zero", 1, acos(1 - EPS), "=", 0, truth=False, strict=REFUTED, feature=BALL,
        notes="acos(1-1e-70) = 1.41421356237309504880e-35 (mpmath, 200 digits; also sqrt(2e-70) by the "
        "series acos(1-t) ~ sqrt(2t)). Not 0. Proved 'as written' under some PYTHONHASHSEEDs.",
        oracle=lambda: _acos_value() > mp.mpf(10) ** -36,
    ),
    Case(
        "c1-acos-gt-zero", 1, acos(1 - EPS), ">", 0, truth=True, strict=PROVED, feature=BALL,
        notes="acos(1-1e-70) = 1.414e-35 > 0 (mpmath, 200 digits). The exact-tie check sees 0 = 0 at 50 digits.",
        oracle=lambda: _acos_value() > 0,
    ),
    Case(
        "c1-acos-le-tiny", 1, acos(1 - EPS), "<=", Rational(1, 10**36), truth=False, strict=REFUTED, feature=BALL,
        notes="acos(1-1e-70) = 1.414e-35 > 1e-36 (mpmath, 200 digits).",
        oracle=lambda: _acos_value() > mp.mpf(10) ** -36,
    ),
    Case(
        "c1-acosh-eq-zero", 1, acosh(1 + EPS), "=", 0, truth=False, strict=REFUTED, feature=BALL,
        notes="acosh(1+1e-70) = 1.41421356237309504880e-35 (mpmath, 200 digits; acosh(1+t) ~ sqrt(2t)).",
        oracle=lambda: _acosh_value() > mp.mpf(10) ** -36,
    ),
    Case(
        "c1-acosh-gt-zero", 1, acosh(1 + EPS), ">", 0, truth=True, strict=PROVED, feature=BALL,
        notes="acosh(1+1e-70) = 1.414e-35 > 0 (mpmath, 200 digits); acosh is increasing with acosh(1) = 0.",
        oracle=lambda: _acosh_value() > 0,
    ),
    Case(
        "c1-acos-sqrt-eq-zero", 1, acos(sqrt(1 - EPS)), "=", 0, truth=False, strict=REFUTED, feature=BALL,
        notes="sqrt(1-1e-70) < 1, acos of it = 1.0e-35 (mpmath, 200 digits). SymPy writes the sqrt as "
        "3*sqrt(111...1)/10**35, which is 1 at 50 digits.",
        oracle=lambda: _at200(lambda: mp.acos(mp.sqrt(1 - _tiny()))) > mp.mpf(10) ** -36,
    ),
    Case(
        "c1-acos-sqrt-gt-zero", 1, acos(sqrt(1 - EPS)), ">", 0, truth=True, strict=PROVED, feature=BALL,
        notes="acos(sqrt(1-1e-70)) = 1.0e-35 > 0 (mpmath, 200 digits).",
        oracle=lambda: _at200(lambda: mp.acos(mp.sqrt(1 - _tiny()))) > 0,
    ),
    Case(
        "c1-log-acosh-le-zero", 1, log(1 + acosh(1 + EPS)), "<=", 0, truth=False, strict=REFUTED, feature=BALL,
        notes="log(1 + acosh(1+1e-70)) = 1.414e-35 > 0 (mpmath, 200 digits): log(1+t) > 0 for t > 0.",
        oracle=lambda: _at200(lambda: mp.log(1 + mp.acosh(1 + _tiny()))) > 0,
    ),
    Case(
        "c1-shifted-acosh-le", 1, x**2 + acosh(1 + EPS), "<=", x**2, truth=False, strict=REFUTED, feature=BALL,
        notes="For every real x the left side exceeds x**2 by acosh(1+1e-70) = 1.414e-35 > 0 (mpmath, 200 digits).",
        oracle=lambda: _acosh_value() > 0,
    ),
    Case(
        "c1-ramanujan-eq", 1, exp(pi * sqrt(163)), "=", 640320**3 + 744, truth=False, strict=REFUTED, feature=BALL,
        notes="exp(pi*sqrt(163)) - (640320**3 + 744) = -7.4992740280181431112e-13 (mpmath, 200 digits): "
        "an almost-integer, relative gap 3e-30, below the probe's 1e-25 disagreement threshold.",
        oracle=lambda: _at200(lambda: mp.exp(mp.pi * mp.sqrt(163)) - (640320**3 + 744)) < mp.mpf(-7) * 10**-13,
    ),
    Case(
        "c1-log-tiny-gt-zero", 1, log(1 + EPS), ">", 0, truth=True, strict=PROVED, feature=BALL,
        notes="log(1+1e-70) = 1.0e-70 > 0 (mpmath, 200 digits). 0 at 50 digits: must not be refuted by a tie.",
        oracle=lambda: _at200(lambda: mp.log(1 + _tiny())) > 0,
    ),
]
