"""Symbolic sizes: IndexedBase entries and sums up to n, proved termwise or by a named rule, refuted at a sampled n."""

from __future__ import annotations

import time

import pytest
from sympy import Add, Idx, IndexedBase, Product, Rational, Sum, cos, exp, sin, sqrt, symbols

from checker import Options, chain, check_claim, claim, source, step
from checker.errors import InvalidClaim
from checker.model import Verdict
from checker.obligation import Obligation
from checker.sum_rules import preferred
from checker.symbolic import STRATEGY_NAMES, verify

n = symbols("n", integer=True, positive=True)
d = symbols("d", integer=True, positive=True, even=True)
i = symbols("i", integer=True)
k = symbols("k", integer=True, nonnegative=True)
c, t = symbols("c t", real=True)
z = IndexedBase("z", real=True)
a = IndexedBase("a", real=True)
omega = IndexedBase("omega", positive=True)


def _claim(lhs, rhs, by="termwise"):
    return claim("sizes-test", title="t", source=source("seed.txt", "q"), statement="s",
                 proof=[chain("c", lhs, step(rhs, by=by))])


def _check(lhs, rhs, by="", **kw):
    return verify(Obligation(lhs, "=", rhs, kw.get("domain", {})), 0, preferred(by, STRATEGY_NAMES))


def test_indexed_entries_are_accepted_at_declaration():
    """z[i] passes the symbol-name check (its base is the name); a base that is no identifier is rejected."""
    made = _claim(Sum(exp(z[i] + c), (i, 1, n)), exp(c) * Sum(exp(z[i]), (i, 1, n)))
    assert made.id == "sizes-test"
    with pytest.raises(InvalidClaim, match="symbol name"):
        _claim(IndexedBase("z w")[i], 0)


def test_idx_indices_are_probed_like_integer_symbols():
    """With j = Idx("j", n): Σ_{j<n} 2z_j = 2Σ z_j is proved, 3Σ z_j refuted with n and the entries z[0], …"""
    j = Idx("j", n)
    _claim(Sum(z[j], (j, 0, n - 1)), z[0] + Sum(z[j], (j, 1, n - 1)), by="split range")
    assert _check(Sum(2 * z[j], (j, 0, n - 1)), 2 * Sum(z[j], (j, 0, n - 1))).verdict is Verdict.PROVED
    bad = _check(Sum(2 * z[j], (j, 0, n - 1)), 3 * Sum(z[j], (j, 0, n - 1)))
    assert bad.verdict is Verdict.REFUTED and "z[0]" in bad.counterexample.values


def test_general_n_identity_is_proved_and_a_false_one_refuted_naming_n_and_the_entries():
    """Σ_{i≤n} e^{z_i+c} = e^c Σ e^{z_i} is proved; with e^{2c} the probe gives n and every z[i] it drew."""
    lhs = Sum(exp(z[i] + c), (i, 1, n))
    good = _check(lhs, exp(c) * Sum(exp(z[i]), (i, 1, n)))
    assert good.verdict is Verdict.PROVED
    bad = _check(lhs, exp(2 * c) * Sum(exp(z[i]), (i, 1, n)))
    assert bad.verdict is Verdict.REFUTED
    values = bad.counterexample.values
    size = int(values["n"])
    assert 1 <= size and {f"z[{j}]" for j in range(1, size + 1)} <= set(values)


def test_summand_closed_by_the_full_strategy_list_quickly():
    """Σ_{i<d/2}(sin²(ω_i t) + cos²(ω_i t)) = d/2 for even d, proved termwise in seconds; d/2 + 1 is refuted."""
    lhs = Sum(sin(omega[i] * t) ** 2 + cos(omega[i] * t) ** 2, (i, 0, d / 2 - 1))
    t0 = time.perf_counter()
    good = _check(lhs, d / 2)
    assert good.verdict is Verdict.PROVED and good.strategy == "termwise"
    assert time.perf_counter() - t0 < 10
    bad = _check(lhs, d / 2 + 1)
    assert bad.verdict is Verdict.REFUTED and int(bad.counterexample.values["d"]) % 2 == 0


def test_termwise_runs_the_complete_procedures_on_the_merged_summand():
    """Two sums over one range whose summands differ by an identity (exp of a sum) merge and close; a 3 ≠ 2 does not."""
    lhs = Sum(exp(z[i] + a[i]), (i, 0, n)) - Sum(exp(z[i]) * exp(a[i]), (i, 0, n))
    assert _check(lhs, 0).verdict is Verdict.PROVED
    assert _check(lhs + Sum(z[i], (i, 0, n)), 0).verdict is Verdict.REFUTED


@pytest.mark.parametrize(("rule", "lhs", "rhs", "wrong"), [
    ("linearity", Sum(z[i] + 3 * a[i], (i, 1, n)), Sum(z[i], (i, 1, n)) + 3 * Sum(a[i], (i, 1, n)),
     Sum(z[i], (i, 1, n)) + 2 * Sum(a[i], (i, 1, n))),
    ("pull factor out", Sum(exp(z[i] + c), (i, 1, n)), exp(c) * Sum(exp(z[i]), (i, 1, n)),
     exp(c) * Sum(exp(z[i]), (i, 0, n))),
    ("split range", Sum(z[i], (i, 0, n)), z[0] + Sum(z[i], (i, 1, n)), z[1] + Sum(z[i], (i, 1, n))),
    ("shift index", Sum(z[i + 1], (i, 0, n - 1)), Sum(z[i], (i, 1, n)), Sum(z[i], (i, 0, n - 1))),
])
def test_named_sum_rule_cited_in_by_closes_the_step(rule, lhs, rhs, wrong):
    """by="<rule>" puts that rule first and it closes the step; the perturbed step is refuted at some n."""
    assert preferred(f"by {rule}", STRATEGY_NAMES)[0] == rule
    v = _check(lhs, rhs, by=rule)
    assert v.verdict is Verdict.PROVED
    assert v.strategy in (rule, "polynomial")  # a complete procedure may decide linearity before any rule
    bad = _check(lhs, wrong, by=rule)
    assert bad.verdict is Verdict.REFUTED and "n" in bad.counterexample.values


def test_runner_tries_the_rule_named_in_by_first():
    """check_claim: a step cited "by shifting the index" reports that rule as its strategy."""
    made = _claim(Sum(z[i + 1] * k, (i, 0, n - 1)), k * Sum(z[i], (i, 1, n)), by="shifting the index")
    (res,) = check_claim(made, Options(numeric=False)).steps
    assert res.verdict is Verdict.PROVED and res.strategy == "shift index"


def test_rules_hold_for_empty_and_reversed_ranges():
    """Karr's convention: peeling a term off Σ_{i=0}^{m} holds for every integer m (negative too), and a
    wrong peel is refuted there."""
    m = symbols("m", integer=True)
    dom = {m: (-4, 4)}
    assert _check(Sum(z[i], (i, 0, m)), z[0] + Sum(z[i], (i, 1, m)), by="split range", domain=dom).verdict is Verdict.PROVED
    wrong = _check(Sum(z[i], (i, 0, m)), z[0] + Sum(z[i], (i, 2, m)) + Rational(0), by="split range", domain=dom)
    assert wrong.verdict is Verdict.REFUTED


def test_products_with_symbolic_limits_close_factor_by_factor():
    """Π_{i≤n} e^{z_i+c} = Π e^{z_i}e^c is proved termwise; with e^{2c} it is refuted at a sampled n."""
    lhs = Product(exp(z[i] + c), (i, 1, n))
    good = _check(lhs, Product(exp(z[i]) * exp(c), (i, 1, n)))
    assert good.verdict is Verdict.PROVED and good.strategy == "termwise"
    bad = _check(lhs, Product(exp(z[i]) * exp(2 * c), (i, 1, n)))
    assert bad.verdict is Verdict.REFUTED and "z[1]" in bad.counterexample.values


def test_paper_sized_step_builds_hashes_and_prints_in_under_two_seconds():
    """d = 128, a sum of 64 exponentials of 128-term dot products: claim(), the cache key and one_line of
    both sides take under 2 s of CPU in all (benchmarks/bench_scale.py compares them with sympy.srepr)."""
    from checker.cache import key
    from checker.runner import one_line

    t0 = time.process_time()  # CPU time of this process: other jobs on the machine do not count
    q = symbols("q0:128", real=True)
    keys = [symbols(f"k{j}_0:128", real=True) for j in range(64)]
    scores = [Add(*[q[m] * kj[m] for m in range(128)]) / sqrt(128) for kj in keys]
    lhs, rhs = Add(*[exp(s) for s in scores]), Add(*[exp(s / 2) ** 2 for s in scores])
    _claim(lhs, rhs, by="expand")
    assert key(Obligation(lhs, "=", rhs, {}), 0, ("expand",)) is not None
    assert one_line(lhs) and one_line(rhs)
    assert time.process_time() - t0 < 2
