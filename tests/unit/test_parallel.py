"""-j: a worker that hangs or dies costs its claim, never the run."""

from __future__ import annotations

import os

from sympy import symbols

from checker.declare import chain, claim, numeric, source, step
from checker.model import Verdict
from checker.runner import Options, run

x = symbols("x", real=True)


def _claim(name: str, fn) -> object:
    return claim(name, title=name, source=source("u.txt", "q"), statement="s",
                 proof=[chain("c", x + x, step(2 * x, by="sum"))], numeric=[numeric(dtypes=("float64",))(fn)])


def _fine(ctx):
    """fine"""
    ctx.exact("one", 1, 1)


def _hang(ctx):
    """hangs"""
    while True:
        pass


def _die(ctx):
    """dies"""
    os._exit(3)


def test_hanging_and_dying_workers_do_not_stop_the_run():
    """A numeric check that hangs is an error at its limit; one that kills its process is an error."""
    claims = [_claim("p-fine", _fine), _claim("p-hang", _hang), _claim("p-die", _die), _claim("p-fine-2", _fine)]
    opts = Options(dtypes=("float64",), timeout=1, numeric_timeout=2, jobs=2)
    results = {r.id: r for r in run(claims, opts)}
    assert results["p-fine"].ok and results["p-fine-2"].ok
    assert results["p-hang"].status is Verdict.ERROR and "did not finish within 2s" in results["p-hang"].reason
    assert results["p-die"].status is Verdict.ERROR and "exited with code 3" in results["p-die"].reason
