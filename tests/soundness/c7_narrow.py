"""Class 7: statements that fail only in a narrow window, which six random points miss.

Each note names a violating point; ``oracle`` evaluates the statement there with mpmath (50
digits), independently of SymPy. A search (local optimisation, root finding, exhaustive integer
ranges) should refute every one of them.
"""

from __future__ import annotations

import mpmath as mp
from sympy import Abs, Max, Rational, Symbol, erf, exp, log, pi, sqrt, tanh
from sympy import symbols as _symbols

from tests.soundness.case import REFUTED, Case

x = Symbol("x", real=True)
n = Symbol("n", integer=True)
u, v = _symbols("u v", real=True)
SEARCH = "a search for narrow violations"
BRANCH = "certified branch-and-bound (checker.branch_bound)"

GELU_TANH = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + Rational(44715, 10**6) * x**3)))
GELU = x / 2 * (1 + erf(x / sqrt(2)))


def gelu_error(v: mp.mpf) -> mp.mpf:
    """tanh-approximated GELU minus exact GELU, in mpmath."""
    c = mp.sqrt(2 / mp.pi)
    return v / 2 * (1 + mp.tanh(c * (v + mp.mpf(44715) / 10**6 * v**3))) - v / 2 * (1 + mp.erf(v / mp.sqrt(2)))


def _silu(v: mp.mpf) -> mp.mpf:
    return v / (1 + mp.exp(-v))


def _at50(f):
    with mp.workdps(50):
        return f()


CASES = [
    Case(
        "c7-gelu-bound", 7, Abs(GELU_TANH - GELU), "<=", Rational(473235, 10**9), domain={x: (-6, 6)}, truth=False,
        strict=REFUTED, feature=SEARCH,
        notes="The tanh GELU's error peaks at |x| = 2.69894 with 4.7323552e-4 > 4.73235e-4 (mpmath findroot of "
        "the derivative, 200 digits); at x = 2.699 the error is 4.7323551795e-4. The bound fails only for "
        "|x| within ~3e-4 of 2.69894.",
        oracle=lambda: _at50(lambda: gelu_error(mp.mpf(2699) / 1000) > mp.mpf(473235) / 10**9),
    ),
    Case(
        "c7-softplus-gap", 7, log(1 + exp(x)) - Max(x, 0), "<=", log(2) - Rational(1, 1000), truth=False,
        strict=REFUTED, feature=SEARCH,
        notes="softplus(x) - relu(x) = log(1 + e^-|x|), which is log 2 at x = 0 and above log 2 - 1e-3 only for "
        "|x| < 0.002.",
        oracle=lambda: _at50(lambda: mp.log(2) > mp.log(2) - mp.mpf(1) / 1000),
    ),
    Case(
        "c7-integer-1729", 7, (n - 1729) ** 2, ">", 0, domain={n: (1, 3000)}, truth=False, strict=REFUTED,
        feature=SEARCH,
        notes="Zero at n = 1729 only, one integer in 3000.",
        oracle=lambda: (1729 - 1729) ** 2 == 0,
    ),
    Case(
        "c7-bump", 7, Max(0, 1 - 1000 * Abs(x - Rational(1, 7))), "=", 0, truth=False, strict=REFUTED,
        feature=SEARCH,
        notes="A tent of width 0.002 around 1/7: the left side is 1 at x = 1/7.",
        oracle=lambda: max(0, 1 - 1000 * abs(mp.mpf(1) / 7 - mp.mpf(1) / 7)) == 1,
    ),
    Case(
        "c7-double-root", 7, x**2 - 2 * x + 1, ">", 0, truth=False, strict=REFUTED, feature=SEARCH,
        notes="(x - 1)^2 = 0 at x = 1, the only violating point.",
        oracle=lambda: (1 - 1) ** 2 == 0,
    ),
    Case(
        "c7-silu-min", 7, x / (1 + exp(-x)), ">=", -Rational(278464, 10**6), truth=False, strict=REFUTED,
        feature=SEARCH,
        notes="SiLU's minimum is -0.27846454276 at x = -1.27846 (mpmath findroot); at x = -1.278 it is "
        "-0.2784645193 < -0.278464. Violated only for x within ~2e-3 of the minimum.",
        oracle=lambda: _at50(lambda: _silu(mp.mpf(-1278) / 1000) < -mp.mpf(278464) / 10**6),
    ),
    # Branch-and-bound must not close a box over a narrow dip: the enclosure there straddles the bound.
    Case(
        "c7-bb-narrow-bump", 7, 1 / (1 + 10**8 * (x - Rational(1, 3)) ** 2), "<=", Rational(999, 1000),
        domain={x: (0, 1)}, truth=False, strict=REFUTED, feature=BRANCH,
        notes="1/(1 + 10^8 (x - 1/3)^2) > 0.999 exactly when |x - 1/3| < 3.16e-6 (10^8 t^2 < 1/999); six random "
        "points on [0, 1] miss it, and every enclosure of a box around 1/3 straddles 0.999.",
        oracle=lambda: bool(Rational(1, 1) > Rational(999, 1000)),
    ),
    Case(
        "c7-bb-plane-pinhole", 7, (u - Rational(1, 3)) ** 2 + (v - Rational(2, 7)) ** 2, ">=", Rational(1, 10**12),
        domain={u: (0, 1), v: (0, 1)}, truth=False, strict=REFUTED, feature=BRANCH,
        notes="A paraboloid that dips below 1e-12 only within 1e-6 of (1/3, 2/7) in the unit square.",
        oracle=lambda: bool((Rational(1, 3) - Rational(1, 3)) ** 2 + (Rational(2, 7) - Rational(2, 7)) ** 2 < Rational(1, 10**12)),
    ),
    Case(
        "c7-bb-gelu-just-below", 7, Abs(GELU_TANH - GELU), "<=", Rational(47323, 10**8), truth=False, strict=REFUTED,
        feature=BRANCH,
        notes="Over all of R (no domain, so core [-8, 8] plus tails): the peak 4.7323552e-4 at |x| = 2.69894 "
        "exceeds 4.7323e-4 by 5.5e-9, for |x| within ~5e-3 of the peak.",
        oracle=lambda: _at50(lambda: abs(gelu_error(mp.mpf(2699) / 1000)) > mp.mpf(47323) / 10**8),
    ),
]
