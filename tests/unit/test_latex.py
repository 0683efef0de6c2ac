"""The LaTeX export compiles with pdflatex."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.export.texmath import text


def test_text_escapes_specials_and_maps_math_symbols():
    """Specials are escaped and Greek letters become commands."""
    assert text("a_b & 50% σ") == r"a\_b \& 50\% \ensuremath{\sigma}"


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_export_with_title_author_and_figures(tmp_path):
    """--title, --author and --figures: the title page says them, the figure is a PDF next to the .tex."""
    out = tmp_path / "x.tex"
    r = CliRunner().invoke(main, ["export", "chernoff-gaussian-tail", "--latex", "-o", str(out), "--pdf", "--no-numeric",
                                  "--title", "Tails", "--author", "A. Author", "--figures"])
    assert r.exit_code == 0, r.output
    tex = out.read_text()
    assert r"\title{Tails}" in tex and r"\author{A. Author}" in tex
    assert r"\includegraphics[width=0.9\linewidth]{x-chernoff-gaussian-tail.pdf}" in tex
    assert (tmp_path / "x-chernoff-gaussian-tail.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_export_compiles_to_pdf(tmp_path):
    """`derive export --latex --pdf` writes a .tex with align* and a PDF."""
    out = tmp_path / "x.tex"
    r = CliRunner().invoke(main, ["export", "sinusoidal-offset", "sgd-update", "chernoff-gaussian-tail",
                                  "--latex", "-o", str(out), "--pdf", "--no-numeric"])
    assert r.exit_code == 0, r.output
    tex = out.read_text()
    assert r"\begin{align*}" in tex and r"\label{claim:sinusoidal-offset}" in tex and r"\begin{claim}" in tex
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
