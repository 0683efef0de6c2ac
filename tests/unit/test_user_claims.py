"""User claims: --path, [tool.derive] paths, the derive.claims entry point, `derive new`, collisions."""

from __future__ import annotations

import json
import os
import textwrap
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import GOOD, write_claims


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_scaffolded_claim_checks_out_and_its_perturbation_is_rejected(tmp_path):
    """`derive new` writes a module that `derive check --path` proves; its perturbation fails."""
    d = tmp_path / "mine"
    d.mkdir()
    r = invoke("new", "my-identity", "--path", str(d))
    assert r.exit_code == 0, r.output
    r = invoke("check", "my-identity", "--path", str(d))
    assert r.exit_code == 0, r.output
    assert "1 claim: 1 proved" in r.output
    from checker import Options, registry, run

    claim = registry.load([d], builtin=False).claims["my-identity"]
    (perturbed,) = [make() for make in claim.perturbations.values()]
    (result,) = run([perturbed], Options())
    assert not result.ok


def test_new_refuses_an_existing_id_or_file(tmp_path):
    """A built-in id, or a file that exists, is a usage error."""
    assert invoke("new", "sgd-update", "--path", str(tmp_path)).exit_code == 2
    assert invoke("new", "mine-x", "--path", str(tmp_path)).exit_code == 0
    r = invoke("new", "mine-x", "--path", str(tmp_path))
    assert r.exit_code == 2


def test_user_id_colliding_with_a_builtin_names_both_files(claims_dir):
    """A user claim reusing a built-in id is an error naming both files."""
    d = claims_dir(clash=GOOD.replace('"user-square"', '"sgd-update"'))
    r = invoke("check", "sgd-update", "--path", str(d))
    assert r.exit_code == 2
    assert "learnable_pe.py" in r.output and "clash.py" in r.output


def test_tool_derive_paths_in_pyproject_are_loaded(tmp_path, monkeypatch):
    """`[tool.derive] paths` adds the user's directories."""
    write_claims(tmp_path, good=GOOD)
    (tmp_path / "pyproject.toml").write_text('[tool.derive]\npaths = ["claims"]\n')
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "user-square", "--no-numeric")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.derive]\npaths = 3\n", "must be a list of strings"),
        ("[tool.derive]\npath = ['x']\n", "unknown key"),
        ("[tool.derive\n", "cannot read it as TOML"),
        ("[tool.derive]\npaths = ['missing']\n", "is not a directory"),
    ],
)
def test_garbage_in_tool_derive_is_one_line_and_exit_2(tmp_path, monkeypatch, toml, message):
    """Bad configuration gives a one-line message and exit 2."""
    (tmp_path / "pyproject.toml").write_text(toml)
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "sgd-update", "--no-numeric")
    assert r.exit_code == 2
    assert message in r.output and len(r.output.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any directory")
def test_unreadable_path_is_exit_2(tmp_path):
    """An unreadable --path is a usage error."""
    d = tmp_path / "locked"
    d.mkdir()
    d.chmod(0)
    try:
        assert invoke("check", "--all", "--path", str(d)).exit_code == 2
    finally:
        d.chmod(0o700)


def test_missing_path_is_exit_2(tmp_path):
    """A --path that does not exist is a usage error."""
    r = invoke("check", "--all", "--path", str(tmp_path / "nope"))
    assert r.exit_code == 2 and "not a readable directory" in r.output


def test_entry_point_packages_are_loaded(tmp_path, monkeypatch):
    """Modules registered under the `derive.claims` entry-point group join the catalog."""
    pkg = tmp_path / "site"
    pkg.mkdir()
    (pkg / "my_claims_pkg.py").write_text(textwrap.dedent(GOOD.replace('"user-square"', '"pkg-square"')))
    monkeypatch.syspath_prepend(str(pkg))
    ep = EntryPoint(name="mine", value="my_claims_pkg", group="derive.claims")
    import importlib.metadata

    real = importlib.metadata.entry_points
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kw: [ep] if kw.get("group") == "derive.claims" else real(**kw))
    r = invoke("check", "pkg-square", "--no-numeric", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["claims"][0]["id"] == "pkg-square"
