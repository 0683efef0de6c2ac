"""Hypotheses (``given=``): declared and validated, honoured by the sampler, used by the prover, shown everywhere."""

from __future__ import annotations

import io
import json

import pytest
import sympy
from rich.console import Console

from checker import chain, claim, source, step
from checker.cache import key
from checker.errors import InvalidClaim
from checker.export.latex import claim_section
from checker.model import Verdict
from checker.obligation import Obligation
from checker.report import console as console_report
from checker.report import junit
from checker.report import show as show_report
from checker.runner import Options, check_claim
from checker.symbolic import verify

n, d = sympy.symbols("n d", positive=True, integer=True)
x = sympy.symbols("x", real=True)
z = sympy.symbols("z")
SRC = source("user.txt", "a quote")
OPTIONS = Options(numeric=False)


def attention_claim(conclusion_rel="<", given=(n < d,), id="user-given"):
    """n < d ⇒ 2n²d < 2nd² (or the perturbed relation)."""
    return claim(
        id, title="a wider model costs more in its d² term", source=SRC, statement="n < d implies 2n²d < 2nd²",
        proof=[chain("compare", 2 * n**2 * d, step(2 * n * d**2, by="n < d", rel=conclusion_rel))], given=given,
    )


def test_hypothesis_proves_the_inequality():
    """n < d ⇒ 2n²d < 2nd²: proved through the slack d = n + g, g a positive integer."""
    r = check_claim(attention_claim(), OPTIONS)
    assert r.status is Verdict.PROVED and r.ok
    (s,) = r.steps
    assert s.given == ("n < d",)
    assert s.strategy.startswith("given: slack (d = g_d + n)")


def test_without_the_hypothesis_it_is_refuted():
    """Dropping n < d: a point with n > d refutes the step."""
    r = check_claim(attention_claim(given=(), id="user-given-dropped"), OPTIONS)
    assert r.status is Verdict.REFUTED
    cx = r.steps[0].counterexample
    assert int(cx.values["n"]) >= int(cx.values["d"])


def test_a_wrong_conclusion_is_refuted_inside_the_hypothesis():
    """n < d ⇒ 2n²d > 2nd² is false; the counterexample satisfies n < d."""
    r = check_claim(attention_claim(">", id="user-given-wrong"), OPTIONS)
    assert r.status is Verdict.REFUTED
    cx = r.steps[0].counterexample
    assert int(cx.values["n"]) < int(cx.values["d"])


def test_a_step_hypothesis_and_refine_with_q_facts():
    """A step's own hypothesis: |x − 1| = x − 1 given x > 1 (SymPy's refine with Q facts)."""
    c = claim("user-given-abs", title="abs", source=SRC, statement="|x-1| = x-1 for x > 1",
              proof=[chain("abs", sympy.Abs(x - 1), step(x - 1, by="x > 1", given=[x > 1]))])
    r = check_claim(c, OPTIONS)
    assert r.status is Verdict.PROVED and r.steps[0].given == ("x > 1",)


def test_q_facts_decide_what_no_slack_variable_can():
    """x² < 1 has no symbol side: refine with Q facts proves |x² − 1| = 1 − x²; |x² − 1| = x² − 1 is refuted inside it."""
    v = verify(Obligation(sympy.Abs(x**2 - 1), "=", 1 - x**2, {}, None, (x**2 < 1,)), 1)
    assert v.verdict is Verdict.PROVED and v.strategy == "given: refine(Q)"
    v = verify(Obligation(sympy.Abs(x**2 - 1), "=", x**2 - 1, {}, None, (x**2 < 1,)), 1)
    assert v.verdict is Verdict.REFUTED and abs(sympy.Rational(v.counterexample.values["x"])) < 1


def test_unsatisfiable_hypotheses_leave_the_step_undecided():
    """No sampled point satisfies n < d and d < n: undecided with the reason, never proved."""
    v = verify(Obligation(n, "<", n - 1, {}, None, (n < d, d < n)), 1)
    assert v.verdict is Verdict.UNDECIDED and "no sampled point satisfies the hypotheses" in v.detail


@pytest.mark.parametrize("bad, match", [
    (["n < d"], "strings are never parsed"),
    ([sympy.Eq(n, d)], "a SymPy relation"),
    ([n < sympy.Symbol("q", positive=True)], "the claim's symbols"),
    ([sympy.false], "vacuous"),
    ([n < sympy.Float(0.5) * d], "exact numbers"),
    (n < d, "a list of SymPy relations"),
])
def test_hypotheses_are_validated_at_declaration(bad, match):
    """Hypotheses are relations (<, <=, >, >=) over the claim's real symbols, exact, never strings."""
    with pytest.raises(InvalidClaim, match=match):
        attention_claim(given=bad)


def test_hypotheses_order_only_real_symbols():
    """A complex symbol cannot be ordered."""
    with pytest.raises(InvalidClaim, match="not declared real"):
        claim("user-complex", title="t", source=SRC, statement="s", given=[z < 1],
              proof=[chain("c", z, step(z, by="same"))])


def test_hypotheses_enter_the_cache_key():
    """The same step with and without a hypothesis has two keys."""
    plain = Obligation(2 * n**2 * d, "<", 2 * n * d**2, {})
    assert key(plain, 1, ("expand",)) != key(Obligation(plain.lhs, "<", plain.rhs, {}, None, (n < d,)), 1, ("expand",))


def test_hypotheses_appear_in_every_output():
    """Console, JSON, JUnit, LaTeX and ``derive show`` all name the hypothesis."""
    c = attention_claim()
    r = check_claim(c, OPTIONS)
    buf = io.StringIO()
    console_report.step_lines(Console(file=buf, width=200), r.steps)
    assert "given n < d" in buf.getvalue()
    assert json.loads(json.dumps(r.to_json()))["steps"][0]["given"] == ["n < d"]
    assert "given n &lt; d" in junit.render([r])
    assert "Hypotheses.} $n < d$" in claim_section(c, r)
    buf = io.StringIO()
    show_report.render(Console(file=buf, width=200), c, "")
    assert "given n < d" in buf.getvalue()
