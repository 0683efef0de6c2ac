"""Limits bound the whole step, and the worker count does not change a number."""

from __future__ import annotations

import json
import time

from tests.hostile.test_gate import derive

HUGE = '''
from sympy import Add, symbols
from checker import chain, claim, source, step

xs = symbols("x0:30000", real=True)
big = Add(*xs)
c = claim("huge-step", title="a step too large to render", source=source("u.txt", "q"), statement="s",
          proof=[chain("huge", big, step(big * 2 - big, by="arithmetic"))])
'''


def test_a_huge_step_is_bounded_by_its_timeout_rendering_included(tmp_path):
    """A 30 000-term step: its text is capped, and the run ends within the step limit plus start-up."""
    (tmp_path / "huge.py").write_text(HUGE)
    t0 = time.monotonic()
    r = derive("check", "huge-step", "--no-builtin", "--path", str(tmp_path), "--timeout", "3", "--json")
    assert time.monotonic() - t0 < 60
    (claim,) = json.loads(r.stdout)["claims"]
    (s,) = claim["steps"]
    assert len(s["lhs"]) <= 2000 and len(s["rhs"]) <= 2000
    assert s["verdict"] in ("proved", "undecided")
    if s["verdict"] == "undecided":
        assert "timed out after 3s" in s["detail"]


def test_one_worker_and_two_give_identical_numbers():
    """-j 1 and -j 2 compute bit-identical numeric errors (one torch thread in every numeric child)."""
    ids = ["attention-formula", "softmax-simplex", "cross-entropy-gradient", "sinusoidal-offset"]
    runs = []
    for jobs in ("1", "2"):
        r = derive("check", *ids, "-j", jobs, "--json", "--no-cache")
        assert r.returncode == 0, r.stderr
        runs.append({(c["id"], n["name"], n["dtype"]): n["max_error"] for c in json.loads(r.stdout)["claims"] for n in c["numeric"]})
    assert runs[0] == runs[1]
