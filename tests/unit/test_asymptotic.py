"""Asymptotics and approximations: ``~`` and ``O`` along a limit, ``≈`` within a tolerance over a range."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, oo

from checker import approx, asymptotic, chain, claim, source, step
from checker.errors import InvalidClaim
from checker.model import Verdict
from checker.runner import Options, check_claim

N, L, c, d, n = sympy.symbols("N n_layer n_ctx d_model n", positive=True, integer=True)
SRC = source("user.txt", "a quote")
OPTIONS = Options(numeric=False)
KAPLAN = 6 * N + 2 * L * c * d  # training compute per token: 6N plus the attention-context term


def check(*chains, id="user-asymptotic", given=()):
    made = claim(id, title="t", source=SRC, statement="s", proof=list(chains), given=given)
    return check_claim(made, OPTIONS)


def test_kaplan_compute_is_asymptotically_6n():
    """C = 6N + 2·n_layer·n_ctx·d_model ~ 6N as N → ∞; ~ 2N is refuted (the ratio tends to 3)."""
    r = check(asymptotic("C ~ 6N", KAPLAN, "~", 6 * N, as_=(N, oo), by="the context term is fixed"))
    assert r.status is Verdict.PROVED and r.steps[0].method == "limit + numeric"
    r = check(asymptotic("C ~ 2N", KAPLAN, "~", 2 * N, as_=(N, oo), by="wrong constant"), id="user-asymptotic-bad")
    assert r.status is Verdict.REFUTED and "limit is 3" in r.steps[0].counterexample.rhs


def test_kaplan_compute_is_6n_within_one_percent_for_large_models():
    """C ≈ 6N within 1% once N ≥ 200·n_layer·n_ctx·d_model; within 0.1% it is refuted there, inside the range."""
    over = {N: (200 * L * c * d, oo)}
    r = check(approx("C ≈ 6N", KAPLAN, 6 * N, rel_tol=Rational(1, 100), over=over, by="Kaplan et al."))
    assert r.status is Verdict.PROVED and len(r.steps) == 2
    assert r.steps[0].given == ("N >= 200*d_model*n_ctx*n_layer",)
    r = check(approx("C ≈ 6N", KAPLAN, 6 * N, rel_tol=Rational(1, 1000), over=over, by="too tight"), id="user-approx-bad")
    assert r.status is Verdict.REFUTED
    (cx,) = [s.counterexample for s in r.steps if s.counterexample is not None]
    v = {k: int(x) for k, x in cx.values.items()}
    assert v["N"] >= 200 * v["n_layer"] * v["n_ctx"] * v["d_model"]


def test_kaplan_with_the_parameter_count_and_a_hypothesis():
    """With N = 12·n_layer·d_model², n_ctx ≤ d_model gives a relative error n_ctx/(36 d_model) ≤ 1/36."""
    params = 12 * L * d**2
    cost = 6 * params + 2 * L * c * d
    r = check(approx("C ≈ 6N", cost, 6 * params, rel_tol=Rational(1, 30), by="n_ctx ≤ d_model"), given=[c <= d])
    assert r.status is Verdict.PROVED
    r = check(approx("C ≈ 6N", cost, 6 * params, rel_tol=Rational(1, 50), by="too tight"), given=[c <= d], id="user-approx-bad")
    assert r.status is Verdict.REFUTED


def test_attention_cost_is_big_o_of_n2d():
    """n²d + nd² = O(n²d) as n → ∞ (d fixed); = O(nd²) is refuted (the ratio grows like n/d)."""
    r = check(asymptotic("attention", n**2 * d + n * d**2, "O", n**2 * d, as_=(n, oo), by="d fixed"))
    assert r.status is Verdict.PROVED
    r = check(asymptotic("attention", n**2 * d + n * d**2, "O", n * d**2, as_=(n, oo), by="wrong"), id="user-o-bad")
    assert r.status is Verdict.REFUTED and "bounded" in r.steps[0].counterexample.rhs


def test_triangular_numbers_are_asymptotically_half_a_square():
    """n(n+1)/2 ~ n²/2 is proved; n(n+1)/2 ~ n² is refuted (the ratio tends to 1/2)."""
    r = check(chain("triangle", n * (n + 1) / 2, step(n**2 / 2, by="leading term", rel="~", as_=(n, oo))))
    assert r.status is Verdict.PROVED and "(as n -> oo)" in r.steps[0].rhs
    r = check(chain("triangle", n * (n + 1) / 2, step(n**2, by="wrong", rel="~", as_=(n, oo))), id="user-tri-bad")
    assert r.status is Verdict.REFUTED


@pytest.mark.parametrize("make, match", [
    (lambda: chain("c", n, step(n + 1, by="b", rel="~")), "as_=\\(N, oo\\)"),
    (lambda: chain("c", n, step(n + 1, by="b", rel="~", as_=(n, oo)), step(n, by="b")), "a chain of its own"),
    (lambda: approx("c", n, n + 1, by="b", rel_tol=0.01), "exact number"),
    (lambda: approx("c", n, n + 1, by="b"), "a positive rel_tol or abs_tol"),
])
def test_asymptotic_steps_are_validated(make, match):
    """A limit, a tolerance, a chain of its own: checked at declaration."""
    with pytest.raises(InvalidClaim, match=match):
        claim("user-bad", title="t", source=SRC, statement="s", proof=[make()])


def test_a_range_narrows_the_claims_domain():
    """``over`` intersects the claim's domain: N + 1 ≈ N within 0.1% for N in [1000, 10^6] ∩ [0, 10^5]; from 100 it fails."""
    made = claim("user-range", title="t", source=SRC, statement="s", domain={N: (0, 10**5)},
                 proof=[approx("N + 1 ≈ N", N + 1, N, rel_tol=Rational(1, 1000), over={N: (1000, 10**6)}, by="large N")])
    assert check_claim(made, OPTIONS).status is Verdict.PROVED
    made = claim("user-range-bad", title="t", source=SRC, statement="s", domain={N: (0, 10**5)},
                 proof=[approx("N + 1 ≈ N", N + 1, N, rel_tol=Rational(1, 1000), over={N: (100, 10**6)}, by="too early")])
    r = check_claim(made, OPTIONS)
    assert r.status is Verdict.REFUTED
    (cx,) = [s.counterexample for s in r.steps if s.counterexample is not None]
    assert 100 <= int(cx.values["N"]) < 1000


def test_limits_and_tolerances_appear_in_show_and_latex():
    """``derive show`` and the LaTeX export name the limit and the tolerance of each step."""
    import io

    from rich.console import Console

    from checker.export.latex import claim_section
    from checker.report import show as show_report

    made = claim("user-shown", title="t", source=SRC, statement="s", proof=[
        asymptotic("triangle", n * (n + 1) / 2, "~", n**2 / 2, as_=(n, oo), by="leading term"),
        approx("C ≈ 6N", KAPLAN, 6 * N, rel_tol=Rational(1, 100), over={N: (200 * L * c * d, oo)}, by="large N"),
    ])
    buf = io.StringIO()
    show_report.render(Console(file=buf, width=300), made, "")
    assert "as n -> oo" in buf.getvalue() and "|lhs - rhs| <= 1/100·|rhs| over N in [200*d_model*n_ctx*n_layer, oo]" in buf.getvalue()
    tex = claim_section(made, check_claim(made, OPTIONS))
    assert r"\sim" in tex and r"\approx" in tex and r"n \to \infty" in tex
