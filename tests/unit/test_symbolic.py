"""Step verification: proved, refuted with a counterexample, undecided; never a bare bool."""

from __future__ import annotations

import sympy
from sympy import Abs, Matrix, Rational, cos, sin, sqrt, symbols

from checker.model import Verdict
from checker.sampling import within
from checker.symbolic import Obligation, verify

x = symbols("x", real=True)
y = symbols("y", positive=True)
n = symbols("n", integer=True, positive=True)


def test_true_trig_step_is_proved_by_a_cheap_strategy():
    """sin(x+y) = sin x cos y + cos x sin y closes before simplify."""
    v = verify(Obligation(sin(x + y), "=", sin(x) * cos(y) + cos(x) * sin(y), {}))
    assert v.verdict is Verdict.PROVED
    assert v.strategy != "simplify"


def test_wrong_step_is_refuted_with_counterexample_inside_assumptions():
    """sqrt(x^2) = x fails for negative x; the counterexample is checked and lies in the domain."""
    v = verify(Obligation(sqrt(x**2), "=", x, {}))
    assert v.verdict is Verdict.REFUTED
    value = Rational(v.counterexample.values["x"])
    assert value < 0
    assert v.counterexample.digits >= 30


def test_same_step_is_proved_under_positivity():
    """With y > 0, sqrt(y^2) = y is true."""
    assert verify(Obligation(sqrt(y**2), "=", y, {})).verdict is Verdict.PROVED


def test_counterexample_respects_declared_domain():
    """A domain restricts where counterexamples are searched."""
    ob = Obligation(x**2, "<", 4 * x, {x: (Rational(1), Rational(3))})
    assert verify(ob).verdict is Verdict.PROVED or verify(ob).verdict is Verdict.UNDECIDED
    bad = Obligation(x**2, "<", 4 * x, {x: (Rational(5), Rational(9))})
    v = verify(bad)
    assert v.verdict is Verdict.REFUTED
    assert within({x: Rational(v.counterexample.values["x"])}, bad.domain) is None


def test_true_but_unclosable_inequality_is_undecided():
    """|sin x| <= 1 agrees numerically, but no strategy proves the sign: undecided, not proved."""
    v = verify(Obligation(Abs(sin(x)), "<=", 1, {}))
    assert v.verdict in (Verdict.UNDECIDED, Verdict.PROVED)
    assert v.verdict is not Verdict.REFUTED


def test_undecided_when_no_strategy_closes_an_equality():
    """With only the cheap strategies, a step needing simplify stays undecided."""
    lhs, rhs = sympy.gamma(n + 1) / sympy.gamma(n), n
    v = verify(Obligation(lhs, "=", rhs, {}), strategies=("as written", "expand"))
    assert v.verdict is Verdict.UNDECIDED
    assert "no strategy" in v.detail


def test_matrix_entry_perturbation_is_refuted():
    """A single wrong matrix entry is found."""
    m = Matrix([[cos(x), sin(x)], [-sin(x), cos(x)]])
    wrong = Matrix([[cos(x), sin(x)], [sin(x), cos(x)]])
    assert verify(Obligation(m.T * m, "=", sympy.eye(2), {})).verdict is Verdict.PROVED
    assert verify(Obligation(wrong.T * wrong, "=", sympy.eye(2), {})).verdict is Verdict.REFUTED


def test_shape_mismatch_is_refuted():
    """A matrix is never equal to a scalar."""
    assert verify(Obligation(sympy.eye(2), "=", 1, {})).verdict is Verdict.REFUTED


def test_witness_outside_domain_is_rejected():
    """A refutation's witness must satisfy the assumptions."""
    import pytest

    with pytest.raises(ValueError, match="outside the domain"):
        verify(Obligation(y, "<", 1, {}, witness={y: -3}))


def test_strict_inequality_is_refuted_by_an_exact_tie():
    """x² > 0 fails at x = 0: equality refutes a strict relation."""
    v = verify(Obligation(x**2, ">", 0, {}, witness={x: 0}))
    assert v.verdict is Verdict.REFUTED and v.counterexample.values == {"x": "0"}


def test_not_equal_relation():
    """'≠' is proved from a nonzero sign and refuted by an exact tie (also after trigsimp)."""
    assert verify(Obligation(x**2 + 1, "!=", 0, {})).verdict is Verdict.PROVED
    assert verify(Obligation(n, "!=", 3, {}, witness={n: 3})).verdict is Verdict.REFUTED
    assert verify(Obligation(sin(x) ** 2 + cos(x) ** 2, "!=", 1, {}, witness={x: 1})).verdict is Verdict.REFUTED


def test_a_strategy_that_raises_does_not_stop_the_others(monkeypatch):
    """An exception inside one rewrite moves on to the next strategy."""
    from checker import symbolic

    def boom(e):
        raise AttributeError("'Zero' object has no attribute 'limits'")

    broken = tuple((name, boom if name == "expand" else fn) for name, fn in symbolic.STRATEGIES)
    monkeypatch.setattr(symbolic, "STRATEGIES", broken)
    v = verify(Obligation((x + 1) ** 2, "=", x**2 + 2 * x + 1, {}))
    assert v.verdict is Verdict.PROVED and v.strategy != "expand"


def test_strings_are_never_accepted_as_expressions():
    """A string step is rejected at declaration, before anything could sympify (eval) it."""
    import pytest

    from checker.declare import chain, claim, source, step
    from checker.errors import InvalidClaim

    with pytest.raises(InvalidClaim, match="strings are never parsed"):
        claim("s-bad", title="t", source=source("u.txt", "q"), statement="s",
              proof=[chain("c", x, step("__import__('os').getpid()", by="eval"))])
    with pytest.raises(InvalidClaim, match="strings are never parsed"):
        claim("s-bad", title="t", source=source("u.txt", "q"), statement="s",
              proof=[chain("c", x, step(x, by="same"))], domain={x: ("0", "1")})


def test_symbol_names_must_be_identifiers():
    """A crafted symbol name (lambdify runs code) is rejected at declaration."""
    import pytest

    from checker.declare import chain, claim, source, step
    from checker.errors import InvalidClaim

    evil = sympy.Symbol("x); import os; os.getpid(")
    with pytest.raises(InvalidClaim, match="plain identifier"):
        claim("s-bad", title="t", source=source("u.txt", "q"), statement="s",
              proof=[chain("c", evil, step(evil, by="same"))])


def test_simplify_soundness_bug_cannot_prove_a_false_step():
    """SymPy #23086: simplify may return 0 for 180·acos(7823207/7823209)/π ≈ 0.041; the probe refutes it."""
    e = 180 * sympy.acos(Rational(7823207, 7823209)) / sympy.pi
    v = verify(Obligation(e, "=", 0, {}))
    assert v.verdict is Verdict.REFUTED
    assert abs(float(v.counterexample.lhs) - 0.0410) < 1e-3


def test_strategy_names_match_the_strategies():
    """The light list of strategy names (tasks, cache keys) is the prover's own order."""
    from checker.obligation import STRATEGY_NAMES
    from checker.symbolic import STRATEGIES

    assert tuple(name for name, _ in STRATEGIES) == STRATEGY_NAMES
