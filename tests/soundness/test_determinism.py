"""Class 5: a step's verdict depends only on the step and its seed.

Not on PYTHONHASHSEED (SymPy's assumption system walks sets whose order follows the hash seed),
not on which steps the same process checked before (SymPy caches assumptions on shared
subexpressions), and not on the run: today two identical runs can disagree. Every run here is a
fresh interpreter checking with seed 0.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HASH_SEEDS = ("0", "6", "12345")
# steps whose verdict today flips with the hash seed or with what ran before (class-1 constants)
STEPS = ("c1-acos-eq-zero", "c1-acos-gt-zero", "c1-acos-le-tiny")
EARLIER = ("c1-acos-le-tiny", "c1-acos-gt-zero")
SCRIPT = """
import json, sys
from checker.obligation import Obligation
from checker.symbolic import verify
from tests.soundness.cases import BY_ID
for cid in sys.argv[1:]:
    c = BY_ID[cid]
    v = verify(Obligation(c.lhs, c.rel, c.rhs, dict(c.domain)), 0)
cx = v.counterexample
print(json.dumps({"verdict": v.verdict.value, "strategy": v.strategy, "values": cx.values if cx else None}))
"""


def result(step_id: str, hash_seed: str, earlier: tuple[str, ...] = (), run: int = 0) -> dict:
    """The last step's result in a fresh interpreter that checks ``earlier`` steps first; ``run`` numbers repeats."""
    return _result(step_id, hash_seed, earlier, run)


@functools.cache
def _result(step_id: str, hash_seed: str, earlier: tuple[str, ...], run: int) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *earlier, step_id], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("step_id", STEPS)
def test_same_verdict_under_every_hash_seed(step_id):
    """Three fresh processes, PYTHONHASHSEED 0, 6 and 12345, seed 0: one verdict."""
    verdicts = {h: result(step_id, h)["verdict"] for h in HASH_SEEDS}
    assert len(set(verdicts.values())) == 1, f"{step_id} by PYTHONHASHSEED: {verdicts}"


@pytest.mark.parametrize("step_id", STEPS)
def test_same_verdict_in_identical_runs(step_id):
    """Three fresh processes with everything equal (PYTHONHASHSEED 0, seed 0): one verdict."""
    verdicts = [result(step_id, "0", (), run)["verdict"] for run in range(3)]
    assert len(set(verdicts)) == 1, f"{step_id} in three identical runs: {verdicts}"


@pytest.mark.parametrize("step_id", STEPS)
def test_verdict_does_not_depend_on_earlier_steps(step_id):
    """The step alone and after other steps in the same process (PYTHONHASHSEED 0): one verdict."""
    runs = {"alone": result(step_id, "0")}
    for other in EARLIER:
        if other != step_id:
            runs[f"after {other}"] = result(step_id, "0", (other,))
    verdicts = {k: r["verdict"] for k, r in runs.items()}
    assert len(set(verdicts.values())) == 1, f"{step_id}: {verdicts}"


@pytest.mark.parametrize("step_id", STEPS)
def test_same_result_under_every_hash_seed(step_id):
    """Beyond the verdict: the same strategy and the same counterexample."""
    results = {h: result(step_id, h) for h in HASH_SEEDS}
    assert len({json.dumps(r, sort_keys=True) for r in results.values()}) == 1, f"{step_id}: {results}"
