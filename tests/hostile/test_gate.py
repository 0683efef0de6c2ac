"""A green run is a true run: hostile claim code in every phase costs only its own claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hostile.claims import EXPECTED, HOSTILE

DERIVE = [sys.executable, "-m", "checker.cli"]
LIMITS = ["--timeout", "20", "--numeric-timeout", "5", "--import-timeout", "5", "--memory", "512"]


def derive(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([*DERIVE, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env, check=False)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (d / f"{name}.py").write_text(textwrap.dedent(text))
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_fault_is_its_claims_error_and_the_others_are_reported(hostile_dir, tmp_path, jobs):
    """Exit, os._exit, segfault, hang, 2 GB, BaseException and KeyboardInterrupt at import and in a
    numeric check: each is an error naming its reason; the good claims pass; JSON and JUnit are whole."""
    junit = tmp_path / "j.xml"
    r = derive("check", "--all", "--no-builtin", "--path", str(hostile_dir), "-j", jobs, "--json",
               "--junit", str(junit), *LIMITS)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    by_id = {c["id"]: c for c in doc["claims"]}
    assert by_id["good-one"]["ok"] and by_id["good-two"]["ok"]
    for claim_id, fragment in EXPECTED.items():
        if claim_id.endswith("-import"):
            (entry,) = [c for k, c in by_id.items() if k.endswith("/" + claim_id.replace("-", "_") + ".py")]
        else:
            entry = by_id[claim_id]
        assert entry["status"] == "error" and not entry["ok"], (claim_id, entry["status"])
        assert fragment in entry["reason"], (claim_id, entry["reason"])
    assert doc["summary"]["total"] == len(HOSTILE)
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    assert len(cases) == len(HOSTILE)
    assert not list(tmp_path.glob(".*.tmp")), "a half-written file was left behind"


def test_a_single_claim_run_also_isolates_its_numeric_check(hostile_dir):
    """`derive check ID` (one claim, -j 1) with sys.exit(0) in a numeric check exits 1, not 0."""
    r = derive("check", "exit-numeric", "--no-builtin", "--path", str(hostile_dir), *LIMITS)
    assert r.returncode == 1
    assert "SystemExit: 0" in r.stdout


def test_show_and_list_survive_a_module_that_exits(hostile_dir):
    """`list` and `show` import claims in children: sys.exit at import is a broken file, not exit 0."""
    r = derive("list", "--no-builtin", "--path", str(hostile_dir), "--import-timeout", "5")
    assert r.returncode == 1 and "exit_import.py" in r.stderr and "good-one" in r.stdout
    r = derive("show", "good-one", "--no-builtin", "--path", str(hostile_dir), "--import-timeout", "5")
    assert r.returncode == 0 and "good-one" in r.stdout


HANG_STEP = '''
from sympy import Integral, Sum, sin, symbols
from checker import chain, claim, source, step

k = symbols("k", integer=True, positive=True)
x = symbols("x", real=True)
slow = Sum(Integral(sin(k * x**2), (x, 0, 1)), (k, 1, 9999))  # ten thousand quadratures per evaluation
c = claim("{name}", title="hangs", source=source("u.txt", "q"), statement="s",
          proof=[chain("slow", slow, step(slow + 0, by="itself"))])
'''


def _descendants_alive(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (the run's unique claim directory)."""
    alive = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
            state = next(ln for ln in (proc / "status").read_text().splitlines() if ln.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if marker in cmd and "Z" not in state.split()[1]:
            alive.append(int(proc.name))
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(("sig", "code"), [("SIGTERM", 143), ("SIGINT", 130), ("SIGKILL", -9)])
def test_no_process_outlives_an_interrupted_run(tmp_path, sig, code):
    """Under -j 2 with hanging steps, a signal to derive leaves no child alive 2 s later; SIGINT exits
    130, SIGTERM 143, and the JUnit file is whole (the unfinished claims are marked interrupted)."""
    import signal
    import time

    d = tmp_path / f"marker-{sig}"
    d.mkdir()
    for n in ("a", "b", "c"):
        (d / f"{n}.py").write_text(HANG_STEP.format(name=f"hang-{n}"))
    junit = tmp_path / "j.xml"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([*DERIVE, "check", "--all", "--no-builtin", "--path", str(d), "-j", "2", "--no-numeric",
                             "--timeout", "600", "--junit", str(junit)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_descendants_alive(str(d))) < 4 and time.monotonic() < deadline:  # parent, 2 workers, a step
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(getattr(signal, sig))
    out, err = proc.communicate(timeout=30)
    time.sleep(2.0)
    assert _descendants_alive(str(d)) == []
    assert proc.returncode == code, err
    if sig != "SIGKILL":
        assert "interrupted" in err
        cases = list(ET.parse(junit).getroot().iter("testcase"))
        assert len(cases) == 3
