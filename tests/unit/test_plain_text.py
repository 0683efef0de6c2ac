"""Author text in the terminal: no dollars, no raw LaTeX commands, text outside math untouched."""

from __future__ import annotations

from checker.export.texmath import plain


def test_math_commands_become_readable():
    """\\operatorname, \\exp, \\sqrt, \\frac and Greek commands print as a reader would write them."""
    assert plain(r"by $\operatorname{Var}(Z² − 1) = 2$") == "by Var(Z² − 1) = 2"
    assert plain(r"gives $\exp (−ε²/2σ²)$") == "gives exp (−ε²/2σ²)"
    assert plain(r"$\frac{1}{\sqrt{d_k}}$") == "(1)/(√(d_k))"
    assert "σ" in plain(r"$\sigma^2$") and "\\" not in plain(r"$\sigma^2$")


def test_text_outside_math_is_kept():
    """An escaped dollar and plain words stay as written."""
    assert plain("costs \\$5, not $x$") == "costs $5, not x"
