"""Break SymPy expressions so that every line fits: sums over several lines, wide parts named.

An expression that fits is printed whole. A sum that does not is broken between its terms. Anything
else that does not fit, and a term too wide for a line of its own, has its widest parts replaced by
placeholders (``\\mathcal{A}_{1}``, …) that are defined below the chain, each laid out the same way.
Matrices are first tried in ``smallmatrix``. Widths come from ``width.measure`` (ems, no TeX needed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

from checker.export.symbols import unicode_math
from checker.export.width import Box, measure

_BARE = re.compile(r"\\left\((\\mathcal\{[A-Z]\}_\{\d+\})\\right\)")
INDENT = 2.0  # ems a continuation line is indented by
MAX_HEIGHT = 40.0  # ems: taller than this is not printed in place (a page is about 60)


@dataclass(frozen=True)
class Definition:
    """A placeholder and its value, broken into lines."""

    name: str
    rows: tuple[str, ...]


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer, with named subexpressions printed as their placeholder."""

    def __init__(self, names: dict[Any, str], top: Any, small: bool, memo: dict[Any, str] | None = None) -> None:
        settings: dict[str, Any] = {"order": "none"}
        if small:
            settings["mat_str"] = "smallmatrix"
        super().__init__(settings)
        self._names = names
        self._top = top
        self._memo = {} if memo is None else memo  # a shared subtree is printed once

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if expr is self._top or kwargs:
            return super()._print(expr, **kwargs)
        try:
            hit = self._names.get(expr) or self._memo.get(expr)
        except TypeError:  # an unhashable value (a mutable matrix)
            return super()._print(expr, **kwargs)
        if hit is None:
            hit = self._memo[expr] = super()._print(expr, **kwargs)
        return hit


def _immutable(e: Any) -> Any:
    """Mutable matrices as immutable ones (hashable, so they can be named); anything else sympified."""
    if isinstance(e, sympy.MatrixBase) and not isinstance(e, sympy.ImmutableMatrix):
        return sympy.ImmutableMatrix(e)
    if isinstance(e, sympy.Basic):
        return e
    try:
        return sympy.sympify(e)
    except (sympy.SympifyError, TypeError):
        return e


def _children(e: Any) -> list[Any]:
    if isinstance(e, sympy.MatrixBase):
        return list(e)
    if isinstance(e, sympy.Basic):
        return [a for a in e.args if not isinstance(a, (sympy.Tuple,))]
    return []


def _nameable(e: Any) -> bool:
    return isinstance(e, (sympy.Basic, sympy.MatrixBase)) and not getattr(e, "is_Atom", False) and bool(_children(e))


class Namer:
    """The placeholders of one chain (or one document section), in order of first use."""

    def __init__(self, letter: str = "A") -> None:
        self.names: dict[Any, str] = {}
        self.letter = letter
        self._memo: dict[Any, str] = {}  # printed subexpressions, valid while the names stay the same

    def latex(self, expr: Any, small: bool = False, top: bool = True) -> str:
        """``expr`` in LaTeX with the placeholders so far (``top``: ``expr`` itself is printed, not named)."""
        expr = _immutable(expr)
        if not isinstance(expr, (sympy.Basic, sympy.MatrixBase)):
            return sympy.latex(expr)
        memo = None if small else self._memo
        tex = unicode_math(_Printer(self.names, expr if top else None, small, memo).doprint(expr))
        return _BARE.sub(r"\1", tex)  # SymPy brackets a named sum; a placeholder needs none

    def name(self, expr: Any) -> str:
        if expr not in self.names:
            self.names[expr] = rf"\mathcal{{{self.letter}}}_{{{len(self.names) + 1}}}"
            self._memo = {}
        return self.names[expr]

    def forget(self, expr: Any) -> None:
        del self.names[expr]
        self._memo = {}


_CHARS_PER_EM = 30  # LaTeX source longer than this many characters per em of line never fits: not measured


def _box(tex: str, budget: float) -> Box:
    return Box(float("inf"), float("inf")) if len(tex) > _CHARS_PER_EM * max(budget, 1.0) else measure(tex)


def fits(tex: str, budget: float) -> bool:
    box = _box(tex, budget)
    return box.width <= budget and box.height <= MAX_HEIGHT


def _candidates(e: Any, depth: int = 3) -> Iterator[Any]:
    """Subexpressions up to ``depth`` levels down, breadth first."""
    level = [e]
    for _ in range(depth):
        level = [c for x in level for c in _children(x)]
        yield from (c for c in level if _nameable(c))


def shrink(expr: Any, budget: float, namer: Namer) -> str:
    """``expr`` with its widest parts named until it fits (or nothing more can be named)."""
    expr = _immutable(expr)
    tex = namer.latex(expr)
    while not fits(tex, budget):
        if isinstance(expr, sympy.MatrixBase) and fits(small := namer.latex(expr, small=True), budget):
            return small
        box = _box(tex, budget)
        seen: dict[Any, str] = {}
        for c in _candidates(expr):
            if c not in namer.names and c not in seen:
                seen[c] = namer.latex(c)
        for c in sorted(seen, key=lambda c: -len(seen[c])):
            namer.name(c)
            after = namer.latex(expr)
            new = _box(after, budget)
            if new.width < box.width - 0.5 or new.height < box.height - 0.5 or (
                new.width <= box.width and len(after) < len(tex) - 20  # a matrix narrows column by column
            ):
                tex = after
                break
            namer.forget(c)
        else:
            return tex  # nothing left to name: printed as it is
    return tex


def _terms(expr: sympy.Add, namer: Namer) -> list[tuple[str, Any]]:
    """The terms of a sum as SymPy prints them: ``("", first), ("+", t), ("-", t)``."""
    printer = _Printer(namer.names, None, False)
    out: list[tuple[str, Any]] = []
    for i, term in enumerate(printer._as_ordered_terms(expr, order="none")):
        if i == 0:
            out.append(("", term))
        elif term.could_extract_minus_sign():
            out.append(("-", -term))
        else:
            out.append(("+", term))
    return out


def _term_tex(op: str, term: Any, budget: float, namer: Namer) -> str:
    tex = shrink(term, budget - 1.5, namer)
    if isinstance(term, sympy.Add) or (op and _Printer({}, None, False)._needs_add_brackets(term)):
        tex = rf"\left({tex}\right)"
    return f"{op} {tex}".strip()


def lay_out(expr: Any, budget: float, namer: Namer) -> tuple[str, ...]:
    """``expr`` as one or more lines of at most ``budget`` ems; continuation lines begin with + or −."""
    expr = _immutable(expr)
    tex = namer.latex(expr)
    if fits(tex, budget):
        return (tex,)
    if isinstance(expr, sympy.MatrixBase) and fits(small := namer.latex(expr, small=True), budget):
        return (small,)
    if not isinstance(expr, sympy.Add):
        return (shrink(expr, budget, namer),)
    rows: list[str] = []
    for op, term in _terms(expr, namer):
        piece = _term_tex(op, term, budget - INDENT, namer)
        room = budget if len(rows) == 1 else budget - INDENT
        if rows and fits(f"{rows[-1]} {piece}", room):
            rows[-1] = f"{rows[-1]} {piece}"
        else:
            rows.append(piece)
    return tuple(rows)


def definitions(namer: Namer, budget: float, start: int = 0) -> list[Definition]:
    """Every placeholder from ``start`` on, with its value laid out (which may name more)."""
    out: list[Definition] = []
    done = start
    while done < len(namer.names):
        expr, name = list(namer.names.items())[done]
        rows = lay_out(expr, budget - measure(name).width - 1.5, namer)
        out.append(Definition(name, rows))
        done += 1
    return out
