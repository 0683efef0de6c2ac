"""The step checker's strategy order against naive ``simplify(lhs - rhs) == 0``, on every catalog step.

Both run each step in the same kind of isolated worker with the same timeout. Prints total times, the
ratio, the ratio per class of step (the complete procedure that certified it, or the rewrite that closed
it with probe agreement, or refuted / undecided), and every step where the verdicts disagree.
Usage: python benchmarks/bench_strategies.py [timeout_s]
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import sympy

from checker import procedures, registry, symbolic
from checker.isolation import TimedOut, run_isolated
from checker.model import Verdict
from checker.probe import _UNEVALUATED
from checker.runner import tasks_of
from checker.symbolic import Obligation, Verification, _difference, verify


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


_SPENT: dict[str, float] = defaultdict(float)


def _timed(part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _SPENT[part] += time.perf_counter() - t0

    return run


def instrument() -> None:
    """Time the probe, the complete procedures and the rewrites inside ``verify`` (workers inherit it)."""
    symbolic.probe = _timed("probe", symbolic.probe)
    procedures.decide = _timed("procedures", procedures.decide)
    symbolic._close_entry = _timed("rewrites", symbolic._close_entry)


def ours(ob: Obligation) -> tuple[Verdict, float, str, dict[str, float], bool]:
    _SPENT.clear()
    t0 = time.perf_counter()
    v = verify(ob)
    heavy = any(sympy.sympify(e).has(*_UNEVALUATED) for e in (ob.lhs, ob.rhs))
    return v.verdict, time.perf_counter() - t0, step_class(v), dict(_SPENT), heavy


def where(mine: dict[int, Any]) -> list[str]:
    """Where our time goes: probe (on steps with unevaluated objects apart), procedures, rewrites, the rest."""
    done = [a for a in mine.values() if isinstance(a, tuple)]
    total = sum(a[1] for a in done)
    part = {k: sum(a[3].get(k, 0.0) for a in done) for k in ("probe", "procedures", "rewrites")}
    heavy = [a for a in done if a[4]]
    heavy_probe = sum(a[3].get("probe", 0.0) for a in heavy)
    certified_probe = sum(a[3].get("probe", 0.0) for a in done if a[2].startswith("certified"))
    return [
        f"  total inside the workers {total:.2f} s: probe {part['probe']:.2f} s, complete procedures "
        f"{part['procedures']:.2f} s, rewrites {part['rewrites']:.2f} s, the rest "
        f"{total - sum(part.values()):.2f} s",
        f"  probe on the {len(heavy)} steps with Expectation/Integral/Sum/Derivative/…: {heavy_probe:.2f} s "
        f"(evaluated anew at every point); probe on certified steps (one point each): {certified_probe:.2f} s",
    ]


def step_class(v: Verification) -> str:
    """``certified: polynomial``, ``rewrite + probe: expand``, ``refuted``, ``undecided``."""
    if v.verdict is Verdict.PROVED:
        return f"certified: {v.strategy}" if v.certified else f"{v.method}: {v.strategy}"
    return v.verdict.value


def per_class(mine: dict[int, Any], theirs: dict[int, Any], timeout: float) -> list[str]:
    """One line per class: steps, our seconds, naive seconds (a timeout counts as the limit), ratio."""
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for i, a in mine.items():
        cls = a[2] if isinstance(a, tuple) else "timed out / crashed"
        b = theirs.get(i)
        row = rows[cls]
        row[0] += 1
        row[1] += a[1] if isinstance(a, tuple) else timeout
        row[2] += b[1] if isinstance(b, tuple) else timeout
    lines = [f"  {'class':44} {'steps':>5} {'ours s':>8} {'naive s':>8} {'ratio':>7}"]
    for cls, (k, t_a, t_b) in sorted(rows.items(), key=lambda kv: -kv[1][2]):
        lines.append(f"  {cls[:44]:44} {int(k):5d} {t_a:8.2f} {t_b:8.2f} {t_b / max(t_a, 1e-9):6.1f}x")
    return lines


def main() -> None:
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    instrument()
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
    print(f"ours (complete procedures, probe, cheap rewrites):      {t_ours:8.2f} s")
    print(f"naive simplify(lhs - rhs) == 0:                        {t_naive:8.2f} s   ({naive_timeouts} timed out)")
    print(f"ratio naive / ours: {t_naive / t_ours:.1f}x")
    print("per class (time inside the worker):")
    print("\n".join(per_class(mine, theirs, timeout)))
    print("where our time goes:")
    print("\n".join(where(mine)))
    print(f"disagreements: {len(disagree)} (refuted source statements are expected here: naive has no 'refuted')")
    print("\n".join(disagree))


if __name__ == "__main__":
    main()
