"""`derive mutate`: every declared perturbation must be rejected, for user claims too."""

from __future__ import annotations

from click.testing import CliRunner

from checker.cli import main

CLAIMS = '''
from sympy import symbols
from checker import chain, claim, source, step

x = symbols("x", real=True)


def build(cross: int = 2, name: str = "my-square"):
    return claim(name, title="square", source=source("u.txt", "q"), statement="s",
                 proof=[chain("c", (x + 1) ** 2, step(x**2 + cross * x + 1, by="square"))],
                 perturbations={PERTURBATIONS})


square = build()
'''


def _dir(tmp_path, perturbations: str):
    d = tmp_path / "claims"
    d.mkdir()
    (d / "square.py").write_text(CLAIMS.replace("{PERTURBATIONS}", perturbations))
    return d


def test_a_rejected_perturbation_passes(tmp_path):
    """A wrong cross term is refuted: 1 of 1 rejected, exit 0."""
    d = _dir(tmp_path, '{"cross term 3": lambda: build(3)}')
    r = CliRunner().invoke(main, ["mutate", "--no-builtin", "--path", str(d), "--no-numeric"])
    assert r.exit_code == 0, r.output
    assert "1 of 1 perturbation rejected" in r.output


def test_an_accepted_perturbation_fails_the_run(tmp_path):
    """A 'perturbation' that changes nothing checks out: it is ACCEPTED and the exit code is 1."""
    d = _dir(tmp_path, '{"no change": lambda: build(2)}')
    r = CliRunner().invoke(main, ["mutate", "--no-builtin", "--path", str(d), "--no-numeric"])
    assert r.exit_code == 1
    assert "ACCEPTED" in r.output and "0 of 1 perturbation rejected" in r.output


def test_a_perturbation_that_errors_is_not_a_rejection(tmp_path):
    """A perturbation factory that raises is an error, which does not count as rejected."""
    d = _dir(tmp_path, '{"broken": lambda: 1 / 0}')
    r = CliRunner().invoke(main, ["mutate", "--no-builtin", "--path", str(d), "--no-numeric"])
    assert r.exit_code == 1
    assert "ERROR" in r.output
