"""The LaTeX export fits its lines and compiles: the whole catalog, stress claims, quotes, author math."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from checker import chain, claim, registry, source, step
from checker.export.compile import compile_tex
from checker.export.latex import Paper, document
from checker.export.texmath import tex

HAVE_TEX = shutil.which("pdflatex") is not None and shutil.which("latexmk") is not None
needs_tex = pytest.mark.skipif(not HAVE_TEX, reason="pdflatex/latexmk are not installed (CI installs TeX Live)")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
CATALOG = list(registry.load().claims.values())
ENGLISH = "An English quote: 50% of it & more_ #1 ~ {x}."


def stress_claims() -> list:
    """Eight nested |Σ e^{irθ}|, a 40-term sum with a long justification, a 6x6 matrix and its square."""
    th = sp.Symbol("theta", real=True)
    x = th
    for _ in range(8):
        x = sp.Abs(sp.exp(sp.I * x) + sp.exp(2 * sp.I * x) + sp.exp(3 * sp.I * x))
    xs = sp.symbols("x0:40", real=True)
    long_sum = sum((k + 1) * xs[k] ** 2 * sp.sin(xs[(k + 1) % 40]) for k in range(40))
    m = sp.Matrix(6, 6, lambda i, j: sp.cos((i + 1) * th) * xs[i] + sp.sin((j + 2) * th) * xs[j] ** 2)
    why = "the same sum written again, with a justification far too long to share a line with its expression"
    return [
        claim("stress-nested", title="Eight nested $|\\sum e^{ir\\theta}|$", source=source("user.txt", ENGLISH),
              statement="A stress test with 100% and $W^Q$", proof=[chain("nested", x, step(x, by="itself"))]),
        claim("stress-long", title="A long sum", source=source("user.txt", "long"), statement="long",
              proof=[chain("sum", long_sum, step(long_sum, by=why))]),
        claim("stress-matrix", title="A 6x6 matrix", source=source("user.txt", "matrix"), statement="matrix",
              proof=[chain("matrix", m, step(m.T.T, by="transpose twice"), step(m * m, by="square", rel="!="))]),
    ]


def _compile(tmp_path: Path, text: str, name: str = "doc.tex"):
    target = tmp_path / name
    target.write_text(text)
    return compile_tex(target)


def test_author_math_is_math_and_the_rest_is_escaped():
    """`$W^Q$` passes as math; %, &, #, _, ^, ~, braces and backslashes outside it print as written."""
    assert tex("the query $W^Q$ at 50%") == r"the query $W^Q$ at 50\%"
    assert tex("a_b ^ ~ {x} \\ # &") == r"a\_b \textasciicircum{} \textasciitilde{} \{x\} \textbackslash{} \# \&"
    assert tex("φ and $ϕ$") == r"\ensuremath{\phi} and $\phi$"  # one glyph, as SymPy prints phi
    assert tex(r"bad $\input{/etc/passwd}$") .startswith(r"bad \$\textbackslash{}input")


@pytest.mark.latex
@needs_tex
def test_whole_catalog_compiles_with_no_overfull_line(tmp_path):
    """Every built-in claim in one document: compiles, and no line sticks out by more than 1 pt."""
    done = _compile(tmp_path, document(CATALOG, {}, Paper(title="All", author="A. Author")))
    assert done.pdf.read_bytes().startswith(b"%PDF")
    assert done.overfull == [], done.overfull


@pytest.mark.latex
@needs_tex
def test_catalog_compiles_without_cjk(tmp_path):
    """With no CJKutf8 (simulated: the package name changed), Chinese quotes become marked notes."""
    text = document(CATALOG[:6], {}).replace(r"\IfFileExists{CJKutf8.sty}", r"\IfFileExists{CJKutf8-missing.sty}")
    done = _compile(tmp_path, text)
    assert done.overfull == []
    assert "derivezh" in text


@pytest.mark.latex
@needs_tex
def test_stress_claims_compile_and_fit(tmp_path):
    """Nested absolute values, a long sum and 6x6 matrices: no error, no overfull line."""
    done = _compile(tmp_path, document(stress_claims(), {}))
    assert done.overfull == []


@pytest.mark.latex
@needs_tex
@needs_pdftotext
def test_english_quote_with_percent_is_in_the_pdf(tmp_path):
    """An English quote with % and & is typeset whatever fonts the machine has."""
    done = _compile(tmp_path, document(stress_claims()[:1], {}))
    shown = subprocess.run(["pdftotext", str(done.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "An English quote: 50% of it & more_ #1" in " ".join(shown.split())


def test_appendix_has_no_preamble():
    """--appendix: a fragment to \\input, with the macros it needs and no \\documentclass."""
    text = document(CATALOG[:2], {}, Paper(appendix=True))
    assert r"\documentclass" not in text and r"\begin{document}" not in text
    assert r"\begin{claim}" in text and r"\providecommand{\derivezh}" in text


@pytest.mark.latex
@needs_tex
def test_appendix_inputs_into_a_paper(tmp_path):
    """The fragment compiles inside a minimal paper that loads the packages it names."""
    (tmp_path / "appendix.tex").write_text(document(CATALOG[:3], {}, Paper(appendix=True)))
    paper = (r"\documentclass{article}\usepackage{amsmath,amssymb,amsthm,graphicx,array,booktabs}"
             r"\begin{document}\appendix\section{Derivations}\input{appendix}\end{document}")
    done = _compile(tmp_path, paper, "paper.tex")
    assert done.overfull == []


@pytest.mark.latex
@needs_tex
def test_compile_failure_keeps_the_log(tmp_path):
    """A document that does not compile: one-line error naming FILE.log, which stays next to it."""
    from checker.errors import ExportError

    with pytest.raises(ExportError, match=r"Undefined control sequence.*bad\.log"):
        _compile(tmp_path, r"\documentclass{article}\begin{document}\nosuchmacro\end{document}", "bad.tex")
    assert (tmp_path / "bad.log").read_text().strip()
