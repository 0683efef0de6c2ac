"""A user's own project, as a new user would set it up: a post, two claims, [tool.derive] paths, own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

POST = """# Notes on squares

Expanding a square is the first thing we teach: (x+1)^2 = x^2 + 2x + 1 for every real x.
Some write that (x+1)^2 = x^2 + 1, which forgets the cross term.
"""

TRUE_CLAIM = '''
from sympy import symbols
from checker import chain, claim, numeric, rounding_tolerance, source, step

x = symbols("x", real=True)


@numeric()
def in_torch(ctx):
    """(x+1)^2 in torch"""
    v = ctx.randn(16)
    ctx.close("square", (v + 1) ** 2, v * v + 2 * v + 1, rounding_tolerance(ctx.dtype, 4, scale=10))


def figure():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, 4, 9])
    ax.set(title="(x+1)^2", xlabel="x", ylabel="value")
    return fig


square = claim("notes-square", figure=figure, title="A square expands", source=source("../posts/notes.md", "(x+1)^2 = x^2 + 2x + 1"),
               statement="(x+1)^2 = x^2 + 2x + 1 for real x",
               proof=[chain("expand", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="binomial"))], numeric=[in_torch])
'''

FALSE_CLAIM = '''
from sympy import symbols
from checker import chain, claim, refutes, source, step

x = symbols("x", real=True)

forgotten = claim(
    "notes-cross-term", title="The cross term is not optional",
    source=[source("../posts/notes.md", "Some write that (x+1)^2 = x^2 + 1", role="misquotes")],
    statement="(x+1)^2 = x^2 + 1 is false", expect="refuted",
    refutes=refutes((x + 1) ** 2, "=", x**2 + 1, by="the misquote", correction="(x+1)^2 = x^2 + 2x + 1"),
    proof=[chain("the correct square", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="binomial"))],
)
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "posts").mkdir()
    (root / "posts" / "notes.md").write_text(POST)
    (root / "claims").mkdir()
    (root / "claims" / "square.py").write_text(TRUE_CLAIM)
    (root / "claims" / "cross_term.py").write_text(FALSE_CLAIM)
    (root / "tests").mkdir()
    (root / "tests" / "test_own.py").write_text("def test_own():\n    '''the project's own test'''\n    assert 1 + 1 == 2\n")
    (root / "pyproject.toml").write_text('[tool.derive]\npaths = ["claims"]\n')
    return root


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DERIVE_CACHE_DIR": str(project / ".derive_cache")}
    return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_every_command_works_on_the_users_claims(project):
    """list --json, check, show, errata --markdown and export all see the configured claims and the post."""
    r = run(project, "checker.cli", "list", "--json", "--no-builtin")
    assert r.returncode == 0, r.stderr
    listed = {c["id"]: c for c in json.loads(r.stdout)["claims"]}
    assert set(listed) == {"notes-square", "notes-cross-term"}
    assert listed["notes-square"]["source"]["title"] == "Notes on squares"
    r = run(project, "checker.cli", "check", "--all", "--no-builtin")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run(project, "checker.cli", "show", "notes-cross-term", "--no-builtin")
    assert r.returncode == 0 and "misquotes" in r.stdout and "forgets the cross term" in r.stdout
    r = run(project, "checker.cli", "errata", "--markdown", "--no-builtin")
    assert r.returncode == 0 and "notes-cross-term" in r.stdout
    r = run(project, "checker.cli", "plot", "notes-square", "-o", "square.png", "--no-builtin")
    assert r.returncode == 0, r.stderr
    assert (project / "square.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = run(project, "checker.cli", "export", "--all", "--no-builtin", "--latex", "-o", "claims.tex", "--no-numeric")
    assert r.returncode == 0 and (project / "claims.tex").is_file()


def test_pytest_derive_runs_the_claims_beside_the_projects_tests(project):
    """`pytest --derive` honours [tool.derive] paths and also runs tests/test_own.py."""
    r = run(project, "pytest", "--derive", "--derive-no-builtin", "-m", "not gpu", "-p", "no:cacheprovider", "-q", "tests")
    assert r.returncode == 0, r.stdout[-2000:]
    assert "3 passed" in r.stdout
