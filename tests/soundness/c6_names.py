"""Class 6: different symbols that share a name, and a name that is both free and bound.

Counterexamples are keyed by name, so x (real) and x (positive) get one entry between them and the
sides shown cannot be reproduced from it. A symbol that is also an integration or summation
variable is substituted inside the limits and the step crashes. Truth values by hand.
"""

from __future__ import annotations

from sympy import Integral, Rational, Sum, Symbol

from tests.soundness.case import PROVED, REFUTED, Case

x_real = Symbol("x", real=True)
x_pos = Symbol("x", positive=True)
x_any = Symbol("x")
k = Symbol("k", integer=True)
NAMES = "counterexamples keyed by symbol, not by name"

CASES = [
    Case(
        "c6-namesakes-eq", 6, x_real, "=", x_pos, truth=False, strict=REFUTED, feature=NAMES,
        notes="Two different symbols both named x: false at x_real = -1, x_pos = 1. A counterexample must give "
        "each its own value.",
    ),
    Case(
        "c6-namesakes-sum", 6, x_real + x_pos, ">=", 0, truth=False, strict=REFUTED, feature=NAMES,
        notes="False at x_real = -3, x_pos = 1 (sum -2). One 'x' value cannot show it.",
    ),
    Case(
        "c6-complex-real-namesakes", 6, x_any - x_real, "=", 0, truth=False, strict=REFUTED, feature=NAMES,
        notes="x (no assumptions) and x (real) are different symbols: false at 2 and 1.",
    ),
    Case(
        "c6-free-and-bound-integral", 6, Integral(x_real, (x_real, 0, 1)) + x_real, "=", Rational(1, 2) + x_real,
        truth=True, strict=PROVED, feature=NAMES,
        notes="The bound x integrates to 1/2 whatever the free x is: true. Today the probe substitutes the "
        "free x into the integration variable and crashes (counted as undecided).",
    ),
    Case(
        "c6-free-and-bound-sum", 6, k * Sum(k, (k, 1, 3)), "=", 7 * k, truth=False, strict=REFUTED, feature=NAMES,
        notes="sum_{k=1}^{3} k = 6, so the sides are 6k and 7k: false at k = 1. Crashes today (undecided).",
    ),
]
