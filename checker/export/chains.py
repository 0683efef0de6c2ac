"""A chain of steps as display lines that fit: the same lines for the LaTeX and the Markdown export.

``start rel₁ e₁ rel₂ e₂ …`` becomes one line per step (more where an expression is broken), each with its
justification as a note at the right, or on a line of its own when the two do not fit together. A
left-hand side wider than ``LEAD`` of the line stands on its own line(s), and the steps are indented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker.export.layout import Definition, Namer, definitions, lay_out
from checker.export.texmath import plain
from checker.export.width import measure, text_width

REL = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">", "!=": r"\ne", "~": r"\sim", "O": r"\in \mathcal{O}", "≈": r"\approx"}
LEAD = 0.4  # a left side wider than this share of the line gets lines of its own
NOTE_GAP = 2.5  # ems between an expression and its note
NOTE_SCALE = 0.92  # notes are set in \small


@dataclass(frozen=True)
class Line:
    """One display line: math left and right of the alignment point, and the step's note."""

    left: str
    right: str
    note: str = ""  # author text (may hold $…$), rendered by each format
    mark: str = ""  # the verification mark of the step (a letter of the claim's legend)
    alone: bool = False  # the note is set on a line of its own, below ``right``


@dataclass(frozen=True)
class Link:
    """One step of a chain as the exporter receives it."""

    rel: str
    expr: Any
    note: str
    mark: str = ""


@dataclass(frozen=True)
class Display:
    """A laid-out chain and the placeholders it uses."""

    lines: tuple[Line, ...]
    where: tuple[Definition, ...]


def note_width(note: str, mark: str) -> float:
    return NOTE_SCALE * (text_width(plain(note)) + (1.0 if mark else 0.0)) + 0.5


def _with_note(math_w: float, left: str, right: str, link: Link, budget: float) -> Line:
    alone = math_w + NOTE_GAP + note_width(link.note, link.mark) > budget
    return Line(left, right, link.note, link.mark, alone)


def display(start: Any, links: Sequence[Link], budget: float, namer: Namer) -> Display:
    """``start`` and its steps as lines of at most ``budget`` ems, then the definitions they need."""
    first = len(namer.names)
    lhs = lay_out(start, budget, namer)
    lhs_w = measure(lhs[0]).width
    lead = len(lhs) > 1 or lhs_w > LEAD * budget
    lines: list[Line] = []
    if lead:
        lines += [Line("", row if i == 0 else rf"\quad {row}") for i, row in enumerate(lhs)]
        indent, body, left = r"\qquad ", budget - 2.0 - 1.5, ""
    else:
        indent, body, left = "", budget - lhs_w - 1.5, lhs[0]
    for link in links:
        rows = lay_out(link.expr, body, namer)
        for i, row in enumerate(rows):
            right = f"{indent}{REL[link.rel]} {row}" if i == 0 else rf"{indent}\mathrel{{\phantom{{=}}}}\quad {row}"
            line_left = left if (i == 0 and link is links[0] and not lead) else ""
            if i < len(rows) - 1:
                lines.append(Line(line_left, right))
                continue
            used = (lhs_w if not lead else 2.0) + 1.5 + measure(row).width + (2.0 if i else 0.0)
            lines.append(_with_note(used, line_left, right, link, budget))
    return Display(tuple(lines), tuple(definitions(namer, budget, start=first)))
