"""Formulas for readers: LaTeX for Markdown, a one-line Unicode form for the terminal, numbers to 6 digits."""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.printing.pretty.pretty_symbology import pretty_symbol
from sympy.printing.str import StrPrinter

MAX_NODES = 20_000  # larger expressions are not printed at all (printing them could take minutes)
DIGITS = 6

REL_TEX = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">", "!=": r"\ne", "~": r"\sim", "O": r"\in \mathcal{O}",
           "≈": r"\approx"}
REL_TEXT = {"=": "=", "<=": "≤", "<": "<", ">=": "≥", ">": ">", "!=": "≠", "~": "~", "O": "∈ O", "≈": "≈"}
REL_WORDS = {"=": "equal to", "<=": "at most", "<": "less than", ">=": "at least", ">": "greater than",
             "!=": "different from", "~": "asymptotically equal to", "O": "of the order of", "≈": "within tolerance of"}


def too_big(e: Any, cap: int = MAX_NODES) -> bool:
    """Whether ``e`` has more than ``cap`` nodes (counting stops past ``cap``)."""
    n = 0
    stack = list(e) if isinstance(e, sympy.MatrixBase) else [e]
    while stack:
        x = stack.pop()
        n += 1
        if n > cap:
            return True
        if isinstance(x, sympy.Basic):
            stack.extend(x.args)
    return False


def _basic(e: Any) -> Any:
    return e if isinstance(e, (sympy.Basic, sympy.MatrixBase)) else sympy.sympify(e)


def latex(e: Any) -> str:
    """LaTeX of an expression, terms in SymPy's usual order (``4 d^{2} + 4 d + h - 1``)."""
    return sympy.latex(_basic(e))


def relation_latex(lhs: Any, rel: str, rhs: Any) -> str:
    return f"{latex(lhs)} {REL_TEX[rel]} {latex(rhs)}"


class _Plain(StrPrinter):
    """``sstr`` with mathematical names: P(…), E[…], Greek letters, matrices as rows."""

    def _print_Symbol(self, expr: Any) -> str:
        return pretty_symbol(expr.name)

    _print_Dummy = _print_Symbol

    def _print_RandomSymbol(self, expr: Any) -> str:
        return pretty_symbol(expr.name)

    def _print_Probability(self, expr: Any) -> str:
        return f"P({self._print(expr.args[0])})"

    def _print_Expectation(self, expr: Any) -> str:
        return f"E[{self._print(expr.args[0])}]"

    def _print_Variance(self, expr: Any) -> str:
        return f"Var({self._print(expr.args[0])})"

    def _print_Relational(self, expr: Any) -> str:
        rel = {"==": "=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "!=": "!="}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {REL_TEXT.get(rel, rel)} {self._print(expr.rhs)}"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_MatrixBase(self, expr: Any) -> str:
        return "[" + "; ".join(", ".join(self._print(x) for x in row) for row in expr.tolist()) + "]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase


def plain(e: Any, limit: int = 2_000) -> str:
    """One line of Unicode: ``d² + 3·d²``-style (``^`` for powers, ``·`` for products), bounded in length."""
    if too_big(e):
        return f"<expression of more than {MAX_NODES} nodes>"
    text = _Plain().doprint(_basic(e)).replace("**", "^").replace("*", "·")
    text = re.sub(r"\^(\d)\b", lambda m: "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(m[1])], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def relation_plain(lhs: Any, rel: str, rhs: Any) -> str:
    return f"{plain(lhs)} {REL_TEXT[rel]} {plain(rhs)}"


def symbol_latex(sym: Any) -> str:
    return sympy.latex(sym)


def symbol_plain(sym: Any) -> str:
    return pretty_symbol(sym.name) if isinstance(sym, sympy.Symbol) else str(sym)


_INT = re.compile(r"[+-]?\d{1,7}")
_FRACTION = re.compile(r"[+-]?\d{1,5}/\d{1,5}")
_EXP = re.compile(r"([+-]?[\d.]+)e([+-]?)(\d+)")


def number(text: str, digits: int = DIGITS) -> str:
    """A counterexample value as a reader wants it: integers and small fractions exactly, other numbers to
    ``digits`` significant digits (``0.008150971593502700313`` → ``0.00815097``); anything else unchanged."""
    s = text.strip()
    if _INT.fullmatch(s) or _FRACTION.fullmatch(s):
        return s
    try:
        value = sympy.sympify(s)
        if not value.is_number:
            return s
        re_part, im_part = (sympy.Float(x, 30) for x in value.evalf(30).as_real_imag())
    except (sympy.SympifyError, TypeError, ValueError, AttributeError):
        return s
    if not im_part.is_zero:
        sign = "+" if im_part.is_positive else "−"
        return f"{_real(re_part, digits)} {sign} {_real(abs(im_part), digits)}i"
    return _real(re_part, digits)


def _real(x: Any, digits: int) -> str:
    """``x`` to ``digits`` significant digits (integers whole): fixed point from 1e-5 to 1e7, else ``mantissa e exponent``."""
    import mpmath

    if x.is_zero:
        return "0"
    v = mpmath.mpf(x)
    if v == int(v) and abs(v) < 10**15:  # an integer evaluated as a float: exactly, without ".0"
        return str(int(v))
    text = mpmath.nstr(v, digits, strip_zeros=True, min_fixed=-5, max_fixed=digits + 1)
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def number_latex(text: str) -> str:
    """``number`` for LaTeX: ``2.88842e-5`` → ``2.88842 \\times 10^{-5}``, ``−`` as ``-``."""
    shown = number(text)
    m = _EXP.fullmatch(shown)
    if m:
        sign = "-" if m[2] == "-" else ""
        shown = f"{m[1]} \\times 10^{{{sign}{m[3]}}}"
    shown = shown.replace("−", "-")
    return f"{{{shown}}}" if shown.startswith("-") else shown  # braced: a sign, not a subtraction


def number_plain(text: str) -> str:
    """``number`` with the exponent written out: ``2.88842e-5`` → ``2.88842×10⁻⁵``."""
    shown = number(text)
    m = _EXP.fullmatch(shown)
    if not m:
        return shown
    sup = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
    return f"{m[1]}×10{(('-' if m[2] == '-' else '') + m[3]).translate(sup)}"
