"""Adversarial soundness cases for derive: statements built to fool a CAS-plus-sampling checker.

Each step case (``Case``) is ``lhs rel rhs`` over a domain, with its real truth value and the
verdicts a sound engine may give: a true statement must never be refuted ({proved, undecided}), a
false one never proved ({refuted, undecided}). A timeout or a crash counts as undecided. Where a
fix should also *decide* the case, ``strict`` names the verdict and ``feature`` the fix; that is
tracked by a non-strict xfail, never required. Witness cases (``WitnessCase``) declare a
``refutes(...)`` whose witness lies outside its symbols' assumptions; such a refutation must not be
accepted.

How truth values were established (never by the engine under test, never by SymPy's closed forms):

* class 1 (precision): mpmath at 200 digits (``oracle``), plus the series acos(1-t) ~ sqrt(2t);
* class 2 (closed forms): mpmath quadrature split at the kinks, mpmath nsum / fprod with explicit
  tail bounds, exact integer recurrences (derangements); each against SymPy 1.14's wrong answer;
* class 3 (sums): plain Python integer arithmetic under Karr's convention, which SymPy's ``Sum``
  documents as its meaning; long sums by mpmath fsum of every term;
* class 4 and 6 (assumptions, names): elementary arguments in each note (primes >= 2, Fermat,
  i*b squared, irrationality of 10000*r, vacuous domains);
* class 7 (narrow): a violating point named in the note and evaluated by mpmath (``oracle``);
* hard truths: mpmath at 200 digits and elementary inequalities.

``tests/soundness/test_truth.py`` reruns every ``oracle``, so a wrong truth value fails loudly.
Class 5 (nondeterminism) has no cases of its own: ``test_determinism.py`` reruns class-1 steps
whose verdict today depends on PYTHONHASHSEED.
"""

from __future__ import annotations

from tests.soundness import c1_precision, c2_independence, c3_sums, c4_assumptions, c6_names, c7_narrow, hard_truths
from tests.soundness.case import CLASSES, PROVED, REFUTED, UNDECIDED, Case, WitnessCase
from tests.soundness.witnesses import CASES as WITNESS_CASES

CASES: list[Case] = [
    *c1_precision.CASES,
    *c2_independence.CASES,
    *c3_sums.CASES,
    *c4_assumptions.CASES,
    *c6_names.CASES,
    *c7_narrow.CASES,
    *hard_truths.CASES,
]
BY_ID = {c.id: c for c in CASES}

__all__ = ["BY_ID", "CASES", "CLASSES", "PROVED", "REFUTED", "UNDECIDED", "WITNESS_CASES", "Case", "WitnessCase"]
