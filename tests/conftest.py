"""Shared fixtures: user-claim directories written on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

GOOD = '''
from sympy import symbols, expand
from checker import chain, claim, numeric, rounding_tolerance, source, step

x = symbols("x", real=True)

@numeric()
def squares(ctx):
    """(x+1)^2 in torch"""
    v = ctx.randn(8)
    ctx.close("(x+1)^2", (v + 1) ** 2, v * v + 2 * v + 1, rounding_tolerance(ctx.dtype, 4, scale=10))

user_square = claim(
    "user-square", title="(x+1)^2 expands", source=source("user.txt", "square"),
    statement="(x+1)^2 = x^2 + 2x + 1", proof=[chain("expand", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="binomial"))],
    numeric=[squares],
)
'''

WRONG = '''
from sympy import symbols
from checker import chain, claim, source, step

x = symbols("x", real=True)
user_wrong = claim(
    "user-wrong", title="a wrong square", source=source("user.txt", "square"),
    statement="(x+1)^2 = x^2 + 1", proof=[chain("expand", (x + 1) ** 2, step(x**2 + 1, by="binomial, badly"))],
)
'''

HANGING = '''
from sympy import Integral, Sum, sin, symbols
from checker import chain, claim, source, step

k = symbols("k", integer=True, positive=True)
x = symbols("x", real=True)
slow = Sum(Integral(sin(k * x**2), (x, 0, 1)), (k, 1, 9999))  # ten thousand quadratures per evaluation
user_hang = claim(
    "user-hang", title="a step that takes forever", source=source("user.txt", "hang"),
    statement="a sum of 9999 integrals",
    proof=[chain("slow", slow, step(slow + 0, by="itself"))],
)
'''

BROKEN = "from sympy import symbols\ndef broken(:\n"


def write_claims(tmp_path: Path, **files: str) -> Path:
    """A directory with the given claim modules."""
    d = tmp_path / "claims"
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / f"{name}.py").write_text(textwrap.dedent(text))
    return d


@pytest.fixture
def claims_dir(tmp_path: Path):
    return lambda **files: write_claims(tmp_path, **files)


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory, monkeypatch):
    """Each test session writes its proof cache and last status to a temporary directory."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "derive_cache"))
