"""`pytest --derive`: one item per claim and device; failures, broken files and xdist."""

from __future__ import annotations

import pytest

from tests.conftest import BROKEN, GOOD, WRONG, write_claims


def run_derive(pytester: pytest.Pytester, *args: str, **files: str) -> pytest.RunResult:
    """A separate pytest process (torch and forked workers do not mix with an in-process run)."""
    d = write_claims(pytester.path, **(files or {"good": GOOD, "wrong": WRONG}))
    argv = ("--derive", "--derive-no-builtin", "--derive-path", str(d), "-p", "no:cacheprovider", *args)
    return pytester.runpytest_subprocess(*argv)


def test_collects_one_item_per_claim_and_device(pytester):
    """Each claim gives a cpu item and a gpu-marked cuda item."""
    result = run_derive(pytester, "--collect-only", "-q")
    out = result.stdout.str()
    for name in ("user-square[cpu]", "user-square[cuda]", "user-wrong[cpu]", "user-wrong[cuda]"):
        assert name in out


def test_a_failing_user_claim_fails_and_reports_its_counterexample(pytester):
    """The good claim passes, the wrong one fails with its counterexample, cuda items skip without a GPU."""
    import torch

    result = run_derive(pytester, "-rs")
    if torch.cuda.is_available():
        result.assert_outcomes(passed=2, failed=2)
    else:
        result.assert_outcomes(passed=1, failed=1, skipped=2)
    assert "counterexample at x=" in result.stdout.str()


def test_gpu_marker_deselects_cuda_items(pytester):
    """`-m 'not gpu'` keeps only the cpu items."""
    result = run_derive(pytester, "-m", "not gpu")
    result.assert_outcomes(passed=1, failed=1, deselected=2)


def test_broken_user_file_is_one_failing_item(pytester):
    """A syntax error becomes a failing item named after the file; the other claims still run."""
    result = run_derive(pytester, "-m", "not gpu", good=GOOD, broken=BROKEN)
    result.assert_outcomes(passed=1, failed=1, deselected=1)
    assert "SyntaxError" in result.stdout.str()


def test_runs_under_xdist(pytester):
    """`-n 2` distributes the claim items over two workers with the same outcome."""
    result = run_derive(pytester, "-n", "2", "-m", "not gpu")
    result.assert_outcomes(passed=1, failed=1)
    assert "2 workers" in result.stdout.str()


def test_claims_run_beside_the_projects_own_tests_and_config_paths_count(pytester):
    """`[tool.derive] paths` is honoured, and the project's own tests still run next to the claims."""
    write_claims(pytester.path, good=GOOD)
    pytester.makefile(".toml", pyproject='[tool.derive]\npaths = ["claims"]\n')
    pytester.makepyfile(test_mine="def test_own():\n    '''the project's own test'''\n    assert True\n")
    result = pytester.runpytest_subprocess("--derive", "--derive-no-builtin", "-m", "not gpu", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, deselected=1)
