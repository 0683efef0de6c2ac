"""The claim index: `derive list` on a warm index imports no claim module, and a change re-imports it."""

from __future__ import annotations

from click.testing import CliRunner

from checker.cli import main

MARKED = '''
from pathlib import Path
Path({marker!r}).open("a").write("imported\\n")
from sympy import symbols
from checker import chain, claim, source, step

x = symbols("x", real=True)
c = claim("{id}", title="t", source=source("u.txt", "q"), statement="s",
          proof=[chain("c", x + x, step(2 * x, by="sum"))])
'''


def test_warm_list_imports_nothing_and_an_edit_reimports(tmp_path):
    """The first list imports the module (in a child); the second reads the index; an edit re-imports."""
    marker = tmp_path / "imports.log"
    d = tmp_path / "claims"
    d.mkdir()
    module = d / "marked.py"
    module.write_text(MARKED.format(marker=str(marker), id="marked-one"))
    args = ["list", "--no-builtin", "--path", str(d)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert marker.read_text().count("imported") == 1
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0 and "marked-one" in r.output
    assert marker.read_text().count("imported") == 1
    module.write_text(MARKED.format(marker=str(marker), id="marked-two"))
    r = CliRunner().invoke(main, args)
    assert "marked-two" in r.output and marker.read_text().count("imported") == 2


def test_a_corrupt_index_is_rebuilt(tmp_path, monkeypatch):
    """A garbage index file is ignored and rewritten."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "index.json").write_text('{"format": 1, "modules": {"x": {"hash": 1, "refs": [{"id": 3}]}}}')
    r = CliRunner().invoke(main, ["list"])
    assert r.exit_code == 0 and "sgd-update" in r.output
