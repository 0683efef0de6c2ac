"""Nothing passes on nothing: errata, empty claims, mixed chains, trivial steps, skipped dtypes, vacuous checks."""

from __future__ import annotations

import io

import pytest
import sympy
import torch
from rich.console import Console

from checker import chain, claim, numeric, rounding_tolerance, source, step
from checker.declare import validate_claim
from checker.errors import InvalidClaim
from checker.model import Claim, ClaimResult, NumericCheck, NumericResult, Outcome, Source, StepResult, Verdict
from checker.numerical import NumericContext, plan, plan_with_skips, run_check, skipped_results
from checker.runner import Options, check_claim
from checker.status import claim_status, is_trivial

x = sympy.symbols("x", real=True)
SRC = source("user.txt", "a quote")


def proved_claim(**extra):
    """A small true claim: (x+1)^2 = x^2 + 2x + 1."""
    return claim(
        "user-square", title="a square", source=SRC, statement="(x+1)^2 expands",
        proof=[chain("expand", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="binomial"))], **extra,
    )


def erratum_claim(**extra):
    return claim("user-erratum", title="a wrong gloss", source=SRC, statement="the gloss is wrong",
                 erratum="not mathematics", **extra)


def step_result(verdict=Verdict.PROVED, trivial=False, lhs="x + 1", rhs="x + 1"):
    return StepResult("expand", 0, lhs, "=", rhs, "binomial", verdict, "expand", 0.01, trivial=trivial)


def numeric_result(outcome, dtype="float16", detail=""):
    return NumericResult("squares", "squares", "cpu", dtype, 1, outcome, Outcome.CONFIRMED, None, "-", detail)


@numeric()
def squares(ctx):
    """(x+1)^2 in torch"""
    v = ctx.randn(8)
    ctx.close("(x+1)^2", (v + 1) ** 2, v * v + 2 * v + 1, rounding_tolerance(ctx.dtype, 4, scale=10))


# --- errata --------------------------------------------------------------------------------------


def test_erratum_with_the_default_expect_is_invalid():
    """An erratum checks nothing, so it cannot be declared proved (the default expect)."""
    with pytest.raises(InvalidClaim, match="'expect' must be 'refuted' for an erratum"):
        erratum_claim()


def test_erratum_declared_refuted_is_recorded_not_proved():
    """erratum + expect='refuted': status recorded, ok, reason 'recorded, not checked'; never proved."""
    c = erratum_claim(expect="refuted")
    status, ok, reason = claim_status(c, [], [])
    assert (status, ok) == (Verdict.RECORDED, True)
    assert reason.startswith("recorded, not checked")
    status, ok, _ = claim_status(c, [step_result(Verdict.UNDECIDED)], [])
    assert (status, ok) == (Verdict.UNDECIDED, False)


def test_erratum_end_to_end_is_recorded_in_every_report():
    """check_claim gives recorded; console, JUnit and the errata page say 'recorded, not checked'."""
    from checker.export.markdown import errata, markdown
    from checker.report import console as console_report
    from checker.report import junit

    c = erratum_claim(expect="refuted")
    result = check_claim(c, Options())
    assert result.status is Verdict.RECORDED and result.ok
    out = io.StringIO()
    console_report.claim_block(Console(file=out, width=120), result)
    assert "recorded, not checked" in out.getvalue()
    assert "1 recorded (not checked)" in console_report.summary_line([result], 0.0)
    assert "recorded, not checked" in junit.render([result])
    page = markdown(errata([c], {c.id: result}))
    assert "recorded, not checked" in page and "refutation confirmed" not in page


# --- declaration-time checks, on any Claim ----------------------------------------------------------


def test_validate_claim_rejects_a_claim_built_directly_with_nothing_to_check():
    """A Claim(...) made with the dataclass constructor, no proof and no numeric, is rejected."""
    bare = Claim(id="user-bare", title="nothing", source=Source("user.txt", "q"), statement="s",
                 assumptions=(), domain={}, proof=(), numeric=(), expect=Verdict.PROVED)
    with pytest.raises(InvalidClaim, match="'proof' must be at least one chain"):
        validate_claim(bare)
    status, ok, _ = claim_status(bare, [], [])
    assert status is not Verdict.PROVED and not ok
    validate_claim(proved_claim())  # a declared claim passes the same checks


def test_validate_claim_rejects_an_erratum_declared_proved_built_directly():
    """The erratum rule holds for a Claim built without claim()."""
    made = Claim(id="user-erratum", title="t", source=Source("user.txt", "q"), statement="s", assumptions=(),
                 domain={}, proof=(), numeric=(), expect=Verdict.PROVED, erratum="not mathematics")
    with pytest.raises(InvalidClaim, match="erratum"):
        validate_claim(made)


def test_chain_mixing_le_and_ge_is_invalid():
    """a <= b >= c concludes nothing: rejected; '=' may join either direction."""
    with pytest.raises(InvalidClaim, match="mixes"):
        claim("user-mixed", title="t", source=SRC, statement="s",
              proof=[chain("mixed", x**2, step(x**2 + 1, by="+1", rel="<="), step(x**2, by="-1", rel=">="))])
    claim("user-le", title="t", source=SRC, statement="s",
          proof=[chain("ok", x**2, step(x**2 + 0, by="=", rel="="), step(x**2 + 1, by="+1", rel="<"))])


def test_chain_with_two_not_equals_is_invalid():
    """a != b != c concludes nothing either."""
    with pytest.raises(InvalidClaim, match="'!='"):
        claim("user-ne", title="t", source=SRC, statement="s",
              proof=[chain("ne", x, step(x + 1, by="+1", rel="!="), step(x, by="-1", rel="!="))])


@pytest.mark.parametrize("bad", ["abc\n", "Abc", "-abc", "abc-", "a"])
def test_id_must_match_entirely(bad):
    """Ids match the whole pattern: a trailing newline is not accepted."""
    with pytest.raises(InvalidClaim, match="'id' must be"):
        claim(bad, title="t", source=SRC, statement="s", proof=[chain("c", x, step(x, by="itself"))])


# --- trivial steps ---------------------------------------------------------------------------------


def test_is_trivial_spots_identical_sides():
    """Same object, structurally equal expressions or matrices, and lines SymPy collapsed are trivial."""
    assert is_trivial(x + 1, x + 1)
    assert is_trivial(sympy.Matrix([x, 1]), sympy.ImmutableMatrix([x, 1]))
    assert is_trivial((x + 1) ** 2 - 0, (x + 1) ** 2)  # "- 0" folds away on construction
    assert not is_trivial(x + 1, x)
    with sympy.evaluate(False):
        kept = x + 0
    assert not is_trivial(kept, x)


def test_trivial_step_is_flagged_in_every_reporter_and_still_proved():
    """StepResult.trivial: console shows the flag and the evaluate(False) hint; JSON, JUnit and LaTeX carry it."""
    from checker.export.latex import _mark
    from checker.report import console as console_report
    from checker.report import junit

    trivial = step_result(trivial=True)
    c = proved_claim()
    assert claim_status(c, [trivial], []) == (Verdict.PROVED, True, "")
    result = ClaimResult(c.id, c.title, Verdict.PROVED, Verdict.PROVED, True, (trivial,), (), c.source, 0.1)
    out = io.StringIO()
    console_report.claim_block(Console(file=out, width=120), result)
    text = out.getvalue()
    assert "trivial (both sides identical)" in text and "evaluate(False)" in text
    assert result.to_json()["steps"][0]["trivial"] is True
    assert "trivial (both sides identical)" in junit.render([result])
    assert "trivial" in _mark(trivial) and "trivial" not in _mark(step_result())


# --- dtypes that no check declares ----------------------------------------------------------------


def test_plan_reports_every_dtype_a_check_does_not_declare():
    """float16 against a float64/float32 check: nothing to run, one skip with the declared dtypes."""
    run, skipped = plan_with_skips([squares], ["cpu"], ["float16"])
    assert run == [] and skipped == [(squares, "cpu", "float16")]
    (r,) = skipped_results(skipped, 7)
    assert r.outcome is Outcome.SKIPPED and r.detail == "not declared for float16 (declares float64, float32)"
    assert plan([squares], ["cpu"], ["float16"]) == skipped  # run_check records it as skipped
    (r,) = run_check(squares, "cpu", "float16", 7)
    assert r.outcome is Outcome.SKIPPED and "declares float64, float32" in r.detail
    one = NumericCheck("dtype-free", squares.fn, ("float64",))
    assert plan_with_skips([one], ["cpu"], ["float16"]) == ([(one, "cpu", "float64")], [])


def test_claim_whose_every_numeric_check_was_skipped_is_not_proved():
    """All results skipped: undecided, not ok, and the reason names the dtype; one ran: fine."""
    c = proved_claim(numeric=[squares])
    skipped = numeric_result(Outcome.SKIPPED, detail="not declared for float16")
    assert claim_status(c, [step_result()], [skipped]) == (
        Verdict.UNDECIDED, False, "no numeric check ran for the requested dtypes (float16)",
    )
    ran = numeric_result(Outcome.CONFIRMED, dtype="float64")
    assert claim_status(c, [step_result()], [ran, skipped])[:2] == (Verdict.PROVED, True)


def test_float16_run_of_float64_float32_checks_is_not_proved_end_to_end():
    """--dtype float16 with checks declared for float64/float32 only: skipped, reported, not proved."""
    result = check_claim(proved_claim(numeric=[squares]), Options(dtypes=("float16",)))
    assert not result.ok and result.status is Verdict.UNDECIDED
    assert [n.outcome for n in result.numeric] == [Outcome.SKIPPED]
    assert "float16" in result.reason


@pytest.mark.parametrize(("dtype", "eps"), [("float16", 2.0**-10), ("bfloat16", 2.0**-7)])
def test_rounding_tolerance_covers_half_precision(dtype, eps):
    """eps comes from torch.finfo, so float16 and bfloat16 get their own error model."""
    tol = rounding_tolerance(getattr(torch, dtype), 2)
    assert tol.atol == pytest.approx(4 * 2 * eps)
    assert NumericContext("t", "cpu", dtype, 1).eps == pytest.approx(eps)


def test_a_check_declared_for_half_precision_runs_there():
    """A check declaring float16 and bfloat16 runs at them, with their own tolerances, and confirms."""
    half = NumericCheck("squares", squares.fn, ("float64", "float16", "bfloat16"))
    for dtype in ("float16", "bfloat16"):
        (r,) = run_check(half, "cpu", dtype, 7)
        assert (r.outcome, r.dtype) == (Outcome.CONFIRMED, dtype), r.detail


# --- vacuous comparisons ---------------------------------------------------------------------------


def ctx() -> NumericContext:
    return NumericContext("t", "cpu", "float64", 7)


def test_close_of_a_tensor_with_itself_is_an_error():
    """close(x, x), and x against a view of the same memory, cannot fail: an error, not a pass."""
    c = ctx()
    v = c.randn(4)
    tol = rounding_tolerance(torch.float64, 1)
    c.close("x", v, v, tol)
    c.close("detached", v, v.detach(), tol)
    c.close("clone", v, v.clone(), tol)
    assert [r.outcome for r in c.records] == [Outcome.ERROR, Outcome.ERROR, Outcome.CONFIRMED]
    assert c.records[0].detail == "vacuous comparison: 'x' compares a tensor with itself"


def test_close_of_empty_tensors_is_an_error():
    """Empty tensors (numel 0) compare equal whatever the code does: an error."""
    c = ctx()
    tol = rounding_tolerance(torch.float64, 1)
    c.close("empty", torch.empty(0), torch.empty(0), tol)
    c.close("empty list", [], [], tol)
    assert [r.outcome for r in c.records] == [Outcome.ERROR, Outcome.ERROR]
    assert "empty tensor (numel 0)" in c.records[0].detail


def test_exact_of_an_object_with_itself_is_an_error_but_equal_values_are_not():
    """exact(t, t) on a tensor is vacuous; exact(True, True) or of two small ints is an ordinary equality."""
    c = ctx()
    t = torch.ones(3)
    shape = [2, 3]
    c.exact("tensor", t, t)
    c.exact("list", shape, shape)
    c.exact("bool", True, True)
    c.exact("count", 3, 3)
    assert [r.outcome for r in c.records] == [Outcome.ERROR, Outcome.ERROR, Outcome.CONFIRMED, Outcome.CONFIRMED]


def test_a_vacuous_check_makes_the_claim_an_error():
    """A vacuous comparison inside a check turns the claim into an error via claim_status."""

    def same(ctx):
        v = ctx.randn(3)
        ctx.close("x", v, v, rounding_tolerance(ctx.dtype, 1))

    results = run_check(NumericCheck("same", same), "cpu", "float64", 1)
    status, ok, reason = claim_status(proved_claim(numeric=[NumericCheck("same", same)]), [step_result()], results)
    assert (status, ok) == (Verdict.ERROR, False) and "vacuous comparison" in reason


def test_a_float_literal_is_rejected_with_the_rational_hint():
    """0.5 in a step (here x*0.5 + x*0.5 collapses to 1.0*x) is rejected, with the hint to use Rational."""
    import pytest
    from sympy import symbols

    from checker import chain, claim, source, step
    from checker.errors import InvalidClaim

    x = symbols("x", real=True)
    with pytest.raises(InvalidClaim, match="Rational"):
        claim("f-x", title="t", source=source("u.txt", "q"), statement="s",
              proof=[chain("c", x * 0.5 + x * 0.5, step(x, by="halves"))])
