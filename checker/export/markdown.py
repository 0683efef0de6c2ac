"""Errata page as Markdown (math as ``$…$`` LaTeX) or plain text (math as one line of Unicode)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from checker.export.erratum import Erratum, Witness, _proofs, errata
from checker.export.formula import REL_TEXT, REL_WORDS
from checker.status import RECORDED_TEXT, TRIVIAL_HINT

__all__ = ["Erratum", "_proofs", "errata", "markdown", "plain", "what_is_wrong", "counterexample"]


_LISTED = 4  # more values than this are given once, in the counterexample


def _at(w: Witness, math: Callable[[str, str], str]) -> str:
    """``ε = 6, d = 4`` (``math(plain, latex)`` typesets each pair)."""
    return ", ".join(math(f"{v.name} = {v.value}", f"{v.name_latex} = {v.value_latex}") for v in w.at)


def what_is_wrong(e: Erratum, math: Callable[[str, str], str]) -> str:
    """One sentence: where and how the source's statement fails."""
    if e.recorded:
        return e.title
    w = e.witness
    if w is None:
        return "no counterexample was found, so the refutation is not confirmed."
    at = f" at {_at(w, math)}" if 0 < len(w.at) <= _LISTED else " at the values of the counterexample" if w.at else ""
    if w.entry:
        return f"the two sides differ{at}: some entry of the left side differs from the same entry of the right side."
    return f"the statement fails{at}: there the left side is not {REL_WORDS[w.rel]} the right side."


def counterexample(e: Erratum, math: Callable[[str, str], str]) -> str:
    """The certified counterexample: the values, both sides, and the precision of the check."""
    w = e.witness
    if e.recorded:
        return "— (not a mathematical statement)"
    if w is None:
        return "(not found)"
    sides = "an entry of the left side" if w.entry else "the left side"
    rel = REL_TEXT[w.rel]
    values = f"{_at(w, math)}: " if w.at else ""
    return (f"{values}{sides} is {math(w.lhs, w.lhs_latex)}, the right side {math(w.rhs, w.rhs_latex)} "
            f"(so {math(f'{w.lhs} {rel} {w.rhs}', f'{w.lhs_latex} {_TEX[w.rel]} {w.rhs_latex}')} is false; "
            f"evaluated at {w.digits} digits)")


_TEX = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">", "!=": r"\ne", "~": r"\sim", "O": r"\in \mathcal{O}", "≈": r"\approx"}


def _dollars(plain: str, latex: str) -> str:
    return f"${latex}$"


def _unicode(plain: str, latex: str) -> str:
    return plain


def _where(e: Erratum) -> str:
    return e.source_title + (f", line {e.line}" if e.line else "")


def _read_as_md(e: Erratum) -> str:
    if e.formula is None:
        return e.read_as
    if not e.formula.latex:
        return f"{e.read_as} (the formula is too long to quote here: `derive show {e.id}`)"
    return f"{e.read_as}: ${e.formula.latex}$"


def _quote(text: str) -> str:
    return " ".join(text.split())


def markdown(entries: Sequence[Erratum]) -> str:
    lines = [
        "## Errata",
        "",
        "Statements of this post that are false or need a qualification. Each mathematical one was checked by "
        "`derive`: the counterexample below is verified at high precision, and the correction is proved.",
        "",
    ]
    if any(e.recorded for e in entries):
        lines += [f"Entries marked *{RECORDED_TEXT}* are not mathematical statements: `derive` records them, it checks nothing.", ""]
    for e in entries:
        status = f" — *{e.correction_status}*" if e.correction_status else ""
        lines += [
            f"### {e.id}: {e.title}",
            "",
            f"> {_quote(e.quote)}",
            "",
            f"*Source:* {_where(e)} (`{e.file}`)",
            "",
            f"- **Read as:** {_read_as_md(e)}",
            f"- **What is wrong:** {_capital(what_is_wrong(e, _dollars))}",
            f"- **Certified counterexample:** {counterexample(e, _dollars)}",
            f"- **Correction:** {e.correction}{status}",
            f"- *{e.checked}*",
            *(f"- *{t}: {TRIVIAL_HINT}*" for t in e.trivial),
            "",
        ]
    return "\n".join(lines)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


_DOLLAR = re.compile(r"(?<!\\)\$")


def _unmath(text: str) -> str:
    """Author text for a terminal: ``$x^2$`` read as ``x^2`` (an escaped ``\\$`` stays a dollar)."""
    return _DOLLAR.sub("", text).replace("\\$", "$")


def plain(entries: Sequence[Erratum]) -> str:
    lines = ["ERRATA", ""]
    for i, e in enumerate(entries, 1):
        formula = "" if e.formula is None else f": {e.formula.plain}" if e.formula.plain else f" (formula: derive show {e.id})"
        status = f"  ({e.correction_status})" if e.correction_status else ""
        lines += [
            f"{i}. {e.id}  ({_where(e)}; {e.file})",
            f"   Quote:          “{_quote(e.quote)}”",
            f"   Read as:        {_unmath(e.read_as)}{formula}",
            f"   What is wrong:  {_capital(_unmath(what_is_wrong(e, _unicode)))}",
            f"   Counterexample: {counterexample(e, _unicode)}",
            f"   Correction:     {_unmath(e.correction)}{status}",
            f"   ({e.checked})",
            *(f"   ({t})" for t in e.trivial),
            "",
        ]
    return "\n".join(lines)
