"""MathML for HTML pages: SymPy expressions (presentation MathML), ``$…$`` author math (latex2mathml), escaped text.

Every fragment is checked to be well-formed XML; one that is not falls back to escaped source in ``<code>``,
so a page never carries broken markup.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.entities import html5
from typing import Any

from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE

from checker.export import formula

NS = "http://www.w3.org/1998/Math/MathML"
_PLAIN_ENTITIES = {"ExponentialE": "e", "dd": "d", "DifferentialD": "d", "ImaginaryI": "i"}
_NAMES = {"Probability": "P", "Expectation": "E", "Variance": "Var", "Covariance": "Cov"}
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_DOLLARS = re.compile(r"(?<!\\)\$(?!\s)(.+?)(?<![\s\\])\$", re.S)


class _Printer(MathMLPresentationPrinter):
    """SymPy's presentation printer, keeping function names as written (``Ci``, ``P``, not ``ci``, ``probability``)."""

    def mathml_tag(self, e: Any) -> str:
        tag = super().mathml_tag(e)
        if tag in ("<", ">"):  # SymPy's writer does not escape text: a bare < would break the markup
            return "&lt;" if tag == "<" else "&gt;"
        name = type(e).__name__
        if tag == name.lower() and tag != name:  # SymPy's fallback lower-cases the class name
            return _NAMES.get(name, name)
        return tag

    def _print_Derivative(self, e: Any) -> Any:
        """SymPy prints d/dt of a sum without parentheses: put them back."""
        mrow = super()._print_Derivative(e)
        mrow.removeChild(mrow.lastChild)
        mrow.appendChild(self.parenthesize(e.expr, PRECEDENCE["Mul"]))
        return mrow

    def _print_Subs(self, e: Any) -> Any:
        """``f(x)|_{x=a}``: the expression, a bar, the substitutions below it."""
        expr, old, new = e.args
        msub = self.dom.createElement("msub")
        body = self.dom.createElement("mrow")
        body.appendChild(self._print(expr))
        bar = self.dom.createElement("mo")
        bar.appendChild(self.dom.createTextNode("|"))
        body.appendChild(bar)
        msub.appendChild(body)
        at = self.dom.createElement("mrow")
        for i, (o, n) in enumerate(zip(old, new, strict=True)):
            if i:
                comma = self.dom.createElement("mo")
                comma.appendChild(self.dom.createTextNode(","))
                at.appendChild(comma)
            at.appendChild(self._print(o))
            eq = self.dom.createElement("mo")
            eq.appendChild(self.dom.createTextNode("="))
            at.appendChild(eq)
            at.appendChild(self._print(n))
        msub.appendChild(at)
        return msub


def _entities(markup: str) -> str:
    """Named entities as characters (HTML parsers and XML tools agree on those); ⅇ and ⅆ as plain e and d."""

    def one(m: re.Match[str]) -> str:
        name = m[1]
        if name in _PLAIN_ENTITIES:
            return _PLAIN_ENTITIES[name]
        if name in ("amp", "lt", "gt", "quot", "apos"):
            return m[0]
        return html5.get(name + ";", m[0])

    return _ENTITY.sub(one, markup)


_TALL = {"mfrac", "munder", "mover", "munderover", "mtable", "msqrt", "mroot"}
_FENCES = {("(", ")"), ("[", "]"), ("|", "|")}


def _flat_fences(inner: str) -> str:
    """Fences around content of text height are marked ``stretchy="false"``: browsers pad a stretchy ``(``
    (``cos ( ω )``); tall content (a fraction, a sum) keeps its growing fences."""
    try:
        root = ET.fromstring(f"<r>{inner}</r>")
    except ET.ParseError:
        return inner
    for row in root.iter("mrow"):
        kids = list(row)
        if len(kids) < 3 or kids[0].tag != "mo" or kids[-1].tag != "mo" or (kids[0].text, kids[-1].text) not in _FENCES:
            continue
        if not any(e.tag in _TALL for k in kids[1:-1] for e in k.iter()):
            kids[0].set("stretchy", "false")
            kids[-1].set("stretchy", "false")
    return "".join(ET.tostring(k, encoding="unicode") for k in root)


def well_formed(markup: str) -> bool:
    try:
        ET.fromstring(markup)
    except ET.ParseError:
        return False
    return True


def wrap(inner: str, display: bool) -> str:
    mode = "block" if display else "inline"
    return f'<math display="{mode}" xmlns="{NS}">{inner}</math>'


def _fallback(source: str) -> str:
    return f'<code class="math-source">{html.escape(source)}</code>'


def expr_inner(e: Any) -> str | None:
    """The presentation MathML of ``e`` (no ``<math>`` wrapper), or ``None`` when it cannot be printed."""
    if formula.too_big(e):
        return None
    try:
        inner = _flat_fences(_entities(_Printer({}).doprint(e)).replace("<mo>-</mo>", "<mo>\u2212</mo>"))
    except Exception:  # noqa: BLE001 - an object SymPy's printer does not know
        return None
    return inner if well_formed(wrap(inner, False)) else None


def expr(e: Any, display: bool = True) -> str:
    """``e`` as ``<math display="block">…</math>`` (or inline), or its text in ``<code>`` when unprintable."""
    inner = expr_inner(e)
    return wrap(inner, display) if inner is not None else _fallback(formula.plain(e))


def relation(lhs: Any, rel: str, rhs: Any, display: bool = True) -> str:
    """``lhs rel rhs`` as one MathML formula."""
    left, right = expr_inner(lhs), expr_inner(rhs)
    if left is None or right is None:
        return _fallback(formula.relation_plain(lhs, rel, rhs))
    return wrap(f"<mrow>{left}<mo>{html.escape(formula.REL_TEXT[rel])}</mo>{right}</mrow>", display)


def tex(source: str, display: bool = False) -> str:
    """LaTeX (an author's ``$…$``) as MathML through latex2mathml; its source in ``<code>`` if that fails."""
    from latex2mathml.converter import convert

    try:
        out = convert(source, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds of errors on bad input
        return _fallback(source)
    out = _entities(out)
    return out if well_formed(out) and "<math" in out else _fallback(source)


def sympy_tex(source: str) -> str:
    """LaTeX written by ``sympy.latex`` as inline MathML, Greek as SymPy's MathML shows it (``\\epsilon`` as ε)."""
    return tex(source.replace(r"\epsilon", r"\varepsilon"))


def text(s: str) -> str:
    """Author text as HTML: ``$…$`` spans become MathML, everything else is escaped (``\\$`` is a dollar)."""
    out, last = [], 0
    for m in _DOLLARS.finditer(s):
        out.append(html.escape(s[last : m.start()].replace(r"\$", "$")))
        out.append(tex(m[1]))
        last = m.end()
    out.append(html.escape(s[last:].replace(r"\$", "$")))
    return "".join(out)
