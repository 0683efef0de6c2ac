"""Time `derive check --all` against the import floor `python -c "import sympy, torch"`, in one run.

Prints wall times (best of N) and ratios; nothing is asserted. Usage: python benchmarks/bench_check_all.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - t0


def best(cmd: list[str], n: int, env: dict[str, str] | None = None) -> float:
    return min(wall(cmd, env) for _ in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    py = sys.executable
    derive = [py, "-m", "checker.cli"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "DERIVE_CACHE_DIR": cache}
        rows = {
            "import sympy, torch (floor)": best([py, "-c", "import sympy, torch"], n),
            "derive list": best([*derive, "list"], n, env),
            "derive check --all --no-numeric": best([*derive, "check", "--all", "--no-numeric"], n, env),
            "derive check --all": best([*derive, "check", "--all"], n, env),
        }
    floor = rows["import sympy, torch (floor)"]
    print(f"best of {n} runs, {os.cpu_count()} cores")
    for name, seconds in rows.items():
        print(f"{name:<48} {seconds:7.2f} s   {seconds / floor:5.2f}x floor")


if __name__ == "__main__":
    main()
