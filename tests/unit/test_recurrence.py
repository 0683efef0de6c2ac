"""Induction for recurrences: base case and inductive step as ordinary obligations; online softmax."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import sympy
from sympy import Sum

from checker import claim, recurrence, source
from checker.errors import InvalidClaim
from checker.model import Verdict
from checker.registry import load
from checker.runner import Options, check_claim, tasks_of

OPTIONS = Options(numeric=False)
USER = Path(__file__).parent.parent / "user_claims"
N, k = sympy.symbols("N k", integer=True, positive=True)
t = sympy.symbols("t", real=True)
SRC = source("user.txt", "a quote")


def softmax_module():
    spec = importlib.util.spec_from_file_location("user_online_softmax", USER / "online_softmax.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_online_softmax_running_sum_is_proved_for_every_n():
    """m_{N+1} = Max(m_N, x_{N+1}), s_{N+1} = s_N e^{m_N − m_{N+1}} + e^{x_{N+1} − m_{N+1}} keeps s_N = Σ e^{x_i − m_N}."""
    c = softmax_module().online_softmax
    roles = [task.chain for task in tasks_of(c)]
    assert roles == ["running sum: base case N = 1", "running sum: inductive step for s"]
    r = check_claim(c, OPTIONS)
    assert r.status is Verdict.PROVED and r.ok
    assert all(s.certified for s in r.steps)


def test_online_softmax_without_rescaling_is_rejected():
    """Dropping the factor e^{m_N − m_{N+1}}: the inductive step is refuted by a state where the maximum moves."""
    c = softmax_module().online_softmax.perturbations["no rescaling"]()
    r = check_claim(c, OPTIONS)
    assert r.status is Verdict.REFUTED
    (bad,) = [s for s in r.steps if s.verdict is Verdict.REFUTED]
    assert bad.chain == "running sum: inductive step for s" and bad.counterexample is not None


def test_a_plain_recurrence_with_a_closed_form():
    """t_{N+1} = t_N + N + 1 from t_1 = 1 is N(N+1)/2; with t_1 = 2 the base case is refuted."""
    def make(first, id):
        chains = recurrence("triangle", index=N, init={t: first}, update={t: t + N + 1},
                            invariant={t: N * (N + 1) / 2}, by="add the next integer")
        return claim(id, title="triangle numbers", source=SRC, statement="t_N = N(N+1)/2", proof=[chains])

    assert check_claim(make(1, "user-triangle"), OPTIONS).status is Verdict.PROVED
    r = check_claim(make(2, "user-triangle-bad"), OPTIONS)
    assert r.status is Verdict.REFUTED and r.steps[0].verdict is Verdict.REFUTED


def test_a_sum_invariant_uses_the_split_of_the_last_term():
    """t_N = Σ_{k≤N} k² follows from t_{N+1} = t_N + (N+1)²; with t_N + N² it does not."""
    def make(step, id):
        chains = recurrence("squares", index=N, init={t: 1}, update={t: step},
                            invariant={t: Sum(k**2, (k, 1, N))}, by="add the next square")
        return claim(id, title="sum of squares", source=SRC, statement="running sum", proof=[chains])

    assert check_claim(make(t + (N + 1) ** 2, "user-squares"), OPTIONS).status is Verdict.PROVED
    assert check_claim(make(t + N**2, "user-squares-bad"), OPTIONS).status is Verdict.REFUTED


@pytest.mark.parametrize("kwargs, match", [
    ({"index": t}, "an integer Symbol"),
    ({"update": {}}, "one expression per state symbol"),
    ({"invariant": {N: 1}}, "closed forms of some state symbols"),
    ({"init": {t: "1"}}, "SymPy expressions"),
])
def test_recurrences_are_validated(kwargs, match):
    """Index, state, update and invariant are checked when declared."""
    args = {"index": N, "init": {t: 1}, "update": {t: t + 1}, "invariant": {t: N}, "by": "b", **kwargs}
    with pytest.raises(InvalidClaim, match=match):
        recurrence("r", **args)


def test_the_online_softmax_module_loads_as_a_user_claim():
    """``derive check --path tests/user_claims`` finds the module (its quote is in notes.md)."""
    catalog = load(paths=[USER], builtin=False, plugins=False)
    assert [c.id for c in catalog.select(["user-online-softmax"])] == ["user-online-softmax"]


def test_online_softmax_is_confirmed_in_torch():
    """The one-pass loop (running max, rescaled running sum) matches torch.softmax on the CPU."""
    r = check_claim(softmax_module().online_softmax, Options(dtypes=("float64",)))
    assert r.ok and [n.outcome.value for n in r.numeric] == ["confirmed"]
