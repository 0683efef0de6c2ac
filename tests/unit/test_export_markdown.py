"""The Markdown export: $$…$$ display math in KaTeX's subset, no raw SymPy text, and the CLI's format switch."""

from __future__ import annotations

import re

from click.testing import CliRunner

from checker import registry
from checker.cli import main
from checker.export.blog import document, note_math
from checker.export.texmath import markdown

CATALOG = list(registry.load().claims.values())


def test_markdown_has_display_math_and_no_sympy_text():
    """Chains are $$\\begin{aligned}…$$ blocks; no `**`, `Matrix(`, `sqrt(` from SymPy's str()."""
    text = document(CATALOG, {})
    assert text.count("$$") >= 2 * len(CATALOG) and r"\begin{aligned}" in text
    blocks = re.findall(r"\$\$\n(.*?)\n\$\$", text, flags=re.S)
    assert blocks and not any("**" in b or "Matrix(" in b or "sqrt(" in b for b in blocks)
    assert "dmath" not in text and r"\begin{align*}" not in text


def test_author_text_for_markdown():
    """$…$ stays math; Markdown's specials outside it are escaped; code in backticks stays code."""
    assert markdown("the query $W^Q$, 2*3 `a_b`") == r"the query $W^Q$, 2\*3 `a_b`"
    assert note_math("by $x^2$ at 50%") == r"\text{by }{x^2}\text{ at 50}\%"


def test_latex_and_markdown_are_exclusive(tmp_path):
    """Exactly one of --latex and --markdown."""
    r = CliRunner().invoke(main, ["export", "sgd-update", "-o", str(tmp_path / "x.md"), "--no-numeric"])
    assert r.exit_code == 2 and "exactly one" in r.output
    r = CliRunner().invoke(main, ["export", "sgd-update", "--latex", "--markdown", "-o", str(tmp_path / "x.md")])
    assert r.exit_code == 2


def test_cli_markdown_export(tmp_path):
    """`derive export ID --markdown -o FILE.md` writes the post with the title given."""
    out = tmp_path / "post.md"
    r = CliRunner().invoke(main, ["export", "sgd-update", "--markdown", "-o", str(out), "--no-numeric",
                                  "--title", "My post", "--author", "Me"])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert text.startswith("# My post") and "*Me*" in text and "$$" in text
