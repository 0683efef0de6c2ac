"""Numeric recorders: tolerances, NaN, Clopper–Pearson and its three outcomes."""

from __future__ import annotations

import math

import pytest
import torch

from checker.model import NumericCheck, Outcome
from checker.numerical import NumericContext, Tolerance, clopper_pearson, resolve_devices, rounding_tolerance, run_check


def ctx(dtype: str = "float64") -> NumericContext:
    return NumericContext("t", "cpu", dtype, 7)


def test_clopper_pearson_matches_the_textbook_interval():
    """5 of 10 at 95 %: (0.187, 0.813); 0 of n has lower limit 0."""
    lo, hi = clopper_pearson(5, 10, 0.95)
    assert lo == pytest.approx(0.1871, abs=1e-4) and hi == pytest.approx(0.8129, abs=1e-4)
    assert clopper_pearson(0, 100, 0.95)[0] == 0.0
    assert clopper_pearson(100, 100, 0.95)[1] == 1.0


def test_bound_has_three_outcomes():
    """Confirmed, contradicted and inconclusive depend on where the whole interval lies."""
    c = ctx()
    c.bound("below", 10, 10_000, 0.01, side="below")  # p̂ = 0.001
    c.bound("above", 500, 10_000, 0.01, side="below")  # p̂ = 0.05
    c.bound("edge", 100, 10_000, 0.01, side="below")  # p̂ = 0.01
    assert [r.outcome for r in c.records] == [Outcome.CONFIRMED, Outcome.CONTRADICTED, Outcome.INCONCLUSIVE]


def test_close_rejects_nan_and_reports_the_greatest_error():
    """NaN never passes; the greatest error is recorded."""
    c = ctx()
    tol = rounding_tolerance(torch.float64, 1)
    c.close("nan", torch.tensor([1.0, math.nan]), torch.tensor([1.0, 1.0]), tol)
    c.close("off", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5]), tol)
    c.close("same", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0]), tol)
    assert [r.outcome for r in c.records] == [Outcome.CONTRADICTED, Outcome.CONTRADICTED, Outcome.CONFIRMED]
    assert c.records[1].max_error == pytest.approx(0.5)


def test_expected_contradiction_is_ok_only_when_contradicted():
    """expect=False asserts the relation fails."""
    c = ctx()
    tol = Tolerance(0.0, 1e-12, "exact")
    c.close("differs", torch.tensor([1.0]), torch.tensor([2.0]), tol, expect=False)
    c.close("equal", torch.tensor([1.0]), torch.tensor([1.0]), tol, expect=False)
    assert [r.ok for r in c.records] == [True, False]


def test_float32_tolerance_is_wider_than_float64():
    """The error model scales with eps of the dtype."""
    assert rounding_tolerance(torch.float32, 2).atol > 1e6 * rounding_tolerance(torch.float64, 2).atol


def test_a_check_that_records_nothing_is_an_error():
    """An empty check cannot pass."""
    out = run_check(NumericCheck("empty", lambda ctx: None), "cpu", "float64", 1)
    assert out[0].outcome is Outcome.ERROR


def test_a_check_that_raises_is_an_error():
    """An exception in a check is reported, not swallowed."""
    out = run_check(NumericCheck("boom", lambda ctx: 1 / 0), "cpu", "float64", 1)
    assert out[0].outcome is Outcome.ERROR and "ZeroDivisionError" in out[0].detail


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_missing_cuda_is_a_usage_error():
    """Asking for CUDA without it is a clear usage error."""
    from checker.errors import UsageError

    with pytest.raises(UsageError, match="no CUDA"):
        resolve_devices("cuda")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_generator_is_seeded():
    """On CUDA the same seed gives the same draw."""
    a = NumericContext("t", "cuda", "float32", 3).randn(4)
    b = NumericContext("t", "cuda", "float32", 3).randn(4)
    assert torch.equal(a, b)
