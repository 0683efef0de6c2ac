"""Proof cache: hit, miss, corruption, unwritable directory."""

from __future__ import annotations

import json

from sympy import symbols

from checker.cache import ProofCache, key
from checker.declare import chain, claim, source, step
from checker.runner import Options, run
from checker.symbolic import Obligation

x = symbols("x", real=True)


def square(rhs=None):
    return claim(
        "cache-square", title="square", source=source("u.txt", "q"), statement="(x+1)^2",
        proof=[chain("c", (x + 1) ** 2, step(rhs if rhs is not None else x**2 + 2 * x + 1, by="binomial"))],
    )


def test_key_changes_with_the_expression_and_assumptions():
    """Different expressions, assumptions or strategies give different keys."""
    y = symbols("x", positive=True)
    base = key(Obligation(x**2, "=", x * x, {}), 1, ("expand",))
    assert base == key(Obligation(x**2, "=", x * x, {}), 1, ("expand",))
    assert base != key(Obligation(y**2, "=", y * y, {}), 1, ("expand",))
    assert base != key(Obligation(x**2, "=", x * x, {}), 1, ("expand", "simplify"))
    assert base != key(Obligation(x**3, "=", x * x, {}), 1, ("expand",))


def test_second_run_hits_the_cache_and_agrees(tmp_path):
    """A warm run reads the verdict back; the result is the same."""
    cache = ProofCache.open(tmp_path)
    opts = Options(numeric=False, cache=cache)
    (cold,) = run([square()], opts)
    (warm,) = run([square()], opts)
    assert not any(s.cached for s in cold.steps) and all(s.cached for s in warm.steps)
    assert [s.verdict for s in cold.steps] == [s.verdict for s in warm.steps]


def test_changed_step_misses_the_cache(tmp_path):
    """A wrong step is not answered from the cache of the right one."""
    opts = Options(numeric=False, cache=ProofCache.open(tmp_path))
    run_ok = list(run([square()], opts))[0]
    (bad,) = run([square(x**2 + 1)], opts)
    assert run_ok.ok and not bad.ok and not bad.steps[0].cached


def test_corrupt_entry_is_ignored_and_recomputed(tmp_path):
    """Garbage in an entry is treated as a miss and overwritten."""
    opts = Options(numeric=False, cache=ProofCache.open(tmp_path))
    list(run([square()], opts))
    (entry,) = list((tmp_path / "proofs").rglob("*.json"))
    entry.write_text("{not json")
    (again,) = run([square()], opts)
    assert again.ok and not again.steps[0].cached
    json.loads(entry.read_text())  # rewritten whole


def test_unwritable_directory_raises_oserror(tmp_path):
    """Opening a cache under a file fails with OSError (the CLI falls back with a warning)."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    import pytest

    with pytest.raises(OSError):
        ProofCache.open(blocker / "cache")


def test_keys_are_the_same_in_every_process():
    """The key does not depend on hash randomization (e.g. witness dicts built from sets)."""
    import os
    import subprocess
    import sys

    code = (
        "from checker import registry; from checker.runner import tasks_of; from checker.cache import key\n"
        "c = registry.load().claims['mha-concat']\n"
        "print([key(t.obligation, 1, ('expand',)) for t in tasks_of(c)])"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_numeric_results_are_cached_only_with_cache_numeric(tmp_path):
    """Without cache_numeric the checks run every time; with it, a warm run reads them back."""
    from checker.declare import numeric
    from checker.numerical import Tolerance

    runs = tmp_path / "runs.txt"
    log = str(runs)  # the key covers closure values: count runs outside the check's own state

    @numeric(dtypes=("float64",))
    def counted(ctx):
        """counts its runs"""
        with open(log, "a") as f:
            f.write("x")
        ctx.close("one", ctx.torch.ones(2), ctx.torch.ones(2), Tolerance(0.0, 0.0, "exact"))

    c = claim(
        "cache-numeric", title="t", source=source("u.txt", "q"), statement="s",
        proof=[chain("c", x, step(x, by="same"))], numeric=[counted],
    )
    cache = ProofCache.open(tmp_path / "cache")
    for _ in range(2):
        list(run([c], Options(cache=cache, dtypes=("float64",))))
    assert len(runs.read_text()) == 2
    for i in range(2):
        (r,) = run([c], Options(cache=cache, cache_numeric=True, dtypes=("float64",)))
        assert r.ok and r.numeric[0].name == "one"
        assert bool(r.numeric[0].cached_at) == (i == 1)
    assert len(runs.read_text()) == 3
