"""True statements that are hard for a sampling checker; they must never be refuted.

Ties at 50 digits (saturated sigmoid and softmax, exp(-x) for large x, x - sin x for tiny x), an
almost-integer, and a bound that exceeds the true maximum by 5e-41. Truth values: mpmath at 200
digits, and elementary arguments in the notes.
"""

from __future__ import annotations

import mpmath as mp
from sympy import Abs, Rational, Symbol, exp, pi, sin, sqrt

from tests.soundness.c7_narrow import GELU, GELU_TANH, gelu_error
from tests.soundness.case import PROVED, Case

x = Symbol("x", real=True)
BALL = "certified ball-arithmetic probe"
GELU_MAX_BOUND = Rational(4732355206872848771139822954954053011, 10**40)


def _gelu_peak_below_bound() -> bool:
    """Every local maximum of |error| on [-6, 6] (grid 0.01, refined by findroot at 60 digits) is below the bound."""
    with mp.workdps(60):
        grid = [mp.mpf(i) / 100 for i in range(-600, 601)]
        values = [abs(gelu_error(v)) for v in grid]
        bound = mp.mpf(GELU_MAX_BOUND.p) / GELU_MAX_BOUND.q
        if max(values[0], values[-1]) >= bound:
            return False
        for i in range(1, len(grid) - 1):
            if values[i] >= values[i - 1] and values[i] >= values[i + 1] and values[i] > mp.mpf(10) ** -4:
                peak = mp.findroot(lambda t: mp.diff(gelu_error, t), grid[i])
                if abs(gelu_error(peak)) >= bound:
                    return False
        return True


CASES = [
    Case(
        "h-gelu-tight-bound", 0, Abs(GELU_TANH - GELU), "<=", GELU_MAX_BOUND, domain={x: (-6, 6)}, truth=True,
        notes="The error |tanh-GELU - GELU| is even, 0 at 0, tends to 0, and its largest local maximum on "
        "[-6, 6] is 4.73235520687284877113982295495405301061e-4 at |x| = 2.698941386 (mpmath findroot of the "
        "derivative, 200 digits; the other extremum, 2.34e-4 at 1.3645, is smaller). The bound exceeds it by "
        "4e-41: a float64 search that rounds up would wrongly refute it.",
        oracle=_gelu_peak_below_bound,
    ),
    Case(
        "h-ramanujan-lt", 0, exp(pi * sqrt(163)), "<", 640320**3 + 744, truth=True, strict=PROVED, feature=BALL,
        notes="exp(pi*sqrt(163)) = 640320^3 + 744 - 7.4993e-13 (mpmath, 200 digits).",
        oracle=lambda: mp.workdps(200)(lambda: mp.exp(mp.pi * mp.sqrt(163)) < 640320**3 + 744)(),
    ),
    Case(
        "h-sigmoid-saturated", 0, 1 / (1 + exp(-x)), "<", 1, domain={x: (100, 200)}, truth=True,
        notes="1 - sigmoid(x) = e^-x/(1 + e^-x) > 0 for every real x; at x >= 100 it is below 4e-44, a tie at "
        "50 digits.",
    ),
    Case(
        "h-softmax-saturated", 0, exp(x) / (exp(x) + exp(-x)), "<", 1, domain={x: (50, 100)}, truth=True,
        notes="A two-way softmax: 1 - e^x/(e^x + e^-x) = e^-x/(e^x + e^-x) > 0; below 4e-44 on [50, 100].",
    ),
    Case(
        "h-exp-neg-positive", 0, exp(-x), ">", 0, domain={x: (100, 200)}, truth=True, strict=PROVED, feature=BALL,
        notes="exp is positive everywhere; exp(-100) = 3.7e-44 is a tie with 0 at 50 digits.",
    ),
    Case(
        "h-sin-tiny", 0, x - sin(x), ">", 0, domain={x: (Rational(1, 10**40), Rational(1, 10**30))}, truth=True,
        notes="x - sin x = x^3/6 - x^5/120 + ... > 0 for 0 < x < pi (alternating series with decreasing terms); "
        "about 1e-91 here.",
    ),
]
