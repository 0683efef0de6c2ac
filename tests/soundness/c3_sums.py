"""Class 3: sums. Reversed ranges, a dummy index whose assumptions contradict its limits, and size.

Ground truth for a reversed range is SymPy's own definition of ``Sum`` (its docstring: Karr's
convention, sum_{k=a}^{b} = -sum_{k=b+1}^{a-1} when b < a - 1, and 0 when b = a - 1): the statement is
the SymPy object as written, and under that convention the closed forms SymPy returns hold for every
integer. An engine that prefers the empty-sum convention must leave reversed ranges undecided, not
refute SymPy's definition. ``karr`` below recomputes every such value in plain Python integers.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
from sympy import Sum, Symbol, exp, pi, sin

from tests.soundness.case import PROVED, REFUTED, Case

k = Symbol("k", integer=True)
n = Symbol("n", integer=True)
kpos = Symbol("k", integer=True, positive=True)
KARR = "consistent Karr convention for finite sums"
SIGNS = "sum signs that respect the limits, not the dummy's assumptions"
FAST = "fast exact evaluation of long finite sums"


def karr(f: Callable[[int], int], a: int, b: int) -> int:
    """sum_{k=a}^{b} f(k) under Karr's convention, in exact integers."""
    if b >= a:
        return sum(f(j) for j in range(a, b + 1))
    return -sum(f(j) for j in range(b + 1, a))


def _ident(j: int) -> int:
    return j


CASES = [
    Case(
        "c3-karr-reversed", 3, Sum(k, (k, 5, 1)), "=", -9, truth=True, strict=PROVED, feature=KARR,
        notes="Karr: sum_{5}^{1} k = -(2 + 3 + 4) = -9 (what Sum(k, (k, 5, 1)).doit() returns). The probe "
        "writes it out as an empty sum, 0, and refutes SymPy's definition.",
        oracle=lambda: karr(_ident, 5, 1) == -9,
    ),
    Case(
        "c3-karr-reversed-zero", 3, Sum(k, (k, 5, 1)), "=", 0, truth=False, strict=REFUTED, feature=KARR,
        notes="Karr value -9, not 0 (see c3-karr-reversed).",
        oracle=lambda: karr(_ident, 5, 1) != 0,
    ),
    Case(
        "c3-karr-closed-form", 3, Sum(k, (k, 1, n)), "=", n * (n + 1) / 2, domain={n: (-6, 6)}, truth=True,
        strict=PROVED, feature=KARR,
        notes="Under Karr's convention sum_{1}^{n} k = n(n+1)/2 for every integer n (checked in Python for "
        "n = -6..6; e.g. n = -3: -(-2 - 1 + 0) = 3 = (-3)(-2)/2).",
        oracle=lambda: all(karr(_ident, 1, m) == m * (m + 1) // 2 for m in range(-6, 7)),
    ),
    Case(
        "c3-karr-additivity", 3, Sum(k, (k, 1, n)) + Sum(k, (k, n + 1, 5)), "=", 15, domain={n: (-3, 8)},
        truth=True, strict=PROVED, feature=KARR,
        notes="Karr's convention is additive for every split point: sum_1^n + sum_{n+1}^5 = sum_1^5 = 15 "
        "(checked in Python for n = -3..8). The empty-sum convention breaks it at n > 5 and n < 0.",
        oracle=lambda: all(karr(_ident, 1, m) + karr(_ident, m + 1, 5) == 15 for m in range(-3, 9)),
    ),
    Case(
        "c3-positive-dummy-tiny", 3, Sum(kpos, (kpos, -4, 3)) / 10**30, ">=", 0, truth=False, strict=REFUTED,
        feature=SIGNS,
        notes="The dummy k is declared positive but runs over -4..3: the sum is -4, so the left side is "
        "-4e-30 < 0 (Python integers). Sum.is_nonnegative trusts k > 0; the probe cannot see 4e-30.",
        oracle=lambda: sum(range(-4, 4)) == -4,
    ),
    Case(
        "c3-positive-dummy-cubes", 3, exp(-100) * Sum(kpos**3, (kpos, -3, 2)), ">=", 0, truth=False,
        strict=REFUTED, feature=SIGNS,
        notes="sum_{-3}^{2} k^3 = -27 (Python), times exp(-100) = 3.7e-44: negative. Proved through "
        "is_nonnegative on a sum whose positive dummy takes negative values.",
        oracle=lambda: sum(j**3 for j in range(-3, 3)) == -27,
    ),
    Case(
        "c3-positive-dummy-zero", 3, Sum(kpos, (kpos, -3, 3)), ">", 0, truth=False, strict=REFUTED, feature=SIGNS,
        notes="sum_{-3}^{3} k = 0, so '> 0' is false although k is declared positive.",
        oracle=lambda: sum(range(-3, 4)) == 0,
    ),
    Case(
        "c3-long-basel", 3, Sum(1 / k**2, (k, 1, 99999)), "=", pi**2 / 6, truth=False, strict=REFUTED, feature=FAST,
        timeout=6.0,
        notes="sum_{k<100000} 1/k^2 = pi^2/6 - psi'(100000) = pi^2/6 - 1.00000500e-5 (mpmath fsum of the "
        "99999 terms at 30 digits). Written out as exact rationals it times out instead of being refuted "
        "(6 s budget: a float or ball evaluation takes about a second).",
        oracle=lambda: mp.zeta(2) - mp.fsum(1 / mp.mpf(j) ** 2 for j in range(1, 100000)) > mp.mpf(10) ** -6,
    ),
    Case(
        "c3-long-sines", 3, Sum(sin(k), (k, 1, 99999)), "=", 0, truth=False, strict=REFUTED, feature=FAST,
        timeout=6.0,
        notes="sum_{k=1}^{99999} sin k = sin(99999/2) sin(50000)/sin(1/2) = 1.81203 (mpmath fsum of the terms "
        "and the closed form agree to 25 digits). Times out today (6 s budget).",
        oracle=lambda: mp.fsum(mp.sin(j) for j in range(1, 100000)) > 1,
    ),
]
