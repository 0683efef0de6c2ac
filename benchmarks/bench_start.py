"""Start-up cost against `python -c "import sympy"`, and `pytest --derive -n 2` against `derive check -j 2`.

CPU time (user + system) of each command's whole process tree, best of N runs, ratios measured in one run:
- `derive list` on a warm index (goal: at most 1.5x the import floor);
- `derive check sinusoidal-offset --no-numeric` on a warm cache (goal: at most 2x);
- wall time of `pytest --derive -n 2` over the catalog against a cold `derive check --all -j 2` (goal: at most 1.5x).
Usage: python benchmarks/bench_start.py [N]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time

PY = sys.executable
DERIVE = [PY, "-m", "checker.cli"]


def run(cmd: list[str], cache: str) -> tuple[float, float]:
    """(CPU seconds of the process tree, wall seconds)."""
    env = {**os.environ, "DERIVE_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(f"warning: {' '.join(cmd[1:4])} … exited {done.returncode}", file=sys.stderr)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def best(n: int, cmd: list[str], cache: str, wall: bool = False) -> float:
    return min(run(cmd, cache)[1 if wall else 0] for _ in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as root:
        warm = os.path.join(root, "warm")
        run([*DERIVE, "check", "sinusoidal-offset", "--no-numeric"], warm)  # fills the index and the proof cache
        floor = best(n, [PY, "-c", "import sympy"], warm)
        listing = best(n, [*DERIVE, "list"], warm)
        single = best(n, [*DERIVE, "check", "sinusoidal-offset", "--no-numeric"], warm)
        label = 'python -c "import sympy" (CPU floor)'
        print(f"{label:<52} {floor:6.2f} s   1.00x")
        print(f"{'derive list, warm index':<52} {listing:6.2f} s   {listing / floor:.2f}x  (goal <= 1.5x)")
        print(f"{'derive check sinusoidal-offset --no-numeric, warm':<52} {single:6.2f} s   {single / floor:.2f}x  (goal <= 2x)")
        cold = [os.path.join(root, f"cold{i}") for i in range(2)]
        check = run([*DERIVE, "check", "--all", "-j", "2"], cold[0])[1]
        plugin = run([PY, "-m", "pytest", "--derive", "-n", "2", "-q", "-p", "no:cacheprovider", "-m", "not gpu",
                      "--rootdir", root, root], cold[1])[1]
        print(f"{'derive check --all -j 2, cold (wall)':<52} {check:6.2f} s   1.00x")
        print(f"{'pytest --derive -n 2, cold (wall)':<52} {plugin:6.2f} s   {plugin / check:.2f}x  (goal <= 1.5x)")


if __name__ == "__main__":
    main()
