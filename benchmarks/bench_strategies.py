"""The step checker's strategy order against naive ``simplify(lhs - rhs) == 0``, on every catalog step.

Both run each step in the same kind of isolated worker with the same timeout. Prints total times, the
ratio, and every step where the verdicts disagree. Usage: python benchmarks/bench_strategies.py [timeout_s]
"""

from __future__ import annotations

import sys
import time

import sympy

from checker import registry
from checker.isolation import TimedOut, run_isolated
from checker.model import Verdict
from checker.runner import tasks_of
from checker.symbolic import Obligation, _difference, verify


def naive(ob: Obligation) -> tuple[bool, float]:
    """True when simplify closes the step (zero, or the sign fact), as a bare bool."""
    t0 = time.perf_counter()
    ok = True
    for d in _difference(ob):
        s = sympy.simplify(d.doit() if hasattr(d, "doit") else d)
        if ob.rel == "=":
            ok &= s == 0
        elif ob.rel == "!=":
            ok &= s.is_nonzero is True
        else:
            ok &= (s.is_positive if ob.rel in ("<", ">") else s.is_nonnegative) is True
    return bool(ok), time.perf_counter() - t0


def ours(ob: Obligation) -> tuple[Verdict, float]:
    t0 = time.perf_counter()
    v = verify(ob)
    return v.verdict, time.perf_counter() - t0


def main() -> None:
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    tasks = [(c.id, t) for c in registry.load().claims.values() for t in tasks_of(c)]
    obligations = [t.obligation for _, t in tasks]
    t0 = time.perf_counter()
    mine = dict(run_isolated([lambda ob=ob: ours(ob) for ob in obligations], timeout))
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = dict(run_isolated([lambda ob=ob: naive(ob) for ob in obligations], timeout))
    t_naive = time.perf_counter() - t0
    disagree, naive_timeouts = [], 0
    for i, (cid, t) in enumerate(tasks):
        a, b = mine[i], theirs[i]
        if isinstance(b, TimedOut):
            naive_timeouts += 1
        verdict = a[0] if isinstance(a, tuple) else Verdict.UNDECIDED
        closed = b[0] if isinstance(b, tuple) else False
        if (verdict is Verdict.PROVED) != closed:
            disagree.append(f"  {cid} | {t.chain} #{t.index + 1} ({t.role}): ours={verdict.value}, naive simplify={'closes' if closed else 'does not close'}"
                            + (" (timed out)" if isinstance(b, TimedOut) else ""))
    print(f"{len(tasks)} steps, timeout {timeout:g}s per step, each in a forked worker")
    print(f"strategy order (probe, cheap rewrites, simplify last): {t_ours:8.2f} s")
    print(f"naive simplify(lhs - rhs) == 0:                        {t_naive:8.2f} s   ({naive_timeouts} timed out)")
    print(f"ratio naive / ours: {t_naive / t_ours:.1f}x")
    print(f"disagreements: {len(disagree)} (refuted source statements are expected here: naive has no 'refuted')")
    print("\n".join(disagree))


if __name__ == "__main__":
    main()
