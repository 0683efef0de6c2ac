"""`derive errata`: math rendered, counterexamples short and on the statement's symbols, selection by id,
source and the user's own claims; Markdown, plain text and HTML."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner

from checker.cli import main
from checker.export import formula

POST = """# Notes on squares

Some say the square of a sum is the sum of the squares: (x+y)^2 = x^2 + y^2.
Expanding a square is the first thing we teach: (x+1)^2 = x^2 + 2x + 1 for every real x.
"""

OTHER_POST = """# Notes on cubes

And a cube is three times the number: x^3 = 3x.
"""

SQUARE = '''
from sympy import symbols
from checker import chain, claim, numeric, rounding_tolerance, source, step

x = symbols("x", real=True)


@numeric()
def in_torch(ctx):
    """$(x+1)^2$ in torch"""
    v = ctx.randn(16)
    ctx.close("square", (v + 1) ** 2, v * v + 2 * v + 1, rounding_tolerance(ctx.dtype, 4, scale=10))


def figure():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, 4, 9])
    ax.set(title="(x+1)^2", xlabel="x", ylabel="value")
    return fig


square = claim("notes-square", figure=figure, title="A square expands: $(x+1)^2 = x^2 + 2x + 1$",
               source=source("../posts/notes.md", "(x+1)^2 = x^2 + 2x + 1"),
               statement="$(x+1)^2 = x^2 + 2x + 1$ for real $x$ & every <b>x</b>",
               proof=[chain("expand", (x + 1) ** 2, step(x**2 + 2 * x + 1, by="the binomial formula, $n = 2$"))],
               numeric=[in_torch])
'''

SUM_SQUARE = '''
from sympy import symbols
from checker import chain, claim, refutes, source, step

x, y, z = symbols("x y z", real=True)

sum_square = claim(
    "notes-sum-square", title="$(x+y)^2$ is not $x^2 + y^2$",
    source=source("../posts/notes.md", "the square of a sum is the sum of the squares"),
    statement="The note drops the cross term $2xy$.", expect="refuted", uses=("notes-square",),
    refutes=refutes((x + y) ** 2, "=", x**2 + y**2, by="the note's identity, for all real $x, y$",
                    witness={x: 1, y: 1, z: 7}, correction="$(x+y)^2 = x^2 + 2xy + y^2$"),
    proof=[chain("expand", (x + y) ** 2, step(x**2 + 2 * x * y + y**2, by="binomial"))],
)
'''

CUBE = '''
from sympy import symbols
from checker import chain, claim, refutes, source, step

x = symbols("x", real=True)

cube = claim(
    "notes-cube", title="$x^3$ is not $3x$", source=source("../posts/other.md", "a cube is three times the number"),
    statement="A cube is a product, not a multiple.", expect="refuted",
    refutes=refutes(x**3, "=", 3 * x, by="the note", witness={x: 2}, correction="$x^3 = x \\\\cdot x \\\\cdot x$"),
    proof=[chain("a cube", x**3, step(x * x * x, by="definition"))],
)
'''


def write_project(root: Path) -> Path:
    """A user's posts and claims (two about one post, one about another); returns the claims directory."""
    (root / "posts").mkdir(parents=True, exist_ok=True)
    (root / "posts" / "notes.md").write_text(POST)
    (root / "posts" / "other.md").write_text(OTHER_POST)
    claims = root / "claims"
    claims.mkdir(exist_ok=True)
    for name, text in (("square", SQUARE), ("sum_square", SUM_SQUARE), ("cube", CUBE)):
        (claims / f"{name}.py").write_text(textwrap.dedent(text))
    return claims


MATHML_NS = "http://www.w3.org/1998/Math/MathML"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FOREIGN = {"math", "svg"}


class _TagChecker(HTMLParser):
    """Every element closed, in order; self-closing syntax only for void elements and inside MathML/SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def _foreign(self) -> bool:
        return any(t in FOREIGN for t in self.stack)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag not in VOID and not self._foreign():
            self.errors.append(f"<{tag}/> outside MathML/SVG (line {self.getpos()[0]})")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else '-'}> (line {self.getpos()[0]})")
        else:
            self.stack.pop()


def assert_valid_html(text: str) -> None:
    """HTML5 skeleton, balanced tags, and no script or style from the network (the MathML namespace is no fetch)."""
    assert text.startswith("<!DOCTYPE html>\n")
    assert re.search(r'<html lang="[a-z]{2}">', text) and '<meta charset="utf-8">' in text
    assert re.search(r"<title>[^<]+</title>", text)
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    assert checker.errors == [] and checker.stack == [], (checker.errors, checker.stack)
    assert "<script" not in text and not re.search(r"<link\b", text)
    for ref in re.findall(r'\b(?:src|href|data)="([^"]*)"', text):
        assert not ref.startswith(("http:", "https:", "//")), ref
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) <= {MATHML_NS}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


PYTHON_POWER = re.compile(r"\w\*\*\w|\)\*\*")


def test_numbers_keep_six_significant_digits():
    """Long decimals are cut to 6 significant digits; integers and small fractions stay exact."""
    assert formula.number("0.008150971593502700313") == "0.00815097"
    assert formula.number("-0.000028884152913209303011") == "-2.88842e-5"
    assert formula.number("628.31853071795864769") == "628.319"
    assert formula.number("1581056.0") == "1581056"
    assert formula.number("1/2") == "1/2" and formula.number("6") == "6"
    assert formula.number_latex("-2.88842e-5") == r"{-2.88842 \times 10^{-5}}"
    assert formula.number_plain("0.000001234") == "1.234×10⁻⁶"


def test_plain_formulas_read_as_math_not_python():
    """The one-line form has no ``**``, ``Matrix(`` or ``Probability(``."""
    from sympy.stats import Normal, P

    d, eps = sympy.symbols("d epsilon", positive=True)
    z = Normal("Z", 0, 1)
    text = formula.relation_plain(P(z**2 - 1 >= eps, evaluate=False), "<=", sympy.exp(-(eps**2) / 4))
    assert text == "P(Z² - 1 ≥ ε) ≤ exp(-ε²/4)"
    assert formula.plain(sympy.Matrix([[1, 0], [0, 1]])) == "[1, 0; 0, 1]"
    assert formula.plain(3 * d**2 + d**10) == "d^10 + 3·d²"


def test_markdown_errata_of_builtin_claims_is_readable():
    """Markdown: $…$ math from sympy.latex, no Python powers or reprs, 6-digit numbers, statement symbols only,
    the source's title and line, and the correction's proof status."""
    r = invoke("errata", "adaptive-span-params", "chernoff-gaussian-tail", "additive-pe-jacobian", "--markdown")
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert PYTHON_POWER.search(md) is None and "Matrix(" not in md and "Probability(" not in md
    assert r"$\operatorname{P}\left(Z^{2} - 1 \geq \epsilon\right) \le e^{- \frac{\epsilon^{2}}{4}}$" in md
    assert r"**Certified counterexample:** $\epsilon = 6$: the left side is $0.00815097$" in md
    decimals = re.findall(r"\d+\.\d+", md)
    assert decimals and all(len(d.replace(".", "").lstrip("0")) <= 6 for d in decimals), decimals
    adaptive = md.split("### adaptive-span-params")[1].split("###")[0]
    assert "S_{large}" not in adaptive and "S_large" not in adaptive and "$d = 32$, $h = 4$" in adaptive
    assert "LLM大模型常见问题解答(3), line 253" in adaptive
    assert "— *proved steps: 5 certified (polynomial over QQ), 1 by rewrite + probe*" in adaptive
    assert "**What is wrong:** The statement fails at $d = 32$, $h = 4$" in adaptive
    assert md.count("### ") == 3


def test_plain_errata_reads_as_math():
    """The default text output: Unicode math, no SymPy reprs, short numbers."""
    r = invoke("errata", "chernoff-gaussian-tail", "additive-pe-jacobian")
    assert r.exit_code == 0, r.output
    assert "P(Z² - 1 ≥ ε) ≤ exp(-ε²/4)" in r.stdout and "[1, 0, 0; 0, 1, 0; 0, 0, 1]" in r.stdout
    assert "ε = 6: the left side is 0.00815097, the right side 0.00012341" in r.stdout
    assert "**" not in r.stdout and "Matrix(" not in r.stdout


def test_errata_of_the_users_own_claims_only(tmp_path):
    """--no-builtin --path: the user's refuted claims, their $…$ text passed through, only the statement's symbols."""
    claims = write_project(tmp_path)
    r = invoke("errata", "--no-builtin", "--path", str(claims), "--markdown")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("### ") == 2 and "### notes-sum-square: $(x+y)^2$ is not $x^2 + y^2$" in r.stdout
    assert "$x = 1$, $y = 1$" in r.stdout and "z = " not in r.stdout and "z_" not in r.stdout
    assert "**Correction:** $(x+y)^2 = x^2 + 2xy + y^2$" in r.stdout
    assert "*Source:* Notes on squares, line 3" in r.stdout


@pytest.mark.parametrize("document", ["../posts/notes.md", "Notes on squares", "POSTS"])
def test_errata_limited_to_one_source(tmp_path, document):
    """--source matches the file as cited, the document's title, or its path on disk."""
    claims = write_project(tmp_path)
    document = str(tmp_path / "posts" / "notes.md") if document == "POSTS" else document
    r = invoke("errata", "--no-builtin", "--path", str(claims), "--source", document)
    assert r.exit_code == 0, r.output
    assert "notes-sum-square" in r.stdout and "notes-cube" not in r.stdout


def test_errata_selection_errors(tmp_path):
    """An unrelated source is exit 3; a claim that is not refuted, or both formats, is exit 2."""
    claims = write_project(tmp_path)
    base = ("errata", "--no-builtin", "--path", str(claims))
    assert invoke(*base, "--source", "nowhere.md").exit_code == 3
    r = invoke(*base, "notes-square")
    assert r.exit_code == 2 and "notes-square: not refuted" in r.output
    assert invoke(*base, "--markdown", "--html").exit_code == 2
    r = invoke(*base, "notes-cube")
    assert r.exit_code == 0 and "notes-sum-square" not in r.stdout and "x = 2: the left side is 8" in r.stdout
    assert "Correction:     x^3 = x \\cdot x \\cdot x  (proved steps:" in r.stdout  # $…$ unwrapped for a terminal


def test_errata_html_is_a_standalone_page(tmp_path):
    """--html: one HTML5 document, math as MathML, no links to a site it is not part of."""
    claims = write_project(tmp_path)
    r = invoke("errata", "--no-builtin", "--path", str(claims), "--html")
    assert r.exit_code == 0, r.output
    assert_valid_html(r.stdout)
    assert r.stdout.count("<math") >= 6 and 'href="claims/' not in r.stdout
    assert '<h2><math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in r.stdout  # the $…$ title
