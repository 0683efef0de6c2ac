"""`derive check --all`: cold vs warm proof cache, -j 2 vs -j 1, against the import floor, in one run.

Each row is the best of N runs of a fresh process; a cold run gets an empty cache directory.
Prints seconds and ratios; asserts nothing. Usage: python benchmarks/bench_check_all.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

PY = sys.executable
DERIVE = [PY, "-m", "checker.cli"]


def once(cmd: list[str], cache: str) -> float:
    env = {**os.environ, "DERIVE_CACHE_DIR": cache}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode not in (0,):
        print(f"warning: {' '.join(cmd[2:])} exited {done.returncode}", file=sys.stderr)
    return elapsed


def best(n: int, make_cache: Callable[[], str], cmd: list[str]) -> float:
    return min(once(cmd, make_cache()) for _ in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory() as root:
        counter = iter(range(10_000))
        fresh = lambda: os.path.join(root, f"cold{next(counter)}")  # noqa: E731 - an empty cache each time
        warm_dir = os.path.join(root, "warm")
        once([*DERIVE, "check", "--all"], warm_dir)  # fill the warm cache
        warm = lambda: warm_dir  # noqa: E731
        rows = {
            "import sympy, torch (floor)": best(n, warm, [PY, "-c", "import sympy, torch"]),
            "derive list": best(n, warm, [*DERIVE, "list"]),
            "check --all --no-numeric, cold cache, -j auto": best(n, fresh, [*DERIVE, "check", "--all", "--no-numeric"]),
            "check --all --no-numeric, warm cache, -j auto": best(n, warm, [*DERIVE, "check", "--all", "--no-numeric"]),
            "check --all, cold cache, -j 1": best(n, fresh, [*DERIVE, "check", "--all", "-j", "1"]),
            "check --all, cold cache, -j 2": best(n, fresh, [*DERIVE, "check", "--all", "-j", "2"]),
            "check --all, warm cache, -j 1": best(n, warm, [*DERIVE, "check", "--all", "-j", "1"]),
            "check --all --cache-numeric, warm cache": best(n, warm, [*DERIVE, "check", "--all", "--cache-numeric"]),
        }
    floor = rows["import sympy, torch (floor)"]
    print(f"best of {n} fresh processes, {os.cpu_count()} cores")
    for name, seconds in rows.items():
        print(f"  {name:<42} {seconds:7.2f} s  {seconds / floor:5.2f}x floor")
    cold, warm_s = rows["check --all --no-numeric, cold cache, -j auto"], rows["check --all --no-numeric, warm cache, -j auto"]
    print(f"warm / cold (--no-numeric):      {warm_s / cold:.2f}  (goal <= 0.5)")
    print(f"warm check --all - floor:        {rows['check --all, warm cache, -j 1'] - floor:+.2f} s  (goal <= +2 s)")
    print(f"  with --cache-numeric:          {rows['check --all --cache-numeric, warm cache'] - floor:+.2f} s")
    print(f"-j 2 / -j 1 (cold):              {rows['check --all, cold cache, -j 2'] / rows['check --all, cold cache, -j 1']:.2f}")


if __name__ == "__main__":
    main()
