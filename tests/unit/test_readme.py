"""The README's install lines install this project, never PyPI's unrelated `derive`."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_pip_install_line_names_this_project():
    """Each `pip install` in the README installs torch, this checkout (-e .) or the distribution by its name."""
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    allowed = {name, ".", "-e", "-q", "torch==2.13.0", ".[dev]"}
    found = 0
    for line in (ROOT / "README.md").read_text().splitlines():
        for cmd in re.findall(r"pip install ([^&#`]+)", line):
            found += 1
            words = set(shlex.split(cmd))
            assert words <= allowed, f"README installs {words - allowed}: {line.strip()}"
    assert found >= 3


def test_import_derive_is_the_public_api():
    """`import derive` re-exports the engine's public surface."""
    import checker
    import derive

    assert set(derive.__all__) == set(checker.__all__)
    assert derive.claim is checker.claim and derive.run is checker.run
