"""A paper-sized step: building, hashing and printing it, against ``sympy.srepr`` of the same expression.

The instances (d = 128): the softmax normaliser of one query against 64 keys, a sum of 64
exponentials of 128-term dot products; and the sinusoidal offset rotation, a 128×128 block-diagonal
matrix times PE(t). Each phase is timed once per instance (best of N), in this process:
- build: the SymPy expressions plus ``claim(...)`` with its declaration-time validation;
- hash: ``checker.cache.key`` of the step (what the proof cache computes);
- print: ``checker.runner.one_line`` of both sides (what reports show);
- baseline: ``sympy.srepr`` of the step's left side.
Goal: build + hash + print under 2 s per instance.
Usage: python benchmarks/bench_scale.py [N]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sympy
from sympy import Add, Matrix, cos, diag, exp, sin, sqrt, symbols

D, KEYS = 128, 64
GOAL_S = 2.0


def softmax_normaliser() -> tuple[Any, Any]:
    q = symbols(f"q0:{D}", real=True)
    k = [symbols(f"k{j}_0:{D}", real=True) for j in range(KEYS)]
    scores = [Add(*[q[i] * k[j][i] for i in range(D)]) / sqrt(D) for j in range(KEYS)]
    return Add(*[exp(s) for s in scores]), Add(*[exp(s / 2) ** 2 for s in scores])


def offset_rotation() -> tuple[Any, Any]:
    t, phi = symbols("t phi", real=True)
    w = symbols(f"omega0:{D // 2}", positive=True)

    def pe(x: Any) -> Matrix:
        return Matrix([f(w[i] * x) for i in range(D // 2) for f in (sin, cos)])

    rot = [Matrix([[cos(w[i] * phi), sin(w[i] * phi)], [-sin(w[i] * phi), cos(w[i] * phi)]]) for i in range(D // 2)]
    return diag(*rot) * pe(t), pe(t + phi)


def timed(fn: Callable[[], Any], n: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's engine, not an installed one
    from checker import chain, claim, source, step
    from checker.cache import key
    from checker.obligation import Obligation
    from checker.runner import one_line

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    worst = 0.0
    for name, make in (("sum of 64 exponentials, d=128", softmax_normaliser), ("128x128 rotation · PE(t)", offset_rotation)):

        def build(make: Callable[[], tuple[Any, Any]] = make) -> tuple[Any, Any]:
            lhs, rhs = make()
            claim("bench-scale", title="scale", source=source("bench.txt", "scale"), statement="a paper-sized step",
                  proof=[chain("one step", lhs, step(rhs, by="expand"))])
            return lhs, rhs

        t_build, (lhs, rhs) = timed(build, n)
        ob = Obligation(lhs, "=", rhs, {})
        t_hash, k = timed(lambda ob=ob: key(ob, 0, ("expand",)), n)
        t_print, _ = timed(lambda lhs=lhs, rhs=rhs: (one_line(lhs), one_line(rhs)), n)
        t_srepr, _ = timed(lambda lhs=lhs: sympy.srepr(lhs), n)
        total = t_build + t_hash + t_print
        worst = max(worst, total)
        print(f"{name}")
        print(f"  {'sympy.srepr(lhs) (baseline)':<34} {t_srepr:7.3f} s   1.00x")
        for label, t in (("build + validate (claim)", t_build), ("hash (cache key)", t_hash), ("print (one_line, both sides)", t_print)):
            print(f"  {label:<34} {t:7.3f} s   {t / t_srepr:.2f}x")
        print(f"  {'total':<34} {total:7.3f} s   (goal < {GOAL_S} s){'' if k else '  [not cacheable]'}")
    print(f"worst total {worst:.3f} s: {'ok' if worst < GOAL_S else 'OVER GOAL'}")


if __name__ == "__main__":
    main()
